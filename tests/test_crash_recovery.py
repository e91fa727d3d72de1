"""kill -9 of a real `salesbot run` in the middle of a burst of replies and a digest, against a
local Telegram API whose sends take a while (so several are in flight), then a restart:
every message is acted on exactly once, the restarted process takes what the dead one left at
once (not after 2 minutes), and the sends repeated are at most those in flight at the kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from sqlalchemy import func, select

from bot.replies import Reply
from domain.settings import Settings
from storage.db import make_engine
from storage.models import Activity, InboundMessage, OutboxItem
from tests.bot_support import REP_TG, TG_SECRET, load_team, wait_until
from tests.conftest import REPO
from tests.fakes.telegram_api import FakeTelegram, text_update
from tests.test_bot_run import free_port, run_env

HDR = "X-Telegram-Bot-Api-Secret-Token"
STRANGERS = list(range(7001, 7013))  # twelve chats: refusals, each in its own chat, sent side by side
LOGS = ["今天拜访了明德食品邱总，聊了需求", "今天拜访了明德建材张伟，聊了需求", "今天拜访了安泰教育，聊了需求",
        "今天拜访了安泰建材，聊了需求", "Visited Acme today, talked about the rollout"]
DIGEST_CHATS = ["-1001", "-1002", "-1003", "-1004"]
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def tg():
    fake = FakeTelegram()
    fake.httpd.handle_error = lambda request, client_address: None  # the killed process hung up mid-send
    fake.send_delay = 0.4
    yield fake
    fake.close()


def launch(db_url: str, port: int, tg: FakeTelegram) -> subprocess.Popen:
    env = run_env(tg.base_url)
    env.update(SALESBOT_DIGEST__TIME="00:00", SALESBOT_DIGEST__DAYS=json.dumps(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
               SALESBOT_DIGEST__TARGETS=json.dumps([{"channel": "telegram", "chat": c} for c in DIGEST_CHATS]))
    p = subprocess.Popen([sys.executable, "-m", "bot.cli", "--db", db_url, "run", "--host", "127.0.0.1",
                          "--port", str(port)], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    assert wait_until(lambda: _up(port) or p.poll() is not None, timeout=40) and p.poll() is None, "no start"
    return p


def _up(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code in (200, 503)
    except httpx.HTTPError:
        return False


def burst(port: int) -> int:
    """Post every message at once from several threads; returns how many were posted."""
    updates = [text_update(9000 + i, REP_TG, t) for i, t in enumerate(LOGS)]
    updates += [text_update(9100 + i, s, "你好") for i, s in enumerate(STRANGERS)]

    def send(u: dict) -> None:
        httpx.post(f"http://127.0.0.1:{port}/telegram/webhook", json=u, headers={HDR: TG_SECRET}, timeout=10)

    threads = [threading.Thread(target=send, args=(u,)) for u in updates]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(updates)


def calls_expected(engine) -> int:
    """Telegram calls the sent outbox rows stand for (a chart with a long text is two calls)."""
    n = 0
    with engine.connect() as c:
        for (payload,) in c.execute(select(OutboxItem.payload).where(OutboxItem.status == "sent",
                                                                      OutboxItem.channel == "telegram")):
            r = Reply.from_json(payload)
            n += 2 if r.chart_bytes() is not None and len(r.text or "") > 1024 else 1
    return n


def state(engine) -> tuple[int, int, int]:
    """(messages not yet acted on, sends waiting, sends claimed but not finished)."""
    with engine.connect() as c:
        unhandled = c.execute(select(func.count()).select_from(InboundMessage)
                              .where(InboundMessage.status == "received")).scalar_one()
        waiting = c.execute(select(func.count()).select_from(OutboxItem).where(
            OutboxItem.channel == "telegram", OutboxItem.status.in_(("pending", "sending")))).scalar_one()
        in_flight = c.execute(select(func.count()).select_from(OutboxItem).where(
            OutboxItem.channel == "telegram", OutboxItem.status == "sending")).scalar_one()
    return unhandled, waiting, in_flight


def sends(tg: FakeTelegram) -> int:
    return len([c for c in tg.sent() if c["method"] in ("sendMessage", "sendPhoto")])


# One realistic kill per database runs by default: "sending" (killed once sends are under way) left,
# when measured, messages not yet acted on (3-4), sends waiting (13-14) and in flight (4-6), the states
# "stored" (killed right after the burst is stored: 0-7 unhandled, 10-17 waiting, 0-1 in flight) leaves.
# Each run costs 13-21 s; "stored" runs with SALESBOT_TEST_SLOW=1 (same assertions; listed as skipped).
SLOW = pytest.mark.skipif(not os.environ.get("SALESBOT_TEST_SLOW"),
                          reason="set SALESBOT_TEST_SLOW=1: the 'sending' run covers the same states")


@pytest.mark.parametrize("kill_at", [pytest.param("stored", marks=SLOW), "sending"])
def test_kill_9_mid_burst_repeats_at_most_the_sends_in_flight(tg, db_url, tmp_path, capsys, kill_at):
    load_team(db_url, tmp_path, Settings().org.tz)
    engine = make_engine(db_url)
    with engine.connect() as c:
        activities_before = c.execute(select(func.count()).select_from(Activity)).scalar_one()
    port = free_port()
    first = launch(db_url, port, tg)
    posted = burst(port)  # every webhook answered: every message is stored
    if kill_at == "sending":
        assert wait_until(lambda: sends(tg) >= 4, timeout=30)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    unhandled, waiting, in_flight = state(engine)
    sends_before = sends(tg)

    t0 = time.monotonic()
    second = launch(db_url, free_port(), tg)
    try:
        assert wait_until(lambda: state(engine)[:2] == (0, 0), timeout=60), state(engine)
        recovered_in = time.monotonic() - t0
    finally:
        second.send_signal(signal.SIGTERM)
        _, err = second.communicate(timeout=30)
    assert second.returncode == 0, err

    with engine.connect() as c:
        statuses = dict(c.execute(select(InboundMessage.status, func.count()).group_by(InboundMessage.status)).all())
        activities = c.execute(select(func.count()).select_from(Activity)).scalar_one() - activities_before
        digests = c.execute(select(func.count()).select_from(OutboxItem)
                            .where(OutboxItem.key.like("digest:%"))).scalar_one()
    calls = sends(tg)
    duplicates = calls - calls_expected(engine)
    with capsys.disabled():
        print(f"\n[crash {kill_at} {db_url.split(':')[0]}] posted {posted}, at kill: {unhandled} unhandled, {waiting} waiting, {in_flight} in flight, "
              f"{sends_before} calls made; restart recovered everything in {recovered_in:.1f}s (incl. start-up); "
              f"duplicates {duplicates}; digests queued {digests}")
    assert sum(statuses.values()) == posted and set(statuses) <= {"done", "refused"}  # each acted on once
    assert statuses.get("refused") == len(STRANGERS)
    assert activities == len(LOGS)  # records exactly once
    assert digests >= len(DIGEST_CHATS)
    assert 0 <= duplicates <= in_flight, (duplicates, in_flight)
    assert recovered_in < 30  # what the dead process left went at once: not after 2 minutes, nor its 60 s lease
    texts = [c["params"].get("text", "") for c in tg.sent("sendMessage")]
    odd = [c for c in tg.sent("sendMessage") if "chat_id" not in c["params"]]
    assert not odd, odd
    for s in STRANGERS:  # each stranger got one refusal (twice only if it was in flight)
        assert 1 <= sum(1 for c in tg.sent("sendMessage") if c["params"].get("chat_id") == str(s)) <= 2, texts
