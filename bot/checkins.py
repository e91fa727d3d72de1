"""Check-ins in the conversation: a shared location is kept with the rep's on-site visit of that day
(or the next one logged within two hours) and answered "📍 label"; managers ask "本周外勤签到" /
"check-ins this week" for the list of their people's check-ins."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from bot.conversation_log import Turn
from bot.replies import Attachment, Reply
from storage import checkins as store

Action = Callable[[Connection], list[Reply]]
PASSIVE_GAP = timedelta(minutes=30)  # a location the app reports on its own within this of the last is not kept

TEXTS = {
    "kept": {"zh": "已记入今天对 {customer} 的拜访。", "en": "Kept with today's visit to {customer}."},
    "waiting": {"zh": "已签到；两小时内记录的拜访会带上这次签到。",
                "en": "Checked in; the visit you log in the next two hours will carry it."},
    "none": {"zh": "本周没有外勤签到。", "en": "No check-ins this week."},
    "head": {"zh": "本周外勤签到（{n} 次）：", "en": "Check-ins this week ({n}):"},
    "no_visit": {"zh": "未关联拜访", "en": "no visit"},
}
# "本周外勤签到", "这周的签到", "外勤签到记录", "check-ins this week", "show this week's check ins"
WEEK_QUESTION = re.compile(r"^\s*(?:(?:本周|这周|这个星期|本星期)的?(?:外勤)?签到(?:记录|情况)?|外勤签到(?:记录|情况)?)"
                           r"\s*[?？]?\s*$|^\s*(?:show\s+(?:me\s+)?)?(?:the\s+)?(?:this\s+week'?s\s+)?"
                           r"check[- ]?ins(?:\s+this\s+week)?\s*\??\s*$", re.IGNORECASE)


def place(att: Attachment) -> str:
    """The label of a location, or its coordinates when it has none."""
    return att.label or f"{att.lat:.5f}, {att.lon:.5f}"


def check_in(turn: Turn, att: Attachment) -> Action:
    """Store the check-in (with today's latest on-site visit of the rep, when there is one)."""
    def run(conn: Connection) -> list[Reply]:
        if att.passive:  # the app reports where the user is each time they open it: one check-in a while
            last = store.latest_at(conn, turn.uid)
            if last is not None and abs(turn.now - last) < PASSIVE_GAP:
                return []
        visit = store.visit_of_day(conn, turn.uid, turn.now.date())
        store.add(conn, user_id=turn.uid, lat=float(att.lat or 0), lon=float(att.lon or 0), label=att.label,
                  at=turn.now, message_id=turn.message_id, activity_id=visit[0] if visit else None)
        note = TEXTS["kept"][turn.lang].format(customer=visit[1]) if visit else TEXTS["waiting"][turn.lang]
        return [Reply(f"📍 {place(att)}\n{note}")]
    return run


def with_waiting(action: Action, turn: Turn) -> Action:
    """After the action: a visit just logged takes the check-ins that were waiting for it ("📍 label")."""
    def run(conn: Connection) -> list[Reply]:
        replies = action(conn)
        labels = store.attach_waiting(conn, turn.uid, turn.now)
        if labels and replies:
            replies[0].text += "\n📍 " + "、".join(label or "✓" for label in labels)
        return replies
    return run


def is_week_question(text: str) -> bool:
    return bool(WEEK_QUESTION.match(text or ""))


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of `now`'s ISO week, in `now`'s time zone."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=now.weekday())


def week_list(engine: Engine, asker_id: str, now: datetime, lang: str) -> Reply:
    """The check-ins of this week (Monday to now) of everyone the asker may see."""
    start = week_start(now)
    with engine.connect() as conn:
        rows = store.in_view(conn, asker_id, start, now + timedelta(seconds=1))
    if not rows:
        return Reply(TEXTS["none"][lang])
    tz = now.tzinfo
    lines = [TEXTS["head"][lang].format(n=len(rows))]
    for r in rows:
        when = r.at.astimezone(tz).strftime("%m-%d %H:%M")
        where = r.label or f"{r.lat:.5f}, {r.lon:.5f}"
        lines.append(f"{when} {r.user_name} 📍 {where} — {r.customer or TEXTS['no_visit'][lang]}")
    return Reply("\n".join(lines))
