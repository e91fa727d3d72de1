"""The daily digest: figures agree with the metrics layer, team filter, schedule exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.digest import DigestError, build_digest
from bot.scheduler import digest_key, due_digests, enqueue_due_digests, enqueue_due_nudges
from domain.settings import DigestTarget, load_settings
from domain.types import Filters, MetricQuery, Period
from storage.metrics import compute
from storage.models import OutboxItem, User
from tests.conftest import DEV_FIXTURE

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 19)


def _settings(**digest):
    s = load_settings()
    s.digest = s.digest.model_copy(update=digest)
    return s


@pytest.fixture
def fixture_engine(dev_engine):
    return dev_engine  # the dev fixture, imported once per session, a private copy per test


def test_digest_figures_agree_with_the_metrics_layer(fixture_engine):
    s = _settings()
    d = build_digest(fixture_engine, s, DAY, charts=False)
    now = datetime(2026, 11, 19, 23, 59, 59, tzinfo=TZ)
    one_day = Period(start=DAY, end=DAY)

    def ask(metric, period=one_day, group_by=None):
        return compute(fixture_engine, MetricQuery(metric=metric, period=period, group_by=group_by), "U00", now, s.org)

    visits = {p.label: p.value for p in ask("visits", group_by="rep").series}
    assert d.figures["visits"] == {k: int(v) for k, v in visits.items()}
    with fixture_engine.connect() as c:
        reps = set(c.execute(select(User.name).where(User.role == "rep")).scalars())
    assert set(d.figures["visits"]) == reps == set(d.figures["activities"])
    assert d.figures["won_amount"] == ask("won_amount").value
    assert d.figures["new_deals"] == ask("new_deals").value
    mtd = ask("target_attainment", Period(start=date(2026, 11, 1), end=DAY), "rep")
    assert d.figures["target_attainment"] == {p.label: round(p.value, 4) for p in mtd.series}
    before = compute(fixture_engine, MetricQuery(metric="pipeline_amount"), "U00", now - timedelta(days=1), s.org)
    assert d.figures["pipeline_change"] == round(ask("pipeline_amount", None).value - before.value, 2)
    inactive = {p.label for p in ask("inactive_reps").series}
    assert set(d.figures["inactive_reps"]) == inactive
    # the text states the figures
    assert f"拜访 {sum(d.figures['visits'].values())} 次" in d.text
    assert f"逾期跟进 {d.figures['overdue_followups']} 个客户" in d.text
    for name in d.figures["inactive_reps"]:
        assert name in d.text


def test_team_digest_shows_only_that_team(fixture_engine):
    s = _settings()
    whole = build_digest(fixture_engine, s, DAY, charts=False)
    south = build_digest(fixture_engine, s, DAY, "华南组", charts=False)
    east = build_digest(fixture_engine, s, DAY, "华东一组", charts=False)
    with fixture_engine.connect() as c:
        south_reps = set(c.execute(select(User.name).where(User.team == "华南组", User.role == "rep")).scalars())
    assert set(south.figures["visits"]) == south_reps
    assert not set(east.figures["visits"]) & south_reps
    assert south.text.startswith("📊 华南组")
    for rep, n in south.figures["activities"].items():
        assert whole.figures["activities"][rep] == n
    assert south.figures["pipeline_amount"] + east.figures["pipeline_amount"] <= whole.figures["pipeline_amount"]
    with pytest.raises(DigestError):
        build_digest(fixture_engine, s, DAY, "no such team", charts=False)


def test_english_digest_and_charts(fixture_engine, tmp_path):
    s = _settings()
    s.org = s.org.model_copy(update={"language": "en"})
    d = build_digest(fixture_engine, s, DAY, chart_dir=tmp_path)
    assert d.text.startswith("📊 Daily digest") and "Visits:" in d.text
    assert 1 <= len(d.chart_paths) <= 2
    for p in d.chart_paths:
        assert open(p, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_digest_command_json(tmp_path):
    db = f"sqlite:///{tmp_path / 'd.db'}"
    exe = [sys.executable, "-m", "bot.cli", "--db", db]
    assert subprocess.run(exe + ["import", str(DEV_FIXTURE)], capture_output=True).returncode == 0
    out = subprocess.run(exe + ["digest", "--date", "2026-11-19", "--team", "华东一组", "--json",
                                "--chart-dir", str(tmp_path / "c")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["date"] == "2026-11-19" and d["team"] == "华东一组"
    assert set(d) == {"text", "charts", "date", "team", "figures"}
    assert {"visits", "activities", "won_deals", "won_amount", "lost_deals", "new_deals", "pipeline_amount",
            "target_attainment", "overdue_followups", "inactive_reps", "won", "lost", "collected_amount",
            "overdue_receivables", "overdue_customers", "installments_due"} <= set(d["figures"])
    bad = subprocess.run(exe + ["digest", "--date", "19/11/2026"], capture_output=True, text=True)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr


def test_schedule_times_and_days():
    s = _settings(time="08:30", days=["mon", "tue", "wed", "thu", "fri"],
                  targets=[DigestTarget(channel="telegram", chat="-100", team=None)])
    fri = datetime(2026, 11, 20, 8, 29, tzinfo=TZ)
    assert due_digests(s, fri) == []
    assert due_digests(s, fri + timedelta(minutes=1)) == [(s.digest.targets[0], date(2026, 11, 19))]
    assert due_digests(s, datetime(2026, 11, 21, 9, 0, tzinfo=TZ)) == []  # Saturday
    # the zone is the org's: 00:35 UTC is 08:35 in Shanghai
    assert due_digests(s, datetime(2026, 11, 20, 0, 35, tzinfo=ZoneInfo("UTC")))


def _outbox_keys(engine):
    with engine.connect() as c:
        return sorted(c.execute(select(OutboxItem.key)).scalars())


def test_two_schedulers_racing_queue_one_digest(fixture_engine):
    s = _settings(targets=[DigestTarget(channel="telegram", chat="-100", team="华南组"),
                           DigestTarget(channel="wecom_robot", chat="http://127.0.0.1:1/hook", team=None)])
    now = datetime(2026, 11, 20, 8, 31, tzinfo=TZ)
    results: list[int] = []
    barrier = threading.Barrier(2)

    def race():
        barrier.wait()
        results.append(enqueue_due_digests(fixture_engine, s, now))

    threads = [threading.Thread(target=race) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 2  # two targets, each queued by exactly one scheduler
    keys = _outbox_keys(fixture_engine)
    main = [k for k in keys if k.count(":") == 4]
    assert sorted(main) == sorted(digest_key(t, DAY) for t in s.digest.targets)
    with fixture_engine.connect() as c:
        assert c.execute(select(func.count()).select_from(OutboxItem)).scalar_one() == len(keys)


def test_restart_after_the_time_sends_once_and_catches_up(fixture_engine):
    s = _settings(targets=[DigestTarget(channel="telegram", chat="-100", team=None)])
    assert enqueue_due_digests(fixture_engine, s, datetime(2026, 11, 20, 7, 0, tzinfo=TZ)) == 0
    # the process was down at 08:30 and comes back at 11:00: the digest goes out then
    assert enqueue_due_digests(fixture_engine, s, datetime(2026, 11, 20, 11, 0, tzinfo=TZ)) == 1
    # restarted again the same day: nothing more
    assert enqueue_due_digests(fixture_engine, s, datetime(2026, 11, 20, 11, 5, tzinfo=TZ)) == 0
    assert enqueue_due_digests(fixture_engine, s, datetime(2026, 11, 20, 17, 0, tzinfo=TZ)) == 0
    assert [k for k in _outbox_keys(fixture_engine) if k.count(":") == 4] == [digest_key(s.digest.targets[0], DAY)]


def test_nudges_off_by_default_then_once_per_user_and_day(fixture_engine):
    s = _settings()
    at = datetime(2026, 11, 20, 19, 0, tzinfo=TZ)
    assert enqueue_due_nudges(fixture_engine, s, at) == 0
    s.nudge = s.nudge.model_copy(update={"enabled": True, "time": "18:30"})
    assert enqueue_due_nudges(fixture_engine, s, at.replace(hour=18, minute=0)) == 0
    n = enqueue_due_nudges(fixture_engine, s, at)
    assert n > 0
    assert enqueue_due_nudges(fixture_engine, s, at + timedelta(minutes=30)) == 0
    keys = _outbox_keys(fixture_engine)
    assert len(keys) == n and all(k.startswith("nudge:") for k in keys)
    # only reps who logged nothing on the day get the log reminder
    now = datetime(2026, 11, 20, 23, 0, tzinfo=TZ)
    idle = compute(fixture_engine, MetricQuery(metric="inactive_reps", period=Period(start=now.date(), end=now.date()),
                                               filters=Filters()), "U00", now, s.org)
    with fixture_engine.connect() as c:
        names = {r[0]: r[1] for r in c.execute(select(User.id, User.name))}
    reminded = {names[k.split(":")[2]] for k in keys if k.startswith("nudge:log:")}
    assert reminded == {p.label for p in idle.series}
