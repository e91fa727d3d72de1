"""`salesbot import`, `export`, `db` and `demo`: moving data in and out, and the schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.context import AppContext
from domain.errors import UserError
from storage.bundle import BundleError, export_bundle, import_bundle
from storage.db import current_revision


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in counts.items())


def cmd_import(ctx: AppContext, args: argparse.Namespace) -> int:
    """Import a CSV bundle in one transaction; print every bad row and write nothing on error."""
    folder = Path(args.dir)
    if not folder.is_dir():
        raise UserError(f"import: {folder} is not a folder")
    engine = ctx.ready_engine()
    try:
        counts = import_bundle(engine, folder, ctx.settings.org.tz, by=ctx.as_user)
    except BundleError as e:
        for line in e.errors:
            print(line, file=sys.stderr)
        if e.more:
            print(f"... and {e.more} more", file=sys.stderr)
        print("salesbot import: the bundle was refused; nothing was written", file=sys.stderr)
        return 1
    print(f"imported {_summary(counts)}")
    return 0


def cmd_export(ctx: AppContext, args: argparse.Namespace) -> int:
    """Write everything as a CSV bundle that `import` reads back."""
    counts = export_bundle(ctx.ready_engine(), args.dir, ctx.settings.org.tz)
    print(f"exported {_summary(counts)} to {args.dir}")
    return 0


def cmd_db(ctx: AppContext, args: argparse.Namespace) -> int:
    """`db upgrade` brings the schema up to date; `db current` shows its revision."""
    if args.action == "upgrade":
        ctx.ready_engine()
        print(f"database at revision {current_revision(ctx.engine)}")
    else:
        print(current_revision(ctx.engine) or "empty (run `salesbot db upgrade`)")
    return 0


def cmd_demo(ctx: AppContext, args: argparse.Namespace) -> int:
    """Fill an empty database with a generated team (see bot/demo_command.py)."""
    from bot.demo_command import DemoNotEmpty, run_demo

    try:
        print(run_demo(ctx, seed=args.seed, force=args.force))
    except DemoNotEmpty:
        if not args.if_empty:  # --if-empty: data is there, nothing to say
            raise
    return 0
