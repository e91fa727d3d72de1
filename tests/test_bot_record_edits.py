"""Edits in words and undo on capture v2 messages: an amount edit of a payment changes the payment (never
a deal), of a win its deal and contract; a customer edit moves the message's first customer only and
obeys the write rule; undo keeps what later messages built on; "which deal?" answered in words."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from domain.types import ActivityRecord, ContractRecord, DealRecord, PaymentRecord
from storage.models import Activity, Contract, Deal, DealEvent, Payment
from tests.records_support import only, q, save_parsed, team_chat

MD, JC, HX = "杭州明德食品集团有限公司", "南京明德建材有限公司", "南京华信电子有限公司"
DAY = date(2026, 11, 20)


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


@pytest.mark.parametrize("edit,cents,line", [
    ("金额改成25万", 25000000, "💰 回款 ¥250,000 · 南京华信电子有限公司 · 合同余额 ¥350,000"),
    ("amount should be 250k", 25000000, "💰 回款 ¥250,000 · 南京华信电子有限公司 · 合同余额 ¥350,000"),
])
def test_an_amount_edit_of_a_payment_changes_the_payment_never_a_deal(chat, edit, cents, line):
    deals = q(chat, select(Deal.id, Deal.amount_cents).order_by(Deal.id))
    events = q(chat, select(func.count()).select_from(DealEvent))
    only(save_parsed(chat, "R01", [PaymentRecord(customer=HX, customer_id="C5", amount=200000, received_on=DAY)]))
    r = only(chat.say("R01", text=edit))
    assert r.text.splitlines() == ["✏️ 已修改", line]
    assert q(chat, select(Payment.amount_cents).where(Payment.by == "R01")) == [(cents,)]
    assert q(chat, select(Deal.id, Deal.amount_cents).order_by(Deal.id)) == deals
    assert q(chat, select(func.count()).select_from(DealEvent)) == events


def test_an_amount_edit_of_a_win_changes_its_deal_and_contract(chat):
    only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="won", amount=1200000),
                                   ContractRecord(customer=MD, customer_id="C1", amount=1200000)]))
    r = only(chat.say("R01", text="金额改成130万"))
    assert "📈 商机 赢单 · ¥1,300,000" in r.text and "📄 合同 ¥1,300,000" in r.text
    assert q(chat, select(Deal.amount_cents).where(Deal.id == "D3")) == [(130000000,)]
    assert q(chat, select(Contract.amount_cents, Contract.deal_id).where(Contract.customer_id == "C1")) == [
        (130000000, "D3")]


def test_a_customer_edit_to_another_reps_customer_is_refused_and_keeps_the_record(chat):
    only(save_parsed(chat, "R01", [ActivityRecord(customer=MD, customer_id="C1", date=DAY)], text="拜访明德食品"))
    r = only(chat.say("R01", text="不是明德食品，是天启教育"))
    assert r.text == "这个客户不在你的名下，没有记录。"
    assert q(chat, select(Activity.customer_id).where(Activity.message_id.is_not(None))) == [("C1",)]


def test_a_customer_edit_of_a_round_up_moves_its_first_customer_only(chat):
    only(save_parsed(chat, "R01", [ActivityRecord(customer=MD, customer_id="C1", date=DAY),
                                   ActivityRecord(customer=HX, customer_id="C5", date=DAY)]))
    r = only(chat.say("R01", text="不是明德食品，是明德建材"))
    assert r.text.splitlines()[1:] == [f"✅ 已记录 拜访 · {JC} · 11-20", f"✅ 已记录 拜访 · {HX} · 11-20"]
    assert q(chat, select(Activity.customer_id).where(Activity.message_id.is_not(None))
             .order_by(Activity.customer_id)) == [("C2",), ("C5",)]


def test_an_edit_of_a_loss_keeps_the_loss(chat):
    only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="lost")]))
    r = only(chat.say("R01", text="金额改成50万"))
    assert r.text.splitlines()[-1] == "📈 商机 输单 · ¥500,000"
    assert q(chat, select(DealEvent.stage).where(DealEvent.deal_id == "D3").order_by(DealEvent.id)) == [
        ("negotiation",), ("lost",)]


def test_undoing_a_contract_money_was_later_received_on_keeps_the_contract(chat):
    first = only(save_parsed(chat, "R01", [DealRecord(customer=MD, customer_id="C1", deal_id="D3", stage="won"),
                                           ContractRecord(customer=MD, customer_id="C1")]))
    only(save_parsed(chat, "R01", [PaymentRecord(customer=MD, customer_id="C1", amount=100000)]))
    u = only(chat.say("R01", press=first.buttons[0].id))
    assert u.text.startswith("↩️ 已撤销")
    assert q(chat, select(Contract.amount_cents).where(Contract.customer_id == "C1")) == [(60000000,)]
    assert q(chat, select(Payment.amount_cents).where(Payment.by == "R01")) == [(10000000,)]
    assert q(chat, select(DealEvent.stage).where(DealEvent.deal_id == "D3")) == [("negotiation",)]


@pytest.mark.parametrize("answer,deal", [("二期", "D1"), ("维保", "D2"), ("建材二期", "D1")])
def test_which_deal_answered_in_words(chat, answer, deal):
    ask = only(save_parsed(chat, "R01", [DealRecord(customer=JC, customer_id="C2", deal_candidates=["D1", "D2"],
                                                    stage="negotiation")]))
    assert len(ask.buttons) == 3
    r = only(chat.say("R01", text=answer))
    assert r.text.splitlines()[-1].startswith("📈 商机 商务谈判")
    assert q(chat, select(DealEvent.stage).where(DealEvent.deal_id == deal).order_by(DealEvent.id.desc())
             .limit(1)) == [("negotiation",)]


def test_which_contract_cancelled_in_words_saves_nothing(chat):
    only(save_parsed(chat, "R01", [PaymentRecord(customer="Acme Robotics Inc.", customer_id="C6", amount=5000,
                                                 currency="USD")], lang="en"))
    assert only(chat.say("R01", text="never mind")).text == "OK, cancelled; nothing was saved."
    assert q(chat, select(func.count()).select_from(Payment)) == [(1,)]


@pytest.mark.parametrize("edit", ["日期是昨天", "the date should be yesterday"])
def test_a_date_edit_of_a_round_up_moves_its_visits_of_that_day(chat, edit):
    only(save_parsed(chat, "R01", [ActivityRecord(customer=MD, customer_id="C1", date=DAY),
                                   ActivityRecord(customer=JC, customer_id="C2", date=DAY),
                                   ActivityRecord(customer=HX, customer_id="C5", date=date(2026, 11, 18))]))
    only(chat.say("R01", text=edit))
    assert q(chat, select(Activity.customer_id, Activity.occurred_on).where(Activity.message_id.is_not(None))
             .order_by(Activity.customer_id)) == [("C1", date(2026, 11, 19)), ("C2", date(2026, 11, 19)),
                                                  ("C5", date(2026, 11, 18))]


def test_an_open_which_deal_question_is_recalled_once_under_the_next_save(chat):
    only(save_parsed(chat, "R01", [DealRecord(customer=JC, customer_id="C2", deal_candidates=["D1", "D2"],
                                              stage="negotiation")]))
    r = only(save_parsed(chat, "R01", [ActivityRecord(customer=MD, customer_id="C1", date=DAY)]))
    assert r.text.splitlines()[-1] == f"❓ 还有一条待确认：{JC} 的哪个商机？回复数字或名称，或回复「算了」。"
    r = only(save_parsed(chat, "R01", [ActivityRecord(customer=HX, customer_id="C5", date=DAY)]))
    assert "❓" not in r.text
    assert only(chat.say("R01", text="维保")).text.splitlines()[-1].startswith("📈 商机 商务谈判")
