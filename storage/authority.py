"""Authority of writes: the one rule every record type obeys (issue 15).

- A customer may be written on by a rep when it is theirs or in the public pool (no owner); by a
  manager when its owner is anyone under them (`storage.visibility`, any depth) or it is in the
  pool; by an admin always.
- A deal, contract or payment (a payment belongs to its contract) changes only through its owner,
  the owner's managers (any depth) or an admin. One with no owner follows its customer.

The same visible set decides which customers a speaker may be offered in a choice and whether
owner names may be shown (never other reps' names to a rep)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from storage.models import Contract, Customer, Deal
from storage.visibility import user_role, visible_for_role

CUS = Customer.__table__
DEAL = Deal.__table__
CON = Contract.__table__


@dataclass(frozen=True)
class Authority:
    """What one speaker may write: `visible` is the set of users under them (themself included), None
    for an admin (everyone)."""

    user_id: str
    role: str
    visible: frozenset[str] | None

    @classmethod
    def of(cls, conn: Connection, user_id: str) -> Authority:
        """The authority of `user_id` (raises visibility.UnknownUser for a stranger)."""
        role = user_role(conn, user_id)
        seen = visible_for_role(conn, user_id, role)
        return cls(user_id, role or "", None if seen is None else frozenset(seen))

    def covers(self, owner_id: str | None) -> bool:
        """True when `owner_id` is the speaker or someone under them (admin: anyone)."""
        return self.visible is None or (owner_id is not None and owner_id in self.visible)

    def may_write_customer(self, owner_id: str | None) -> bool:
        """A customer owned by `owner_id` (None: the public pool) may be written on."""
        return owner_id is None or self.covers(owner_id)

    def may_change(self, owner_id: str | None, customer_owner_id: str | None = None) -> bool:
        """A deal, contract or payment owned by `owner_id` may change (no owner: its customer's rule)."""
        if owner_id is None:
            return self.may_write_customer(customer_owner_id)
        return self.covers(owner_id)

    @property
    def shows_owner_names(self) -> bool:
        """Managers and admins see whose customer it is; a rep never sees other reps' names."""
        return self.role in ("manager", "admin")


def customer_owner(conn: Connection, customer_id: str) -> tuple[bool, str | None]:
    """(exists, owner id) of a customer."""
    row = conn.execute(select(CUS.c.owner_id).where(CUS.c.id == customer_id)).first()
    return (row is not None, row[0] if row else None)


def may_write_customer(conn: Connection, auth: Authority, customer_id: str) -> bool:
    """The customer exists and `auth` may write on it."""
    exists, owner = customer_owner(conn, customer_id)
    return exists and auth.may_write_customer(owner)


def writable_customers(conn: Connection, auth: Authority, ids: list[str]) -> list[str]:
    """The ids among `ids` (order kept) that `auth` may write on."""
    if not ids:
        return []
    owners = {r.id: r.owner_id for r in conn.execute(select(CUS.c.id, CUS.c.owner_id).where(CUS.c.id.in_(ids)))}
    return [i for i in ids if i in owners and auth.may_write_customer(owners[i])]


def may_change_deal(conn: Connection, auth: Authority, deal_id: str) -> bool:
    """The deal exists and `auth` may change it."""
    row = conn.execute(select(DEAL.c.owner_id, CUS.c.owner_id.label("cust_owner"))
                       .join(CUS, CUS.c.id == DEAL.c.customer_id).where(DEAL.c.id == deal_id)).first()
    return row is not None and auth.may_change(row[0], row[1])


def may_change_contract(conn: Connection, auth: Authority, contract_id: str) -> bool:
    """The contract exists and `auth` may change it (a payment on it included)."""
    row = conn.execute(select(CON.c.owner_id, CUS.c.owner_id.label("cust_owner"))
                       .join(CUS, CUS.c.id == CON.c.customer_id).where(CON.c.id == contract_id)).first()
    return row is not None and auth.may_change(row[0], row[1])
