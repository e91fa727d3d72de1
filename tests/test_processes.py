"""Process leases decide what is stranded: a message stored before every live process started,
or a send claimed then, belongs to a dead process and is taken at once; what a live process
stored since it started keeps the 2-minute rule (it may be handling it right now)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from bot.dispatcher import Dispatcher, rebuild_message
from bot.outbox import enqueue
from bot.processes import CHANNEL, LEASE, ProcessLease
from bot.replies import Reply
from domain.settings import Settings
from storage.db import make_engine
from storage.models import InboundMessage, OutboxItem
from tests.bot_support import load_team

T = OutboxItem.__table__
INB = InboundMessage.__table__


def other_process(engine, started: datetime, *, host: str = "elsewhere", pid: int = 1, alive: bool = True) -> str:
    """A lease row of another process (on another machine unless `host` is ours)."""
    key = f"process:other-{started.timestamp()}-{host}"
    until = datetime.now(UTC) + (LEASE if alive else -timedelta(seconds=1))
    with engine.begin() as c:
        c.execute(insert(T).values(key=key, channel=CHANNEL, chat=json.dumps({"host": host, "pid": pid}),
                                   payload="{}", status="alive", attempts=0, next_attempt_at=until, created_at=started))
    return key


def stored(engine, ext: str, at: datetime) -> int:
    with engine.begin() as c:
        return c.execute(insert(INB).values(channel="terminal", external_id=ext, chat_id="R01", sender="R01",
                                            text="帮助", received_at=at, status="received").returning(INB.c.id)).scalar_one()


def statuses(engine) -> dict[str, str]:
    with engine.connect() as c:
        return dict(c.execute(select(INB.c.external_id, INB.c.status)).all())


def test_alone_after_a_restart_every_stranded_message_is_taken_at_once(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(db_url, tmp_path, Settings().org.tz)
    now = datetime.now(UTC)
    stored(engine, "a", now - timedelta(seconds=20))  # a dead process stored these seconds ago
    stored(engine, "b", now - timedelta(seconds=1))
    me = ProcessLease(engine)
    me.register()
    n = Dispatcher(engine, Settings()).recover(rebuild_message, stranded_before=me.stranded_before())
    assert n == 2 and set(statuses(engine).values()) == {"done"}


def test_with_another_live_process_its_recent_messages_keep_the_two_minute_rule(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(db_url, tmp_path, Settings().org.tz)
    now = datetime.now(UTC)
    other_process(engine, now - timedelta(minutes=10))
    stored(engine, "before-it", now - timedelta(minutes=11))  # stored before it started: a dead process's
    stored(engine, "old", now - timedelta(minutes=3))  # past the 2-minute rule
    stored(engine, "its-own", now - timedelta(seconds=30))  # it may be acting on this one now
    me = ProcessLease(engine)
    me.register()
    Dispatcher(engine, Settings()).recover(rebuild_message, stranded_before=me.stranded_before())
    assert statuses(engine) == {"before-it": "done", "old": "done", "its-own": "received"}


def test_an_expired_lease_or_a_gone_local_pid_is_no_live_process(db_url, tmp_path):
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    me = ProcessLease(engine)
    me.register()
    other_process(engine, now - timedelta(minutes=10), alive=False)  # stopped renewing
    gone = other_process(engine, now - timedelta(minutes=5), host=__import__("socket").gethostname(),
                         pid=2 ** 22 + 12345)  # kill -9 on this machine: its pid is no more
    assert me.oldest_live_start() == me.started_at
    with engine.connect() as c:
        assert c.execute(select(T.c.key).where(T.c.key == gone)).first() is None  # forgotten
    live = other_process(engine, now - timedelta(minutes=1))
    assert me.oldest_live_start() == now - timedelta(minutes=1)
    me.release()
    with engine.connect() as c:
        assert [r[0] for r in c.execute(select(T.c.key).where(T.c.channel == CHANNEL))] == [live]


def test_sends_a_dead_process_claimed_are_due_again_at_once_but_not_a_live_ones(db_url):
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    for k in ("dead-claim", "live-claim", "waiting"):
        enqueue(engine, k, "telegram", "1001", Reply(k))
    lease = 60.0
    with engine.begin() as c:  # claimed 30 s ago, before any live process started; 5 s ago by a live one
        c.execute(update(T).where(T.c.key == "dead-claim").values(
            status="sending", next_attempt_at=now - timedelta(seconds=30) + timedelta(seconds=lease)))
        c.execute(update(T).where(T.c.key == "live-claim").values(
            status="sending", next_attempt_at=now - timedelta(seconds=5) + timedelta(seconds=lease)))
    other_process(engine, now - timedelta(seconds=20))
    me = ProcessLease(engine)
    me.register()
    assert me.release_stranded_sends(lease) == 1
    with engine.connect() as c:
        due = dict(c.execute(select(T.c.key, T.c.next_attempt_at).where(T.c.channel == "telegram")).all())
    assert due["dead-claim"] <= datetime.now(UTC) < due["live-claim"]
