"""Writes of capture v2 records that `storage.records` does not already do: planned activities and
their completion, contracts with installments, payments, contact details — each with its audit row,
each returning what its undo needs (`undo_entry` reverses one). Take a Connection: the caller (the
dispatcher's transaction) composes one message's records into one transaction."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, delete, func, insert, select, update

from storage.models import Activity, Contact, Contract, Customer, Deal, DealEvent, Installment, Payment
from storage.records import CLOSED, TITLED, _delete, _latest_stage, audit, new_id

ACT = Activity.__table__
CON = Contact.__table__
CTR = Contract.__table__
CUS = Customer.__table__
DEAL = Deal.__table__
EV = DealEvent.__table__
INS = Installment.__table__
PAY = Payment.__table__
PLAN_WINDOW = timedelta(days=3)  # a done activity this close to a planned day completes that plan
# a done activity completes a plan of its own family only: a visit never uses up a planned call
KIND_FAMILIES: tuple[tuple[str, ...], ...] = (("visit", "meeting", "demo"), ("call", "message"))
ACTIVITY_KEYS = ("kind", "occurred_at", "occurred_on", "contact_id", "summary", "next_step", "followup_date",
                 "status", "message_id")


def _day(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


# ---------- deals: which one ----------

def open_deals(conn: Connection, customer_id: str) -> list[dict]:
    """The customer's open deals (id, title, owner_id, amount_cents, currency, stage), newest first."""
    last = select(EV.c.deal_id, func.max(EV.c.id).label("ev_id")).group_by(EV.c.deal_id).subquery()
    q = (select(DEAL.c.id, DEAL.c.title, DEAL.c.owner_id, DEAL.c.amount_cents, DEAL.c.currency, EV.c.stage)
         .join(last, last.c.deal_id == DEAL.c.id).join(EV, EV.c.id == last.c.ev_id)
         .where(DEAL.c.customer_id == customer_id, EV.c.stage.not_in(CLOSED))
         .order_by(DEAL.c.created_at.desc(), DEAL.c.id))
    return [dict(r) for r in conn.execute(q).mappings()]


def deal_row(conn: Connection, deal_id: str) -> dict | None:
    """A deal with its current stage."""
    row = conn.execute(select(DEAL).where(DEAL.c.id == deal_id)).mappings().first()
    if row is None:
        return None
    return {**dict(row), "stage": _latest_stage(conn, deal_id)}


def deals_by_ids(conn: Connection, ids: list[str]) -> list[dict]:
    """Deals by id (order kept) with their stage."""
    found = [deal_row(conn, i) for i in ids]
    return [d for d in found if d]


# ---------- activities: planned, and plans completed ----------

def planned_to_complete(conn: Connection, *, user_id: str, customer_id: str, day: date, kind: str) -> dict | None:
    """The speaker's planned activity on this customer within PLAN_WINDOW of `day` that a done activity
    reports: the same kind first, then the nearest day."""
    family = next((f for f in KIND_FAMILIES if kind in f), (kind,))
    rows = conn.execute(select(ACT).where(
        ACT.c.user_id == user_id, ACT.c.customer_id == customer_id, ACT.c.status == "planned",
        ACT.c.kind.in_(family), ACT.c.occurred_on >= day - PLAN_WINDOW,
        ACT.c.occurred_on <= day + PLAN_WINDOW)).mappings().all()
    if not rows:
        return None

    def nearness(r: Any) -> tuple[bool, int, str]:
        on = cast(date, _day(r["occurred_on"]))  # occurred_on is NOT NULL
        return (r["kind"] != kind, abs((on - day).days), r["id"])

    best = min(rows, key=nearness)
    return dict(best)


def complete_planned(conn: Connection, plan: dict, *, values: dict, by: str, at: datetime,
                     audit_message_id: int | None) -> dict:
    """Turn a planned activity into the done one reported (same row, not a second one); the undo entry."""
    before = {k: plan[k] for k in ACTIVITY_KEYS}
    after = {**values, "status": "done"}
    conn.execute(update(ACT).where(ACT.c.id == plan["id"]).values(**after))
    audit(conn, at=at, user_id=by, action="update", entity="activity", entity_id=plan["id"], before=before,
          after=after, message_id=audit_message_id)
    return {"kind": "activity", "activity_id": plan["id"], "completed": before}


# ---------- contracts and payments ----------

def create_contract(conn: Connection, *, customer_id: str, deal_id: str | None, owner_id: str | None, title: str,
                    amount_cents: int, currency: str, signed_on: date, installments: list[tuple[date, int]],
                    by: str, at: datetime, message_id: int | None) -> dict:
    """Insert a contract and its payment plan (installments on one day are summed); the undo entry."""
    cid = new_id("K")
    row = dict(id=cid, customer_id=customer_id, deal_id=deal_id, owner_id=owner_id, title=title,
               amount_cents=amount_cents, currency=currency, signed_on=signed_on, created_at=at)
    conn.execute(insert(CTR).values(**row))
    audit(conn, at=at, user_id=by, action="create", entity="contract", entity_id=cid, after=row, message_id=message_id)
    plan: dict[date, int] = {}
    for due, cents in installments:
        plan[due] = plan.get(due, 0) + cents
    for due, cents in sorted(plan.items()):
        conn.execute(insert(INS).values(contract_id=cid, due_on=due, amount_cents=cents))
    if plan:
        audit(conn, at=at, user_id=by, action="create", entity="installments", entity_id=cid,
              after=[{"due_on": d, "amount_cents": c} for d, c in sorted(plan.items())], message_id=message_id)
    return {"kind": "contract", "contract_id": cid}


