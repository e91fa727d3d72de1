""""今天要跟进谁" / "my follow-ups": a customer's open follow-ups (the follow-up date of its latest done
activity, and its planned activities) seen by the one visibility rule — every user under a manager at
any depth, never a same-named team's other branch. TEAM on Friday 2026-11-20: C1 (R01) follow-up 11-18,
C7 (R02) 11-19, C8 (R03, under M2) 11-20, and R01's planned visit to C3 today."""

from __future__ import annotations

from datetime import date

import pytest

from domain.types import ActivityRecord
from tests.records_support import only, save_parsed, team_chat

MD, HT, YH, TQ, JC = ("杭州明德食品集团有限公司", "上海恒通物流有限公司", "苏州远航电子有限公司", "天启教育科技有限公司",
                      "南京明德建材有限公司")
SEEN = {  # who asks -> customers listed (by hand from TEAM)
    "R01": {MD, HT},
    "R02": {YH},
    "R03": {TQ},
    "M1": {MD, HT, YH},
    "D9": {MD, HT, YH},  # two levels above R01/R02, in no team
    "M2": {TQ},  # same team name as M1's reps: none of theirs
    "U0": {MD, HT, YH, TQ},
}
ALL = {MD, HT, YH, TQ, JC}


@pytest.fixture
def chat(db_url, tmp_path):
    return team_chat(db_url, tmp_path)


def listed(text: str) -> set[str]:
    return {name for name in ALL if name in text}


@pytest.mark.parametrize("speaker", sorted(SEEN))
def test_follow_ups_follow_the_one_visibility_rule(chat, speaker):
    r = only(chat.say(speaker, text="今天要跟进谁"))
    assert r.text.splitlines()[0] == f"⏰ 到期跟进（{len(SEEN[speaker])}）："
    assert listed(r.text) == SEEN[speaker]


@pytest.mark.parametrize("speaker", ["D9", "M1"])
def test_a_manager_sees_whose_follow_up_it_is(chat, speaker):
    text = only(chat.say(speaker, text="my follow-ups")).text
    assert text.splitlines()[0] == "⏰ Follow-ups due (3):"
    assert f"• {MD}（王磊） — 11-18 (Wed) overdue · 再约" in text
    assert f"• {YH}（陈静） — 11-19 (Thu) overdue" in text


def test_a_plan_is_listed_on_its_day_and_leaves_once_done(chat):
    only(save_parsed(chat, "R01", [ActivityRecord(customer=JC, customer_id="C2", kind="call", status="planned",
                                                  date=date(2026, 11, 22), summary="给张伟打电话")]))
    assert JC not in only(chat.say("R01", text="今天要跟进谁")).text
    week = only(chat.say("R01", text="这周要跟进谁")).text
    assert week.startswith("⏰ 截至 11-22（周日）要跟进（3）：")
    assert f"• {JC} — 11-22（周日） · 🗓 电话 · 给张伟打电话" in week
    # the planned visit to 恒通 today is reported done: it is no longer due
    only(save_parsed(chat, "R01", [ActivityRecord(customer=HT, customer_id="C3", date=date(2026, 11, 20))]))
    assert listed(only(chat.say("R01", text="今天要跟进谁")).text) == {MD}


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
