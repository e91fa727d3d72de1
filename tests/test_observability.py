"""What an operator sees: /healthz with each part's state (503 once the Telegram polling task
stopped), /metrics in Prometheus text that moves with the traffic, one JSON line per event when
server.log_format = "json" (and no secret in any of it), and a port already in use."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from domain.settings import Settings
from tests.bot_support import REP_TG, TG_SECRET, TG_TOKEN, load_team, post, settings_for, start, wait_until
from tests.conftest import REPO
from tests.fakes.telegram_api import FakeTelegram, text_update
from tests.test_bot_run import free_port, run_env

HDR = "X-Telegram-Bot-Api-Secret-Token"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def tg():
    fake = FakeTelegram(TG_TOKEN)
    yield fake
    fake.close()


def samples(url: str) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics by (name, sorted labels)."""
    r = httpx.get(f"{url}/metrics", timeout=5)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    out = {}
    for fam in text_string_to_metric_families(r.text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_healthz_names_each_part_and_is_503_once_polling_stopped(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    bot = start(settings_for(telegram_url=tg.base_url, mode="polling"), db_url)
    try:
        assert wait_until(lambda: tg.sent("getUpdates"), timeout=10)
        r = httpx.get(f"{bot.url}/healthz")
        assert r.status_code == 200, r.text
        assert r.json() == {"ok": True, "database": "up", "telegram": "up", "outbox": "up", "scheduler": "off"}
        tg.fail_next("getUpdates", times=1, status=401)  # the token was revoked: polling stops for good
        assert wait_until(lambda: httpx.get(f"{bot.url}/healthz").status_code == 503, timeout=10)
        r = httpx.get(f"{bot.url}/healthz")
        assert r.json()["telegram"] == "down" and r.json()["database"] == "up" and r.json()["ok"] is False
        assert samples(bot.url)[("salesbot_part_up", (("part", "telegram"),))] == 0
    finally:
        bot.close()


def test_metrics_count_messages_sends_depth_and_latency(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    bot = start(settings_for(telegram_url=tg.base_url), db_url)
    try:
        before = samples(bot.url)

        def delta(name: str, **labels) -> float:
            key = (name, tuple(sorted(labels.items())))
            return samples(bot.url).get(key, 0.0) - before.get(key, 0.0)

        for i, text in enumerate(["帮助", "help", "帮助"]):
            assert post(f"{bot.url}/telegram/webhook", json=text_update(500 + i, REP_TG, text),
                        headers={HDR: TG_SECRET}).status_code == 200
        post(f"{bot.url}/telegram/webhook", json=text_update(500, REP_TG, "帮助"), headers={HDR: TG_SECRET})  # again
        post(f"{bot.url}/telegram/webhook", json=text_update(510, 5555, "hi"), headers={HDR: TG_SECRET})  # stranger
        assert wait_until(lambda: len(tg.sent("sendMessage")) >= 4, timeout=15)
        assert wait_until(lambda: delta("salesbot_outbox_sends_total", channel="telegram", result="sent") == 4,
                          timeout=10)
        assert delta("salesbot_messages_received_total", channel="telegram") == 4  # the redelivery is not counted
        assert delta("salesbot_messages_handled_total", channel="telegram") == 4  # the refusal is handled too
        assert delta("salesbot_messages_failed_total", channel="telegram") == 0
        assert delta("salesbot_handling_seconds_count", channel="telegram") == 4
        assert delta("salesbot_handling_seconds_bucket", channel="telegram", le="+Inf") == 4
        assert samples(bot.url).get(("salesbot_outbox_depth", (("channel", "telegram"),)), 0) == 0
    finally:
        bot.close()


def test_outbox_depth_counts_what_waits(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    tg.fail_next("sendMessage", times=50, status=502)  # Telegram is down: replies wait
    bot = start(settings_for(telegram_url=tg.base_url), db_url, worker_kw={"backoff_base": 30, "poll": 0.2})
    try:
        for i in range(3):
            post(f"{bot.url}/telegram/webhook", json=text_update(600 + i, REP_TG, "帮助"), headers={HDR: TG_SECRET})
        assert wait_until(lambda: samples(bot.url).get(("salesbot_outbox_sends_total",
                                                        (("channel", "telegram"), ("result", "retry")))), timeout=10)
        assert wait_until(lambda: samples(bot.url).get(("salesbot_outbox_depth", (("channel", "telegram"),))) == 3,
                          timeout=10)
    finally:
        bot.close()


def run(db_url: str, port: int, tg_url: str, **env) -> subprocess.Popen:
    e = run_env(tg_url)
    e.update(env)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "--db", db_url, "run", "--host", "127.0.0.1",
                             "--port", str(port)], cwd=REPO, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_json_logs_are_one_object_per_line_with_the_event_fields_and_no_secret(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    port = free_port()
    p = run(db_url, port, tg.base_url, SALESBOT_SERVER__LOG_FORMAT="json")
    try:
        assert wait_until(lambda: _up(port) or p.poll() is not None, timeout=30) and p.poll() is None
        r = httpx.post(f"http://127.0.0.1:{port}/telegram/webhook", json=text_update(700, REP_TG, "帮助"),
                       headers={HDR: TG_SECRET})
        assert r.status_code == 200
        assert wait_until(lambda: tg.sent("sendMessage"), timeout=15)
        wait_until(lambda: False, timeout=0.5)
    finally:
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    events = [json.loads(ln) for ln in lines]  # every line is one JSON object
    handled = [e for e in events if e.get("event") == "message done"]
    assert len(handled) == 1, lines
    h = handled[0]
    assert h["channel"] == "telegram" and h["user"] == str(REP_TG) and isinstance(h["message_id"], int)
    assert 0 < h["duration_ms"] < 30000 and h["level"] == "info" and h["ts"].endswith("+00:00")
    assert any(e.get("event") == "outbox sent" and e.get("channel") == "telegram" for e in events)
    assert TG_TOKEN.split(":")[1] not in err and TG_SECRET not in err


def _up(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_a_port_in_use_is_one_clear_line_and_exit_code_1(tg, tmp_path, host):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        p = subprocess.run([sys.executable, "-m", "bot.cli", "--db", f"sqlite:///{tmp_path / 'x.db'}", "run",
                            "--host", host, "--port", str(port)], cwd=REPO, env=run_env(tg.base_url),
                           capture_output=True, text=True, timeout=60)
    finally:
        taken.close()
    assert p.returncode == 1
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, p.stderr
    assert "already in use" in lines[0] and str(port) in lines[0] and "Traceback" not in p.stderr


def test_answers_are_not_held_back_by_nagle(tg, db_url, tmp_path):
    """The listening socket is bound by us (for the one-line port error); its connections must
    still have TCP_NODELAY, or every answer waits ~40 ms for the client's delayed ACK."""
    from bot.run_command import bind
    sock = bind("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP
    sock.close()
    bot = start(settings_for(telegram_url=tg.base_url), db_url)
    try:
        with httpx.Client() as c:
            took = []
            for _ in range(15):
                r = c.get(f"{bot.url}/healthz")
                took.append(r.elapsed.total_seconds())
        assert sorted(took)[len(took) // 2] < 0.03, took
    finally:
        bot.close()


def test_telegram_unreachable_at_start_is_starting_then_up(tg, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    tg.fail_next("getMe", times=2, status=502)
    bot = start(settings_for(telegram_url=tg.base_url), db_url)
    try:
        first = httpx.get(f"{bot.url}/healthz")
        assert first.status_code == 200 and first.json()["telegram"] == "starting"
        assert wait_until(lambda: httpx.get(f"{bot.url}/healthz").json()["telegram"] == "up", timeout=15)
        assert len(tg.sent("getMe")) == 3
    finally:
        bot.close()


def test_refused_webhooks_are_counted_by_reason(tg, db_url, tmp_path):
    bot = start(settings_for(telegram_url=tg.base_url), db_url)
    try:
        before = samples(bot.url)

        def delta(reason: str) -> float:
            key = ("salesbot_webhook_refused_total", (("channel", "telegram"), ("reason", reason)))
            return samples(bot.url).get(key, 0.0) - before.get(key, 0.0)

        hook = f"{bot.url}/telegram/webhook"
        assert post(hook, json={"update_id": 1}, headers={HDR: "nope"}).status_code == 403
        assert post(hook, json={"update_id": 1}).status_code == 403
        assert post(hook, content=b"[1]", headers={HDR: TG_SECRET}).status_code == 400
        chunks = (b"x" * 65536 for _ in range(20))  # 1.25 MB, no declared length
        assert post(hook, content=chunks, headers={HDR: TG_SECRET}).status_code == 413
        assert (delta("signature"), delta("malformed"), delta("too_large")) == (2, 1, 1)
    finally:
        bot.close()