def contract_row(conn: Connection, contract_id: str) -> dict | None:
    row = conn.execute(select(CTR).where(CTR.c.id == contract_id)).mappings().first()
    return dict(row) if row else None


def create_payment(conn: Connection, *, contract_id: str, amount_cents: int, received_on: date, by: str,
                   at: datetime, message_id: int | None) -> dict:
    """Insert money received on a contract; the undo entry."""
    pid = new_id("Y")
    row = dict(id=pid, contract_id=contract_id, received_on=received_on, amount_cents=amount_cents, by=by,
               message_id=message_id, created_at=at)
    conn.execute(insert(PAY).values(**row))
    audit(conn, at=at, user_id=by, action="create", entity="payment", entity_id=pid, after=row, message_id=message_id)
    return {"kind": "payment", "payment_id": pid, "contract_id": contract_id}


# ---------- contacts ----------

CONTACT_FIELDS = ("title", "phone", "email")


def save_contact_details(conn: Connection, *, customer_id: str, contact: dict | None, name: str,
                         details: dict[str, str | None], by: str, at: datetime, message_id: int | None) -> dict:
    """Create the contact or update its title/phone/email with what was said; the undo entry."""
    said = {k: v for k, v in details.items() if k in CONTACT_FIELDS and v}
    if contact is None:
        pid = new_id("P")
        row = dict(id=pid, customer_id=customer_id, name=name, **said)
        conn.execute(insert(CON).values(**row))
        audit(conn, at=at, user_id=by, action="create", entity="contact", entity_id=pid, after=row,
              message_id=message_id)
        return {"kind": "contact", "contact_id": pid, "created": True}
    changes = {k: v for k, v in said.items() if contact.get(k) != v}
    if changes:
        before = {k: contact.get(k) for k in changes}
        conn.execute(update(CON).where(CON.c.id == contact["id"]).values(**changes))
        audit(conn, at=at, user_id=by, action="update", entity="contact", entity_id=contact["id"], before=before,
              after=changes, message_id=message_id)
        return {"kind": "contact", "contact_id": contact["id"], "created": False, "before": before}
    return {"kind": "contact", "contact_id": contact["id"], "created": False, "before": {}}


def contacts_matching(conn: Connection, written: str, owner_ids: frozenset[str] | None) -> list[dict]:
    """Contacts of customers owned by `owner_ids` (None: anyone's) that the name as written means: the
    full name, or a surname with a title ("邱总" → 邱建), or an English surname (records.find_contact's
    rules), with their customer's id and name."""
    w = written.strip()
    if not w:
        return []
    q = select(CON.c.id, CON.c.name, CON.c.customer_id, CUS.c.name.label("customer_name")).join(
        CUS, CUS.c.id == CON.c.customer_id)
    if owner_ids is not None:
        q = q.where(CUS.c.owner_id.in_(sorted(owner_ids)))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    exact = [r for r in rows if r["name"] == w or r["name"].lower() == w.lower()]
    if exact:
        return exact
    if "\u4e00" <= w[0] <= "\u9fff":
        return [r for r in rows if TITLED.fullmatch(w) and r["name"] and r["name"][0] == w[0]]
    last = w.split()[-1].lower().strip(".")
    return [r for r in rows if r["name"].split() and r["name"].split()[-1].lower() == last]


# ---------- undo ----------

def undo_entry(conn: Connection, entry: dict, *, by: str, at: datetime, message_id: int | None) -> None:
    """Reverse one entry written by this module (activity completion, contract, payment, contact)."""
    kind = entry.get("kind")
    if kind == "activity" and entry.get("completed"):
        before = dict(entry["completed"])
        for k in ("occurred_on", "followup_date"):
            before[k] = _day(before.get(k))
        if isinstance(before.get("occurred_at"), str):
            before["occurred_at"] = datetime.fromisoformat(before["occurred_at"])
        conn.execute(update(ACT).where(ACT.c.id == entry["activity_id"]).values(**before))
        audit(conn, at=at, user_id=by, action="update", entity="activity", entity_id=entry["activity_id"],
              after={"status": before.get("status")}, message_id=message_id)
    elif kind == "contract":
        paid = conn.execute(select(PAY.c.id).where(PAY.c.contract_id == entry["contract_id"]).limit(1)).first()
        if paid is not None:  # later messages recorded money on it: it stays
            return
        conn.execute(delete(INS).where(INS.c.contract_id == entry["contract_id"]))
        _delete(conn, CTR, CTR.c.id, entry["contract_id"], "contract", by, at, message_id)
    elif kind == "payment":
        _delete(conn, PAY, PAY.c.id, entry["payment_id"], "payment", by, at, message_id)
    elif kind == "contact" and entry.get("created"):
        used = conn.execute(select(ACT.c.id).where(ACT.c.contact_id == entry["contact_id"]).limit(1)).first()
        if used is None:
            _delete(conn, CON, CON.c.id, entry["contact_id"], "contact", by, at, message_id)
    elif kind == "contact" and entry.get("before"):
        conn.execute(update(CON).where(CON.c.id == entry["contact_id"]).values(**entry["before"]))
        audit(conn, at=at, user_id=by, action="update", entity="contact", entity_id=entry["contact_id"],
              after=entry["before"], message_id=message_id)

