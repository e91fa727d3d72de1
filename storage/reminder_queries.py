"""What the morning reminders read: each person's open follow-ups (METRICS.md: the follow-up date
of a customer's most recent done activity, and the days of planned activities), which of them a
manager must hear about, and the installments that fall due unpaid; plus the writes behind the
reminder buttons (done, postpone, cancel), each with its audit row."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, func, insert, select, update

from storage.models import (
    Activity,
    AuditEntry,
    Contract,
    Customer,
    InboundMessage,
    Installment,
    Payment,
    User,
)

A = Activity.__table__
AUD = AuditEntry.__table__
C = Customer.__table__
U = User.__table__
CT = Contract.__table__
INS = Installment.__table__
PAY = Payment.__table__
INB = InboundMessage.__table__
ESCALATE = "escalate"  # audit action of a follow-up shown to a manager (once per follow-up and date)


@dataclass(frozen=True)
class DueItem:
    """One open follow-up: a planned activity (`plan`) or a done activity's follow-up date (`followup`)."""

    type: str  # plan | followup
    activity_id: str
    user_id: str  # who is reminded: the plan's rep, or the customer's owner
    customer_id: str
    customer: str
    due: date
    kind: str
    text: str  # the plan's summary, or the follow-up's next step
    at: datetime | None = None  # a plan's stored time (UTC)
    message_id: int | None = None


def latest_done_activity():
    """Subquery of each customer's most recent done activity (id, customer_id, followup_date, ...)."""
    ranked = select(A.c.id, A.c.customer_id, A.c.followup_date, A.c.kind, A.c.next_step, A.c.summary,
                    func.row_number().over(partition_by=A.c.customer_id,
                                           order_by=(A.c.occurred_at.desc(), A.c.id.desc())).label("rn")
                    ).where(A.c.status == "done").subquery()
    return select(ranked).where(ranked.c.rn == 1).subquery()


def due_plans(conn: Connection, until: date, user_ids: list[str] | None = None,
              since: date | None = None) -> list[DueItem]:
    """Planned activities dated on or before `until` (those before are overdue), from `since` when given."""
    q = (select(A.c.id, A.c.user_id, A.c.customer_id, C.c.name, A.c.occurred_on, A.c.kind, A.c.summary,
                A.c.next_step, A.c.occurred_at, A.c.message_id)
         .join(C, C.c.id == A.c.customer_id)
         .where(A.c.status == "planned", A.c.occurred_on <= until))
    if since is not None:
        q = q.where(A.c.occurred_on >= since)
    if user_ids is not None:
        q = q.where(A.c.user_id.in_(user_ids))
    return [DueItem("plan", r.id, r.user_id, r.customer_id, r.name, r.occurred_on, r.kind,
                    r.summary or r.next_step or "", r.occurred_at, r.message_id) for r in conn.execute(q)]


def due_followups(conn: Connection, until: date, user_ids: list[str] | None = None) -> list[DueItem]:
    """Follow-up dates on or before `until` of owned customers' most recent done activities (to the owner)."""
    last = latest_done_activity()
    q = (select(last.c.id, C.c.owner_id, C.c.id.label("cid"), C.c.name, last.c.followup_date, last.c.kind,
                last.c.next_step, last.c.summary)
         .join(last, last.c.customer_id == C.c.id)
         .where(C.c.owner_id.is_not(None), last.c.followup_date.is_not(None), last.c.followup_date <= until))
    if user_ids is not None:
        q = q.where(C.c.owner_id.in_(user_ids))
    return [DueItem("followup", r.id, r.owner_id, r.cid, r.name, r.followup_date, r.kind,
                    r.next_step or "") for r in conn.execute(q)]


def due_items(conn: Connection, until: date, user_ids: list[str] | None = None) -> list[DueItem]:
    """Every open follow-up due on or before `until`, oldest first (then by customer)."""
    items = due_plans(conn, until, user_ids) + due_followups(conn, until, user_ids)
    return sorted(items, key=lambda i: (i.due, i.customer, i.activity_id))


