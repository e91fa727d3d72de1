"""Row checking for the CSV bundle: each file's columns and how a text row becomes DB values."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation

from domain.types import KINDS, STAGES

ROLES = ("rep", "manager", "admin")
METRIC_KEYS = ("won_amount", "won_deals", "visits", "activities", "new_leads", "new_deals")

# file -> its columns, in CONTRACT.md order; files are imported in this order
FILES: dict[str, tuple[str, ...]] = {
    "users.csv": ("id", "name", "role", "team", "manager_id", "telegram_id", "wecom_userid"),
    "customers.csv": ("id", "name", "aliases", "tier", "industry", "region", "source", "owner_id", "created_at"),
    "contacts.csv": ("id", "customer_id", "name", "title", "phone", "email"),
    "deals.csv": ("id", "customer_id", "title", "owner_id", "amount", "currency", "expected_close", "created_at"),
    "deal_events.csv": ("deal_id", "at", "stage", "amount", "by", "reason"),
    "activities.csv": ("id", "user_id", "customer_id", "contact_id", "kind", "occurred_at", "summary",
                       "next_step", "followup_date", "status"),
    "targets.csv": ("user_id", "metric", "start", "end", "value"),
    "contracts.csv": ("id", "customer_id", "deal_id", "owner_id", "title", "amount", "currency", "signed_on"),
    "installments.csv": ("contract_id", "due_on", "amount"),
    "payments.csv": ("id", "contract_id", "received_on", "amount", "by"),
}
# columns a bundle may leave out (added after bundles were written, or optional by nature)
OPTIONAL_COLUMNS = frozenset({"aliases", "email", "reason", "status", "checkin"})
# optional trailing columns: export writes them when some row has a value; import accepts them or their absence.
# `checkin`: the label of the visit's field check-in (kept in `checkins`; import reads no check-in from it)
TRAILING: dict[str, tuple[str, ...]] = {"activities.csv": ("checkin",)}
ACTIVITY_STATUSES = ("done", "planned")
# the largest amount taken as plausible, in any currency (CONTRACT / issue 15)
MAX_AMOUNT = Decimal(10) ** 11

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_FIELD = 10_000  # characters in any field
MAX_KEY = 64  # characters in an id or a reference to one (the schema's key length)
KEY_COLUMNS = frozenset({"id", "user_id", "customer_id", "contact_id", "deal_id", "owner_id", "manager_id",
                          "contract_id", "by"})
YEARS = (1900, 2200)  # dates outside these years are typing mistakes


def text_problem(header: list[str], values: list[str]) -> str | None:
    """What makes a row's raw text unstorable (a NUL byte, an over-long field or id), or None."""
    for col, v in zip(header, values, strict=True):
        if "\x00" in v:
            return f"{col} contains a NUL byte"
        if len(v) > MAX_FIELD:
            return f"{col} is longer than {MAX_FIELD:,} characters ({len(v):,})"
        if col in KEY_COLUMNS and len(v.strip()) > MAX_KEY:
            return f"{col} is longer than {MAX_KEY} characters"
    return None


def _plausible_year(value: date | datetime, col: str, text: str) -> None:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise RowError(f"{col} is outside the years {YEARS[0]}-{YEARS[1]}: {text!r}")


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


def req(row: dict[str, str], col: str) -> str:
    v = row.get(col, "").strip()
    if not v:
        raise RowError(f"{col} is empty")
    return v


def opt(row: dict[str, str], col: str) -> str | None:
    v = row.get(col, "").strip()
    return v or None


def parse_ts(value: str, col: str) -> datetime:
    """An ISO 8601 timestamp that must carry an offset."""
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(f"{col} is not an ISO 8601 timestamp: {value!r}") from None
    if dt.tzinfo is None:
        raise RowError(f"{col} has no UTC offset: {value!r}")
    _plausible_year(dt, col, value)
    return dt


def parse_date(value: str | None, col: str) -> date | None:
    if value is None:
        return None
    if not _ISO_DATE.fullmatch(value):
        raise RowError(f"{col} is not a YYYY-MM-DD date: {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{col} is not a real date: {value!r}") from None
    _plausible_year(day, col, value)
    return day


def parse_cents(value: str | None, col: str) -> int | None:
    """A non-negative amount with at most two decimals, as integer cents."""
    if value is None:
        return None
    try:
        d = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise RowError(f"{col} is not a number: {value!r}") from None
    if not d.is_finite() or d < 0:
        raise RowError(f"{col} must be a non-negative number: {value!r}")
    if d > MAX_AMOUNT:
        raise RowError(f"{col} is beyond any plausible amount (over 10^11): {value!r}")
    cents = d * 100
    if cents != cents.to_integral_value():
        raise RowError(f"{col} has more than two decimals: {value!r}")
    return int(cents)


def ref(value: str | None, ids, what: str, col: str) -> str | None:
    if value is not None and value not in ids:
        raise RowError(f"{col} {value!r}: no such {what}")
    return value


def check_user(row: dict[str, str], known: Known) -> dict:
    role = req(row, "role")
    if role not in ROLES:
        raise RowError(f"role must be one of {', '.join(ROLES)}: {role!r}")
    return {"id": req(row, "id"), "name": req(row, "name"), "role": role, "team": opt(row, "team"),
            "manager_id": opt(row, "manager_id"), "telegram_id": opt(row, "telegram_id"),
            "wecom_userid": opt(row, "wecom_userid")}


