"""What a metric query may count and how it is grouped: visibility and filter conditions,
group expressions, and the ordered set of groups an answer lists (METRICS.md "Filters",
"Grouping", "Who sees what")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Connection, Select, bindparam, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from domain.types import KINDS, STAGES, Filters, Period
from storage.metric_sql import OPEN_STAGES, TIME_LABELS
from storage.models import Customer, User

users = User.__table__
customers = Customer.__table__

CUSTOMER_ATTRS = ("tier", "region", "industry", "source")
TIME_UNITS = ("day", "week", "month")


@dataclass(frozen=True)
class Source:
    """The rows a metric aggregates: a FROM clause and the columns that scope and group them.

    `customer_id` None means the customers' columns are in `from_` itself (the rows are
    customers, or customers are joined)."""

    from_: FromClause
    owner: ColumnElement
    customer_id: ColumnElement | None
    day: ColumnElement | None = None
    kind: ColumnElement | None = None
    stage: ColumnElement | None = None


def scope_conditions(
    owner: ColumnElement, customer_id: ColumnElement | None, everyone: bool, names: frozenset[str],
) -> list[ColumnElement]:
    """Conditions keeping the rows the asker may see and the filters select (kind aside), as
    bound parameters: `visible` (the asker's users, unless `everyone`), and one per filter
    named in `names` (`rep`, `team`, `tier`, ...).

    `owner` is the user who owns or logged the row; a row with no owner (public pool) passes
    only when everyone is visible and no rep or team filter is set. `customer_id` None means
    the customers table is in the FROM clause itself."""
    conds: list[ColumnElement] = []
    if not everyone:
        conds.append(owner.in_(bindparam("visible", expanding=True)))
    if "rep" in names:
        conds.append(owner == bindparam("rep"))
    if "team" in names:
        conds.append(owner.in_(select(users.c.id).where(users.c.team == bindparam("team"))))
    for attr in CUSTOMER_ATTRS:
        if attr not in names:
            continue
        if customer_id is None:
            conds.append(customers.c[attr] == bindparam(attr))
        else:
            conds.append(customer_id.in_(select(customers.c.id).where(customers.c[attr] == bindparam(attr))))
    return conds


def period_conditions(column: ColumnElement, has_period: bool) -> list[ColumnElement]:
    """`column` within the period (bound parameters `start`, `end`, both included)."""
    if not has_period:
        return []
    return [column >= bindparam("start"), column <= bindparam("end")]


def filter_names(filters: Filters) -> frozenset[str]:
    """The filters that are set."""
    return frozenset(k for k, v in filters.model_dump().items() if v is not None)


def bind_values(filters: Filters, period: Period | None, visible: set[str] | None, **extra) -> dict:
    """The values of the bound parameters of a metric statement."""
    values = {k: v for k, v in filters.model_dump().items() if v is not None}
    if period is not None:
        values.update(start=period.start, end=period.end)
    if visible is not None:
        values["visible"] = sorted(visible)
    values.update(extra)
    return values


def group_expression(key: str, src: Source) -> tuple[ColumnElement, Source]:
    """The expression to group `src` by for grouping `key`, and the source with any join it needs."""
    if key == "rep":
        return src.owner, src
    if key == "customer":
        return (customers.c.id if src.customer_id is None else src.customer_id), src
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


@lru_cache(maxsize=32)
def users_statement(teams: bool, everyone: bool, names: frozenset[str]) -> Select:
    """The visible reps (id, name) by id, or the visible teams by name, kept by the rep/team
    filters in `names` (bound parameters `visible`, `rep`, `team`)."""
    if teams:
        stmt = select(users.c.team).where(users.c.team.is_not(None)).distinct().order_by(users.c.team)
    else:
        stmt = select(users.c.id, users.c.name).where(users.c.role == "rep").order_by(users.c.id)
    if not everyone:
        stmt = stmt.where(users.c.id.in_(bindparam("visible", expanding=True)))
    if "rep" in names:
        stmt = stmt.where(users.c.id == bindparam("rep"))
    if "team" in names:
        stmt = stmt.where(users.c.team == bindparam("team"))
    return stmt


def _users(conn: Connection, teams: bool, visible: set[str] | None, filters: Filters) -> list[tuple[str, str]]:
    names = filter_names(filters) & {"rep", "team"}
    stmt = users_statement(teams, visible is None, names)
    return [(row[0], row[-1]) for row in conn.execute(stmt, bind_values(filters, None, visible)) if row[0]]


def rep_groups(conn: Connection, visible: set[str] | None, filters: Filters) -> list[tuple[str, str]]:
    """(id, name) of the visible users of role rep that the rep/team filters keep, by id."""
    return _users(conn, False, visible, filters)


def team_groups(conn: Connection, visible: set[str] | None, filters: Filters) -> list[tuple[str, str]]:
    """The teams of the visible users that the rep/team filters keep, by name."""
    return _users(conn, True, visible, filters)


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


def outside_view(conn: Connection, visible: set[str] | None, filters: Filters) -> str | None:
    """The rep (id) or team a question names that the asker may not see (no visible user in it), else None."""
    if visible is None:
        return None
    if filters.rep and filters.rep not in visible:
        return filters.rep
    if filters.team:
        stmt = select(users.c.id).where(users.c.team == filters.team, users.c.id.in_(sorted(visible))).limit(1)
        if conn.execute(stmt).first() is None:
            return filters.team
    return None


def customer_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    """Stored names of customers by id."""
    if not ids:
        return {}
    return dict(conn.execute(select(customers.c.id, customers.c.name).where(customers.c.id.in_(ids))).all())


def group_frame(
    conn: Connection, key: str, visible: set[str] | None, filters: Filters, period: Period | None, *, pipeline: bool,
) -> Sequence[tuple[object, str]] | None:
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
