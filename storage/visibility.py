"""Who sees what (METRICS.md "Who sees what"): a rep sees themself, a manager everyone under
them through `manager_id` at any depth, an admin everyone."""

from __future__ import annotations

from sqlalchemy import Connection, select

from domain.errors import UserError
from storage.models import User

users = User.__table__


class UnknownUser(UserError):
    """The asker is not a user of this organisation."""


def user_role(conn: Connection, user_id: str) -> str | None:
    """The role of `user_id` (`rep`, `manager`, `admin`), or None when there is no such user."""
    return conn.execute(select(users.c.role).where(users.c.id == user_id)).scalar_one_or_none()


def subordinates_cte(user_id: str):
    """A recursive CTE (column `id`) of `user_id` and every user under them, at any depth.

    UNION (not UNION ALL) makes a cycle in `manager_id` terminate."""
    tree = select(users.c.id).where(users.c.id == user_id).cte("tree", recursive=True)
    return tree.union(select(users.c.id).where(users.c.manager_id == tree.c.id))


def visible_user_ids(conn: Connection, asker_id: str) -> set[str] | None:
    """The ids of the users whose data `asker_id` may see; None means everyone (admin).

    Raises UnknownUser when `asker_id` is not a user."""
    return visible_for_role(conn, asker_id, user_role(conn, asker_id))


def visible_for_role(conn: Connection, asker_id: str, role: str | None) -> set[str] | None:
    """visible_user_ids() when the asker's role is already known (None: no such user)."""
    if role is None:
        raise UnknownUser(f"unknown user: {asker_id}")
    if role == "admin":
        return None
    if role == "manager":
        tree = subordinates_cte(asker_id)
        return set(conn.execute(select(tree.c.id)).scalars())
    return {asker_id}