def escalated(conn: Connection, activity_ids: list[str]) -> set[tuple[str, str]]:
    """(activity id, due date ISO) pairs already shown to a manager."""
    if not activity_ids:
        return set()
    q = select(AUD.c.entity_id, AUD.c.after).where(AUD.c.action == ESCALATE, AUD.c.entity == "activity",
                                                    AUD.c.entity_id.in_(activity_ids))
    return {(eid, json.loads(after or "{}").get("due", "")) for eid, after in conn.execute(q)}


def mark_escalated(conn: Connection, item: DueItem, manager_id: str, at: datetime) -> None:
    """Record that `item` was shown to `manager_id` (an audit row; never shown again for this date)."""
    conn.execute(insert(AUD).values(at=at, user_id=None, action=ESCALATE, entity="activity",
                                    entity_id=item.activity_id, before=None,
                                    after=json.dumps({"due": item.due.isoformat(), "manager": manager_id,
                                                      "rep": item.user_id, "type": item.type})))


def people(conn: Connection) -> dict[str, dict]:
    """Every user by id: name, role, manager_id, telegram_id, wecom_userid."""
    q = select(U.c.id, U.c.name, U.c.role, U.c.manager_id, U.c.telegram_id, U.c.wecom_userid)
    return {r.id: dict(r._mapping) for r in conn.execute(q)}


def message_text(conn: Connection, message_id: int | None) -> str:
    """The text of a stored inbound message ('' when there is none)."""
    if message_id is None:
        return ""
    return conn.execute(select(INB.c.text).where(INB.c.id == message_id)).scalar() or ""


# ---------- installments ----------

def installments_due_unpaid(conn: Connection, day: date) -> list[dict]:
    """Installments due on `day` that the payments received up to `day` do not cover: each with its
    contract, customer, owner, currency and the unpaid part (cents) of that installment."""
    q = (select(INS.c.contract_id, INS.c.due_on, INS.c.amount_cents, CT.c.owner_id, CT.c.title, CT.c.currency,
                CT.c.customer_id, C.c.name.label("customer"))
         .join(CT, CT.c.id == INS.c.contract_id).join(C, C.c.id == CT.c.customer_id)
         .where(INS.c.due_on == day, CT.c.owner_id.is_not(None)).order_by(CT.c.owner_id, INS.c.contract_id))
    rows = [dict(r._mapping) for r in conn.execute(q)]
    out = []
    for r in rows:
        planned = conn.execute(select(func.coalesce(func.sum(INS.c.amount_cents), 0))
                               .where(INS.c.contract_id == r["contract_id"], INS.c.due_on <= day)).scalar_one()
        paid = conn.execute(select(func.coalesce(func.sum(PAY.c.amount_cents), 0))
                            .where(PAY.c.contract_id == r["contract_id"], PAY.c.received_on <= day)).scalar_one()
        unpaid = min(int(r["amount_cents"]), int(planned) - int(paid))
        if unpaid > 0:
            out.append({**r, "unpaid_cents": unpaid})
    return out


# ---------- the reminder buttons ----------

def activity_row(conn: Connection, activity_id: str) -> dict | None:
    """One activity with its customer's name and owner; its customer's row stays locked until the
    transaction ends (two taps on the same reminder take turns; SQLite has one writer anyway)."""
    q = (select(A, C.c.name.label("customer"), C.c.owner_id).join(C, C.c.id == A.c.customer_id)
         .where(A.c.id == activity_id))
    r = conn.execute(q).mappings().first()
    if r is None:
        return None
    lock_customer(conn, r["customer_id"])
    return dict(r)


def lock_customer(conn: Connection, customer_id: str) -> None:
    """Hold the customer's row until the transaction ends (PostgreSQL row lock)."""
    conn.execute(select(C.c.id).where(C.c.id == customer_id).with_for_update())


def _audit(conn: Connection, at: datetime, by: str, action: str, aid: str, before: dict, after: dict,
           message_id: int | None) -> None:
    conn.execute(insert(AUD).values(at=at, user_id=by, action=action, entity="activity", entity_id=aid,
                                    before=json.dumps(before, default=str), after=json.dumps(after, default=str),
                                    message_id=message_id))


