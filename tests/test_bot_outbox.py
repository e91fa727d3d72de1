"""The stored outbox: unique keys, retries with backoff (HTTP 429, errcode 45009, network
errors), restart with rows left 'sending', several workers never sending one row twice."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import socket
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.channels.telegram import TelegramChannel
from bot.channels.wecom_robot import WecomRobotSender
from bot.outbox import OutboxWorker, enqueue
from bot.replies import Button, Reply
from domain.settings import Settings, TelegramSettings
from storage.db import make_engine
from storage.models import OutboxItem
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.wecom_api import FakeWecom

T = OutboxItem.__table__
PNG = b"\x89PNG\r\n\x1a\nfake-chart"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def tg():
    fake = FakeTelegram()
    yield fake
    fake.close()


@pytest.fixture
def wx():
    fake = FakeWecom()
    yield fake
    fake.close()


def rows(engine):
    with engine.connect() as c:
        return [dict(r) for r in c.execute(select(T).order_by(T.c.id)).mappings()]


def tg_channel(tg, engine) -> TelegramChannel:
    from bot.dispatcher import Dispatcher
    s = TelegramSettings(token=tg.token, api_base_url=tg.base_url, mode="webhook", webhook_secret="x")
    return TelegramChannel(s, Dispatcher(engine, Settings()))


async def _drain(worker: OutboxWorker, until=lambda: False, rounds: int = 60) -> None:
    for _ in range(rounds):
        await worker.drain_once()
        if until():
            return
        await asyncio.sleep(0.05)


def test_enqueue_is_once_per_key(engine):
    assert enqueue(engine, "digest:tg:2026-11-20", "telegram", "42", Reply("hi")) is True
    assert enqueue(engine, "digest:tg:2026-11-20", "telegram", "42", Reply("again")) is False
    with engine.begin() as conn:
        assert enqueue(conn, "k2", "telegram", "42", Reply("x", [Button("undo:1", "撤销")], chart_png=PNG))
        assert enqueue(conn, "k2", "telegram", "42", Reply("x")) is False
    got = rows(engine)
    assert [r["key"] for r in got] == ["digest:tg:2026-11-20", "k2"]
    assert Reply.from_json(got[1]["payload"]).chart_png == PNG


def test_telegram_429_is_retried_after_backoff_and_sent_once(engine, tg):
    async def run():
        ch = tg_channel(tg, engine)
        await ch.bot.initialize()
        tg.fail_next("sendMessage", times=1, status=429, retry_after=1)
        enqueue(engine, "r1", "telegram", "1001", Reply("你好", [Button("undo:1", "撤销"), Button("edit:1", "修改")]))
        w = OutboxWorker(engine, {"telegram": ch}, backoff_base=0.05)
        await w.drain_once()
        r = rows(engine)[0]
        assert r["status"] == "pending" and r["attempts"] == 1 and "429" in r["last_error"]
        await _drain(w, until=lambda: rows(engine)[0]["status"] == "sent", rounds=80)
        await ch.bot.shutdown()

    asyncio.run(run())
    sends = tg.sent("sendMessage")
    assert len(sends) == 2  # one refused with 429, one delivered
    assert sends[1]["at"] - sends[0]["at"] >= 0.9  # waited for retry_after
    r = rows(engine)[0]
    assert r["status"] == "sent" and r["attempts"] == 2 and r["sent_at"] is not None
    assert '"callback_data": "undo:1"' in sends[1]["params"]["reply_markup"].replace("\\", "")


def test_chart_goes_out_with_sendphoto(engine, tg):
    async def run():
        ch = tg_channel(tg, engine)
        await ch.bot.initialize()
        enqueue(engine, "p1", "telegram", "1001", Reply("本月各销售拜访量", chart_png=PNG))
        await OutboxWorker(engine, {"telegram": ch}).drain_once()
        await ch.bot.shutdown()

    asyncio.run(run())
    photo = tg.sent("sendPhoto")
    assert len(photo) == 1 and photo[0]["files"]["photo"] == PNG
    assert photo[0]["params"]["caption"] == "本月各销售拜访量"


def test_network_error_is_retried(engine, wx):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{s.getsockname()[1]}/cgi-bin/webhook/send?key=K"
    s.close()

    async def run():
        robot = WecomRobotSender()
        enqueue(engine, "n1", "wecom_robot", dead, Reply("早报"))
        w = OutboxWorker(engine, {"wecom_robot": robot}, backoff_base=10)
        await w.drain_once()
        r = rows(engine)[0]
        assert r["status"] == "pending" and "network" in r["last_error"]
        assert r["next_attempt_at"] > datetime.now(UTC) + timedelta(seconds=5)  # backed off
        with engine.begin() as c:  # the robot is reachable again and the time has come
            c.execute(update(T).values(chat=f"{wx.url}/cgi-bin/webhook/send?key=K",
                                       next_attempt_at=datetime.now(UTC)))
        await w.drain_once()

    asyncio.run(run())
    assert rows(engine)[0]["status"] == "sent"
    assert len(wx.sent("/cgi-bin/webhook/send")) == 1


def test_robot_text_markdown_image_and_45009(engine, wx):
    url = f"{wx.url}/cgi-bin/webhook/send?key=ROBOT1"
    wx.fail_next("/cgi-bin/webhook/send", 45009, times=1)

    async def run():
        robot = WecomRobotSender()
        enqueue(engine, "a", "wecom_robot", url, Reply("纯文本"))
        enqueue(engine, "b", "wecom_robot", url, Reply("**日报**", markdown=True, chart_png=PNG))
        w = OutboxWorker(engine, {"wecom_robot": robot}, backoff_base=0.01)
        await w.drain_once()
        with engine.begin() as c:  # errcode 45009 asks for a minute; don't wait in a test
            c.execute(update(T).where(T.c.status == "pending").values(next_attempt_at=datetime.now(UTC)))
        await w.drain_once()

    asyncio.run(run())
    assert [r["status"] for r in rows(engine)] == ["sent", "sent"]
    bodies = [c["json"] for c in wx.sent("/cgi-bin/webhook/send")]
    text = {"msgtype": "text", "text": {"content": "纯文本"}}
    assert bodies[0] == text  # refused with 45009, sent again later
    assert bodies[1] == {"msgtype": "markdown", "markdown": {"content": "**日报**"}}
    assert bodies[2]["image"] == {"base64": base64.b64encode(PNG).decode(), "md5": hashlib.md5(PNG).hexdigest()}
    assert bodies[3] == text and len(bodies) == 4


def test_robot_keeps_to_20_messages_a_minute(engine, wx):
    url = f"{wx.url}/cgi-bin/webhook/send?key=ROBOT2"

    async def run():
        robot = WecomRobotSender()
        for i in range(25):
            enqueue(engine, f"m{i}", "wecom_robot", url, Reply(f"消息{i}"))
        await OutboxWorker(engine, {"wecom_robot": robot}).drain_once()

    asyncio.run(run())
    assert len(wx.sent("/cgi-bin/webhook/send")) == 20
    st = [r["status"] for r in rows(engine)]
    assert st.count("sent") == 20 and st.count("pending") == 5
    assert all("limit" in r["last_error"] for r in rows(engine) if r["status"] == "pending")


def test_restart_picks_up_items_a_dead_process_left_and_sends_each_once(db_url, tg):
    engine = make_engine(db_url)
    for i in range(4):
        enqueue(engine, f"reply:{i}", "telegram", "1001", Reply(f"m{i}"))
    past = datetime.now(UTC) - timedelta(seconds=1)
    with engine.begin() as c:  # a process claimed two rows (lease ran out) and died
        c.execute(update(T).where(T.c.key.in_(["reply:0", "reply:1"]))
                  .values(status="sending", attempts=1, next_attempt_at=past))

    async def run():
        chans = [tg_channel(tg, make_engine(db_url)) for _ in range(2)]
        for ch in chans:
            await ch.bot.initialize()
        workers = [OutboxWorker(make_engine(db_url), {"telegram": ch}) for ch in chans]
        await asyncio.gather(*(w.drain_once() for w in workers))  # two processes racing
        for ch in chans:
            await ch.bot.shutdown()

    asyncio.run(run())
    texts = sorted(c["params"]["text"] for c in tg.sent("sendMessage"))
    assert texts == ["m0", "m1", "m2", "m3"]
    assert {r["status"] for r in rows(engine)} == {"sent"}


def test_a_live_lease_is_not_taken(engine, tg):
    enqueue(engine, "busy", "telegram", "1001", Reply("x"))
    with engine.begin() as c:
        c.execute(update(T).values(status="sending", next_attempt_at=datetime.now(UTC) + timedelta(seconds=60)))

    async def run():
        ch = tg_channel(tg, engine)
        await ch.bot.initialize()
        assert await OutboxWorker(engine, {"telegram": ch}).drain_once() == 0
        await ch.bot.shutdown()

    asyncio.run(run())
    assert tg.sent("sendMessage") == []


def test_purge_forgets_old_sent_rows_only(engine):
    enqueue(engine, "old", "telegram", "1", Reply("a"))
    enqueue(engine, "new", "telegram", "1", Reply("b"))
    enqueue(engine, "waiting", "telegram", "1", Reply("c"))
    long_ago = datetime.now(UTC) - timedelta(days=40)
    with engine.begin() as c:
        c.execute(update(T).where(T.c.key == "old").values(status="sent", sent_at=long_ago))
        c.execute(update(T).where(T.c.key == "new").values(status="sent", sent_at=datetime.now(UTC)))
    assert OutboxWorker(engine, {}).purge() == 1
    assert [r["key"] for r in rows(engine)] == ["new", "waiting"]


def test_a_slow_chat_does_not_hold_up_the_others(engine, wx, tg):
    import time as _time

    wx.delay = 1.0

    async def run():
        ch = tg_channel(tg, engine)
        await ch.bot.initialize()
        enqueue(engine, "slow", "wecom_robot", f"{wx.url}/cgi-bin/webhook/send?key=SLOW", Reply("slow"))
        for i in range(3):
            enqueue(engine, f"fast{i}", "telegram", str(1000 + i), Reply(f"fast{i}"))
        w = OutboxWorker(engine, {"telegram": ch, "wecom_robot": WecomRobotSender()})
        t0 = _time.monotonic()
        drain = asyncio.create_task(w.drain_once())
        while len(tg.sent("sendMessage")) < 3:
            await asyncio.sleep(0.01)
        fast = _time.monotonic() - t0
        await drain
        await ch.bot.shutdown()
        return fast

    assert asyncio.run(run()) < 0.9
    assert {r["status"] for r in rows(engine)} == {"sent"}
