"""The core of the metrics layer: the clock as of now, the shape of a metric query, its one SQL
aggregation and the money arithmetic. `storage.metrics.compute` answers a query with them; the special
metrics (`storage.metric_special`) and the lists build on them too, so nothing here imports those."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from sqlalchemy import Connection, Select, bindparam, case, func, literal, null, or_, select
from sqlalchemy.sql.elements import ColumnElement

from domain.errors import UserError
from domain.settings import OrgSettings
from domain.types import PIPELINE_METRICS, MetricQuery, Period
from storage.metric_scope import (
    CUSTOMER_ATTRS,
    TIME_UNITS,
    Source,
    filter_names,
    group_expression,
    period_conditions,
    scope_conditions,
)
from storage.metric_sql import (
    OPEN_STAGES,
    WEIGHT_SCALE,
    closed_deals,
    days_between,
    deal_state,
    deals,
    events,
    stage_weight,
)
from storage.models import Activity, Customer, User

activities = Activity.__table__
customers = Customer.__table__
users = User.__table__

COUNTS = frozenset({"activities", "visits", "new_leads", "new_deals", "won_deals", "lost_deals", "open_deals",
                    "overdue_followups"})
CLOSED_METRICS = ("won_deals", "lost_deals", "won_amount", "win_rate", "avg_deal_size", "sales_cycle_days")
_ATTR = set(CUSTOMER_ATTRS)
_TIME = set(TIME_UNITS)
GROUPINGS: dict[str, frozenset[str]] = {
    "activities": frozenset({"rep", "team", "kind", "customer"} | _ATTR | _TIME),
    "new_leads": frozenset({"rep", "team"} | _ATTR | _TIME),
    "new_deals": frozenset({"rep", "team", "stage", "customer"} | _ATTR | _TIME),
    "closed": frozenset({"rep", "team", "customer"} | _ATTR | _TIME),
    "pipeline": frozenset({"rep", "team", "stage", "customer"} | _ATTR | _TIME),
    "overdue_followups": frozenset({"rep", "team"} | _ATTR),
}


class MetricError(UserError):
    """A query this layer cannot answer as asked (e.g. a grouping that does not apply)."""


@dataclass(frozen=True)
class Clock:
    """`now` (aware, org zone), its calendar date, and whether any activity, deal (or deal
    event) or customer is dated after it (the clock set back): only then do rows need
    their timestamps checked against now."""

    now: datetime
    today: date
    later_activities: bool = True
    later_deals: bool = True
    later_customers: bool = True


# planned activities lie ahead by nature and count nowhere: only a done one dated after now sets the
# clock back (an index range on ix_activities_status_on from today on, not a max over every row)
_DONE_LATER = (select(activities.c.id)
               .where(activities.c.status == "done", activities.c.occurred_on >= bindparam("today"),
                      activities.c.occurred_at > bindparam("now"))
               .limit(1).exists())
_ROLE = select(users.c.role).where(users.c.id == bindparam("asker")).scalar_subquery()
_LATEST = select(
    _ROLE,
    _DONE_LATER,
    *[select(func.max(col)).scalar_subquery() for col in (events.c.at, deals.c.created_at, customers.c.created_at)],
)
# lists check every activity's and customer's time against now themselves: only the deals' clock is read
_LATEST_DEALS = select(_ROLE, *[select(func.max(col)).scalar_subquery() for col in (events.c.at, deals.c.created_at)])


def read_clock(conn: Connection, now: datetime, org: OrgSettings, asker_id: str = "", *,
               deals_only: bool = False) -> tuple[str | None, Clock]:
    """The asker's role and the clock for `now`, in one statement: the indexes tell whether anything
    that counts is dated after now. `deals_only`: only whether a deal or stage event is (two index
    probes); activities and customers are then taken to be (their rows are checked against now)."""
    today = now.astimezone(org.tz).date()
    after = lambda t: t is not None and t > now  # noqa: E731
    if deals_only:
        role, ev, deal = conn.execute(_LATEST_DEALS, {"asker": asker_id}).one()
        return role, Clock(now=now, today=today, later_deals=after(ev) or after(deal))
    role, act, ev, deal, cust = conn.execute(_LATEST, {"asker": asker_id, "today": today, "now": now}).one()
    return role, Clock(now=now, today=today, later_activities=bool(act),
                       later_deals=after(ev) or after(deal), later_customers=after(cust))


@dataclass(frozen=True)
class Shape:
    """What a metric statement's SQL depends on (its values are bound parameters): the
    statement is built once per shape and reused."""

    metric: str
    group_by: str | None
    has_period: bool
    check_now: bool  # whether the period reaches today, where rows may lie after now
    everyone: bool
    names: frozenset[str]  # the filters that are set
    later_activities: bool
    later_deals: bool
    later_customers: bool
    currency: str
    rates: tuple[tuple[str, float], ...]

    @property
    def org(self) -> OrgSettings:
        return OrgSettings(currency=self.currency, rates=dict(self.rates))


def shape_of(query: MetricQuery, period: Period | None, visible: set[str] | None, clock: Clock,
             org: OrgSettings) -> Shape:
    return Shape(
        metric=query.metric, group_by=query.group_by, has_period=period is not None,
        check_now=period is None or period.end >= clock.today, everyone=visible is None,
        names=filter_names(query.filters), later_activities=clock.later_activities, later_deals=clock.later_deals,
        later_customers=clock.later_customers, currency=org.currency, rates=tuple(sorted(org.rates.items())),
    )


@dataclass(frozen=True)
class Plan:
    """One aggregation: rows of `src`, kept by `where`, summed as `a` (and `b` for ratios)."""

    family: str
    src: Source
    where: list[ColumnElement]
    a: ColumnElement
    b: ColumnElement


def effective_period(query: MetricQuery, today: date) -> Period | None:
    """The query's period; except for pipeline metrics it never runs past today."""
    p = query.period
    if p is None or query.metric in PIPELINE_METRICS or p.end <= today:
        return p
    return Period(start=p.start, end=today)


