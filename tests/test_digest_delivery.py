"""Digest delivery end to end: scheduler → stored outbox → WeCom robot sender → a local fake
WeCom server over real HTTP. Two racing processes send once; a restart sends nothing more."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.channels.wecom_robot import WecomRobotSender
from bot.outbox import OutboxWorker
from bot.scheduler import enqueue_due_digests
from domain.settings import DigestTarget, load_settings
from storage.bundle import import_bundle
from tests.conftest import DEV_FIXTURE
from tests.fakes.wecom_api import FakeWecom

TZ = ZoneInfo("Asia/Shanghai")
HOOK = "/cgi-bin/webhook/send"


@pytest.fixture
def robot():
    server = FakeWecom()
    yield server
    server.close()


def _process(engine, settings, now) -> None:
    """One bot process: its scheduler tick, then its outbox worker draining what is due."""
    enqueue_due_digests(engine, settings, now)

    async def drain():
        sender = WecomRobotSender()
        try:
            await OutboxWorker(engine, {"wecom_robot": sender}, clock=lambda: now).drain_once()
        finally:
            await sender.close()

    asyncio.run(drain())


def test_two_processes_racing_send_each_digest_once(engine, robot):
    import_bundle(engine, DEV_FIXTURE, TZ)
    s = load_settings()
    s.digest = s.digest.model_copy(update={"targets": [
        DigestTarget(channel="wecom_robot", chat=f"{robot.url}{HOOK}?key=south", team="华南组"),
        DigestTarget(channel="wecom_robot", chat=f"{robot.url}{HOOK}?key=all", team=None)]})
    now = datetime(2026, 11, 20, 8, 45, tzinfo=TZ)
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        _process(engine, s, now)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = robot.sent(HOOK)
    texts = [c for c in sent if c["json"]["msgtype"] in ("text", "markdown")]
    by_key = {}
    for c in texts:
        by_key.setdefault(c["query"]["key"], []).append(c["json"][c["json"]["msgtype"]]["content"])
    assert sorted(by_key) == ["all", "south"]
    assert all(len(v) == 1 for v in by_key.values())
    assert by_key["south"][0].startswith("📊 华南组 日报 · 11月19日")
    images = [c for c in sent if c["json"]["msgtype"] == "image"]
    assert images and all(c["json"]["image"]["md5"] for c in images)

    # a restart later the same morning sends nothing more
    _process(engine, s, datetime(2026, 11, 20, 10, 0, tzinfo=TZ))
    assert len(robot.sent(HOOK)) == len(sent)
