"""Capture v2 end to end: messages written as reps type them, through the real engine and the terminal
chat, on TEAM (tests/records_support.py) — receipts, rows, questions, refusals, both languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from storage.models import Activity, Contact, Contract, Deal, DealEvent, Installment, Payment
from tests.records_support import n, only, q, team_chat

MD, JC, HT, HX, ACME = ("杭州明德食品集团有限公司", "南京明德建材有限公司", "上海恒通物流有限公司", "南京华信电子有限公司",
                        "Acme Robotics Inc.")


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


def logged(chat) -> list[tuple]:
    return q(chat, select(Activity.customer_id, Activity.kind, Activity.status, Activity.occurred_on)
             .where(Activity.message_id.is_not(None)).order_by(Activity.customer_id))


ROUND_UPS = [
    ("今天跑了三家：明德食品、明德建材、华信电子，都是例行回访", "✅ 已记录 拜访 · "),
    ("下午把明德食品、明德建材、华信电子都走了一遍，例行拜访", "✅ 已记录 拜访 · "),
    ("Visited 明德食品, 明德建材 and 华信电子 today, routine check-ins", "✅ Saved visit · "),
]


@pytest.mark.parametrize("text,head", ROUND_UPS)
def test_a_round_up_saves_every_customer(chat, text, head):
    r = only(chat.say("R01", text=text))
    assert r.text.splitlines() == [f"{head}{name} · 11-20" for name in (MD, JC, HX)]
    assert [x[:3] for x in logged(chat)] == [("C1", "visit", "done"), ("C2", "visit", "done"), ("C5", "visit", "done")]
    only(chat.say("R01", text="撤销" if head.startswith("✅ 已") else "undo"))
    assert logged(chat) == []


PLANS = [
    ("明天上午去拜访明德建材", "🗓 计划 拜访 · 南京明德建材有限公司 · 11-21（周六）", ("C2", "visit", date(2026, 11, 21))),
    ("提醒我下周二给明德食品邱总打电话", "🗓 计划 电话 · 杭州明德食品集团有限公司 · 邱建(总经理) · 11-24（周二）",
     ("C1", "call", date(2026, 11, 24))),
    ("call Acme on Tuesday", "🗓 Planned call · Acme Robotics Inc. · 11-24 (Tue)", ("C6", "call", date(2026, 11, 24))),
]


@pytest.mark.parametrize("text,line,row", PLANS)
def test_a_plan_is_planned_never_a_visit_today(chat, text, line, row):
    assert only(chat.say("R01", text=text)).text == line
    assert logged(chat) == [(row[0], row[1], "planned", row[2])]


@pytest.mark.parametrize("plan,done", [("明天去明德建材拜访张伟", "今天去了明德建材，见了张伟，聊了二期方案"),
                                       ("visit 明德建材 tomorrow", "Visited 明德建材 today, went through the quote")])
def test_a_plan_reported_done_the_next_day_is_completed_not_duplicated(chat, plan, done):
    only(chat.say("R01", text=plan))
    chat.fixed_now = chat.now() + timedelta(days=1)
    r = only(chat.say("R01", text=done))
    assert r.text.splitlines()[0].endswith(("（计划已完成）", " (planned, now done)"))
    assert logged(chat) == [("C2", "visit", "done", date(2026, 11, 21))]


@pytest.mark.parametrize("text,line", [
    ("收到华信电子回款20万", "💰 回款 ¥200,000 · 南京华信电子有限公司 · 合同余额 ¥400,000"),
    ("华信电子打款20万，今天到账了", "💰 回款 ¥200,000 · 南京华信电子有限公司 · 合同余额 ¥400,000"),
    ("Huaxin paid 200k today", "💰 Payment ¥200,000 · 南京华信电子有限公司 · contract balance ¥400,000"),
])
def test_money_received_is_a_payment_never_a_deal_amount(chat, text, line):
    deals = q(chat, select(Deal.id, Deal.amount_cents).order_by(Deal.id))
    events = n(chat, DealEvent)
    assert only(chat.say("R01", text=text)).text == line
    assert q(chat, select(Payment.contract_id, Payment.amount_cents).where(Payment.by == "R01")) == [("K5", 20000000)]
    assert q(chat, select(Deal.id, Deal.amount_cents).order_by(Deal.id)) == deals and n(chat, DealEvent) == events


@pytest.mark.parametrize("text,reply", [("发票已经开给华信电子了", "收到，回款到账后告诉我，我来记。"),
                                        ("华信电子的发票今天开了", "收到，回款到账后告诉我，我来记。"),
                                        ("Sent the invoice to Huaxin today", "Got it. Tell me when the payment arrives "
                                                                              "and I'll record it.")])
def test_an_invoice_note_records_nothing(chat, text, reply):
    before = (n(chat, Activity), n(chat, Payment), n(chat, DealEvent))
    assert only(chat.say("R01", text=text)).text == reply
    assert (n(chat, Activity), n(chat, Payment), n(chat, DealEvent)) == before


def test_a_win_with_terms_is_a_deal_a_contract_and_its_plan(chat):
    r = only(chat.say("R01", text="明德食品签了，合同120万，首付30%下月10号前到账"))
    assert r.text.splitlines() == [f"✅ 已记录 {MD}", "📈 商机 赢单 · ¥1,200,000",
                                   f"📄 合同 ¥1,200,000 · {MD} · 签约 11-20 · 分 1 期：¥360,000 12-10"]
    (kid, deal, cents), = q(chat, select(Contract.id, Contract.deal_id, Contract.amount_cents)
                            .where(Contract.customer_id == "C1"))
    assert (deal, cents) == ("D3", 120000000)
    assert q(chat, select(Installment.due_on, Installment.amount_cents).where(Installment.contract_id == kid)) == [
        (date(2026, 12, 10), 36000000)]


@pytest.mark.parametrize("text,pick,deal", [("明德建材进入商务谈判", "建材二期", "D1"), ("明德建材进入商务谈判", "1", "D2")])
def test_several_open_deals_ask_which_then_save(chat, text, pick, deal):
    ask = only(chat.say("R01", text=text))
    assert ask.text == f"{JC} 有几个进行中的商机，是哪一个？"
    r = only(chat.say("R01", press=pick))
    assert r.text.splitlines()[-1].startswith("📈 商机 商务谈判")
    assert q(chat, select(DealEvent.stage).where(DealEvent.deal_id == deal).order_by(DealEvent.id.desc()).limit(1)) \
        == [("negotiation",)]


@pytest.mark.parametrize("text,reply", [("华信电子的单子丢了", f"{HX} 没有进行中的商机，输单没有记录。"),
                                        ("Lost the Huaxin deal", f"{HX} has no open deal, so no loss was recorded."),
                                        ("青松药业没签成，丢了", "青松药业有限公司 没有进行中的商机，输单没有记录。")])
def test_a_loss_with_no_open_deal_says_so(chat, text, reply):
    before = (n(chat, Deal), n(chat, DealEvent))
    assert only(chat.say("R01", text=text)).text == reply
    assert (n(chat, Deal), n(chat, DealEvent)) == before


@pytest.mark.parametrize("text", ["天启教育输了", "天启教育签了，合同120万", "今天拜访了天启教育", "收到天启教育回款10万"])
def test_another_reps_customer_is_refused_without_a_trace_of_it(chat, text):
    before = (n(chat, Activity), n(chat, DealEvent), n(chat, Payment), n(chat, Contract))
    r = only(chat.say("R01", text=text))
    assert r.text == "这个客户不在你的名下，没有记录。" and r.buttons == []
    assert "孙丽" not in r.text and "500,000" not in r.text and "天启教育科技有限公司" not in r.text
    assert (n(chat, Activity), n(chat, DealEvent), n(chat, Payment), n(chat, Contract)) == before


def test_the_same_message_twice_is_recorded_once(chat):
    text = "今天拜访了明德食品邱总，聊了二期"
    assert only(chat.say("R01", text=text)).text.startswith("✅")
    assert only(chat.say("R01", text=text)).text.startswith("已记录过")
    assert len(logged(chat)) == 1


@pytest.mark.parametrize("text", ["邱总手机换了 13900001111", "明德食品邱总的手机换成 13900001111 了"])
def test_a_new_phone_of_a_known_contact_updates_it(chat, text):
    assert only(chat.say("R01", text=text)).text == f"👤 联系人 邱建 · 总经理 · 13900001111 · {MD}"
    assert q(chat, select(Contact.phone).where(Contact.id == "P1")) == [("13900001111",)]


def test_contact_details_create_the_contact(chat):
    r = only(chat.say("R01", text="加个联系人 王芳 采购 13800001111 明德食品"))
    assert r.text == f"👤 联系人 王芳 · 采购 · 13800001111 · {MD}"
    assert q(chat, select(Contact.title, Contact.phone).where(Contact.name == "王芳")) == [("采购", "13800001111")]
    assert logged(chat) == []


@pytest.mark.parametrize("text,reply", [
    ("明德食品报价 5000亿", "金额 ¥500,000,000,000 看起来不对，没有记录。请确认金额后再发一次。"),
    ("收到华信电子回款-20万", "金额 -¥200,000 看起来不对，没有记录。请确认金额后再发一次。"),
    ("收到华信电子回款", "回款金额是多少？这次没有记录，请带上金额再发一次，例如「收到华信回款20万」。"),
])
def test_a_doubtful_or_missing_amount_is_asked_never_saved(chat, text, reply):
    before = (n(chat, Payment), n(chat, DealEvent), n(chat, Activity))
    assert only(chat.say("R01", text=text)).text == reply
    assert (n(chat, Payment), n(chat, DealEvent), n(chat, Activity)) == before


@pytest.mark.parametrize("text,reply", [
    ("华信电子的款还没到", "好的，款还没到账，这次没有记回款。到账后告诉我，我来记。"),
    ("华信电子说下周打款", "好的，款还没到账，这次没有记回款。到账后告诉我，我来记。"),
    ("Huaxin is late on payment", "OK, no money has arrived yet, so no payment was recorded. Tell me when it does."),
])
def test_money_owed_or_promised_records_nothing(chat, text, reply):
    before = (n(chat, Activity), n(chat, Payment), n(chat, DealEvent))
    assert only(chat.say("R01", text=text)).text == reply
    assert (n(chat, Activity), n(chat, Payment), n(chat, DealEvent)) == before


def test_a_visit_said_with_money_not_yet_received_is_saved_with_the_note(chat):
    r = only(chat.say("R01", text="拜访了华信电子，款还没到账"))
    assert r.text.splitlines() == [f"✅ 已记录 拜访 · {HX} · 11-20", "好的，款还没到账，这次没有记回款。到账后告诉我，我来记。"]
    assert n(chat, Payment) == 1 and [x[0] for x in logged(chat)] == ["C5"]


@pytest.mark.parametrize("text,reply", [("前几天拜访了明德食品", "没看出是哪天的事，没有记录。"),
                                        ("前些天去明德食品拜访了邱总", "没看出是哪天的事，没有记录。"),
                                        ("visited Acme a few days ago", "I couldn't tell which day that was")])
def test_a_day_the_engine_cannot_read_is_asked_never_today(chat, text, reply):
    r = only(chat.say("R01", text=text))
    assert r.text.startswith(reply)
    assert logged(chat) == []


def test_a_message_is_saved_whole_or_not_at_all(chat, db_url):
    """A database refusal of the visit (a trigger stands in for any failure), written after the payment, leaves
    the payment unsaved too: every record of a message is written in the dispatcher's one transaction."""
    from sqlalchemy import text as sql

    from storage.models import InboundMessage

    with chat.dispatcher.engine.begin() as c:
        if db_url.startswith("sqlite"):
            c.execute(sql("CREATE TRIGGER no_act BEFORE INSERT ON activities BEGIN SELECT RAISE(ABORT, 'no'); END"))
        else:
            c.execute(sql("CREATE FUNCTION no_pay() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no'; END $$ "
                          "LANGUAGE plpgsql"))
            c.execute(sql("CREATE TRIGGER no_act BEFORE INSERT ON activities FOR EACH ROW EXECUTE FUNCTION no_pay()"))
    r = only(chat.say("R01", text="今天拜访了华信电子，收到回款20万"))  # read: the payment, then the visit
    assert r.text.startswith("抱歉，处理这条消息时出错了")
    assert logged(chat) == [] and n(chat, Payment) == 1
    assert q(chat, select(InboundMessage.status)) == [("failed",)]
