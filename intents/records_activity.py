"""Activity records: done or planned by the tense of their clauses, negated, moved, or no activity at all."""

from __future__ import annotations

import re
from datetime import date, time
from functools import lru_cache

from domain.types import (
    ActivityRecord,
    Kind,
    Visit,
)
from intents.capture import LogFacts
from intents.clauses import (
    GO_WORDS,
    activity_verb,
    is_activity,
    is_reminder,
    negated,
    split_clauses,
    tense,
    time_head,
)
from intents.contact_details import strip_details
from intents.dates import find_dates, unreadable_days
from intents.lexicon import KIND_PATTERNS
from intents.lexicon_records import (
    ACTIVITY_MOVED,
    ARRIVING,
    COMING_OVER,
    CONTACT_LEFT,
    NO_NEWS,
    REPORTED,
    REQUESTED_ACTIVITY,
    RESCHEDULED,
    compile_words,
)
from intents.normalize import fold
from intents.record_context import Context, customer_fields

_REPORTED = compile_words(REPORTED)
_REQUESTED = compile_words(REQUESTED_ACTIVITY)
_COMING_OVER = compile_words(COMING_OVER)
_ARRIVING = compile_words(ARRIVING)
_PLAN_KIND_ORDER: tuple[Kind, ...] = ("demo", "meeting", "call", "message", "visit")


# sending or mailing something over (发报价, 把合同寄出去, 快递过去, mail the contract): a message
_SEND = re.compile(r"发(?:个|一下|一份|一版)?(?:报价|方案|资料|合同|邮件|消息|样品)|[发寄传邮]过去|[发寄邮](?:出去|出|走)|发给|寄给|快递|"
                   r"\b(?:send|email|mail|courier|fedex|dhl)\b")


# something sent over (quote sent, sent it over, 报价发过去了): with no kind word, the touch was a message
_SENT = re.compile(r"(?<![开出研启激分批])发过去|[发寄传]给了?|(?:报价单?|方案|资料|材料|文件|合同)[^，,。；;]{0,6}?(?:已经|已)?发(?:了|出)|"
                   r"\b(?:sent|emailed|e-mailed|mailed)\b")


def _ahead(clauses: list, i: int) -> bool:
    """A day ahead said in clause i, or in the clause before it when that one is only a heading of days
    ("afternoon: call X", "周二：A"): the day that governs clause i."""
    def said(j: int) -> bool:
        return any(d.ahead and d.ahead != d.back for d in clauses[j][1])
    return said(i) or (i > 0 and said(i - 1) and activity_verb(clauses[i - 1][0]) is None)


# a clause that only says the activity before it was called off (去华美，临时取消了 / visit to X, cancelled)
_CALLED_OFF = re.compile(r"^\s*(?:但|但是|可是|结果|后来|最后|but|then)?\s*(?:临时|又|也|突然|最后|客户)?\s*(?:被)?"
                         r"(?:取消了?|黄了|泡汤了?|cancell?ed|called off|fell through|got cancell?ed|was cancell?ed)\s*$")


# not let in / no one seen (门卫没让进, 没进去, 吃了闭门羹, couldn't get in, turned away): the visit did not happen as one
_TURNED_AWAY = re.compile(r"(?:没|没有|不|未)(?:让|给|准|放)(?:我们?|我)?进|(?:没|没有|未|没能)进(?:去|得去|门)|进不去|吃了?个?闭门羹|"
                          r"(?:没|没有)见到(?:任何)?人|谁(?:都|也)没见(?:到|着)|扑了?个?空|白跑了?一趟|"
                          r"\b(?:couldn'?t|could not|can'?t|cannot|wasn'?t able to|weren'?t able to|unable to|failed to) get in\b|"
                          r"\b(?:wasn'?t|weren'?t|was not|were not) (?:let|allowed) in\b|\b(?:got )?turned (?:me |us )?away\b|"
                          r"\b(?:didn'?t|did not) (?:see|meet) anyone\b|\b(?:no one|nobody) (?:was )?there\b")


