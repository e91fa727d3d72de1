"""`salesbot ask`: one question (`QUESTION --as U`) or many (`--jsonl FILE`), per CONTRACT.md."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.answering import answer_question
from bot.context import AppContext, UserError, parse_now
from storage.question_vocabulary import load_question_vocabulary

log = logging.getLogger(__name__)


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def cmd_ask(ctx: AppContext, args: argparse.Namespace) -> int:
    """Answer a question, or every line of a JSONL file; print CONTRACT.md JSON."""
    chart_dir = Path(args.chart_dir) if getattr(args, "chart_dir", None) else None
    if getattr(args, "jsonl", None):
        return _ask_jsonl(ctx, Path(args.jsonl), chart_dir)
    question = (args.question or "").strip()
    if not question:
        raise UserError('give a question, e.g. salesbot ask "本周各销售拜访量" --as M1 (or --jsonl FILE)')
    if not ctx.as_user:
        raise UserError("say who asks with --as USER_ID (their role decides what they may see)")
    res = answer_question(ctx.ready_engine(), ctx.settings, question, ctx.as_user, ctx.now(), chart_dir)
    if args.json:
        _emit(res.contract_json())
    else:
        print(res.text)
        if res.chart_path:
            print(res.chart_path)
    return 0


def _ask_jsonl(ctx: AppContext, path: Path, chart_dir: Path | None) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"cannot read {path}: {e}") from None
    engine = ctx.ready_engine()
    vocab = load_question_vocabulary(engine)
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        _emit(_one_line(ctx, engine, vocab, line, n, chart_dir))
    return 0


def _one_line(ctx: AppContext, engine, vocab, line: str, n: int, chart_dir: Path | None) -> dict:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        return {"id": None, "error": f"line {n}: not JSON ({e.msg})"}
    if not isinstance(row, dict):
        return {"id": None, "error": f"line {n}: not a JSON object"}
    rid = row.get("id")
    question, user = row.get("question"), row.get("user") or ctx.as_user
    if not isinstance(question, str) or not question.strip():
        return {"id": rid, "error": "no question"}
    if not isinstance(user, str) or not user:
        return {"id": rid, "error": "no user"}
    if user not in vocab.roles:
        return {"id": rid, "error": f"unknown user: {user}"}
    try:
        now = parse_now(row.get("now"), ctx.settings.org.tz) if row.get("now") is not None else None
    except (UserError, TypeError, AttributeError):
        return {"id": rid, "error": f"not an ISO 8601 time: {row.get('now')!r}"}
    try:
        res = answer_question(engine, ctx.settings, question, user, now or ctx.now(), chart_dir, vocab=vocab)
    except UserError as e:
        return {"id": rid, "error": str(e)}
    except Exception as e:  # one line per question, never a traceback
        log.debug("question %r failed", rid, exc_info=True)
        return {"id": rid, "error": f"{type(e).__name__}: {e}".splitlines()[0]}
    return {"id": rid, **res.contract_json()}
