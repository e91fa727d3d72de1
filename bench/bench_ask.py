"""Ask benchmark (issues 4, 10): metric, list and comparison questions on a generated org of 1,000,000 activities.

Side by side, in one warm process, on the same indexed SQLite file:

  1. `answer_question` (bot.answering): vocabulary, understanding, the metrics layer's SQL
     (visibility, filters, grouping, labels), the answer text and the chart PNG written to disk;
  2. hand-written SQL for the same numbers through plain sqlite3, plus one matplotlib savefig
     of a bar/line chart of the same size with the same font.

List questions (a customer's activities, a rep's day, overdue follow-ups, deals closing this month)
are compared with hand-written SQL doing the same work as the list: the asker's role read first
(ours decides visibility from it; the admin sees everyone, so neither side filters by user), the
rows as of now (no activity after now, a deal's stage as of now with ties by id), names joined,
the check-in label of each activity, amounts in the base currency, the list's order, LIMIT 500,
and the number of all rows counted when the cut is reached (follow-ups: a window count, as ours).
Comparisons (环比, vs last week) are compared with the two hand-written counts and a two-bar savefig.

Runs of ours and of the hand-written baseline alternate, so both see the same load; each figure is
the median of the runs. For each question it prints ours, the baseline and the ratio (goal ≤ 1.5×
for lists and comparisons), then the worst and median ratio of the lists and comparisons, and
memory: the Python allocation peak of one answer (tracemalloc) and the process RSS, to show that
no rows are loaded into Python.

    .venv/bin/python bench/bench_ask.py [--activities N] [--scale S] [--db FILE] [--runs R]
"""

from __future__ import annotations

import argparse
import io
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from bot.answering import answer_question  # noqa: E402
from charts.fonts import FONT_FAMILIES  # noqa: E402
from domain.settings import Settings  # noqa: E402
from storage.bundle import import_bundle  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from storage.demo_data import generate_bundle  # noqa: E402

TODAY = date(2026, 11, 20)
NOW = datetime.fromisoformat("2026-11-20T18:00:00+08:00")

# question, hand-written SQL (sqlite3 parameters), chart type of the baseline
VISITS_BY_REP = """
SELECT u.name, COUNT(a.id) FROM users u
LEFT JOIN activities a ON a.user_id = u.id AND a.kind = 'visit' AND a.occurred_on BETWEEN ? AND ?
WHERE u.role = 'rep' GROUP BY u.id, u.name ORDER BY u.name"""
WEEKLY_ACTIVITIES = """
SELECT date(occurred_on, '-' || ((CAST(strftime('%w', occurred_on) AS INTEGER) + 6) % 7) || ' days') AS wk,
       COUNT(*) FROM activities WHERE occurred_on BETWEEN ? AND ? GROUP BY wk ORDER BY wk"""
KIND_MIX = """
SELECT kind, COUNT(*) FROM activities WHERE occurred_on BETWEEN ? AND ? GROUP BY kind ORDER BY kind"""
CALLS_THIS_MONTH = """
SELECT COUNT(*) FROM activities WHERE kind = 'call' AND occurred_on BETWEEN ? AND ?"""
ROLE = "SELECT role FROM users WHERE id = ?"
CHECKIN = ("(SELECT k.label FROM checkins k WHERE k.activity_id = a.id "
           "ORDER BY k.at DESC, k.id DESC LIMIT 1)")
CUSTOMER_ACTIVITIES = f"""
SELECT a.id, a.occurred_on, u.name, c.name, a.kind, a.summary, a.next_step, {CHECKIN} FROM activities a
JOIN users u ON u.id = a.user_id JOIN customers c ON c.id = a.customer_id
WHERE a.customer_id = ? AND a.status = 'done' AND a.occurred_at <= ? ORDER BY a.occurred_at DESC, a.id DESC LIMIT 500"""
CUSTOMER_ACTIVITIES_COUNT = """
SELECT COUNT(*) FROM activities a WHERE a.customer_id = ? AND a.status = 'done' AND a.occurred_at <= ?"""
REP_DAY = f"""
SELECT a.id, a.occurred_on, u.name, c.name, a.kind, a.summary, a.next_step, {CHECKIN} FROM activities a
JOIN users u ON u.id = a.user_id JOIN customers c ON c.id = a.customer_id
WHERE a.user_id = ? AND a.occurred_on BETWEEN ? AND ? AND a.status = 'done' AND a.occurred_at <= ?
ORDER BY a.occurred_at DESC, a.id DESC LIMIT 500"""
REP_DAY_COUNT = """
SELECT COUNT(*) FROM activities a
WHERE a.user_id = ? AND a.occurred_on BETWEEN ? AND ? AND a.status = 'done' AND a.occurred_at <= ?"""
OVERDUE_FOLLOWUPS = """
SELECT id, name, owner_id, CASE WHEN f < ? AND (pl IS NULL OR f <= pl) THEN f ELSE pl END AS due, COUNT(*) OVER () FROM (
  SELECT c.id, c.name, c.owner_id,
    (SELECT a.followup_date FROM activities a WHERE a.customer_id = c.id AND a.status = 'done' AND a.occurred_at <= ?
       ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1) AS f,
    (SELECT MIN(p.occurred_on) FROM activities p WHERE p.customer_id = c.id AND +p.status = 'planned'
       AND p.occurred_on < ?) AS pl
  FROM customers c)  -- the admin sees the pool's customers too
WHERE f < ? OR pl IS NOT NULL ORDER BY due, id LIMIT 500"""
STAGE_AS_OF_NOW = ("(SELECT e.stage FROM deal_events e WHERE e.deal_id = d.id AND e.at <= ? "
                   "ORDER BY e.at DESC, e.id DESC LIMIT 1)")
