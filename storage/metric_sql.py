"""SQL building blocks of the metrics layer: portable date labels, exact currency
conversion, and a deal's state as of a moment (stage, amount, won/lost date).

Everything here returns SQLAlchemy Core expressions; nothing reads rows into Python.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import BigInteger, Integer, String, and_, bindparam, case, exists, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import CTE, Subquery

from domain.settings import OrgSettings
from domain.types import STAGE_PROBABILITY
from storage.models import Deal, DealEvent

deals = Deal.__table__
events = DealEvent.__table__

CLOSED_STAGES = ("won", "lost")
OPEN_STAGES = ("lead", "qualified", "proposal", "negotiation")
WEIGHT_SCALE = 10_000  # stage probabilities as integer basis points


# ---------- portable date labels (a date column in, a 'YYYY-MM-DD' / 'YYYY-MM' string out) ----------

class day_label(FunctionElement):
    """The date as 'YYYY-MM-DD'."""

    type = String()
    inherit_cache = True
    name = "day_label"


class week_label(FunctionElement):
    """The Monday of the date's ISO week as 'YYYY-MM-DD'."""

    type = String()
    inherit_cache = True
    name = "week_label"


class month_label(FunctionElement):
    """The date's month as 'YYYY-MM'."""

    type = String()
    inherit_cache = True
    name = "month_label"


class days_between(FunctionElement):
    """Whole calendar days from the second date to the first (a - b)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


def _args(element, compiler, **kw) -> list[str]:
    return [compiler.process(c, **kw) for c in element.clauses]


@compiles(day_label, "sqlite")
def _day_sqlite(element, compiler, **kw):
    x = _args(element, compiler, **kw)[0]
    return f"date({x})"


@compiles(day_label)
def _day_default(element, compiler, **kw):
    x = _args(element, compiler, **kw)[0]
    return f"to_char({x}, 'YYYY-MM-DD')"


@compiles(week_label, "sqlite")
def _week_sqlite(element, compiler, **kw):
    x = _args(element, compiler, **kw)[0]
    return f"date({x}, 'weekday 0', '-6 days')"


@compiles(week_label)
def _week_default(element, compiler, **kw):
    x = _args(element, compiler, **kw)[0]
    return f"to_char(date_trunc('week', CAST({x} AS timestamp)), 'YYYY-MM-DD')"


@compiles(month_label, "sqlite")
def _month_sqlite(element, compiler, **kw):
    x = _args(element, compiler, **kw)[0]
    return f"strftime('%Y-%m', {x})"


@compiles(month_label)
def _month_default(element, compiler, **kw):
    x = _args(element, compiler, **kw)[0]
    return f"to_char({x}, 'YYYY-MM')"


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    a, b = _args(element, compiler, **kw)
    return f"CAST(julianday({a}) - julianday({b}) AS INTEGER)"


@compiles(days_between)
def _days_default(element, compiler, **kw):
    a, b = _args(element, compiler, **kw)
    return f"({a} - {b})"


TIME_LABELS = {"day": day_label, "week": week_label, "month": month_label}


# ---------- money ----------

def base_cents(amount_cents: ColumnElement, currency: ColumnElement, org: OrgSettings) -> ColumnElement:
    """`amount_cents` (in `currency`) as integer cents of the base currency, rounded half up.

    Rates are taken as exact decimals (7.2 = 36/5), so the result is exact integer arithmetic
    on every backend.
    """
    whens = []
    for cur in sorted(org.rates):
        code = cur.upper()
        if code == org.currency:
            continue
        ratio = Fraction(Decimal(str(org.rate(code))))
        p, q = ratio.numerator, ratio.denominator
        if q == 1:
            expr = amount_cents * literal(p, BigInteger)
        else:
            expr = (amount_cents * literal(2 * p, BigInteger) + literal(q, BigInteger)) // literal(2 * q, BigInteger)
        whens.append((func.upper(currency) == code, expr))
    if not whens:
        return amount_cents
    return case(*whens, else_=amount_cents)


def stage_weight(stage: ColumnElement) -> ColumnElement:
    """The stage probability in basis points (0.75 -> 7500), an integer expression."""
    return case(
        *[(stage == s, literal(round(p * WEIGHT_SCALE), BigInteger)) for s, p in STAGE_PROBABILITY.items()],
        else_=literal(0, BigInteger),
    )


# ---------- deals as of now ----------

def deal_state(org: OrgSettings, conditions: list[ColumnElement], *, later: bool = True,
               materialized: bool = True) -> CTE | Subquery:
    """One row per deal that exists at now (bound parameter `now`) and passes `conditions` (on
    the deals table): id, owner_id, customer_id, created_on, expected_close, stage (of its
    latest event at or before now; 'lead' when it has none) and amount (base-currency cents
    as of now). `materialized`: a materialized CTE, so that each per-deal subquery runs once
    per deal however often an outer query refers to its columns (else a plain subquery the
    database may flatten, cheaper when the outer query refers to each column once or twice).

    `later=False` says nothing in deals or deal_events is dated after now (the usual case):
    the current amount is then the deal's own and no creation time needs checking."""
    now: BindParameter[datetime] = bindparam("now")
    e = events.alias("ev")
    stage = (
        select(e.c.stage).where(e.c.deal_id == deals.c.id, e.c.at <= now)
        .order_by(e.c.at.desc(), e.c.id.desc()).limit(1).scalar_subquery()
    )
    amount: ColumnElement = deals.c.amount_cents
    where = list(conditions)
    if later:
        latest = (
            select(e.c.amount_cents).where(e.c.deal_id == deals.c.id, e.c.at <= now, e.c.amount_cents.is_not(None))
            .order_by(e.c.at.desc(), e.c.id.desc()).limit(1).scalar_subquery()
        )
        amount = func.coalesce(latest, deals.c.amount_cents)
        where.append(deals.c.created_at <= now)
    state = select(
        deals.c.id, deals.c.owner_id, deals.c.customer_id, deals.c.created_on, deals.c.expected_close,
        func.coalesce(stage, "lead").label("stage"),
        base_cents(amount, deals.c.currency, org).label("amount"),
    ).where(*where)
    return state.cte("ds").prefix_with("MATERIALIZED") if materialized else state.subquery("ds")


