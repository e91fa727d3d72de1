"""Clauses of a rep's message: where it splits, each clause's tense and negation, and which
customer each belongs to.

`split_clauses` cuts at sentence punctuation and joiners (然后 / also / and then); `tense` marks a
clause done, planned or neutral from the per-language lexicons (intents.lexicon_records);
`segments` groups the clauses per customer: a clause without its own customer belongs to the one
before it, a list of customers in one clause ("跑了三家：远航、恒通、华信") gives each its own
segment sharing the clause's words and what follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from intents.dates import find_dates
from intents.directory import CustomerMatch
from intents.lexicon import KIND_PATTERNS
from intents.lexicon_records import (
    ARRANGED,
    CLAUSE_JOINERS,
    DONE,
    IMPERATIVE_EN,
    NEGATED_ACTIVITY,
    OBLIGED,
    PLANNED,
    compile_words,
)
from intents.normalize import fold
from intents.timegrammar import times_of_day

_PUNCT = re.compile(r"[，。；;！!？?\n]+|,(?![0-9]{3}(?![0-9]))|\.(?:\s+|$)|\s[-–—]\s|[：:](?![0-9/])")
_JOINER = compile_words(CLAUSE_JOINERS)
_FIELD_NAME = re.compile(r"(?:联系人|对接人|电话|手机|邮箱|微信|职位|地址|email|e-mail|phone|mobile|tel|contact|title)\s*$")
_ARRANGED = compile_words(ARRANGED)
_PLANNED = compile_words(PLANNED)
_DONE = compile_words(DONE)
_REMIND = re.compile(r"提醒我|提醒一下|记得|别忘了|\bremind me\b|\breminder\b|\bto-?do\b")
# a verb of an activity: a kind word, going somewhere (去 / go / see), presenting to someone (给X讲方案) or a
# meal with them (吃饭 / 饭局 / dinner with X / coffee with X)
GO_WORDS = (r"(?<![过失])去(?!年|掉|除)|过去|给[^，,。；;]{1,8}?讲(?![了过])|讲(?:一下|下)?方案|"
            r"吃(?:个|了|顿|一顿|过)?饭|饭局|聚餐|(?:吃|请)?(?:午饭|晚饭|午餐|晚餐|早餐|早茶)|喝(?:个|了)?(?:咖啡|茶)|"
            r"\b(?:go|going|see|seeing|visiting|calling|drop by|stop by|present|presenting|"
            r"head to|heading to|catching up with|catch up with|"
            r"(?:dinner|lunch|breakfast|brunch|coffee|drinks)(?= with\b| w/| at\b| meeting\b))\b")
_GO = re.compile(GO_WORDS)
_CUT = re.compile(r"\s(?:and|&)\s|然后|并且|再|又|还")
_CJK_SPACE = re.compile(r"(?:(?<=[\u4e00-\u9fff])|^)\s+(?=[\u4e00-\u9fff])")
_LIST_SEP = re.compile(r"^\s*(?:、|和|与|及|跟|以及|还有|,|，|and|&|/)?\s*(?:、|和|与|及|跟|以及|还有|,|，|and|also|plus|&|/)?\s*$")


@dataclass
class Clause:
    """A stretch of the message (`start`/`end` index the original text)."""

    start: int
    end: int
    text: str
    customers: list[CustomerMatch] = field(default_factory=list)

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass
class Segment:
    """The clauses about one customer (or, when the message names none, about nobody in particular)."""

    customer: CustomerMatch | None
    parts: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    shared: int = 0  # how many leading parts are the message's head, shared by every customer

    @property
    def own_text(self) -> str:
        """The segment without the shared head ("today:" before several customers)."""
        return "，".join(p.strip(" ，,") for p in self.parts[self.shared:] if p.strip(" ，,"))

    @property
    def text(self) -> str:
        return "，".join(p.strip(" ，,") for p in self.parts if p.strip(" ，,"))


def split_clauses(text: str) -> list[Clause]:
    """Clauses at punctuation and at joiners (然后, 另外, also, and then); empty ones dropped."""
    return [Clause(start=a, end=b, text=text[a:b]) for a, b in _clause_bounds(text)]


@lru_cache(maxsize=512)
def _clause_bounds(text: str) -> tuple[tuple[int, int], ...]:
    folded = fold(text)
    cuts = {0, len(text)}
    for m in _PUNCT.finditer(folded):
        if m.group(0) in ":：" and _FIELD_NAME.search(folded[max(0, m.start() - 8):m.start()]):
            continue  # 联系人：刘洋 / phone: 139…: a field and its value stay together
        cuts.update((m.start(), m.end()))
    for m in _JOINER.finditer(folded):
        cuts.add(m.start())
        cuts.add(m.end())  # the joiner stands alone: 另外汇通… is about 汇通
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        bare = fold(piece).strip(" ，,。；;！!？?\n.-–—:：")
        if bare and not _JOINER.fullmatch(bare):  # a joiner alone (然后, also) is no clause
            out.append((a, b))
    return tuple(out)


def is_activity(folded: str) -> bool:
    """The clause says an activity (a kind word, or going to see someone)."""
    return bool(_GO.search(folded)) or any(p.search(folded) for p in KIND_PATTERNS.values())


def negated(folded: str) -> bool:
    """The clause says the activity did not happen (没去成, 取消了拜访, didn't make it, cancelled the visit)."""
    return bool(NEGATED_ACTIVITY.search(folded))


def tense(folded: str, has_day_ahead: bool = False) -> str:
    """`planned` (a future day or an intention governs the clause), `done` (a past marker) or `neutral`.

    A reminder is always a plan; an arrangement's 了 (约了下周一去) is no past; an English imperative
    with a day ahead ("call Acme Tuesday") is a plan."""
    if _REMIND.search(folded):
        return "planned"
    # with a day ahead an arrangement is the plan ("got a meeting … on the 27th", "scheduled a call for Monday")
    rest = _ARRANGED.sub(" 约在 " if has_day_ahead else " 约 ", folded)
    obliged = OBLIGED.search(rest)  # 周五之前把合同签了 / need to send the signed contract: still to do
    if obliged and not _DONE.search(_PLANNED.sub(" ", rest[:obliged.start()])):
        return "planned"
    done = _DONE.search(_PLANNED.sub(" ", rest))
    if done:
        return "done"
    verb = activity_verb(rest)
    plans = [m for m in _PLANNED.finditer(rest)]
    # a Chinese plan word governs the verb after it (明天去拜访; 拜访…下月底签 is no plan); English
    # puts the day after the verb ("visit Acme tomorrow")
    if verb is not None and not verb.group(0).isascii():
        plans = [m for m in plans if m.start() <= verb.start()]
    if plans or (has_day_ahead and IMPERATIVE_EN.match(folded)):
        return "planned"
    return "neutral"


def day_led_parts(text: str, dates: list) -> list[str] | None:
    """昨天打了电话 没接 今天微信联系上了: two done activities of one customer, each led by its own past
    day (today or a day only behind): the message cut per day, each part with the words before the
    first (the customer and the person). None when fewer than two such days."""
    pieces = []
    for c in split_clauses(text):
        a = c.start
        for m in _CJK_SPACE.finditer(c.text):
            if m.start() > 0:
                pieces.append((a, c.start + m.start()))
                a = c.start + m.end()
        pieces.append((a, c.end))
    leads: list[tuple[int, object]] = []
    for a, b in pieces:
        f = fold(text[a:b])
        day = next((d.back for d in dates if a <= d.span[0] < b and d.back and d.ahead in (None, d.back)), None)
        if day is not None and is_activity(f) and tense(f) == "done" and not negated(f):
            leads.append((a, day))
    if len(leads) < 2 or len({d for _a, d in leads}) < len(leads):
        return None
    head = text[:leads[0][0]]
    ends = [a for a, _d in leads[1:]] + [len(text)]
    return [head + text[a:b] for (a, _d), b in zip(leads, ends, strict=True)]


def is_reminder(folded: str) -> bool:
    return bool(_REMIND.search(folded))


def activity_verb(folded: str) -> re.Match | None:
    """The first activity word of a clause (a kind word, or going to see someone)."""
    found = [m for p in (_GO, *KIND_PATTERNS.values()) for m in [p.search(folded)] if m]
    return min(found, key=lambda m: m.start()) if found else None


def segments(text: str, matches: list[CustomerMatch]) -> list[Segment]:
    """The message's clauses grouped per customer (`matches`: the customers named, left to right)."""
    clauses = split_clauses(text)
    for m in matches:
        for c in clauses:
            if c.start <= m.span[0] < c.end:
                c.customers.append(m)
                break
    clauses = _join_enumerations(text, clauses)
    segs: list[Segment] = []
    by_key: dict[str, Segment] = {}
    prefix: list[str] = []
    current: list[Segment] = []
    heading: list[str] = []  # "…，下午：电话B": a time alone before a customer's clause is that clause's
    for i, c in enumerate(clauses):
        if not c.customers:
            if current and i + 1 < len(clauses) and clauses[i + 1].customers and time_head(c.text):
                heading.append(c.text)
            elif current:
                for s in current:
                    s.parts.append(c.text)
            else:
                prefix.append(c.text)
            continue
        group = _list_group(c)
        current = []
        for m, part in group:
            key = m.customer_id or fold(m.said)
            seg = by_key.get(key)
            if seg is None:
                seg = Segment(customer=m, parts=list(prefix), shared=len(prefix))
                by_key[key] = seg
                segs.append(seg)
                seg.rules.append("clause.list" if len(group) > 1 else "clause.customer")
            else:
                seg.rules.append("clause.same_customer")
            seg.parts.extend(heading)
            seg.parts.append(part)
            current.append(seg)
        if heading:
            current[0].rules.append("clause.time_heading")
        heading = []
    return segs


# a message headed as a plan (Monday plan: / 本周计划： / agenda for next week: / 明天安排：): every item under it is
# still to do, even one dated today
_PLAN_HEAD = re.compile(
    r"^\s*(?:(?:my|our|today|tomorrow|this week|next week|(?:mon|tues|wednes|thurs|fri|satur|sun)day|daily|weekly|week)"
    r"(?:'s)?\s+)?(?:plan|plans|to-?dos?|agenda|schedule|game plan)(?:\s+for\s+[^:：,，]{1,20}?)?\s*[:：]"
    r"|^\s*(?:今天|今日|明天|明日|后天|本周|这周|下周|周[一二三四五六日天]|星期[一二三四五六日天]|每日|工作|拜访|跟进)?的?"
    r"(?:计划|安排|行程|待办|日程)\s*[:：]")


def plan_heading(text: str) -> bool:
    """The message opens with a plan heading (Monday plan: …, 本周计划：…): its items are plans."""
    return bool(_PLAN_HEAD.match(fold(text)))


_HEAD_REST = re.compile(r"[\s,，:：;；.。、-]*(?:计划|安排|行程|plan|schedule)?[\s,，:：;；.。、-]*")


def time_head(text: str) -> bool:
    """The clause is only a day or a time of day (下午 / 周三： / afternoon:), heading what follows it."""
    spans = [d.span for d in find_dates(text, _ANY_DAY, keep_unreadable=True)] + [t.span for t in times_of_day(text)]
    if not spans:
        return False
    rest = "".join(ch for i, ch in enumerate(fold(text)) if not any(a <= i < b for a, b in spans))
    return bool(_HEAD_REST.fullmatch(rest))


_ANY_DAY = date(2000, 1, 3)  # only the spans of day phrases are read


def _join_enumerations(text: str, clauses: list[Clause]) -> list[Clause]:
    """"Visited Acme, Initech and Globex": a clause ending on a customer and the next starting on one
    are one list, not two clauses."""
    out: list[Clause] = []
    for c in clauses:
        prev = out[-1] if out else None
        if prev is not None and prev.customers and c.customers \
                and not fold(text[max(m.span[1] for m in prev.customers):prev.end]).strip(" ,，、") \
                and _LIST_SEP.match(fold(text[c.start:min(m.span[0] for m in c.customers)])):
            out[-1] = Clause(start=prev.start, end=c.end, text=text[prev.start:c.end],
                             customers=prev.customers + c.customers)
            continue
        out.append(c)
    return out


def _list_group(c: Clause) -> list[tuple[CustomerMatch, str]]:
    """One (customer, clause text) per customer named in the clause: a list ("远航、恒通和华信") gives
    each the clause with the others left out; customers far apart split the clause between them."""
    ms = sorted(c.customers, key=lambda m: m.span)
    if len(ms) == 1:
        return [(ms[0], c.text)]
    listed = all(_LIST_SEP.match(fold(c.text[a.span[1] - c.start:b.span[0] - c.start]))
                 for a, b in zip(ms, ms[1:], strict=False))
    out = []
    if listed:
        head, tail = c.text[:ms[0].span[0] - c.start], c.text[ms[-1].span[1] - c.start:]
        for m in ms:
            out.append((m, head + m.said + tail))
        return out
    cuts = [0]
    for a, b in zip(ms, ms[1:], strict=False):  # "visited Acme and called 侯佳 at 海纳": cut at the joiner
        gap = c.text[a.span[1] - c.start:b.span[0] - c.start]
        space = _CJK_SPACE.search(gap)  # "…吃了饭 今天上午又去了恒通": a space between Chinese words ends a clause
        j = [space.end()] if space else [m.start() for m in _CUT.finditer(gap)]
        cuts.append(a.span[1] - c.start + (j[-1] if j else len(gap)))
    cuts.append(len(c.text))
    return [(m, c.text[cuts[i]:cuts[i + 1]]) for i, m in enumerate(ms)]
