"""`salesbot parse`: what a rep's message means (CONTRACT.md), one message or a JSONL file.

Reads the database (customers, contacts, users) and never writes it.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.context import AppContext
from bot.jsonl_requests import BadLine, Request, emit, read_lines, run_lines
from domain.errors import UserError
from intents.record_context import RECORD_MARK
from intents.understand import Understander
from storage.directory_query import load_directory
from storage.models import User

log = logging.getLogger(__name__)


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
        return _parse_jsonl(ctx, Path(args.jsonl), args)
    text = (args.text or "").strip()
    if not text:
        raise UserError('give a message, e.g. salesbot parse "拜访了明德食品邱总" --as R01 (or --jsonl FILE)')
    users, directory = _load(ctx)
    if ctx.as_user and ctx.as_user not in users:
        raise UserError(f"unknown user: {ctx.as_user}")
    res = Understander(ctx.settings).parse(text, ctx.as_user, ctx.now(), directory)
    emit(_explained(res) if getattr(args, "explain", False) else res.contract_json())
    return 0


def _explained(res) -> dict:
    """The contract object plus `explain`: the engine, the rules that made each record (in the order of
    `records`), the rules that made none, and the notes for the bot."""
    per_record: list[list[str]] = []
    steps: list[str] = []
    for step in res.trace:
        if step.startswith(RECORD_MARK):
            per_record.append(steps + [f"record:{step[len(RECORD_MARK):]}"])
            steps = []
        else:
            steps.append(step)
    return {**res.contract_json(), "explain": {"engine": res.engine, "records": per_record, "other": steps,
                                               "notes": list(res.notes)}}


def _parse_jsonl(ctx: AppContext, path: Path, args: argparse.Namespace) -> int:
    read_lines(path)  # an unreadable file stops the run before anything else
    users, directory = _load(ctx)
    understander = Understander(ctx.settings)
    explain = getattr(args, "explain", False)

    def answer(req: Request) -> dict:
        try:
            res = understander.parse(req.text, req.user, req.now, directory)
            return _explained(res) if explain else res.contract_json()
        except Exception as e:  # one line per message, never a traceback
            log.debug("parse failed", exc_info=True)
            raise BadLine(req.id, f"could not read this message ({type(e).__name__})") from None

    return run_lines(ctx, path, "text", users, answer, allow_empty=True)
