"""`salesbot tick`: a simulated fortnight of the small team in tests/followthrough_support.py, day by
day, sends exactly the digests, reminders, escalations, pool warnings and returns and installment
reminders the settings imply (worked out by hand below), never twice — not on a second tick, not
after a restart (a fresh engine), not across two racing processes — and a missed morning is
caught up the same day."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select, text

from bot.tick_command import tick
from storage.db import make_engine
from storage.models import AuditEntry, OutboxItem
from tests.followthrough_support import at, load_team, say, summary, team_settings

REPO = Path(__file__).resolve().parents[1]

# What each day's 09:00 tick must do, by hand from TEAM and team_settings(digest=True):
# pool clocks — C1: last done 11-01 → back 11-08, but R1 taps "done" on its follow-up on 11-05 →
# back 11-12 (warned 11-10); C2: no activity, created 10-30 → warned 11-04, back 11-06; C3: last
# done 11-02 → warned 11-07 (Sat: the pool runs daily), back 11-09; C4: last done 11-02 → warned
# 11-07, then R2 taps "log a follow-up" on 11-07 → back 11-14 (warned 11-12); C5: claimed by R1
# on 11-10 → warned 11-15 (back 11-17). Reminders (working days only): R1's plan P3 of 11-03 is
# due every working day from 11-03 until R1 taps "done" on 11-13 (after that day's tick); C1's
# follow-up (11-04) on 11-04 and 11-05, closed by the tap; C4's follow-up (11-09) was closed on
# 11-07. Escalation after 2 days: P3 once, on 11-05. Installments: K1's 11-05 part is paid (11-04),
# its 11-12 part is not → R2 on 11-12; K2's 11-08 part (a Sunday) → R1 on 11-08. Digest: every
# working day at 08:30 to the one target chat.
FORTNIGHT: dict[str, list[tuple[str, str]]] = {
    "11-02": [("digest", "-1001")],
    "11-03": [("digest", "-1001"), ("reminder", "R1")],
    "11-04": [("digest", "-1001"), ("pool_warning", "R2"), ("reminder", "R1")],
    "11-05": [("digest", "-1001"), ("escalation", "M1"), ("reminder", "R1")],
    "11-06": [("digest", "-1001"), ("pool_return", "C2"), ("reminder", "R1")],
    "11-07": [("pool_warning", "R1"), ("pool_warning", "R2")],
    "11-08": [("installment", "R1")],
    "11-09": [("digest", "-1001"), ("pool_return", "C3"), ("reminder", "R1")],
    "11-10": [("digest", "-1001"), ("pool_warning", "R1"), ("reminder", "R1")],
    "11-11": [("digest", "-1001"), ("reminder", "R1")],
    "11-12": [("digest", "-1001"), ("installment", "R2"), ("pool_return", "C1"), ("pool_warning", "R2"),
              ("reminder", "R1")],
    "11-13": [("digest", "-1001"), ("reminder", "R1")],
    "11-14": [("pool_return", "C4")],
    "11-15": [("pool_warning", "R1")],
}


def _between_ticks(engine, settings, day: str) -> None:
    """What people do during the fortnight, after that day's morning tick."""
    if day == "11-03":  # 09:45: P3 (10:00) is less than 30 minutes away
        got = tick(engine, settings, at("11-03", "09:45"))
        assert summary(got) == [("reminder_soon", "R1")]
        assert "10:00" in got[0].text and "苏州恒通物流有限公司" in got[0].text
    if day == "11-05":
        say(engine, settings, "R1", at(day, "12:00"), press="rdone:f:A1")
    if day == "11-07":
        say(engine, settings, "R2", at(day, "10:00"), press="rlog:C4")
    if day == "11-10":
        replies = say(engine, settings, "R1", at(day, "12:00"), text="/claim 远航软件")
        assert "已认领" in replies[0].text
    if day == "11-13":
        say(engine, settings, "R1", at(day, "12:00"), press="rdone:p:P3")


