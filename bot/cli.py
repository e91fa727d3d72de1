"""The `salesbot` command line (CONTRACT.md). Each subcommand's work lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable

from bot.context import AppContext, parse_now
from domain.errors import UserError
from domain.settings import SettingsError, load_settings

# subcommand -> (module, function, help); the function takes (ctx, args) and returns an exit code
COMMANDS: dict[str, tuple[str, str, str]] = {
    "import": ("bot.data_commands", "cmd_import", "import a CSV bundle (one transaction)"),
    "export": ("bot.data_commands", "cmd_export", "export everything as a CSV bundle"),
    "db": ("bot.data_commands", "cmd_db", "database schema: `db upgrade`, `db current`"),
    "demo": ("bot.data_commands", "cmd_demo", "fill an empty database with a generated demo team"),
    "parse": ("bot.parse_command", "cmd_parse", "show what a rep's message means (writes nothing)"),
    "ask": ("bot.ask_command", "cmd_ask", "answer a manager's question"),
    "digest": ("bot.digest_command", "cmd_digest", "the daily digest of a date"),
    "chat": ("bot.chat_command", "cmd_chat", "talk to the bot on this terminal"),
    "run": ("bot.run_command", "cmd_run", "serve the configured channels and the digest schedule"),
    "tick": ("bot.tick_command", "cmd_tick", "run the scheduled jobs due at --now once (digest, reminders, pool)"),
}


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    g = parser.add_argument_group("global options")
    g.add_argument("--db", metavar="URL", default=default, help="SQLAlchemy database URL")
    g.add_argument("--config", metavar="PATH", default=default, help="settings file (default ./settings.toml)")
    g.add_argument("--now", metavar="ISO8601", default=default, help="fix the clock, e.g. 2026-11-20T18:00:00+08:00")
    g.add_argument("--as", dest="as_user", metavar="USER_ID", default=default, help="the user who speaks")
    g.add_argument("-v", "--verbose", action="store_true", default=default if suppress else False,
                   help="log details to stderr")


def _add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    if name == "import":
        p.add_argument("dir", help="folder of CSV files (users.csv, customers.csv, ...)")
    elif name == "export":
        p.add_argument("dir", help="folder to write the CSV files into")
    elif name == "db":
        p.add_argument("action", choices=["upgrade", "current"], help="upgrade the schema or show its revision")
    elif name == "demo":
        p.add_argument("--seed", type=int, default=7, help="random seed")
        p.add_argument("--force", action="store_true", help="add the demo team even if data exists")
        p.add_argument("--if-empty", action="store_true", help="do nothing (exit 0) when data exists")
    elif name == "parse":
        p.add_argument("text", nargs="?", help="the message")
        p.add_argument("--json", action="store_true", help="print JSON (the default output)")
        p.add_argument("--jsonl", metavar="FILE", help='read lines {"id","text","user","now"}')
        p.add_argument("--explain", action="store_true", help="also print the rules that fired for each record")
    elif name == "ask":
        p.add_argument("question", nargs="?", help="the question")
        p.add_argument("--json", action="store_true", help="print JSON")
        p.add_argument("--jsonl", metavar="FILE", help='read lines {"id","question","user","now"}')
        p.add_argument("--chart-dir", metavar="DIR", help="write charts as PNG files here")
    elif name == "digest":
        p.add_argument("--date", required=False, help="the day (YYYY-MM-DD; default yesterday)")
        p.add_argument("--team", help="only this team")
        p.add_argument("--json", action="store_true", help="print JSON")
        p.add_argument("--chart-dir", metavar="DIR", help="write charts as PNG files here")
    elif name == "chat":
        p.add_argument("--jsonl", metavar="FILE", help='play a conversation: lines {"text"} or {"press"}')
        p.add_argument("--chart-dir", metavar="DIR", help="write charts as PNG files here")
    elif name == "tick":
        p.add_argument("--json", action="store_true", help="print one JSON line per thing queued or changed")
    elif name == "run":
        p.add_argument("--host", help="override server.host")
        p.add_argument("--port", type=int, help="override server.port")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="salesbot", description="Sales-ops bot: chat messages in, CRM and answers out.")
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_m, _f, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        _global_options(p, suppress=True)
        _add_arguments(name, p)
    return parser


def make_context(args: argparse.Namespace) -> AppContext:
    """Settings, database URL, clock and speaker from the parsed options."""
    settings = load_settings(args.config)
    url = args.db or settings.database_url()
    return AppContext(settings=settings, db_url=url, fixed_now=parse_now(args.now, settings.org.tz),
                      as_user=args.as_user)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `salesbot` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    module, func, _ = COMMANDS[args.command]
    try:
        handler: Callable[[AppContext, argparse.Namespace], int] = getattr(importlib.import_module(module), func)
        return handler(make_context(args), args) or 0
    except (UserError, SettingsError) as e:
        print(f"salesbot: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `salesbot export ... | head`: the reader went away
        sys.stderr.close()
        return 0
    except Exception as e:  # one clear line, never a traceback (details with -v)
        logging.getLogger("salesbot").debug("failed", exc_info=True)
        print(f"salesbot {args.command}: {type(e).__name__}: {e}".splitlines()[0], file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
