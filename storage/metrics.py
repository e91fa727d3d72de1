"""The metrics layer: every METRICS.md metric as one SQL aggregation, shared by the chat,
the digest and the command line.

    compute(engine, query, asker_id, now, org) -> MetricAnswer

The query's period is already resolved to dates; this layer applies visibility, filters,
the "nothing after now counts" rule, currency conversion, grouping and labels. The shared core
(clock, shapes, statements, money) lives in `storage.metric_core`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine

from domain.settings import OrgSettings
from domain.types import MetricAnswer, MetricQuery, SeriesPoint
from storage.finance import FINANCE_METRICS, compute_finance
from storage.metric_core import (  # noqa: F401  (MetricError, money, read_clock: the layer's public names)
    MetricError,
    effective_period,
    finish,
    money,
    read_clock,
    shape_of,
    statement,
)
from storage.metric_scope import bind_values, customer_names, group_frame
from storage.metric_special import inactive_reps, stale_customers, target_attainment
from storage.visibility import visible_for_role


def compute(engine: Engine, query: MetricQuery, asker_id: str, now: datetime, org: OrgSettings,
            *, days: int = 30) -> MetricAnswer:
    """Answer `query` for `asker_id` as of `now` (METRICS.md, to the cent).

    Ungrouped answers fill `value`; grouped answers (and `inactive_reps`) fill `series`.
    `days`: the N of `stale_customers`. Grouped by customer, only customers with a non-zero value
    are listed, by their stored names, largest first.
    Raises UnknownUser for an unknown asker and MetricError for a grouping that does not apply."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=org.tz)
    with engine.connect() as conn:
        role, clock = read_clock(conn, now, org, asker_id)
        visible = visible_for_role(conn, asker_id, role)
        period = effective_period(query, clock.today)
        if query.metric == "inactive_reps":
            return MetricAnswer(query=query, series=inactive_reps(conn, query, period, visible, clock))
        if query.metric == "stale_customers":
            return MetricAnswer(query=query, value=stale_customers(conn, query, visible, clock, days))
        if query.metric == "target_attainment":
            value, series = target_attainment(conn, query, period, visible, clock, org)
            return MetricAnswer(query=query, value=value, series=series)
        if query.metric in FINANCE_METRICS:
            return compute_finance(conn, query, period, visible, clock.today, org)
        shape = shape_of(query, period, visible, clock, org)
        stmt, family = statement(shape)
        params = bind_values(query.filters, period, visible, now=clock.now, today=clock.today)
        if query.group_by is None:
            row = conn.execute(stmt, params).one()
            return MetricAnswer(query=query, value=finish(query.metric, row[0], row[1]))
        frame = group_frame(conn, query.group_by, visible, query.filters, period, pipeline=family == "pipeline")
        if query.group_by == "rep":
            params["reps"] = [k for k, _ in frame or []]
        found = {row[0]: (row[1], row[2]) for row in conn.execute(stmt, params) if row[0] is not None}
        if query.group_by == "customer":
            return MetricAnswer(query=query, series=by_customer(conn, query.metric, found))
        if frame is None:
            frame = [(k, str(k)) for k in sorted(found, key=str)]
        series = [SeriesPoint(label=label, value=finish(query.metric, *found.get(k, (None, None))))
                  for k, label in frame]
        return MetricAnswer(query=query, series=series)


def by_customer(conn: Connection, metric: str, found: dict) -> list[SeriesPoint]:
    """Customers with a non-zero value, by stored name, largest first."""
    names = customer_names(conn, [str(k) for k in found])
    points = [SeriesPoint(label=names.get(str(k), str(k)), value=finish(metric, *ab)) for k, ab in found.items()]
    points = [p for p in points if p.value]
    return sorted(points, key=lambda p: (-(p.value or 0), p.label))


