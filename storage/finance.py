"""Contracts and collections (METRICS.md "Contracts and payments"): the five finance metrics,
answered in SQL, and the plain queries capture, lists, reminders and the digest need.

As of a day D, a contract's *balance* is its amount minus the payments received up to D; its
*overdue amount* is the sum of its installments due before D minus the payments received up to
D, when positive. A contract, and every payment on it, belongs to the contract's owner.
Payments and installments are in their contract's currency; metrics convert to the base
currency per contract (or per payment), rounded half up to the cent.

    compute_finance(conn, query, period, visible, today, org) -> MetricAnswer
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from sqlalchemy import BigInteger, Connection, Select, bindparam, case, cast, func, literal, null, select
from sqlalchemy.sql.elements import ColumnElement

from domain.errors import UserError
from domain.settings import OrgSettings
from domain.types import Filters, MetricAnswer, MetricQuery, Period, SeriesPoint
from storage.metric_scope import (
    CUSTOMER_ATTRS,
    TIME_UNITS,
    Source,
    bind_values,
    filter_names,
    group_expression,
    group_frame,
    period_conditions,
    scope_conditions,
)
from storage.metric_sql import base_cents
from storage.models import Contract, Customer, Installment, Payment, User

contracts = Contract.__table__
installments = Installment.__table__
payments = Payment.__table__
customers = Customer.__table__
users = User.__table__

FINANCE_METRICS = frozenset({"contract_amount", "collected_amount", "receivables", "overdue_receivables",
                             "collection_rate"})
_BY_OWNER = frozenset({"rep", "team", "customer", *CUSTOMER_ATTRS})
FINANCE_GROUPINGS: dict[str, frozenset[str]] = {
    "contract_amount": _BY_OWNER | set(TIME_UNITS),      # by signing date
    "collected_amount": _BY_OWNER | set(TIME_UNITS),     # by the day received
    "receivables": _BY_OWNER | set(TIME_UNITS),          # by signing date (with a period)
    "overdue_receivables": _BY_OWNER,                    # as of now: no time grouping
    "collection_rate": _BY_OWNER | set(TIME_UNITS),      # by signing date
}


_NONE = cast(null(), BigInteger)  # no denominator (typed, so PostgreSQL can sum it)


class FinanceError(UserError):
    """A finance question this layer cannot answer as asked (a grouping that does not apply)."""


# ---------- per-contract amounts (as of the bound day `today`) ----------

def paid_up_to(contract_id: ColumnElement, day: ColumnElement | None = None) -> ColumnElement:
    """Cents received on the contract up to `day` (default: bound `today`), 0 when none;
    one range of ix_payments_contract_received."""
    p = payments.alias("pp")
    day = bindparam("today") if day is None else day
    total = cast(func.coalesce(func.sum(p.c.amount_cents), 0), BigInteger)  # PostgreSQL sums to numeric
    return select(total).where(p.c.contract_id == contract_id, p.c.received_on <= day).scalar_subquery()


def due_before(contract_id: ColumnElement, day: ColumnElement | None = None) -> ColumnElement:
    """Cents of the contract's installments due before `day` (default: bound `today`), 0 when none."""
    i = installments.alias("ii")
    day = bindparam("today") if day is None else day
    total = cast(func.coalesce(func.sum(i.c.amount_cents), 0), BigInteger)
    return select(total).where(i.c.contract_id == contract_id, i.c.due_on < day).scalar_subquery()


def overdue_of(due: ColumnElement, paid: ColumnElement) -> ColumnElement:
    """The overdue amount: `due` minus `paid` when positive, else 0."""
    return case((due > paid, due - paid), else_=literal(0))


# ---------- the metrics ----------

@dataclass(frozen=True)
class _Shape:
    metric: str
    group_by: str | None
    has_period: bool
    everyone: bool
    names: frozenset[str]
    currency: str
    rates: tuple[tuple[str, float], ...]