def closed_deals(org: OrgSettings, conditions: list[ColumnElement], *, stages: tuple[str, ...],
                 has_period: bool, later: bool = True) -> CTE:
    """Deals whose stage as of now is one of `stages` (won, lost), with `closed_on`: the date
    of the event that moved the deal to that stage (the first of its trailing run of it).

    With a period (bound `start`, `end`), only deals with such an event in it are looked at
    (an index probe on ix_deal_events_stage_on), so the per-deal work is for candidates alone."""
    now: BindParameter[datetime] = bindparam("now")
    conds = list(conditions)
    if has_period:
        conds.append(deals.c.id.in_(
            select(events.c.deal_id).where(events.c.stage.in_(stages), events.c.on_date >= bindparam("start"),
                                           events.c.on_date <= bindparam("end"))))
    ds = deal_state(org, conds, later=later, materialized=False)
    e = events.alias("ce")
    other = events.alias("le")
    # the first closing event with no later event of another stage: when the deal's stage
    # is a closing one, that is the event that moved it there (whatever came before)
    moved = ~exists().where(
        other.c.deal_id == e.c.deal_id, other.c.stage != e.c.stage, other.c.at > e.c.at, other.c.at <= now,
    )
    closed_on = (
        select(func.min(e.c.on_date))
        .where(and_(e.c.deal_id == ds.c.id, e.c.stage.in_(stages), e.c.at <= now, moved))
        .scalar_subquery()
    )
    return (
        select(ds, closed_on.label("closed_on"))
        .where(ds.c.stage.in_(stages))
        .cte("cd").prefix_with("MATERIALIZED")
    )