_CONFIRMED = re.compile(r"\b(?:confirmed|is set|all set|set|booked|scheduled|locked in|is on|on)\b|定了|定好了|确认了?|约好了?|敲定了?")


def _soon(folded: str, days: list, start: int, mark: str, today: date) -> str:
    """"Dec 9 demo at X confirmed" / 12月9号的演示定了, said on 4 December; "visit on the 15th confirmed" said on
    the 14th: an explicit day whose coming reading is nearer than its past one and within about a month (two
    when the past one is most of a year ago) is the coming one; with no past marker in the clause (confirmed,
    set, booked, 定了 are none), the plan. "visited X on the 2nd" keeps its past marker: done."""
    def near(d) -> bool:
        ahead, back = (d.ahead - today).days, (today - d.back).days
        return ahead < back and (ahead <= 31 or (back > 180 and ahead <= 62))
    soon = [d for d in days if d.back and d.ahead and not d.vague and not d.weekday and near(d)]
    if mark == "planned" or not soon or activity_verb(folded) is None or _AGAIN.search(folded) or "下次" in folded:
        return mark  # 下次拜访时间：12月3日: the next visit's day, a follow-up
    rest = folded
    for d in soon:
        a, b = max(0, d.span[0] - start), max(0, d.span[1] - start)
        rest = rest[:a] + " " * (b - a) + rest[b:]
    return "planned" if tense(_CONFIRMED.sub(" ", rest)) != "done" else mark


_TO_DAY = re.compile(r"(?:\bto|\buntil|到)\s*$")
_RIGHT_NOW = re.compile(r"\b(?:now|right now|on my way|heading)\b|现在|马上|这就|正在去|路上")


def _plan_kind(folded: str) -> Kind:
    if _COMING_OVER.search(folded) or _ARRIVING.search(folded):
        return "meeting"  # they come to us: a meeting at our office
    found = {k for k, p in KIND_PATTERNS.items() if p.search(folded)}
    if not found and _SEND.search(folded):
        return "message"
    return next((k for k in _PLAN_KIND_ORDER if k in found), "visit")


