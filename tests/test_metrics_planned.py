"""Planned activities (status `planned`) count in no metric until done (METRICS.md)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from domain.settings import OrgSettings
from domain.types import MetricQuery
from storage.metrics import compute
from storage.models import Activity
from tests.metrics_support import NOW, local_date, period, series, team, ts, value

LAST3 = period("2026-11-18", "2026-11-20")


def _activity(engine, aid: str, user: str, customer: str, at: str, status: str, kind: str = "visit",
              followup: str | None = None) -> None:
    when = ts(at)
    with engine.begin() as conn:
        conn.execute(insert(Activity.__table__), [dict(
            id=aid, user_id=user, customer_id=customer, kind=kind, occurred_at=when, occurred_on=local_date(when),
            status=status, followup_date=date.fromisoformat(followup) if followup else None)])


def _world(engine):
    w = team(engine)
    _activity(engine, "A1", "R1", "C1", "2026-11-18", "done")
    _activity(engine, "A2", "R1", "C1", "2026-11-19", "planned")           # a plan that was not done
    _activity(engine, "A3", "R2", "C2", "2026-11-20T09:00:00+08:00", "planned", kind="call")
    _activity(engine, "A4", "R2", "C2", "2026-11-10", "done", kind="call")
    return w


def test_planned_activities_are_not_counted(engine):
    _world(engine)
    assert value(engine, "A0", "activities") == 2          # A1, A4
    assert value(engine, "A0", "visits") == 1              # A1 only, not the planned A2
    assert series(engine, "M1", "activities", "rep") == [("Alice", 1), ("Bob", 1), ("Carol", 0)]
    by_kind = dict(series(engine, "A0", "activities", "kind"))
    assert (by_kind["visit"], by_kind["call"], by_kind["demo"]) == (1, 1, 0)


def test_a_rep_with_only_plans_is_inactive(engine):
    _world(engine)
    _activity(engine, "A5", "R3", "C3", "2026-11-20T08:00:00+08:00", "planned")
    got = compute(engine, MetricQuery(metric="inactive_reps", period=LAST3), "M1", NOW, OrgSettings())
    # Bob's plan today does not count: his last done call was 10 Nov (10 days before 20 Nov)
    assert [(p.label, p.value) for p in got.series or []] == [("Bob", 10.0), ("Carol", None)]


def test_a_planned_activity_past_its_day_is_an_overdue_followup(engine):
    _world(engine)
    # C1: latest done activity has no follow-up, but the plan of 19 Nov was never done -> overdue
    # C2: its plan is today (not before today) and the done call has no follow-up -> not overdue
    assert value(engine, "A0", "overdue_followups", when=None) == 1
    _activity(engine, "A6", "R2", "C2", "2026-11-19", "done", followup="2026-11-25")
    _activity(engine, "A7", "R3", "C3", "2026-11-12", "done", followup="2026-11-16")
    assert value(engine, "A0", "overdue_followups", when=None) == 2   # C1 and C3
