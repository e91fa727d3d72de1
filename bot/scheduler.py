"""The digest and nudge schedule. Each (target, date) is queued once in the stored outbox under
a unique key, so several processes and restarts never send twice; a digest missed while the
process was down is queued when it comes back later the same day."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, select

from bot.context import AppContext
from bot.digest import DigestError, build_digest
from bot.jobs import run_followthrough
from bot.outbox import enqueue
from bot.replies import Reply
from domain.settings import DAY_KEYS, DigestTarget, Settings
from storage.followup_queries import overdue_by_owner, reps_without_activity, user_channels
from storage.models import OutboxItem

log = logging.getLogger("salesbot.scheduler")


def _at(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h), int(m))


def digest_key(target: DigestTarget, day: date) -> str:
    """The outbox key of one target's digest of `day` (the chat may be a long robot URL)."""
    chat = hashlib.sha1(target.chat.encode()).hexdigest()[:16]
    return f"digest:{target.channel}:{chat}:{target.team or '*'}:{day.isoformat()}"


def due_digests(settings: Settings, now: datetime) -> list[tuple[DigestTarget, date]]:
    """(target, day) pairs whose digest is due at `now`: on a digest day, from digest.time on,
    the digest of the day before."""
    local = now.astimezone(settings.org.tz)
    if DAY_KEYS[local.weekday()] not in settings.digest.days or local.time() < _at(settings.digest.time):
        return []
    return [(t, local.date() - timedelta(days=1)) for t in settings.digest.targets]


def _queued(engine: Engine, key: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(OutboxItem.id).where(OutboxItem.key == key)).first() is not None


def enqueue_due_digests(engine: Engine, settings: Settings, now: datetime) -> int:
    """Queue every digest due at `now` that is not queued yet; returns how many were queued."""
    queued = 0
    for target, day in due_digests(settings, now):
        key = digest_key(target, day)
        if _queued(engine, key):
            continue
        try:
            digest = build_digest(engine, settings, day, target.team)
        except DigestError as e:
            log.error("digest for %s %s not sent: %s", target.channel, target.team or "(all)", e)
            continue
        pngs = digest.chart_pngs
        with engine.begin() as conn:
            if not enqueue(conn, key, target.channel, target.chat,
                           Reply(text=digest.text, chart_png=pngs[0] if pngs else None), now=now):
                continue  # another process queued it first
            for i, png in enumerate(pngs[1:], start=2):
                enqueue(conn, f"{key}:{i}", target.channel, target.chat, Reply(text="", chart_png=png), now=now)
        queued += 1
    return queued


def _private_target(telegram_id: str | None, wecom_userid: str | None) -> tuple[str, str] | None:
    if telegram_id:
        return "telegram", telegram_id
    if wecom_userid:
        return "wecom_app", wecom_userid
    return None


def enqueue_due_nudges(engine: Engine, settings: Settings, now: datetime) -> int:
    """At nudge.time on digest days (when enabled): remind reps who logged nothing today, and
    tell owners their overdue follow-ups. Each nudge is queued once per user and day."""
    if not settings.nudge.enabled:
        return 0
    local = now.astimezone(settings.org.tz)
    if DAY_KEYS[local.weekday()] not in settings.digest.days or local.time() < _at(settings.nudge.time):
        return 0
    today = local.date()
    zh = settings.org.language == "zh"
    queued = 0
    with engine.connect() as conn:
        idle = reps_without_activity(conn, today)
        overdue = overdue_by_owner(conn, today)
        channels = user_channels(conn, list(overdue))
    for uid, _name, tg, wc in idle:
        dest = _private_target(tg, wc)
        text = ("今天还没有记录拜访或跟进，发一句话给我就能记下，例如：“今天拜访了某某公司王总，下周三再去”"
                if zh else "Nothing logged today yet — just text me, e.g. “Visited Acme, met Mary, follow up next Wed”.")
        if dest and enqueue(engine, f"nudge:log:{uid}:{today}", dest[0], dest[1], Reply(text=text), now=now):
            queued += 1
    for uid, items in overdue.items():
        dest = _private_target(*channels.get(uid, (None, None)))
        if not dest:
            continue
        lines = [f"· {name}（{due:%m-%d}）" if zh else f"· {name} (due {due:%m-%d})" for name, due in items]
        head = "⏰ 这些客户的跟进已逾期：" if zh else "⏰ Overdue follow-ups:"
        if enqueue(engine, f"nudge:overdue:{uid}:{today}", dest[0], dest[1],
                   Reply(text="\n".join([head, *lines])), now=now):
            queued += 1
    return queued


async def run_scheduler(ctx: AppContext, stop: asyncio.Event, *, poll: float = 30.0,
                        on_queued=None) -> None:
    """Check the schedule every `poll` seconds until `stop` is set; `on_queued()` is called
    (e.g. the outbox worker's kick) when something was queued."""
    engine = ctx.ready_engine()
    while not stop.is_set():
        try:
            now = ctx.now()
            n = await asyncio.to_thread(enqueue_due_digests, engine, ctx.settings, now)
            n += await asyncio.to_thread(enqueue_due_nudges, engine, ctx.settings, now)
            n += len(await asyncio.to_thread(run_followthrough, engine, ctx.settings, now))
            if n and on_queued is not None:
                on_queued()
        except Exception:
            log.exception("scheduler error")
        try:
            await asyncio.wait_for(stop.wait(), timeout=poll)
        except TimeoutError:
            pass