def activity_record(text: str, facts: LogFacts, ctx: Context) -> None:
    visit = facts.visit or _plan_only(text, facts, ctx)
    if visit is None:
        return
    if _bare_name(text, facts):
        ctx.rule("activity.bare_name_is_no_log")
        return
    if _status_note(text, facts, visit):
        ctx.rule("activity.status_note_is_no_visit")  # "Northstar hasn't issued the PO yet": news of a state, no touch
        return
    bare = strip_details(fold(text)).replace(fold(facts.customer.said) if facts.customer else "\0", "")
    if bare != fold(text) and not bare.strip(" ，,。.:：;；-—()（）的"):
        ctx.rule("activity.details_only")  # 远航电子 guo@yuanhang.cn: a detail without anyone, no visit
        return
    parts = split_clauses(text)
    named = _dated_name_spans(text, facts)  # 明天医疗器械: a day word in a customer's name is no tense
    clauses = [(_blanked(fold(c.text), c.start, named), [d for d in facts.dates if c.start <= d.span[0] < c.end])
               for c in parts]
    starts = {id(days): c.start for (_f, days), c in zip(clauses, parts, strict=True)}
    acts = [(c, days) for c, days in clauses if is_activity(strip_details(c))]
    moved_only = ACTIVITY_MOVED.search(fold(text))  # the activity itself moved: none happened
    called_off = [negated(c) or _CALLED_OFF.match(clauses[i + 1][0] if i + 1 < len(clauses) else "") is not None
                  or any(_TURNED_AWAY.search(t) for t, _d in clauses[i:i + 3])
                  for i, (c, _days) in enumerate(clauses)]
    if moved_only or (acts and all(off for (c, d), off in zip(clauses, called_off, strict=True) if (c, d) in acts)) \
            or (not acts and any(negated(c) or _TURNED_AWAY.search(c) for c, _days in clauses)):
        moved = moved_only or RESCHEDULED.search(fold(text))
        # the new day: said after the move word ("from today to next Thursday": not today), else after its start;
        # a quarter or a year is a deal's delay, no meeting day
        folded_all = fold(text)
        to_day = [d for d in facts.dates if moved and d.span[0] >= moved.start() and d.ahead
                  and _TO_DAY.search(folded_all[max(0, d.span[0] - 6):d.span[0]])]  # "from Fri to 12/22": 12/22
        day = to_day[-1].ahead if to_day else next(
            (d.ahead for at in ((moved.end(), moved.start()) if moved else ()) for d in facts.dates
             if d.span[0] >= at and d.ahead and not (moved_only and d.vague)), None)
        if day is None:
            ctx.rule("activity.negated")
            return
        rec = ActivityRecord(**{**visit.model_dump(exclude={"out_of_view"}), **customer_fields(facts.customer)})
        rec.status, rec.date, rec.followup_date, rec.next_step = "planned", day, None, None
        ctx.rule("activity.rescheduled")  # 没去成，改到周四: the plan on the new day
        ctx.add(rec)
        return
    if ctx.several and not acts and not facts.dates and not facts.signals.get("contact") and facts.deal is None:
        ctx.rule("activity.mention_only")  # 邱总说远航那边也在找他们: a name mentioned, nothing done with it
        return
    if not acts and facts.deal is None and not facts.signals.get("contact") and not facts.dates \
            and NO_NEWS.search(fold(text)) and not _REPORTED.search(fold(text)):
        ctx.rule("activity.no_news")  # 明德食品的合同还没签 / Acme still thinking: a note, no activity
        return
    if not acts and facts.deal is None and CONTACT_LEFT.search(fold(text)):
        ctx.rule("activity.contact_left")  # 郭秀军离职了 / Mary left: news of a person, no activity
        ctx.note("contact_left")
        return
    if ctx.contact_said and not acts and not (facts.deal and (facts.deal.stage or facts.deal.amount)):
        ctx.rule("activity.contact_details_only")  # 新来了个采购经理叫孙丽丽，手机…: details, no visit
        return
    # a day ahead makes an arrangement or an English imperative a plan in its own clause only ("call w/ X -
    # pushing the project to Q1": the call happened; the quarter is the deal's)
    marks = [tense(c, has_day_ahead=_ahead(clauses, i)) for i, (c, _days) in enumerate(clauses)]
    marks = [_later_today(c, days, starts[id(days)], m) for (c, days), m in zip(clauses, marks, strict=True)]
    marks = [_morning_today(c, days, m, ctx.today, ctx.clock) for (c, days), m in zip(clauses, marks, strict=True)]
    marks = [_soon(c, days, starts[id(days)], m, ctx.today) for (c, days), m in zip(clauses, marks, strict=True)]
    if facts.day is None:  # no day of the activity itself was said: a coming day may be the plan's
        marks = [_coming_day(c, days, starts[id(days)], m) for (c, days), m in zip(clauses, marks, strict=True)]
    # the activity's day only a bare weekday (周三 reads back and ahead): going or coming on it may be the plan
    if facts.day is None or all(d.weekday for d in facts.dates if d.back == facts.day):
        marks = [_coming_weekday(c, days, starts[id(days)], m, ctx.today)
                 for (c, days), m in zip(clauses, marks, strict=True)]
        marks = [_requested(c, days, starts[id(days)], m, ctx.today) for (c, days), m in zip(clauses, marks, strict=True)]
        marks = [_coming_over(c, days, starts[id(days)], m, ctx.today) for (c, days), m in zip(clauses, marks, strict=True)]
    marks = _carried(marks)
    # a called-off activity (meeting got cancelled) is no tense of its own: what else the message says decides
    # ("…, they'll call back next week": the plan); its cancelling is never a done one
    marks = ["off" if off and cl in acts else m for cl, m, off in zip(clauses, marks, called_off, strict=True)]
    acts = [cl for cl, off in zip(clauses, called_off, strict=True) if cl in acts and not off]
    chosen = [m for (c, _days), m in zip(clauses, marks, strict=True) if not acts or (c, _days) in acts]
    # "call with X, spoke to Y, will send …": something in it was done; but what follows a plan said first is
    # its reason, not a report (下周一去宁波见武经理，二期做完了想聊聊三期)
    first_plan = next((i for i, (cl, m) in enumerate(zip(clauses, marks, strict=True)) if m == "planned" and cl in acts), None)
    if acts and any(m == "done" and (first_plan is None or i < first_plan) for i, m in enumerate(marks)):
        chosen.append("done")
    reminder = any(is_reminder(c) for c, _days in clauses)
    carried = ctx.carry_plan is not None and chosen and all(m == "neutral" for m in chosen)
    if carried:
        chosen = ["planned"]  # 明天上午拜访A，下午拜访B / 下周一去A，周三去B: still the plan's tense
    if not acts and facts.deal is not None and not reminder:
        chosen = ["done"]  # 林总 报价60万 下周二再聊: news of a deal from someone is something that happened
    if ctx.plan_head:
        chosen = ["planned"]  # Monday plan: visit A Wed, send B the docs today: every item still to do
        ctx.rule("activity.plan_heading")
    fields = {**visit.model_dump(exclude={"out_of_view"}), **customer_fields(facts.customer)}
    rec = ActivityRecord(**fields)
    if chosen and all(m == "planned" for m in chosen):
        plan = acts or clauses
        days = [d for _c, ds in plan for d in ds] or facts.dates
        day = next((d.ahead for d in days if d.ahead), None)  # the plan's day, read ahead
        if day is None and carried:
            day = ctx.carry_plan
        if day is None and _RIGHT_NOW.search(fold(text)):
            day = ctx.today  # "heading to X now", 现在过去: today's plan
        rec.status, rec.date = "planned", day if day is not None else visit.followup_date
        rec.followup_date, rec.next_step = None, None
        rec.kind = _plan_kind(" ".join(c for c, _days in plan))
        ctx.rule("activity.planned" + (":reminder" if reminder else ""))
    else:
        ctx.rule("activity.done" + ("+followup" if visit.followup_date else ""))
        if not facts.signals.get("kind") and rec.kind == "visit" and _SENT.search(fold(text)):
            rec.kind = "message"  # "revised quote sent today" / 报价发过去了: what was done was sending it
            ctx.rule("activity.sent_is_message")
        if facts.day is None and unreadable_days(text, ctx.today, ctx.date_order):
            rec.date = None  # a day phrase the engine cannot read is never today: the bot asks
            ctx.note("date_unreadable")
            ctx.rule("activity.day_unreadable")
    ctx.add(rec)