def test_a_fortnight_sends_exactly_what_the_settings_imply(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    settings = team_settings(digest=True)
    counts: Counter = Counter()
    for day, expected in FORTNIGHT.items():
        assert tick(engine, settings, at(day, "07:59")) == [], day  # nothing before reminders.time
        got = tick(engine, settings, at(day, "09:00"))
        assert summary(got) == sorted(expected), day
        counts.update(job for job, _ in expected)
        engine.dispose()
        engine = make_engine(db_url)  # a restart: a new process sees the same stored markers
        assert tick(engine, settings, at(day, "09:01")) == [], day
        _between_ticks(engine, settings, day)
    assert counts == {"digest": 10, "reminder": 9, "escalation": 1, "pool_warning": 6, "pool_return": 4,
                      "installment": 2}
    with engine.connect() as conn:
        owners = dict(conn.execute(text("SELECT id, owner_id FROM customers")).all())
        returns = conn.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "pool_return")).scalar()
        keys = conn.execute(select(OutboxItem.key)).scalars().all()
        plan = conn.execute(text("SELECT status FROM activities WHERE id = 'P3'")).scalar()
    assert owners == {"C1": None, "C2": None, "C3": None, "C4": None, "C5": "R1"}
    assert returns == 4
    assert len(keys) == len(set(keys))
    assert plan == "done"
    engine.dispose()


