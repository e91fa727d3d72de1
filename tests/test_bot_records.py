"""Saving every record of one message (capture v2) through the conversation's writing phase, with
ParseResult(records=[...]) built by hand: one receipt line per record in the speaker's language, one
transaction, undo of the whole message. Rows are read back with plain SQL; expected values by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select

from domain.types import (
    ActivityRecord,
    ContactRecord,
    ContractRecord,
    DealRecord,
    Installment,
    PaymentRecord,
)
from storage.models import Activity, Contact, Contract, Customer, Deal, DealEvent, Payment
from storage.models import Installment as Inst
from tests.records_support import n, only, q, save_parsed, team_chat

D = date.fromisoformat
MD, JC, HT, HX, ACME, QS = ("杭州明德食品集团有限公司", "南京明德建材有限公司", "上海恒通物流有限公司",
                            "南京华信电子有限公司", "Acme Robotics Inc.", "青松药业有限公司")


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


def act(cid, name, **kw):
    return ActivityRecord(customer=name, customer_id=cid, **kw)


# ---------- several activities, one message ----------

ROUND_UP = {"zh": ["✅ 已记录 拜访 · 杭州明德食品集团有限公司 · 11-20", "✅ 已记录 拜访 · 南京明德建材有限公司 · 11-20",
                   "✅ 已记录 电话 · 南京华信电子有限公司 · 11-19"],
            "en": ["✅ Saved visit · 杭州明德食品集团有限公司 · 11-20", "✅ Saved visit · 南京明德建材有限公司 · 11-20",
                   "✅ Saved call · 南京华信电子有限公司 · 11-19"]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_round_up_is_one_activity_per_customer_and_one_undo(chat, lang):
    before = n(chat, Activity)
    recs = [act("C1", MD, date=D("2026-11-20")), act("C2", JC, date=D("2026-11-20")),
            act("C5", HX, kind="call", date=D("2026-11-19"))]
    r = only(save_parsed(chat, "R01", recs, lang=lang))
    assert r.text.splitlines() == ROUND_UP[lang]
    got = q(chat, select(Activity.customer_id, Activity.kind, Activity.occurred_on, Activity.status)
            .where(Activity.message_id.is_not(None)).order_by(Activity.customer_id))
    assert got == [("C1", "visit", D("2026-11-20"), "done"), ("C2", "visit", D("2026-11-20"), "done"),
                   ("C5", "call", D("2026-11-19"), "done")]
    u = only(chat.say("R01", press=r.buttons[0].id))
    assert u.text == {"zh": "↩️ 已撤销：拜访 · 杭州明德食品集团有限公司 · 11-20 等 2 条",
                      "en": "↩️ Undone: visit · 杭州明德食品集团有限公司 · 11-20 and 2 more"}[lang]
    assert n(chat, Activity) == before


# ---------- planned activities ----------

@pytest.mark.parametrize("lang,line", [("zh", "🗓 计划 电话 · 杭州明德食品集团有限公司 · 11-23（周一）"),
                                       ("en", "🗓 Planned call · 杭州明德食品集团有限公司 · 11-23 (Mon)")])
def test_a_plan_is_stored_planned_not_done(chat, lang, line):
    r = only(save_parsed(chat, "R01", [act("C1", MD, kind="call", status="planned", date=D("2026-11-23"))],
                         lang=lang))
    assert r.text == line
    got = q(chat, select(Activity.status, Activity.occurred_on, Activity.kind).where(Activity.message_id.is_not(None)))
    assert got == [("planned", D("2026-11-23"), "call")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_with_no_day_is_asked_not_saved(chat, lang):
    before = n(chat, Activity)
    r = only(save_parsed(chat, "R01", [act("C1", MD, status="planned")], lang=lang))
    assert ("没看出计划是哪天" if lang == "zh" else "couldn't tell which day") in r.text
    assert n(chat, Activity) == before


@pytest.mark.parametrize("done_on,kind", [("2026-11-20", "visit"), ("2026-11-18", "visit"), ("2026-11-22", "visit")])
def test_reporting_a_planned_activity_done_completes_it_not_a_second_row(chat, done_on, kind):
    before = n(chat, Activity)  # A9: R01's planned visit to 恒通 on 11-20
    r = only(save_parsed(chat, "R01", [act("C3", HT, kind=kind, date=D(done_on), summary="见了王总")]))
    assert r.text.startswith(f"✅ 已记录 拜访 · 上海恒通物流有限公司 · {done_on[5:]}（计划已完成）")
    assert n(chat, Activity) == before
    assert q(chat, select(Activity.status, Activity.occurred_on, Activity.summary).where(Activity.id == "A9")) == [
        ("done", D(done_on), "见了王总")]
    only(chat.say("R01", text="撤销"))
    assert q(chat, select(Activity.status, Activity.occurred_on, Activity.summary).where(Activity.id == "A9")) == [
        ("planned", D("2026-11-20"), "拜访恒通")]


def test_a_done_activity_far_from_the_plan_or_by_someone_else_is_a_new_one(chat):
    before = n(chat, Activity)
    only(save_parsed(chat, "R01", [act("C3", HT, date=D("2026-11-10"))]))  # ten days before the plan
    only(save_parsed(chat, "M1", [act("C3", HT, date=D("2026-11-20"))]))  # the manager's own visit
    assert n(chat, Activity) == before + 2
    assert q(chat, select(Activity.status).where(Activity.id == "A9")) == [("planned",)]


@pytest.mark.parametrize("kind", ["call", "message"])
def test_a_done_activity_of_another_family_leaves_the_plan(chat, kind):
    """A planned visit is not used up by a call or a message (nor a planned call by a visit)."""
    before = n(chat, Activity)
    only(save_parsed(chat, "R01", [act("C3", HT, kind=kind, date=D("2026-11-20"))]))
    assert n(chat, Activity) == before + 1
    assert q(chat, select(Activity.status).where(Activity.id == "A9")) == [("planned",)]


@pytest.mark.parametrize("kind", ["meeting", "demo"])
def test_a_meeting_or_demo_on_site_completes_a_planned_visit(chat, kind):
    before = n(chat, Activity)
    only(save_parsed(chat, "R01", [act("C3", HT, kind=kind, date=D("2026-11-20"))]))
    assert n(chat, Activity) == before
    assert q(chat, select(Activity.status, Activity.kind).where(Activity.id == "A9")) == [("done", kind)]


# ---------- deals ----------

def test_a_deal_update_goes_to_the_deal_named_by_id(chat):
    r = only(save_parsed(chat, "R01", [DealRecord(customer=JC, customer_id="C2", deal_id="D2", stage="negotiation",
                                                  amount=90000)]))
    assert r.text.splitlines() == ["✅ 已记录 南京明德建材有限公司", "📈 商机 商务谈判 · ¥90,000 · 预计 12-15 成交"]
    assert q(chat, select(Deal.amount_cents).where(Deal.id.in_(["D1", "D2"])).order_by(Deal.id)) == [
        (30000000,), (9000000,)]


@pytest.mark.parametrize("lang,question,labels", [
    ("zh", "南京明德建材有限公司 有几个进行中的商机，是哪一个？",
     ["建材维保 · 方案报价 · ¥80,000", "建材二期 · 需求确认 · ¥300,000", "取消"]),
    ("en", "南京明德建材有限公司 has several open deals. Which one?",
     ["建材维保 · proposal · $80,000".replace("$", "¥"), "建材二期 · qualified · ¥300,000", "Cancel"]),
])
def test_several_open_deals_ask_which_and_the_whole_message_is_saved_on_the_answer(chat, lang, question, labels):
    recs = [act("C2", JC, date=D("2026-11-20")),
            DealRecord(customer=JC, customer_id="C2", deal_candidates=["D1", "D2"], stage="won", amount=320000),
            ContractRecord(customer=JC, customer_id="C2", amount=320000, signed_on=D("2026-11-20"))]
    before = n(chat, Activity)
    ask = only(save_parsed(chat, "R01", recs, lang=lang))
    assert ask.text == question and [b.label for b in ask.buttons] == labels
    assert n(chat, Activity) == before and n(chat, Contract) == 4  # nothing until answered
    r = only(chat.say("R01", text="2"))
    lines = r.text.splitlines()
    assert lines[0].endswith("南京明德建材有限公司 · 11-20") and len(lines) == 3
    assert q(chat, select(Deal.amount_cents).where(Deal.id == "D1")) == [(32000000,)]
    assert q(chat, select(DealEvent.stage).where(DealEvent.deal_id == "D2")) == [("proposal",)]
    assert q(chat, select(Contract.deal_id, Contract.amount_cents, Contract.owner_id)
             .where(Contract.customer_id == "C2")) == [("D1", 32000000, "R01")]
    assert n(chat, Activity) == before + 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_which_customer_then_which_deal_then_everything_saved(chat, lang):
    recs = [ActivityRecord(customer="明德", candidates=["C1", "C2"], kind="call", date=D("2026-11-20")),
            DealRecord(customer="明德", candidates=["C1", "C2"], stage="negotiation")]
    before = (n(chat, Activity), n(chat, DealEvent))
    first = only(save_parsed(chat, "R01", recs, lang=lang))
    assert [b.label for b in first.buttons][:2] == [MD, JC]
    second = only(chat.say("R01", text="2"))
    assert second.text == {"zh": f"{JC} 有几个进行中的商机，是哪一个？", "en": f"{JC} has several open deals. Which one?"}[lang]
    assert (n(chat, Activity), n(chat, DealEvent)) == before
    done = only(chat.say("R01", text="2"))
    assert done.text.splitlines()[0].endswith(f"{JC} · 11-20")
    assert q(chat, select(DealEvent.stage).where(DealEvent.deal_id == "D1").order_by(DealEvent.id.desc()).limit(1)) \
        == [("negotiation",)]
    assert (n(chat, Activity), n(chat, DealEvent)) == (before[0] + 1, before[1] + 1)


def test_a_new_deal_opens_beside_the_open_one(chat):
    r = only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", new=True, title="明德二期",
                                                  stage="proposal", amount=200000)], lang="en"))
    assert r.text.splitlines() == ["✅ Saved 杭州明德食品集团有限公司", "📈 Deal 明德二期 · proposal · ¥200,000"]
    assert q(chat, select(Deal.title, Deal.amount_cents, Deal.owner_id).where(Deal.customer_id == "C1")
             .order_by(Deal.created_at)) == [("明德一期", 60000000, "R01"), ("明德二期", 20000000, "R01")]


def test_a_deal_and_contract_a_manager_logs_belong_to_the_customers_owner(chat):
    only(save_parsed(chat, "M1", [DealRecord(customer=MD, customer_id="C1", new=True, title="明德三期", stage="won",
                                             amount=300000),
                                  ContractRecord(customer=MD, customer_id="C1", amount=300000)]))
    assert q(chat, select(Deal.owner_id).where(Deal.title == "明德三期")) == [("R01",)]
    assert q(chat, select(Contract.owner_id, Contract.title).where(Contract.customer_id == "C1")) == [("R01", "明德三期")]
    assert q(chat, select(DealEvent.by).join(Deal, Deal.id == DealEvent.deal_id).where(Deal.title == "明德三期")) == [
        ("M1",)]


LOSSES = [  # a loss of a deal that is not open
    (DealRecord(customer=QS, customer_id="C9", stage="lost", lost_reason="价格"), QS),  # no deal at all
    (DealRecord(customer=HX, customer_id="C5", deal_id="D5", stage="lost"), HX),  # already won
    (DealRecord(customer=HX, customer_id="C5", stage="lost"), HX),  # no open deal
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("rec,name", LOSSES)
def test_a_loss_of_a_deal_that_is_not_open_says_so_and_records_nothing(chat, rec, name, lang):
    before = (n(chat, Deal), n(chat, DealEvent))
    r = only(save_parsed(chat, "R01", [rec], lang=lang))
    assert r.text == {"zh": f"{name} 没有进行中的商机，输单没有记录。",
                      "en": f"{name} has no open deal, so no loss was recorded."}[lang]
    assert r.buttons == [] and (n(chat, Deal), n(chat, DealEvent)) == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_customer_not_yet_known_has_no_deal_to_lose_nor_contract_to_pay(chat, lang):
    before = (n(chat, Customer), n(chat, Deal), n(chat, Payment))
    r = only(save_parsed(chat, "R01", [DealRecord(customer="Huaxin", stage="lost")], lang=lang))
    assert r.text == {"zh": "Huaxin 没有进行中的商机，输单没有记录。", "en": "Huaxin has no open deal, so no loss was recorded."}[lang]
    r = only(save_parsed(chat, "R01", [PaymentRecord(customer="Huaxin", amount=1000)], lang=lang))
    assert r.text.startswith({"zh": "Huaxin 没有未结清的合同", "en": "Huaxin has no contract with money owed"}[lang])
    assert r.buttons == [] and (n(chat, Customer), n(chat, Deal), n(chat, Payment)) == before


def test_a_loss_note_rides_along_when_the_rest_is_saved(chat):
    r = only(save_parsed(chat, "R01", [act("C9", QS), DealRecord(customer=QS, customer_id="C9", stage="lost")]))
    assert r.text.splitlines() == ["✅ 已记录 拜访 · 青松药业有限公司 · 11-20", "青松药业有限公司 没有进行中的商机，输单没有记录。"]


def test_a_lost_reason_is_kept_on_the_event(chat):
    only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="lost",
                                              lost_reason="预算砍了")]))
    assert q(chat, select(DealEvent.stage, DealEvent.reason).where(DealEvent.deal_id == "D3")
             .order_by(DealEvent.id.desc()).limit(1)) == [("lost", "预算砍了")]


# ---------- contracts and payments ----------

@pytest.mark.parametrize("lang,lines", [
    ("zh", ["✅ 已记录 杭州明德食品集团有限公司", "📈 商机 赢单 · ¥1,200,000",
            "📄 合同 ¥1,200,000 · 杭州明德食品集团有限公司 · 签约 11-20 · 分 2 期：¥360,000 12-10, ¥840,000 2027-03-31"
            .replace("2027-03-31", "03-31")]),
    ("en", ["✅ Saved 杭州明德食品集团有限公司", "📈 Deal won · ¥1,200,000",
            "📄 Contract ¥1,200,000 · 杭州明德食品集团有限公司 · signed 11-20 · plan: ¥360,000 12-10, "
            "¥840,000 03-31"]),
])
def test_a_win_with_its_contract_and_payment_plan(chat, lang, lines):
    recs = [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="won", amount=1200000),
            ContractRecord(customer=MD, customer_id="C1", amount=1200000, signed_on=D("2026-11-20"),
                           installments=[Installment(due_on=D("2026-12-10"), amount=360000),
                                         Installment(due_on=D("2027-03-31"), amount=840000)])]
    r = only(save_parsed(chat, "R01", recs, lang=lang))
    assert r.text.splitlines() == lines
    (kid, deal, cents, owner, signed), = q(chat, select(Contract.id, Contract.deal_id, Contract.amount_cents,
                                                        Contract.owner_id, Contract.signed_on)
                                           .where(Contract.customer_id == "C1"))
    assert (deal, cents, owner, signed) == ("D3", 120000000, "R01", D("2026-11-20"))
    assert q(chat, select(Inst.due_on, Inst.amount_cents).where(Inst.contract_id == kid).order_by(Inst.due_on)) == [
        (D("2026-12-10"), 36000000), (D("2027-03-31"), 84000000)]
    only(chat.say("R01", text="撤销"))
    assert n(chat, Contract, Contract.customer_id == "C1") == 0 and n(chat, Inst, Inst.contract_id == kid) == 0


def test_a_contract_with_no_amount_takes_the_deals(chat):
    only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="won"),
                                   ContractRecord(customer=MD, customer_id="C1")]))
    assert q(chat, select(Contract.amount_cents, Contract.deal_id).where(Contract.customer_id == "C1")) == [
        (60000000, "D3")]


@pytest.mark.parametrize("lang,line", [("zh", "💰 回款 ¥200,000 · 南京华信电子有限公司 · 合同余额 ¥400,000"),
                                       ("en", "💰 Payment ¥200,000 · 南京华信电子有限公司 · contract balance ¥400,000")])
def test_a_payment_finds_the_one_contract_owed_and_never_touches_a_deal(chat, lang, line):
    deal_before = q(chat, select(Deal.amount_cents, Deal.expected_close).where(Deal.id == "D5"))
    events = n(chat, DealEvent)
    r = only(save_parsed(chat, "R01", [PaymentRecord(customer=HX, customer_id="C5", amount=200000,
                                                     received_on=D("2026-11-20"))], lang=lang))
    assert r.text == line
    assert q(chat, select(Payment.contract_id, Payment.amount_cents, Payment.by, Payment.received_on)
             .where(Payment.contract_id == "K5")) == [("K5", 20000000, "R01", D("2026-11-20"))]
    assert q(chat, select(Deal.amount_cents, Deal.expected_close).where(Deal.id == "D5")) == deal_before
    assert n(chat, DealEvent) == events


def test_a_payment_with_several_contracts_owed_asks_which(chat):
    ask = only(save_parsed(chat, "R01", [PaymentRecord(customer=ACME, customer_id="C6", amount=12000,
                                                       currency="USD")], lang="en"))
    assert ask.text == "Acme Robotics Inc. has several contracts with money owed. Which one is this payment for?"
    assert [b.label for b in ask.buttons] == ["Acme support · signed 10-01 · contract balance $20,000",
                                              "Acme phase 1 · signed 08-01 · contract balance $50,000", "Cancel"]
    r = only(chat.say("R01", press=ask.buttons[1].id))
    assert r.text == "💰 Payment $12,000 · Acme Robotics Inc. · contract balance $38,000"
    assert q(chat, select(Payment.contract_id, Payment.amount_cents).where(Payment.by == "R01")) == [("K61", 1200000)]


def stored(chat, model, **row):
    with chat.dispatcher.engine.begin() as c:
        c.execute(insert(model.__table__).values(created_at=datetime(2026, 11, 1, tzinfo=UTC), **row))


# the balance is as of today (METRICS.md "Contracts and payments"): money dated after today is not in it
@pytest.mark.parametrize("lang,line", [("zh", "💰 回款 ¥200,000 · 南京华信电子有限公司 · 合同余额 ¥400,000"),
                                       ("en", "💰 Payment ¥200,000 · 南京华信电子有限公司 · contract balance ¥400,000")])
def test_a_payments_receipt_leaves_out_money_dated_after_today(chat, lang, line):
    stored(chat, Payment, id="Y9", contract_id="K5", received_on=D("2026-12-05"), amount_cents=10000000, by="R01")
    r = only(save_parsed(chat, "R01", [PaymentRecord(customer=HX, customer_id="C5", amount=200000,
                                                     received_on=D("2026-11-20"))], lang=lang))
    assert r.text == line  # 600,000 - 200,000; the 100,000 of 12-05 is not received yet


def test_the_contracts_a_payment_may_go_to_are_those_owed_as_of_today(chat):
    # K62 is paid in full only by money dated next month: today it still owes $20,000
    stored(chat, Payment, id="Y9", contract_id="K62", received_on=D("2026-12-15"), amount_cents=2000000, by="R01")
    # K63 is signed only next month: nothing is owed on it yet
    stored(chat, Contract, id="K63", customer_id="C6", owner_id="R01", title="Acme phase 2", amount_cents=500000,
           currency="USD", signed_on=D("2026-12-01"))
    ask = only(save_parsed(chat, "R01", [PaymentRecord(customer=ACME, customer_id="C6", amount=12000,
                                                       currency="USD")], lang="en"))
    assert [b.label for b in ask.buttons] == ["Acme support · signed 10-01 · contract balance $20,000",
                                              "Acme phase 1 · signed 08-01 · contract balance $50,000", "Cancel"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_payment_with_no_contract_owed_is_not_recorded(chat, lang):
    r = only(save_parsed(chat, "R01", [PaymentRecord(customer=HT, customer_id="C3", amount=50000)], lang=lang))
    assert r.text.startswith({"zh": "上海恒通物流有限公司 没有未结清的合同", "en": "上海恒通物流有限公司 has no contract"}[lang])
    assert n(chat, Payment) == 1


def test_a_payment_said_with_the_contract_it_pays_lands_on_that_contract(chat):
    only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="won"),
                                   ContractRecord(customer=MD, customer_id="C1", amount=600000),
                                   PaymentRecord(customer=MD, customer_id="C1", amount=180000)]))
    (kid,), = q(chat, select(Contract.id).where(Contract.customer_id == "C1"))
    assert q(chat, select(Payment.contract_id, Payment.amount_cents).where(Payment.by == "R01")) == [(kid, 18000000)]


# ---------- amounts the engine or the bounds doubt ----------

DOUBTFUL = [
    ([DealRecord(customer=MD, customer_id="C1", deal_id="D3", amount=5e11)], []),
    ([PaymentRecord(customer=HX, customer_id="C5", amount=-20000)], []),
    ([ContractRecord(customer=MD, customer_id="C1", amount=100000,
                     installments=[Installment(due_on=D("2026-12-01"), amount=1e12)])], []),
    ([DealRecord(customer=MD, customer_id="C1", deal_id="D3", amount=880000)], ["amount: implausible"]),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("recs,trace", DOUBTFUL)
def test_a_doubtful_amount_is_asked_about_never_saved(chat, recs, trace, lang):
    before = (n(chat, Deal), n(chat, DealEvent), n(chat, Payment), n(chat, Contract))
    r = only(save_parsed(chat, "R01", [act("C1", MD)] + recs, lang=lang, trace=trace))
    assert r.text.startswith({"zh": "金额 ", "en": "The amount "}[lang]) and r.buttons == []
    assert (n(chat, Deal), n(chat, DealEvent), n(chat, Payment), n(chat, Contract)) == before
    assert n(chat, Activity, Activity.message_id.is_not(None)) == 0


def test_an_amount_the_engine_rejected_is_asked_about_with_the_amount_said(chat):
    rec = DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="proposal")
    rec.amount_rejected = -500000
    r = only(save_parsed(chat, "R01", [rec], notes=["amount_rejected"]))
    assert r.text == "金额 -¥500,000 看起来不对，没有记录。请确认金额后再发一次。"
    r = only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="proposal")],
                         notes=["amount_rejected"], lang="en"))
    assert r.text == "The amount looks wrong, so nothing was saved. Please check it and send again."
    assert n(chat, DealEvent, DealEvent.deal_id == "D3") == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_payment_with_no_amount_is_asked_about(chat, lang):
    r = only(save_parsed(chat, "R01", [PaymentRecord(customer=HX, customer_id="C5")], lang=lang))
    assert r.text.startswith({"zh": "回款金额是多少？", "en": "How much was received?"}[lang])
    assert n(chat, Payment) == 1


def test_a_message_the_engine_says_touches_an_unseen_customer_saves_nothing(chat):
    r = only(save_parsed(chat, "R01", [act("C1", MD)], notes=["out_of_view"], lang="en"))
    assert r.text == "That customer isn't yours; nothing was saved."
    assert n(chat, Activity, Activity.message_id.is_not(None)) == 0


# ---------- contacts ----------

@pytest.mark.parametrize("lang,line", [("zh", "👤 联系人 王芳 · 采购 · 13800001111 · wf@mingde.cn · 杭州明德食品集团有限公司"),
                                       ("en", "👤 Contact 王芳 · 采购 · 13800001111 · wf@mingde.cn · 杭州明德食品集团有限公司")])
def test_a_new_contact_is_created_with_its_details(chat, lang, line):
    r = only(save_parsed(chat, "R01", [ContactRecord(customer=MD, customer_id="C1", name="王芳", title="采购",
                                                     phone="13800001111", email="wf@mingde.cn")], lang=lang))
    assert r.text == line
    assert q(chat, select(Contact.name, Contact.title, Contact.phone, Contact.email)
             .where(Contact.customer_id == "C1", Contact.name == "王芳")) == [
        ("王芳", "采购", "13800001111", "wf@mingde.cn")]


def test_a_known_contacts_new_phone_updates_it_and_undo_restores_it(chat):
    r = only(save_parsed(chat, "R01", [ContactRecord(customer=MD, customer_id="C1", name="邱总", phone="13912345678")]))
    assert r.text == "👤 联系人 邱建 · 总经理 · 13912345678 · 杭州明德食品集团有限公司"
    assert q(chat, select(Contact.phone).where(Contact.id == "P1")) == [("13912345678",)]
    assert n(chat, Contact) == 2
    only(chat.say("R01", text="撤销"))
    assert q(chat, select(Contact.phone).where(Contact.id == "P1")) == [("13800000001",)]


@pytest.mark.parametrize("said,phone,contact,customer", [("邱总", "13900001111", "P1", MD),
                                                         ("Mrs Walker", "+1 415 555 0100", "P6", ACME)])
def test_a_contact_named_alone_is_found_among_the_speakers_customers(chat, said, phone, contact, customer):
    r = only(save_parsed(chat, "R01", [ContactRecord(name=said, phone=phone)]))
    assert r.text.startswith("👤 联系人 ") and r.text.endswith(f"{phone} · {customer}")
    assert q(chat, select(Contact.phone).where(Contact.id == contact)) == [(phone,)]


@pytest.mark.parametrize("speaker,said", [("R01", "王总"), ("R02", "邱总")])  # nobody, or not R02's customer
def test_a_contact_named_alone_that_is_not_the_speakers_is_asked_for_its_customer(chat, speaker, said):
    r = only(save_parsed(chat, speaker, [ContactRecord(name=said, phone="13900001111")]))
    assert r.text.startswith("没看出是哪个客户")
    assert q(chat, select(Contact.phone).where(Contact.id == "P1")) == [("13800000001",)]


# ---------- a new customer asked once, then everything saved ----------

def test_a_new_customer_is_asked_once_and_every_record_saved_on_yes(chat):
    name = "宁波星河科技有限公司"
    recs = [act(None, name, contact="李总"), DealRecord(customer=name, stage="qualified", amount=150000)]
    ask = only(save_parsed(chat, "R01", recs))
    assert ask.text == f"没找到客户「{name}」。要新建这个客户并记录吗？"
    r = only(chat.say("R01", text="好"))
    assert r.text.splitlines() == [f"✅ 已记录 拜访 · 🆕 {name} · 李总 · 11-20", "📈 商机 需求确认 · ¥150,000"]
    (cid, owner), = q(chat, select(Customer.id, Customer.owner_id).where(Customer.name == name))
    assert owner == "R01"
    assert q(chat, select(Deal.amount_cents, Deal.owner_id).where(Deal.customer_id == cid)) == [(15000000, "R01")]
    only(chat.say("R01", text="撤销"))
    assert n(chat, Customer, Customer.name == name) == 0 and n(chat, Deal, Deal.customer_id == cid) == 0


def test_a_new_customer_signed_at_once_gets_its_deal_and_contract_on_yes(chat):
    name = "宁波星河科技有限公司"
    recs = [DealRecord(customer=name, stage="won", amount=500000),
            ContractRecord(customer=name, amount=500000, installments=[Installment(due_on=D("2026-12-31"),
                                                                                   amount=250000)])]
    ask = only(save_parsed(chat, "R01", recs, lang="en"))
    assert ask.text == f"No customer \"{name}\" yet. Create it and save?"
    r = only(chat.say("R01", text="yes"))
    assert r.text.splitlines() == [f"✅ Saved 🆕 {name}", "📈 Deal won · ¥500,000",
                                   f"📄 Contract ¥500,000 · 🆕 {name} · signed 11-20 · plan: ¥250,000 12-31"]
    (cid,), = q(chat, select(Customer.id).where(Customer.name == name))
    (did,), = q(chat, select(Deal.id).where(Deal.customer_id == cid))
    assert q(chat, select(Contract.deal_id, Contract.owner_id).where(Contract.customer_id == cid)) == [(did, "R01")]
    only(chat.say("R01", text="undo"))
    assert n(chat, Customer, Customer.name == name) == 0 and n(chat, Contract, Contract.customer_id == cid) == 0


def test_create_x_answered_twice_creates_one_customer(chat):
    name = "宁波星河科技有限公司"
    first = only(save_parsed(chat, "R01", [act(None, name, date=D("2026-11-20"))]))
    second = only(save_parsed(chat, "R01", [act(None, name, kind="call", date=D("2026-11-19"))]))
    only(chat.say("R01", press=first.buttons[0].id))
    r = only(chat.say("R01", press=second.buttons[0].id))
    assert r.text == f"✅ 已记录 电话 · {name} · 11-19"  # no 🆕: it was there already
    (cid,), = q(chat, select(Customer.id).where(Customer.name == name))
    assert q(chat, select(Activity.kind).where(Activity.customer_id == cid).order_by(Activity.kind)) == [
        ("call",), ("visit",)]


# ---------- customers outside the speaker's view ----------

@pytest.mark.parametrize("lang,note", [("zh", "有一个客户不在你的名下"), ("en", "One customer named isn't yours")])
def test_a_round_up_keeps_its_own_customers_and_drops_only_the_hidden_one(chat, lang, note):
    before = n(chat, Activity)
    hidden = act(None, "远航电子", date=D("2026-11-20"))
    hidden.out_of_view = True
    replies = save_parsed(chat, "R01", [act("C1", MD, date=D("2026-11-20")), hidden], lang=lang,
                          notes=["out_of_view"])
    text = only(replies).text
    assert note in text and "远航" not in text and "R02" not in text
    assert n(chat, Activity) == before + 1
    assert n(chat, Activity, Activity.customer_id == "C7") == 1  # only R02's own earlier call


def test_a_message_only_about_a_hidden_customer_records_nothing(chat):
    before = n(chat, Activity)
    hidden = act(None, "远航电子", date=D("2026-11-20"))
    hidden.out_of_view = True
    r = only(save_parsed(chat, "R01", [hidden], notes=["out_of_view"]))
    assert r.text == "这个客户不在你的名下，没有记录。"
    assert n(chat, Activity) == before
