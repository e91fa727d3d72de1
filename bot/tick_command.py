"""`salesbot tick --now T [--json]`: run once every scheduled job due at T that has not run for its
day (digest, nudges, pool returns and warnings, reminders and escalations, installment and plan
reminders), queue what they send in the outbox and print one line per thing queued or changed:
`{"job", "to", "text"}` or `{"job": "pool_return", "customer_id"}`. Scripts advance days with it."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from sqlalchemy import Engine, func, select

from bot.context import AppContext
from bot.job_support import MARK_CHANNEL, Event
from bot.jobs import run_followthrough
from bot.replies import Reply
from bot.scheduler import enqueue_due_digests, enqueue_due_nudges
from domain.settings import Settings
from storage.models import OutboxItem

OUT = OutboxItem.__table__


def _last_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.max(OUT.c.id))).scalar() or 0)


def _queued_since(engine: Engine, after: int, prefix: str, job: str) -> list[Event]:
    """Events for the rows keyed `prefix…` queued after row `after` (a digest's extra charts left out)."""
    q = (select(OUT.c.key, OUT.c.chat, OUT.c.payload).where(OUT.c.id > after, OUT.c.key.like(f"{prefix}%"),
                                                     OUT.c.channel != MARK_CHANNEL).order_by(OUT.c.id))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    out = []
    for key, chat, payload in rows:
        text = Reply.from_json(payload).text
        if job == "digest" and not text:
            continue
        to = key.split(":")[2] if job == "nudge" else chat
        out.append(Event(job=job, to=to, text=text))
    return out


def tick(engine: Engine, settings: Settings, now: datetime) -> list[Event]:
    """Every job due at `now` not yet run for its day; what each queued or changed."""
    events: list[Event] = []
    start = _last_id(engine)
    enqueue_due_digests(engine, settings, now)
    events += _queued_since(engine, start, "digest:", "digest")
    start = _last_id(engine)
    enqueue_due_nudges(engine, settings, now)
    events += _queued_since(engine, start, "nudge:", "nudge")
    events += run_followthrough(engine, settings, now)
    return events


def cmd_tick(ctx: AppContext, args: argparse.Namespace) -> int:
    """Run the due jobs once at --now (default: the clock) and print what they did."""
    events = tick(ctx.ready_engine(), ctx.settings, ctx.now())
    for ev in events:
        if args.json:
            print(json.dumps(ev.as_json(), ensure_ascii=False))
        elif ev.customer_id is not None:
            print(f"{ev.job}: {ev.customer_id}")
        else:
            print(f"{ev.job} → {ev.to}: {ev.text}")
    return 0
