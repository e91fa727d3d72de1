"""The public-pool rules (公海规则, CONTRACT.md `[pool]`): when an owned customer is due back in the
pool, returning it (automatically or by hand), the claim cap, and which customers went back when.

A customer's clock starts at the later of its owner's latest done activity on it and the moment
the owner got it (the latest audit row that gave them the customer — a claim or a reassignment —
else its `created_at`); it returns `return_after_days` days later. Every return is audited:
action `pool_return` (the daily run) or `release` (by hand), entity `customer`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, insert, select, update

from storage.models import Activity, AuditEntry, Customer, User

A = Activity.__table__
AUD = AuditEntry.__table__
C = Customer.__table__
U = User.__table__
RETURN_ACTIONS = ("pool_return", "release")
GAIN_ACTIONS = ("create", "update", "claim")  # audit actions that may give a customer an owner
WARN = "pool_warn"  # audit action: the owner was warned of a customer's return date


@dataclass(frozen=True)
class PoolClock:
    """One owned customer and the day it returns to the pool."""

    customer_id: str
    name: str
    owner_id: str
    since: date  # the last done activity by the owner, or the day the owner got it
    returns_on: date


def _acquired(conn: Connection, tz: ZoneInfo) -> dict[tuple[str, str], date]:
    """(customer id, owner id) -> the latest local day an audited change gave that owner the customer."""
    q = (select(AUD.c.entity_id, AUD.c.at, AUD.c.after)
         .where(AUD.c.entity == "customer", AUD.c.action.in_(GAIN_ACTIONS), AUD.c.after.like('%"owner_id"%')))
    out: dict[tuple[str, str], date] = {}
    for cid, at, after in conn.execute(q):
        try:
            owner = json.loads(after or "{}").get("owner_id")
        except (ValueError, AttributeError):
            continue
        if owner:
            day = at.astimezone(tz).date()
            key = (cid, owner)
            out[key] = max(out.get(key, day), day)
    return out


def pool_clocks(conn: Connection, return_after_days: int, tz: ZoneInfo,
                owner_ids: list[str] | None = None) -> list[PoolClock]:
    """Every owned customer with the day it returns to the pool (none when the rule is off)."""
    if return_after_days <= 0:
        return []
    last = (select(A.c.customer_id, A.c.user_id, func.max(A.c.occurred_on).label("last_on"))
            .where(A.c.status == "done").group_by(A.c.customer_id, A.c.user_id).subquery())
    q = (select(C.c.id, C.c.name, C.c.owner_id, C.c.created_on, last.c.last_on)
         .outerjoin(last, (last.c.customer_id == C.c.id) & (last.c.user_id == C.c.owner_id))
         .where(C.c.owner_id.is_not(None)).order_by(C.c.owner_id, C.c.name))
    if owner_ids is not None:
        q = q.where(C.c.owner_id.in_(owner_ids))
    got = _acquired(conn, tz)
    out = []
    for cid, name, owner, created_on, last_on in conn.execute(q):
        start = got.get((cid, owner), created_on)
        since = max(start, last_on) if last_on else start
        out.append(PoolClock(cid, name, owner, since, since + timedelta(days=return_after_days)))
    return out


def return_to_pool(conn: Connection, clock: PoolClock, at: datetime, days: int) -> bool:
    """Return one customer to the pool (only if its owner is still the same and logged nothing on it since
    the clock was read — a log committed meanwhile wins); audited as `pool_return`."""
    logged = (select(A.c.id).where(A.c.customer_id == clock.customer_id, A.c.user_id == clock.owner_id,
                                   A.c.status == "done", A.c.occurred_on > clock.since).exists())
    res = conn.execute(update(C).where(C.c.id == clock.customer_id, C.c.owner_id == clock.owner_id, ~logged)
                       .values(owner_id=None))
    if res.rowcount != 1:
        return False
    conn.execute(insert(AUD).values(
        at=at, user_id=None, action="pool_return", entity="customer", entity_id=clock.customer_id,
        before=json.dumps({"owner_id": clock.owner_id}),
        after=json.dumps({"owner_id": None, "since": clock.since.isoformat(), "return_after_days": days})))
    return True


def release(conn: Connection, customer_id: str, owner_id: str, by: str, at: datetime,
            message_id: int | None) -> bool:
    """Put a customer back in the pool by hand (when `owner_id` still owns it); audited as `release`."""
    res = conn.execute(update(C).where(C.c.id == customer_id, C.c.owner_id == owner_id).values(owner_id=None))
    if res.rowcount != 1:
        return False
    conn.execute(insert(AUD).values(at=at, user_id=by, action="release", entity="customer", entity_id=customer_id,
                                    before=json.dumps({"owner_id": owner_id}), after=json.dumps({"owner_id": None}),
                                    message_id=message_id))
    return True


def owned_count(conn: Connection, user_id: str) -> int:
    """How many customers `user_id` owns."""
    return int(conn.execute(select(func.count()).select_from(C).where(C.c.owner_id == user_id)).scalar() or 0)


def warned(conn: Connection, customer_ids: list[str]) -> set[tuple[str, str]]:
    """(customer id, return day ISO) pairs whose owner was already warned."""
    if not customer_ids:
        return set()
    q = select(AUD.c.entity_id, AUD.c.after).where(AUD.c.action == WARN, AUD.c.entity == "customer",
                                                    AUD.c.entity_id.in_(customer_ids))
    return {(cid, json.loads(after or "{}").get("returns_on", "")) for cid, after in conn.execute(q)}


def mark_warned(conn: Connection, clock: PoolClock, at: datetime) -> None:
    """Record that the owner was warned of this return day (never warned twice for it)."""
    conn.execute(insert(AUD).values(at=at, user_id=None, action=WARN, entity="customer", entity_id=clock.customer_id,
                                    after=json.dumps({"owner_id": clock.owner_id,
                                                      "returns_on": clock.returns_on.isoformat()})))


def returned_to_pool(conn: Connection, start: date, end: date, tz: ZoneInfo,
                     visible: set[str] | None = None) -> list[dict]:
    """Customers that went back to the pool between `start` and `end` (local days, both included),
    newest first: {customer_id, name, from_owner_id, from_owner_name, on, how ('auto' | 'release'), by, days
    (the rule's return_after_days then, for 'auto')}.
    `visible` (None: everyone) keeps those whose former owner the asker may see."""
    lo = datetime.combine(start, time(0), tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz)
    q = (select(AUD.c.entity_id, AUD.c.at, AUD.c.action, AUD.c.before, AUD.c.after, AUD.c.user_id, C.c.name)
         .join(C, C.c.id == AUD.c.entity_id)
         .where(AUD.c.entity == "customer", AUD.c.action.in_(RETURN_ACTIONS), AUD.c.at >= lo, AUD.c.at < hi)
         .order_by(AUD.c.at.desc(), AUD.c.id.desc()))
    rows = []
    for cid, at, action, before, after, by, name in conn.execute(q):
        owner = json.loads(before or "{}").get("owner_id")
        if visible is not None and owner not in visible:
            continue
        rows.append({"customer_id": cid, "name": name, "from_owner_id": owner, "on": at.astimezone(tz).date(),
                     "how": "auto" if action == "pool_return" else "release", "by": by,
                     "days": json.loads(after or "{}").get("return_after_days")})
    names = dict(conn.execute(select(U.c.id, U.c.name).where(U.c.id.in_({r["from_owner_id"] for r in rows}))).all())
    for r in rows:
        r["from_owner_name"] = names.get(r["from_owner_id"], r["from_owner_id"])
    return rows