@lru_cache(maxsize=512)
def statement(shape: Shape) -> tuple[Select, str]:
    """The SELECT answering `shape` (g, a, b per group; a, b when ungrouped) and its family."""
    plan = build_plan(shape)
    if shape.group_by is None:
        return select(plan.a, plan.b).select_from(plan.src.from_).where(*plan.where), plan.family
    key = shape.group_by
    if key not in GROUPINGS[plan.family]:
        raise MetricError(f"{shape.metric} cannot be grouped by {key}; it can be grouped by "
                          + ", ".join(sorted(GROUPINGS[plan.family])))
    if key == "rep" and plan.family == "activities":
        # one index range per listed rep (ix_activities_user_on) instead of a grouped scan
        rep = users.alias("rep")
        per_rep = (select(plan.a).select_from(plan.src.from_)
                   .where(plan.src.owner == rep.c.id, *plan.where).scalar_subquery())
        stmt = select(rep.c.id.label("g"), per_rep, null()).where(rep.c.id.in_(bindparam("reps", expanding=True)))
        return stmt, plan.family
    expr, src = group_expression(key, plan.src)
    g = expr.label("g")
    return select(g, plan.a, plan.b).select_from(src.from_).where(*plan.where).group_by(g), plan.family


def as_of_now(day: ColumnElement, at: ColumnElement, check: bool, later: bool) -> list[ColumnElement]:
    """Leave out rows later than now (`later`: some exist; `check`: the period reaches today):
    only rows dated today need their timestamp checked."""
    if not (later and check):
        return []
    return [or_(day < bindparam("today"), at <= bindparam("now"))]