def test_a_missed_morning_is_caught_up_the_same_day_and_not_the_next(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    settings = team_settings()
    # the process was down all of Wednesday morning: at 15:00 the day's messages still go out
    assert summary(tick(engine, settings, at("11-04", "15:00"))) == [("pool_warning", "R2"), ("reminder", "R1")]
    # Thursday's run does Thursday only (C2 was warned for 11-06 already)
    got = tick(engine, settings, at("11-05", "08:00"))
    assert summary(got) == [("escalation", "M1"), ("reminder", "R1")]
    engine.dispose()


def _tick_process(db_url: str, config: Path, now: str, out: list[str]) -> None:
    env = {**os.environ, "SALESBOT_CONFIG": str(config)}
    res = subprocess.run([sys.executable, "-m", "bot.cli", "--db", db_url, "--config", str(config), "tick",
                          "--now", now, "--json"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    out.extend(line for line in res.stdout.splitlines() if line.strip())


def test_two_racing_processes_queue_each_thing_once(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    config = tmp_path / "settings.toml"
    config.write_text('[pool]\nreturn_after_days = 7\nwarn_days = 2\nmax_private = 3\n'
                      '[reminders]\ntime = "08:00"\nescalate_after_days = 2\n[digest]\ntargets = []\n', encoding="utf-8")
    # Thursday 11-05 from a fresh start: C2 (back 11-06) is warned; R1 has P3 and C1's follow-up;
    # P3 (11-03) is 2 days overdue → M1. Friday 11-06: C2 returns; C1's follow-up (11-04) → M1; C1
    # (last done 11-01, nobody tapped anything here) is back on 11-08, so R1 is warned.
    expected = {"2026-11-05T09:00:00+08:00": [("escalation", "M1"), ("pool_warning", "R2"), ("reminder", "R1")],
                "2026-11-06T09:00:00+08:00": [("escalation", "M1"), ("pool_return", "C2"), ("pool_warning", "R1"),
                                              ("reminder", "R1")],
                # Thursday 11-12 (nothing ran in between): C1, C3, C4 are past their day; R1 still has P3
                # (shown to M1 already); K1's 11-12 part is unpaid → R2
                "2026-11-12T09:00:00+08:00": [("installment", "R2"), ("pool_return", "C1"), ("pool_return", "C3"),
                                              ("pool_return", "C4"), ("reminder", "R1")]}
    for now, want in expected.items():
        outs: list[list[str]] = [[], []]
        threads = [threading.Thread(target=_tick_process, args=(db_url, config, now, outs[i])) for i in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        lines = [json.loads(x) for x in outs[0] + outs[1]]
        assert sorted((d["job"], d.get("to") or d.get("customer_id")) for d in lines) == want, now
    with engine.connect() as conn:
        rows = conn.execute(select(OutboxItem.key).where(OutboxItem.channel != "job")).scalars().all()
        marks = conn.execute(select(OutboxItem.key).where(OutboxItem.channel == "job")).scalars().all()
        esc = conn.execute(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "escalate")).scalar()
        returns = conn.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "pool_return")).scalar()
    assert sorted(rows) == sorted(["poolwarn:R2:2026-11-05", "remind:R1:2026-11-05", "remind:M1:2026-11-05",
                                   "remind:R1:2026-11-06", "remind:M1:2026-11-06", "poolwarn:R1:2026-11-06",
                                   "remind:R1:2026-11-12", "inst:K1:2026-11-12"])
    assert len(marks) == 9  # pool, reminders, installments on each of the three days
    assert esc == 2  # P3 and A1's follow-up, each once
    assert returns == 4
    engine.dispose()


def test_tick_prints_one_json_line_per_thing(db_url, tmp_path, capsys):
    from bot.cli import main

    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    engine.dispose()
    config = tmp_path / "s.toml"
    config.write_text('[pool]\nreturn_after_days = 7\n[reminders]\ntime = "08:00"\n[digest]\ntargets = []\n',
                      encoding="utf-8")
    assert main(["--db", db_url, "--config", str(config), "tick", "--now", "2026-11-06T08:30:00+08:00", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {"job": "pool_return", "customer_id": "C2"} in lines
    reminder = next(d for d in lines if d["job"] == "reminder")
    assert set(reminder) == {"job", "to", "text"} and reminder["to"] == "R1"
    assert main(["--db", db_url, "--config", str(config), "tick", "--now", "2026-11-06T08:31:00+08:00", "--json"]) == 0
    assert capsys.readouterr().out == ""


def test_salesbot_run_schedule_runs_the_same_jobs(db_url, tmp_path):
    import asyncio

    from bot.context import AppContext
    from bot.scheduler import run_scheduler

    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    ctx = AppContext(settings=team_settings(), db_url=db_url, fixed_now=at("11-04", "09:00"))
    kicked: list[int] = []

    async def main() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(run_scheduler(ctx, stop, poll=0.05, on_queued=lambda: kicked.append(1)))
        await asyncio.sleep(0.5)  # several polls: the jobs run once
        stop.set()
        await task

    asyncio.run(main())
    with engine.connect() as conn:
        keys = sorted(conn.execute(select(OutboxItem.key).where(OutboxItem.channel != "job")).scalars())
    assert keys == ["poolwarn:R2:2026-11-04", "remind:R1:2026-11-04"]
    assert kicked == [1]
    assert tick(engine, team_settings(), at("11-04", "09:05")) == []
    ctx.engine.dispose()
    engine.dispose()


def test_scripted_days_with_tick_and_chat_jsonl(db_url, tmp_path, capsys):
    from bot.cli import main

    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    engine.dispose()
    config = tmp_path / "s.toml"
    config.write_text('[pool]\nreturn_after_days = 7\nwarn_days = 2\n[reminders]\ntime = "08:00"\n'
                      'escalate_after_days = 2\n[digest]\ntargets = []\n', encoding="utf-8")
    base = ["--db", db_url, "--config", str(config)]

    def day(now: str) -> list[tuple]:
        assert main([*base, "tick", "--now", now, "--json"]) == 0
        return sorted((d["job"], d.get("to") or d.get("customer_id"))
                      for d in map(json.loads, capsys.readouterr().out.splitlines()))

    assert day("2026-11-04T08:00:00+08:00") == [("pool_warning", "R2"), ("reminder", "R1")]
    script = tmp_path / "taps.jsonl"
    script.write_text('{"as": "R1", "now": "2026-11-04T09:00:00+08:00", "press": "rdone:p:P3"}\n'
                      '{"as": "R1", "press": "rpost:1:f:A1"}\n', encoding="utf-8")
    assert main([*base, "chat", "--jsonl", str(script)]) == 0
    replies = [json.loads(x)["replies"][0]["text"] for x in capsys.readouterr().out.splitlines()]
    assert replies == ["✅ 已完成：拜访 苏州恒通物流有限公司，记为今天的拜访。",
                       "📅 已推迟：杭州明德食品集团有限公司 · 跟进 → 11-05（周四）"]
    # Thursday: P3 is done, C1's follow-up is due today (not yet overdue): R1 only; nothing to escalate
    assert day("2026-11-05T08:00:00+08:00") == [("reminder", "R1")]
