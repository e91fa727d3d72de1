"""Day phrases in reps' messages (CONTRACT.md "Relative dates"), zh + Cantonese + en.

API (capture and edits build on it):

- `find_dates(text, today, date_order="mdy", *, keep_unreadable=False) -> list[DateMention]`:
  every day phrase, left to right (the longest where they overlap), each with two readings:
  `back` (as the day an activity happened: on or before today) and `ahead` (as a follow-up
  or close date: today or later); the capture engine picks the reading by slot. `vague`
  marks a stretch (a month, quarter, year end) rather than a day. Spans index the original
  text. `date_order` is the org's `org.date_order`: "mdy" reads 3/5 as 5 March, "dmy" as
  3 May (a numeric date impossible in that order but possible in the other is read so).
- A day phrase the grammar recognises but cannot resolve ("某天", "那天", "上上上周几",
  "32号", "2月30日", "13/45", "the other day", "Feb 30") is an *unreadable* day: a
  DateMention with `unreadable=True` and `back = ahead = None`. `find_dates` lists them only
  with `keep_unreadable=True`; `unreadable_days(text, today)` lists just them. Capture must
  then leave the date null and ask — never fall back to today. Unreadable spans also keep
  their words from being read as anything else (a "13/45" is never an amount).
- A weekday next to an explicit date ("Tue May 9", "5月9日(周六)") is one mention and the
  date wins.
- `later_today(text, dates, today, clock)`: with the time the message was sent, a time of today
  still to come ("今天下午", "10点", "this afternoon", "at 3pm") makes today a coming day.

The vocabulary and arithmetic come from `intents.timegrammar` (shared with questions).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache
from typing import NamedTuple, cast

from intents.normalize import fold
from intents.timegrammar import (
    EN_MONTH,
    EN_MONTH_RE,
    EN_NUM,
    EN_WEEKDAY,
    EN_WEEKDAY_RE,
    MONTH_EDGE,
    MONTH_EDGE_RE,
    MONTH_OFFSET,
    MONTH_OFFSET_RE,
    RELATIVE_DAYS,
    YEAR_NUM,
    YEAR_OFFSET,
    YEAR_OFFSET_RE,
    ZH_BAD_WEEKDAY_RE,
    ZH_NUM,
    ZH_WEEK_OFFSET,
    ZH_WEEK_OFFSET_RE,
    ZH_WEEK_RE,
    ZH_WEEKDAY,
    ZH_WEEKDAY_RE,
    add_months,
    alt,
    half_period,
    monday,
    month_end,
    month_period,
    number,
    quarter_period,
    safe_date,
    shift,
    times_of_day,
    unit_period,
    words,
    year_number,
)


@dataclass(frozen=True)
class DateMention:
    """A day phrase: where it is, and its reading as a past day (`back`) or a coming day (`ahead`).

    `vague` marks phrases that name a stretch (a month, quarter, year end) rather than a day;
    `unreadable` a day phrase that names no day the bot can tell (back and ahead are None);
    `weekday` a bare weekday (周三 / Wednesday: back the latest such day, ahead the next);
    `later_today` a time of today still to come when the message was sent (`later_today`)."""

    span: tuple[int, int]
    said: str
    back: date | None
    ahead: date | None
    vague: bool = False
    unreadable: bool = False
    weekday: bool = False
    later_today: bool = False


class Reading(NamedTuple):
    back: date | None
    ahead: date | None
    vague: bool = False
    kind: str = "day"  # "weekday" (a bare weekday), "date" (an explicit day), "unreadable"


UNREADABLE = Reading(None, None, False, "unreadable")


@dataclass(frozen=True)
class _Ctx:
    today: date
    order: str  # "mdy" or "dmy"


def _definite(d: date | None, today: date, vague: bool = False, kind: str = "day") -> Reading:
    if d is None:
        return UNREADABLE
    return Reading((d if d <= today else None), (d if d >= today else None), vague, kind)


def _bare_weekday(wd: int, today: date) -> Reading:
    back = today - timedelta(days=(today.weekday() - wd) % 7)
    ahead = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
    return Reading(back, ahead, False, "weekday")


def _month_day(month: int, day: int, today: date, vague: bool = False) -> Reading:
    """A day of a month with no year: back the latest on or before today, ahead the next on or after."""
    this = safe_date(today.year, month, day)
    if this is None and not (month == 2 and day == 29):
        return UNREADABLE
    if this is None:  # 2月29日 outside a leap year: the leap days around today
        days = [d for y in range(today.year - 4, today.year + 5) if (d := safe_date(y, 2, 29))]
        return Reading(max(d for d in days if d <= today), min(d for d in days if d >= today), vague, "date")
    back = this if this <= today else safe_date(today.year - 1, month, day)
    ahead = this if this >= today else safe_date(today.year + 1, month, day)
    return Reading(back, ahead, vague, "date")


def _quarter_end(q: int, year: int | None, today: date) -> date:
    """The last day of Q`q`: of `year`, else this year's or, when it has ended, next year's."""
    return quarter_period(year, q, today, True)[0].end


def _month_end_ahead(month: int, today: date) -> date:
    """The last day of the next month `month` that has not ended."""
    return month_period(None, month, today, True)[0].end


_RULES: list[tuple[re.Pattern, Callable[[re.Match, _Ctx], Reading | None], re.Pattern | None]] = []
_LATIN = "[a-z]"


def _rule(pattern: str, needs: str | None = None):
    """Register a rule; \\b is an ASCII word boundary, so "next week的会" / "Q4的单子" end their word at 的.
    `needs`: a quick pattern a text must contain for the rule to be tried at all (speed only)."""
    def register(fn):
        _RULES.append((re.compile(pattern, re.ASCII), fn, re.compile(needs) if needs else None))
        return fn
    return register


# words that are a day only outside longer words: 然后日本 / 目前日程 / 打听日程 / 今日头条 are no days
_BEFORE_GUARD = {"后": "之以然最随往落背先", "前": "目提之以当从此眼空生事面上", "听": "打聆收旁倾"}
_AFTER_DAY_GUARD = "程期记志报元本常头"


def _guarded(word: str) -> str:
    before = _BEFORE_GUARD.get(word[0]) if len(word) == 2 else None
    return ((f"(?<![{before}])" if before else "") + re.escape(word)
            + (f"(?![{_AFTER_DAY_GUARD}])" if word.endswith("日") else ""))


_ZH_REL = [w for w in RELATIVE_DAYS if not w.isascii()]
_EN_REL = [w for w in RELATIVE_DAYS if w.isascii()]
_ZH_REL_RE = "|".join(_guarded(w) for w in sorted(_ZH_REL, key=lambda w: -len(w)))


@_rule(rf"{_ZH_REL_RE}|(?<![a-z])(?:the )?(?:{alt(_EN_REL)})(?![a-z])", needs="[今昨前明后听琴寻㖊a-z2]")
def _relative_day(m: re.Match, c: _Ctx) -> Reading:
    return _definite(c.today + timedelta(days=RELATIVE_DAYS[m.group(0).removeprefix("the ")]), c.today)


@_rule(rf"({ZH_WEEK_OFFSET_RE})?个?(?:{ZH_WEEK_RE})(?:({ZH_WEEKDAY_RE})|(?<!每周)(?<!每星期)(?<!每礼拜)({ZH_BAD_WEEKDAY_RE}))"
       r"(?!共|起|以来|开始|内|[0-9]|次|个|回(?!款|复|访|电|来|去|公司|到|个)|遍)", needs="[周星礼]")
def _zh_weekday(m: re.Match, c: _Ctx) -> Reading:
    if m.group(3):
        return UNREADABLE  # 周几 / 星期八: a weekday word that names no day
    wd = ZH_WEEKDAY[m.group(2)]
    if m.group(1) is None:
        return _bare_weekday(wd, c.today)
    return _definite(monday(c.today) + timedelta(weeks=ZH_WEEK_OFFSET[m.group(1)], days=wd), c.today)


_EN_WEEK_OFF: dict[str, int] = words("week_offsets", "en")  # type: ignore[assignment]


@_rule(rf"\b(?:(last|previous|next|this coming|coming|this|on|by|until|before|till)\s+)?({EN_WEEKDAY_RE})\b", needs=_LATIN)
def _en_weekday(m: re.Match, c: _Ctx) -> Reading | None:
    word, lead = m.group(2), m.group(1)
    if word in ("sun", "sat", "mon", "wed") and not lead and re.match(r"\s*[a-z]", m.string[m.end():]) \
            and not re.match(rf"\s*(?:{EN_MONTH_RE})\b", m.string[m.end():]):
        return None  # too easily a word ("sat down"): only with last/next/this, before punctuation or a date
    wd = EN_WEEKDAY[word]
    if lead in _EN_WEEK_OFF:
        return _definite(monday(c.today) + timedelta(weeks=_EN_WEEK_OFF[lead], days=wd), c.today)
    reading = _bare_weekday(wd, c.today)
    if lead in ("by", "until", "before", "till", "coming", "this coming"):
        return Reading(None, reading.ahead, False, "day")  # "by Friday" / "this coming Monday" look forward
    return reading


@_rule(rf"\b(?:on\s+)?({EN_WEEKDAY_RE})\s+(?:of\s+)?(this|next|last|previous)\s+week\b"
       rf"|\b(this|next|last|previous)\s+week(?:'s)?\s*,?\s*(?:on\s+)?({EN_WEEKDAY_RE})\b", needs=_LATIN)
def _en_weekday_of_week(m: re.Match, c: _Ctx) -> Reading:
    """Tuesday next week / next week Tuesday / Thursday this week: that weekday of that week."""
    wd, lead = EN_WEEKDAY[m.group(1) or m.group(4)], m.group(2) or m.group(3)
    return _definite(monday(c.today) + timedelta(weeks=_EN_WEEK_OFF[lead], days=wd), c.today)


@_rule(rf"({ZH_WEEK_OFFSET_RE})个?(?:{ZH_WEEK_RE})的?\s*(?:{ZH_WEEK_RE})({ZH_WEEKDAY_RE})", needs="[周星礼]")
def _zh_weekday_of_week(m: re.Match, c: _Ctx) -> Reading:
    """下周的周三 / 下个星期 礼拜三: that weekday of that week."""
    return _definite(monday(c.today) + timedelta(weeks=ZH_WEEK_OFFSET[m.group(1)], days=ZH_WEEKDAY[m.group(2)]), c.today)


@_rule(r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(next\s+)?week\b|\beow\b", needs=_LATIN)
def _en_week_end(m: re.Match, c: _Ctx) -> Reading:
    """end of the week / EOW: the Friday of this week (of next week when said so)."""
    return _definite(monday(c.today) + timedelta(weeks=1 if m.group(1) else 0, days=4), c.today)


@_rule(rf"\b(?:the\s+)?({EN_WEEKDAY_RE})\s+after\s+next\b", needs=_LATIN)
def _en_weekday_after_next(m: re.Match, c: _Ctx) -> Reading:
    return _definite(monday(c.today) + timedelta(weeks=2, days=EN_WEEKDAY[m.group(1)]), c.today)


_ZH_UNITS: dict[str, str] = words("units", "zh")  # type: ignore[assignment]
_ZH_UNIT_RE = alt(_ZH_UNITS)


def _amount(n: str, unit: str) -> tuple[int, str] | None:
    """(count, unit) of an amount of time; 半个月 is 15 days, 半年 six months."""
    if n == "半":
        return {"month": (15, "day"), "year": (6, "month"), "week": None}.get(unit)  # type: ignore[return-value]
    k = number(n)
    return (k, unit) if k and k <= 3650 else None


@_rule(rf"(?:过)?({ZH_NUM}|半)\s*({_ZH_UNIT_RE})(?:之后|以后|后|内|左右)|过({ZH_NUM}|半)\s*({_ZH_UNIT_RE})", needs="[天日周期拜月年季]")
def _zh_in_n(m: re.Match, c: _Ctx) -> Reading | None:
    got = _amount(m.group(1) or m.group(3), _ZH_UNITS[m.group(2) or m.group(4)])
    return Reading(None, shift(c.today, *got)) if got else None


@_rule(rf"({ZH_NUM}|半)\s*({_ZH_UNIT_RE})(?:之前|以前|前)(?!天|日)", needs="[天日周期拜月年季]")
def _zh_n_ago(m: re.Match, c: _Ctx) -> Reading | None:
    got = _amount(m.group(1), _ZH_UNITS[m.group(2)])
    return Reading(shift(c.today, -got[0], got[1]), None) if got else None


_EN_UNITS = words("units", "en")
_EN_UNIT_RE = alt(_EN_UNITS)


@_rule(rf"\b(?:in|within)\s+(?:the\s+next\s+)?({EN_NUM})\s+({_EN_UNIT_RE})\b"
       rf"|\b({EN_NUM})\s+({_EN_UNIT_RE})\s+(?:from now|from today|later|out)\b", needs=_LATIN)
def _en_in_n(m: re.Match, c: _Ctx) -> Reading | None:
    n = number(m.group(1) or m.group(3))
    if not n or n > 3650:
        return None
    return Reading(None, shift(c.today, n, str(_EN_UNITS[m.group(2) or m.group(4)])))


@_rule(rf"\b({EN_NUM})\s+({_EN_UNIT_RE})\s+ago\b", needs=_LATIN)
def _en_ago(m: re.Match, c: _Ctx) -> Reading | None:
    n = number(m.group(1))
    if not n or n > 3650:
        return None
    return Reading(shift(c.today, -n, str(_EN_UNITS[m.group(2)])), None)


def _edge_day(year: int, month: int, edge: str) -> date:
    day = MONTH_EDGE[edge]
    return month_end(year, month) if day == 0 else date(year, month, day)


@_rule(rf"({MONTH_OFFSET_RE})?个?月({MONTH_EDGE_RE})", needs="月")
def _zh_month_edge(m: re.Match, c: _Ctx) -> Reading:
    off = MONTH_OFFSET[m.group(1)] if m.group(1) else 0
    y, mo = add_months(c.today.year, c.today.month, off)
    return _definite(_edge_day(y, mo, m.group(2)), c.today, vague=True)


@_rule(rf"(?<![0-9.])({ZH_NUM})\s*月\s*({MONTH_EDGE_RE})", needs="月")
def _zh_n_month_edge(m: re.Match, c: _Ctx) -> Reading | None:
    mo = number(m.group(1))
    if not mo or not 1 <= mo <= 12:
        return None
    if MONTH_EDGE[m.group(2)] == 0:
        end = month_end(c.today.year, mo)
        return Reading((end if end <= c.today else None), _month_end_ahead(mo, c.today), True)
    return _month_day(mo, MONTH_EDGE[m.group(2)], c.today, vague=True)


def _stretch_end(end: date, today: date) -> Reading:
    """The last day of a stretch (年底, 一季度, 下半年): a coming close date until it has passed, then a past day."""
    return Reading(None, end, True) if end >= today else Reading(end, None, True)


def _year_of(word: str | None, today: date) -> int | None:
    """The year 今年 / 明年 / 去年 (None when no year word was said)."""
    return today.year + YEAR_OFFSET[word] if word else None


@_rule(rf"(?:({YEAR_OFFSET_RE})年?)?年(?:底|末|内|尾)|(今|明)?年前|\b(?:end of (?:the |this )?year|year[- ]end|eoy|by year end)\b", needs="年|year|eoy")
def _year_end(m: re.Match, c: _Ctx) -> Reading:
    """年底 / 明年年底 / 去年底 (a past day) / end of year: 31 December."""
    year = _year_of(m.group(1) or m.group(2), c.today)
    return _stretch_end(date(year or c.today.year, 12, 31), c.today)


@_rule(r"(?:明年|来年|下一年)(?!\s*[0-9a-zA-Z一二三四五六七八九十两底末内尾初前中上下半第年度季月春夏秋冬的])|\bnext year\b(?!'s)",
       needs="明年|来年|下一年|next year")
def _next_year(m: re.Match, c: _Ctx) -> Reading | None:
    """明年 / next year said alone with a postponement or a closing (推迟到明年, 明年再签, pushed to next year,
    sign next year): a close date at its last day. Else (说明年可能有新项目, 要等明年预算) it names no day."""
    before, after = m.string[max(0, m.start() - 40):m.start()], m.string[m.end():m.end() + 8]
    if _NEXT_YEAR_MOVED.search(before) or _NEXT_YEAR_CLOSE.match(after) or _NEXT_YEAR_CLOSE_EN.search(before):
        return Reading(None, date(c.today.year + 1, 12, 31), True)
    return None


# what makes 明年 alone a close date: a move to it (推迟到 / 推到 / 延期到 / 改到 / 顺延到 / 等到, pushed / postponed /
# moved / delayed to), or a closing said with it (明年签, 明年再签, 明年采购, sign next year)
_NEXT_YEAR_MOVED = re.compile(r"(?:推迟|推|延|延期|延迟|推后|改|顺延|等|拖|放|挪)到\s*$|"
                              r"\b(?:push|pushed|pushing|postpone[ds]?|postponing|move[ds]?|moving|delay(?:ed|s|ing)?|"
                              r"slip(?:ped|s)?|defer(?:red|s)?|put off)\b(?:\s+[a-z]+){0,3}\s+(?:to|until|till|into)\s+$")
_NEXT_YEAR_CLOSE = re.compile(r"\s*(?:再|才|会|能|就|可以|准备|计划|打算|应该|估计|一定|肯定)?\s*(?:签|采购|下单|成交|买|定|落地|立项|招标|续约|续签)")
_NEXT_YEAR_CLOSE_EN = re.compile(r"\b(?:sign|signing|signs|close|closing|closes|purchase|buy|buying|order|renew|renewing|decide|decision)\b"
                                 r"(?:\s+(?:it|them|the \w+|a \w+|in|by|until|till|early|late|sometime))*\s+$")


@_rule(rf"(?:({YEAR_OFFSET_RE})年)?(上|下)半年", needs="半年")
def _half_year(m: re.Match, c: _Ctx) -> Reading:
    year = _year_of(m.group(1), c.today)
    end = half_period(year, 1 if m.group(2) == "上" else 2, c.today, True)[0].end
    return _stretch_end(end, c.today)


@_rule(rf"\b(early|mid|late)[- ]({EN_MONTH_RE})\b(?!\s*[0-9])", needs=_LATIN)
def _en_month_part(m: re.Match, c: _Ctx) -> Reading:
    mo = EN_MONTH[m.group(2)]
    if m.group(1) == "late":
        end = _month_end_ahead(mo, c.today)
        return Reading((end if end <= c.today else None), end, True)
    return _month_day(mo, 1 if m.group(1) == "early" else 15, c.today, vague=True)


@_rule(r"\b(?:the )?end of (?:the )?(this |next |the )?month\b|\b(?:month[- ]end|eom)\b", needs=_LATIN)
def _en_month_end(m: re.Match, c: _Ctx) -> Reading:
    off = 1 if (m.group(1) or "").strip() == "next" else 0
    y, mo = add_months(c.today.year, c.today.month, off)
    return _definite(month_end(y, mo), c.today, vague=True)


@_rule(rf"(?:({YEAR_OFFSET_RE})年(?:的)?|(20[0-9]{{2}})\s*年?\s*)?(?:第)?([一二三四1-4])\s*季度(?:末|底)?"
       rf"|(?:({YEAR_OFFSET_RE})年(?:的)?|(20[0-9]{{2}})\s*年?\s*(?:的)?\s*|\bend of\s+)?(?<![a-z0-9])q([1-4])(?![a-z0-9])"
       rf"(?:\s*(?:of\s+)?(20[0-9]{{2}}))?|(?<![a-z0-9])([1-4])q(?![a-z0-9])", needs="[季q]")
def _quarter(m: re.Match, c: _Ctx) -> Reading | None:
    """Q1..Q4 / 一季度 / 明年Q1 / 2026年Q4 / Q3 of 2027: the last day of that quarter."""
    q = cast(int, number(m.group(3) or m.group(6) or m.group(8)))  # the rule matched a quarter digit
    written = m.group(2) or m.group(5) or m.group(7)
    year = int(written) if written else _year_of(m.group(1) or m.group(4), c.today)
    end = _quarter_end(q, year, c.today)
    return _stretch_end(end, c.today)


@_rule(r"(下|本|这)个?季度?(?:末|底)?|(?<![一二三四1-4第个])季度(?:末|底)|(?<![一二三四1-4第])季末"
       r"|\b(?:end of )?(?:the )?(this|next) quarter\b|\bend of (?:the )?quarter\b", needs="季|quarter")
def _rel_quarter(m: re.Match, c: _Ctx) -> Reading:
    off = 1 if "下" in m.group(0) or "next" in m.group(0) else 0
    return Reading(None, unit_period("quarter", off, c.today, pipeline=True).end, True)


@_rule(rf"({alt(w for w, n in MONTH_OFFSET.items() if n >= 0)})个?月(?!底|末|初|中|尾|头|[0-9])|\b(this|next) month\b", needs="月|month")
def _rel_month(m: re.Match, c: _Ctx) -> Reading:
    """下个月 / this month for a close date: the last day of that month."""
    off = MONTH_OFFSET[m.group(1)] if m.group(1) else (1 if m.group(2) == "next" else 0)
    return Reading(None, unit_period("month", off, c.today, pipeline=True).end, True)


@_rule(rf"({MONTH_OFFSET_RE})个?月\s*({ZH_NUM})\s*[号日]", needs="月")
def _rel_month_day(m: re.Match, c: _Ctx) -> Reading:
    """上个月5号 / 下个月十号: a day of a month said relative to this one."""
    off = MONTH_OFFSET[m.group(1)]
    y, mo = add_months(c.today.year, c.today.month, off)
    d = number(m.group(2))
    return _definite(safe_date(y, mo, d) if d else None, c.today, kind="date")


@_rule(r"(?<![0-9年.\-/])([0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?(?![0-9]|底|末|初|中|尾|[一二三四五六七八九十]+[日号])", needs="月")
def _zh_month_only(m: re.Match, c: _Ctx) -> Reading | None:
    mo = number(m.group(1))
    if not mo or not 1 <= mo <= 12:
        return None
    return Reading(None, _month_end_ahead(mo, c.today), True)


@_rule(rf"(?:({YEAR_NUM})\s*年|({YEAR_OFFSET_RE})年)\s*({ZH_NUM})\s*月份?(底|末|初|中|尾)?(?!\s*[0-9一二三四五六七八九十]+\s*[日号]?)"
       rf"|(?<![0-9])(20[0-9]{{2}})-([0-9]{{1,2}})(?![0-9]|-[0-9])", needs="月|20[0-9]{2}-")
def _year_month(m: re.Match, c: _Ctx) -> Reading | None:
    mo: int | None
    if m.group(5):
        year, mo, edge = int(m.group(5)), int(m.group(6)), None
    else:
        # a year was said: as a number, else as a year word (明年3月)
        year = year_number(m.group(1)) if m.group(1) else cast(int, _year_of(m.group(2), c.today))
        mo, edge = number(m.group(3)), m.group(4)
    if not mo or not 1 <= mo <= 12:
        return None
    if edge in ("初", "中"):
        return _definite(date(year, mo, 1 if edge == "初" else 15), c.today, vague=True)
    return _definite(month_end(year, mo), c.today, vague=True)


@_rule(r"(上上|上|下下|下|本|这)?个?(?:周末|礼拜末)|\b(?:(last|next|this|the|over the|on the)\s+)?weekend\b", needs="末|weekend")
def _weekend(m: re.Match, c: _Ctx) -> Reading:
    """周末 / this weekend: its Saturday; read back (a past activity), the latest Saturday on or
    before today (Sunday reads yesterday); read ahead, the coming Saturday. 上/下周末 fix the week."""
    today = c.today
    word = m.group(1) or m.group(2) or ""
    off = {"上上": -2, "上": -1, "last": -1, "下下": 2, "下": 1, "next": 1, "本": 0, "这": 0, "this": 0}.get(word)
    if off is not None:
        return _definite(monday(today) + timedelta(weeks=off, days=5), today)
    back = today - timedelta(days=(today.weekday() - 5) % 7)
    ahead = today + timedelta(days=(5 - today.weekday()) % 7 or (7 if today.weekday() == 6 else 0))
    return Reading(back, ahead)


@_rule(r"(下下|下|本|这)个?(?:周|星期|礼拜)(?![一二三四五六日天1-7末几八])|\b(next|this) week\b|\b(?:the )?(week after next)\b",
       needs="[周星礼]|week")
def _rel_week(m: re.Match, c: _Ctx) -> Reading:
    if m.group(1) == "下下" or m.group(3):  # 下下周 / the week after next: the Monday of the week after next
        return Reading(None, monday(c.today) + timedelta(weeks=2), False, "week_after_next")
    if m.group(1) == "下" or m.group(2) == "next":
        return Reading(None, monday(c.today) + timedelta(weeks=1), False, "next_week")
    return Reading(None, max(c.today, monday(c.today) + timedelta(days=4)), False, "this_week")


@_rule(rf"(?:({YEAR_NUM})\s*年\s*|({YEAR_OFFSET_RE})年\s*)?(?<![0-9.])({ZH_NUM})\s*月\s*({ZH_NUM})\s*([日号])?"
       r"|(?<![0-9])(20[0-9]{2})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])", needs="月|20[0-9]{2}[-/.]")
def _zh_full_date(m: re.Match, c: _Ctx) -> Reading | None:
    """3月5日 / 二零二六年三月五日 / 去年12月20日 / 2027-03-05 (a written year is kept)."""
    if m.group(6):
        return _definite(safe_date(int(m.group(6)), int(m.group(7)), int(m.group(8))), c.today, kind="date")
    mo, d = number(m.group(3)), number(m.group(4))
    if not mo or not d or not 1 <= mo <= 12 or not 1 <= d <= 31:
        return UNREADABLE if m.group(5) else None  # 13月5日 / 2月30日: a day said, but no such day
    year = year_number(m.group(1)) if m.group(1) else _year_of(m.group(2), c.today)
    if year:
        return _definite(safe_date(year, mo, d), c.today, kind="date")
    return _month_day(mo, d, c.today)


_NOT_DATES = {"24/7"}  # numbers written like a date that are none


def _month_and_day(a: int, b: int, order: str) -> tuple[int, int] | None:
    """(month, day) of a numeric date in the org's order; the other order when only it can be a day."""
    mo, d = (b, a) if order == "dmy" else (a, b)
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return mo, d
    if 1 <= d <= 12 and 1 <= mo <= 31:
        return d, mo
    return None