def build_plan(shape: Shape) -> Plan:
    """The aggregation answering a count, sum or ratio metric, with bound parameters."""
    m, names = shape.metric, shape.names
    if m in ("activities", "visits"):
        a = activities
        # customer attributes by a join: the date range then drives the scan
        by_customer = shape.group_by in CUSTOMER_ATTRS or bool(names & set(CUSTOMER_ATTRS))
        from_ = a.join(customers, customers.c.id == a.c.customer_id) if by_customer else a
        where = scope_conditions(a.c.user_id, None if by_customer else a.c.customer_id, shape.everyone, names)
        where += period_conditions(a.c.occurred_on, shape.has_period)
        where += as_of_now(a.c.occurred_on, a.c.occurred_at, shape.check_now, shape.later_activities)
        where.append(a.c.status == "done")  # planned activities count once done (METRICS.md)
        if "kind" in names:
            where.append(a.c.kind == bindparam("kind"))
        if m == "visits":
            where.append(a.c.kind == "visit")
        src = Source(from_, a.c.user_id, None if by_customer else a.c.customer_id, day=a.c.occurred_on,
                     kind=a.c.kind)
        return Plan("activities", src, where, func.count(), null())
    if m == "new_leads":
        c = customers
        where = scope_conditions(c.c.owner_id, None, shape.everyone, names)
        where += period_conditions(c.c.created_on, shape.has_period)
        where += as_of_now(c.c.created_on, c.c.created_at, shape.check_now, shape.later_customers)
        return Plan("new_leads", Source(c, c.c.owner_id, None, day=c.c.created_on), where, func.count(), null())
    if m == "overdue_followups":
        c = customers
        act = activities.alias("fa")
        latest = select(act.c.followup_date).where(act.c.customer_id == c.c.id, act.c.status == "done")
        if shape.later_activities:
            latest = latest.where(act.c.occurred_at <= bindparam("now"))
        followup = latest.order_by(act.c.occurred_at.desc(), act.c.id.desc()).limit(1).scalar_subquery()
        # open follow-ups: the latest done activity's follow-up date, and every planned activity's date
        plan = activities.alias("pa")
        planned_late = select(plan.c.id).where(plan.c.customer_id == c.c.id, plan.c.status == "planned",
                                               plan.c.occurred_on < bindparam("today")).exists()
        where = scope_conditions(c.c.owner_id, None, shape.everyone, names) + [
            or_(followup < bindparam("today"), planned_late)]
        if shape.later_customers:
            where.append(c.c.created_at <= bindparam("now"))
        return Plan("overdue_followups", Source(c, c.c.owner_id, None), where, func.count(), null())
    org = shape.org
    scope = scope_conditions(deals.c.owner_id, deals.c.customer_id, shape.everyone, names)
    if m == "new_deals":
        ds = deal_state(org, scope + period_conditions(deals.c.created_on, shape.has_period), later=shape.later_deals,
                        materialized=False)
        src = Source(ds, ds.c.owner_id, ds.c.customer_id, day=ds.c.created_on, stage=ds.c.stage)
        return Plan("new_deals", src, [], func.count(), null())
    if m in PIPELINE_METRICS:
        # the weighted sum reads the stage a third time: computing it once per deal pays off there
        ds = deal_state(org, scope + period_conditions(deals.c.expected_close, shape.has_period),
                        later=shape.later_deals, materialized=m == "weighted_pipeline")
        src = Source(ds, ds.c.owner_id, ds.c.customer_id, day=ds.c.expected_close, stage=ds.c.stage)
        total: ColumnElement = {"open_deals": func.count(), "pipeline_amount": func.sum(ds.c.amount),
                                "weighted_pipeline": func.sum(ds.c.amount * stage_weight(ds.c.stage))}[m]
        return Plan("pipeline", src, [ds.c.stage.in_(OPEN_STAGES)], total, null())
    if m in CLOSED_METRICS:
        stages = ("won", "lost") if m == "win_rate" else ("lost",) if m == "lost_deals" else ("won",)
        cd = closed_deals(org, scope, stages=stages, has_period=shape.has_period, later=shape.later_deals)
        src = Source(cd, cd.c.owner_id, cd.c.customer_id, day=cd.c.closed_on)
        where = period_conditions(cd.c.closed_on, shape.has_period)
        won = cd.c.stage == "won"
        parts: dict[str, tuple[ColumnElement, ColumnElement]] = {
            "won_deals": (func.count(), null()),
            "lost_deals": (func.count(), null()),
            "won_amount": (func.sum(cd.c.amount), null()),
            "win_rate": (func.sum(case((won, literal(1)), else_=0)), func.count()),
            "avg_deal_size": (func.sum(cd.c.amount), func.count()),
            "sales_cycle_days": (func.sum(days_between(cd.c.closed_on, cd.c.created_on)), func.count()),
        }
        return Plan("closed", src, where, *parts[m])
    raise MetricError(f"unknown metric: {m}")


def money(cents: Decimal | int | float | None, scale: int = 1) -> float:
    """Base-currency cents (times `scale`) as units rounded to the cent."""
    if cents is None:
        return 0.0
    units = Decimal(cents) / Decimal(100 * scale)
    return float(units.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def finish(metric: str, a, b) -> float | None:
    """The value of `metric` from its aggregated parts (a group with no rows: a = b = None)."""
    if metric in COUNTS:
        return int(a or 0)
    if metric in ("won_amount", "pipeline_amount"):
        return money(a)
    if metric == "weighted_pipeline":
        return money(a, WEIGHT_SCALE)
    if not b:
        return None
    if metric == "win_rate":
        return int(a or 0) / int(b)
    if metric == "avg_deal_size":
        return money(Decimal(a) / Decimal(b))
    if metric == "sales_cycle_days":
        return float(a) / int(b)
    raise MetricError(f"unknown metric: {metric}")