def _rows(shape: _Shape) -> tuple[Source, ColumnElement, ColumnElement]:
    """The rows a finance metric sums (a subquery with owner, customer and day) and the two
    per-row parts it sums (b: the denominator of a ratio, else null)."""
    org = OrgSettings(currency=shape.currency, rates=dict(shape.rates))
    k = contracts
    scope = scope_conditions(k.c.owner_id, k.c.customer_id, shape.everyone, shape.names)
    if shape.metric == "collected_amount":
        p = payments
        q = (select(k.c.owner_id, k.c.customer_id, p.c.received_on.label("day"),
                    base_cents(p.c.amount_cents, k.c.currency, org).label("a"), _NONE.label("b"))
             .select_from(p.join(k, k.c.id == p.c.contract_id))
             .where(*scope, *period_conditions(p.c.received_on, shape.has_period),
                    p.c.received_on <= bindparam("today")))
    else:
        where = [*scope, k.c.signed_on <= bindparam("today")]
        amount = base_cents(k.c.amount_cents, k.c.currency, org)
        a: ColumnElement
        b: ColumnElement
        if shape.metric == "contract_amount":
            a, b = amount, _NONE
            where += period_conditions(k.c.signed_on, shape.has_period)
        elif shape.metric == "receivables":
            a, b = base_cents(k.c.amount_cents - paid_up_to(k.c.id), k.c.currency, org), _NONE
            where += period_conditions(k.c.signed_on, shape.has_period)
        elif shape.metric == "collection_rate":
            a, b = base_cents(paid_up_to(k.c.id), k.c.currency, org), amount
            where += period_conditions(k.c.signed_on, shape.has_period)
        else:  # overdue_receivables: only contracts with an installment already due
            a, b = base_cents(overdue_of(due_before(k.c.id), paid_up_to(k.c.id)), k.c.currency, org), _NONE
            where.append(k.c.id.in_(select(installments.c.contract_id)
                                    .where(installments.c.due_on < bindparam("today"))))
        q = select(k.c.owner_id, k.c.customer_id, k.c.signed_on.label("day"), a.label("a"), b.label("b")).where(*where)
    sub = q.subquery("fin")
    return Source(sub, sub.c.owner_id, sub.c.customer_id, day=sub.c.day), sub.c.a, sub.c.b


@lru_cache(maxsize=256)
def finance_statement(shape: _Shape) -> Select:
    """SELECT (g,) sum(a), sum(b) answering `shape`; grouped by customer the key is its id."""
    src, a, b = _rows(shape)
    sums = (func.sum(a), func.sum(b))
    if shape.group_by is None:
        return select(*sums).select_from(src.from_)
    if shape.group_by == "customer" and src.customer_id is not None:  # finance rows always carry it
        return select(src.customer_id.label("g"), *sums).select_from(src.from_).group_by(src.customer_id)
    expr, src2 = group_expression(shape.group_by, src)
    g = expr.label("g")
    return select(g, *sums).select_from(src2.from_).group_by(g)


def _finish(metric: str, a, b) -> float | None:
    if metric == "collection_rate":
        if not b:
            return None
        return float(Decimal(a or 0) / Decimal(b))
    units = Decimal(a or 0) / 100
    return float(units.quantize(Decimal("0.01")))


def compute_finance(conn: Connection, query: MetricQuery, period: Period | None, visible: set[str] | None,
                    today: date, org: OrgSettings) -> MetricAnswer:
    """A finance metric for an asker who sees `visible` (None: everyone) as of `today`."""
    metric, key = query.metric, query.group_by
    if key is not None and key not in FINANCE_GROUPINGS[metric]:
        raise FinanceError(f"{metric} cannot be grouped by {key}; it can be grouped by "
                           + ", ".join(sorted(FINANCE_GROUPINGS[metric])))
    if metric == "overdue_receivables":
        period = None  # as of now, whatever period was said
    filters = query.filters.model_copy(update={"kind": None})  # an activity kind does not narrow money
    shape = _Shape(metric=metric, group_by=key, has_period=period is not None, everyone=visible is None,
                   names=filter_names(filters), currency=org.currency, rates=tuple(sorted(org.rates.items())))
    params = bind_values(filters, period, visible, today=today)
    stmt = finance_statement(shape)
    if key is None:
        a, b = conn.execute(stmt, params).one()
        return MetricAnswer(query=query, value=_finish(metric, a, b))
    found = {row[0]: (row[1], row[2]) for row in conn.execute(stmt, params) if row[0] is not None}
    if key == "customer":
        return MetricAnswer(query=query, series=_by_customer(conn, metric, found))
    frame = group_frame(conn, key, visible, filters, period, pipeline=False)
    if frame is None:
        frame = [(k, str(k)) for k in sorted(found, key=str)]
    return MetricAnswer(query=query, series=[SeriesPoint(label=label, value=_finish(metric, *found.get(k, (None, None))))
                                             for k, label in frame])


