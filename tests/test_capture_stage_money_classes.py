"""Classes of deal stage and money in capture (CONTRACT.md "Records"), zh and en, on
tests.capture_support.records_directory (X5 德信扩容项目 in negotiation, X7 瑞祥医药冷链项目 and X4
Northstar Maintenance in proposal). Today is Friday 2026-11-20; expected values worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from intents.registry import classify
from tests.capture_support import mismatches, records_directory

FRI = date(2026, 11, 20)
DIR = records_directory()
A = "activity"


def check(text: str, expect: dict, user: str = "R1") -> None:
    got = classify(text, user, FRI, DIR, "CNY").contract_json()
    assert not mismatches(got, expect), (text, mismatches(got, expect), got["records"])


# ---------- a stage implied by budget / quote-revision words never moves a deal backwards ----------

@pytest.mark.parametrize("text,expect", [
    ("今天去了瑞祥医药 聊了聊需求 对方说预算已经批下来了", [
        {"type": A, "status": "done", "customer_id": "K12", "kind": "visit", "date": "2026-11-20"}]),
    ("Visited Northstar today, their budget was approved", [
        {"type": A, "status": "done", "customer_id": "K09", "kind": "visit", "date": "2026-11-20"}]),
    ("德信扩容项目报价调整到70万", [
        {"type": "deal", "customer_id": "K15", "deal_id": "X5", "stage": None, "amount": 700000}]),
    ("德信扩容项目 price revised to 72万", [
        {"type": "deal", "customer_id": "K15", "deal_id": "X5", "stage": None, "amount": 720000}]),
])
def test_implied_stage_never_moves_back(text, expect):
    check(text, {"intent": "log", "records": expect})


@pytest.mark.parametrize("text,stage", [
    ("德信扩容项目退回到需求确认阶段了", "qualified"),
    ("德信扩容项目 moved back to qualified, needs confirmed again", "qualified"),
    ("德信系统升级需求确认了，预算批了", "qualified"),  # X6 is a lead: budget words move it forward
])
def test_a_move_back_said_outright_or_forward_stands(text, stage):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()
    deals = [r for r in got["records"] if r["type"] == "deal"]
    assert [d["stage"] for d in deals] == [stage], got["records"]


# ---------- paid / transferred + an amount is money received, never a deal amount ----------

@pytest.mark.parametrize("text,expect", [
    ("德信建设 付了4万", [{"type": "payment", "customer_id": "K15", "amount": 40000, "received_on": "2026-11-20"}]),
    ("华龙机械昨天汇了12万", [{"type": "payment", "customer_id": "K01", "amount": 120000, "received_on": "2026-11-19"}]),
    ("德信建设今天转了3.5万", [{"type": "payment", "customer_id": "K15", "amount": 35000}]),
    ("瑞祥 付了5万", [{"type": "payment", "customer_id": None, "candidates": ["K11", "K12"], "amount": 50000}]),
    ("Northstar transferred 4k this morning", [{"type": "payment", "customer_id": "K09", "amount": 4000}]),
])
def test_paid_with_an_amount_is_a_payment(text, expect):
    check(text, {"intent": "log", "records": expect})


# ---------- customers listed with spaces and 还有 / and also: one record each ----------

@pytest.mark.parametrize("text,ids,day", [
    ("今天跑了三家 华龙机械 蓝海供应链 还有瑞祥医药 都是例行回访", ["K01", "K03", "K12"], "2026-11-20"),
    ("昨天拜访了德信建设、蓝海供应链还有华龙机械", ["K15", "K03", "K01"], "2026-11-19"),
    ("Visited Blue Harbor, Northstar and also 德信建设 today", ["K07", "K09", "K15"], "2026-11-20"),
])
def test_listed_customers_each_get_a_visit(text, ids, day):
    check(text, {"intent": "log", "records": [
        {"type": A, "status": "done", "customer_id": c, "date": day} for c in ids]})


# ---------- a new person met beside a visit: the visit and a contact record ----------

@pytest.mark.parametrize("text,customer,who,name,title,phone", [
    ("今天去华龙机械拜访林总 顺便认识了他们新来的财务经理 王倩 电话13700001111", "K01", "林志强", "王倩", "财务经理",
     "13700001111"),
    ("昨天见了蓝海供应链黄海涛 认识了新任采购总监 赵磊 手机13911112222", "K03", "黄海涛", "赵磊", "采购总监", "13911112222"),
    ("Met Tom Baker at Blue Harbor today, also met their new IT manager Kevin Lin, phone 13800002222", "K07",
     "Tom Baker", "Kevin Lin", "IT manager", "13800002222"),
])
def test_new_person_met_is_a_contact_beside_the_visit(text, customer, who, name, title, phone):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    visits = [r for r in got if r["type"] == A]
    contacts = [r for r in got if r["type"] == "contact"]
    assert [(v["status"], v["customer_id"], v["contact"]) for v in visits] == [("done", customer, who)], got
    assert [(c["customer_id"], c["contact_id"], c["name"], c["title"], c["phone"]) for c in contacts] == \
        [(customer, None, name, title, phone)], got


# ---------- X的同事 / X's colleague names another person: a new contact, X untouched ----------

@pytest.mark.parametrize("text,expect", [
    ("华龙机械加个联系人 林志强的同事 张敏 采购经理 13912340000 zm@hl.cn", {
        "customer_id": "K01", "contact_id": None, "name": "张敏", "title": "采购经理", "phone": "13912340000",
        "email": "zm@hl.cn"}),
    ("蓝海供应链新增联系人 黄海涛的助理 刘芳 电话13600001111", {
        "customer_id": "K03", "contact_id": None, "name": "刘芳", "phone": "13600001111"}),
    ("Add a contact at Blue Harbor: Tom Baker's colleague Anna Price, buyer, anna@bh.com", {
        "customer_id": "K07", "contact_id": None, "name": "Anna Price", "title": "buyer", "email": "anna@bh.com"}),
])
def test_a_colleague_of_a_contact_is_a_new_contact(text, expect):
    check(text, {"intent": "log", "records": [{"type": "contact", **expect}]})


# ---------- 分别 / respectively: the days pair with the customers in order ----------

@pytest.mark.parametrize("text,expect", [
    ("明天和后天分别去华龙机械和蓝海供应链", [("planned", "K01", "2026-11-21"), ("planned", "K03", "2026-11-22")]),
    ("昨天和今天分别拜访了德信建设和瑞祥医药", [("done", "K15", "2026-11-19"), ("done", "K12", "2026-11-20")]),
    ("Will visit Blue Harbor and Northstar tomorrow and the day after tomorrow respectively",
     [("planned", "K07", "2026-11-21"), ("planned", "K09", "2026-11-22")]),
    ("Called Blue Harbor and Northstar yesterday and today respectively",
     [("done", "K07", "2026-11-19"), ("done", "K09", "2026-11-20")]),
])
def test_respectively_pairs_days_with_customers(text, expect):
    check(text, {"intent": "log", "records": [
        {"type": A, "status": s, "customer_id": c, "date": d} for s, c, d in expect]})


# ---------- an arrow / 改到 / from X to Y: the new value is the amount ----------

@pytest.mark.parametrize("text,amount", [
    ("德信扩容项目 金额 65万 → 70万", 700000),
    ("德信扩容项目金额从65万改到70万", 700000),
    ("德信扩容项目 amount 650k -> 700k, close end of Dec", 700000),
    ("德信扩容项目 budget 60万 => 66万", 660000),
])
def test_the_new_value_of_a_change_is_the_amount(text, amount):
    check(text, {"intent": "log", "records": [{"type": "deal", "customer_id": "K15", "deal_id": "X5", "amount": amount}]})


# ---------- N equal parts with only the first part's day said ----------

@pytest.mark.parametrize("text,amount,plan", [
    ("合同30万 分三期 每期三分之一 首期下月5号", 300000, [("2026-12-05", 100000), (None, 100000), (None, 100000)]),
    ("分两期付款，第一期12月10号前付", 80000, [("2026-12-10", 40000), (None, 40000)]),
    ("in 3 installments, first payment by December 15", 90000, [("2026-12-15", 30000), (None, 30000), (None, 30000)]),
])
def test_first_part_day_only(text, amount, plan):
    from intents.installments import installments
    got = [(str(i.due_on) if i.due_on else None, round(i.amount)) for i in installments(text, amount, FRI, FRI)]
    assert got == plan


# ---------- 那边定了 / 签约+amount is a win; shares written side by side are separate parts ----------

@pytest.mark.parametrize("text,deal,amount,plan", [
    ("瑞祥医药那边定了 签约30万 付款方式 40%预付 60%验收后", "X7", 300000, [(None, 120000), (None, 180000)]),
    ("德信扩容项目签约66万，首付三成", "X5", 660000, [(None, 198000)]),
    ("Northstar signed, 40% upfront 60% on delivery, contract 50k", "X4", 50000, [(None, 20000), (None, 30000)]),
])
def test_win_with_payment_terms(text, deal, amount, plan):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    deals = [r for r in got if r["type"] == "deal"]
    contracts = [r for r in got if r["type"] == "contract"]
    assert [(d["deal_id"], d["stage"]) for d in deals] == [(deal, "won")], got
    assert [(c["deal_id"], c["amount"]) for c in contracts] == [(deal, amount)], got
    assert [(i["due_on"], round(i["amount"])) for i in contracts[0]["installments"]] == plan


# ---------- <customer>那个<deal title words>: an edit of that deal, never a new customer ----------

@pytest.mark.parametrize("text,customer,deal,amount", [
    ("华龙那个设备维保 金额改成15万", "K01", "X2", 150000),
    ("德信那个系统升级 金额改成12万", "K15", "X6", 120000),
    ("华龙的那个二期扩产 amount now 90万", "K01", "X1", 900000),
])
def test_that_deal_of_a_customer_is_edited(text, customer, deal, amount):
    check(text, {"intent": "log", "records": [
        {"type": "deal", "customer_id": customer, "deal_id": deal, "new": False, "amount": amount}]})


# ---------- colloquial losses: 谈崩了, the deal 没了 / 飞了 / 凉了 / 吹了 — a loss, never a visit ----------

@pytest.mark.parametrize("text,expect", [
    ("德信扩容项目谈崩了", [{"type": "deal", "customer_id": "K15", "deal_id": "X5", "stage": "lost"}]),
    ("瑞祥医药的单子没了 客户预算冻结", [
        {"type": "deal", "customer_id": "K12", "deal_id": "X7", "stage": "lost", "lost_reason": "客户预算冻结"}]),
    ("德信这单彻底吹了", [{"type": "deal", "customer_id": "K15", "deal_id": None, "deal_candidates": ["X5", "X6"],
                          "stage": "lost"}]),
    # a deal or lead said dead (is dead / went dead / 死了 / 挂了): a loss with its reason
    ("Northstar lead is dead, they decided to build it in-house", [
        {"type": "deal", "customer_id": "K09", "deal_id": "X4", "stage": "lost",
         "lost_reason": "decided to build it in-house"}]),
    ("the Northstar maintenance renewal went dead after their merger", [{"type": "deal", "deal_id": "X4", "stage": "lost"}]),
    ("瑞祥医药冷链项目死了，预算砍了", [{"type": "deal", "deal_id": "X7", "stage": "lost", "lost_reason": "预算砍了"}]),
    ("瑞祥医药那个线索基本挂了", [{"type": "deal", "customer_id": "K12", "deal_id": "X7", "stage": "lost"}]),
])
def test_colloquial_loss_words_are_losses(text, expect):
    check(text, {"intent": "log", "records": expect})


@pytest.mark.parametrize("text", ["Blue Harbor deal is dead, they went with a competitor", "蓝海供应链的项目死了"])
def test_a_dead_deal_with_none_open_records_nothing(text):
    res = classify(text, "R1", FRI, DIR, "CNY")
    assert res.contract_json()["records"] == [] and "lost_not_open" in res.notes, (res.contract_json(), res.notes)


@pytest.mark.parametrize("text", ["Called Northstar, the line went dead halfway", "Northstar: my laptop battery is dead, call tomorrow"])
def test_dead_of_no_deal_is_no_loss(text):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert [r for r in got if r.get("stage") == "lost"] == [], got


def test_a_word_that_only_contains_mei_le_is_no_loss():
    check("今天去了瑞祥医药，没了解到什么新情况", {"intent": "log", "records": [
        {"type": A, "status": "done", "customer_id": "K12", "kind": "visit", "date": "2026-11-20"}]})


@pytest.mark.parametrize("text", ["华龙机械 不感兴趣", "华龙机械 没兴趣", "Northstar: Sarah is not interested",
                                  "Northstar: asked Sarah if interested", "华龙机械 下周三报价"])
def test_negated_interest_or_a_quote_still_to_come_sets_no_stage(text):
    got = classify(text, "R1", FRI, DIR, "CNY")
    assert got.deal is None or got.deal.stage is None, got


@pytest.mark.parametrize(("text", "amount", "currency"), [
    # a unit price times the one count given is the total; a range keeps its lower bound
    ("华龙机械 单价2000，10个账号", 20000, "CNY"),
    ("Northstar: 30 seats at $1,200 each", 36000, "USD"),
    ("华龙机械 每套5万，共3套", 150000, "CNY"),
    ("华龙机械 10台设备 每台2万", 200000, "CNY"),
    ("Northstar: 50 users, $40 per user", 2000, "USD"),
    ("Northstar: 1,200 units at $5 each", 6000, "USD"),
    ("华龙机械 预算50到80万", 500000, "CNY"),
    # a total stays a total: no unit-price word, or no clear count
    ("Northstar: 5 users, deal at $50k", 50000, "USD"),
    ("华龙机械 报价20万 包含5个账号", 200000, "CNY"),
    ("华龙机械 单价2000", 2000, "CNY"),
    ("华龙机械 报价30万 3个月内交付", 300000, "CNY"),
])
def test_unit_price_times_count_is_the_deal_amount(text, amount, currency):
    got = classify(text, "R1", FRI, DIR, "CNY")
    assert got.deal is not None and (got.deal.amount, got.deal.currency) == (amount, currency), got
    assert got.visit is None or got.visit.contact is None, got.visit  # 单价 is no contact


# ---------- money received said in other words (钱/费 + 到了, got paid, cleared): a payment, never a deal ----------

@pytest.mark.parametrize("text,amount", [
    ("海川物流仓储那笔钱今天到了，6万", 60000),
    ("海川物流的服务费8万今天到账了", 80000),
    ("收到海川物流的推广费5万", 50000),
    ("海川物流那边的钱打过来了，12万", 120000),
    ("the invoice for 海川物流 got paid, 8k", 8000),
    ("海川物流 cleared the balance today, 50k", 50000),
    ("海川物流 settled their invoice, 30k", 30000),
    ("海川物流's cheque for 15k cleared", 15000),
])
def test_money_received_in_other_words_is_a_payment(text, amount):
    check(text, {"intent": "log", "records": [
        {"type": "payment", "customer_id": "K13", "contract_id": "H1", "amount": amount, "received_on": "2026-11-20"}]},
        user="R2")


# ---------- which part of the money (2nd payment, 第二笔, 第三期): money received, never a deal amount ----------

@pytest.mark.parametrize("text,amount", [
    ("got the 3rd installment from 海川物流, 2万", 20000),
    ("received the second payment from 海川物流 this morning, 8k", 8000),
    ("海川物流 sent the 4th payment today, 9,000", 9000),
    ("got the 2nd instalment from 海川物流 today, 15k", 15000),
    ("收到海川物流第二笔了，5万", 50000),
    ("海川物流第三期收到了，3万", 30000),
    ("海川物流第二笔6万今天进来了", 60000),
])
def test_a_numbered_part_received_is_a_payment(text, amount):
    check(text, {"intent": "log", "records": [
        {"type": "payment", "customer_id": "K13", "contract_id": "H1", "amount": amount, "received_on": "2026-11-20"}]},
        user="R2")


@pytest.mark.parametrize("text", ["华龙机械第二期设备今天到了", "去华龙机械看了第二期的厂房，已经到了收尾阶段"])
def test_a_numbered_phase_of_a_project_is_no_money(text):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert "payment" not in [r["type"] for r in got], got


@pytest.mark.parametrize("text", ["今天去华龙机械，浪费了一上午，到了才知道林总不在",
                                  "德信扩容项目免费送了一年维保，签了"])
def test_a_word_holding_fei_is_no_money(text):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert "payment" not in [r["type"] for r in got], got


# ---------- money promised, owed or to chase: no payment, and never a deal's amount ----------

@pytest.mark.parametrize("text", [
    "海川物流说下周把钱转过来",
    "海川物流冯总答应月底前把20万打过来",
    "海川物流尾款还差10万，冯涛说12月5号前打过来",
    "海川物流 said they'll wire it next week",
    "海川物流 will send the payment on Friday, 20k",
    "海川物流 still owes us 200k",
    "海川物流 promised to settle the 50k invoice by month end",
    # the sum or the day said between the money and its coming
    "海川物流尾款8万这周能到，财务在走流程",
    "海川物流的首付3万下周一应该能到账",
    "海川物流定金2万明天到",
    "海川物流 the final payment of 30k should come in this week",
    "海川物流 balance 50k will arrive next week",
])
def test_money_to_come_is_no_record(text):
    """A promise to pay is no payment (nothing has come in) and its sum no deal amount; the bot notes it."""
    res = classify(text, "R2", FRI, DIR, "CNY")
    got = res.contract_json()["records"]
    assert [r for r in got if r["type"] in ("payment", "deal")] == [], got
    assert {"payment_promised", "payment_overdue"} & set(res.notes), res.notes


@pytest.mark.parametrize("text", [
    "月底前要把海川物流20万的款催回来",
    "下周去海川物流把8万的尾款要回来",
    "need to chase the 200k payment from 海川物流 by month end",
    "going to 海川物流 Friday to collect the 80k balance",
])
def test_money_to_chase_is_no_deal(text):
    """Chasing money owed may be an activity (a plan), never a deal with the sum owed or a closing day."""
    got = classify(text, "R2", FRI, DIR, "CNY").contract_json()["records"]
    assert [r for r in got if r["type"] in ("payment", "deal")] == [], got
    assert all(r["status"] == "planned" for r in got if r["type"] == A), got


def test_a_win_with_money_promised_keeps_its_amount():
    check("德信扩容项目签了，68万，年底前回款", {"intent": "log", "records": [
        {"type": "deal", "deal_id": "X5", "stage": "won", "amount": 680000},
        {"type": "contract", "deal_id": "X5", "amount": 680000}]})


# ---------- an amount in its own clause after a comma (", 12,000") belongs to the clause before ----------

@pytest.mark.parametrize("text,expect,user", [
    ("海川物流 paid the 2nd installment, 12,000", {"type": "payment", "customer_id": "K13", "amount": 12000}, "R2"),
    ("海川物流 paid 30% upfront today, 176,700", {"type": "payment", "customer_id": "K13", "amount": 176700}, "R2"),
    ("海川物流 wired the last tranche this morning, 9500", {"type": "payment", "customer_id": "K13", "amount": 9500}, "R2"),
    ("海川物流二期款今天到账，35,000", {"type": "payment", "customer_id": "K13", "amount": 35000}, "R2"),
    ("Blue Harbor new lead: analytics project 64,000, decision next month", {
        "type": "deal", "customer_id": "K07", "new": True, "amount": 64000}, "R1"),
])
def test_an_amount_after_a_comma_is_read(text, expect, user):
    check(text, {"intent": "log", "records": [expect]}, user=user)


def test_a_win_with_its_amount_after_a_comma():
    check("Northstar signed, 52,000", {"intent": "log", "records": [
        {"type": "deal", "deal_id": "X4", "stage": "won", "amount": 52000},
        {"type": "contract", "deal_id": "X4", "amount": 52000}]})


# ---------- a win with a number of instalments and no sums: the win and contract stand, no payment ----------

@pytest.mark.parametrize("text,deal,amount,parts", [
    ("Northstar signed! 60k, paid in 3 installments", "X4", 60000, 3),
    ("德信扩容项目签了，72万，分两期付款了", "X5", 720000, 2),
    ("瑞祥医药冷链项目成交了 27万 分三期付", "X7", 270000, 3),
    ("Northstar signed, 60k, payable in 2 installments", "X4", 60000, 2),
])
def test_a_win_paid_in_instalments_is_no_payment(text, deal, amount, parts):
    """A win that says only how many equal instalments keeps its deal and contract and records no money received
    (nothing was received, so there is nothing to ask about). The plan is split into equal parts with no due day:
    CONTRACT.md names "分三期" as a payment plan, so the parts are kept, each `due_on` null because no day was said."""
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert [r["type"] for r in got] == ["deal", "contract"], got
    assert (got[0]["deal_id"], got[0]["stage"]) == (deal, "won")
    plan = got[1]["installments"]
    assert got[1]["amount"] == amount and len(plan) == parts, got
    assert {i["due_on"] for i in plan} == {None} and round(sum(i["amount"] for i in plan)) == amount


@pytest.mark.parametrize("text,received", [
    ("瑞祥医药冷链项目签了 30万 分三期 首付已到账", 100000),  # the first of three equal parts
    ("德信扩容项目签了 60万 首付三成已经到账", 180000),
    ("Northstar signed, 60k, 20k deposit already received", 20000),
])
def test_money_received_on_signing_is_the_part_not_the_contract(text, received):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert [(r["type"], r["amount"]) for r in got if r["type"] == "payment"] == [("payment", received)], got


def test_money_to_be_paid_in_instalments_is_no_payment():
    got = classify("Northstar closed today, 60k to be paid in two installments", "R1", FRI, DIR, "CNY").contract_json()
    assert "payment" not in [r["type"] for r in got["records"]], got["records"]


# ---------- a purchase order received or a sign-off given is a win (CONTRACT.md: won means signed) ----------

@pytest.mark.parametrize("text,deal,amount", [
    ("got PO from Northstar, $48k, 30% upfront, rest on delivery", "X4", 48000),
    ("Northstar PO received today, 47k", "X4", 47000),
    ("sign-off from Northstar on the maintenance deal, 61k", "X4", 61000),
    ("Northstar signed off on the maintenance contract, 50k", "X4", 50000),
    ("瑞祥医药冷链项目拿到PO了，26万", "X7", 260000),
    ("瑞祥医药下了采购订单，合同26万", "X7", 260000),
    ("瑞祥医药下单了 26万", "X7", 260000),
    ("got sign-off from Northstar on the PO, 45k", "X4", 45000),
    ("Northstar: scope was signed off last week, and today they signed the contract, 58k", "X4", 58000),
    ("瑞祥医药需求确认书上周签了，今天合同也签了，28万", "X7", 280000),
])
def test_po_and_sign_off_are_a_win(text, deal, amount):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert [(r["type"], r.get("deal_id"), r.get("stage")) for r in got] == [
        ("deal", deal, "won"), ("contract", deal, None)], got
    assert got[1]["amount"] == amount


@pytest.mark.parametrize("text", [
    "Northstar's budget was signed off",
    "Northstar finance signed off on the budget, they are interested",
    "still waiting for sign-off from Northstar",
    "瑞祥医药还没拿到PO",
    # a sign-off on a piece of the work (scope, design, requirements, plan) is an approval, not a signing
    "Visited Northstar this morning, pilot scope signed off",
    "Northstar signed off on the requirements today",
    "got sign-off from Sarah Johnson on the rollout plan",
    "Northstar: the design was formally signed off",
    "德信扩容项目需求确认书签了",
    "德信扩容项目设计方案已签，下周谈价格",
    "瑞祥医药实施方案签好了",
])
def test_a_budget_sign_off_or_a_po_awaited_is_no_win(text):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert [r for r in got if r.get("stage") == "won" or r["type"] == "contract"] == [], got


# ---------- a loss reason is the reason alone: no deal words, no joining "to a", spaces collapsed ----------

@pytest.mark.parametrize("text,deal,reason", [
    ("lost the Northstar deal to a competitor, price", "X4", "competitor, price"),
    ("lost the Northstar maintenance renewal to a competitor on price", "X4", "competitor on price"),
    ("lost the 德信扩容项目 to a rival, cheaper quote", "X5", "rival, cheaper quote"),
    ("德信扩容项目输给了友商，价格原因", "X5", "友商，价格原因"),
    ("瑞祥医药冷链项目丢了，被竞争对手低价抢走", "X7", "被竞争对手低价抢走"),
    ("Northstar deal lost, contract terms too strict", "X4", "contract terms too strict"),
    # whole words only: the deal named ("the annual purchase") goes, no letter of it stays; a choice made is the reason
    ("Northstar: lost the annual purchase, budget frozen", "X4", "budget frozen"),
    ("lost the Northstar subscription since their budget was cut", "X4", "their budget was cut"),
    ("Northstar went with a rival on price", "X4", "went with a rival on price"),
    ("Northstar deal is dead, they picked a competitor with faster delivery", "X4", "picked a competitor with faster delivery"),
    ("德信扩容项目死了，对方决定自己开发", "X5", "对方决定自己开发"),
    ("瑞祥医药冷链项目黄了，客户选了低价供应商", "X7", "客户选了低价供应商"),
])
def test_loss_reason_is_clean(text, deal, reason):
    check(text, {"intent": "log", "records": [{"type": "deal", "deal_id": deal, "stage": "lost", "lost_reason": reason}]})


# ---------- a signing still expected (估计月底签, 有望下月签约, expected to be signed): a close date, never a win ----------

@pytest.mark.parametrize("text,close", [
    ("德信扩容项目价格基本谈下来了，估计月底签", "2026-11-30"),
    ("德信扩容项目有望下个月签约", "2026-12-31"),
    ("德信扩容项目搞定了，预计下周五签合同", "2026-11-27"),
    ("德信扩容项目应该月底能签下来", "2026-11-30"),
    ("德信扩容项目谈下来了，下周五签", "2026-11-27"),
    ("瑞祥医药冷链项目可能下个月签单", "2026-12-31"),
    ("Northstar Maintenance should be signed by end of month", "2026-11-30"),
    ("Northstar Maintenance will likely be signed by end of month", "2026-11-30"),
    # a signing put off to another day
    ("德信扩容项目签约推到下个月", "2026-12-31"),
    ("瑞祥医药冷链项目签合同延到明年一季度", "2027-03-31"),
    ("德信扩容项目签约又改到下周三", "2026-11-25"),
])
def test_a_signing_still_expected_is_a_close_date(text, close):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    deals = [r for r in got if r["type"] == "deal"]
    assert [d["close_date"] for d in deals] == [close], got
    assert [r for r in got if r.get("stage") == "won" or r["type"] == "contract"] == [], got


@pytest.mark.parametrize("text", ["德信扩容项目今天签了，尾款预计月底到", "Northstar signed today, they should pay by Friday"])
def test_a_signing_done_beside_money_expected_stays_a_win(text):
    got = classify(text, "R1", FRI, DIR, "CNY").contract_json()["records"]
    assert [r["type"] for r in got if r.get("stage") == "won" or r["type"] == "contract"] == ["deal", "contract"], got
