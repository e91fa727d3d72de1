"""The morning reminders (CONTRACT.md `[reminders]`): at `reminders.time` on working days each
person gets one private message with their plans and follow-ups due today and overdue (at most
10 with buttons, then "and N more"); a manager's message also shows, once per follow-up, their
reps' follow-ups overdue `escalate_after_days` days. A plan said with a clock time is reminded
again `SOON` before it; an installment falling due unpaid is told to the contract's owner."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, select

from bot.answer_text import format_money
from bot.job_support import BUTTON_CHANNELS, Event, private_target, send_private
from bot.plan_time import clock_time, planned_clock
from bot.replies import Button, Reply
from domain.labels import kind_label
from domain.settings import Settings
from storage import reminder_queries as rq
from storage.models import Activity

SHOWN = 10  # items listed (with buttons) in one morning message
SOON = timedelta(minutes=30)  # a timed plan is reminded again this long before it
ESCALATED_PER_REP = 5  # customers named per rep in a manager's escalation lines
POSTPONE_DAYS = (1, 7)  # the postpone buttons: tomorrow, next week

TEXTS = {
    "zh": {"head": "☀️ 早上好，{name}！今天要跟进 {n} 项：", "more": "…还有 {n} 项（发「我的跟进」看全部）",
           "today": "今天", "overdue": "逾期{d}天", "followup": "跟进", "esc_head": "⚠️ 团队逾期跟进（超过 {d} 天）：",
           "esc_more": "等 {n} 个", "done": "✅{i}", "tomorrow": "{i}→明天", "week": "{i}→下周", "cancel": "✖{i}",
           "soon": "⏰ {t} {what}：{customer}{note}", "inst": "💰 今天到期未回款：{customer} · {title}本期 {amount}",
           "sep": "、", "colon": "：", "hint": "（没有按钮时回复「完成 1」「1 明天」「1 下周」「取消 1」）"},
    "en": {"head": "☀️ Good morning, {name}! {n} to follow up today:", "more": "…and {n} more (send \"my follow-ups\")",
           "today": "today", "overdue": "{d}d overdue", "followup": "follow-up",
           "esc_head": "⚠️ Your team's follow-ups overdue over {d} days:", "esc_more": "+{n} more",
           "done": "✅{i}", "tomorrow": "{i}→tmrw", "week": "{i}→next wk", "cancel": "✖{i}",
           "soon": "⏰ {t} {what}: {customer}{note}", "inst": "💰 Due today, unpaid: {customer} · {title}{amount}",
           "sep": ", ", "colon": ": ", "hint": "(no buttons? reply \"done 1\", \"1 tomorrow\", \"1 next week\", \"cancel 1\")"},
}


def item_code(item: rq.DueItem) -> str:
    """`p:ID` for a plan, `f:ID` for a follow-up (the button ids carry it)."""
    return f"{item.type[0]}:{item.activity_id}"


def _when(item: rq.DueItem, today: date, lang: str, settings: Settings) -> str:
    tx = TEXTS[lang]
    if item.due < today:
        return tx["overdue"].format(d=(today - item.due).days)
    clock = planned_clock(item.at, settings.org.tz) if item.at is not None else None
    return f"{tx['today']} {clock:%H:%M}" if clock else tx["today"]


def item_line(i: int, item: rq.DueItem, today: date, lang: str, settings: Settings) -> str:
    what = kind_label(item.kind, lang) if item.type == "plan" else TEXTS[lang]["followup"]
    note = f" · {item.text}" if item.text else ""
    return f"{i}. {item.customer} · {what} · {_when(item, today, lang, settings)}{note}"


def item_buttons(i: int, item: rq.DueItem, lang: str) -> list[Button]:
    tx, code = TEXTS[lang], item_code(item)
    return [Button(f"rdone:{code}", tx["done"].format(i=i)),
            Button(f"rpost:{POSTPONE_DAYS[0]}:{code}", tx["tomorrow"].format(i=i)),
            Button(f"rpost:{POSTPONE_DAYS[1]}:{code}", tx["week"].format(i=i)),
            Button(f"rcancel:{code}", tx["cancel"].format(i=i))]


def escalation_lines(items: list[rq.DueItem], names: dict[str, dict], today: date, lang: str, days: int) -> list[str]:
    """Compact per-rep lines: '王磊：恒通（逾期5天）、华信（逾期4天）'."""
    tx = TEXTS[lang]
    by_rep: dict[str, list[rq.DueItem]] = defaultdict(list)
    for it in items:
        by_rep[it.user_id].append(it)
    lines = [tx["esc_head"].format(d=days)]
    for rep in sorted(by_rep, key=lambda r: names.get(r, {}).get("name", r)):
        its = sorted(by_rep[rep], key=lambda x: (x.due, x.customer))
        shown = [f"{x.customer}（{tx['overdue'].format(d=(today - x.due).days)}）" if lang == "zh"
                 else f"{x.customer} ({tx['overdue'].format(d=(today - x.due).days)})" for x in its[:ESCALATED_PER_REP]]
        more = f" {tx['esc_more'].format(n=len(its) - ESCALATED_PER_REP)}" if len(its) > ESCALATED_PER_REP else ""
        lines.append(f"{names.get(rep, {}).get('name', rep)}{tx['colon']}{tx['sep'].join(shown)}{more}")
    return lines


def morning_message(user: dict, own: list[rq.DueItem], escalations: list[rq.DueItem], names: dict[str, dict],
                    today: date, settings: Settings) -> Reply:
    """One person's morning message: their own items (buttons for the first SHOWN), then escalations; on a
    channel without buttons (WeCom) a line says how to answer in words."""
    lang = settings.org.language
    tx = TEXTS[lang]
    lines: list[str] = []
    buttons: list[Button] = []
    if own:
        lines.append(tx["head"].format(name=user["name"], n=len(own)))
        for i, item in enumerate(own[:SHOWN], start=1):
            lines.append(item_line(i, item, today, lang, settings))
            buttons += item_buttons(i, item, lang)
        if len(own) > SHOWN:
            lines.append(tx["more"].format(n=len(own) - SHOWN))
        if private_target(settings, user)[0] not in BUTTON_CHANNELS:
            lines.append(tx["hint"])
    if escalations:
        if lines:
            lines.append("")
        lines += escalation_lines(escalations, names, today, lang, settings.reminders.escalate_after_days)
    return Reply("\n".join(lines), buttons)


def run_morning(conn: Connection, settings: Settings, now: datetime) -> list[Event]:
    """Queue every person's morning message of today (once per person and day)."""
    today = now.astimezone(settings.org.tz).date()
    users = rq.people(conn)
    own: dict[str, list[rq.DueItem]] = defaultdict(list)
    items = rq.due_items(conn, today)
    for it in items:
        own[it.user_id].append(it)
    esc: dict[str, list[rq.DueItem]] = defaultdict(list)
    days = settings.reminders.escalate_after_days
    if days > 0:
        late = [it for it in items if it.due <= today - timedelta(days=days)]
        done = rq.escalated(conn, [it.activity_id for it in late])
        for it in late:
            manager = users.get(it.user_id, {}).get("manager_id")
            if manager in users and (it.activity_id, it.due.isoformat()) not in done:
                esc[manager].append(it)
    events = []
    for uid in sorted(set(own) | set(esc)):
        if uid not in users:
            continue
        reply = morning_message(users[uid], own.get(uid, []), esc.get(uid, []), users, today, settings)
        ev = send_private(conn, settings, users[uid], f"remind:{uid}:{today.isoformat()}", reply, now,
                          "escalation" if esc.get(uid) else "reminder")
        if ev is None:
            continue
        for it in esc.get(uid, []):
            rq.mark_escalated(conn, it, uid, now)
        events.append(ev)
    return events


