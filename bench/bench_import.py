"""Import benchmark (issues 2 and 14): a generated bundle of 1,000,000 activities (and a scaled-up
org), loaded side by side into fresh SQLite files by

  1. `salesbot import` (storage.bundle.import_bundle: every row checked, one transaction),
  2. the lean reference: a plain sqlite3 `executemany` of the same rows (text columns included)
     into a lean indexed schema (same tables and columns, primary and upsert keys, one or two
     indexes per table for its main lookups, no foreign keys), values passed through as written, `*_on` columns sliced from the
     local timestamps, amounts ×100 - the least work that stores the same facts, and
  3. the schema reference: the same `executemany` into the app's own schema (every index,
     foreign keys on).

Prints the time of each and our ratio to both (the goal is within 2× of the lean one).

    .venv/bin/python bench/bench_import.py [--activities N] [--scale S] [--keep DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import pstats
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.bundle import import_bundle  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from storage.demo_data import generate_bundle  # noqa: E402

TZ = "Asia/Shanghai"


def _cents(v: str) -> int | None:
    return int(round(float(v) * 100)) if v else None


def _nz(v: str) -> str | None:
    return v or None


# file -> (INSERT statement, row -> tuple), in import order
_PLAIN = {
    "users.csv": ("INSERT INTO users (id, name, role, team, manager_id, telegram_id, wecom_userid) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", lambda r: tuple(_nz(v) for v in r)),
    "customers.csv": ("INSERT INTO customers (id, name, aliases, tier, industry, region, source, owner_id, "
                      "created_at, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      lambda r: (*r[:7], _nz(r[7]), r[8], r[8][:10])),
    "contacts.csv": ("INSERT INTO contacts (id, customer_id, name, title, phone, email) VALUES (?, ?, ?, ?, ?, ?)",
                     lambda r: (*r[:5], _nz(r[5]))),
    "deals.csv": ("INSERT INTO deals (id, customer_id, title, owner_id, amount_cents, currency, expected_close, "
                  "created_at, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  lambda r: (r[0], r[1], r[2], _nz(r[3]), _cents(r[4]), r[5], _nz(r[6]), r[7], r[7][:10])),
    "deal_events.csv": ("INSERT INTO deal_events (deal_id, at, on_date, stage, amount_cents, by, reason) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        lambda r: (r[0], r[1], r[1][:10], r[2], _cents(r[3]), _nz(r[4]), _nz(r[5]))),
    "activities.csv": ("INSERT INTO activities (id, user_id, customer_id, contact_id, kind, occurred_at, "
                       "occurred_on, summary, next_step, followup_date, status) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       lambda r: (r[0], r[1], r[2], _nz(r[3]), r[4], r[5], r[5][:10], r[6], r[7], _nz(r[8]),
                                  r[9] or "done")),
    "targets.csv": ('INSERT INTO targets (user_id, metric, start, "end", value) VALUES (?, ?, ?, ?, ?)',
                    lambda r: (r[0], r[1], r[2], r[3], float(r[4]))),
    "contracts.csv": ("INSERT INTO contracts (id, customer_id, deal_id, owner_id, title, amount_cents, currency, "
                      "signed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      lambda r: (r[0], r[1], _nz(r[2]), _nz(r[3]), r[4], _cents(r[5]), r[6], r[7], r[7])),
    "installments.csv": ("INSERT INTO installments (contract_id, due_on, amount_cents) VALUES (?, ?, ?)",
                         lambda r: (r[0], r[1], _cents(r[2]))),
    "payments.csv": ("INSERT INTO payments (id, contract_id, received_on, amount_cents, by, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", lambda r: (r[0], r[1], r[2], _cents(r[3]), _nz(r[4]), r[2])),
}


# the lean reference: the same tables and columns (text included), keyed the way the importer keys
# its rows (primary keys, the upsert keys), with the one or two indexes each table's main lookups
# need (a lean indexed schema: 2 on activities where the app has 5), and no foreign keys
LEAN_SCHEMA = """
CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT, role TEXT, team TEXT, manager_id TEXT, telegram_id TEXT,
                    wecom_userid TEXT);
CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT, aliases TEXT, tier TEXT, industry TEXT, region TEXT,
                        source TEXT, owner_id TEXT, created_at TEXT, created_on TEXT);
CREATE TABLE contacts (id TEXT PRIMARY KEY, customer_id TEXT, name TEXT, title TEXT, phone TEXT, email TEXT);
CREATE TABLE deals (id TEXT PRIMARY KEY, customer_id TEXT, title TEXT, owner_id TEXT, amount_cents INTEGER,
                    currency TEXT, expected_close TEXT, created_at TEXT, created_on TEXT);
CREATE TABLE deal_events (id INTEGER PRIMARY KEY, deal_id TEXT, at TEXT, on_date TEXT, stage TEXT,
                          amount_cents INTEGER, by TEXT, reason TEXT, UNIQUE (deal_id, at, stage));
CREATE TABLE activities (id TEXT PRIMARY KEY, user_id TEXT, customer_id TEXT, contact_id TEXT, kind TEXT,
                         occurred_at TEXT, occurred_on TEXT, summary TEXT, next_step TEXT, followup_date TEXT,
                         status TEXT);
