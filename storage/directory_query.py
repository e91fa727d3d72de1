"""The customer/contact directory for message understanding, read with SQL and cached per engine.

The cache is checked against a cheap fingerprint (row counts, largest ids, owner spread and total
name lengths of customers and contacts) so customers created by the chat bot show up at once;
callers that change owners in place should also drop their own caches.
"""

from __future__ import annotations

import threading
import weakref

from sqlalchemy import Engine, func, select

from intents.directory import ContactRecord, CustomerRecord, Directory
from storage.models import Contact, Customer, User

_lock = threading.Lock()
_cache: weakref.WeakKeyDictionary[Engine, tuple[tuple, Directory]] = weakref.WeakKeyDictionary()

_cu = Customer.__table__
_co = Contact.__table__
_us = User.__table__


def _fingerprint(conn) -> tuple:
    cu = conn.execute(select(func.count(), func.max(_cu.c.id), func.count(_cu.c.owner_id),
                             func.max(_cu.c.owner_id), func.min(_cu.c.owner_id),
                             func.sum(func.length(_cu.c.name) + func.length(func.coalesce(_cu.c.aliases, ""))))).one()
    co = conn.execute(select(func.count(), func.max(_co.c.id), func.sum(func.length(_co.c.name)))).one()
    us = conn.execute(select(func.count(), func.sum(func.length(_us.c.name)))).one()
    return tuple(cu) + tuple(co) + tuple(us)


def load_directory(engine: Engine) -> Directory:
    """The directory of every customer and contact (and our users' names, which are never
    contacts); rebuilt only when the tables changed."""
    with engine.connect() as conn:
        fp = _fingerprint(conn)
        with _lock:
            hit = _cache.get(engine)
            if hit is not None and hit[0] == fp:
                return hit[1]
        customers = [
            CustomerRecord(id=r.id, name=r.name, owner_id=r.owner_id,
                           aliases=tuple(a.strip() for a in (r.aliases or "").split("|") if a.strip()))
            for r in conn.execute(select(_cu.c.id, _cu.c.name, _cu.c.aliases, _cu.c.owner_id))
        ]
        contacts = [ContactRecord(id=r.id, customer_id=r.customer_id, name=r.name, title=r.title)
                    for r in conn.execute(select(_co.c.id, _co.c.customer_id, _co.c.name, _co.c.title))]
        colleagues = list(conn.execute(select(_us.c.name)).scalars())
    directory = Directory(customers, contacts, colleagues)
    with _lock:
        _cache[engine] = (fp, directory)
    return directory
