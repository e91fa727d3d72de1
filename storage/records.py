"""The SQL writes of the conversation: inbound messages, activities, deals and their events,
customers, contacts, claims — each change with an audit row (who, when, what, which message).
Functions that change CRM rows take a Connection so the caller composes one transaction."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from storage.models import (
    Activity,
    AuditEntry,
    Contact,
    Customer,
    Deal,
    DealEvent,
    InboundMessage,
    User,
)
from storage.visibility import visible_for_role

ACT = Activity.__table__
AUD = AuditEntry.__table__
CON = Contact.__table__
CUS = Customer.__table__
DEAL = Deal.__table__
EV = DealEvent.__table__
INB = InboundMessage.__table__
USR = User.__table__
CLOSED = ("won", "lost")
TITLED = re.compile(r".(?:总|总监|经理|主任|老师|工|部长|院长|处长|科长|局长|董|博士|先生|女士|小姐|姐|哥)")


def new_id(prefix: str) -> str:
    """A fresh row id that cannot collide with imported ids (e.g. 'A-3f9c0a1b2d')."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def _json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False, default=str)


def audit(conn: Connection, *, at: datetime, user_id: str | None, action: str, entity: str, entity_id: str,
          before: Any = None, after: Any = None, message_id: int | None = None) -> None:
    """Write one audit row."""
    conn.execute(insert(AUD).values(at=at, user_id=user_id, action=action, entity=entity, entity_id=entity_id,
                                    before=_json(before), after=_json(after), message_id=message_id))


# ---------- inbound messages ----------

def store_inbound(engine: Engine, *, channel: str, external_id: str, chat_id: str | None, sender: str | None,
                  text: str, received_at: datetime) -> tuple[int, bool]:
    """Store a message as received; returns (row id, True) or, for a redelivery, (existing id, False)."""
    try:
        with engine.begin() as conn:
            rid = conn.execute(insert(INB).values(
                channel=channel, external_id=external_id, chat_id=chat_id, sender=sender, text=text or "",
                received_at=received_at, status="received").returning(INB.c.id)).scalar_one()
        return rid, True
    except IntegrityError:
        with engine.connect() as conn:
            rid = conn.execute(select(INB.c.id).where(INB.c.channel == channel,
                                                      INB.c.external_id == external_id)).scalar_one()
        return rid, False


def inbound_row(engine: Engine, message_id: int) -> dict | None:
    """The stored inbound message as a dict."""
    with engine.connect() as conn:
        row = conn.execute(select(INB).where(INB.c.id == message_id)).mappings().first()
    return dict(row) if row else None


def finish_inbound(conn: Connection, message_id: int, status: str, user_id: str | None) -> bool:
    """Mark a received message handled inside the caller's transaction; False when already handled."""
    res = conn.execute(update(INB).where(INB.c.id == message_id, INB.c.status == "received")
                       .values(status=status, user_id=user_id))
    return res.rowcount == 1


def unfinished_inbound(engine: Engine, older_than: datetime, limit: int = 100) -> list[int]:
    """Ids of messages stored but never handled (their process died), oldest first."""
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(
            select(INB.c.id).where(INB.c.status == "received", INB.c.received_at <= older_than)
            .order_by(INB.c.id).limit(limit))]


# ---------- users, customers, contacts ----------

def find_user(engine: Engine, channel: str, sender: str) -> dict | None:
    """The user known on `channel` by `sender` (telegram_id, wecom_userid, or our id on the terminal)."""
    col = {"telegram": USR.c.telegram_id, "wecom": USR.c.wecom_userid,
           "wecom_app": USR.c.wecom_userid}.get(channel, USR.c.id)
    with engine.connect() as conn:
        row = conn.execute(select(USR).where(col == str(sender))).mappings().first()
    return dict(row) if row else None


def team_user_ids(engine: Engine, user: dict) -> list[str] | None:
    """Whose follow-ups `user` sees, by the one visibility rule (storage.visibility): themselves; a manager
    every user under them at any depth; an admin everyone (None)."""
    with engine.connect() as conn:
        seen = visible_for_role(conn, user["id"], user["role"])
    return None if seen is None else sorted(seen)


def lock_user(conn: Connection, user_id: str) -> None:
    """Hold this user's row until the transaction ends, so two processes handling the same user's messages
    take turns (PostgreSQL row lock; SQLite has one writer anyway). FOR NO KEY UPDATE: rows that name the
    user (the inbound message just marked handled) hold a key-share lock on it, which this must not wait on."""
    conn.execute(select(USR.c.id).where(USR.c.id == user_id).with_for_update(key_share=True))


def customer_row(conn: Connection, customer_id: str) -> dict | None:
    row = conn.execute(select(CUS).where(CUS.c.id == customer_id)).mappings().first()
    return dict(row) if row else None


