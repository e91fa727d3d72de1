"""Undo of one saved message: remove what it created and restore what it changed, newest first, each
step with its audit row. Built on the writes of `storage.records` and `storage.record_writes` (which
reverses the capture v2 entries it wrote), so neither of them needs the other's undo."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, func, select, update

from storage.models import Activity, Contact, Contract, Customer, Deal, DealEvent
from storage.record_writes import undo_entry
from storage.records import _delete, _used, audit

ACT = Activity.__table__
CON = Contact.__table__
CUS = Customer.__table__
DEAL = Deal.__table__
EV = DealEvent.__table__


def undo_saved(conn: Connection, record: dict, *, by: str, at: datetime, message_id: int | None) -> None:
    """Remove what one saved message created and restore what it changed (audit rows for each): its
    `entries` newest first (capture v2), or the single activity / deal / contact / customer of older rows."""
    for entry in reversed(record.get("entries") or []):
        kind = entry.get("kind")
        if kind == "activity" and entry.get("created"):
            _delete(conn, ACT, ACT.c.id, entry["activity_id"], "activity", by, at, message_id)
        elif kind == "deal":
            _undo_deal(conn, entry, by=by, at=at, message_id=message_id)
        elif kind == "customer":
            _drop_unused_customer(conn, entry["customer_id"], by, at, message_id)
        else:
            undo_entry(conn, entry, by=by, at=at, message_id=message_id)
    if record.get("activity_id"):
        _delete(conn, ACT, ACT.c.id, record["activity_id"], "activity", by, at, message_id)
    if record.get("deal"):
        _undo_deal(conn, record["deal"], by=by, at=at, message_id=message_id)
    if record.get("contact_created") and not _used(conn, ACT.c.contact_id, record["contact_id"]):
        _delete(conn, CON, CON.c.id, record["contact_id"], "contact", by, at, message_id)
    if record.get("customer_created") and record.get("customer_id"):
        _drop_unused_customer(conn, record["customer_id"], by, at, message_id)


def _undo_deal(conn: Connection, deal: dict, *, by: str, at: datetime, message_id: int | None) -> None:
    if deal.get("event_id"):
        _delete(conn, EV, EV.c.id, deal["event_id"], "deal_event", by, at, message_id)
    if deal.get("created"):
        others = conn.execute(select(func.count()).select_from(EV).where(EV.c.deal_id == deal["deal_id"])).scalar()
        signed = _used(conn, Contract.__table__.c.deal_id, deal["deal_id"])
        if not others and not signed:  # later messages moved this deal on or signed it: it stays
            _delete(conn, DEAL, DEAL.c.id, deal["deal_id"], "deal", by, at, message_id)
    elif deal.get("before"):
        b = deal["before"]
        restore = {"amount_cents": b["amount_cents"],
                   "expected_close": date.fromisoformat(b["expected_close"]) if isinstance(b["expected_close"], str)
                   else b["expected_close"]}
        conn.execute(update(DEAL).where(DEAL.c.id == deal["deal_id"]).values(**restore))
        audit(conn, at=at, user_id=by, action="update", entity="deal", entity_id=deal["deal_id"], after=restore,
              message_id=message_id)


def _drop_unused_customer(conn: Connection, cid: str, by: str, at: datetime, message_id: int | None) -> None:
    ctr = Contract.__table__
    if not any(_used(conn, col, cid) for col in (ACT.c.customer_id, DEAL.c.customer_id, CON.c.customer_id,
                                                 ctr.c.customer_id)):
        _delete(conn, CUS, CUS.c.id, cid, "customer", by, at, message_id)