@_rule(r"(?<![0-9./])([0-9]{1,2})/([0-9]{1,2})/(20[0-9]{2}|[0-9]{2})(?![0-9/])", needs="/")
def _numeric_with_year(m: re.Match, c: _Ctx) -> Reading:
    """1/1/2026, 12/25/26 (month first, or day first for a "dmy" org)."""
    md = _month_and_day(int(m.group(1)), int(m.group(2)), c.order)
    year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
    return _definite(safe_date(year, *md) if md else None, c.today, kind="date")


@_rule(r"(?<![0-9.,$¥+\-/])([0-9]{1,2})([./])([0-9]{1,2})"
       r"(?![0-9]|\.[0-9]|/[0-9]|\s*(?:[-~～到至]\s*[0-9.]+\s*)?(?:万|(?:w|k|m|mn|bn|mos?|months?|mins?)(?![a-z])|mil|bil|亿|千|百|元|%|块|美元|个|倍|折))", needs="[0-9][./][0-9]")
def _dotted(m: re.Match, c: _Ctx) -> Reading | None:
    if m.group(0) in _NOT_DATES:
        return None
    a, b = int(m.group(1)), int(m.group(3))
    if m.group(2) == ".":  # 9.16: month.day only (25.5 is a number)
        return _month_day(a, b, c.today) if 1 <= a <= 12 and 1 <= b <= 31 else None
    md = _month_and_day(a, b, c.order)
    return _month_day(*md, c.today) if md else UNREADABLE


