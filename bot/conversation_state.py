"""Pending questions and undo records in the `conversation_state` table, so that any process
serving the team can pick up where another left off. Rows expire (pending 30 min, undo 24 h)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from storage.models import ConversationState

S = ConversationState.__table__
PENDING_TTL = timedelta(minutes=30)
UNDO_TTL = timedelta(hours=24)


def put(conn: Connection, *, user_id: str, chat_key: str, kind: str, payload: dict, now: datetime,
        ttl: timedelta, replace: bool = False) -> int:
    """Store a state row; with `replace`, earlier rows of that kind for this user and chat go first."""
    if replace:
        conn.execute(delete(S).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind == kind))
    conn.execute(delete(S).where(S.c.expires_at < now))
    return conn.execute(insert(S).values(user_id=user_id, chat_key=chat_key, kind=kind,
                                         payload=json.dumps(payload, ensure_ascii=False, default=str),
                                         created_at=now, expires_at=now + ttl).returning(S.c.id)).scalar_one()


def get(conn: Connection, state_id: int, user_id: str, now: datetime) -> dict | None:
    """The live state row `state_id` of `user_id` (payload decoded, plus id and kind), or None."""
    row = conn.execute(select(S).where(S.c.id == state_id, S.c.user_id == user_id, S.c.expires_at >= now)
                       ).mappings().first()
    if row is None:
        return None
    return {"id": row["id"], "kind": row["kind"], "chat_key": row["chat_key"], **json.loads(row["payload"])}


def take(conn: Connection, state_id: int, user_id: str, now: datetime) -> dict | None:
    """Like get, but removes the row; only one caller ever gets it."""
    st = get(conn, state_id, user_id, now)
    if st is None:
        return None
    res = conn.execute(delete(S).where(S.c.id == state_id))
    return st if res.rowcount == 1 else None


def latest(conn: Connection, user_id: str, chat_key: str, kind: str, now: datetime) -> dict | None:
    """The newest live row of `kind` for this user in this chat."""
    row = conn.execute(select(S.c.id).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind == kind,
                                            S.c.expires_at >= now).order_by(S.c.id.desc()).limit(1)).scalar()
    return get(conn, row, user_id, now) if row is not None else None


def drop(conn: Connection, user_id: str, chat_key: str, kind: str) -> int:
    """Remove every row of `kind` for this user in this chat; returns how many."""
    return conn.execute(delete(S).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind == kind)).rowcount
