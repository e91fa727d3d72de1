"""From a bundle row to DB values: each file's columns, and the checks a row's own model
(storage.bundle_models) cannot make - references to users, customers, contacts, deals and
contracts known so far (stored, or earlier in the bundle), and installment plans."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any

from storage import bundle_models as bm
from storage.bundle_models import MODELS, cents

# file -> its columns, in CONTRACT.md order (its model's fields); files are imported in this order
# optional trailing columns: export writes them when some row has a value; import accepts them or their absence.
# `checkin`: the label of the visit's field check-in (kept in `checkins`; import reads no check-in from it)
TRAILING: dict[str, tuple[str, ...]] = {"activities.csv": ("checkin",)}
FILES: dict[str, tuple[str, ...]] = {
    name: tuple(c for c in model.model_fields if c not in TRAILING.get(name, ())) for name, model in MODELS.items()}
# columns a bundle may leave out (added after bundles were written, or optional by nature)
OPTIONAL_COLUMNS = frozenset({"aliases", "email", "reason", "status", "checkin"})

Row = dict[str, Any]  # a row's DB values, by column


class RowError(ValueError):
    """One problem with one row; the message is what is wrong."""


@dataclass
class Known:
    """Ids seen so far (in the database or earlier in the bundle), for reference checks."""

    users: set[str]
    customers: set[str]
    contact_customer: dict[str, str]
    deals: set[str]
    deal_customer: dict[str, str] = field(default_factory=dict)
    contract_amount: dict[str, int] = field(default_factory=dict)  # contract id -> amount in cents
    # contract id -> {due_on: cents}: the plan as stored, then as the bundle sets it
    plan: dict[str, dict[date, int]] = field(default_factory=dict)


def ref(value: str | None, ids: Collection[str], what: str, col: str) -> str | None:
    if value is not None and value not in ids:
        raise RowError(f"{col} {value!r}: no such {what}")
    return value


def _money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def _midnight(day: date, tz: tzinfo) -> datetime:
    """A deterministic creation time for an imported row (so a second import changes nothing)."""
    return datetime.combine(day, time(0, 0), tzinfo=tz)


def check_user(row: bm.UserRow, known: Known, tz: tzinfo) -> Row:
    return {"id": row.id, "name": row.name, "role": row.role, "team": row.team, "manager_id": row.manager_id,
            "telegram_id": row.telegram_id, "wecom_userid": row.wecom_userid}


def check_customer(row: bm.CustomerRow, known: Known, tz: tzinfo) -> Row:
    return {"id": row.id, "name": row.name, "aliases": row.aliases, "tier": row.tier, "industry": row.industry,
            "region": row.region, "source": row.source,
            "owner_id": ref(row.owner_id, known.users, "user", "owner_id"),
            "created_at": row.created_at, "created_on": row.created_at.astimezone(tz).date()}


def check_contact(row: bm.ContactRow, known: Known, tz: tzinfo) -> Row:
    return {"id": row.id, "customer_id": ref(row.customer_id, known.customers, "customer", "customer_id"),
            "name": row.name, "title": row.title, "phone": row.phone, "email": row.email}


def check_deal(row: bm.DealRow, known: Known, tz: tzinfo) -> Row:
    return {"id": row.id, "customer_id": ref(row.customer_id, known.customers, "customer", "customer_id"),
            "title": row.title, "owner_id": ref(row.owner_id, known.users, "user", "owner_id"),
            "amount_cents": cents(row.amount), "currency": row.currency, "expected_close": row.expected_close,
            "created_at": row.created_at, "created_on": row.created_at.astimezone(tz).date()}


def check_event(row: bm.DealEventRow, known: Known, tz: tzinfo) -> Row:
    return {"deal_id": ref(row.deal_id, known.deals, "deal", "deal_id"), "at": row.at,
            "on_date": row.at.astimezone(tz).date(), "stage": row.stage,
            "amount_cents": None if row.amount is None else cents(row.amount),
            "by": ref(row.by, known.users, "user", "by"), "reason": row.reason}


def check_activity(row: bm.ActivityRow, known: Known, tz: tzinfo) -> Row:
    customer, contact = row.customer_id, row.contact_id
    if customer not in known.customers:
        raise RowError(f"customer_id {customer!r}: no such customer")
    if contact is not None:
        owner = known.contact_customer.get(contact)
        if owner is None:
            raise RowError(f"contact_id {contact!r}: no such contact")
        if owner != customer:
            raise RowError(f"contact_id {contact!r} belongs to customer {owner}, not {customer}")
    if row.user_id not in known.users:
        raise RowError(f"user_id {row.user_id!r}: no such user")
    at = row.occurred_at
    return {"id": row.id, "user_id": row.user_id, "customer_id": customer, "contact_id": contact, "kind": row.kind,
            "occurred_at": at, "occurred_on": at.astimezone(tz).date(), "summary": row.summary,
            "next_step": row.next_step, "followup_date": row.followup_date, "status": row.status}


def check_target(row: bm.TargetRow, known: Known, tz: tzinfo) -> Row:
    return {"user_id": ref(row.user_id, known.users, "user", "user_id"), "metric": row.metric,
            "start": row.start, "end": row.end, "value": row.value}


def check_contract(row: bm.ContractRow, known: Known, tz: tzinfo) -> Row:
    customer = ref(row.customer_id, known.customers, "customer", "customer_id")
    if row.deal_id is not None:
        ref(row.deal_id, known.deals, "deal", "deal_id")
        owner_of = known.deal_customer.get(row.deal_id)
        if owner_of is not None and owner_of != customer:
            raise RowError(f"deal_id {row.deal_id!r} belongs to customer {owner_of}, not {customer}")
    return {"id": row.id, "customer_id": customer, "deal_id": row.deal_id,
            "owner_id": ref(row.owner_id, known.users, "user", "owner_id"), "title": row.title,
            "amount_cents": cents(row.amount), "currency": row.currency, "signed_on": row.signed_on,
            "created_at": _midnight(row.signed_on, tz)}


def check_installment(row: bm.InstallmentRow, known: Known, tz: tzinfo) -> Row:
    """An installment; refused when its contract's plan would add up to more than the contract."""
    contract = row.contract_id
    ref(contract, known.contract_amount, "contract", "contract_id")
    amount_cents = cents(row.amount)
    plan = dict(known.plan.get(contract, {}))
    plan[row.due_on] = amount_cents
    total, amount = sum(plan.values()), known.contract_amount[contract]
    if total > amount:
        raise RowError(f"installments of contract {contract} add up to {_money(total)}, "
                       f"above its amount {_money(amount)}")
    return {"contract_id": contract, "due_on": row.due_on, "amount_cents": amount_cents}


def check_payment(row: bm.PaymentRow, known: Known, tz: tzinfo) -> Row:
    return {"id": row.id, "contract_id": ref(row.contract_id, known.contract_amount, "contract", "contract_id"),
            "received_on": row.received_on, "amount_cents": cents(row.amount),
            "by": ref(row.by, known.users, "user", "by"), "created_at": _midnight(row.received_on, tz)}


# file -> how a validated row of it becomes DB values (checked against what is known)
CHECKS: dict[str, Callable[[Any, Known, tzinfo], Row]] = {
    "users.csv": check_user, "customers.csv": check_customer, "contacts.csv": check_contact,
    "deals.csv": check_deal, "deal_events.csv": check_event, "activities.csv": check_activity,
    "targets.csv": check_target, "contracts.csv": check_contract, "installments.csv": check_installment,
    "payments.csv": check_payment,
}
assert CHECKS.keys() == MODELS.keys()