def mark_plan_done(conn: Connection, activity_id: str, at: datetime, on: date, by: str,
                   message_id: int | None) -> bool:
    """A planned activity is done now (counted from now on, never twice); False when it is no plan."""
    res = conn.execute(update(A).where(A.c.id == activity_id, A.c.status == "planned")
                       .values(status="done", occurred_at=at, occurred_on=on))
    if res.rowcount != 1:
        return False
    _audit(conn, at, by, "update", activity_id, {"status": "planned"},
           {"status": "done", "occurred_on": on.isoformat()}, message_id)
    return True


def move_plan(conn: Connection, activity_id: str, new_at: datetime, new_on: date, at: datetime, by: str,
              message_id: int | None) -> bool:
    """Postpone a planned activity to `new_on` (keeping its clock time in `new_at`)."""
    old = conn.execute(select(A.c.occurred_on).where(A.c.id == activity_id, A.c.status == "planned")).scalar()
    if old is None:
        return False
    conn.execute(update(A).where(A.c.id == activity_id).values(occurred_at=new_at, occurred_on=new_on))
    _audit(conn, at, by, "update", activity_id, {"occurred_on": old.isoformat()},
           {"occurred_on": new_on.isoformat()}, message_id)
    return True


def cancel_plan(conn: Connection, activity_id: str, at: datetime, by: str, message_id: int | None) -> bool:
    """Drop a planned activity (audited with its row); False when it is no plan."""
    row = conn.execute(select(A).where(A.c.id == activity_id, A.c.status == "planned")).mappings().first()
    if row is None:
        return False
    conn.execute(A.delete().where(A.c.id == activity_id))
    conn.execute(insert(AUD).values(at=at, user_id=by, action="delete", entity="activity", entity_id=activity_id,
                                    before=json.dumps(dict(row), default=str), after=None, message_id=message_id))
    return True


def set_followup(conn: Connection, activity_id: str, new: date | None, at: datetime, by: str,
                 message_id: int | None) -> bool:
    """Move (or, with None, clear) a done activity's follow-up date."""
    old = conn.execute(select(A.c.followup_date).where(A.c.id == activity_id, A.c.status == "done")).first()
    if old is None:
        return False
    conn.execute(update(A).where(A.c.id == activity_id).values(followup_date=new))
    _audit(conn, at, by, "update", activity_id, {"followup_date": old[0]}, {"followup_date": new}, message_id)
    return True


def owned_customer_names(conn: Connection, customer_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """Customer id -> (name, owner id)."""
    if not customer_ids:
        return {}
    q = select(C.c.id, C.c.name, C.c.owner_id).where(and_(C.c.id.in_(customer_ids)))
    return {r.id: (r.name, r.owner_id) for r in conn.execute(q)}


def latest_done(conn: Connection, customer_id: str) -> dict | None:
    """A customer's most recent done activity (id, kind, followup_date, user_id, occurred_on)."""
    q = (select(A.c.id, A.c.kind, A.c.followup_date, A.c.user_id, A.c.occurred_on)
         .where(A.c.customer_id == customer_id, A.c.status == "done")
         .order_by(A.c.occurred_at.desc(), A.c.id.desc()).limit(1))
    r = conn.execute(q).mappings().first()
    return dict(r) if r else None


def done_on(conn: Connection, customer_id: str, user_id: str, day: date) -> bool:
    """Whether `user_id` logged a done activity on the customer on `day`."""
    q = select(A.c.id).where(A.c.customer_id == customer_id, A.c.user_id == user_id, A.c.status == "done",
                             A.c.occurred_on == day).limit(1)
    return conn.execute(q).first() is not None


def log_done(conn: Connection, *, user_id: str, customer_id: str, kind: str, summary: str, at: datetime,
             on: date, message_id: int | None) -> str:
    """Log a done activity now (a follow-up reported with one tap); audited; returns its id."""
    aid = f"A-{uuid.uuid4().hex[:10]}"
    row = dict(id=aid, user_id=user_id, customer_id=customer_id, contact_id=None, kind=kind, occurred_at=at,
               occurred_on=on, summary=summary, next_step="", followup_date=None, status="done",
               message_id=message_id)
    conn.execute(insert(A).values(**row))
    conn.execute(insert(AUD).values(at=at, user_id=user_id, action="create", entity="activity", entity_id=aid,
                                    before=None, after=json.dumps(row, default=str), message_id=message_id))
    return aid