def _dated_name_spans(text: str, facts: LogFacts) -> list[tuple[int, int]]:
    """Where the customer's name is written, when it holds a day phrase (明天医疗器械, Tomorrow Labs)."""
    if facts.customer is None or not facts.customer.said.strip() or not _has_day(facts.customer.said):
        return []
    said, folded = fold(facts.customer.said), fold(text)
    return [(i, i + len(said)) for i in range(len(folded)) if folded.startswith(said, i)]


@lru_cache(maxsize=8192)
def _has_day(name: str) -> bool:
    return bool(find_dates(name, _ANY_DAY))


_ANY_DAY = date(2000, 1, 3)  # only whether a day phrase is there is read


def _blanked(folded: str, start: int, spans: list[tuple[int, int]]) -> str:
    """The clause with those stretches of the message blanked (same length)."""
    for a, b in spans:
        a, b = max(a - start, 0), min(b - start, len(folded))
        if a < b:
            folded = folded[:a] + " " * (b - a) + folded[b:]
    return folded


def _plan_only(text: str, facts: LogFacts, ctx: Context) -> Visit | None:
    """计划下周拜访X: read_log took the day as a closing, but a verb governed by a plan word is a plan."""
    if facts.customer is None:
        return None
    folded = fold(text)
    moved = negated(folded) and RESCHEDULED.search(folded)  # 没去成华龙机械，改到周二
    if not is_activity(folded) or (tense(folded) != "planned" and not moved):
        return None
    ctx.rule("activity.plan_without_visit_slot")
    cust = facts.customer
    return Visit(customer=cust.name or cust.said, customer_id=cust.customer_id, candidates=cust.candidates or None,
                 summary=text.strip())


