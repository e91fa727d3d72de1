"""The taps on reminder and pool-warning buttons: done (`rdone:p|f:ID`), postpone
(`rpost:DAYS:p|f:ID`), cancel (`rcancel:p|f:ID`) and log a follow-up (`rlog:CUSTOMER`). `p` is a
planned activity, `f` the follow-up date of a done activity. Only the person reminded (or a
manager above them) may tap; a second tap says it is already done and changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import Connection

from bot.conversation_log import Turn
from bot.conversation_texts import day_with_weekday
from bot.plan_time import plan_at, planned_clock
from bot.replies import Reply
from domain.labels import kind_label
from storage import reminder_queries as rq
from storage.visibility import visible_user_ids

PRESS = re.compile(r"^(?:(rdone|rcancel):([pf]):(.+)|rpost:(\d{1,3}):([pf]):(.+)|rlog:(.+))$")
FOLLOWUP_KIND = "call"  # the kind of a one-tap follow-up on a customer with no activity yet

TEXTS = {
    "zh": {"plan_done": "✅ 已完成：{what} {customer}，记为今天的{what}。",
           "fu_done": "✅ 已记下：{customer} 跟进完成。下次跟进直接告诉我，例如「下周三再跟进{customer}」。",
           "moved": "📅 已推迟：{customer} · {what} → {day}", "cancelled": "✖ 已取消：{customer} · {what}",
           "logged": "✅ 已记一次跟进：{customer}（公海倒计时重新开始）。", "logged_today": "今天已经记过 {customer} 的跟进了。",
           "gone": "这条提醒已经处理过了。", "not_yours": "这条不是您的提醒，不能操作。", "followup": "跟进",
           "not_owner": "{customer} 现在不归您负责，不能记这次跟进。"},
    "en": {"plan_done": "✅ Done: {what} with {customer}, logged as today's {what}.",
           "fu_done": "✅ Logged: follow-up with {customer} done. Tell me the next one, e.g. \"follow up {customer} "
                      "next Wed\".",
           "moved": "📅 Postponed: {customer} · {what} → {day}", "cancelled": "✖ Cancelled: {customer} · {what}",
           "logged": "✅ Follow-up logged: {customer} (the pool countdown starts again).",
           "logged_today": "A follow-up with {customer} is already logged today.",
           "gone": "That reminder was already handled.", "not_yours": "That reminder is not yours.",
           "followup": "follow-up", "not_owner": "{customer} is not yours now, so I did not log it."},
}


def is_reminder_press(press: str | None) -> bool:
    """Whether a button id is one of the reminder buttons (handled here, not by the conversation)."""
    return bool(press) and PRESS.match(press.strip()) is not None


def _may(conn: Connection, uid: str, target: str | None) -> bool:
    if target is None:
        return False
    if uid == target:
        return True
    seen = visible_user_ids(conn, uid)
    return seen is None or target in seen


def press(conn: Connection, *, turn: Turn) -> list[Reply]:
    """Act on one reminder button tap (inside the dispatcher's transaction)."""
    m = PRESS.match((turn.msg.press or "").strip())
    tx = TEXTS.get(turn.lang, TEXTS["zh"])
    if m is None:
        return [Reply(tx["gone"])]
    if m[7]:
        return [_log_followup(conn, turn, m[7], tx)]
    action, typ, aid, days = (m[1], m[2], m[3], None) if m[1] else ("rpost", m[5], m[6], int(m[4]))
    row = rq.activity_row(conn, aid)
    if row is None:
        return [Reply(tx["gone"])]
    target = row["user_id"] if typ == "p" else row["owner_id"]
    if not _may(conn, turn.uid, target):
        return [Reply(tx["not_yours"])]
    what = kind_label(row["kind"], turn.lang) if typ == "p" else tx["followup"]
    if typ == "p":
        return [_plan(conn, turn, row, action, days, what, tx)]
    return [_followup(conn, turn, row, action, days, what, tx)]


def _today(turn: Turn):
    return turn.now.astimezone(turn.settings.org.tz).date()


def _plan(conn: Connection, turn: Turn, row: dict, action: str, days: int | None, what: str, tx: dict) -> Reply:
    tz, today = turn.settings.org.tz, _today(turn)
    if action == "rdone":
        ok = rq.mark_plan_done(conn, row["id"], turn.now, today, turn.uid, turn.message_id)
        return Reply(tx["plan_done"].format(what=what, customer=row["customer"]) if ok else tx["gone"])
    if action == "rcancel":
        ok = rq.cancel_plan(conn, row["id"], turn.now, turn.uid, turn.message_id)
        return Reply(tx["cancelled"].format(customer=row["customer"], what=what) if ok else tx["gone"])
    day = max(today, row["occurred_on"]) + timedelta(days=days or 1)
    at = plan_at(day, planned_clock(row["occurred_at"], tz), tz)
    ok = rq.move_plan(conn, row["id"], at, day, turn.now, turn.uid, turn.message_id)
    return Reply(tx["moved"].format(customer=row["customer"], what=what, day=day_with_weekday(day, turn.lang))
                 if ok else tx["gone"])


def _followup(conn: Connection, turn: Turn, row: dict, action: str, days: int | None, what: str, tx: dict) -> Reply:
    latest = rq.latest_done(conn, row["customer_id"])
    if latest is None or latest["id"] != row["id"] or row["followup_date"] is None:
        return Reply(tx["gone"])  # a newer activity (or a tap before) settled this follow-up
    today = _today(turn)
    if action == "rdone":
        rq.log_done(conn, user_id=turn.uid, customer_id=row["customer_id"], kind=row["kind"],
                    summary=row["next_step"] or "", at=turn.now, on=today, message_id=turn.message_id)
        return Reply(tx["fu_done"].format(customer=row["customer"]))
    if action == "rcancel":
        rq.set_followup(conn, row["id"], None, turn.now, turn.uid, turn.message_id)
        return Reply(tx["cancelled"].format(customer=row["customer"], what=what))
    day = max(today, row["followup_date"]) + timedelta(days=days or 1)
    rq.set_followup(conn, row["id"], day, turn.now, turn.uid, turn.message_id)
    return Reply(tx["moved"].format(customer=row["customer"], what=what, day=day_with_weekday(day, turn.lang)))


def _log_followup(conn: Connection, turn: Turn, customer_id: str, tx: dict) -> Reply:
    """The pool warning's one tap: a done follow-up on the customer now, by its owner."""
    names = rq.owned_customer_names(conn, [customer_id])
    if customer_id not in names:
        return Reply(tx["gone"])
    name, owner = names[customer_id]
    if owner != turn.uid:
        return Reply(tx["not_owner"].format(customer=name))
    today = _today(turn)
    if rq.done_on(conn, customer_id, turn.uid, today):
        return Reply(tx["logged_today"].format(customer=name))
    last = rq.latest_done(conn, customer_id)
    rq.log_done(conn, user_id=turn.uid, customer_id=customer_id, kind=(last or {}).get("kind") or FOLLOWUP_KIND,
                summary="", at=turn.now, on=today, message_id=turn.message_id)
    return Reply(tx["logged"].format(customer=name))