def user_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    return {r.id: r.name for r in conn.execute(select(USR.c.id, USR.c.name).where(USR.c.id.in_(ids)))}


def create_customer(conn: Connection, *, name: str, owner_id: str | None, at: datetime, tz: ZoneInfo,
                    by: str | None, message_id: int | None, customer_id: str | None = None) -> str:
    """Insert a customer (owned by `owner_id`) with its audit row; returns its id."""
    cid = customer_id or new_id("C")
    row = dict(id=cid, name=name, aliases="", owner_id=owner_id, created_at=at, created_on=at.astimezone(tz).date())
    conn.execute(insert(CUS).values(**row))
    audit(conn, at=at, user_id=by, action="create", entity="customer", entity_id=cid, after=row, message_id=message_id)
    return cid


def find_contact(conn: Connection, customer_id: str, written: str) -> dict | None:
    """A stored contact of the customer matching the written name: exact, or a unique
    surname + title ("邱总" → 邱建) / English surname match."""
    rows = conn.execute(select(CON).where(CON.c.customer_id == customer_id)).mappings().all()
    w = written.strip()
    for r in rows:
        if r["name"] == w or r["name"].lower() == w.lower():
            return dict(r)
    if not w:
        return None
    if "\u4e00" <= w[0] <= "\u9fff":
        if not TITLED.fullmatch(w):  # only "邱总", "王经理"…: a surname and a title
            return None
        hits = [r for r in rows if r["name"] and r["name"][0] == w[0]]
    else:
        last = w.split()[-1].lower().strip(".")
        hits = [r for r in rows if r["name"].split() and r["name"].split()[-1].lower() == last]
    return dict(hits[0]) if len(hits) == 1 else None


def contact_row(conn: Connection, contact_id: str) -> dict | None:
    row = conn.execute(select(CON).where(CON.c.id == contact_id)).mappings().first()
    return dict(row) if row else None


def create_contact(conn: Connection, *, customer_id: str, name: str, at: datetime, by: str | None,
                   message_id: int | None, contact_id: str | None = None) -> str:
    """Insert a contact of the customer with its audit row (from message `message_id`); returns its id."""
    pid = contact_id or new_id("P")
    row = dict(id=pid, customer_id=customer_id, name=name)
    conn.execute(insert(CON).values(**row))
    audit(conn, at=at, user_id=by, action="create", entity="contact", entity_id=pid, after=row, message_id=message_id)
    return pid


def customers_by_ids(conn: Connection, ids: list[str]) -> list[dict]:
    """Customers by id (in the given order), with owner names."""
    q = (select(CUS.c.id, CUS.c.name, CUS.c.owner_id, USR.c.name.label("owner_name"))
         .outerjoin(USR, USR.c.id == CUS.c.owner_id).where(CUS.c.id.in_(ids)))
    found = {r["id"]: dict(r) for r in conn.execute(q).mappings()}
    return [found[i] for i in ids if i in found]


def customers_matching(conn: Connection, name: str, limit: int = 8) -> list[dict]:
    """Customers whose name or an alias equals or contains `name` (exact matches first), with owner names."""
    w = name.strip()
    exact = or_(CUS.c.name == w, CUS.c.aliases == w, CUS.c.aliases.like(f"{w}|%"), CUS.c.aliases.like(f"%|{w}"),
                CUS.c.aliases.like(f"%|{w}|%"))
    q = (select(CUS.c.id, CUS.c.name, CUS.c.owner_id, USR.c.name.label("owner_name"))
         .outerjoin(USR, USR.c.id == CUS.c.owner_id)
         .where(or_(exact, CUS.c.name.contains(w, autoescape=True), CUS.c.aliases.contains(w, autoescape=True)))
         .order_by(exact.desc(), CUS.c.name).limit(limit))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    exact_rows = [r for r in rows if r["name"] == w]
    return exact_rows or rows


def claim_customer(conn: Connection, customer_id: str, user_id: str, at: datetime, message_id: int | None) -> bool:
    """Take a public-pool customer; atomic (False when someone owns it already)."""
    res = conn.execute(update(CUS).where(CUS.c.id == customer_id, CUS.c.owner_id.is_(None)).values(owner_id=user_id))
    if res.rowcount != 1:
        return False
    audit(conn, at=at, user_id=user_id, action="update", entity="customer", entity_id=customer_id,
          before={"owner_id": None}, after={"owner_id": user_id}, message_id=message_id)
    return True


# ---------- activities ----------

def activity_time(day: date, now: datetime, tz: ZoneInfo) -> datetime:
    """When an activity on `day` happened: now if it is today, else noon of that day (org zone)."""
    local = now.astimezone(tz)
    if day == local.date():
        return now.astimezone(UTC)
    return datetime.combine(day, time(12, 0), tzinfo=tz).astimezone(UTC)


