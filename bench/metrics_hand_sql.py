"""Hand-written SQLite for the benchmark's questions: the SQL one would write by hand for the
generated org (no rows dated after now, no reopened deals, USD the only foreign currency),
each returning [(label, value)] like storage.metrics.compute() does."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

TEAM = ("WITH RECURSIVE team(id) AS (SELECT :asker UNION "
        "SELECT u.id FROM users u JOIN team t ON u.manager_id = t.id) ")
STAGE_NOW = ("(SELECT e.stage FROM deal_events e WHERE e.deal_id = d.id AND e.at <= :now "
             "ORDER BY e.at DESC LIMIT 1)")
BASE = "CASE d.currency WHEN 'USD' THEN d.amount_cents * 7.2 ELSE d.amount_cents END"
WON_ON = ("(SELECT deal_id, max(on_date) AS won_on FROM deal_events WHERE stage = 'won' AND at <= :now "
          "GROUP BY deal_id)")
KINDS = ("visit", "call", "meeting", "demo", "message")
OPEN = ("lead", "qualified", "proposal", "negotiation")


def _now(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _fill(rows: dict, labels: list[str], zero=0) -> list[tuple[str, float | None]]:
    return [(k, rows.get(k, zero)) for k in labels]


def _days(a: str, b: str) -> list[str]:
    d, end, out = date.fromisoformat(a), date.fromisoformat(b), []
    while d <= end:
        out.append(d.isoformat())
        d += timedelta(days=1)
    return out


def activities_month_by_rep(db: sqlite3.Connection, asker: str, now: datetime):
    return db.execute(
        "SELECT u.name, (SELECT count(*) FROM activities a WHERE a.user_id = u.id "
        "AND a.occurred_on BETWEEN '2026-11-01' AND '2026-11-20') FROM users u WHERE u.role = 'rep' ORDER BY u.id",
    ).fetchall()


def visits_week_rep(db, asker, now):
    n = db.execute("SELECT count(*) FROM activities WHERE user_id = ? AND kind = 'visit' "
                   "AND occurred_on BETWEEN '2026-11-16' AND '2026-11-20'", (asker,)).fetchone()[0]
    return [("", n)]


def visits_weekly_team(db, asker, now):
    rows = dict(db.execute(
        TEAM + "SELECT date(occurred_on, 'weekday 0', '-6 days') AS w, count(*) FROM activities "
        "WHERE user_id IN (SELECT id FROM team) AND kind = 'visit' "
        "AND occurred_on BETWEEN '2026-09-28' AND '2026-11-20' GROUP BY w", {"asker": asker}).fetchall())
    return _fill(rows, _days("2026-09-28", "2026-11-20")[::7])


def kinds_tier_a(db, asker, now):
    rows = dict(db.execute(
        "SELECT a.kind, count(*) FROM activities a JOIN customers c ON c.id = a.customer_id "
        "WHERE c.tier = 'A' AND a.occurred_on BETWEEN '2026-10-01' AND '2026-11-20' GROUP BY a.kind").fetchall())
    return _fill(rows, list(KINDS))


def activities_daily_team(db, asker, now):
    rows = dict(db.execute(
        TEAM + "SELECT occurred_on, count(*) FROM activities WHERE user_id IN (SELECT id FROM team) "
        "AND occurred_on BETWEEN '2026-11-07' AND '2026-11-20' GROUP BY occurred_on", {"asker": asker}).fetchall())
    return _fill(rows, _days("2026-11-07", "2026-11-20"))


def won_amount_monthly(db, asker, now):
    rows = db.execute(
        f"SELECT strftime('%Y-%m', w.won_on) AS m, SUM({BASE}) FROM deals d JOIN {WON_ON} w ON w.deal_id = d.id "
        f"WHERE w.won_on BETWEEN '2026-06-01' AND '2026-11-20' AND {STAGE_NOW} = 'won' GROUP BY m",
        {"now": _now(now)}).fetchall()
    return _fill({m: round(v / 100, 2) for m, v in rows}, [f"2026-{m:02d}" for m in range(6, 12)], 0.0)


def win_rate_by_rep_team(db, asker, now):
    rows = db.execute(
        TEAM + f", cur AS (SELECT d.id, d.owner_id, {STAGE_NOW} AS stage FROM deals d "
        "WHERE d.owner_id IN (SELECT id FROM team)), "
        "closed AS (SELECT cur.owner_id, cur.stage, (SELECT max(e.on_date) FROM deal_events e WHERE "
        "e.deal_id = cur.id AND e.stage = cur.stage AND e.at <= :now) AS closed_on FROM cur "
        "WHERE cur.stage IN ('won', 'lost')) "
        "SELECT u.name, SUM(c.stage = 'won'), COUNT(c.stage) FROM users u LEFT JOIN closed c ON c.owner_id = u.id "
        "AND c.closed_on BETWEEN '2026-10-01' AND '2026-11-20' WHERE u.role = 'rep' "
        "AND u.id IN (SELECT id FROM team) GROUP BY u.id ORDER BY u.id", {"asker": asker, "now": _now(now)})
    return [(name, won / n if n else None) for name, won, n in rows]


def pipeline_by_stage(db, asker, now):
    rows = dict(db.execute(
        f"SELECT stage, SUM(base) FROM (SELECT {BASE} AS base, {STAGE_NOW} AS stage FROM deals d "
        "WHERE d.created_at <= :now) WHERE stage IN ('lead', 'qualified', 'proposal', 'negotiation') GROUP BY stage",
        {"now": _now(now)}).fetchall())
    return [(s, round(rows.get(s, 0) / 100, 2)) for s in OPEN]


def new_leads_by_source(db, asker, now):
    return db.execute("SELECT source, count(*) FROM customers WHERE created_on BETWEEN '2026-01-01' AND '2026-11-20' "
                      "GROUP BY source ORDER BY source").fetchall()


def inactive_reps(db, asker, now):
    out = []
    for name, last in db.execute(
            "SELECT u.name, (SELECT max(a.occurred_on) FROM activities a WHERE a.user_id = u.id "
            "AND a.occurred_on <= '2026-11-20') FROM users u WHERE u.role = 'rep' ORDER BY u.id"):
        if last is None:
            out.append((name, None))
        elif last < "2026-11-18":
            out.append((name, (date(2026, 11, 20) - date.fromisoformat(last)).days))
    return out


def overdue_by_rep(db, asker, now):
    return db.execute(
        "SELECT u.name, count(c.id) FROM users u LEFT JOIN customers c ON c.owner_id = u.id AND "
        "(SELECT a.followup_date FROM activities a WHERE a.customer_id = c.id "
        "ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1) < '2026-11-20' "
        "WHERE u.role = 'rep' GROUP BY u.id ORDER BY u.id").fetchall()


def attainment_by_rep_team(db, asker, now):
    rows = db.execute(
        TEAM + f", won AS (SELECT d.owner_id, SUM({BASE}) AS cents FROM deals d JOIN {WON_ON} w ON w.deal_id = d.id "
        f"WHERE d.owner_id IN (SELECT id FROM team) AND w.won_on BETWEEN '2026-11-01' AND '2026-11-20' "
        f"AND {STAGE_NOW} = 'won' GROUP BY d.owner_id), "
        "tg AS (SELECT user_id, SUM(value) AS v FROM targets WHERE metric = 'won_amount' "
        "AND start <= '2026-11-20' AND \"end\" >= '2026-11-01' GROUP BY user_id) "
        "SELECT u.name, won.cents, tg.v FROM users u LEFT JOIN won ON won.owner_id = u.id "
        "LEFT JOIN tg ON tg.user_id = u.id WHERE u.role = 'rep' AND u.id IN (SELECT id FROM team) ORDER BY u.id",
        {"asker": asker, "now": _now(now)})
    return [(name, (cents or 0) / 100 / v if v else None) for name, cents, v in rows]


HAND: dict[str, Callable] = {
    "activities this month by rep": activities_month_by_rep,
    "visits this week (a rep)": visits_week_rep,
    "visits weekly, a director": visits_weekly_team,
    "activities by kind, tier A, quarter": kinds_tier_a,
    "activities daily, a manager": activities_daily_team,
    "won amount monthly": won_amount_monthly,
    "win rate by rep, quarter, a manager": win_rate_by_rep_team,
    "pipeline by stage": pipeline_by_stage,
    "new leads by source, this year": new_leads_by_source,
    "inactive reps, last 3 days": inactive_reps,
    "overdue follow-ups by rep": overdue_by_rep,
    "target attainment by rep, a manager": attainment_by_rep_team,
}
