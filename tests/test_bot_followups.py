""""今天要跟进谁" / "my follow-ups": in chat the same answer as `salesbot ask` — customers with an open follow-up
(the follow-up date of its latest done activity, or a planned activity) due today; overdue ones are their own
list ("逾期跟进的客户有哪些"). Seen by the one visibility rule — every user under a manager at
any depth, never a same-named team's other branch. TEAM on Friday 2026-11-20: C1 (R01) follow-up 11-18,
C7 (R02) 11-19, C8 (R03, under M2) 11-20, and R01's planned visit to C3 today."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answering import answer_question
from domain.settings import Settings
from domain.types import ActivityRecord
from tests.records_support import only, save_parsed, team_chat

MD, HT, YH, TQ, JC = ("杭州明德食品集团有限公司", "上海恒通物流有限公司", "苏州远航电子有限公司", "天启教育科技有限公司",
                      "南京明德建材有限公司")
# who asks -> customers due today (C8 11-20, R01's plan for C3 today), and overdue (C1 11-18, C7 11-19), by hand
DUE_TODAY = {"R01": {HT}, "R02": set(), "R03": {TQ}, "M1": {HT}, "D9": {HT}, "M2": {TQ}, "U0": {HT, TQ}}
OVERDUE = {"R01": {MD}, "R02": {YH}, "R03": set(), "M1": {MD, YH}, "D9": {MD, YH}, "M2": set(), "U0": {MD, YH}}
ALL = {MD, HT, YH, TQ, JC}


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


def listed(text: str) -> set[str]:
    return {name for name in ALL if name in text}


def asked(chat, speaker: str, text: str) -> str:
    """What `salesbot ask` answers to the same words at the same time."""
    return answer_question(chat.dispatcher.engine, Settings(), text, speaker, chat.now()).text


@pytest.mark.parametrize("speaker", sorted(DUE_TODAY))
@pytest.mark.parametrize("text", ["今天要跟进谁", "我今天该联系哪些客户", "my follow-ups", "who do I need to follow up with today"])
def test_due_today_is_answered_as_ask_answers_it_by_the_one_visibility_rule(chat, speaker, text):
    reply = only(chat.say(speaker, text=text)).text
    assert reply == asked(chat, speaker, text)
    assert listed(reply) == DUE_TODAY[speaker]  # overdue ones are their own question, never mixed in


@pytest.mark.parametrize("speaker", sorted(OVERDUE))
@pytest.mark.parametrize("text", ["逾期跟进的客户有哪些", "which follow-ups are overdue"])
def test_overdue_follow_ups_are_their_own_list(chat, speaker, text):
    reply = only(chat.say(speaker, text=text)).text
    assert reply == asked(chat, speaker, text)
    assert listed(reply) == OVERDUE[speaker]


@pytest.mark.parametrize("speaker", ["D9", "M1"])
def test_a_manager_sees_whose_follow_up_it_is(chat, speaker):
    text = only(chat.say(speaker, text="今天要跟进谁")).text
    assert f"{HT}（王磊）" in text


def test_a_plan_is_listed_on_its_day_and_leaves_once_done(chat):
    only(save_parsed(chat, "R01", [ActivityRecord(customer=JC, customer_id="C2", kind="call", status="planned",
                                                  date=date(2026, 11, 22), summary="给张伟打电话")]))
    assert JC not in only(chat.say("R01", text="今天要跟进谁")).text
    week = only(chat.say("R01", text="这周要跟进谁")).text  # this week runs to Sunday 11-22
    assert JC in week and HT in week
    # the planned visit to 恒通 today is reported done: nothing is due today any more
    only(save_parsed(chat, "R01", [ActivityRecord(customer=HT, customer_id="C3", date=date(2026, 11, 20))]))
    assert listed(only(chat.say("R01", text="今天要跟进谁")).text) == set()


def test_a_plan_counts_in_no_metric_until_done(chat):
    only(save_parsed(chat, "R01", [ActivityRecord(customer=MD, customer_id="C1", status="planned",
                                                  date=date(2026, 11, 20))]))
    assert only(chat.say("R01", text="我今天拜访了几次")).text.endswith("：0")


def test_nudges_read_done_activities_only(chat):
    from storage.followup_queries import overdue_by_owner, reps_without_activity

    # R01 plans a visit to 明德食品 next week and R02 plans one for today: neither is an activity yet
    only(save_parsed(chat, "R01", [ActivityRecord(customer=MD, customer_id="C1", status="planned",
                                                  date=date(2026, 11, 25))]))
    only(save_parsed(chat, "R02", [ActivityRecord(customer="青松药业有限公司", customer_id="C9", status="planned",
                                                  date=date(2026, 11, 20))]))
    with chat.dispatcher.engine.connect() as conn:
        overdue = overdue_by_owner(conn, date(2026, 11, 20))
        idle = [r[0] for r in reps_without_activity(conn, date(2026, 11, 20))]
    assert overdue["R01"] == [(MD, date(2026, 11, 18))]  # the plan is not its latest activity
    assert overdue["R02"] == [(YH, date(2026, 11, 19))]
    assert idle == ["R01", "R02", "R03"]  # a plan logs nothing
