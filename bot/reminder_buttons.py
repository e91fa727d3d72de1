"""The taps on reminder and pool-warning buttons: done (`rdone:p|f:ID`), postpone
(`rpost:DAYS:p|f:ID`), cancel (`rcancel:p|f:ID`) and log a follow-up (`rlog:CUSTOMER`). `p` is a
planned activity, `f` the follow-up date of a done activity. Only the person reminded (or a
manager above them) may tap; a second tap says it is already done and changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import Connection, Engine, select

from bot.conversation_log import Turn
from bot.conversation_texts import day_with_weekday
from bot.plan_time import plan_at, planned_clock
from bot.replies import Reply
from domain.labels import kind_label
from storage import reminder_queries as rq
from storage.models import OutboxItem
from storage.visibility import visible_user_ids

PRESS = re.compile(r"^(?:(rdone|rcancel):([pf]):(.+)|rpost:(\d{1,3}):([pf]):(.+)|rlog:(.+))$")
OUTBOX = OutboxItem.__table__
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


# the buttons in words, for channels without buttons (WeCom): "完成 1", "1 明天", "1 下周", "取消 1", "记跟进 1"
TEXT_TAPS: list[tuple[re.Pattern[str], str, int]] = [  # (pattern, outbox key prefix, button slot in its item)
    (re.compile(r"^\s*(?:完成|做完了?|已完成|搞定|done|✅)\s*(?:第\s*)?(\d{1,2})\s*(?:项|个|条)?\s*[。.!！]*\s*$", re.I),
     "remind", 0),
    (re.compile(r"^\s*(?:第\s*)?(\d{1,2})\s*(?:项|个|条)?\s*(?:推迟到|推到|改到|延到|挪到|to|→|->)?\s*"
                r"(?:明天|tomorrow|tmrw)\s*[。.!！]*\s*$", re.I), "remind", 1),
    (re.compile(r"^\s*(?:第\s*)?(\d{1,2})\s*(?:项|个|条)?\s*(?:推迟到|推到|改到|延到|挪到|to|→|->)?\s*"
                r"(?:下周|下星期|next\s+week)\s*[。.!！]*\s*$", re.I), "remind", 2),
    (re.compile(r"^\s*(?:取消|cancel)\s*(?:第\s*)?(\d{1,2})\s*(?:项|个|条)?\s*[。.!！]*\s*$", re.I), "remind", 3),
    (re.compile(r"^\s*(?:记跟进|记一次跟进|log(?:\s+a)?(?:\s+follow[\s-]?up)?)\s*(\d{1,2})\s*[。.!！]*\s*$", re.I),
     "poolwarn", 0),
]
SLOTS = {"remind": 4, "poolwarn": 1}  # buttons per numbered item


def text_tap(engine: Engine, turn: Turn, text: str) -> str | None:
    """The button id a reply in words means ("完成 1": the done button of item 1 of today's morning
    message to this person), or None when the text is no such reply or there is no such item."""
    for pattern, prefix, slot in TEXT_TAPS:
        m = pattern.match(text)
        if m is None:
            continue
        today = turn.now.astimezone(turn.settings.org.tz).date()
        key = f"{prefix}:{turn.uid}:{today.isoformat()}"
        with engine.connect() as conn:
            payload = conn.execute(select(OUTBOX.c.payload).where(OUTBOX.c.key == key)).scalar()
        if payload is None:
            return None
        buttons = Reply.from_json(payload).buttons
        i = (int(m[1]) - 1) * SLOTS[prefix] + slot
        return buttons[i].id if int(m[1]) >= 1 and i < len(buttons) else None
    return None


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


def press(conn: Connection, *, turn: Turn, press_id: str | None = None) -> list[Reply]:
    """Act on one reminder button tap (inside the dispatcher's transaction); `press_id` when said in words."""
    m = PRESS.match((press_id or turn.msg.press or "").strip())
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
    rq.lock_customer(conn, customer_id)
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