@_rule(rf"\b({EN_MONTH_RE})\.?\s+(?:the\s+)?([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(20[0-9]{{2}}))?"
       rf"|\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({EN_MONTH_RE})\b(?:,?\s*(20[0-9]{{2}}))?", needs=_LATIN)
def _en_date(m: re.Match, c: _Ctx) -> Reading | None:
    mo = EN_MONTH[m.group(1) or m.group(5)]
    d = int(m.group(2) or m.group(4))
    if not 1 <= d <= 31:
        return None  # "may 40 users": no day at all
    year = m.group(3) or m.group(6)
    if year:
        return _definite(safe_date(int(year), mo, d), c.today, kind="date")
    return _month_day(mo, d, c.today)


_DAY_WORDS: dict[str, int] = words("day_ordinals", "en")  # type: ignore[assignment]
_DAY_WORD_RE = alt(_DAY_WORDS)


@_rule(rf"\b(?:the\s+)?({_DAY_WORD_RE})\s+of\s+({EN_MONTH_RE})\b(?:,?\s*(20[0-9]{{2}}))?"
       rf"|\b({EN_MONTH_RE})\.?\s+(?:the\s+)?({_DAY_WORD_RE})\b(?:,?\s*(20[0-9]{{2}}))?", needs=_LATIN)
