"""The `--jsonl` request lines shared by `salesbot parse` and `salesbot ask`: reading the file,
checking each line, and printing one JSON object per line (CONTRACT.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.context import AppContext, parse_now
from domain.errors import UserError


@dataclass
class Request:
    """One checked line: its id, its text (message or question), the speaker and the clock."""

    id: object
    text: str
    user: str
    now: datetime


class BadLine(Exception):
    """A line that cannot be handled; `row` is its `{"id", "error"}` answer."""

    def __init__(self, rid: object, error: str) -> None:
        super().__init__(error)
        self.row = {"id": rid, "error": error}


def emit(obj: dict) -> None:
    """Print one JSON object on its own line, at once."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def read_lines(path: Path) -> list[str]:
    """The file's lines; a file that cannot be read is the one error that stops the run."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"cannot read {path}: {e}") from None


def decode(ctx: AppContext, line: str, n: int, field: str, users: Container[str],
           allow_empty: bool = False) -> Request:
    """Check line `n` ({"id", field, "user", "now"}); raises BadLine saying what is wrong."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadLine(None, f"line {n}: not JSON ({e.msg})") from None
    if not isinstance(row, dict):
        raise BadLine(None, f"line {n}: not a JSON object")
    rid = row.get("id")
    text, user = row.get(field), row.get("user") or ctx.as_user
    if not isinstance(text, str) or not (allow_empty or text.strip()):
        raise BadLine(rid, f"no {field}")
    if not isinstance(user, str) or not user:
        raise BadLine(rid, "no user")
    if user not in users:
        raise BadLine(rid, f"unknown user: {user}")
    try:
        now = parse_now(row["now"], ctx.settings.org.tz) if row.get("now") is not None else ctx.now()
    except (UserError, TypeError, AttributeError):
        raise BadLine(rid, f"not an ISO 8601 time: {row.get('now')!r}") from None
    return Request(rid, text, user, now)


def run_lines(ctx: AppContext, path: Path, field: str, users: Container[str],
              answer: Callable[[Request], dict], *, allow_empty: bool = False) -> int:
    """Answer every non-empty line of `path` in order: `{"id", ...answer}` or `{"id", "error"}`."""
    for n, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            continue
        try:
            req = decode(ctx, line, n, field, users, allow_empty)
            emit({"id": req.id, **answer(req)})
        except BadLine as e:
            emit(e.row)
    return 0