_AGAIN = re.compile(r"再|又|还要|回访|跟进|\b(?:again|follow[- ]?up|next step|next time)\b")


def _coming_day(folded: str, days: list, start: int, mark: str) -> str:
    """A neutral clause whose activity is set on a day still to come is a plan: 这周三去X (a day only
    ahead, before the verb); "Meeting with Acme on Thursday" (the day read ahead, no again/follow-up)."""
    if mark != "neutral":
        return mark
    verb = activity_verb(folded)
    if verb is None or _REPORTED.search(folded) or (_AGAIN.search(folded) and not _day_then_again(folded, days, start, verb)):
        return mark  # "X wants a demo on Monday": they said so, to the rep: done, with its follow-up
    for d in days:
        at = d.span[0] - start
        if d.ahead and d.back is None and not d.vague and at < verb.start():
            return "planned"
        if verb.group(0).isascii() and d.ahead and d.ahead != d.back and not d.vague and at > verb.start():
            return "planned"
    return mark


def _day_then_again(folded: str, days: list, start: int, verb: re.Match) -> bool:
    """两周后再去一趟 / 下周再拜访: a day only ahead, then 再 and the verb: the visit itself is still to come."""
    return any(d.ahead and d.back is None and not d.vague and folded[d.span[1] - start:verb.start()].strip() in _AGAIN_ONLY
               for d in days)


_AGAIN_ONLY = ("再", "再次", "再来", "还要再")


_PAST_DE = re.compile(r"(?:去|来|见|拜访|过来|过去)的")  # 周四去的: the 是…的 of something done
_GOING = re.compile(GO_WORDS + r"|见(?![了过到])|\b(?:i'm|we're|i am|we are) (?:meeting|visiting)\b")


def _coming_weekday(folded: str, days: list, start: int, mark: str, today) -> str:
    """宝丰周三去讲方案 / 周四去见王总 / Wednesday I'm seeing Acme (said on Monday): a bare weekday in a clause
    that goes or comes to see someone, with no past marker (周三去了X / 周三去的 is done), is the coming such day."""
    if mark != "neutral" or _REPORTED.search(folded) or _PAST_DE.search(folded):
        return mark
    going = _GOING.search(folded) or _ARRIVING.search(folded)
    if going is None:
        return mark
    for d in days:
        if d.weekday and d.back != today and (going.group(0).isascii() or d.span[0] - start < going.start()):
            return "planned"
    return mark


def _still_to_come(d, today) -> bool:
    """A day only ahead, or a bare weekday other than today's (周三 said on Monday is the coming one)."""
    return bool(d.ahead and not d.vague and (d.back is None or (d.weekday and d.back != today)))


def _requested(folded: str, days: list, start: int, mark: str, today) -> str:
    """Mary asked for a demo next Wednesday / 王总希望下周三来做个演示: the activity asked for, on a day only
    ahead, is the plan (nothing else in the clause done: the request itself is no visit)."""
    m = _REQUESTED.search(folded)
    if m is None or mark == "planned":
        return mark
    if not any(_still_to_come(d, today) and d.span[0] - start >= m.end() for d in days):
        return mark
    rest = folded[:m.start()] + " " + folded[m.end():]
    return "planned" if tense(rest) != "done" else mark


def _coming_over(folded: str, days: list, start: int, mark: str, today) -> str:
    """周总说下周三来公司 / she said they'll come by on Monday: the customer coming to us on a day ahead is
    the plan, when nothing else in the clause was done (the report itself is no visit)."""
    m = _COMING_OVER.search(folded)
    if m is None or mark == "planned":
        return mark
    if not any(_still_to_come(d, today) and d.span[0] - start >= m.start() for d in days):
        return mark
    return "planned" if tense(folded[:m.start()]) != "done" else mark


