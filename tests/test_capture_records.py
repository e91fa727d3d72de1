"""Records of a message (CONTRACT.md "Records") by concept, zh and en, on a directory that knows
open deals, contracts owed and who sees whom (tests.capture_support.records_directory).
Today is Friday 2026-11-20 unless a case says otherwise; expectations worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from intents.registry import classify
from tests.capture_support import mismatches, records_directory

FRI = date(2026, 11, 20)
TUE = date(2026, 11, 17)
DIR = records_directory()


def _parse(text: str, user: str = "R1", today: date = FRI):
    return classify(text, user, today, DIR, "CNY")


def check(text: str, expect: dict, user: str = "R1", today: date = FRI) -> None:
    got = _parse(text, user, today).contract_json()
    assert not mismatches(got, expect), (text, mismatches(got, expect), got["records"])


A, P = "activity", "planned"


# ---------- round-ups: several customers, several records, each clause keeps its own slots ----------

@pytest.mark.parametrize("text,expect", [
    ("今天跑了两家：华龙机械、德信建设，都是例行拜访", [
        {"type": A, "status": "done", "customer_id": "K01", "kind": "visit", "date": "2026-11-20"},
        {"type": A, "status": "done", "customer_id": "K15", "kind": "visit", "date": "2026-11-20"}]),
    ("上午去了蓝海供应链见黄海涛，下午给瑞祥医药马丽打了电话", [
        {"type": A, "status": "done", "customer_id": "K03", "contact": "黄海涛", "kind": "visit"},
        {"type": A, "status": "done", "customer_id": "K12", "contact": "马丽", "kind": "call"}]),
    ("昨天拜访了德信建设付强，然后去了华龙机械", [
        {"type": A, "status": "done", "customer_id": "K15", "contact": "付强", "date": "2026-11-19"},
        {"type": A, "status": "done", "customer_id": "K01", "date": "2026-11-19"}]),  # the day said before
    ("Visited Northstar and met Sarah Johnson, then called Tom Baker at Blue Harbor", [
        {"type": A, "status": "done", "customer_id": "K09", "contact": "Sarah Johnson", "kind": "visit"},
        {"type": A, "status": "done", "customer_id": "K07", "contact": "Tom Baker", "kind": "call"}]),
    ("Long day: demo at Blue Harbor in the morning, emailed 德信建设 the specs", [
        {"type": A, "status": "done", "customer_id": "K07", "kind": "demo"},
        {"type": A, "status": "done", "customer_id": "K15", "kind": "message"}]),
])
def test_round_up(text, expect):
    check(text, {"intent": "log", "records": expect})


# ---------- plans: a future day or an intention is planned (its date), never done ----------

@pytest.mark.parametrize("text,today,expect", [
    ("明天下午去华龙机械找林总", FRI, {"status": P, "customer_id": "K01", "kind": "visit", "date": "2026-11-21"}),
    ("提醒我下周一给德信建设付强打电话", FRI, {"status": P, "customer_id": "K15", "kind": "call", "date": "2026-11-23"}),
    ("计划周四去蓝海供应链做产品演示", TUE, {"status": P, "customer_id": "K03", "kind": "demo", "date": "2026-11-19"}),
    ("后天和瑞祥医药开视频会", FRI, {"status": P, "customer_id": "K12", "kind": "meeting", "date": "2026-11-22"}),
    ("Remind me to email Emily Carter at Blue Harbor on Monday", FRI,
     {"status": P, "customer_id": "K07", "kind": "message", "date": "2026-11-23"}),
    ("Will visit Northstar next Wednesday", FRI, {"status": P, "customer_id": "K09", "kind": "visit", "date": "2026-11-25"}),
    ("call Redwood Thursday", TUE, {"status": P, "kind": "call", "date": "2026-11-19"}),
    # sending or mailing something over is a message
    ("提醒我周四前把德信建设的合同寄出去", TUE, {"status": P, "customer_id": "K15", "kind": "message", "date": "2026-11-19"}),
    ("明天把样品快递给华龙机械林志强", FRI, {"status": P, "customer_id": "K01", "kind": "message", "date": "2026-11-21"}),
    ("remind me to mail the contract to Northstar on Monday", FRI,
     {"status": P, "customer_id": "K09", "kind": "message", "date": "2026-11-23"}),
    ("courier the agreement to Blue Harbor tomorrow", FRI, {"status": P, "customer_id": "K07", "kind": "message", "date": "2026-11-21"}),
])
def test_plan(text, today, expect):
    check(text, {"intent": "log", "visit": None, "records": [{"type": A, "followup_date": None, **expect}]},
          user="R2" if "Redwood" in text else "R1", today=today)


@pytest.mark.parametrize("text,expect", [
    ("今天拜访了华龙机械周敏，下周二再去", {"status": "done", "date": "2026-11-20", "followup_date": "2026-11-24"}),
    ("Met Sarah Johnson at Northstar today, follow up next Thursday",
     {"status": "done", "date": "2026-11-20", "followup_date": "2026-11-26"}),
])
def test_follow_up_of_a_visit_is_its_followup_date_not_a_plan(text, expect):
    check(text, {"intent": "log", "records": [{"type": A, **expect}]})


def test_visit_done_and_plan_for_another_customer():
    check("今天去了蓝海供应链，明天上午再去金石环保", {"intent": "log", "records": [
        {"type": A, "status": "done", "customer_id": "K03", "date": "2026-11-20", "followup_date": None},
        {"type": A, "status": P, "customer": "金石环保", "date": "2026-11-21"}]})


@pytest.mark.parametrize("text", ["今天没去成华龙机械，改天再说", "Couldn't make it to Northstar today"])
def test_activity_that_did_not_happen_records_no_visit(text):
    got = _parse(text).contract_json()
    assert got["visit"] is None and not [r for r in got["records"] if r["type"] == A and r["status"] == "done"]


# ---------- which deal ----------

D = "deal"


@pytest.mark.parametrize("text,expect", [
    ("华龙机械二期扩产那单进入谈判", {"customer_id": "K01", "deal_id": "X1", "stage": "negotiation"}),
    ("华龙 the maintenance deal: quote sent, 13万", {"customer_id": "K01", "deal_id": "X2", "amount": 130000}),
    ("德信建设扩容项目金额调整为70万", {"customer_id": "K15", "deal_id": "X5", "amount": 700000}),
    ("华龙机械金额改成85万", {"customer_id": "K01", "deal_id": None, "deal_candidates": ["X1", "X2"]}),
    ("青松药业需求确认了，预算30万", {"customer_id": "K05", "deal_id": "X3", "stage": "qualified"}),  # only open deal
    ("Northstar moved to negotiation", {"customer_id": "K09", "deal_id": "X4", "stage": "negotiation"}),
    ("青松药业续约，报价20万", {"customer_id": "K05", "deal_id": None, "new": True, "amount": 200000}),
    ("Northstar second order, about $30k", {"customer_id": "K09", "deal_id": None, "new": True, "currency": "USD"}),
    ("蓝海供应链有个新机会，预算50万", {"customer_id": "K03", "deal_id": None, "new": True}),  # nothing open: new
])
def test_deal_choice(text, expect):
    check(text, {"intent": "log", "records": [{"type": D, **expect}]} if "visit" not in expect else expect)


# ---------- a new deal's title: the words naming it, never "w/" or the customer it is with ----------

@pytest.mark.parametrize("text,user,customer,title", [
    ("new deal w/ Blue Harbor: analytics platform $40k, close end of Jan", "R1", "K07", "analytics platform"),
    ("new opportunity with Pinecrest Foods - cold chain audit, 25k", "R3", "K08", "cold chain audit"),
    ("Redwood new project: data room setup $18,000", "R2", "K16", "data room setup"),
    ("new deal w/ Blue Harbor, 50k, close in March", "R1", "K07", "new deal"),  # nothing names it: the words said
    ("新项目跟蓝海供应链：冷库改造，30万", "R1", "K03", "冷库改造"),
    ("新机会和蓝海网络的数据中台，80万", "R1", "K04", "数据中台"),
    ("蓝海网络有个新商机：数据中台，80万", "R1", "K04", "数据中台"),
])
def test_new_deal_title_names_the_deal(text, user, customer, title):
    check(text, {"intent": "log", "records": [{"type": D, "customer_id": customer, "deal_id": None, "new": True,
                                               "title": title}]}, user=user)


@pytest.mark.parametrize("text", ["蓝海供应链丢单了，客户选了竞品", "Lost 蓝海供应链, they went with a rival"])
def test_loss_of_no_open_deal_records_nothing(text):
    res = _parse(text)
    assert res.records == [] and res.intent == "log" and "lost_not_open" in res.notes


def test_loss_of_the_only_open_deal():
    check("瑞祥医药那单丢了，预算砍了", {"intent": "log", "records": [
        {"type": D, "customer_id": "K12", "deal_id": "X7", "stage": "lost"}]})


# ---------- won means signed: a contract with its payment plan ----------

C = "contract"


@pytest.mark.parametrize("text,deal,contract", [
    ("瑞祥医药签了，合同26万，首付40%月底前付", {"deal_id": "X7", "stage": "won", "amount": 260000},
     {"deal_id": "X7", "amount": 260000, "signed_on": "2026-11-20",
      "installments": [{"due_on": "2026-11-30", "amount": 104000}]}),
    ("青松药业签了！30万，12月10日前付一半，明年2月28日前付清", {"deal_id": "X3", "amount": 300000},
     {"amount": 300000, "installments": [{"due_on": "2026-12-10", "amount": 150000},
                                         {"due_on": "2027-02-28", "amount": 150000}]}),
    ("德信建设扩容项目签了，60万，分三期，每季度末付款", {"deal_id": "X5", "amount": 600000},
     {"amount": 600000, "installments": [{"due_on": "2026-12-31", "amount": 200000},
                                         {"due_on": "2027-03-31", "amount": 200000},
                                         {"due_on": "2027-06-30", "amount": 200000}]}),
    ("Northstar signed! $50k, 50% upfront, rest on delivery", {"deal_id": "X4", "amount": 50000, "currency": "USD"},
     {"amount": 50000, "currency": "USD", "installments": [{"due_on": None, "amount": 25000},  # no day said
                                                            {"due_on": None, "amount": 25000}]}),
    ("瑞祥医药赢单了", {"deal_id": "X7", "amount": None},  # no amount said: the stored deal's
     {"amount": 250000, "installments": []}),
])
def test_won_makes_a_contract(text, deal, contract):
    check(text, {"intent": "log", "records": [{"type": D, "stage": "won", **deal}, {"type": C, **contract}]})


# ---------- money received is a payment; an invoice is nothing ----------

PAY = "payment"


@pytest.mark.parametrize("text,user,expect", [
    ("收到海川物流回款10万", "R2", {"customer_id": "K13", "contract_id": "H1", "amount": 100000, "received_on": "2026-11-20"}),
    ("海川物流昨天打款5万", "R2", {"customer_id": "K13", "amount": 50000, "received_on": "2026-11-19"}),
    ("海川物流的尾款今天到账了，8万", "R2", {"customer_id": "K13", "amount": 80000}),
    ("德信建设系统升级合同的款到了 9万", "R1", {"customer_id": "K15", "contract_id": "H3", "amount": 90000}),
    ("德信建设回款3万", "R1", {"customer_id": "K15", "contract_id": None, "amount": 30000}),  # two owed: ask
    ("Redwood wired $20k yesterday", "R2", {"customer_id": "K16", "amount": 20000, "currency": "USD",
                                          "received_on": "2026-11-19"}),
    ("Received the first payment from Northstar, 12k", "R1", {"customer_id": "K09", "amount": 12000}),
])
def test_payment(text, user, expect):
    res = _parse(text, user)
    got = res.contract_json()
    assert not mismatches(got, {"intent": "log", "deal": None, "visit": None, "records": [{"type": PAY, **expect}]}), \
        (text, got["records"])


@pytest.mark.parametrize("text", [
    "Northstar signed the support deal today, 120k, paid in 2 installments: Jan 10 and Mar 10",
    "Blue Harbor signed today, 90k, in three payments: Dec 15, Jan 15, Feb 15",
    "华龙机械今天签了，合同12万，分两期付款：1月10日和3月10日",
    "德信建设签约了，30万，分三期：12月5号、1月5号、2月5号",
])
def test_days_of_the_installments_after_a_win_are_no_activity(text):
    got = _parse(text).records
    assert [r.type for r in got] == [D, C], got


def test_payment_with_several_contracts_owed_lists_them():
    res = _parse("德信建设回款3万")
    assert res.records[0].contract_candidates == ["H2", "H3"]


@pytest.mark.parametrize("text,user", [("海川物流发票开了", "R2"), ("Invoice sent to Northstar", "R1"),
                                       ("给德信建设开了票，13万", "R1")])
def test_invoice_is_not_money_received(text, user):
    res = _parse(text, user)
    assert res.intent == "unknown" and res.records == [] and "invoice" in res.notes


def test_money_promised_is_no_payment():
    got = _parse("海川物流说下周打款", "R2").contract_json()
    assert not [r for r in got["records"] if r["type"] in (PAY, D)]


# ---------- contact details ----------

@pytest.mark.parametrize("text,expect", [
    ("华龙机械加个联系人 赵刚 技术总监 13600001234",
     {"customer_id": "K01", "contact_id": None, "name": "赵刚", "title": "技术总监", "phone": "13600001234"}),
    ("华龙机械林总手机换了 13700002222", {"customer_id": "K01", "contact_id": "P01", "name": "林志强", "phone": "13700002222"}),
    ("Blue Harbor: Emily Carter's new email is emily.c@blueharbor.io",
     {"customer_id": "K07", "contact_id": "P06", "name": "Emily Carter", "email": "emily.c@blueharbor.io"}),
    # a department written before the person is part of their title
    ("德信建设加个联系人，财务部何静，手机13911112222",
     {"customer_id": "K15", "contact_id": None, "name": "何静", "title": "财务部", "phone": "13911112222"}),
    ("加个联系人：瑞祥医药 采购部 罗兰 经理 13822223333",
     {"customer_id": "K12", "contact_id": None, "name": "罗兰", "title": "采购部经理", "phone": "13822223333"}),
    ("蓝海网络新增联系人 技术部门的蔡文 工程师 13633334444",
     {"customer_id": "K04", "contact_id": None, "name": "蔡文", "title": "技术部工程师", "phone": "13633334444"}),
])
def test_contact_details(text, expect):
    check(text, {"intent": "log", "visit": None, "records": [{"type": "contact", **expect}]})


# ---------- resolution only among what the speaker may see ----------

def test_customer_of_another_rep_is_out_of_view():
    res = _parse("拜访了华龙机械", user="R3")  # R3 owns neither 华龙 customer
    rec = res.records[0]
    assert rec.customer_id is None and rec.out_of_view and "out_of_view" in res.notes
    assert "out_of_view" not in res.contract_json()["records"][0]  # internal: never in the JSON


def test_manager_sees_the_team_and_the_pool_is_everyones():
    assert _parse("拜访了金石环保", user="M1").records[0].customer_id == "K06"   # R2's, under M1
    assert _parse("拜访了东方电气", user="M1").records[0].customer_id is None     # R3's: out of view
    assert _parse("拜访了青松药业", user="R3").records[0].customer_id == "K05"    # the public pool
    assert _parse("拜访了东方电气", user="A1").records[0].customer_id == "K10"    # admin: all


# ---------- amounts out of range, and messages that are no log ----------

def test_implausible_amount_is_never_recorded():
    res = _parse("华龙机械设备维保报价 5000亿")
    deal = next(r for r in res.records if r.type == D)
    assert deal.amount is None and deal.amount_rejected == 5e11 and "amount_rejected" in res.notes


@pytest.mark.parametrize("text,intent", [("华龙机械", "unknown"), ("Northstar", "unknown"),
                                         ("华龙机械那单到哪一步了", "query"), ("早上好", "unknown")])
def test_not_a_log(text, intent):
    res = _parse(text)
    assert res.intent == intent and res.records == []


@pytest.mark.parametrize("text", ["华龙机械 32号拜访了林总", "Visited Northstar the other day"])
def test_unreadable_day_is_never_today(text):
    res = _parse(text)
    assert res.records[0].date is None and "date_unreadable" in res.notes


@pytest.mark.parametrize("order,day", [("mdy", "2026-11-03"), ("dmy", "2026-03-11")])
def test_numeric_date_follows_the_org_order(order, day):
    got = classify("拜访了华龙机械林总 11/3", "R1", FRI, DIR, "CNY", order).contract_json()
    assert got["visit"]["date"] == day


# ---------- classes found trying messages as a new user would ----------

@pytest.mark.parametrize("text,expect", [
    ("提醒我明天给华龙机械周敏发方案", {"status": P, "kind": "message", "date": "2026-11-21"}),  # no proposal yet
    ("后天约了德信建设付强吃饭", {"status": P, "date": "2026-11-22"}),
    ("Tomorrow: visit Northstar, call Blue Harbor", None),
])
def test_plans_found_in_practice(text, expect):
    res = _parse(text)
    if expect is None:
        assert [(r.customer_id, r.status, str(r.date)) for r in res.records] == [
            ("K09", P, "2026-11-21"), ("K07", P, "2026-11-21")]
        return
    assert len(res.records) == 1 and not mismatches(res.contract_json(), {"records": [{"type": A, **expect}]})


@pytest.mark.parametrize("text", ["华龙机械的拜访取消了", "Meeting with Northstar was cancelled"])
def test_cancelled_visit_is_neither_a_visit_nor_a_loss(text):
    assert _parse(text).records == []


def test_money_promised_beside_a_win_keeps_the_win():
    got = _parse("瑞祥医药签了 25万 年底前回款").contract_json()
    assert [r["type"] for r in got["records"]] == [D, C] and got["records"][0]["stage"] == "won"


def test_loss_without_a_reason_has_none():
    got = _parse("Lost 瑞祥医药").contract_json()
    assert got["records"][0]["stage"] == "lost" and got["records"][0]["lost_reason"] is None


@pytest.mark.parametrize("text,expect", [
    ("华龙机械周敏升职了，现在是采购总监", {"contact_id": "P02", "name": "周敏", "title": "采购总监"}),
    ("华龙机械周敏的职位改一下，现在是采购副总", {"contact_id": "P02", "name": "周敏", "title": "采购副总"}),
    ("德信建设付强升了，现在是常务副总经理", {"contact_id": "P15", "name": "付强", "title": "常务副总经理"}),
    ("蓝海供应链黄海涛调任技术副总监", {"contact_id": "P03", "name": "黄海涛", "title": "技术副总监"}),
    ("Add contact at Northstar: Kevin Moore, CTO, kevin@northstar.com",
     {"contact_id": None, "name": "Kevin Moore", "title": "CTO", "email": "kevin@northstar.com"}),
])
def test_contact_details_across_clauses(text, expect):
    check(text, {"intent": "log", "records": [{"type": "contact", **expect}]})


@pytest.mark.parametrize("text", ["Got the wire from Northstar, $12k", "Northstar's payment came in today: 12k"])
def test_money_received_in_english(text):
    got = _parse(text).contract_json()
    assert [r["type"] for r in got["records"]] == [PAY] and got["records"][0]["amount"] == 12000


@pytest.mark.parametrize("text,expect", [
    ("下周一去华龙机械，周三去德信建设", [("K01", P, "2026-11-23"), ("K15", P, "2026-11-25")]),
    ("明天上午拜访华龙机械，下午拜访德信建设", [("K01", P, "2026-11-21"), ("K15", P, "2026-11-21")]),
    ("Next Monday visit Northstar, Tuesday call Blue Harbor", [("K09", P, "2026-11-23"), ("K07", P, "2026-11-24")]),
    ("今天去了华龙机械，明天去德信建设", [("K01", "done", "2026-11-20"), ("K15", P, "2026-11-21")]),
])
def test_a_plan_carries_to_the_next_customer(text, expect):
    assert [(r.customer_id, r.status, str(r.date)) for r in _parse(text).records] == expect


def test_joiner_clause_keeps_its_own_customer():
    got = _parse("今天电话沟通了华龙机械周敏，另外德信建设付强发来需求文档").records
    assert [(r.customer_id, r.contact) for r in got] == [("K01", "周敏"), ("K15", "付强")]


@pytest.mark.parametrize("text,amount", [("海川物流打了20万过来", 200000), ("Haichuan paid the invoice, $8,000", None),
                                         ("海川物流 paid the invoice, $8,000", 8000)])
def test_money_received_forms(text, amount):
    got = _parse(text, "R2").contract_json()
    if amount is None:
        assert not [r for r in got["records"] if r["type"] in (D, A)]  # no known customer: no deal, no visit
        return
    assert [r["type"] for r in got["records"]] == [PAY] and got["records"][0]["amount"] == amount


@pytest.mark.parametrize("text,expect", [
    ("华龙机械换了对接人，新的对接人是孙倩，采购主管，电话 13700001234",
     {"name": "孙倩", "title": "采购主管", "phone": "13700001234"}),
    ("Blue Harbor - Tom Baker now Head of IT", {"contact_id": "P07", "title": "Head of IT"}),
    # a phone given for a person is their contact record, never a call: landlines and service lines are phones, and a
    # number written with its country code keeps it whole
    ("Northstar: Sarah Johnson's phone: (021) 5555 8888", {"contact_id": "P09", "phone": "02155558888"}),
    ("Blue Harbor - Tom Baker's office line is 0755-12345678", {"contact_id": "P07", "phone": "075512345678"}),
    ("Northstar: Sarah Johnson mobile +49 151 2345 6789", {"contact_id": "P09", "phone": "+4915123456789"}),
    ("Blue Harbor: Emily Carter's number is +1 (415) 555-0132", {"contact_id": "P06", "phone": "+14155550132"}),
    ("华龙机械林志强的座机是021-5555-8888", {"contact_id": "P01", "phone": "02155558888"}),
    ("华龙机械周敏电话 (021) 5555 8888", {"contact_id": "P02", "phone": "02155558888"}),
    ("蓝海供应链黄海涛的电话是400-800-1234", {"contact_id": "P03", "phone": "4008001234"}),
    ("华龙机械林志强手机 +852 9123 4567", {"contact_id": "P01", "phone": "+85291234567"}),
    # a title correction, a department leading the title
    ("华龙机械周敏的职位改一下，是采购部主管", {"contact_id": "P02", "title": "采购部主管"}),
    ("蓝海供应链黄海涛职务变了，现在是信息中心负责人", {"contact_id": "P03", "title": "信息中心负责人"}),
    ("华龙机械林志强职位改成设备部经理", {"contact_id": "P01", "title": "设备部经理"}),
    ("Northstar: Sarah Johnson's title changed, she is now procurement director", {"contact_id": "P09", "title": "procurement director"}),
])
def test_contact_changes_record_no_visit(text, expect):
    check(text, {"intent": "log", "visit": None, "records": [{"type": "contact", **expect}]})


def test_a_customer_only_mentioned_beside_another_gets_no_visit():
    got = _parse("拜访了华龙机械林总，他说德信建设也在找他们").records
    assert [(r.type, r.customer_id) for r in got] == [(A, "K01")]


def test_short_form_of_a_customer_named_in_full_is_the_same_customer():
    got = _parse("德信建设签了扩容项目，德信那边很满意").records
    assert [(r.type, r.customer_id) for r in got] == [(D, "K15"), (C, "K15")]


@pytest.mark.parametrize("text,expect", [
    ("华龙机械新来了一个采购经理叫孙丽丽，手机13566667777", {"name": "孙丽丽", "title": "采购经理", "phone": "13566667777"}),
    ("Northstar's new CFO is Linda Park, linda.park@northstar.com", {"name": "Linda Park", "title": "CFO"}),
    ("Blue Harbor: Emily Carter left, new contact is Ryan Cole (IT manager) 13911112222",
     {"contact_id": None, "name": "Ryan Cole", "title": "IT manager", "phone": "13911112222"}),
])
def test_new_person_at_a_customer(text, expect):
    check(text, {"intent": "log", "visit": None, "records": [{"type": "contact", **expect}]})


@pytest.mark.parametrize("text,user", [("海川物流那边财务说款已经打了，5万", "R2"), ("Redwood sent payment of $9,000 today", "R2"),
                                       ("Payment from Redwood received: $9k", "R2")])
def test_more_ways_to_say_money_received(text, user):
    got = _parse(text, user).contract_json()
    assert [r["type"] for r in got["records"]] == [PAY]


@pytest.mark.parametrize("text", ["Redwood will pay next week", "海川物流下周打款", "海川物流答应月底前付款"])
def test_money_promised_records_nothing(text):
    res = _parse(text, "R2")
    assert res.records == [] and "payment_promised" in res.notes


def test_list_across_commas():
    got = _parse("Visited Northstar, Blue Harbor and 华龙机械 today").records
    assert [(r.customer_id, r.status) for r in got] == [("K09", "done"), ("K07", "done"), ("K01", "done")]


@pytest.mark.parametrize("text", ["计划下周拜访德信建设", "周五前要去一趟德信建设"])
def test_plan_word_before_the_visit_is_a_plan_not_a_closing(text):
    got = _parse(text).records
    assert [(r.type, r.customer_id, r.status) for r in got] == [(A, "K15", P)]


def test_another_order_is_a_new_deal():
    got = _parse("华龙机械又下了一单，30万").records
    assert got[0].type == D and got[0].new and got[0].deal_id is None and got[0].amount == 300000


@pytest.mark.parametrize("text,title", [
    ("青松药业第二批订单，预计30万", "第二批订单"), ("Northstar renewal, quote $40k", "renewal"),
    ("New opportunity at 蓝海供应链: phase 2 rollout, about $60k", "phase 2 rollout"),
    ("德信建设扩容项目金额调整为70万", "德信扩容项目"),  # a stored deal: its own title
])
def test_deal_title(text, title):
    deal = next(r for r in _parse(text).records if r.type == D)
    assert deal.title == title


@pytest.mark.parametrize("text,today,expect", [
    ("这周四去德信建设", TUE, ("K15", P, "2026-11-19")),                 # a day only ahead, before the verb
    ("Meeting with Northstar on Thursday to review the proposal", TUE, ("K09", P, "2026-11-19")),
    ("周四拜访了德信建设", FRI, ("K15", "done", "2026-11-19")),            # said after it: done
    ("Had a call with Northstar on Tuesday, Sarah wants pricing", FRI, ("K09", "done", "2026-11-17")),
])
def test_a_coming_day_of_the_activity_makes_a_plan(text, today, expect):
    assert [(r.customer_id, r.status, str(r.date)) for r in _parse(text, today=today).records] == [expect]


@pytest.mark.parametrize("text,user", [("海川物流 is late on payment, chasing them", "R2"), ("海川物流的款还没到，催一下", "R2")])
def test_money_owed_is_no_record(text, user):
    res = _parse(text, user)
    assert res.records == [] and "payment_overdue" in res.notes


@pytest.mark.parametrize("text,day", [
    ("今天没去成华龙机械，改到周二", "2026-11-24"),
    ("Didn't get to visit Northstar today, rescheduled to Thursday", "2026-11-26"),
    # the activity itself moved, with no "didn't": still nothing happened, the plan is on the new day
    ("和德信建设的会议推迟到下周三", "2026-11-25"),
    ("原定今天去瑞祥医药，临时取消了，改到下周一", "2026-11-23"),
    ("meeting with Blue Harbor moved to 11/27", "2026-11-27"),
    ("rescheduled the demo with Northstar to next Tuesday", "2026-11-24"),
    ("visit to Northstar today, cancelled, moved to Monday", "2026-11-23"),
    # "from <day> to <day>": the day it was on is not the new one
    ("Northstar meeting rescheduled from today to next Thursday", "2026-11-26"),
    ("the demo at Blue Harbor got moved from Monday to Wednesday", "2026-11-25"),
    ("和华龙机械的会议从今天改到下周四", "2026-11-26"),
    ("瑞祥医药的拜访从周一改到了下周三", "2026-11-25"),
])
def test_a_visit_moved_is_a_plan_on_the_new_day(text, day):
    got = _parse(text).records
    assert [(r.type, r.status, str(r.date)) for r in got] == [(A, P, day)]


@pytest.mark.parametrize("text,kind", [("Northstar — nobody picked up", "call"), ("The Northstar PO came in today, $45k", None)])
def test_more_forms(text, kind):
    got = _parse(text).records
    if kind:
        assert got[0].kind == kind
    else:
        assert got[0].type == D and got[0].stage == "won" and got[1].type == C


def test_cancelled_meeting_of_tomorrow_is_nothing():
    assert _parse("Northstar cancelled tomorrow's meeting").records == []


def test_deal_of_an_ambiguous_customer_is_neither_new_nor_chosen():
    got = _parse("蓝海签了，合同50万", "R1").records  # 蓝海: two customers of R1
    deal = got[0]
    assert deal.customer_id is None and sorted(deal.candidates) == ["K03", "K04"]
    assert deal.deal_id is None and not deal.new and not deal.deal_candidates


def test_loss_of_an_unknown_company_records_nothing():
    res = _parse("苏州天宇精工丢单了")
    assert res.records == [] and "lost_not_open" in res.notes


@pytest.mark.parametrize("text,expect", [
    ("今天见了林志强和黄海涛", [("K01", "林志强"), ("K03", "黄海涛")]),
    ("Met Emily Carter this morning and called Sarah Johnson in the afternoon",
     [("K07", "Emily Carter"), ("K09", "Sarah Johnson")]),
])
def test_round_up_by_contacts_alone(text, expect):
    assert [(r.customer_id, r.contact) for r in _parse(text).records] == expect


@pytest.mark.parametrize("text", ["华龙机械这周没联系", "华龙机械还没跟进", "Northstar hasn't replied to my email",
                                  "No news from Northstar", "华龙机械的合同还没签", "Northstar still thinking about it",
                                  "华龙机械项目暂停了", "Northstar put the project on hold",
                                  # a thing still awaited, with no one doing anything
                                  "华龙机械还没拿到PO", "德信建设合同还没回来", "Northstar hasn't issued the PO yet",
                                  "Blue Harbor still no PO", "瑞祥医药的预付款迟迟没到",
                                  # went there but was not let in, saw no one
                                  "华龙机械今天去了，保安没让进，没见到人", "今天跑了趟德信建设，吃了个闭门羹",
                                  "去了蓝海供应链但没进去", "went to Northstar today but couldn't get in",
                                  "drove out to Blue Harbor, got turned away at the gate"])
def test_nothing_done_records_no_activity(text):
    res = _parse(text)
    assert not [r for r in res.records if r.type == A]


@pytest.mark.parametrize("text", ["华龙机械 没有意向", "Northstar, not the decision maker"])
def test_the_customers_word_is_still_a_contact(text):
    assert _parse(text).visit is not None  # they told the rep so: an activity happened


def test_not_buying_any_more_is_a_loss():
    got = _parse("瑞祥医药不打算买了").records
    assert [(r.type, r.stage, r.deal_id) for r in got] == [(D, "lost", "X7")]


@pytest.mark.parametrize("text,expect", [
    ("明天去拜訪華龍機械", [("K01", P, "2026-11-21")]),
    ("今日見咗華龍機械林志強，聽日再去德信建設", [("K01", "done", "2026-11-20"), ("K15", P, "2026-11-21")]),
    ("提醒我聽日打電話俾華龍機械林總", [("K01", P, "2026-11-21")]),
])
def test_traditional_and_cantonese(text, expect):
    assert [(r.customer_id, r.status, str(r.date)) for r in _parse(text).records] == expect


def test_traditional_payment():
    got = _parse("收到海川物流回款5萬", "R2").records
    assert [(r.type, r.amount) for r in got] == [(PAY, 50000)]


@pytest.mark.parametrize("text,paid", [
    ("瑞祥医药签了，合同25万，首付10万已到账，余款月底前付清", 100000),
    ("Northstar signed, $50k, 20% deposit received today", 10000),
])
def test_money_received_on_signing_is_also_a_payment(text, paid):
    got = _parse(text).records
    assert [r.type for r in got] == [D, C, PAY]
    assert got[2].amount == paid and got[2].contract_id is None  # the contract of this message: linked by the bot
    assert "payment.on_the_contract_just_signed" in _parse(text).trace


def test_payment_terms_still_to_come_are_no_payment():
    assert [r.type for r in _parse("瑞祥医药签了，合同25万，首付30%下月10号前到账").records] == [D, C]


@pytest.mark.parametrize("text,types,note", [
    ("华龙机械的周敏离职了", [], "contact_left"),
    ("华龙机械搬家了，新地址在滨江", [], None),
    ("华龙机械 zhoumin@hualong.cn", [], None),          # a detail with no one to carry it
    ("瑞祥医药付了定金", [PAY], None),
    ("明天瑞祥医药的款会到", [], "payment_promised"),
    ("瑞祥医药合同已盖章寄回", [D, C], None),
    ("Northstar contract countersigned and returned", [D, C], None),
])
def test_news_that_is_no_visit(text, types, note):
    res = _parse(text)
    assert [r.type for r in res.records] == types and (note is None or note in res.notes)


@pytest.mark.parametrize("text,expect", [
    ("Visiting Northstar on Monday", ("K09", P, "2026-11-23")),
    ("Catching up with Sarah Johnson tomorrow morning", ("K09", P, "2026-11-21")),
    ("Set up a meeting with Blue Harbor for Dec 3", ("K07", P, "2026-12-03")),
    ("Saw Northstar yesterday", ("K09", "done", "2026-11-19")),
])
def test_english_plans_and_visits(text, expect):
    assert [(r.customer_id, r.status, str(r.date)) for r in _parse(text).records] == [expect]


def test_a_short_form_inside_a_day_or_deal_word_is_no_second_customer():
    from intents.directory import CustomerRecord, Directory

    d = Directory([CustomerRecord(id="A", name="苏州天成精工有限公司", owner_id="R1"),
                   CustomerRecord(id="B", name="杭州远航电子有限公司", owner_id="R1"),
                   CustomerRecord(id="C", name="上海明天科技有限公司", owner_id="R1")], deals=[])
    got = classify("远航电子今天成交了，50万", "R1", FRI, d, "CNY").records  # 今天成交 holds 天成
    assert [(r.type, r.customer_id) for r in got] == [(D, "B"), (C, "B")]
    got = classify("远航电子说明天上午再来", "R1", FRI, d, "CNY").records  # 说明天 holds 明天
    assert [r.customer_id for r in got] == ["B"]
    got = classify("今天去了远航和天成", "R1", FRI, d, "CNY").records  # a list: both are customers
    assert [r.customer_id for r in got] == ["B", "A"]


@pytest.mark.parametrize("text,amount", [("德信扩容项目六万五成交了", 65000), ("瑞祥医药冷链项目二十三万八成交", 238000)])
def test_a_trailing_figure_before_chengjiao_is_the_amount_and_no_share(text, amount):
    got = _parse(text).contract_json()
    deal, contract = got["records"][0], got["records"][1]
    assert deal["stage"] == "won" and deal["amount"] == amount and contract["amount"] == amount, got["records"]
    assert not contract.get("installments"), contract



@pytest.mark.parametrize("text,day", [("瑞祥医药上周五回款了，8万", "2026-11-13"), ("Northstar paid 12k last Friday", "2026-11-13"),
                                      ("德信建设前天到账5万", "2026-11-18")])
def test_money_received_on_a_past_day_is_dated_that_day(text, day):
    got = [r for r in _parse(text).contract_json()["records"] if r["type"] == "payment"]
    assert [r["received_on"] for r in got] == [day], got
