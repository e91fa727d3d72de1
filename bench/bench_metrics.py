"""Metrics benchmark (issue 4): storage.metrics.compute() against hand-written SQL for the
same answers, side by side on one indexed SQLite file of a generated org (~50 reps under
managers two levels deep, ~20k customers, ~5k deals with stage histories, 1,000,000
activities over a year, monthly targets).

For each query it checks that both give the same answer, then prints the median time of
each (best of alternating runs) and the ratio (goal: compute() within 1.5x), and the peak Python memory of compute()
(tracemalloc) to show that no rows are loaded into Python.

    .venv/bin/python bench/bench_metrics.py [--db PATH] [--activities N] [--repeat R] [--regenerate]
                                            [--postgres URL]
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.metrics_hand_sql import HAND  # noqa: E402
from domain.settings import OrgSettings  # noqa: E402
from domain.types import Filters, MetricQuery, Period  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from storage.metrics import compute  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)
TODAY = NOW.date()
KINDS = ("visit", "call", "meeting", "demo", "message")
STAGES = ("lead", "qualified", "proposal", "negotiation")
SOURCES = ("官网", "展会", "转介绍", "电话营销", "老客户", "公众号")
REGIONS = ("华东", "华南", "华北", "华中", "西南")
INDUSTRIES = ("制造", "医疗", "教育", "消费", "物流", "能源", "软件")


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(path: Path, n_activities: int, seed: int = 7) -> None:
    """A realistic org written with executemany into a migrated SQLite file."""
    if path.exists():
        path.unlink()
    upgrade(make_engine(f"sqlite:///{path}"))
    rnd = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    users = [("U00", "管理员", "admin", None, None)]
    users += [(f"D{i}", f"总监{i}", "manager", None, "U00") for i in (1, 2)]
    reps: list[str] = []
    for m in range(5):
        mid = f"M{m + 1}"
        users.append((mid, f"经理{m + 1}", "manager", f"第{m + 1}组", f"D{m % 2 + 1}"))
        for r in range(10):
            rid = f"R{m * 10 + r + 1:02d}"
            reps.append(rid)
            users.append((rid, f"销售{m * 10 + r + 1:02d}", "rep", f"第{m + 1}组", mid))
    db.executemany("INSERT INTO users (id, name, role, team, manager_id) VALUES (?, ?, ?, ?, ?)", users)

    start = NOW - timedelta(days=365)
    customers, owned = [], {r: [] for r in reps}
    for i in range(20_000):
        cid = f"C{i + 1:06d}"
        owner = None if rnd.random() < 0.1 else rnd.choice(reps)
        at = start + timedelta(minutes=rnd.randrange(365 * 24 * 60))
        customers.append((cid, f"客户{i + 1}", "", rnd.choice("ABC"), rnd.choice(INDUSTRIES), rnd.choice(REGIONS),
                          rnd.choice(SOURCES), owner, _utc(at), at.astimezone(TZ).date().isoformat()))
        if owner:
            owned[owner].append(cid)
    db.executemany("INSERT INTO customers (id, name, aliases, tier, industry, region, source, owner_id, created_at, "
                   "created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", customers)

    deals, events = [], []
    for i in range(5_000):
        rep = rnd.choice(reps)
        cid = rnd.choice(owned[rep])
        created = start + timedelta(minutes=rnd.randrange(350 * 24 * 60))
        amount = rnd.randrange(10_000, 2_000_000) * 100
        cur = "USD" if rnd.random() < 0.03 else "CNY"
        did = f"D{i + 1:05d}"
        at, path_ = created, ["lead"]
        fate = rnd.random()
        final = "won" if fate < 0.3 else "lost" if fate < 0.5 else rnd.choice(STAGES)
        for s in STAGES[1:]:
            if final in ("won", "lost") or STAGES.index(s) <= STAGES.index(final):
                path_.append(s)
            if s == final:
                break
        if final in ("won", "lost"):
            path_.append(final)
        for k, stage in enumerate(path_):
            if k:
                at = at + timedelta(hours=rnd.randrange(24, 24 * 20))
            if at > NOW:
                break
            events.append((did, _utc(at), at.astimezone(TZ).date().isoformat(), stage, amount if k == 0 else None, rep))
        close = (created + timedelta(days=rnd.randrange(20, 200))).astimezone(TZ).date().isoformat()
        deals.append((did, cid, f"商机{i + 1}", rep, amount, cur, close, _utc(created),
                      created.astimezone(TZ).date().isoformat()))
    db.executemany("INSERT INTO deals (id, customer_id, title, owner_id, amount_cents, currency, expected_close, "
                   "created_at, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", deals)
    db.executemany("INSERT INTO deal_events (deal_id, at, on_date, stage, amount_cents, by) VALUES (?, ?, ?, ?, ?, ?)",
                   events)

    targets = []
    for rep in reps:
        for k in range(12):
            y, m = (2026, k + 1)
            end = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            targets.append((rep, "won_amount", date(y, m, 1).isoformat(), end.isoformat(), 300000.0))
    db.executemany('INSERT INTO targets (user_id, metric, start, "end", value) VALUES (?, ?, ?, ?, ?)', targets)

    quiet = {reps[3]: NOW - timedelta(days=9), reps[17]: NOW - timedelta(days=5), reps[29]: start}
    active = [r for r in reps if r != reps[41]]  # one rep never logs anything
    per_day = n_activities // 365
    n = 0
    batch = []
    for day in range(365):
        base = start + timedelta(days=day)
        for _ in range(per_day if day < 364 else n_activities - per_day * 364):
            rep = rnd.choice(active)
            at = base + timedelta(minutes=rnd.randrange(24 * 60))
            if at > NOW:
                at = NOW - timedelta(minutes=rnd.randrange(1, 600))
            if rep in quiet and at > quiet[rep]:
                rep = reps[0]
            cid = rnd.choice(owned[rep]) if rnd.random() < 0.95 else f"C{rnd.randrange(1, 20_001):06d}"
            n += 1
            fu = (at + timedelta(days=rnd.randrange(1, 15))).astimezone(TZ).date().isoformat() \
                if rnd.random() < 0.3 else None
            batch.append((f"A{n:07d}", rep, cid, rnd.choice(KINDS), _utc(at), at.astimezone(TZ).date().isoformat(),
                          "", "", fu))
        if len(batch) >= 50_000 or day == 364:
            db.executemany("INSERT INTO activities (id, user_id, customer_id, kind, occurred_at, occurred_on, summary, "
                           "next_step, followup_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch = []
    db.commit()
    db.execute("ANALYZE")
    db.close()


def p(a: str, b: str) -> Period:
    return Period(start=date.fromisoformat(a), end=date.fromisoformat(b))


MONTH, WEEK, QUARTER = p("2026-11-01", "2026-11-20"), p("2026-11-16", "2026-11-20"), p("2026-10-01", "2026-11-20")
QUERIES: list[tuple[str, str, MetricQuery]] = [
    ("activities this month by rep", "U00", MetricQuery(metric="activities", period=MONTH, group_by="rep")),
    ("visits this week (a rep)", "R05", MetricQuery(metric="visits", period=WEEK)),
    ("visits weekly, a director", "D1", MetricQuery(metric="visits", period=p("2026-09-28", "2026-11-20"),
                                                     group_by="week")),
    ("activities by kind, tier A, quarter", "U00", MetricQuery(metric="activities", period=QUARTER, group_by="kind",
                                                               filters=Filters(tier="A"))),
    ("activities daily, a manager", "M2", MetricQuery(metric="activities", period=p("2026-11-07", "2026-11-20"),
                                                      group_by="day")),
    ("won amount monthly", "U00", MetricQuery(metric="won_amount", period=p("2026-06-01", "2026-11-20"),
                                              group_by="month")),
    ("win rate by rep, quarter, a manager", "M3", MetricQuery(metric="win_rate", period=QUARTER, group_by="rep")),
    ("pipeline by stage", "U00", MetricQuery(metric="pipeline_amount", group_by="stage")),
    ("new leads by source, this year", "U00", MetricQuery(metric="new_leads", period=p("2026-01-01", "2026-11-20"),
                                                          group_by="source")),
    ("inactive reps, last 3 days", "U00", MetricQuery(metric="inactive_reps", period=p("2026-11-18", "2026-11-20"))),
    ("overdue follow-ups by rep", "U00", MetricQuery(metric="overdue_followups", group_by="rep")),
    ("target attainment by rep, a manager", "M1", MetricQuery(metric="target_attainment", period=MONTH,
                                                              group_by="rep")),
]


def best_times(fn_a, fn_b, repeat: int) -> tuple[float, float]:
    """The best of `repeat` alternating runs of each (the machine is shared: the minimum is
    the least disturbed measure)."""
    ta, tb = [], []
    for _ in range(repeat):
        for fn, out in ((fn_a, ta), (fn_b, tb)):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return min(ta), min(tb)


def answer_rows(ans) -> list[tuple[str, float | None]]:
    if ans.series is None:
        return [("", ans.value)]
    return [(s.label, s.value) for s in ans.series]


def same(a: list, b: list) -> bool:
    if len(a) != len(b):
        return False
    for (la, va), (lb, vb) in zip(a, b, strict=True):
        if la != lb or (va is None) != (vb is None) or (va is not None and abs(va - vb) > 0.005):
            return False
    return True


COPIED = (("users", "id,name,role,team,manager_id"),
          ("customers", "id,name,aliases,tier,industry,region,source,owner_id,created_at,created_on"),
          ("deals", "id,customer_id,title,owner_id,amount_cents,currency,expected_close,created_at,created_on"),
          ("deal_events", "deal_id,at,on_date,stage,amount_cents,by"),
          ("targets", 'user_id,metric,start,"end",value'),
          ("activities", "id,user_id,customer_id,kind,occurred_at,occurred_on,summary,next_step,followup_date"))


def cross_check_postgres(url: str, sqlite_path: Path, sqlite_engine, repeat: int) -> None:
    """Copy the org into a fresh schema of the PostgreSQL at `url` (COPY), then check that
    compute() answers every query there exactly as on SQLite, and time it."""
    import uuid

    from sqlalchemy import create_engine, text

    from storage.db import normalise_url

    schema = "bench_" + uuid.uuid4().hex[:8]
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    pg = make_engine(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        upgrade(pg)
        src = sqlite3.connect(sqlite_path)
        t = time.perf_counter()
        with pg.begin() as c:
            cur = c.connection.driver_connection.cursor()
            for table, cols in COPIED:
                stamps = [i for i, col in enumerate(cols.split(",")) if col in ("created_at", "at", "occurred_at")]
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
                    for row in src.execute(f"SELECT {cols} FROM {table}"):
                        cp.write_row([f"{v}+00" if i in stamps else v for i, v in enumerate(row)])
            cur.execute("ANALYZE")
        print(f"\nPostgreSQL: copied the org in {time.perf_counter() - t:.1f}s")
        org = OrgSettings()
        for name, asker, q in QUERIES:
            on_pg = compute(pg, q, asker, NOW, org)
            same_answer = on_pg == compute(sqlite_engine, q, asker, NOW, org)
            tp = best_times(lambda q=q, asker=asker: compute(pg, q, asker, NOW, org), lambda: None, repeat)[0]
            print(f"{name:40s} {tp * 1000:8.1f}ms  same answer as SQLite: {'yes' if same_answer else 'NO'}")
    finally:
        pg.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/salesbot-bench-metrics.db")
    ap.add_argument("--activities", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--postgres", metavar="URL", help="also check and time the answers on this PostgreSQL")
    ap.add_argument("--only", default="", help="run the queries whose name contains this")
    a = ap.parse_args()
    path = Path(a.db)
    if a.regenerate or not path.exists():
        t = time.perf_counter()
        generate(path, a.activities)
        print(f"generated {path} in {time.perf_counter() - t:.1f}s")
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)  # brings an older file up to the metric indexes
    raw = sqlite3.connect(path)
    raw.execute("ANALYZE")
    n = raw.execute("SELECT count(*) FROM activities").fetchone()[0]
    print(f"{n:,} activities; now = {NOW.isoformat()}; best of {a.repeat} alternating runs\n")
    org = OrgSettings()
    print(f"{'query':40s} {'compute':>9s} {'hand SQL':>9s} {'ratio':>6s} {'peak mem':>9s}  same")
    ratios, worst_mem = [], 0
    for name, asker, q in QUERIES:
        if a.only not in name:
            continue
        hand = HAND[name]
        got = answer_rows(compute(engine, q, asker, NOW, org))  # warm up (and compare)
        want = hand(raw, asker, NOW)
        tc, th = best_times(lambda q=q, asker=asker: compute(engine, q, asker, NOW, org),
                            lambda hand=hand, asker=asker: hand(raw, asker, NOW), a.repeat)
        tracemalloc.start()
        compute(engine, q, asker, NOW, org)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        worst_mem = max(worst_mem, peak)
        ok = same(got, want)
        ratios.append(tc / th)
        print(f"{name:40s} {tc * 1000:8.1f}ms {th * 1000:8.1f}ms {tc / th:5.2f}x {peak / 1024:7.0f}KB  "
              f"{'yes' if ok else 'NO: ' + repr(got[:3]) + ' vs ' + repr(want[:3])}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\ngeometric mean ratio {statistics.geometric_mean(ratios):.2f}x, worst {max(ratios):.2f}x; "
          f"peak Python memory of one compute() {worst_mem / 1024:.0f}KB; process peak RSS {rss:.0f}MB")
    if a.postgres:
        cross_check_postgres(a.postgres, path, engine, a.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
