"""What every scheduled job shares: the event it reports (one per message queued or customer
returned), where a person's private messages go, the once-a-day job marker and the clock rules.

Exactly once, anywhere: a daily job runs inside one transaction that first inserts its marker
`job:NAME:DAY` into the outbox (channel `job`, status `mark`: never sent); the unique key lets
one process in, the others see it taken and do nothing. Each message it queues also has its own
unique key, so even a job run twice could not send twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Connection, insert
from sqlalchemy.exc import IntegrityError

from bot.outbox import enqueue
from bot.replies import Reply
from domain.settings import DAY_KEYS, Settings
from storage.models import OutboxItem

OUTBOX = OutboxItem.__table__
MARK_CHANNEL = "job"
MARK_STATUS = "mark"
BUTTON_CHANNELS = ("telegram", "terminal")  # channels that show buttons (WeCom gets a line to answer in words)


@dataclass(frozen=True)
class Event:
    """One thing a job did: a message queued (`to`, `text`) or a customer returned (`customer_id`)."""

    job: str
    to: str | None = None
    text: str | None = None
    customer_id: str | None = None

    def as_json(self) -> dict:
        if self.customer_id is not None:
            return {"job": self.job, "customer_id": self.customer_id}
        return {"job": self.job, "to": self.to, "text": self.text}


def hhmm(value: str) -> time:
    h, m = value.split(":")
    return time(int(h), int(m))


def local(settings: Settings, now: datetime) -> datetime:
    return now.astimezone(settings.org.tz)


def is_working_day(settings: Settings, day: date) -> bool:
    """A day of `digest.days` (Monday–Friday by default)."""
    return DAY_KEYS[day.weekday()] in settings.digest.days


def reminders_due(settings: Settings, now: datetime) -> bool:
    """From `reminders.time` to the end of the local day (a missed morning is caught up that day)."""
    return local(settings, now).time() >= hhmm(settings.reminders.time)


def claim_job_day(conn: Connection, name: str, day: date, now: datetime) -> bool:
    """Insert the marker of job `name` for `day` in the caller's transaction; False when it is taken."""
    row = dict(key=f"job:{name}:{day.isoformat()}", channel=MARK_CHANNEL, chat="", payload="{}",
               status=MARK_STATUS, attempts=0, next_attempt_at=now, created_at=now)
    try:
        with conn.begin_nested():
            conn.execute(insert(OUTBOX).values(**row))
        return True
    except IntegrityError:
        return False


def _filled(value: object) -> bool:
    """Whether a setting (plain or secret) has a value."""
    getter = getattr(value, "get_secret_value", None)
    return bool(getter() if getter else value)


def private_target(settings: Settings, user: dict) -> tuple[str, str]:
    """(outbox channel, chat) of a person's private messages: the configured network they are known
    on (Telegram first), else any id they have, else `terminal` (queued, shown by `tick`, never sent)."""
    tg, wc = user.get("telegram_id"), user.get("wecom_userid")
    if tg and _filled(settings.telegram.token):
        return "telegram", str(tg)
    if wc and settings.wecom.corp_id:
        return "wecom_app", str(wc)
    if tg:
        return "telegram", str(tg)
    if wc:
        return "wecom_app", str(wc)
    return "terminal", str(user["id"])


def send_private(conn: Connection, settings: Settings, user: dict, key: str, reply: Reply, now: datetime,
                 job: str) -> Event | None:
    """Queue `reply` for `user` under `key` in the caller's transaction; the event, or None when queued before."""
    channel, chat = private_target(settings, user)
    if not enqueue(conn, key, channel, chat, reply, now=now):
        return None
    return Event(job=job, to=str(user["id"]), text=reply.text)
