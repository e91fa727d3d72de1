"""The stored outbox: every outbound send is a row with a unique key; a worker sends due rows,
retries with exponential backoff, and survives restarts (rows left 'sending' by a dead process
are taken again once their lease runs out). Claims are atomic, so several processes never send
the same row twice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import Connection, Engine, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.observability import OUTBOX_SENDS, event
from bot.replies import Reply
from storage.models import OutboxItem

log = logging.getLogger("salesbot.outbox")
T = OutboxItem.__table__


class RetryableSendError(Exception):
    """A send that may succeed later (HTTP 429, WeCom 45009, a network error)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentSendError(Exception):
    """A send that will never succeed (bad chat id, blocked bot): the row is marked dead."""


class Sender(Protocol):
    """What a channel offers the outbox: send one typed reply to one chat."""

    async def send(self, chat: str, reply: Reply) -> None: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


def enqueue(target: Engine | Connection, key: str, channel: str, chat: str, reply: Reply,
            now: datetime | None = None) -> bool:
    """Queue `reply` for `chat` on `channel` under a unique `key`; False when the key already exists.

    `target` may be a Connection inside a caller's transaction (the row commits with it).
    """
    now = now or _utcnow()
    row = dict(key=key, channel=channel, chat=str(chat), payload=reply.to_json(), status="pending",
               attempts=0, next_attempt_at=now, created_at=now)
    if isinstance(target, Connection):
        try:
            with target.begin_nested():
                target.execute(insert(T).values(**row))
            return True
        except IntegrityError:
            return False
    try:
        with target.begin() as conn:
            conn.execute(insert(T).values(**row))
        return True
    except IntegrityError:
        return False


def depth(engine: Engine) -> dict[str, int]:
    """Rows waiting to be sent (pending or sending), by channel."""
    q = (select(T.c.channel, func.count()).where(T.c.status.in_(("pending", "sending")))
         .group_by(T.c.channel))
    with engine.connect() as conn:
        return {ch: int(n) for ch, n in conn.execute(q)}


