"""`salesbot digest --date D [--team NAME] --json [--chart-dir DIR]`."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path

from bot.context import AppContext
from bot.digest import DigestError, build_digest
from domain.errors import UserError


def cmd_digest(ctx: AppContext, args: argparse.Namespace) -> int:
    """Print day D's digest (default: yesterday) as text or CONTRACT.md JSON."""
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise UserError(f"--date must be YYYY-MM-DD: {args.date!r}") from None
    else:
        day = ctx.today() - timedelta(days=1)
    try:
        digest = build_digest(ctx.ready_engine(), ctx.settings, day, args.team,
                              Path(args.chart_dir) if args.chart_dir else None, today=ctx.today())
    except DigestError as e:
        raise UserError(str(e)) from None
    if args.json:
        print(json.dumps(digest.contract_json(), ensure_ascii=False))
    else:
        print(digest.text)
        for p in digest.chart_paths:
            print(f"chart: {p}")
    return 0
