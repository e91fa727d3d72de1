"""`salesbot ask`: one question (`QUESTION --as U`) or many (`--jsonl FILE`), per CONTRACT.md."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.answering import answer_question
from bot.context import AppContext
from bot.jsonl_requests import BadLine, Request, emit, read_lines, run_lines
from domain.errors import UserError
from storage.question_vocabulary import load_question_vocabulary

log = logging.getLogger(__name__)


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
        emit(res.contract_json())
    else:
        print(res.text)
        if res.chart_path:
            print(res.chart_path)
    return 0


def _ask_jsonl(ctx: AppContext, path: Path, chart_dir: Path | None) -> int:
    read_lines(path)  # an unreadable file stops the run before anything else
    engine = ctx.ready_engine()
    vocab = load_question_vocabulary(engine)

    def answer(req: Request) -> dict:
        try:
            res = answer_question(engine, ctx.settings, req.text, req.user, req.now, chart_dir, vocab=vocab)
        except UserError as e:
            raise BadLine(req.id, str(e)) from None
        except Exception as e:  # one line per question, never a traceback
            log.debug("question %r failed", req.id, exc_info=True)
            raise BadLine(req.id, f"{type(e).__name__}: {e}".splitlines()[0]) from None
        return res.contract_json()

    return run_lines(ctx, path, "question", vocab.roles, answer)
