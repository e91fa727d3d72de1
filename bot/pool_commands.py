"""Chat commands of the public-pool rules: "释放 X" / "release X to the pool" (the owner or a
manager above them only), the claim cap (`pool.max_private`: "认领" says why it is refused), and
the list of customers that went back to the pool in a period ("本周退回公海的客户")."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import partial

from sqlalchemy import Connection

from bot import reminder_buttons
from bot.conversation_log import Turn
from bot.conversation_texts import short_date
from bot.replies import Reply
from intents.command_phrases import COMMAND_PHRASES
from intents.normalize import fold
from storage import pool, records
from storage.visibility import user_role, visible_user_ids

# "本周退回公海的客户", "上周哪些客户回了公海", "customers returned to the pool this week"
RETURNED = [
    re.compile(r"(?P<when>本周|这周|这星期|上周|上星期|本月|这个月|上个月|上月|今天|昨天)?.{0,6}(?:退回|回到|回了|掉进|掉回|进了|释放到|释放回)"
               r"(?:了)?公海"),
    re.compile(r"(?:customers?|accounts?)\s+(?:that\s+)?(?:went|returned|were\s+returned|released|dropped)"
               r"(?:\s+back)?\s+(?:to|into)\s+(?:the\s+)?(?:public\s+)?pool(?:\s+(?P<when>this week|last week|this "
               r"month|last month|today|yesterday))?", re.IGNORECASE),
]
TEXTS = {
    "zh": {"released": "↩️ 已释放 {name} 到公海。", "in_pool": "「{name}」已经在公海里了。",
           "not_yours": "「{name}」由 {owner} 负责，只有负责人或其主管可以释放。", "none": "没有找到客户「{name}」。",
           "which": "有多个「{name}」：{names}。请说全名。",
           "cap": "不能认领：您名下已有 {n} 个客户，已到上限 {cap} 个。可以先「释放 客户名」再认领。",
           "ret_head": "{period}退回公海的客户（{n}）：", "ret_none": "{period}没有客户退回公海。",
           "auto": "{d} 天无跟进自动退回", "by_hand": "手动释放", "more": "…还有 {n} 个",
           "periods": {"week": "本周", "last_week": "上周", "month": "本月", "last_month": "上月", "today": "今天",
                       "yesterday": "昨天"}},
    "en": {"released": "↩️ Released {name} to the public pool.", "in_pool": "\"{name}\" is already in the public pool.",
           "not_yours": "\"{name}\" belongs to {owner}; only the owner or their manager may release it.",
           "none": "No customer \"{name}\".", "which": "Several \"{name}\": {names}. Please say the full name.",
           "cap": "Cannot claim: you own {n} customers, the cap is {cap}. Release one first (\"release NAME\").",
           "ret_head": "Customers returned to the pool {period} ({n}):", "ret_none": "No customer returned to the pool {period}.",
           "auto": "no follow-up for {d} days", "by_hand": "released by hand", "more": "…and {n} more",
           "periods": {"week": "this week", "last_week": "last week", "month": "this month", "last_month": "last month",
                       "today": "today", "yesterday": "yesterday"}},
}
ASKED = re.compile(r"哪些|哪几|哪个|多少|几个|几家|有谁|谁的|列出|清单|名单|明细|的客户|[?？]|吗|\b(?:which|what|list|show|how many)\b",
                   re.IGNORECASE)  # the words that make "…退回公海…" a question, not a remark
WHEN = {"本周": "week", "这周": "week", "这星期": "week", "上周": "last_week", "上星期": "last_week", "本月": "month",
        "这个月": "month", "上个月": "last_month", "上月": "last_month", "今天": "today", "昨天": "yesterday",
        "this week": "week", "last week": "last_week", "this month": "month", "last month": "last_month",
        "today": "today", "yesterday": "yesterday"}


def _tx(lang: str) -> dict:
    return TEXTS.get(lang, TEXTS["zh"])


def release_name(text: str) -> str | None:
    """The customer a release command names ("释放 华信", "release Acme to the pool"), or None."""
    folded = fold(text)
    for name, pattern in COMMAND_PHRASES:
        m = pattern.search(folded) if name == "release" else None
        if m and text[m.start(2):m.end(2)].strip():
            return text[m.start(2):m.end(2)].strip()
    return None


def prepare(services, turn: Turn, text: str):
    """The action for a reminder button said in words, "本周退回公海的客户" or a release command in `text`; None
    for anything else."""
    tapped = reminder_buttons.text_tap(services.engine, turn, text)  # "完成 1" on channels without buttons
    if tapped is not None:
        return partial(reminder_buttons.press, turn=turn, press_id=tapped)
    name = release_name(text)
    if name is not None:
        found = services.find_customer(name, turn.uid)
        ids = [found[0]] if found[0] else found[2]
        return partial(release, turn=turn, name=name, ids=ids)
    if returned_period(text, turn.now.date()) is not None:  # "本周退回公海的客户"
        return partial(returned_answer, turn=turn)
    return None


def release(conn: Connection, *, turn: Turn, name: str, ids: list[str] | None = None) -> list[Reply]:
    """Put the named customer back in the pool when the speaker owns it or manages its owner."""
    tx = _tx(turn.lang)
    rows = records.customers_by_ids(conn, ids) if ids else records.customers_matching(conn, name)
    if not rows:
        return [Reply(tx["none"].format(name=name))]
    seen = visible_user_ids(conn, turn.uid)
    mine = [r for r in rows if r["owner_id"] and (seen is None or r["owner_id"] in seen)]
    if len(mine) > 1:
        return [Reply(tx["which"].format(name=name, names="、".join(r["name"] for r in mine)))]
    if not mine:
        r = rows[0]
        if r["owner_id"] is None:
            return [Reply(tx["in_pool"].format(name=r["name"]))]
        return [Reply(tx["not_yours"].format(name=r["name"], owner=r["owner_name"] or r["owner_id"]))]
    r = mine[0]
    if not pool.release(conn, r["id"], r["owner_id"], turn.uid, turn.now, turn.message_id):
        return [Reply(tx["in_pool"].format(name=r["name"]))]
    return [Reply(tx["released"].format(name=r["name"]))]


def claim_refusal(conn: Connection, turn: Turn) -> Reply | None:
    """Why a rep may not claim one more customer (`pool.max_private` reached), or None."""
    cap = turn.settings.pool.max_private
    if cap <= 0 or user_role(conn, turn.uid) != "rep":
        return None
    n = pool.owned_count(conn, turn.uid)
    return Reply(_tx(turn.lang)["cap"].format(n=n, cap=cap)) if n >= cap else None


def returned_period(text: str, today: date) -> tuple[str, date, date] | None:
    """(period key, start, end) when `text` asks which customers went back to the pool (default: this week)."""
    for pattern in RETURNED:
        m = pattern.search(text)
        if m and (m["when"] or ASKED.search(text)):
            key = WHEN.get((m["when"] or "").lower(), "week")
            monday = today - timedelta(days=today.weekday())
            first = today.replace(day=1)
            last_month_end = first - timedelta(days=1)
            spans = {"week": (monday, today), "last_week": (monday - timedelta(days=7), monday - timedelta(days=1)),
                     "month": (first, today), "last_month": (last_month_end.replace(day=1), last_month_end),
                     "today": (today, today), "yesterday": (today - timedelta(days=1), today - timedelta(days=1))}
            return (key, *spans[key])
    return None


def returned_question(conn: Connection, question: str, asker_id: str, today: date, tz, lang: str,
                      return_after_days: int) -> dict | None:
    """"本周退回公海的客户" answered for `asker_id` (whose view filters the former owners): {text, rows, start,
    end}, rows {id, name, owner, returned_on, how}; None when the question is not this one."""
    found = returned_period(question, today)
    if found is None:
        return None
    key, start, end = found
    tx = _tx(lang)
    got = pool.returned_to_pool(conn, start, end, tz, visible_user_ids(conn, asker_id))
    period = tx["periods"][key]
    rows = [{"id": r["customer_id"], "name": r["name"], "owner": r["from_owner_name"],
             "returned_on": r["on"].isoformat(), "how": r["how"]} for r in got]
    if not rows:
        return {"text": tx["ret_none"].format(period=period), "rows": rows, "start": start, "end": end}
    lines = [tx["ret_head"].format(period=period, n=len(rows))]
    for r in got[:20]:
        how = tx["auto"].format(d=r["days"] or return_after_days) if r["how"] == "auto" else tx["by_hand"]
        lines.append(f"• {r['name']} · {r['from_owner_name']} · {short_date(r['on'])} · {how}")
    if len(rows) > 20:
        lines.append(tx["more"].format(n=len(rows) - 20))
    return {"text": "\n".join(lines), "rows": rows, "start": start, "end": end}


def returned_answer(conn: Connection, *, turn: Turn) -> list[Reply]:
    """The chat answer to "本周退回公海的客户"."""
    today = turn.now.astimezone(turn.settings.org.tz).date()
    got = returned_question(conn, turn.msg.text, turn.uid, today, turn.settings.org.tz, turn.lang,
                            turn.settings.pool.return_after_days)
    return [Reply(got["text"] if got else _tx(turn.lang)["ret_none"].format(period=""))]