DEALS_CLOSING = f"""
SELECT d.id, d.title, c.name, u.name, CASE d.currency WHEN 'USD' THEN d.amount_cents * 7.2 ELSE d.amount_cents END
  AS amount, d.created_on, d.expected_close, {STAGE_AS_OF_NOW} AS stage
FROM deals d JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
WHERE d.expected_close BETWEEN ? AND ? AND stage NOT IN ('won', 'lost')
ORDER BY d.expected_close, amount DESC, d.id LIMIT 500"""
DEALS_CLOSING_COUNT = f"""
SELECT COUNT(*) FROM deals d WHERE d.expected_close BETWEEN ? AND ? AND {STAGE_AS_OF_NOW} NOT IN ('won', 'lost')"""
TWO_COUNTS = """
SELECT (SELECT COUNT(*) FROM activities WHERE kind = 'visit' AND status = 'done' AND occurred_on BETWEEN ? AND ?),
       (SELECT COUNT(*) FROM activities WHERE kind = 'visit' AND status = 'done' AND occurred_on BETWEEN ? AND ?)"""
TWO_ACTIVITY_COUNTS = """
SELECT (SELECT COUNT(*) FROM activities WHERE status = 'done' AND occurred_on BETWEEN ? AND ?),
       (SELECT COUNT(*) FROM activities WHERE status = 'done' AND occurred_on BETWEEN ? AND ?)"""
NOW_UTC = "2026-11-20 10:00:00.000000"
# question, hand-written SQL (sqlite3 parameters), chart type of the baseline, or for a list
# ("list", count SQL, its parameters): the count run when the 500-row cut is reached
CASES = [
    ("本月各销售拜访量", VISITS_BY_REP, ("2026-11-01", "2026-11-20"), "barh"),
    ("weekly activities", WEEKLY_ACTIVITIES, ("2026-09-28", "2026-11-20"), "line"),
    ("本季度各类型活动", KIND_MIX, ("2026-10-01", "2026-11-20"), "bar"),
    ("本月打了多少电话", CALLS_THIS_MONTH, ("2026-11-01", "2026-11-20"), None),
    ("本月拜访量环比", TWO_COUNTS, ("2026-11-01", "2026-11-20", "2026-10-01", "2026-10-20"), "pair"),
    ("activities this week vs last week", TWO_ACTIVITY_COUNTS, ("2026-11-16", "2026-11-20", "2026-11-09", "2026-11-13"),
     "pair"),
    ("哪些客户的跟进已经逾期了", OVERDUE_FOLLOWUPS, ("2026-11-20", NOW_UTC, "2026-11-20", "2026-11-20"), ("list", None, ())),
    ("本月要签的商机有哪些", DEALS_CLOSING, (NOW_UTC, "2026-11-01", "2026-11-30"),
     ("list", DEALS_CLOSING_COUNT, ("2026-11-01", "2026-11-30", NOW_UTC))),
]
KIND = {"本月拜访量环比": "compare", "activities this week vs last week": "compare"}


def named_cases(conn: sqlite3.Connection) -> list[tuple[str, str, tuple, object]]:
    """List questions that name someone of the generated org: a customer's activities, a rep's day."""
    cid, cname = conn.execute(
        "SELECT c.id, c.name FROM customers c WHERE c.owner_id IS NOT NULL ORDER BY c.id LIMIT 1").fetchone()
    uid, uname = conn.execute("SELECT id, name FROM users WHERE role = 'rep' ORDER BY id LIMIT 1").fetchone()
    day = (uid, "2026-11-20", "2026-11-20", NOW_UTC)
    return [(f"查一下{cname}的跟进记录", CUSTOMER_ACTIVITIES, (cid, NOW_UTC),
             ("list", CUSTOMER_ACTIVITIES_COUNT, (cid, NOW_UTC))),
            (f"{uname}今天干了啥", REP_DAY, day, ("list", REP_DAY_COUNT, day))]