def _en_date_words(m: re.Match, c: _Ctx) -> Reading | None:
    """the first of August / March twenty-fifth: a day of the month in words ("may second" is a verb)."""
    if m.group(4) == "may":
        return None
    d, mo = _DAY_WORDS[m.group(1) or m.group(5)], EN_MONTH[m.group(2) or m.group(4)]
    year = m.group(3) or m.group(6)
    if year:
        return _definite(safe_date(int(year), mo, d), c.today, kind="date")
    return _month_day(mo, d, c.today)


@_rule(rf"\b(?:in|by|until|before|during|end of)\s+({EN_MONTH_RE})\b(?!\s*[0-9])", needs=_LATIN)
def _en_month_only(m: re.Match, c: _Ctx) -> Reading:
    return Reading(None, _month_end_ahead(EN_MONTH[m.group(1)], c.today), True)


# a word after "the 15th" that leaves it a day ("the 15th confirmed", "the 3rd with Sarah"); any other word
# makes it an ordinal of that thing ("the 2nd payment", "the 3rd floor")
_AFTER_A_DAY = (r"(?:with|at|for|from|and|but|then|was|were|is|are|will|works?|worked|confirmed|booked|set|"
                r"scheduled|locked|went|instead|morning|afternoon|evening|night|around|after|before|via|too|also|still)")


