"""The daily run of the public-pool rules (CONTRACT.md `[pool]`): customers whose owner logged no
done activity on them for `return_after_days` days go back to the pool (audited); `warn_days`
before, the owner is warned once per return date, in one message listing the customers, each
with a one-tap "log a follow-up" button."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import Connection

from bot.job_support import BUTTON_CHANNELS, Event, private_target, send_private
from bot.replies import Button, Reply
from domain.settings import Settings
from storage import pool
from storage import reminder_queries as rq

SHOWN = 10  # customers listed (with a button each) in one warning

TEXTS = {
    "zh": {"head": "⚠️ {n} 个客户快要退回公海了（{days} 天没有跟进记录就退回）：",
           "line": "{i}. {name} · {d} 天后退回（{on:%m-%d}）", "today": "{i}. {name} · 今天退回",
           "more": "…还有 {n} 个", "tail": "跟进后发一句话给我，或点下面的按钮记一次跟进。", "button": "✍️{i} 记跟进",
           "hint": "（没有按钮时回复「记跟进 1」）"},
    "en": {"head": "⚠️ {n} customers will go back to the public pool (no follow-up logged for {days} days):",
           "line": "{i}. {name} · returns in {d} days ({on:%m-%d})", "today": "{i}. {name} · returns today",
           "more": "…and {n} more", "tail": "Text me your follow-up, or tap a button to log one.",
           "button": "✍️{i} log follow-up", "hint": "(no buttons? reply \"log 1\")"},
}


def warning(user: dict, clocks: list[pool.PoolClock], today, settings: Settings) -> Reply:
    lang = settings.org.language
    tx = TEXTS[lang]
    lines = [tx["head"].format(n=len(clocks), days=settings.pool.return_after_days)]
    buttons = []
    for i, c in enumerate(clocks[:SHOWN], start=1):
        d = (c.returns_on - today).days
        lines.append(tx["line"].format(i=i, name=c.name, d=d, on=c.returns_on) if d > 0
                     else tx["today"].format(i=i, name=c.name))
        buttons.append(Button(f"rlog:{c.customer_id}", tx["button"].format(i=i)))
    if len(clocks) > SHOWN:
        lines.append(tx["more"].format(n=len(clocks) - SHOWN))
    lines.append(tx["tail"])
    if private_target(settings, user)[0] not in BUTTON_CHANNELS:
        lines.append(tx["hint"])
    return Reply("\n".join(lines), buttons)


def run_pool(conn: Connection, settings: Settings, now: datetime) -> list[Event]:
    """Return the customers due back today and warn owners of those due within `warn_days`."""
    rules = settings.pool
    if rules.return_after_days <= 0:
        return []
    tz = settings.org.tz
    today = now.astimezone(tz).date()
    clocks = pool.pool_clocks(conn, rules.return_after_days, tz)
    events: list[Event] = []
    for c in clocks:
        if c.returns_on <= today and pool.return_to_pool(conn, c, now, rules.return_after_days):
            events.append(Event(job="pool_return", customer_id=c.customer_id))
    if rules.warn_days <= 0:
        return events
    soon = [c for c in clocks if today < c.returns_on <= today + timedelta(days=rules.warn_days)]
    done = pool.warned(conn, [c.customer_id for c in soon])
    by_owner: dict[str, list[pool.PoolClock]] = defaultdict(list)
    for c in soon:
        if (c.customer_id, c.returns_on.isoformat()) not in done:
            by_owner[c.owner_id].append(c)
    users = rq.people(conn)
    for owner, cs in sorted(by_owner.items()):
        if owner not in users:
            continue
        cs.sort(key=lambda c: (c.returns_on, c.name))
        ev = send_private(conn, settings, users[owner], f"poolwarn:{owner}:{today.isoformat()}",
                          warning(users[owner], cs, today, settings), now, "pool_warning")
        if ev is None:
            continue
        for c in cs:
            pool.mark_warned(conn, c, now)
        events.append(ev)
    return events
