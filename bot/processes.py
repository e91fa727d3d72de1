"""Which `salesbot run` processes are alive: each one holds a lease row (renewed every few
seconds) in the outbox table, on the never-sent channel `_process`, with its start time.

A lease ends when it is not renewed for LEASE, or at once when it names a process of this machine
that no longer runs. A process only receives messages after it started, so a message stored but not handled before
the start of every live process belongs to a dead one: it is stranded and is handled at once
(a restarted single process recovers everything at start). Likewise an outbox row a dead process
claimed ('sending') is taken again at once instead of waiting for its claim lease to end."""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, and_, delete, insert, select, update

from storage.models import OutboxItem

T = OutboxItem.__table__
CHANNEL = "_process"
LEASE = timedelta(seconds=30)
HEARTBEAT_EVERY = 10.0
CLOCK_SKEW = timedelta(seconds=2)  # processes on several machines: tolerate this much clock difference


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _who() -> str:
    return json.dumps({"host": socket.gethostname(), "pid": os.getpid()})


def _gone(who: str) -> bool:
    """True when `who` (the lease's {"host", "pid"}) is a process of this machine that no longer runs."""
    try:
        info = json.loads(who)
        if info.get("host") != socket.gethostname():
            return False
        os.kill(int(info["pid"]), 0)
    except ProcessLookupError:
        return True
    except (ValueError, KeyError, TypeError, PermissionError, OSError):
        return False
    return False


@dataclass
class ProcessLease:
    """This process's lease: `register()` at start, `renew()` every HEARTBEAT_EVERY s, `release()` at stop."""

    engine: Engine
    lease: timedelta = LEASE
    key: str = field(default_factory=lambda: f"process:{uuid.uuid4().hex}")
    started_at: datetime = field(default_factory=_utcnow)

    def register(self) -> None:
        now = _utcnow()
        self.started_at = now
        who = _who()
        with self.engine.begin() as conn:
            conn.execute(delete(T).where(T.c.channel == CHANNEL, T.c.next_attempt_at < now))  # dead leases
            conn.execute(insert(T).values(key=self.key, channel=CHANNEL, chat=who, payload="{}", status="alive",
                                          attempts=0, next_attempt_at=now + self.lease, created_at=now))

    def renew(self) -> None:
        now = _utcnow()
        with self.engine.begin() as conn:
            n = conn.execute(update(T).where(T.c.key == self.key).values(next_attempt_at=now + self.lease)).rowcount
            if n == 0:  # our row was taken for dead (a long pause): register again, keeping our start
                conn.execute(insert(T).values(key=self.key, channel=CHANNEL, chat=_who(), payload="{}", status="alive",
                                              attempts=0, next_attempt_at=now + self.lease,
                                              created_at=self.started_at))

    def release(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(T).where(T.c.key == self.key))

    def oldest_live_start(self) -> datetime:
        """The start of the oldest live process (ours included). A lease of a process on this
        machine whose pid is gone is dead at once (a restart after kill -9 need not wait for it)."""
        now = _utcnow()
        with self.engine.begin() as conn:
            conn.execute(delete(T).where(T.c.channel == CHANNEL, T.c.next_attempt_at < now))  # expired leases
            rows = conn.execute(select(T.c.key, T.c.chat, T.c.created_at).where(
                T.c.channel == CHANNEL, T.c.next_attempt_at >= now)).all()
            dead = [key for key, who, _ in rows if key != self.key and _gone(who)]
            if dead:
                conn.execute(delete(T).where(T.c.key.in_(dead)))
        starts = [at for key, _, at in rows if key not in dead]
        return min([*starts, self.started_at])

    def stranded_before(self) -> datetime:
        """Messages stored before this instant belong to no live process (alone: our start; with
        others, on other machines perhaps, the oldest start less CLOCK_SKEW)."""
        oldest = self.oldest_live_start()
        return oldest if oldest >= self.started_at else oldest - CLOCK_SKEW

    def release_stranded_sends(self, claim_lease: float) -> int:
        """Outbox rows claimed ('sending') before every live process started: due again now."""
        cutoff = self.stranded_before() + timedelta(seconds=claim_lease)
        now = _utcnow()
        with self.engine.begin() as conn:
            return conn.execute(update(T).where(and_(T.c.status == "sending", T.c.channel != CHANNEL,
                                                     T.c.next_attempt_at > now, T.c.next_attempt_at < cutoff))
                                .values(next_attempt_at=now)).rowcount