@_rule(r"(?<![0-9月.路街道巷弄村])([0-9]{1,2})\s*[号日](?![0-9楼院线门仓机位厅台])"
       r"|(?<![0-9月.路街道巷弄村一二三四五六七八九十])([一二三四五六七八九十]{1,3})\s*号(?![楼院线门仓机位厅台])"
       r"|\bthe\s+([0-9]{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?!" + _AFTER_A_DAY + r"\b)[a-z]{3})", needs="[号日]|the")
def _day_of_month(m: re.Match, c: _Ctx) -> Reading | None:
    d = number(m.group(1) or m.group(2) or m.group(3))
    if not d or d > 31:
        return UNREADABLE if d else None  # 32号 / the 35th
    today = c.today
    this = safe_date(today.year, today.month, d)
    y, mo = add_months(today.year, today.month, 1 if this is None or this < today else -1)
    other = safe_date(y, mo, d)
    back = this if this and this <= today else (other if other and other <= today else None)
    ahead = this if this and this >= today else (other if other and other >= today else None)
    return Reading(back, ahead, False, "date")


_VAGUE = words("vague_days")


@_rule(rf"{alt(w for w in _VAGUE if not w.isascii())}|\b(?:{alt(w for w in _VAGUE if w.isascii())})\b", needs="[某那哪前上]|day|week|month|earlier")
def _vague_day(m: re.Match, c: _Ctx) -> Reading:
    return UNREADABLE  # 某天 / 那天 / the other day: a day, but which one?


