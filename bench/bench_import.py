"""Import benchmark (issue 2): a generated bundle of 1,000,000 activities (and a scaled-up org),
loaded side by side into fresh SQLite files by

  1. `salesbot import` (storage.bundle.import_bundle: every row checked, one transaction), and
  2. a plain sqlite3 `executemany` of the same rows into the same schema (same tables, indexes,
     foreign keys and pragmas), values passed through as written, `*_on` columns sliced from the
     local timestamps, amounts ×100 - the least work that stores the same facts.

Prints the time of each and the ratio (the goal is within 3×).

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
    "contacts.csv": ("INSERT INTO contacts (id, customer_id, name, title, phone) VALUES (?, ?, ?, ?, ?)",
                     lambda r: tuple(r)),
    "deals.csv": ("INSERT INTO deals (id, customer_id, title, owner_id, amount_cents, currency, expected_close, "
                  "created_at, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  lambda r: (r[0], r[1], r[2], _nz(r[3]), _cents(r[4]), r[5], _nz(r[6]), r[7], r[7][:10])),
    "deal_events.csv": ("INSERT INTO deal_events (deal_id, at, on_date, stage, amount_cents, by) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        lambda r: (r[0], r[1], r[1][:10], r[2], _cents(r[3]), _nz(r[4]))),
    "activities.csv": ("INSERT INTO activities (id, user_id, customer_id, contact_id, kind, occurred_at, "
                       "occurred_on, summary, next_step, followup_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       lambda r: (r[0], r[1], r[2], _nz(r[3]), r[4], r[5], r[5][:10], r[6], r[7], _nz(r[8]))),
    "targets.csv": ('INSERT INTO targets (user_id, metric, start, "end", value) VALUES (?, ?, ?, ?, ?)',
                    lambda r: (r[0], r[1], r[2], r[3], float(r[4]))),
}


def plain_load(db_path: Path, folder: Path, batch: int = 5000) -> dict[str, int]:
    """The baseline: csv.reader -> sqlite3 executemany, one transaction, same pragmas as the app."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
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

    for f in ("plain.db", "import.db"):
        for suffix in ("", "-wal", "-shm"):
            (work / (f + suffix)).unlink(missing_ok=True)
    fresh_db(work / "plain.db")
    t = time.perf_counter()
    plain_counts = plain_load(work / "plain.db", bundle)
    plain = time.perf_counter() - t

    engine = make_engine(fresh_db(work / "import.db"))
    profiler = cProfile.Profile() if args.profile else None
    t = time.perf_counter()
    if profiler:
        profiler.enable()
    imported = import_bundle(engine, bundle, ZoneInfo(TZ))
    if profiler:
        profiler.disable()
    ours = time.perf_counter() - t
    engine.dispose()

    assert imported == plain_counts, (imported, plain_counts)
    rows = sum(imported.values())
    print(f"plain sqlite3 executemany : {plain:6.1f} s  ({rows / plain:,.0f} rows/s)")
    print(f"salesbot import           : {ours:6.1f} s  ({rows / ours:,.0f} rows/s)")
    print(f"ratio                     : {ours / plain:.2f}x  (goal: within 3x) {'OK' if ours <= 3 * plain else 'SLOW'}")
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