CREATE TABLE targets (id INTEGER PRIMARY KEY, user_id TEXT, metric TEXT, start TEXT, "end" TEXT, value REAL,
                      UNIQUE (user_id, metric, start, "end"));
CREATE TABLE contracts (id TEXT PRIMARY KEY, customer_id TEXT, deal_id TEXT, owner_id TEXT, title TEXT,
                        amount_cents INTEGER, currency TEXT, signed_on TEXT, created_at TEXT);
CREATE TABLE installments (id INTEGER PRIMARY KEY, contract_id TEXT, due_on TEXT, amount_cents INTEGER,
                           UNIQUE (contract_id, due_on));
CREATE TABLE payments (id TEXT PRIMARY KEY, contract_id TEXT, received_on TEXT, amount_cents INTEGER, by TEXT,
                       created_at TEXT);
CREATE INDEX lean_customers_owner ON customers (owner_id);
CREATE INDEX lean_contacts_customer ON contacts (customer_id);
CREATE INDEX lean_deals_customer ON deals (customer_id);
CREATE INDEX lean_activities_user_on ON activities (user_id, occurred_on);
CREATE INDEX lean_activities_customer_at ON activities (customer_id, occurred_at);
CREATE INDEX lean_contracts_customer ON contracts (customer_id);
CREATE INDEX lean_payments_contract ON payments (contract_id, received_on);
"""


def lean_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(LEAN_SCHEMA)
    conn.close()


def plain_load(db_path: Path, folder: Path, batch: int = 5000, foreign_keys: bool = True) -> dict[str, int]:
    """The baseline: csv.reader -> sqlite3 executemany, one transaction, the app's pragmas."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode=WAL", f"foreign_keys={'ON' if foreign_keys else 'OFF'}", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    counts = {}
    conn.execute("BEGIN")
    for name, (sql, convert) in _PLAIN.items():
        n = 0
        with open(folder / name, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            rows: list[tuple] = []
            for r in reader:
                rows.append(convert(r))
                if len(rows) >= batch:
                    conn.executemany(sql, rows)
                    n += len(rows)
                    rows = []
            conn.executemany(sql, rows)
            n += len(rows)
        counts[name] = n
    conn.execute("COMMIT")
    conn.close()
    return counts


def fresh_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--activities", type=int, default=1_000_000)
    ap.add_argument("--scale", type=int, default=160, help="org scale: 120×S customers, ~7×√S reps")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    ap.add_argument("--profile", action="store_true", help="print the importer's cProfile top functions")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="salesbot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bundle = work / "bundle"

    t = time.perf_counter()
    counts = generate_bundle(bundle, seed=11, today=date(2026, 11, 20), scale=args.scale,
                             activities=args.activities, tz=TZ)
    gen = time.perf_counter() - t
    size = sum(f.stat().st_size for f in bundle.glob("*.csv")) / 1e6
    print(f"bundle: {', '.join(f'{v:,} {k}' for k, v in counts.items())} ({size:.0f} MB) generated in {gen:.1f} s")

    for f in ("plain.db", "lean.db", "import.db"):
        for suffix in ("", "-wal", "-shm"):
            (work / (f + suffix)).unlink(missing_ok=True)
    fresh_db(work / "plain.db")
    t, c = time.perf_counter(), time.process_time()
    plain_counts = plain_load(work / "plain.db", bundle)
    plain, plain_cpu = time.perf_counter() - t, time.process_time() - c
    lean_db(work / "lean.db")
    t, c = time.perf_counter(), time.process_time()
    lean_counts = plain_load(work / "lean.db", bundle, foreign_keys=False)
    lean, lean_cpu = time.perf_counter() - t, time.process_time() - c
    assert lean_counts == plain_counts

    engine = make_engine(fresh_db(work / "import.db"))
    profiler = cProfile.Profile() if args.profile else None
    t, c = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    imported = import_bundle(engine, bundle, ZoneInfo(TZ))
    if profiler:
        profiler.disable()
    ours, ours_cpu = time.perf_counter() - t, time.process_time() - c
    engine.dispose()

    assert imported == plain_counts, (imported, plain_counts)
    rows = sum(imported.values())
    # wall time, and this process's CPU time (the fairer figure on a machine shared with other work)
    print(f"lean reference   : {lean:6.1f} s wall, {lean_cpu:6.1f} s CPU  ({rows / lean:,.0f} rows/s)  "
          "executemany, lean indexed schema, no FK")
    print(f"schema reference : {plain:6.1f} s wall, {plain_cpu:6.1f} s CPU  ({rows / plain:,.0f} rows/s)  "
          "executemany into the app's schema")
    print(f"salesbot import  : {ours:6.1f} s wall, {ours_cpu:6.1f} s CPU  ({rows / ours:,.0f} rows/s)")
    print(f"ratio to lean    : {ours / lean:.2f}x wall, {ours_cpu / lean_cpu:.2f}x CPU  (goal: within 2x) "
          f"{'OK' if ours_cpu <= 2 * lean_cpu else 'SLOW'}")
    print(f"ratio to schema  : {ours / plain:.2f}x wall, {ours_cpu / plain_cpu:.2f}x CPU")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())
    if not args.keep:
        for f in sorted(work.rglob("*"), reverse=True):
            f.unlink() if f.is_file() else f.rmdir()
        work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