_JOIN = re.compile(r"[\s,，、(（]*")
_JOIN_AFTER = re.compile(r"[\s,，、(（]*$")


def _merge_weekday_dates(found: list[tuple[int, int, Reading]], folded: str) -> list[tuple[int, int, Reading]]:
    """Tue May 9 / 5月9日(周六): a bare weekday beside an explicit date is one mention; the date wins."""
    out: list[tuple[int, int, Reading]] = []
    for start, end, reading in found:
        if out:
            ps, pe, prev = out[-1]
            gap = folded[pe:start]
            kinds = {prev.kind, reading.kind}
            if kinds == {"weekday", "date"} and _JOIN.fullmatch(gap):
                date_reading = reading if reading.kind == "date" else prev
                opened = "(" in gap or "（" in gap
                closing = 1 if folded[end:end + 1] in (")", "）") else 0
                stop = end + closing if (reading.kind == "weekday" or opened) else end
                out[-1] = (ps, stop, date_reading)
                continue
        out.append((start, end, reading))
    return out


@lru_cache(maxsize=1024)
def _matches(text: str) -> tuple[str, tuple[tuple[int, re.Match], ...]]:
    """The folded text and every rule's matches in it: they do not depend on today, so a message read
    again (by clause, for amounts, for unreadable days) is matched once."""
    folded = fold(text)
    present: dict[re.Pattern, bool] = {}  # many rules need the same quick pattern ([a-z], 月): searched once
    for _pattern, _fn, needs in _RULES:
        if needs is not None and needs not in present:
            present[needs] = needs.search(folded) is not None
    return folded, tuple((i, m) for i, (pattern, _, needs) in enumerate(_RULES)
                         if needs is None or present[needs]
                         for m in pattern.finditer(folded) if m.end() > m.start())


