"""The customer/contact directory for message understanding, read with SQL and cached per engine.

Besides customers and contacts it holds each customer's open deals (id, title, stage, amount,
owner), its contracts with what is still owed, and who may see whose customers
(`storage.visibility`), so that a message resolves only among what its speaker may see.

The cache is checked against a cheap fingerprint (row counts, largest ids, owner spread and total
name lengths and amounts) so customers, deals and payments created by the chat bot show up at
once; callers that change owners in place should also drop their own caches.
"""

from __future__ import annotations

import logging
import threading
import weakref

from sqlalchemy import Engine, column, func, select, table
from sqlalchemy.exc import SQLAlchemyError

from intents.directory import ContactRecord, ContractInfo, CustomerRecord, DealInfo, Directory
from storage.models import Contact, Customer, Deal, DealEvent, User
from storage.visibility import visible_for_role

log = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: weakref.WeakKeyDictionary[Engine, tuple[tuple, Directory]] = weakref.WeakKeyDictionary()

_cu = Customer.__table__
_co = Contact.__table__
_us = User.__table__
_de = Deal.__table__
_ev = DealEvent.__table__
# read by name: these tables may be missing in a database that was not upgraded yet
_contracts = table("contracts", column("id"), column("customer_id"), column("deal_id"), column("title"),
                   column("amount_cents"), column("currency"))
_payments = table("payments", column("id"), column("contract_id"), column("amount_cents"))
_CLOSED = ("won", "lost")


def _optional(engine: Engine, query, default):
    """Run `query` on its own connection; a table that does not exist yet gives `default`."""
    try:
        with engine.connect() as conn:
            return query(conn)
    except SQLAlchemyError:
        log.debug("directory: optional table not readable yet", exc_info=True)
        return default


def _fingerprint(conn) -> tuple:
    cu = conn.execute(select(func.count(), func.max(_cu.c.id), func.count(_cu.c.owner_id),
                             func.max(_cu.c.owner_id), func.min(_cu.c.owner_id),
                             func.sum(func.length(_cu.c.name) + func.length(func.coalesce(_cu.c.aliases, ""))))).one()
    co = conn.execute(select(func.count(), func.max(_co.c.id), func.sum(func.length(_co.c.name)))).one()
    us = conn.execute(select(func.count(), func.sum(func.length(_us.c.name)),
                             func.count(_us.c.manager_id), func.max(_us.c.role))).one()
    de = conn.execute(select(func.count(), func.max(_de.c.id), func.sum(_de.c.amount_cents),
                             func.sum(func.length(_de.c.title)))).one()
    ev = conn.execute(select(func.count(), func.max(_ev.c.id))).one()
    return tuple(cu) + tuple(co) + tuple(us) + tuple(de) + tuple(ev)


def _money_fingerprint(conn) -> tuple:
    k = conn.execute(select(func.count(), func.sum(_contracts.c.amount_cents))).one()
    p = conn.execute(select(func.count(), func.sum(_payments.c.amount_cents))).one()
    return tuple(k) + tuple(p)


def _open_deals(conn) -> list[DealInfo]:
    """Deals whose latest stage event is neither won nor lost."""
    stage: dict[str, str] = {}
    for deal_id, st in conn.execute(select(_ev.c.deal_id, _ev.c.stage).order_by(_ev.c.deal_id, _ev.c.at, _ev.c.id)):
        stage[deal_id] = st
    out = []
    for r in conn.execute(select(_de.c.id, _de.c.customer_id, _de.c.title, _de.c.amount_cents, _de.c.currency,
                                 _de.c.owner_id).order_by(_de.c.id)):
        st = stage.get(r.id, "lead")
        if st not in _CLOSED:
            out.append(DealInfo(id=r.id, customer_id=r.customer_id, title=r.title or "", stage=st,
                                amount=(r.amount_cents or 0) / 100, currency=r.currency or "CNY", owner_id=r.owner_id))
    return out


def _contracts_owed(conn) -> list[ContractInfo]:
    paid: dict[str, int] = dict(conn.execute(select(_payments.c.contract_id, func.sum(_payments.c.amount_cents))
                                             .group_by(_payments.c.contract_id)).all())
    return [ContractInfo(id=r.id, customer_id=r.customer_id, deal_id=r.deal_id, title=r.title or "",
                         amount=(r.amount_cents or 0) / 100, currency=r.currency or "CNY",
                         owed=((r.amount_cents or 0) - (paid.get(r.id) or 0)) / 100)
            for r in conn.execute(select(_contracts.c.id, _contracts.c.customer_id, _contracts.c.deal_id,
                                         _contracts.c.title, _contracts.c.amount_cents, _contracts.c.currency)
                                  .order_by(_contracts.c.id))]


def _views(conn) -> dict[str, frozenset[str] | None]:
    """Per user, the users whose customers they may see (storage.visibility; None: everyone)."""
    out: dict[str, frozenset[str] | None] = {}
    for uid, role in conn.execute(select(_us.c.id, _us.c.role)):
        seen = visible_for_role(conn, uid, role)
        out[uid] = None if seen is None else frozenset(seen)
    return out


def load_directory(engine: Engine) -> Directory:
    """The directory of every customer and contact (and our users' names, which are never
    contacts), open deals, contracts owed and views; rebuilt only when the tables changed."""
    with engine.connect() as conn:
        fp = _fingerprint(conn)
    fp += _optional(engine, _money_fingerprint, ())
    with _lock:
        hit = _cache.get(engine)
        if hit is not None and hit[0] == fp:
            return hit[1]
    with engine.connect() as conn:
        customers = [
            CustomerRecord(id=r.id, name=r.name, owner_id=r.owner_id,
                           aliases=tuple(a.strip() for a in (r.aliases or "").split("|") if a.strip()))
            for r in conn.execute(select(_cu.c.id, _cu.c.name, _cu.c.aliases, _cu.c.owner_id))
        ]
        contacts = [ContactRecord(id=r.id, customer_id=r.customer_id, name=r.name, title=r.title)
                    for r in conn.execute(select(_co.c.id, _co.c.customer_id, _co.c.name, _co.c.title))]
        colleagues = list(conn.execute(select(_us.c.name)).scalars())
        deals = _open_deals(conn)
        views = _views(conn)
    contracts = _optional(engine, _contracts_owed, [])
    directory = Directory(customers, contacts, colleagues, deals=deals, contracts=contracts, views=views)
    with _lock:
        _cache[engine] = (fp, directory)
    return directory
