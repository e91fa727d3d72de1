"""The command line: --help everywhere, one clear error line, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli import COMMANDS
from tests.conftest import REPO


def _run(*args: str, db: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "bot.cli"] + (["--db", db] if db else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)


def test_help_lists_every_command():
    p = _run("--help")
    assert p.returncode == 0
    for name in COMMANDS:
        assert name in p.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_with_global_options(name):
    p = _run(name, "--help")
    assert p.returncode == 0, p.stderr
    for opt in ("--db", "--config", "--now", "--as"):
        assert opt in p.stdout


@pytest.mark.parametrize(("args", "needle"), [
    (["--now", "yesterday-ish", "ask", "本月成交金额", "--as", "U00"], "not an ISO 8601 time"),
    (["ask", "本月成交金额", "--as", "NOBODY"], "NOBODY"),
    (["import", "/no/such/folder"], "not a folder"),
    (["digest", "--date", "2026-13-01"], "YYYY-MM-DD"),
    (["parse"], "give a message"),
])
def test_errors_are_one_line_without_traceback(tmp_path, args, needle):
    p = _run(*args, db=f"sqlite:///{tmp_path / 'x.db'}")
    assert p.returncode == 1
    assert needle in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_global_options_work_after_the_subcommand(tmp_path):
    db = f"sqlite:///{tmp_path / 'y.db'}"
    p = _run("db", "upgrade", "--db", db)
    assert p.returncode == 0 and "revision" in p.stdout
    assert _run("db", "current", "--db", db).stdout.strip() != ""