def find_dates(text: str, today: date, date_order: str = "mdy", *, keep_unreadable: bool = False) -> list[DateMention]:
    """Every day phrase in `text`, left to right, longest first where they overlap."""
    return [d for d in _read(text, today, date_order) if keep_unreadable or not d.unreadable]


@lru_cache(maxsize=1024)
def _read(text: str, today: date, date_order: str) -> tuple[DateMention, ...]:
    """Every day phrase, unreadable ones included (a message is read once per day and order)."""
    ctx = _Ctx(today=today, order=date_order)
    found: list[tuple[int, int, Reading]] = []
    folded, matches = _matches(text)
    for i, m in matches:
        got = _RULES[i][1](m, ctx)
        if got is not None and (got.back or got.ahead or got.kind == "unreadable"):
            found.append((m.start(), m.end(), got))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, Reading]] = []
    last_end = -1
    for start, end, reading in found:
        if start >= last_end:
            chosen.append((start, end, reading))
            last_end = end
    return tuple(DateMention(span=(start, end), said=text[start:end], back=r.back, ahead=r.ahead, vague=r.vague,
                             unreadable=r.kind == "unreadable", weekday=r.kind == "weekday")
                 for start, end, r in _week_heads(_merge_weekday_dates(chosen, folded), today))


_WEEKS_AHEAD = {"this_week": 0, "next_week": 1, "week_after_next": 2}