def _by_customer(conn: Connection, metric: str, found: dict) -> list[SeriesPoint]:
    """Customers with a non-zero value, labelled by stored name, largest first (then by name)."""
    names = {r[0]: r[1] for r in conn.execute(select(customers.c.id, customers.c.name)
                                                .where(customers.c.id.in_(list(found))))}
    points = [(names.get(k, str(k)), _finish(metric, *v)) for k, v in found.items()]
    points = [(label, v) for label, v in points if v]
    points.sort(key=lambda p: (-(p[1] or 0), p[0]))
    return [SeriesPoint(label=label, value=v) for label, v in points]


# ---------- plain queries (capture, lists, reminders, digest) ----------

@dataclass(frozen=True)
class ContractBalance:
    """A contract as of a day; amounts in cents of the contract's currency."""

    id: str
    customer_id: str
    customer_name: str
    owner_id: str | None
    deal_id: str | None
    title: str
    currency: str
    signed_on: date
    amount_cents: int
    paid_cents: int
    balance_cents: int
    overdue_cents: int


def _balance_select() -> Select:
    k = contracts
    paid, due = paid_up_to(k.c.id, bindparam("day")), due_before(k.c.id, bindparam("day"))
    return (select(k.c.id, k.c.customer_id, customers.c.name, k.c.owner_id, k.c.deal_id, k.c.title, k.c.currency,
                   k.c.signed_on, k.c.amount_cents, paid.label("paid"), (k.c.amount_cents - paid).label("balance"),
                   overdue_of(due, paid).label("overdue"))
            .select_from(k.join(customers, customers.c.id == k.c.customer_id)))


def _balances(conn: Connection, stmt: Select, params: dict) -> list[ContractBalance]:
    return [ContractBalance(*row[:8], *map(int, row[8:]))
            for row in conn.execute(stmt, params)]


def customer_contracts(conn: Connection, customer_id: str, day: date, *, owed_only: bool = False
                       ) -> list[ContractBalance]:
    """A customer's contracts signed up to `day` with their balance as of `day`, newest first;
    `owed_only`: only those with money still owed (where a payment of the customer may go)."""
    stmt = _balance_select().where(contracts.c.customer_id == customer_id, contracts.c.signed_on <= bindparam("day"))
    if owed_only:
        stmt = stmt.where(contracts.c.amount_cents > paid_up_to(contracts.c.id, bindparam("day")))
    stmt = stmt.order_by(contracts.c.signed_on.desc(), contracts.c.id.desc())
    return _balances(conn, stmt, {"day": day})


def contract_balance(conn: Connection, contract_id: str, day: date) -> ContractBalance | None:
    """One contract as of `day` (its balance and overdue amount), or None when there is no such contract."""
    rows = _balances(conn, _balance_select().where(contracts.c.id == contract_id), {"day": day})
    return rows[0] if rows else None


def _visible(owner: ColumnElement, visible: set[str] | None) -> list[ColumnElement]:
    return [] if visible is None else [owner.in_(sorted(visible))]


def _narrow(filters: Filters | None, owner: ColumnElement, customer_id: ColumnElement) -> list[ColumnElement]:
    """The rep, team and customer-attribute filters as plain conditions."""
    if filters is None:
        return []
    conds: list[ColumnElement] = []
    if filters.rep is not None:
        conds.append(owner == filters.rep)
    if filters.team is not None:
        conds.append(owner.in_(select(users.c.id).where(users.c.team == filters.team)))
    for attr in CUSTOMER_ATTRS:
        v = getattr(filters, attr)
        if v is not None:
            conds.append(customer_id.in_(select(customers.c.id).where(customers.c[attr] == v)))
    return conds


def contracts_with_balance(conn: Connection, day: date, visible: set[str] | None = None, *,
                           filters: Filters | None = None, customer_id: str | None = None,
                           overdue_only: bool = False, org: OrgSettings | None = None) -> list[ContractBalance]:
    """Contracts with money owed as of `day` (signed up to it), overdue first (largest overdue
    amount in the base currency first), then by balance, largest first; `visible` None = every owner."""
    k = contracts
    paid = paid_up_to(k.c.id, bindparam("day"))
    conds = [k.c.signed_on <= bindparam("day"), k.c.amount_cents > paid, *_visible(k.c.owner_id, visible),
             *_narrow(filters, k.c.owner_id, k.c.customer_id)]
    if customer_id is not None:
        conds.append(k.c.customer_id == customer_id)
    if overdue_only:
        conds.append(due_before(k.c.id, bindparam("day")) > paid)
    stmt = _balance_select().where(*conds)
    rows = _balances(conn, stmt, {"day": day})
    org = org or OrgSettings()
    return sorted(rows, key=lambda r: (-to_base(r.overdue_cents, r.currency, org),
                                       -to_base(r.balance_cents, r.currency, org), r.id))