def create_activity(conn: Connection, *, user_id: str, customer_id: str, contact_id: str | None, kind: str,
                    occurred_at: datetime, tz: ZoneInfo, summary: str, next_step: str, followup: date | None,
                    at: datetime, message_id: int | None, activity_id: str | None = None,
                    audit_message_id: int | None = None, status: str = "done") -> str:
    """Insert an activity (with its local date) and its audit row; returns its id. The row keeps the
    message it came from; the audit row names `audit_message_id` (the edit that re-saved it) when given."""
    aid = activity_id or new_id("A")
    row = dict(id=aid, user_id=user_id, customer_id=customer_id, contact_id=contact_id, kind=kind,
               occurred_at=occurred_at, occurred_on=occurred_at.astimezone(tz).date(), summary=summary or "",
               next_step=next_step or "", followup_date=followup, message_id=message_id, status=status)
    conn.execute(insert(ACT).values(**row))
    audit(conn, at=at, user_id=user_id, action="create", entity="activity", entity_id=aid, after=row,
          message_id=audit_message_id or message_id)
    return aid


# ---------- deals ----------

def _latest_stage(conn: Connection, deal_id: str) -> str | None:
    return conn.execute(select(EV.c.stage).where(EV.c.deal_id == deal_id)
                        .order_by(EV.c.at.desc(), EV.c.id.desc()).limit(1)).scalar()


def open_deal(conn: Connection, customer_id: str, prefer_owner: str | None = None) -> dict | None:
    """The customer's most recent open deal (the speaker's own first), with its stage."""
    last = (select(EV.c.deal_id, func.max(EV.c.id).label("ev_id")).group_by(EV.c.deal_id).subquery())
    q = (select(DEAL, EV.c.stage).join(last, last.c.deal_id == DEAL.c.id).join(EV, EV.c.id == last.c.ev_id)
         .where(DEAL.c.customer_id == customer_id, EV.c.stage.not_in(CLOSED))
         .order_by((DEAL.c.owner_id == (prefer_owner or "")).desc(), DEAL.c.created_at.desc()).limit(1))
    row = conn.execute(q).mappings().first()
    return dict(row) if row else None


def _free_event_at(conn: Connection, deal_id: str, at: datetime, stage: str) -> datetime:
    """`at`, or the next free microsecond when the deal already has an event of this stage at that
    instant (two messages at one fixed clock, as `salesbot chat --now` plays them)."""
    taken = {r[0] for r in conn.execute(select(EV.c.at).where(EV.c.deal_id == deal_id, EV.c.stage == stage,
                                                              EV.c.at >= at, EV.c.at < at + timedelta(seconds=1)))}
    taken = {(x if x.tzinfo else x.replace(tzinfo=UTC)).astimezone(UTC) for x in taken}
    while at.astimezone(UTC) in taken:
        at = at + timedelta(microseconds=1)
    return at


def apply_deal_update(conn: Connection, *, customer_id: str, customer_name: str, user_id: str,
                      stage: str | None, amount_cents: int | None, currency: str, close_date: date | None,
                      at: datetime, tz: ZoneInfo, message_id: int | None, deal_id: str | None = None,
                      audit_message_id: int | None = None, target: dict | None = None, new: bool = False,
                      owner_id: str | None = None, title: str | None = None, reason: str | None = None) -> dict:
    """Move one deal (`target`, else the customer's open deal) or open a new one (`new`, or no open deal):
    a stage event, amount and close date. `deal_id` names the new deal (an edit re-creating it); `owner_id`
    owns a new deal (default the speaker). Rows keep `message_id`; audit rows name `audit_message_id` when
    given (an edit re-saving a log).

    Returns what an undo needs: deal_id, created, event_id, before (amount_cents, expected_close), stage.
    """
    deal = None if new else (target or open_deal(conn, customer_id, user_id))
    amid = audit_message_id or message_id
    on = at.astimezone(tz).date()
    if deal is None:
        did = deal_id or new_id("D")
        row = dict(id=did, customer_id=customer_id, title=title or customer_name, owner_id=owner_id or user_id,
                   amount_cents=amount_cents or 0, currency=currency, expected_close=close_date,
                   created_at=at, created_on=on)
        conn.execute(insert(DEAL).values(**row))
        audit(conn, at=at, user_id=user_id, action="create", entity="deal", entity_id=did, after=row,
              message_id=amid)
        new_stage = stage or "lead"
        ev: int | None = _add_event(conn, did, at, on, new_stage, amount_cents, user_id, message_id, amid, reason)
        return {"deal_id": did, "created": True, "event_id": ev, "before": None, "stage": new_stage,
                "amount_cents": amount_cents or 0, "currency": currency, "expected_close": close_date,
                "title": row["title"]}
    did = deal["id"]
    before = {"amount_cents": deal["amount_cents"], "expected_close": deal["expected_close"]}
    changes: dict[str, Any] = {}
    if amount_cents is not None and amount_cents != deal["amount_cents"]:
        changes["amount_cents"] = amount_cents
    if close_date is not None and close_date != deal["expected_close"]:
        changes["expected_close"] = close_date
    if changes:
        conn.execute(update(DEAL).where(DEAL.c.id == did).values(**changes))
        audit(conn, at=at, user_id=user_id, action="update", entity="deal", entity_id=did,
              before={k: before[k] for k in changes}, after=changes, message_id=amid)
    ev = None
    new_stage = stage or deal["stage"]
    if (stage and stage != deal["stage"]) or "amount_cents" in changes:
        ev = _add_event(conn, did, at, on, new_stage, changes.get("amount_cents"), user_id, message_id, amid,
                        reason if new_stage == "lost" else None)
    return {"deal_id": did, "created": False, "event_id": ev, "before": before, "stage": new_stage,
            "amount_cents": changes.get("amount_cents", deal["amount_cents"]), "currency": deal["currency"],
            "expected_close": changes.get("expected_close", deal["expected_close"]), "title": deal.get("title")}