def _week_heads(found: list[tuple[int, int, Reading]], today: date) -> list[tuple[int, int, Reading]]:
    """本周计划：周二A，周三B / next week: Tue A, Thu B: the bare weekdays after a week said (with no other day
    between) are that week's days; the week only heads them and is no day of its own."""
    out: list[tuple[int, int, Reading]] = []
    week, head = None, None
    for start, end, r in found:
        if r.kind in _WEEKS_AHEAD:
            week, head = _WEEKS_AHEAD[r.kind], len(out)
            out.append((start, end, r))
            continue
        if r.kind == "weekday" and week is not None and r.ahead is not None:
            day = monday(today) + timedelta(weeks=week, days=r.ahead.weekday())
            if head is not None:
                out.pop(head)
                head = None
            out.append((start, end, _definite(day, today)))
            continue
        week = head = None
        out.append((start, end, r))
    return out


def unreadable_days(text: str, today: date, date_order: str = "mdy") -> list[DateMention]:
    """The day phrases of `text` that name no day the bot can tell (the bot asks for the day)."""
    return [d for d in find_dates(text, today, date_order, keep_unreadable=True) if d.unreadable]


_TIME_JOIN = re.compile(r"[\s,，的]*")


def later_today(text: str, dates: list[DateMention], today: date, clock: time, bare: bool = True) -> list[DateMention]:
    """The day phrases of `text` with today's times still to come at `clock` read as a coming day.

    A time of day ("上午", "下午3点", "this afternoon", "at 3pm": `intents.timegrammar.times_of_day`) whose
    slot has not ended at `clock` and that is said of today — with 今天 / today beside it, or, when `bare`,
    with no other day said before it — makes today a day still to come: the phrase is kept (or added)
    with `back` None, `ahead` today and `later_today` set. A time said of another day (明天下午) or one
    already past leaves the phrases as they are."""
    now = clock.hour * 60 + clock.minute
    times = [t for t in times_of_day(text) if t.end > now]
    if not times:
        return dates
    out = list(dates)
    for t in times:
        at = next((i for i, d in enumerate(out) if d.span[0] <= t.span[0] < d.span[1] or t.span[0] <= d.span[0] < t.span[1]
                   or (d.span[1] <= t.span[0] and _TIME_JOIN.fullmatch(text[d.span[1]:t.span[0]]))
                   or (t.span[1] <= d.span[0] and _TIME_JOIN.fullmatch(text[t.span[1]:d.span[0]]))), None)
        if at is not None:  # 今天上午10点 / this afternoon / at 2:30 today: the day said with the time
            d = out[at]
            if d.back == today == d.ahead or d.later_today:
                span = (min(d.span[0], t.span[0]), max(d.span[1], t.span[1]))
                out[at] = DateMention(span=span, said=text[span[0]:span[1]], back=None, ahead=today, later_today=True)
            continue
        before = [d for d in out if d.span[1] <= t.span[0]]
        if (before and (before[-1].back == today == before[-1].ahead or before[-1].later_today)) or (not before and bare):
            out.append(DateMention(span=t.span, said=text[t.span[0]:t.span[1]], back=None, ahead=today, later_today=True))
    return sorted(out, key=lambda d: d.span)