@dataclass(frozen=True)
class DueInstallment:
    """An installment due in a range; `unpaid_cents`: how much of it the payments received up to
    the day asked do not cover (payments settle a contract's installments oldest first)."""

    contract_id: str
    customer_id: str
    customer_name: str
    owner_id: str | None
    currency: str
    due_on: date
    amount_cents: int
    unpaid_cents: int


def installments_due(conn: Connection, start: date, end: date, visible: set[str] | None = None, *,
                     as_of: date | None = None, unpaid_only: bool = False,
                     filters: Filters | None = None) -> list[DueInstallment]:
    """Installments due from `start` to `end` (both included), by due date; `unpaid_cents` as of
    `as_of` (default: `end`)."""
    i, k = installments, contracts
    # cumulative plan up to and including each installment, in one window over the contract
    upto = func.sum(i.c.amount_cents).over(partition_by=i.c.contract_id, order_by=(i.c.due_on, i.c.id))
    plan = (select(i.c.id, i.c.contract_id, i.c.due_on, i.c.amount_cents, upto.label("upto"))
            .where(i.c.contract_id.in_(select(i.c.contract_id).where(i.c.due_on >= bindparam("start"),
                                                                       i.c.due_on <= bindparam("end"))))
            .subquery("plan"))
    paid = paid_up_to(plan.c.contract_id, bindparam("as_of"))
    short = plan.c.upto - paid  # what the plan up to this installment lacks
    unpaid = case((short <= 0, literal(0)), (short >= plan.c.amount_cents, plan.c.amount_cents), else_=short)
    conds = [plan.c.due_on >= bindparam("start"), plan.c.due_on <= bindparam("end"),
             *_visible(k.c.owner_id, visible), *_narrow(filters, k.c.owner_id, k.c.customer_id)]
    if unpaid_only:
        conds.append(short > 0)
    stmt = (select(plan.c.contract_id, k.c.customer_id, customers.c.name, k.c.owner_id, k.c.currency, plan.c.due_on,
                   plan.c.amount_cents, unpaid.label("unpaid"))
            .select_from(plan.join(k, k.c.id == plan.c.contract_id).join(customers, customers.c.id == k.c.customer_id))
            .where(*conds).order_by(plan.c.due_on, plan.c.contract_id))
    rows = conn.execute(stmt, {"start": start, "end": end, "as_of": as_of or end})
    return [DueInstallment(*row[:6], int(row[6]), int(row[7])) for row in rows]


@dataclass(frozen=True)
class ReceivedPayment:
    """A payment received, with its contract's customer and owner; cents of the contract's currency."""

    id: str
    contract_id: str
    customer_id: str
    customer_name: str
    owner_id: str | None
    received_on: date
    amount_cents: int
    currency: str
    by: str | None


def payments_received(conn: Connection, start: date | None, end: date, visible: set[str] | None = None, *,
                      filters: Filters | None = None, customer_id: str | None = None) -> list[ReceivedPayment]:
    """Payments received from `start` (None: ever) to `end`, newest first; a payment belongs to
    its contract's owner."""
    p, k = payments, contracts
    conds = [p.c.received_on <= end, *_visible(k.c.owner_id, visible), *_narrow(filters, k.c.owner_id, k.c.customer_id)]
    if start is not None:
        conds.append(p.c.received_on >= start)
    if customer_id is not None:
        conds.append(k.c.customer_id == customer_id)
    stmt = (select(p.c.id, p.c.contract_id, k.c.customer_id, customers.c.name, k.c.owner_id, p.c.received_on,
                   p.c.amount_cents, k.c.currency, p.c.by)
            .select_from(p.join(k, k.c.id == p.c.contract_id).join(customers, customers.c.id == k.c.customer_id))
            .where(*conds).order_by(p.c.received_on.desc(), p.c.id.desc()))
    return [ReceivedPayment(*row) for row in conn.execute(stmt)]


def to_base(cents: int, currency: str, org: OrgSettings) -> Decimal:
    """Cents of `currency` as base-currency units (the metrics' conversion, for display)."""
    base = (Decimal(cents) * Decimal(str(org.rate(currency)))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return base / 100


__all__ = ["FINANCE_METRICS", "ContractBalance", "DueInstallment", "FinanceError", "ReceivedPayment",
           "compute_finance", "contract_balance", "contracts_with_balance", "customer_contracts", "due_before",
           "installments_due", "overdue_of", "paid_up_to", "payments_received", "to_base"]