def _add_event(conn: Connection, did: str, at: datetime, on: date, stage: str, amount_cents: int | None,
               user_id: str, message_id: int | None, amid: int | None, reason: str | None) -> int:
    values: dict[str, Any] = dict(deal_id=did, at=_free_event_at(conn, did, at, stage), on_date=on, stage=stage,
                                  amount_cents=amount_cents, by=user_id, message_id=message_id)
    if reason and stage == "lost" and "reason" in EV.c:
        values["reason"] = reason[:500]
    ev = conn.execute(insert(EV).values(**values).returning(EV.c.id)).scalar_one()
    audit(conn, at=at, user_id=user_id, action="create", entity="deal_event", entity_id=str(ev),
          after={"deal_id": did, "stage": stage, "amount_cents": amount_cents}, message_id=amid)
    return ev


# ---------- undo ----------

def _delete(conn: Connection, table, key, key_value, entity: str, by: str, at: datetime, message_id: int | None) -> None:
    row = conn.execute(select(table).where(key == key_value)).mappings().first()
    if row is None:
        return
    conn.execute(delete(table).where(key == key_value))
    audit(conn, at=at, user_id=by, action="delete", entity=entity, entity_id=str(key_value), before=dict(row),
          message_id=message_id)


def _used(conn: Connection, column, value: str) -> bool:
    return conn.execute(select(column).where(column == value).limit(1)).first() is not None


# ---------- follow-ups ----------

def due_followups(engine: Engine, owner_ids: list[str] | None, until: date, limit: int = 30) -> list[dict]:
    """A customer's open follow-ups due `until` or earlier (METRICS.md): the follow-up date of its most recent
    done activity, and its planned activities — of customers owned by `owner_ids` (None: everyone), and the
    plans those users made themselves; with the owner's name, earliest first."""
    done = ACT.c.status == "done"
    latest = (select(ACT.c.customer_id, func.max(ACT.c.occurred_at).label("at")).where(done)
              .group_by(ACT.c.customer_id).subquery())
    cols = (CUS.c.id, CUS.c.name, CUS.c.owner_id, USR.c.name.label("owner_name"))
    followed = (select(*cols, ACT.c.followup_date, ACT.c.next_step, ACT.c.kind, ACT.c.status)
                .join(latest, latest.c.customer_id == CUS.c.id)
                .join(ACT, and_(ACT.c.customer_id == CUS.c.id, ACT.c.occurred_at == latest.c.at, done))
                .outerjoin(USR, USR.c.id == CUS.c.owner_id)
                .where(ACT.c.followup_date.is_not(None), ACT.c.followup_date <= until))
    planned = (select(*cols, ACT.c.occurred_on.label("followup_date"), ACT.c.summary.label("next_step"), ACT.c.kind,
                      ACT.c.status)
               .join(ACT, ACT.c.customer_id == CUS.c.id).outerjoin(USR, USR.c.id == CUS.c.owner_id)
               .where(ACT.c.status == "planned", ACT.c.occurred_on <= until))
    if owner_ids is not None:
        followed = followed.where(CUS.c.owner_id.in_(owner_ids))
        planned = planned.where(or_(CUS.c.owner_id.in_(owner_ids), ACT.c.user_id.in_(owner_ids)))
    with engine.connect() as conn:
        found = [dict(r) for q in (followed, planned) for r in conn.execute(q).mappings()]
    seen: set[tuple[str, date]] = set()
    out = []
    for r in sorted(found, key=lambda r: (r["followup_date"], r["name"], r["status"])):
        key = (r["id"], r["followup_date"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out[:limit]
