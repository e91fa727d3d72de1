"""target_attainment, inactive_reps, overdue_followups, and who sees whom."""

from __future__ import annotations

from datetime import datetime

import pytest

from storage.visibility import UnknownUser, user_role, visible_user_ids
from tests.metrics_support import World, ask, period, series, team, value


def test_visible_user_ids(engine):
    team(engine)
    with engine.connect() as conn:
        assert visible_user_ids(conn, "A0") is None
        assert visible_user_ids(conn, "M1") == {"M1", "R1", "R2", "S1", "R3"}  # any depth
        assert visible_user_ids(conn, "S1") == {"S1", "R3"}
        assert visible_user_ids(conn, "M2") == {"M2", "R4"}
        assert visible_user_ids(conn, "R3") == {"R3"}
        assert user_role(conn, "S1") == "manager"
        assert user_role(conn, "ghost") is None
        with pytest.raises(UnknownUser):
            visible_user_ids(conn, "ghost")


def test_manager_cycle_terminates(engine):
    w = World(engine)
    w.user("X", "X", role="manager")
    w.user("Y", "Y", role="manager", manager="X")
    w.user("Z", "Z", manager="Y")
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE users SET manager_id = 'Y' WHERE id = 'X'")
    with engine.connect() as conn:
        assert visible_user_ids(conn, "X") == {"X", "Y", "Z"}


@pytest.fixture
def targets(engine):
    w = team(engine)
    w.deal("D1", "C1", "R1", 100000, [("2026-10-01", "lead", 100000), ("2026-11-05", "won")])
    w.deal("D2", "C2", "R2", 72000, [("2026-10-02", "lead", 72000), ("2026-11-10", "won")])
    w.deal("D3", "C1", "R1", 30000, [("2026-09-02", "lead", 30000), ("2026-10-15", "won")])
    w.deal("D4", "C4", "R4", 9000, [("2026-09-02", "lead", 9000), ("2026-11-20T19:00:00+08:00", "won")])
    w.target("R1", "2026-11-01", "2026-11-30", 200000)
    w.target("R2", "2026-11-01", "2026-11-30", 100000)
    w.target("R3", "2026-11-01", "2026-11-30", 100000)
    w.target("R4", "2026-11-01", "2026-11-30", 100000)
    w.target("R1", "2026-10-01", "2026-10-31", 60000)
    w.target("R1", "2026-12-01", "2026-12-31", 999999)
    w.target("M1", "2026-11-01", "2026-11-30", 500000)  # a manager is not a counted rep
    return engine


def test_target_attainment_takes_overlapping_targets_whole(targets):
    # this month (1..20 Nov): the whole November targets of the counted reps
    assert value(targets, "M1", "target_attainment") == pytest.approx(172000 / 400000)
    assert value(targets, "R1", "target_attainment") == pytest.approx(100000 / 200000)
    assert value(targets, "A0", "target_attainment") == pytest.approx(172000 / 500000)
    # this quarter (1 Oct .. 20 Nov): October's and November's targets; D3 won in October
    quarter = period("2026-10-01", "2026-11-20")
    assert value(targets, "M1", "target_attainment", quarter) == pytest.approx(202000 / 460000)
    # D4 is won after now: nothing yet for South
    assert value(targets, "M2", "target_attainment") == 0.0


def test_target_attainment_filters_and_groups(targets):
    assert series(targets, "M1", "target_attainment", "rep") == [
        ("Alice", 0.5), ("Bob", 0.72), ("Carol", 0.0)]
    assert series(targets, "A0", "target_attainment", "team") == [
        ("East", pytest.approx(172000 / 400000)), ("South", 0.0)]
    assert value(targets, "A0", "target_attainment", team="East") == pytest.approx(172000 / 400000)
    assert value(targets, "A0", "target_attainment", rep="R2") == pytest.approx(0.72)
    # only rep and team filters apply: a tier filter changes nothing
    assert value(targets, "M1", "target_attainment", tier="B") == pytest.approx(172000 / 400000)
    assert series(targets, "R1", "target_attainment", "month", period("2026-10-01", "2026-11-20")) == [
        ("2026-10", 0.5), ("2026-11", 0.5)]
    # a week across two months counts both months' targets whole: 26 Oct .. 1 Nov = October + November
    assert series(targets, "R1", "target_attainment", "week", period("2026-10-26", "2026-11-08")) == [
        ("2026-10-26", 0.0), ("2026-11-02", 0.5)]
    # no target at all: no ratio
    assert value(targets, "R1", "target_attainment", period("2026-01-01", "2026-01-31")) is None
    assert value(targets, "S1", "target_attainment", rep="S1") is None