def check_customer(row: dict[str, str], known: Known, tz: tzinfo) -> dict:
    created = parse_ts(req(row, "created_at"), "created_at")
    aliases = "|".join(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return {"id": req(row, "id"), "name": req(row, "name"), "aliases": aliases, "tier": opt(row, "tier"),
            "industry": opt(row, "industry"), "region": opt(row, "region"), "source": opt(row, "source"),
            "owner_id": ref(opt(row, "owner_id"), known.users, "user", "owner_id"),
            "created_at": created, "created_on": created.astimezone(tz).date()}


def check_contact(row: dict[str, str], known: Known) -> dict:
    return {"id": req(row, "id"),
            "customer_id": ref(req(row, "customer_id"), known.customers, "customer", "customer_id"),
            "name": req(row, "name"), "title": opt(row, "title"), "phone": opt(row, "phone"),
            "email": _email(opt(row, "email"))}


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _email(value: str | None) -> str | None:
    if value is not None and not _EMAIL.fullmatch(value):
        raise RowError(f"email is not an e-mail address: {value!r}")
    return value


def currency_of(row: dict[str, str]) -> str:
    currency = (opt(row, "currency") or "").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise RowError(f"currency is not an ISO code: {row.get('currency')!r}")
    return currency


def check_deal(row: dict[str, str], known: Known, tz: tzinfo) -> dict:
    created = parse_ts(req(row, "created_at"), "created_at")
    currency = currency_of(row)
    return {"id": req(row, "id"),
            "customer_id": ref(req(row, "customer_id"), known.customers, "customer", "customer_id"),
            "title": row.get("title", "").strip(),
            "owner_id": ref(opt(row, "owner_id"), known.users, "user", "owner_id"),
            "amount_cents": parse_cents(req(row, "amount"), "amount"), "currency": currency,
            "expected_close": parse_date(opt(row, "expected_close"), "expected_close"),
            "created_at": created, "created_on": created.astimezone(tz).date()}


def check_event(row: dict[str, str], known: Known, tz: tzinfo) -> dict:
    at = parse_ts(req(row, "at"), "at")
    stage = req(row, "stage")
    if stage not in STAGES:
        raise RowError(f"stage must be one of {', '.join(STAGES)}: {stage!r}")
    return {"deal_id": ref(req(row, "deal_id"), known.deals, "deal", "deal_id"), "at": at,
            "on_date": at.astimezone(tz).date(), "stage": stage,
            "amount_cents": parse_cents(opt(row, "amount"), "amount"),
            "by": ref(opt(row, "by"), known.users, "user", "by"), "reason": opt(row, "reason")}


def check_activity(row: dict[str, str], known: Known, tz: tzinfo) -> dict:
    # the bulk of a bundle: checked with as few calls per row as the checks allow
    try:
        at = datetime.fromisoformat(row["occurred_at"])
    except ValueError:
        at = None
    if at is None or at.tzinfo is None or not YEARS[0] <= at.year <= YEARS[1]:
        at = parse_ts(req(row, "occurred_at"), "occurred_at")  # says what is wrong
    kind = row["kind"].strip()
    if kind not in KINDS:
        raise RowError(f"kind must be one of {', '.join(KINDS)}: {kind!r}" if kind else "kind is empty")
    customer = row["customer_id"].strip()
    if customer not in known.customers:
        raise RowError(f"customer_id {customer!r}: no such customer" if customer else "customer_id is empty")
    contact = row["contact_id"].strip() or None
    if contact is not None:
        owner = known.contact_customer.get(contact)
        if owner is None:
            raise RowError(f"contact_id {contact!r}: no such contact")
        if owner != customer:
            raise RowError(f"contact_id {contact!r} belongs to customer {owner}, not {customer}")
    aid, user = req(row, "id"), row["user_id"].strip()
    if user not in known.users:
        raise RowError(f"user_id {user!r}: no such user" if user else "user_id is empty")
    follow = row["followup_date"].strip()
    status = (row.get("status") or "").strip().lower() or "done"
    if status not in ACTIVITY_STATUSES:
        raise RowError(f"status must be one of {', '.join(ACTIVITY_STATUSES)} (or empty for done): {status!r}")
    return {"id": aid, "user_id": user, "customer_id": customer, "contact_id": contact, "kind": kind,
            "occurred_at": at, "occurred_on": at.astimezone(tz).date(), "summary": row["summary"].strip(),
            "next_step": row["next_step"].strip(),
            "followup_date": parse_date(follow, "followup_date") if follow else None, "status": status}


def check_target(row: dict[str, str], known: Known) -> dict:
    metric = req(row, "metric")
    if metric not in METRIC_KEYS:
        raise RowError(f"metric must be one of {', '.join(METRIC_KEYS)}: {metric!r}")
    start = parse_date(req(row, "start"), "start")
    end = parse_date(req(row, "end"), "end")
    assert start is not None and end is not None
    if end < start:
        raise RowError(f"end {end} is before start {start}")
    try:
        value = float(req(row, "value").replace(",", ""))
    except ValueError:
        raise RowError(f"value is not a number: {row.get('value')!r}") from None
    if not (math.isfinite(value) and 0 <= value <= float(MAX_AMOUNT)):
        raise RowError(f"value must be a number from 0 to 10^11: {row.get('value')!r}")
    return {"user_id": ref(req(row, "user_id"), known.users, "user", "user_id"), "metric": metric,
            "start": start, "end": end, "value": value}
