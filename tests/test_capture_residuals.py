"""Residual misunderstandings found after the held-out rounds, one general rule per block.
Today is Wednesday 2026-11-18 unless a case says otherwise (directory: tests.capture_support)."""

from __future__ import annotations

from datetime import date

import pytest

from intents.questions import QuestionVocabulary, understand_question
from intents.registry import classify
from tests.capture_support import directory, mismatches

WED = date(2026, 11, 18)
DIR = directory()
V, D = "visit", "deal"


# --- claims: 了/一下/下 after 认领 is no part of the customer; "(我)认领了X" claims X ---
@pytest.mark.parametrize(("text", "argument"), [
    ("认领了华辰", "华辰"),
    ("我认领了华龙机械", "华龙机械"),
    ("认领一下华龙机械", "华龙机械"),
    ("认领下海川物流", "海川物流"),
    ("认领华龙机械", "华龙机械"),
    ("/claim Northstar", "Northstar"),
])
def test_claim_argument(text: str, argument: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.intent == "command" and got.command is not None, got
    assert (got.command.name, got.command.argument) == ("claim", argument)


@pytest.mark.parametrize("text", ["认领了吗", "我认领了哪些客户"])
def test_claim_questions_are_no_claims(text: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.command is None or got.command.name != "claim", got


# --- a contrast edit needs a replaceable value on both sides: "X，不是决策人" is a note, not an edit ---
@pytest.mark.parametrize("text", ["华龙机械，不是决策人", "华龙机械 林志强，不是决策人", "Northstar, not the decision maker"])
def test_not_a_role_is_a_log(text: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.intent == "log" and got.visit is not None and got.visit.customer_id in ("K01", "K09"), got


@pytest.mark.parametrize("text", ["瑞祥医药，不是华龙机械", "65万，不是60万", "周敏，不是林志强", "不是林志强，是周敏"])
def test_contrast_of_values_is_an_edit(text: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.command is not None and got.command.name == "edit", got


# --- stages: 还在谈/在谈价格/谈判中 are negotiation; 有兴趣/感兴趣/interested ≈ 意向 (METRICS.md:
#     qualified = 需求确认 / 意向), unless negated; a day a kind word names keeps 报价 a proposal ---
@pytest.mark.parametrize(("text", "stage"), [
    ("华龙机械 还在谈", "negotiation"),
    ("华龙机械 在谈价格", "negotiation"),
    ("华龙机械 谈判中", "negotiation"),
    ("华龙机械 有兴趣", "qualified"),
    ("华龙机械 林志强 很感兴趣", "qualified"),
    ("Northstar: Sarah is interested", "qualified"),
    ("Northstar: Sarah seems really interested in the rollout", "qualified"),
    ("华龙机械 上门 周三 报价", "proposal"),
    ("华龙机械 上门 周一 报价", "proposal"),
])
def test_stage_words(text: str, stage: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.intent == "log" and got.deal is not None and got.deal.stage == stage, got


@pytest.mark.parametrize("text", ["华龙机械 不感兴趣", "华龙机械 没兴趣", "Northstar: Sarah is not interested",
                                  "Northstar: asked Sarah if interested", "华龙机械 下周三报价"])
def test_no_stage(text: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.deal is None or got.deal.stage is None, got


# --- money: a unit price times the one count given is the total; a range keeps its lower bound ---
@pytest.mark.parametrize(("text", "amount", "currency"), [
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
def test_deal_amount(text: str, amount: float, currency: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.deal is not None and (got.deal.amount, got.deal.currency) == (amount, currency), got
    assert got.visit is None or got.visit.contact is None, got.visit  # 单价 is no contact


# --- days: 周末 is its Saturday (back: the latest one; ahead: the coming one); 年后 stays unset
#     (no spec rule for the lunar new year); a celebrated 签约仪式 on a bare weekday was held: won ---
SUN = date(2026, 11, 22)


@pytest.mark.parametrize(("text", "today", "expect"), [
    ("周末去了华龙机械", WED, {V: {"customer_id": "K01", "date": "2026-11-14", "followup_date": None}}),
    ("Northstar: met Sarah over the weekend", WED, {V: {"date": "2026-11-14"}}),
    ("华龙机械 周末拜访了林志强", SUN, {V: {"date": "2026-11-21"}}),
    ("华龙机械 周末再联系", WED, {V: {"date": "2026-11-18", "followup_date": "2026-11-21"}}),
    ("华龙机械 下周末见面", WED, {V: None, "records": [{"type": "activity", "status": "planned", "date": "2026-11-28"}]}),
    ("华龙机械 上周末拜访", WED, {V: {"date": "2026-11-14"}}),
    ("华龙机械 年后再联系", WED, {V: {"date": "2026-11-18", "followup_date": None}}),
    ("华龙机械 周一签约仪式 🎉", WED, {V: None, D: {"stage": "won", "close_date": None}}),
    ("华龙机械 签约仪式 🎉 周一", WED, {D: {"stage": "won", "close_date": None}}),
    ("Northstar signing ceremony Monday 🎉", WED, {D: {"stage": "won", "close_date": None}}),
    ("华龙机械 下周一签约仪式 🎉", WED, {D: {"stage": None, "close_date": "2026-11-23"}}),
    ("华龙机械 周一签约仪式", WED, {D: {"stage": None, "close_date": "2026-11-23"}}),
])
def test_days(text: str, today: date, expect: dict) -> None:
    got = classify(text, "R1", today, DIR, "CNY").model_dump(mode="json")
    assert not mismatches(got, {"intent": "log", **expect}), (text, mismatches(got, {"intent": "log", **expect}))


# --- "funnel" / "漏斗" alone is a question: the open pipeline by stage ---
@pytest.mark.parametrize("text", ["funnel", "漏斗", "销售漏斗", "the funnel"])
def test_funnel_alone_is_pipeline_by_stage(text: str) -> None:
    assert classify(text, "R1", WED, DIR, "CNY").intent == "query"
    vocab = QuestionVocabulary(reps={"王磊": "R1"}, roles={"R1": "rep"}, user_teams={}, teams=[], tiers=[],
                               regions=[], industries=[], sources=[])
    q = understand_question(text, asker_id="R1", today=WED, vocab=vocab)
    assert q is not None and (q.metric, q.group_by) == ("pipeline_amount", "stage"), q