class OutboxWorker:
    """Sends due outbox rows through the channel senders; `kick()` wakes it at once."""

    def __init__(self, engine: Engine, senders: dict[str, Sender], *, lease: float = 60.0,
                 backoff_base: float = 1.0, backoff_max: float = 300.0, max_attempts: int = 12,
                 poll: float = 2.0, parallel: int = 8, clock: Callable[[], datetime] = _utcnow) -> None:
        self.engine = engine
        self.senders = senders
        self.lease = lease
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_attempts = max_attempts
        self.poll = poll
        self.parallel = parallel
        self.clock = clock
        self._wake = asyncio.Event()

    def kick(self) -> None:
        """Wake the worker (call after enqueueing); safe from any thread."""
        loop = getattr(self, "_loop", None)
        if loop is None or loop.is_closed():
            return
        try:
            if asyncio.get_running_loop() is loop:
                self._wake.set()
                return
        except RuntimeError:
            pass
        loop.call_soon_threadsafe(self._wake.set)

    def _due(self, limit: int = 50) -> list[tuple[int, str, str]]:
        now = self.clock()
        q = (select(T.c.id, T.c.channel, T.c.chat).where(T.c.status.in_(("pending", "sending")), T.c.next_attempt_at <= now,
                                  T.c.channel.in_(list(self.senders)))
             .order_by(T.c.next_attempt_at, T.c.id).limit(limit))
        with self.engine.connect() as conn:
            return [(r[0], r[1], r[2]) for r in conn.execute(q)]

    def _claim(self, item_id: int) -> OutboxItem | None:
        """Take one row atomically: only one process wins the UPDATE."""
        now = self.clock()
        with self.engine.begin() as conn:
            res = conn.execute(
                update(T).where(T.c.id == item_id, T.c.next_attempt_at <= now,
                                or_(T.c.status == "pending", T.c.status == "sending"))
                .values(status="sending", attempts=T.c.attempts + 1,
                        next_attempt_at=now + timedelta(seconds=self.lease)))
            if res.rowcount != 1:
                return None
            row = conn.execute(select(T).where(T.c.id == item_id)).mappings().one()
        return OutboxItem(**row)

    def _finish(self, item: OutboxItem, status: str, error: str | None = None,
                retry_in: float | None = None) -> None:
        now = self.clock()
        values: dict = {"status": status, "last_error": error}
        if status == "sent":
            values["sent_at"] = now
        if retry_in is not None:
            values["next_attempt_at"] = now + timedelta(seconds=retry_in)
        with self.engine.begin() as conn:
            conn.execute(update(T).where(T.c.id == item.id, T.c.status == "sending").values(**values))

    def _backoff(self, attempts: int) -> float:
        return min(self.backoff_max, self.backoff_base * (2 ** max(0, attempts - 1)))

    async def send_item(self, item_id: int) -> str | None:
        """Claim and send one row; returns its new status, or None when another process has it.
        The result is committed right after the network answers, in its own transaction, so a
        crash repeats at most the sends in flight at that instant."""
        item = await asyncio.to_thread(self._claim, item_id)
        if item is None:
            return None
        sender = self.senders[item.channel]
        try:
            await sender.send(item.chat, Reply.from_json(item.payload))
        except RetryableSendError as e:
            delay = max(self._backoff(item.attempts), e.retry_after or 0.0)
            status = "dead" if item.attempts >= self.max_attempts else "pending"
            log.warning("outbox %s (%s) attempt %d failed: %s; %s", item.key, item.channel, item.attempts, e,
                        "giving up" if status == "dead" else f"retry in {delay:.1f}s")
            return await self._done(item, status, str(e)[:500], delay)
        except PermanentSendError as e:
            log.error("outbox %s (%s) failed for good: %s", item.key, item.channel, e)
            return await self._done(item, "dead", str(e)[:500])
        except Exception as e:  # an unexpected error is retried like a network error
            delay = self._backoff(item.attempts)
            status = "dead" if item.attempts >= self.max_attempts else "pending"
            log.exception("outbox %s (%s) unexpected error", item.key, item.channel)
            return await self._done(item, status, f"{type(e).__name__}: {e}"[:500], delay)
        return await self._done(item, "sent")

    async def _done(self, item: OutboxItem, status: str, error: str | None = None,
                    retry_in: float | None = None) -> str:
        await asyncio.to_thread(self._finish, item, status, error, retry_in)
        result = "retry" if status == "pending" else status
        OUTBOX_SENDS.labels(channel=item.channel, result=result).inc()
        event(log, f"outbox {result}", outbox_key=item.key, channel=item.channel, result=result,
              attempt=item.attempts)
        return status

    async def drain_once(self) -> int:
        """Send every row due now; returns how many were handled. Chats are served side by side
        (a slow network for one does not hold up the others), each chat's rows in order."""
        done = 0
        sem = asyncio.Semaphore(self.parallel)

        async def one_chat(ids: list[int]) -> int:
            n = 0
            async with sem:
                for item_id in ids:
                    if await self.send_item(item_id) is not None:
                        n += 1
            return n

        while True:
            due = await asyncio.to_thread(self._due)
            if not due:
                return done
            chats: dict[tuple[str, str], list[int]] = {}
            for item_id, channel, chat in due:
                chats.setdefault((channel, chat), []).append(item_id)
            handled = sum(await asyncio.gather(*(one_chat(ids) for ids in chats.values())))
            done += handled
            if handled == 0:
                return done

    def next_due_in(self) -> float | None:
        """Seconds until the next pending row is due (None when nothing waits)."""
        q = select(T.c.next_attempt_at).where(T.c.status.in_(("pending", "sending")),
                                              T.c.channel.in_(list(self.senders))) \
            .order_by(T.c.next_attempt_at).limit(1)
        with self.engine.connect() as conn:
            nxt = conn.execute(q).scalar()
        if nxt is None:
            return None
        return max(0.0, (nxt - self.clock()).total_seconds())

    def purge(self, keep_days: int = 30) -> int:
        """Forget rows sent more than `keep_days` ago (their keys have done their job)."""
        cutoff = self.clock() - timedelta(days=keep_days)
        with self.engine.begin() as conn:
            return conn.execute(T.delete().where(T.c.status == "sent", T.c.sent_at < cutoff)).rowcount

    async def run(self, stop: asyncio.Event) -> None:
        """Send due rows until `stop` is set; wakes on kick(), on the next due row, or every `poll` s."""
        self._loop = asyncio.get_running_loop()
        purged_at = 0.0
        while not stop.is_set():
            if self._loop.time() - purged_at > 3600:
                purged_at = self._loop.time()
                try:
                    await asyncio.to_thread(self.purge)
                except Exception:
                    log.exception("outbox purge failed")
            self._wake.clear()
            try:
                await self.drain_once()
                wait = await asyncio.to_thread(self.next_due_in)
            except Exception:
                log.exception("outbox worker error")
                wait = self.poll
            wait = self.poll if wait is None else min(self.poll, max(wait, 0.01))
            waiters = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
            await asyncio.wait(waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
        try:  # one last round for what is due, so a clean shutdown leaves nothing behind needlessly
            await self.drain_once()
        except Exception:
            log.exception("outbox final drain failed")
