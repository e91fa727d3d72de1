"""`salesbot run` as a real process: no channel configured, /healthz, SIGTERM, and restarts that
leave queued replies and unhandled messages behind (each delivered exactly once)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from sqlalchemy import insert, select

from bot.app import create_app
from bot.outbox import enqueue
from bot.replies import Reply
from domain.settings import Settings
from storage.db import make_engine
from storage.models import InboundMessage, OutboxItem
from tests.bot_support import REP_TG, TG_SECRET, TG_TOKEN, load_team, wait_until
from tests.conftest import REPO
from tests.fakes.telegram_api import FakeTelegram


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_env(tg_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESBOT_")}
    env["SALESBOT_CONFIG"] = "/nonexistent/settings.toml"
    if tg_url:
        env.update(SALESBOT_TELEGRAM__TOKEN=TG_TOKEN, SALESBOT_TELEGRAM__MODE="webhook",
                   SALESBOT_TELEGRAM__WEBHOOK_SECRET=TG_SECRET, SALESBOT_TELEGRAM__API_BASE_URL=tg_url)
    return env


def start_run(db_url: str, port: int, tg_url: str) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-m", "bot.cli", "--db", db_url, "run", "--host", "127.0.0.1",
                          "--port", str(port)], cwd=REPO, env=run_env(tg_url), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)

    def healthy():
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return p.poll() is not None
    assert wait_until(healthy, timeout=30), "server did not come up"
    assert p.poll() is None, p.stderr.read()
    return p


def stop_run(p: subprocess.Popen) -> str:
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    return err


def test_no_channel_says_so_points_to_chat_and_stops_cleanly(tmp_path):
    port = free_port()
    p = subprocess.Popen([sys.executable, "-m", "bot.cli", "--db", f"sqlite:///{tmp_path / 'x.db'}", "run",
                          "--port", str(port)], cwd=REPO, env=run_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: _healthy(port) or p.poll() is not None, timeout=30)
        assert p.poll() is None and _healthy(port)
    finally:
        err = stop_run(p)
    assert "no chat channel is configured" in err and "salesbot chat" in err
    assert "Traceback" not in err
    line = serving_line(err, port)
    assert "no chat channel" in line and "HTTP /healthz, /metrics;" in line and "only" not in line


def serving_line(err: str, port: int) -> str:
    """The one startup line that says what the process serves."""
    lines = [x for x in err.splitlines() if f"serving on http://127.0.0.1:{port}" in x.lower()]
    assert len(lines) == 1, err
    return lines[0]


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    app = create_app(make_engine(f"postgresql://postgres@127.0.0.1:{free_port()}/gone?connect_timeout=2"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    assert wait_until(lambda: server.started, timeout=10)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        r = httpx.get(f"http://127.0.0.1:{port}/healthz")
        assert r.status_code == 503 and r.json()["database"] == "down"
    finally:
        server.should_exit = True
        th.join(10)


@pytest.fixture
def tg():
    fake = FakeTelegram(TG_TOKEN)
    yield fake
    fake.close()


def ours(tg: FakeTelegram) -> list[str]:
    """The texts sent that this test left behind (not the schedule's own reminders)."""
    texts = [c["params"]["text"] for c in tg.sent("sendMessage")]
    return [t if "我可以" not in t else "我可以" for t in texts
            if t in ("queued before the crash", "was being sent") or "我可以" in t]


def test_sigterm_shuts_down_cleanly_and_restart_delivers_leftovers_once(db_url, tmp_path, tg):
    load_team(db_url, tmp_path, Settings().org.tz)
    engine = make_engine(db_url)
    # left behind by a process that died: two queued replies (one mid-send), one message never handled
    enqueue(engine, "reply:old:0", "telegram", str(REP_TG), Reply("queued before the crash"))
    enqueue(engine, "reply:old:1", "telegram", str(REP_TG), Reply("was being sent"))
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    with engine.begin() as c:
        c.execute(OutboxItem.__table__.update().where(OutboxItem.key == "reply:old:1")
                  .values(status="sending", attempts=1, next_attempt_at=long_ago))
        c.execute(insert(InboundMessage.__table__).values(
            channel="telegram", external_id="777", chat_id=str(REP_TG), sender=str(REP_TG), text="帮助",
            received_at=long_ago, status="received"))
    port = free_port()
    p = start_run(db_url, port, tg.base_url)
    try:
        assert wait_until(lambda: len(ours(tg)) >= 3, timeout=15), ours(tg)
        got = ours(tg)
        assert sorted(t[:8] for t in got) == sorted(["queued before the crash"[:8], "was being sent"[:8], "我可以"])
        # the same update redelivered after the restart is not acted on again
        upd = {"update_id": 777, "message": {"message_id": 1, "date": int(time.time()),
                                             "chat": {"id": REP_TG, "type": "private"},
                                             "from": {"id": REP_TG, "is_bot": False, "first_name": "W"},
                                             "text": "帮助"}}
        r = httpx.post(f"http://127.0.0.1:{port}/telegram/webhook", json=upd,
                       headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET})
        assert r.status_code == 200
    finally:
        stop_run(p)
    p2 = start_run(db_url, port, tg.base_url)
    try:
        wait_until(lambda: False, timeout=1.0)
    finally:
        err = stop_run(p2)
    line = serving_line(err, port)
    assert "chat channels telegram;" in line and "HTTP /healthz, /metrics, /telegram/webhook;" in line
    assert len(ours(tg)) == 3
    with engine.connect() as c:
        assert {r[0] for r in c.execute(select(OutboxItem.status).where(OutboxItem.key.like("reply:%")))} == {"sent"}
        assert c.execute(select(InboundMessage.status)).scalar_one() == "done"
