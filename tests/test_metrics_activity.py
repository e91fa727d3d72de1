"""activities, visits, new_leads: visibility, filters, groupings, time zone and the clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.settings import OrgSettings
from tests.metrics_support import ask, period, series, team, value


@pytest.fixture
def acts(engine):
    """November activities: R1 4 (3 visits, one on the pool customer C5, and a call), R2 one visit,
    R3 a meeting, R4 two visits, manager M1 a call; R1 also visited on 30 October."""
    w = team(engine)
    w.activity("R1", "C1", "2026-11-03")
    w.activity("R1", "C1", "2026-11-10")
    w.activity("R1", "C1", "2026-11-17", kind="call")
    w.activity("R1", "C5", "2026-11-11")
    w.activity("R1", "C1", "2026-10-30")
    w.activity("R2", "C2", "2026-11-05")
    w.activity("R3", "C3", "2026-11-12", kind="meeting")
    w.activity("R4", "C4", "2026-11-06")
    w.activity("R4", "C4", "2026-11-19")
    w.activity("M1", "C1", "2026-11-18", kind="call")
    return engine


@pytest.mark.parametrize(("asker", "activities", "visits"), [
    ("A0", 4 + 1 + 1 + 2 + 1, 3 + 1 + 2),  # admin: everyone
    ("M1", 4 + 1 + 1 + 1, 3 + 1),          # manager: self, R1, R2, and R3 two levels down
    ("S1", 1, 0),                          # sub-manager: R3 only
    ("R1", 4, 3),                          # rep: own, including the visit to a pool customer
    ("M2", 2, 2),
])
def test_counts_follow_visibility(acts, asker, activities, visits):
    assert value(acts, asker, "activities") == activities
    assert value(acts, asker, "visits") == visits


def test_by_rep_lists_visible_reps_in_id_order_with_zeros(acts):
    assert series(acts, "M1", "activities", "rep") == [("Alice", 4), ("Bob", 1), ("Carol", 1)]
    assert series(acts, "A0", "visits", "rep") == [("Alice", 3), ("Bob", 1), ("Carol", 0), ("Dan", 2)]
    # a rep asking "by rep" gets their own row alone
    assert series(acts, "R2", "activities", "rep") == [("Bob", 1)]
    assert series(acts, "S1", "visits", "rep") == [("Carol", 0)]


def test_by_team_and_kind(acts):
    assert series(acts, "A0", "activities", "team") == [("East", 7), ("South", 2)]
    assert series(acts, "M2", "activities", "team") == [("South", 2)]
    assert series(acts, "A0", "activities", "kind") == [
        ("visit", 6), ("call", 2), ("meeting", 1), ("demo", 0), ("message", 0)]


def test_customer_attribute_groups(acts):
    # tier A = C1, C3, C5: R1's 4 + R3's meeting + M1's call
    assert series(acts, "A0", "activities", "tier") == [("A", 6), ("B", 1), ("C", 2)]
    assert series(acts, "M1", "visits", "region") == [("North", 2), ("South", 1), ("West", 1)]


def test_filters_apply_before_grouping_and_never_widen(acts):
    assert value(acts, "A0", "activities", tier="A") == 6
    assert value(acts, "A0", "activities", tier="B") == 1  # same statement, other values
    assert value(acts, "A0", "activities", tier="Z") == 0
    assert value(acts, "A0", "activities", region="South") == 3
    assert value(acts, "A0", "activities", rep="R4") == 2
    assert value(acts, "A0", "activities", team="South") == 2
    assert value(acts, "A0", "activities", team="East") == 7
    assert value(acts, "R1", "activities", rep="R2") == 0
    assert value(acts, "M1", "activities", rep="R4") == 0
    assert value(acts, "M1", "activities", team="South") == 0
    assert series(acts, "M1", "activities", "rep", kind="call") == [("Alice", 1), ("Bob", 0), ("Carol", 0)]
    assert series(acts, "A0", "activities", "rep", team="South") == [("Dan", 2)]
    assert series(acts, "A0", "visits", "rep", rep="R1") == [("Alice", 3)]
    assert value(acts, "A0", "visits", kind="call") == 0
    assert value(acts, "A0", "activities", kind="call", tier="A") == 2
    assert series(acts, "A0", "activities", "kind", kind="call") == [("call", 2)]
    assert series(acts, "M1", "activities", "tier", kind="visit") == [("A", 3), ("B", 1)]


def test_period_bounds_are_inclusive(acts):
    assert value(acts, "R1", "activities", period("2026-10-30", "2026-11-03")) == 2
    assert value(acts, "R1", "activities", period("2026-10-31", "2026-11-02")) == 0
    assert value(acts, "R1", "activities", None) == 5  # no period: everything up to now


@pytest.fixture
def edges(engine):
    w = team(engine)
    w.activity("R1", "C1", "2026-11-15T23:30:00+00:00")  # Monday 16 Nov 07:30 in Shanghai
    w.activity("R1", "C1", "2026-11-15T15:59:00+00:00")  # Sunday 15 Nov 23:59 in Shanghai
    w.activity("R1", "C1", "2026-11-20T17:00:00+08:00")  # today, before now (18:00)
    w.activity("R1", "C1", "2026-11-20T19:00:00+08:00")  # today, after now: does not count
    w.activity("R1", "C1", "2026-11-23T10:00:00+08:00")  # next week: does not count
    return engine


def test_days_are_org_zone_days(edges):
    assert series(edges, "R1", "activities", "day", period("2026-11-14", "2026-11-20")) == [
        ("2026-11-14", 0), ("2026-11-15", 1), ("2026-11-16", 1), ("2026-11-17", 0),
        ("2026-11-18", 0), ("2026-11-19", 0), ("2026-11-20", 1)]
    assert value(edges, "R1", "activities", period("2026-11-16", "2026-11-20")) == 2
    assert value(edges, "R1", "activities", period("2026-11-09", "2026-11-15")) == 1


def test_nothing_after_now_counts(edges):
    this_week = period("2026-11-16", "2026-11-20")
    earlier = datetime.fromisoformat("2026-11-20T16:00:00+08:00")
    assert value(edges, "R1", "activities", this_week, now=earlier) == 1
    later = datetime.fromisoformat("2026-11-20T20:00:00+08:00")
    assert value(edges, "R1", "activities", this_week, now=later) == 3
    # a period running past today is cut at today
    assert value(edges, "R1", "activities", period("2026-11-16", "2026-11-30")) == 2
    # --now given in another offset means the same instant
    utc_now = datetime.fromisoformat("2026-11-20T10:00:00+00:00")
    assert value(edges, "R1", "activities", this_week, now=utc_now) == 2


def test_week_and_month_buckets_list_every_unit(edges):
    weekly = series(edges, "R1", "activities", "week", period("2026-09-28", "2026-11-20"))
    assert [w for w, _ in weekly] == ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26",
                                      "2026-11-02", "2026-11-09", "2026-11-16"]
    assert dict(weekly)["2026-11-09"] == 1 and dict(weekly)["2026-11-16"] == 2
    assert sum(v for _, v in weekly) == 3
    # a period starting mid-week still labels the week by its Monday
    assert series(edges, "R1", "activities", "week", period("2026-11-12", "2026-11-20")) == [
        ("2026-11-09", 1), ("2026-11-16", 2)]
    assert series(edges, "R1", "activities", "month", period("2026-06-01", "2026-11-20")) == [
        ("2026-06", 0), ("2026-07", 0), ("2026-08", 0), ("2026-09", 0), ("2026-10", 0), ("2026-11", 3)]


def test_org_zone_from_settings_decides_today(edges):
    # 2026-11-20T20:30 UTC is already Saturday 21 Nov in Shanghai: the 19:00 activity has happened
    org = OrgSettings(timezone="Asia/Shanghai")
    now = datetime.fromisoformat("2026-11-20T20:30:00+00:00")
    assert value(edges, "R1", "activities", period("2026-11-16", "2026-11-22"), now=now, org=org) == 3


@pytest.fixture
def leads(engine):
    w = team(engine)  # C1..C5 were created in January
    w.customer("C6", "R1", created="2026-11-02", source="Web")
    w.customer("C7", None, created="2026-11-03", source="Web")
    w.customer("C8", "R4", created="2026-10-31T16:30:00+00:00", source="Fair")  # 1 Nov 00:30 Shanghai
    w.customer("C9", "R2", created="2026-11-20T19:00:00+08:00", source="Fair")  # after now
    return engine


def test_new_leads(leads):
    assert value(leads, "A0", "new_leads") == 3  # C6, the pool's C7, C8
    assert value(leads, "M1", "new_leads") == 1  # pool customers count only for an admin
    assert value(leads, "R4", "new_leads") == 1
    assert series(leads, "A0", "new_leads", "rep") == [("Alice", 1), ("Bob", 0), ("Carol", 0), ("Dan", 1)]
    assert series(leads, "A0", "new_leads", "source") == [("Fair", 1), ("Web", 2)]
    assert series(leads, "A0", "new_leads", "team") == [("East", 1), ("South", 1)]
    assert value(leads, "A0", "new_leads", period("2026-10-31", "2026-10-31")) == 0
    later = datetime.fromisoformat("2026-11-21T09:00:00+08:00")
    assert value(leads, "A0", "new_leads", now=later) == 4
    assert value(leads, "A0", "new_leads", period("2026-01-01", "2026-01-31")) == 5


def test_unknown_asker_and_bad_grouping_are_clear_errors(acts):
    from storage.metrics import MetricError
    from storage.visibility import UnknownUser

    with pytest.raises(UnknownUser, match="nobody"):
        ask(acts, "nobody", "activities")
    with pytest.raises(MetricError, match="cannot be grouped by stage"):
        ask(acts, "A0", "activities", group_by="stage")
    with pytest.raises(MetricError):
        ask(acts, "A0", "new_leads", group_by="kind")


def test_weeks_across_a_year_end(engine):
    w = team(engine)
    w.activity("R1", "C1", "2026-12-31")             # Thursday of the week of Monday 28 Dec
    w.activity("R1", "C1", "2027-01-03T23:30:00+08:00")  # Sunday, same ISO week
    w.activity("R1", "C1", "2027-01-03T16:30:00+00:00")  # Monday 4 Jan 00:30 in Shanghai
    now = datetime.fromisoformat("2027-01-06T12:00:00+08:00")
    assert series(engine, "R1", "activities", "week", period("2026-12-28", "2027-01-06"), now=now) == [
        ("2026-12-28", 2), ("2027-01-04", 1)]
    assert series(engine, "R1", "activities", "month", period("2026-12-01", "2027-01-06"), now=now) == [
        ("2026-12", 1), ("2027-01", 2)]


def test_a_rep_by_team_sees_their_own_numbers_only(acts):
    assert series(acts, "R4", "activities", "team") == [("South", 2)]
    assert series(acts, "R1", "activities", "team") == [("East", 4)]