def _later_today(folded: str, days: list, start: int, mark: str) -> str:
    """今天上午去安盛 / 下午3点来公司 / this afternoon I'm seeing X / today at 3pm call with X, sent before that
    time: an activity or the customer's coming, set at a time of today still to come (`later_today`), is the
    plan unless a past marker says it happened (下午拜访了X); the day words and the arrival are no past here."""
    later = [d for d in days if d.later_today]
    if mark == "planned" or not later:
        return mark
    if time_head(folded):
        return "planned"  # 上午：拜访A: the heading's plan carries to the clauses under it
    if activity_verb(folded) is None and not _ARRIVING.search(folded):
        return mark
    rest = folded
    for d in later:
        a, b = max(0, d.span[0] - start), max(0, d.span[1] - start)
        rest = rest[:a] + " " * (b - a) + rest[b:]
    rest = _ARRIVING.sub(lambda m: " " * len(m.group(0)), rest)
    return "planned" if tense(rest) != "done" and not _REPORTED.search(rest) else mark


# going somewhere (先去科华, 再去创联, heading to X: _GOING) with no past marker (了, 过, 已, went): said in the morning
# of the day, 今天 / today with it is the plan for today
_PAST_MARK = re.compile(r"了|过|已|刚|\b(?:went|visited|was|were|met|had|did|saw|been)\b")


def _morning_today(folded: str, days: list, mark: str, today: date, clock: time | None) -> str:
    """早，今天先去科华，再去创联 sent at 08:50: a bare 今天 / today with a going verb and no past marker, said
    before noon, is still to come: the plan for today."""
    if mark == "planned" or clock is None or clock >= time(12):
        return mark
    if not any(d.back == today == d.ahead and not d.later_today and fold(d.said).strip() in ("今天", "today", "今日")
               for d in days):
        return mark
    return "planned" if _GOING.search(folded) and not _PAST_MARK.search(folded) else mark


def _carried(marks: list[str]) -> list[str]:
    """A neutral clause after a planned one is part of the plan (明天：去A，再去B / Tomorrow: visit A, call B)."""
    out, last = [], None
    for m in marks:
        out.append("planned" if m == "neutral" and last == "planned" else m)
        last = out[-1]
    return out


def _status_note(text: str, facts: LogFacts, visit: Visit) -> bool:
    """A state of things with no one doing anything: no activity word, no person, nobody's word, no day, no deal
    news (还没拿到PO / contract not back yet / still no PO): nothing happened with the customer to log."""
    s = facts.signals
    if not facts.customer or facts.deal is not None or s.get("kind") or s.get("contact") or s.get("date") \
            or visit.contact or visit.followup_date:
        return False
    folded = fold(text)
    return bool(_PENDING.search(folded)) and not is_activity(strip_details(folded)) and not _REPORTED.search(folded) \
        and not _REQUESTED.search(folded) and not _COMING_OVER.search(folded) and not _ARRIVING.search(folded)


# a thing still awaited (还没拿到PO, 合同还没回来, still no PO, hasn't issued the PO yet)
_PENDING = re.compile(r"还没|尚未|仍未|还未|迟迟没|一直没|\bstill no\b|\bnot yet\b|\byet\b|\bhasn'?t\b|\bhaven'?t\b|\bstill waiting\b")


def _bare_name(text: str, facts: LogFacts) -> bool:
    """Only a customer's name (with particles): nothing to record."""
    s = facts.signals
    if s.get("kind") or s.get("contact") or s.get("stage") or s.get("money") or s.get("date") or not facts.customer:
        return False
    rest = fold(text).replace(fold(facts.customer.said), "")
    return len(rest.strip(" ，,。.!！?？~～:：的了呢吧啊呀哦嘛")) == 0


