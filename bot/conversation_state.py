"""Pending questions and undo records in the `conversation_state` table, so that any process
serving the team can pick up where another left off. Rows expire (pending 30 min, undo 24 h)."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from storage.models import ConversationState

S = ConversationState.__table__
PENDING_TTL = timedelta(minutes=30)
UNDO_TTL = timedelta(hours=24)


def put(conn: Connection, *, user_id: str, chat_key: str, kind: str, payload: dict, now: datetime,
        ttl: timedelta, replace: bool = False) -> str:
    """Store a state row; its handle "ID-TOKEN" goes into button ids (the token keeps a stale button
    from reaching a newer row that reused the id). With `replace`, earlier rows of that kind for this
    user and chat go first."""
    if replace:
        conn.execute(delete(S).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind == kind))
    conn.execute(delete(S).where(S.c.expires_at < now))
    tok = secrets.token_hex(2)
    body = json.dumps({**payload, "_tok": tok}, ensure_ascii=False, default=str)
    sid = conn.execute(insert(S).values(user_id=user_id, chat_key=chat_key, kind=kind, payload=body,
                                        created_at=now, expires_at=now + ttl).returning(S.c.id)).scalar_one()
    return f"{sid}-{tok}"


def _split(handle: str | int | None) -> tuple[int, str | None] | None:
    try:
        if isinstance(handle, int):
            return handle, None
        sid, _, tok = str(handle).partition("-")
        return int(sid), tok or None
    except ValueError:
        return None


def get(conn: Connection, handle: str | None, user_id: str, now: datetime) -> dict | None:
    """The live state row behind `handle` owned by `user_id` (payload decoded, plus id and kind), or None."""
    key = _split(handle)
    if key is None:
        return None
    row = conn.execute(select(S).where(S.c.id == key[0], S.c.user_id == user_id, S.c.expires_at >= now)
                       ).mappings().first()
    if row is None:
        return None
    payload = json.loads(row["payload"])
    tok = payload.pop("_tok", None)
    if key[1] is not None and tok != key[1]:
        return None
    return {"id": f"{row['id']}-{tok}", "kind": row["kind"], "chat_key": row["chat_key"], **payload}


def take(conn: Connection, handle: str | None, user_id: str, now: datetime) -> dict | None:
    """Like get, but removes the row; only one caller ever gets it."""
    st = get(conn, handle, user_id, now)
    if st is None:
        return None
    res = conn.execute(delete(S).where(S.c.id == _split(handle)[0]))  # type: ignore[index]
    return st if res.rowcount == 1 else None


def latest(conn: Connection, user_id: str, chat_key: str, kind: str, now: datetime) -> dict | None:
    """The newest live row of `kind` for this user in this chat."""
    row = conn.execute(select(S.c.id).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind == kind,
                                            S.c.expires_at >= now).order_by(S.c.id.desc()).limit(1)).scalar()
    return get(conn, int(row), user_id, now) if row is not None else None


def latest_of(conn: Connection, user_id: str, chat_key: str, kinds: tuple[str, ...], now: datetime) -> dict | None:
    """The newest live row of any of `kinds` for this user in this chat (its "kind" says which)."""
    row = conn.execute(select(S.c.id).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind.in_(kinds),
                                            S.c.expires_at >= now).order_by(S.c.id.desc()).limit(1)).scalar()
    return get(conn, int(row), user_id, now) if row is not None else None


def row_number(handle: str | None) -> int:
    """The numeric row id inside a handle (0 when it has none)."""
    key = _split(handle)
    return key[0] if key else 0


def update(conn: Connection, handle: str, changes: dict) -> None:
    """Merge `changes` into a row's payload (keeping its token)."""
    key = _split(handle)
    if key is None:
        return
    body = conn.execute(select(S.c.payload).where(S.c.id == key[0])).scalar()
    if body is not None:
        conn.execute(S.update().where(S.c.id == key[0])
                     .values(payload=json.dumps({**json.loads(body), **changes}, ensure_ascii=False, default=str)))


def drop_pending(conn: Connection, user_id: str, chat_key: str, types: tuple[str, ...]) -> int:
    """Remove this user's open questions in this chat whose payload type is one of `types`."""
    rows = conn.execute(select(S.c.id, S.c.payload).where(S.c.user_id == user_id, S.c.chat_key == chat_key,
                                                          S.c.kind == "pending")).all()
    ids = [r.id for r in rows if json.loads(r.payload).get("type") in types]
    if ids:
        conn.execute(delete(S).where(S.c.id.in_(ids)))
    return len(ids)


def drop(conn: Connection, user_id: str, chat_key: str, kind: str) -> int:
    """Remove every row of `kind` for this user in this chat; returns how many."""
    return conn.execute(delete(S).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind == kind)).rowcount


def live(conn: Connection, user_id: str, chat_key: str, kind: str, now: datetime, limit: int) -> list[dict]:
    """The newest live rows of `kind` for this user in this chat, newest first (payloads decoded)."""
    ids = conn.execute(select(S.c.id).where(S.c.user_id == user_id, S.c.chat_key == chat_key, S.c.kind == kind,
                                            S.c.expires_at >= now).order_by(S.c.id.desc()).limit(limit)).scalars()
    found = [get(conn, int(i), user_id, now) for i in ids]
    return [f for f in found if f]


def since(conn: Connection, user_id: str, kind: str, start: datetime, now: datetime) -> list[dict]:
    """This user's live rows of `kind` created at or after `start`, in any chat (payloads decoded)."""
    ids = conn.execute(select(S.c.id).where(S.c.user_id == user_id, S.c.kind == kind, S.c.created_at >= start,
                                            S.c.expires_at >= now).order_by(S.c.id.desc())).scalars()
    found = [get(conn, int(i), user_id, now) for i in ids]
    return [f for f in found if f]
