"""The two metrics that are not one plain aggregation: `target_attainment` (won amount over
the targets that overlap the period) and `inactive_reps` (who logged nothing)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Connection, Select, bindparam, func, select

from domain.settings import OrgSettings
from domain.types import Filters, MetricQuery, Period, SeriesPoint
from storage.metric_core import Clock, MetricError, as_of_now, shape_of, statement
from storage.metric_scope import (
    TIME_UNITS,
    bind_values,
    bucket_range,
    filter_names,
    group_frame,
    rep_groups,
    scope_conditions,
    users,
    users_statement,
)
from storage.models import Activity, Customer, Target

activities = Activity.__table__
customers = Customer.__table__
targets = Target.__table__

TARGET_GROUPINGS = frozenset({"rep", "team", *TIME_UNITS})


def inactive_reps(conn: Connection, query: MetricQuery, period: Period | None, visible: set[str] | None,
                  clock: Clock) -> list[SeriesPoint]:
    """The visible reps with no (such) activity in the period, by id; each valued by the days
    from their last such activity up to the period's end to that end (None when never)."""
    f = query.filters
    stmt = _inactive_statement(visible is None, filter_names(f), period is not None,
                               period is None or period.end >= clock.today, clock.later_activities)
    out = []
    for _rep_id, name, seen in conn.execute(stmt, bind_values(f, period, visible, now=clock.now, today=clock.today)):
        if seen is None:
            out.append(SeriesPoint(label=name, value=None))
        elif period is not None and seen < period.start:
            out.append(SeriesPoint(label=name, value=float((period.end - seen).days)))
    return out


@lru_cache(maxsize=64)
def _inactive_statement(everyone: bool, names: frozenset[str], has_period: bool, check_now: bool,
                        later: bool) -> Select:
    """Each visible rep (kept by the rep/team filters) with the date of their last activity
    (of the filtered kind, on customers of the filtered attributes) up to the period's end."""
    a = activities
    conds = [a.c.user_id == users.c.id, a.c.status == "done"]
    conds += scope_conditions(a.c.user_id, a.c.customer_id, True, names - {"rep", "team"})
    if "kind" in names:
        conds.append(a.c.kind == bindparam("kind"))
    if has_period:
        conds.append(a.c.occurred_on <= bindparam("end"))
    conds += as_of_now(a.c.occurred_on, a.c.occurred_at, check_now, later)
    last = select(func.max(a.c.occurred_on)).where(*conds).scalar_subquery()
    return users_statement(False, everyone, names & {"rep", "team"}).add_columns(last.label("last_on"))


def target_attainment(conn: Connection, query: MetricQuery, period: Period | None, visible: set[str] | None,
                      clock: Clock, org: OrgSettings) -> tuple[float | None, list[SeriesPoint] | None]:
    """won_amount in the period ÷ the counted reps' won_amount targets whose period overlaps it,
    taken whole; only the rep and team filters apply. Returns (value, series)."""
    key = query.group_by
    if key is not None and key not in TARGET_GROUPINGS:
        raise MetricError("target_attainment can be grouped by " + ", ".join(sorted(TARGET_GROUPINGS)))
    f = Filters(rep=query.filters.rep, team=query.filters.team)
    won_query = MetricQuery(metric="won_amount", period=period, group_by=key, filters=f)
    stmt, _family = statement(shape_of(won_query, period, visible, clock, org))
    params = bind_values(f, period, visible, now=clock.now, today=clock.today)
    rep_ids = [r for r, _ in rep_groups(conn, visible, f)]

    t = targets
    tw = [t.c.metric == "won_amount", t.c.user_id.in_(rep_ids)]
    if period is not None:
        tw += [t.c.start <= period.end, t.c.end >= period.start]
    if key is None:
        won = conn.execute(stmt, params).one()[0]
        goal = conn.execute(select(func.sum(t.c.value)).where(*tw)).scalar()
        return _ratio(won, goal), None

    won_by = {row[0]: row[1] for row in conn.execute(stmt, params)}
    goal_by: dict[object, float] = defaultdict(float)
    frame = group_frame(conn, key, visible, f, period, pipeline=False) or []
    if key in TIME_UNITS:
        spans = list(conn.execute(select(t.c.start, t.c.end, func.sum(t.c.value)).where(*tw)
                                  .group_by(t.c.start, t.c.end)))
        for label, _ in frame:
            b = bucket_range(str(label), key)
            goal_by[label] = sum(float(v) for s, e, v in spans if s <= b.end and e >= b.start)
    else:
        col = t.c.user_id if key == "rep" else users.c.team
        frm = t if key == "rep" else t.join(users, users.c.id == t.c.user_id)
        for k, v in conn.execute(select(col, func.sum(t.c.value)).select_from(frm).where(*tw).group_by(col)):
            goal_by[k] = float(v or 0)
    return None, [SeriesPoint(label=label, value=_ratio(won_by.get(k), goal_by.get(k))) for k, label in frame]


def _ratio(won_cents, goal) -> float | None:
    if not goal:
        return None
    return float(Decimal(won_cents or 0) / 100) / float(goal)


def stale_customers(conn: Connection, query: MetricQuery, visible: set[str] | None, clock: Clock, days: int) -> int:
    """Owned customers whose latest done activity (up to now) is more than `days` days before today, or
    that have none and were created more than `days` days ago (METRICS.md `stale_customers`)."""
    stmt = _stale_statement(visible is None, filter_names(query.filters) - {"kind"})
    params = bind_values(query.filters.model_copy(update={"kind": None}), None, visible, now=clock.now,
                         cutoff=clock.today - timedelta(days=days))
    return int(conn.execute(stmt, params).scalar_one() or 0)


@lru_cache(maxsize=32)
def _stale_statement(everyone: bool, names: frozenset[str]) -> Select:
    c = customers
    a = activities
    last = (select(func.max(a.c.occurred_on))
            .where(a.c.customer_id == c.c.id, a.c.status == "done", a.c.occurred_at <= bindparam("now"))
            .scalar_subquery())
    conds = scope_conditions(c.c.owner_id, None, everyone, names) + [c.c.owner_id.is_not(None)]
    conds.append(func.coalesce(last, c.c.created_on) < bindparam("cutoff"))
    conds.append(c.c.created_at <= bindparam("now"))
    return select(func.count()).select_from(c).where(*conds)
