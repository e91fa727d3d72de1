"""`salesbot parse`: what a rep's message means (CONTRACT.md), one message or a JSONL file.

Reads the database (customers, contacts, users) and never writes it.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.context import AppContext, UserError, parse_now
from intents.understand import Understander
from storage.directory_query import load_directory
from storage.models import User

log = logging.getLogger(__name__)


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _user_ids(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(User.__table__.c.id)).scalars())


def _load(ctx: AppContext):
    try:
        return _user_ids(ctx.engine), load_directory(ctx.engine)
    except SQLAlchemyError as e:
        raise UserError(f"cannot read the database ({type(e).__name__}); run `salesbot db upgrade` or "
                        "`salesbot import DIR` first") from None


def cmd_parse(ctx: AppContext, args: argparse.Namespace) -> int:
    """Print the CONTRACT.md object for one message, or one line per JSONL input line."""
    if getattr(args, "jsonl", None):
        return _parse_jsonl(ctx, Path(args.jsonl))
    text = (args.text or "").strip()
    if not text:
        raise UserError('give a message, e.g. salesbot parse "拜访了明德食品邱总" --as R01 (or --jsonl FILE)')
    users, directory = _load(ctx)
    if ctx.as_user and ctx.as_user not in users:
        raise UserError(f"unknown user: {ctx.as_user}")
    res = Understander(ctx.settings).parse(text, ctx.as_user, ctx.now(), directory)
    _emit(res.contract_json())
    return 0


def _parse_jsonl(ctx: AppContext, path: Path) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"cannot read {path}: {e}") from None
    users, directory = _load(ctx)
    understander = Understander(ctx.settings)
    for n, line in enumerate(lines, start=1):
        if line.strip():
            _emit(_one_line(ctx, understander, users, directory, line, n))
    return 0


def _one_line(ctx: AppContext, understander: Understander, users: set[str], directory, line: str, n: int) -> dict:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        return {"id": None, "error": f"line {n}: not JSON ({e.msg})"}
    if not isinstance(row, dict):
        return {"id": None, "error": f"line {n}: not a JSON object"}
    rid = row.get("id")
    text, user = row.get("text"), row.get("user") or ctx.as_user
    if not isinstance(text, str):
        return {"id": rid, "error": "no text"}
    if not isinstance(user, str) or not user:
        return {"id": rid, "error": "no user"}
    if user not in users:
        return {"id": rid, "error": f"unknown user: {user}"}
    try:
        now = parse_now(row["now"], ctx.settings.org.tz) if row.get("now") is not None else ctx.now()
    except (UserError, TypeError, AttributeError):
        return {"id": rid, "error": f"not an ISO 8601 time: {row.get('now')!r}"}
    try:
        res = understander.parse(text, user, now, directory)
    except Exception as e:  # one line per message, never a traceback
        log.debug("parse failed", exc_info=True)
        return {"id": rid, "error": f"could not read this message ({type(e).__name__})"}
    return {"id": rid, **res.contract_json()}
