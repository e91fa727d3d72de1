"""`salesbot demo`: fill an empty database with a generated team (storage.demo_data) through the
ordinary bundle import, and tell the newcomer what to try first."""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

from sqlalchemy import func, select

from bot.context import AppContext
from domain.errors import UserError
from storage.bundle import BundleError, import_bundle
from storage.demo_data import generate_bundle
from storage.models import User


class DemoNotEmpty(UserError):
    """The database already has users: the demo is for an empty one."""


def run_demo(ctx: AppContext, seed: int = 7, force: bool = False) -> str:
    """Generate the demo team as of ctx.now() and import it; return a summary with example commands.

    Refuses (UserError) when the database already has users, unless `force` (then rows with the
    demo's ids are replaced)."""
    engine = ctx.ready_engine()
    with engine.connect() as conn:
        existing = conn.execute(select(func.count()).select_from(User)).scalar_one()
    if existing and not force:
        raise DemoNotEmpty(f"the database already has {existing} users, so the demo team was not added "
                        "(it is meant for an empty database; --force adds it anyway, replacing rows with the same ids)")
    now = ctx.now()
    with tempfile.TemporaryDirectory(prefix="salesbot-demo-") as tmp:
        folder = Path(tmp)
        generate_bundle(folder, seed=seed, today=now.date(), tz=ctx.settings.org.timezone, now=now)
        try:
            counts = import_bundle(engine, folder, ctx.settings.org.tz, by=None)
        except BundleError as e:  # the generator and the importer disagree: a bug, said plainly
            raise UserError(f"the generated demo bundle was refused: {e.errors[0] if e.errors else e}") from None
        return _summary(folder, {k.removesuffix(".csv"): v for k, v in counts.items()})


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def command_prefix() -> str:
    """How the newcomer runs salesbot, as they can type it: `SALESBOT_PROG` (start.sh sets
    `./start.sh`), else `salesbot` when it is on PATH, else the path this process was started by."""
    prog = os.environ.get("SALESBOT_PROG", "").strip()
    if prog:
        return prog
    if shutil.which("salesbot"):
        return "salesbot"
    argv0 = Path(sys.argv[0])
    script = argv0 if argv0.name == "salesbot" else Path(sys.prefix) / "bin" / "salesbot"
    if script.exists():
        try:
            return f"./{script.resolve().relative_to(Path.cwd().resolve())}"
        except ValueError:
            return str(script.resolve())
    return f"{Path(sys.executable)} -m bot.cli"


def _summary(folder: Path, counts: dict[str, int]) -> str:
    users = _read(folder, "users.csv")
    reps = [u for u in users if u["role"] == "rep"]
    managers = [u for u in users if u["role"] == "manager"]
    admin = next(u for u in users if u["role"] == "admin")
    teams = sorted({u["team"] for u in reps})
    customers = _read(folder, "customers.csv")
    pool = sum(1 for c in customers if not c["owner_id"])
    acts = [a for a in _read(folder, "activities.csv") if a["status"] == "done"]
    planned = counts["activities"] - len(acts)
    first, last = (acts[0]["occurred_at"][:10], acts[-1]["occurred_at"][:10]) if acts else ("-", "-")
    rep, manager = reps[0], next(m for m in managers if m["id"] == reps[0]["manager_id"])
    example = _log_example(folder, rep["id"], customers)
    cmd = command_prefix()
    lines = [
        f"Demo team created: {len(managers)} managers and {len(reps)} reps in {len(teams)} teams "
        f"({', '.join(teams)}), admin {admin['name']} ({admin['id']}).",
        f"{counts['customers']} customers ({pool} in the public pool), {counts['contacts']} contacts, "
        f"{counts['deals']} deals ({counts['deal_events']} stage changes), {len(acts):,} activities "
        f"from {first} to {last} ({planned} planned), {counts['targets']} monthly targets, "
        f"{counts['contracts']} contracts with {counts['payments']} payments received.",
        "",
        "Try:",
        f'  {cmd} ask "本月各销售拜访量" --as {manager["id"]}      # {manager["name"]}, manager of {manager["team"]}',
        f'  {cmd} ask "本季度目标完成率按团队" --as {admin["id"]}',
        f'  {cmd} ask "本月回款多少" --as {admin["id"]}',
        f'  {cmd} parse "{example}" --as {rep["id"]}',
        f"  {cmd} chat --as {rep['id']}      # {rep['name']}, a rep: log visits in plain words",
    ]
    return "\n".join(lines)


def _log_example(folder: Path, rep_id: str, customers: list[dict[str, str]]) -> str:
    """A message the rep could send about one of their own customers, with a real contact."""
    own = {c["id"]: c for c in customers if c["owner_id"] == rep_id}
    for p in _read(folder, "contacts.csv"):
        c = own.get(p["customer_id"])
        if c is not None and not c["name"].isascii():
            short = c["aliases"].split("|")[0] if c["aliases"] else c["name"]
            return f"今天拜访了{short}的{p['name'][0]}总，聊了报价，下周三带方案再去"
    return "今天拜访了客户，聊了报价，下周三带方案再去"
