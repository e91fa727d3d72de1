"""The `payments` lists (METRICS.md "Lists"): payments received in a period, newest first; and
contracts with money still owed as of today — overdue ones first, then by balance — with the
per-contract sums of storage.finance (balance: the amount minus payments received up to today;
overdue amount: installments due before today minus those payments, when positive).
Money is shown in the base currency."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, bindparam, literal, select
from sqlalchemy.sql.elements import BindParameter

from domain.settings import OrgSettings
from intents.question_lists import ListRequest
from storage.finance import due_before, overdue_of, paid_up_to
from storage.list_scope import Scope
from storage.metric_core import money
from storage.metric_scope import scope_conditions
from storage.metric_sql import base_cents
from storage.models import Contract, Customer, Payment, User

contracts = Contract.__table__
payments = Payment.__table__
customers = Customer.__table__
users = User.__table__


def _names(req: ListRequest) -> frozenset[str]:
    return frozenset(k for k, v in req.filters.model_dump().items() if v is not None and k != "kind")


def _params(req: ListRequest, scope: Scope) -> dict:
    values = {k: v for k, v in req.filters.model_dump().items() if v is not None and k != "kind"}
    if scope.visible is not None:
        values["visible"] = sorted(scope.visible)
    return values


def payment_rows(conn: Connection, req: ListRequest, scope: Scope, org: OrgSettings, cap: int) -> list[dict]:
    """Payments received in the period (to today) on contracts the asker may see, newest first."""
    k, p = contracts, payments
    conds = scope_conditions(k.c.owner_id, k.c.customer_id, scope.visible is None, _names(req))
    conds.append(p.c.received_on <= literal(scope.today))
    if req.period is not None:
        conds += [p.c.received_on >= literal(req.period.start), p.c.received_on <= literal(req.period.end)]
    if req.customer_id:
        conds.append(k.c.customer_id == req.customer_id)
    amount = base_cents(p.c.amount_cents, k.c.currency, org)
    stmt = (select(p.c.id, p.c.received_on.label("date"), customers.c.name.label("customer"),
                   k.c.id.label("contract"), k.c.title, amount.label("amount"),
                   select(users.c.name).where(users.c.id == k.c.owner_id).scalar_subquery().label("owner"))
            .select_from(p.join(k, k.c.id == p.c.contract_id).join(customers, customers.c.id == k.c.customer_id))
            .where(*conds).order_by(p.c.received_on.desc(), p.c.id.desc()).limit(cap))
    return [_money_row(r._mapping, ("amount",)) for r in conn.execute(stmt, _params(req, scope))]


def contract_balances(conn: Connection, req: ListRequest, scope: Scope, org: OrgSettings, cap: int) -> list[dict]:
    """Contracts with a balance as of today (`which` 'overdue': only those with an overdue amount),
    overdue first (largest overdue amount first), then by balance."""
    k = contracts
    today: BindParameter[date] = bindparam("today", scope.today)
    paid, due = paid_up_to(k.c.id, today), due_before(k.c.id, today)
    conds = scope_conditions(k.c.owner_id, k.c.customer_id, scope.visible is None, _names(req))
    conds.append(k.c.signed_on <= today)
    if req.customer_id:
        conds.append(k.c.customer_id == req.customer_id)
    inner = select(
        k.c.id, k.c.title, k.c.customer_id, k.c.owner_id, k.c.currency, k.c.amount_cents.label("total"),
        paid.label("paid"), due.label("due"),
    ).where(*conds).subquery()
    balance = inner.c.total - inner.c.paid
    overdue = overdue_of(inner.c.due, inner.c.paid)
    base = lambda x: base_cents(x, inner.c.currency, org)  # noqa: E731
    where = [balance > 0] + ([overdue > 0] if req.which == "overdue" else [])
    stmt = (select(inner.c.id, inner.c.title,
                   select(customers.c.name).where(customers.c.id == inner.c.customer_id).scalar_subquery().label("customer"),
                   select(users.c.name).where(users.c.id == inner.c.owner_id).scalar_subquery().label("owner"),
                   base(inner.c.total).label("amount"), base(balance).label("balance"), base(overdue).label("overdue"))
            .where(*where).order_by((overdue > 0).desc(), base(overdue).desc(), base(balance).desc(), inner.c.id)
            .limit(cap))
    return [_money_row(r._mapping, ("amount", "balance", "overdue"))
            for r in conn.execute(stmt, _params(req, scope) | {"today": scope.today})]


def _money_row(row, keys: tuple[str, ...]) -> dict:
    out = dict(row)
    for key in keys:
        out[key] = money(out[key])
    if "date" in out and out["date"] is not None:
        out["date"] = out["date"].isoformat()
    return out