@pytest.fixture
def logs(engine):
    w = team(engine)
    w.activity("R1", "C1", "2026-11-19")                            # R1 active
    w.activity("R2", "C2", "2026-11-10")                            # R2 last on 10 Nov
    w.activity("R2", "C2", "2026-11-20T20:00:00+08:00")             # after now: does not count
    w.activity("R4", "C4", "2026-11-01")                            # R4's last visit
    w.activity("R4", "C4", "2026-11-19", kind="call")               # R4 active, but only by phone
    # R3 never logged anything
    return engine


def test_inactive_reps(logs):
    last3 = period("2026-11-18", "2026-11-20")
    assert series(logs, "A0", "inactive_reps", None, last3) == [("Bob", 10), ("Carol", None)]
    assert series(logs, "M1", "inactive_reps", None, last3) == [("Bob", 10), ("Carol", None)]
    assert series(logs, "M2", "inactive_reps", None, last3) == []
    assert series(logs, "R2", "inactive_reps", None, last3) == [("Bob", 10)]
    # a kind filter narrows which activities count: who has not visited
    assert series(logs, "A0", "inactive_reps", None, last3, kind="visit") == [
        ("Bob", 10), ("Carol", None), ("Dan", 19)]
    assert series(logs, "A0", "inactive_reps", None, last3, team="South", kind="visit") == [("Dan", 19)]
    # the clock set forward makes R2's evening activity count
    later = datetime.fromisoformat("2026-11-20T21:00:00+08:00")
    assert series(logs, "A0", "inactive_reps", None, last3, now=later) == [("Carol", None)]
    # days run to the end of the period: last week, R2's 10 Nov is 5 days before Sunday 15 Nov
    week = period("2026-11-11", "2026-11-15")
    assert series(logs, "A0", "inactive_reps", None, week) == [("Alice", None), ("Bob", 5), ("Carol", None),
                                                               ("Dan", 14)]


def test_inactive_reps_is_always_a_list(logs):
    ans = ask(logs, "A0", "inactive_reps", period("2026-11-18", "2026-11-20"))
    assert ans.value is None and [p.label for p in ans.series] == ["Bob", "Carol"]


@pytest.fixture
def followups(engine):
    w = team(engine)
    w.customer("C6", "R2")
    w.activity("R1", "C1", "2026-11-02", followup="2026-11-25")
    w.activity("R1", "C1", "2026-11-10", followup="2026-11-15")  # latest on C1: overdue
    w.activity("R2", "C2", "2026-11-03", followup="2026-11-01")
    w.activity("R2", "C2", "2026-11-12")                         # latest on C2 has none: not overdue
    w.activity("R3", "C3", "2026-11-12", followup="2026-11-25")  # not yet due
    w.activity("R4", "C4", "2026-11-13", followup="2026-11-19")  # overdue
    w.activity("R4", "C4", "2026-11-20T20:00:00+08:00", followup="2026-11-30")  # after now
    w.activity("R1", "C5", "2026-10-20", followup="2026-11-01")  # pool customer: admin only
    w.activity("R2", "C6", "2026-11-18", followup="2026-11-20")  # due today: not overdue
    return engine


def test_overdue_followups(followups):
    assert value(followups, "A0", "overdue_followups", None) == 3  # C1, C4, C5
    assert value(followups, "M1", "overdue_followups", None) == 1  # C1
    assert value(followups, "M2", "overdue_followups", None) == 1  # C4
    assert value(followups, "R2", "overdue_followups", None) == 0
    assert series(followups, "A0", "overdue_followups", "rep", None) == [
        ("Alice", 1), ("Bob", 0), ("Carol", 0), ("Dan", 1)]
    assert series(followups, "A0", "overdue_followups", "tier", None) == [("A", 2), ("C", 1)]
    assert value(followups, "A0", "overdue_followups", None, region="South") == 1
    later = datetime.fromisoformat("2026-11-21T09:00:00+08:00")
    # tomorrow: C4's evening activity moved its follow-up on; C6's follow-up is now late
    assert value(followups, "A0", "overdue_followups", None, now=later) == 3  # C1, C5, C6
