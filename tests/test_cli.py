"""The command line: --help everywhere, one clear error line, never a traceback."""

from __future__ import annotations

import os
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


def _demo_db(tmp_path) -> str:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    assert _run("db", "upgrade", db=db).returncode == 0
    return db


def test_demo_try_lines_work_as_printed(tmp_path):
    """Each "Try:" command of the demo summary runs as printed (here the program is named by
    SALESBOT_PROG, as start.sh names itself) and exits 0 with output."""
    db = _demo_db(tmp_path)
    prog = f"{sys.executable} -m bot.cli --db {db}"
    env = {**os.environ, "SALESBOT_PROG": prog}
    p = subprocess.run([sys.executable, "-m", "bot.cli", "--db", db, "demo"], capture_output=True, text=True,
                       cwd=REPO, env=env)
    assert p.returncode == 0, p.stderr
    tries = [ln.split("#")[0].strip() for ln in p.stdout.split("Try:")[1].splitlines() if ln.strip()]
    assert len(tries) >= 3 and all(t.startswith(prog + " ") for t in tries)
    for line in tries:
        run = subprocess.run(line, shell=True, capture_output=True, text=True, cwd=REPO, stdin=subprocess.DEVNULL)
        assert run.returncode == 0 and run.stdout.strip(), (line, run.stderr)
        assert "Traceback" not in run.stderr


def test_demo_if_empty_says_nothing_when_data_is_there(tmp_path):
    db = _demo_db(tmp_path)
    first = _run("demo", "--if-empty", db=db)
    assert first.returncode == 0 and "Try:" in first.stdout
    again = _run("demo", "--if-empty", db=db)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    refused = _run("demo", db=db)  # asked for explicitly: say why nothing was added
    assert refused.returncode == 1 and "already has" in refused.stderr


def test_demo_names_the_program_as_it_can_be_typed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SALESBOT_PROG"}
    env["PATH"] = "/usr/bin:/bin"  # no salesbot on PATH
    code = "from bot.demo_command import command_prefix; print(command_prefix())"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
    prefix = p.stdout.strip()
    assert prefix != "salesbot"
    assert subprocess.run(f"{prefix} --help", shell=True, capture_output=True, cwd=REPO, env=env).returncode == 0
    env["SALESBOT_PROG"] = "./start.sh"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
    assert p.stdout.strip() == "./start.sh"
