"""What a metric query may count and how it is grouped: visibility and filter conditions,
group expressions, and the ordered set of groups an answer lists (METRICS.md "Filters",
"Grouping", "Who sees what")."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Connection, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from intents.types import KINDS, STAGES, Filters, Period
from storage.metric_sql import OPEN_STAGES, TIME_LABELS
from storage.models import Customer, User

users = User.__table__
customers = Customer.__table__

CUSTOMER_ATTRS = ("tier", "region", "industry", "source")
TIME_UNITS = ("day", "week", "month")


@dataclass(frozen=True)
class Source:
    """The rows a metric aggregates: a FROM clause and the columns that scope and group them.

    `customer_id` None means the rows are customers themselves."""

    from_: FromClause
    owner: ColumnElement
    customer_id: ColumnElement | None
    day: ColumnElement | None = None
    kind: ColumnElement | None = None
    stage: ColumnElement | None = None


def scope_conditions(
    owner: ColumnElement, customer_id: ColumnElement | None, visible: set[str] | None, filters: Filters,
    *, attributes: bool = True,
) -> list[ColumnElement]:
    """Conditions keeping the rows the asker may see and the filters select (kind aside).

    `owner` is the user who owns or logged the row; a row with no owner (public pool) passes
    only when everyone is visible and no rep or team filter is set."""
    conds: list[ColumnElement] = []
    if visible is not None:
        conds.append(owner.in_(sorted(visible)))
    if filters.rep:
        conds.append(owner == filters.rep)
    if filters.team:
        conds.append(owner.in_(select(users.c.id).where(users.c.team == filters.team)))
    if attributes:
        for attr in CUSTOMER_ATTRS:
            value = getattr(filters, attr)
            if value is None:
                continue
            if customer_id is None:
                conds.append(customers.c[attr] == value)
            else:
                conds.append(customer_id.in_(select(customers.c.id).where(customers.c[attr] == value)))
    return conds


def period_conditions(column: ColumnElement, period: Period | None) -> list[ColumnElement]:
    """`column` within the period (both ends included); nothing when there is no period."""
    if period is None:
        return []
    return [column >= period.start, column <= period.end]


def group_expression(key: str, src: Source) -> tuple[ColumnElement, Source]:
    """The expression to group `src` by for grouping `key`, and the source with any join it needs."""
    if key == "rep":
        return src.owner, src
    if key == "team":
        return users.c.team, replace(src, from_=src.from_.join(users, users.c.id == src.owner))
    if key in CUSTOMER_ATTRS:
        if src.customer_id is None:
            return customers.c[key], src
        joined = src.from_.join(customers, customers.c.id == src.customer_id)
        return customers.c[key], replace(src, from_=joined)
    if key == "kind" and src.kind is not None:
        return src.kind, src
    if key == "stage" and src.stage is not None:
        return src.stage, src
    if key in TIME_UNITS and src.day is not None:
        return TIME_LABELS[key](src.day), src
    raise KeyError(key)


def rep_groups(conn: Connection, visible: set[str] | None, filters: Filters) -> list[tuple[str, str]]:
    """(id, name) of the visible users of role rep that the rep/team filters keep, by id."""
    stmt = select(users.c.id, users.c.name).where(users.c.role == "rep").order_by(users.c.id)
    if visible is not None:
        stmt = stmt.where(users.c.id.in_(sorted(visible)))
    if filters.rep:
        stmt = stmt.where(users.c.id == filters.rep)
    if filters.team:
        stmt = stmt.where(users.c.team == filters.team)
    return [(r.id, r.name) for r in conn.execute(stmt)]


def team_groups(conn: Connection, visible: set[str] | None, filters: Filters) -> list[tuple[str, str]]:
    """The teams of the visible users that the rep/team filters keep, by name."""
    stmt = select(users.c.team).where(users.c.team.is_not(None)).distinct().order_by(users.c.team)
    if visible is not None:
        stmt = stmt.where(users.c.id.in_(sorted(visible)))
    if filters.rep:
        stmt = stmt.where(users.c.id == filters.rep)
    if filters.team:
        stmt = stmt.where(users.c.team == filters.team)
    return [(t, t) for t in conn.execute(stmt).scalars() if t]


def time_buckets(period: Period, unit: str) -> list[str]:
    """Every day ('YYYY-MM-DD'), week (its Monday) or month ('YYYY-MM') of the period, in order."""
    out: list[str] = []
    if period.start > period.end:
        return out
    if unit == "day":
        d = period.start
        while d <= period.end:
            out.append(d.isoformat())
            d += timedelta(days=1)
    elif unit == "week":
        d = period.start - timedelta(days=period.start.weekday())
        while d <= period.end:
            out.append(d.isoformat())
            d += timedelta(days=7)
    else:
        y, m = period.start.year, period.start.month
        while date(y, m, 1) <= period.end:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def bucket_range(label: str, unit: str) -> Period:
    """The dates a time-bucket label covers."""
    if unit == "day":
        d = date.fromisoformat(label)
        return Period(start=d, end=d)
    if unit == "week":
        d = date.fromisoformat(label)
        return Period(start=d, end=d + timedelta(days=6))
    y, m = int(label[:4]), int(label[5:7])
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return Period(start=date(y, m, 1), end=nxt - timedelta(days=1))


def group_frame(
    conn: Connection, key: str, visible: set[str] | None, filters: Filters, period: Period | None, *, pipeline: bool,
) -> list[tuple[object, str]] | None:
    """The groups an answer lists, in display order, as (group value, label); None when the
    groups are whatever values the data holds (customer attributes, time with no period)."""
    if key == "rep":
        return rep_groups(conn, visible, filters)
    if key == "team":
        return team_groups(conn, visible, filters)
    if key == "stage":
        return [(s, s) for s in (OPEN_STAGES if pipeline else STAGES)]
    if key == "kind":
        return [(k, k) for k in KINDS if filters.kind in (None, k)]
    if key in TIME_UNITS and period is not None:
        return [(b, b) for b in time_buckets(period, key)]
    return None