def plan_start(conn: Connection, item: rq.DueItem, settings: Settings) -> datetime | None:
    """When a plan is to happen, if a clock time was said: its stored time, else the one clock time
    of the message it came from (for plans saved before times were stored)."""
    tz = settings.org.tz
    clock = planned_clock(item.at, tz) if item.at is not None else None
    if clock is None:
        clock = clock_time(rq.message_text(conn, item.message_id))
    if clock is None:
        return None
    return datetime.combine(item.due, clock, tzinfo=tz)


def run_soon(conn: Connection, settings: Settings, now: datetime) -> list[Event]:
    """Remind each plan of today with a clock time once, when it is less than SOON away."""
    lang = settings.org.language
    tx = TEXTS[lang]
    today = now.astimezone(settings.org.tz).date()
    users = rq.people(conn)
    events = []
    for item in rq.due_plans(conn, today, since=today):
        if item.user_id not in users:
            continue
        start = plan_start(conn, item, settings)
        if start is None or not (start - SOON <= now < start):
            continue
        code = item_code(item)
        note = f" · {item.text}" if item.text else ""
        reply = Reply(tx["soon"].format(t=f"{start:%H:%M}", what=kind_label(item.kind, lang), customer=item.customer,
                                        note=note),
                      [Button(f"rdone:{code}", tx["done"].format(i="")),
                       Button(f"rpost:1:{code}", tx["tomorrow"].format(i="")),
                       Button(f"rcancel:{code}", tx["cancel"].format(i=""))])
        ev = send_private(conn, settings, users[item.user_id], f"soon:{item.activity_id}:{start.isoformat()}",
                          reply, now, "reminder_soon")
        if ev is not None:
            events.append(ev)
    return events


def run_installments(conn: Connection, settings: Settings, now: datetime) -> list[Event]:
    """Tell each contract's owner, once, of an installment falling due today unpaid."""
    lang = settings.org.language
    today = now.astimezone(settings.org.tz).date()
    users = rq.people(conn)
    events = []
    for r in rq.installments_due_unpaid(conn, today):
        owner = users.get(r["owner_id"])
        if owner is None:
            continue
        title = f"「{r['title']}」" if r["title"] and lang == "zh" else f"{r['title']}: " if r["title"] else ""
        text = TEXTS[lang]["inst"].format(customer=r["customer"], title=title,
                                          amount=format_money(r["unpaid_cents"] / 100, r["currency"] or "CNY"))
        ev = send_private(conn, settings, owner, f"inst:{r['contract_id']}:{today.isoformat()}", Reply(text), now,
                          "installment")
        if ev is not None:
            events.append(ev)
    return events


def has_planned_today(conn: Connection, day: date) -> bool:
    """Whether any plan is dated `day` (the soon-reminder job skips its work otherwise)."""
    A = Activity.__table__
    return conn.execute(select(A.c.id).where(A.c.status == "planned", A.c.occurred_on == day).limit(1)).first() \
        is not None
