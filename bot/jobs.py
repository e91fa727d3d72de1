"""The follow-through jobs `salesbot run` (every scheduler poll) and `salesbot tick` run: the pool
rules, the morning reminders with their escalations, installment reminders (each once a day, from
`reminders.time` to the end of the day, under a job-day marker), and the reminder shortly before
a timed plan (per plan)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine, select

from bot import pool_jobs, reminders
from bot.job_support import Event, claim_job_day, is_working_day, local, reminders_due
from domain.settings import Settings
from storage.models import OutboxItem

log = logging.getLogger("salesbot.jobs")
Job = Callable[[Connection, Settings, datetime], list[Event]]

# name -> (job, runs on working days only); in this order (a customer returned to the pool first
# leaves its owner's reminders)
DAILY: dict[str, tuple[Job, bool]] = {
    "pool": (pool_jobs.run_pool, False),
    "reminders": (reminders.run_morning, True),
    "installments": (reminders.run_installments, False),
}


def job_ran(engine: Engine, name: str, day) -> bool:
    """Whether the job-day marker of `name` exists (a cheap read before taking the write lock)."""
    key = f"job:{name}:{day.isoformat()}"
    with engine.connect() as conn:
        return conn.execute(select(OutboxItem.id).where(OutboxItem.key == key)).first() is not None


def run_daily(engine: Engine, settings: Settings, now: datetime, name: str) -> list[Event] | None:
    """Run daily job `name` for today in one transaction; None when it already ran (here or elsewhere)."""
    job, _working = DAILY[name]
    day = local(settings, now).date()
    if job_ran(engine, name, day):
        return None
    with engine.begin() as conn:
        if not claim_job_day(conn, name, day, now):
            return None
        events = job(conn, settings, now)
    return events


def run_followthrough(engine: Engine, settings: Settings, now: datetime) -> list[Event]:
    """Every follow-through job due at `now` and not yet run for its day; the events, in order."""
    events: list[Event] = []
    day = local(settings, now).date()
    if reminders_due(settings, now):
        for name, (_job, working) in DAILY.items():
            if working and not is_working_day(settings, day):
                continue
            try:
                events += run_daily(engine, settings, now, name) or []
            except Exception:
                log.exception("job %s failed; it runs again at the next check", name)
    try:
        with engine.connect() as conn:
            planned = reminders.has_planned_today(conn, day)
        if planned:
            with engine.begin() as conn:
                soon = reminders.run_soon(conn, settings, now)
            events += soon
    except Exception:
        log.exception("plan reminders failed; they run again at the next check")
    return events