def build_db(path: Path, activities: int, scale: int) -> None:
    with tempfile.TemporaryDirectory(prefix="salesbot-bench-ask-") as tmp:
        t = time.perf_counter()
        counts = generate_bundle(Path(tmp), seed=11, today=TODAY, scale=scale, activities=activities, now=NOW)
        print(f"generated {counts} in {time.perf_counter() - t:.1f}s")
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        t = time.perf_counter()
        import_bundle(engine, Path(tmp), Settings().org.tz)
        engine.dispose()
        print(f"imported into {path} in {time.perf_counter() - t:.1f}s")


def baseline(conn: sqlite3.Connection, sql: str, params: tuple, chart, out: Path, asker: str) -> None:
    if isinstance(chart, tuple):  # a list: who asks, the LIMITed rows, the count when the cut is reached
        conn.execute(ROLE, (asker,)).fetchone()
        rows = conn.execute(sql, params).fetchall()
        if len(rows) == 500 and chart[1] is not None:
            conn.execute(chart[1], chart[2]).fetchone()
        return
    rows = conn.execute(sql, params).fetchall()
    if chart is None:
        return
    labels = [str(r[0]) for r in rows]
    values = [r[1] for r in rows]
    with matplotlib.rc_context({"font.family": FONT_FAMILIES, "font.size": 20}):
        fig = Figure(figsize=(10.8, 7.2), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        if chart == "pair":
            labels, values = ["asked", "compared"], [rows[0][0], rows[0][1]]
            ax.bar(labels, values)
        elif chart == "barh":
            ax.barh(labels, values)
        elif chart == "line":
            ax.plot(labels, values, marker="o")
        else:
            ax.bar(labels, values)
        ax.set_title("baseline")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
    out.write_bytes(buf.getvalue())


def timed_pair(ours, base, runs: int) -> tuple[float, float, float, float]:
    """Median seconds of `ours` and of `base`, their runs alternating (both see the same load): wall
    time, then the CPU time of this thread (SQLite runs in it; a busy machine does not add to it)."""
    ours(), base()  # warm: caches, font, plans
    wall: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for i, fn in enumerate((ours, base)):
            t, c = time.perf_counter(), time.thread_time()
            fn()
            wall[i].append(time.perf_counter() - t)
            cpu[i].append(time.thread_time() - c)
    med = statistics.median
    return med(wall[0]), med(wall[1]), med(cpu[0]), med(cpu[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--activities", type=int, default=1_000_000)
    ap.add_argument("--scale", type=int, default=160, help="org scale (see storage.demo_data)")
    ap.add_argument("--db", type=Path, help="SQLite file to use (built when missing) — keep it between runs")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="salesbot-bench-ask-")) / "bench.db"
    if not db.exists():
        build_db(db, args.activities, args.scale)
    settings = Settings()
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)  # a kept file gets the indexes of newer migrations
    raw = sqlite3.connect(str(db))
    n_act = raw.execute("SELECT COUNT(*) FROM activities").fetchone()[0]
    n_users = raw.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    admin = raw.execute("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").fetchone()[0]
    print(f"database {db}: {n_act:,} activities, {n_users} users; asking as admin {admin}")
    charts = Path(tempfile.mkdtemp(prefix="salesbot-bench-charts-"))
    print(f"{'question':<34} {'kind':<8} {'ours':>10} {'hand SQL':>10} {'ratio':>6}   "
          f"{'ours CPU':>10} {'hand CPU':>10} {'ratio':>6}")
    ratios: dict[str, list[tuple[float, float]]] = {}
    for question, sql, params, chart in CASES + named_cases(raw):
        kind = KIND.get(question) or ("list" if isinstance(chart, tuple) else "metric")
        ours, base, ours_cpu, base_cpu = timed_pair(
            lambda q=question: answer_question(engine, settings, q, admin, NOW, charts),
            lambda s=sql, p=params, c=chart: baseline(raw, s, p, c, charts / "baseline.png", admin), args.runs)
        ratios.setdefault(kind, []).append((ours / base, ours_cpu / base_cpu))
        print(f"{question[:34]:<34} {kind:<8} {ours * 1000:>7.1f} ms {base * 1000:>7.1f} ms {ours / base:>5.2f}×   "
              f"{ours_cpu * 1000:>7.1f} ms {base_cpu * 1000:>7.1f} ms {ours_cpu / base_cpu:>5.2f}×")

    def summary(name: str, rs: list[tuple[float, float]]) -> None:
        wall, cpu = [r[0] for r in rs], [r[1] for r in rs]
        print(f"{name}: max ratio {max(wall):.2f}×, median ratio {statistics.median(wall):.2f}× "
              f"(CPU: max {max(cpu):.2f}×, median {statistics.median(cpu):.2f}×)")
    summary("lists and comparisons (goal ≤ 1.5× each)", ratios.get("list", []) + ratios.get("compare", []))
    if ratios.get("metric"):
        summary("metrics", ratios["metric"])
    tracemalloc.start()
    res = answer_question(engine, settings, CASES[0][0], admin, NOW, charts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: one answer allocates at most {peak / 1e6:.1f} MB in Python "
          f"({len(res.series or [])} rows of result over {n_act:,} activities); process max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
