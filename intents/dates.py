"""Day phrases in reps' messages (CONTRACT.md "Relative dates"), zh + en.

`find_dates(text, today)` lists every day phrase with two readings: `back` (as the day an
activity happened: on or before today) and `ahead` (as a follow-up or close date: today or
later). The capture engine picks the reading by slot. Spans index the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from intents.calendar_math import (
    EN_MONTH,
    EN_MONTH_RE,
    EN_NUM,
    EN_WEEKDAY,
    EN_WEEKDAY_RE,
    ZH_NUM,
    ZH_WEEKDAY,
    add_months,
    add_months_day,
    monday,
    month_end,
    number,
    quarter_bounds,
    quarter_of,
    safe_date,
)
from intents.normalize import fold


@dataclass(frozen=True)
class DateMention:
    """A day phrase: where it is, and its reading as a past day (`back`) or a coming day (`ahead`).

    `vague` marks phrases that name a stretch (a month, quarter, year end) rather than a day."""

    span: tuple[int, int]
    said: str
    back: date | None
    ahead: date | None
    vague: bool = False


def _definite(d: date | None, today: date) -> tuple[date | None, date | None]:
    if d is None:
        return None, None
    return (d if d <= today else None), (d if d >= today else None)


def _bare_weekday(wd: int, today: date) -> tuple[date, date]:
    back = today - timedelta(days=(today.weekday() - wd) % 7)
    ahead = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
    return back, ahead


def _month_day(month: int, day: int, today: date) -> tuple[date | None, date | None]:
    this = safe_date(today.year, month, day)
    if this is None:
        return None, None
    back = this if this <= today else safe_date(today.year - 1, month, day)
    ahead = this if this >= today else safe_date(today.year + 1, month, day)
    return back, ahead


def _quarter_end(q: int, year: int | None, today: date) -> date:
    if year is not None:
        return quarter_bounds(year, q)[1]
    end = quarter_bounds(today.year, q)[1]
    return end if end >= today else quarter_bounds(today.year + 1, q)[1]


def _month_end_ahead(month: int, today: date) -> date:
    end = month_end(today.year, month)
    return end if end >= today else month_end(today.year + 1, month)


Reading = tuple[date | None, date | None, bool]
_RULES: list[tuple[re.Pattern, Callable[[re.Match, date], Reading | None]]] = []


def _rule(pattern: str):
    def register(fn):
        _RULES.append((re.compile(pattern), fn))
        return fn
    return register


_REL = {"今": 0, "今天": 0, "今日": 0, "今早": 0, "今晚": 0, "today": 0, "tonight": 0, "this morning": 0,
        "this afternoon": 0, "this evening": 0, "昨": -1, "昨天": -1, "昨日": -1, "昨晚": -1, "yesterday": -1,
        "last night": -1, "前天": -2, "大前天": -3, "day before yesterday": -2, "明天": 1, "明日": 1, "明早": 1,
        "明晚": 1, "tomorrow": 1, "yday": -1, "tmrw": 1, "tmr": 1, "tmw": 1, "2moro": 1, "后天": 2, "day after tomorrow": 2, "大后天": 3}


@_rule(r"大前天|前天|昨天|昨日|昨晚|今天|今日|今早|今晚|大后天|后天|明天|明日|明早|明晚|\b(?:the )?day (?:before yesterday|after tomorrow)\b|\b(?:today|tonight|yesterday|yday|tomorrow|tmrw|tmr|tmw|2moro|this (?:morning|afternoon|evening)|last night)\b")
def _relative_day(m: re.Match, today: date) -> Reading:
    key = m.group(0).removeprefix("the ")
    return (*_definite(today + timedelta(days=_REL[key]), today), False)


_WEEK_OFF = {"上上": -2, "上": -1, "下下": 2, "下": 1, "本": 0, "这": 0, "这个": 0, "last": -1, "next": 1,
             "this": 0, "coming": None, "on": None, "by": None, "until": None, "before": None, "till": None, "": None}


@_rule(r"(上上|上|下下|下|本|这)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])(?!共|起|以来|开始|内|[0-9])")
def _zh_weekday(m: re.Match, today: date) -> Reading:
    wd = ZH_WEEKDAY[m.group(2)]
    off = _WEEK_OFF[m.group(1) or ""]
    if off is None:
        back, ahead = _bare_weekday(wd, today)
        return back, ahead, False
    return (*_definite(monday(today) + timedelta(weeks=off, days=wd), today), False)


@_rule(rf"\b(?:(last|next|this|coming|on|by|until|before|till)\s+)?({EN_WEEKDAY_RE})\b")
def _en_weekday(m: re.Match, today: date) -> Reading | None:
    word = m.group(2)
    if word in ("sun", "sat", "mon", "wed") and not m.group(1) and re.match(r"\s*[a-z]", m.string[m.end():].lower()):
        return None  # too easily a word ("sat down"): only with last/next/this or before punctuation
    wd = EN_WEEKDAY[word]
    off = _WEEK_OFF[m.group(1) or ""]
    if off is None:
        back, ahead = _bare_weekday(wd, today)
        if m.group(1) in ("by", "until", "before", "till"):
            back = None  # "by Friday" looks forward
        return back, ahead, False
    return (*_definite(monday(today) + timedelta(weeks=off, days=wd), today), False)


def _after(n: int | None, unit: str, today: date) -> date | None:
    if not n or n > 3650:
        return None
    if unit in ("天", "日", "day"):
        return today + timedelta(days=n)
    if unit in ("周", "个星期", "个礼拜", "星期", "礼拜", "week"):
        return today + timedelta(weeks=n)
    return add_months_day(today, n)


@_rule(rf"(?:过)?({ZH_NUM})\s*(天|日|周|个星期|个礼拜|个月)(?:之?后|以后|后|内|左右)")
def _zh_in_n(m: re.Match, today: date) -> Reading | None:
    d = _after(number(m.group(1)), m.group(2), today)
    return (None, d, False) if d else None


@_rule(rf"过({ZH_NUM})\s*(天|周|个星期|个月)")
def _zh_after_n(m: re.Match, today: date) -> Reading | None:
    d = _after(number(m.group(1)), m.group(2), today)
    return (None, d, False) if d else None


@_rule(rf"\b(?:in|within)\s+(?:the\s+next\s+)?({EN_NUM})\s+(day|week|month)s?\b|\b({EN_NUM})\s+(day|week|month)s?\s+(?:from now|later|out)\b")
def _en_in_n(m: re.Match, today: date) -> Reading | None:
    d = _after(number(m.group(1) or m.group(3)), m.group(2) or m.group(4), today)
    return (None, d, False) if d else None


@_rule(r"(下下|下|本|这|上)?个?月(底|末|初|中旬|中|上旬|下旬)|月(?:底|末)")
def _zh_month_edge(m: re.Match, today: date) -> Reading:
    off = {"下下": 2, "下": 1, "上": -1}.get(m.group(1) or "", 0)
    y, mo = add_months(today.year, today.month, off)
    edge = m.group(2) or "底"
    d = month_end(y, mo) if edge in ("底", "末", "下旬") else date(y, mo, {"初": 1, "上旬": 10}.get(edge, 15))
    return (*_definite(d, today), True)


@_rule(rf"(?<![0-9.])({ZH_NUM})\s*月\s*(底|末|初|中旬|中|上旬|下旬)")
def _zh_n_month_edge(m: re.Match, today: date) -> Reading | None:
    mo = number(m.group(1))
    if not mo or not 1 <= mo <= 12:
        return None
    edge = m.group(2)
    if edge in ("底", "末", "下旬"):
        end = month_end(today.year, mo)
        return (end if end <= today else None), _month_end_ahead(mo, today), True
    back, ahead = _month_day(mo, {"初": 1, "上旬": 10}.get(edge, 15), today)
    return back, ahead, True


@_rule(r"(今|明)?年(?:底|末|内|前)|\b(?:end of (?:the |this )?year|year[- ]end|eoy|by year end)\b")
def _year_end(m: re.Match, today: date) -> Reading:
    year = today.year + (1 if m.group(1) == "明" else 0)
    return None, date(year, 12, 31), True


@_rule(r"(今|明)?年?(上|下)半年")
def _half_year(m: re.Match, today: date) -> Reading:
    year = today.year + (1 if m.group(1) == "明" else 0)
    end = date(year, 6, 30) if m.group(2) == "上" else date(year, 12, 31)
    if end < today:
        end = end.replace(year=end.year + 1)
    return None, end, True


@_rule(rf"\b(early|mid|late)[- ]({EN_MONTH_RE})\b(?!\s*[0-9])")
def _en_month_part(m: re.Match, today: date) -> Reading:
    mo = EN_MONTH[m.group(2)]
    if m.group(1) == "late":
        end = _month_end_ahead(mo, today)
        return (end if end <= today else None), end, True
    back, ahead = _month_day(mo, 1 if m.group(1) == "early" else 15, today)
    return back, ahead, True


@_rule(r"\b(?:the )?end of (?:the )?(this |next |the )?month\b|\b(?:month[- ]end|eom)\b")
def _en_month_end(m: re.Match, today: date) -> Reading:
    off = 1 if (m.group(1) or "").strip() == "next" else 0
    y, mo = add_months(today.year, today.month, off)
    return (*_definite(month_end(y, mo), today), True)


@_rule(r"(?:(今|明)年(?:的)?|(20[0-9]{2})\s*年?\s*)?(?:第)?([一二三四1-4])\s*季度(?:末|底)?|(?:\bend of\s+)?(?<![a-z0-9])q([1-4])(?![a-z0-9])(?:\s*(20[0-9]{2}))?|(?<![a-z0-9])([1-4])q(?![a-z0-9])")
def _quarter(m: re.Match, today: date) -> Reading | None:
    q = number(m.group(3) or m.group(4) or m.group(6))
    year = int(m.group(2) or m.group(5)) if (m.group(2) or m.group(5)) else None
    if m.group(1):
        year = today.year + (1 if m.group(1) == "明" else 0)
    return None, _quarter_end(q, year, today), True


@_rule(r"(下|本|这)个?季度?(?:末|底)?|\b(?:end of )?(?:the )?(this|next) quarter\b|\bend of (?:the )?quarter\b")
def _rel_quarter(m: re.Match, today: date) -> Reading:
    off = 1 if "下" in m.group(0) or "next" in m.group(0) else 0
    y, mo = add_months(today.year, 3 * (quarter_of(today) - 1) + 1, 3 * off)
    return None, quarter_bounds(y, quarter_of(date(y, mo, 1)))[1], True


@_rule(r"(下|本|这)个?月(?!底|末|初|中|[0-9])|\b(this|next) month\b")
def _rel_month(m: re.Match, today: date) -> Reading:
    off = 1 if m.group(1) == "下" or m.group(2) == "next" else 0
    y, mo = add_months(today.year, today.month, off)
    return None, month_end(y, mo), True


@_rule(r"(?<![0-9年.\-/])([0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?(?![0-9]|底|末|初|中|[一二三四五六七八九十]+[日号])")
def _zh_month_only(m: re.Match, today: date) -> Reading | None:
    mo = number(m.group(1))
    if not mo or not 1 <= mo <= 12:
        return None
    return None, _month_end_ahead(mo, today), True


@_rule(rf"(?:(20[0-9]{{2}})\s*年|(明|今)年)\s*({ZH_NUM})\s*月份?(底|末|初|中)?(?!\s*[0-9一二三四五六七八九十]+\s*[日号]?)"
       rf"|(?<![0-9])(20[0-9]{{2}})-([0-9]{{1,2}})(?![0-9]|-[0-9])")
def _year_month(m: re.Match, today: date) -> Reading | None:
    if m.group(5):
        year, mo, edge = int(m.group(5)), int(m.group(6)), None
    else:
        year = int(m.group(1)) if m.group(1) else today.year + (1 if m.group(2) == "明" else 0)
        mo, edge = number(m.group(3)), m.group(4)
    if not mo or not 1 <= mo <= 12:
        return None
    if edge in ("初", "中"):
        return (*_definite(date(year, mo, 1 if edge == "初" else 15), today), True)
    return (*_definite(month_end(year, mo), today), True)


@_rule(r"(上上|上|下下|下|本|这)?个?(?:周末|礼拜末)|\b(?:(last|next|this|the|over the|on the)\s+)?weekend\b")
def _weekend(m: re.Match, today: date) -> Reading:
    """周末 / this weekend: its Saturday; read back (a past activity), the latest Saturday on or
    before today (Sunday reads yesterday); read ahead, the coming Saturday. 上/下周末 fix the week."""
    word = m.group(1) or m.group(2) or ""
    off = {"上上": -2, "上": -1, "last": -1, "下下": 2, "下": 1, "next": 1, "本": 0, "这": 0, "this": 0}.get(word)
    if off is not None:
        return (*_definite(monday(today) + timedelta(weeks=off, days=5), today), False)
    back = today - timedelta(days=(today.weekday() - 5) % 7)
    ahead = today + timedelta(days=(5 - today.weekday()) % 7 or (7 if today.weekday() == 6 else 0))
    return back, ahead, False


@_rule(r"(下|本|这)个?(?:周|星期|礼拜)(?![一二三四五六日天1-7末])|\b(next|this) week\b")
def _rel_week(m: re.Match, today: date) -> Reading:
    if m.group(1) == "下" or m.group(2) == "next":
        return None, monday(today) + timedelta(weeks=1), False
    return None, max(today, monday(today) + timedelta(days=4)), False


@_rule(rf"(?:(20[0-9]{{2}})\s*年\s*)?(?<![0-9.])({ZH_NUM})\s*月\s*({ZH_NUM})\s*[日号]?|(?<![0-9])(20[0-9]{{2}})[-/.]([0-9]{{1,2}})[-/.]([0-9]{{1,2}})(?![0-9])")
def _zh_full_date(m: re.Match, today: date) -> Reading | None:
    if m.group(4):
        return (*_definite(safe_date(int(m.group(4)), int(m.group(5)), int(m.group(6))), today), False)
    mo, d = number(m.group(2)), number(m.group(3))
    if not mo or not d or not 1 <= mo <= 12:
        return None
    if m.group(1):
        return (*_definite(safe_date(int(m.group(1)), mo, d), today), False)
    back, ahead = _month_day(mo, d, today)
    return back, ahead, False


@_rule(r"(?<![0-9.,$¥+\-/])([0-9]{1,2})[./]([0-9]{1,2})(?![0-9]|\.[0-9]|\s*(?:万|w|k|m|亿|千|百|元|%|块|美元|个|倍|折))")
def _dotted(m: re.Match, today: date) -> Reading | None:
    mo, d = int(m.group(1)), int(m.group(2))
    if not 1 <= mo <= 12 or not 1 <= d <= 31:
        return None
    back, ahead = _month_day(mo, d, today)
    return back, ahead, False


@_rule(rf"\b({EN_MONTH_RE})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(20[0-9]{{2}}))?|\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({EN_MONTH_RE})\b(?:,?\s*(20[0-9]{{2}}))?")
def _en_date(m: re.Match, today: date) -> Reading | None:
    mo = EN_MONTH[m.group(1) or m.group(5)]
    d = int(m.group(2) or m.group(4))
    year = m.group(3) or m.group(6)
    if year:
        return (*_definite(safe_date(int(year), mo, d), today), False)
    back, ahead = _month_day(mo, d, today)
    return back, ahead, False


@_rule(rf"\b(?:in|by|until|before|during|end of)\s+({EN_MONTH_RE})\b(?!\s*[0-9])")
def _en_month_only(m: re.Match, today: date) -> Reading:
    mo = EN_MONTH[m.group(1)]
    return None, _month_end_ahead(mo, today), True


@_rule(r"(?<![0-9月.])([0-9]{1,2})\s*[号日](?![0-9])|\bthe\s+([0-9]{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[a-z]{3})")
def _day_of_month(m: re.Match, today: date) -> Reading | None:
    d = int(m.group(1) or m.group(2))
    this = safe_date(today.year, today.month, d)
    if this is None:
        return None
    y, mo = add_months(today.year, today.month, 1 if this < today else -1)
    other = safe_date(y, mo, d)
    back = this if this <= today else other
    ahead = this if this >= today else other
    return back, ahead, False


def find_dates(text: str, today: date) -> list[DateMention]:
    """Every day phrase in `text`, left to right, longest first where they overlap."""
    folded = fold(text)
    found: list[tuple[int, int, Reading]] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(folded):
            if m.end() == m.start():
                continue
            got = handler(m, today)
            if got is not None and (got[0] or got[1]):
                found.append((m.start(), m.end(), got))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[DateMention] = []
    last_end = -1
    for start, end, (back, ahead, vague) in found:
        if start < last_end:
            continue
        out.append(DateMention(span=(start, end), said=text[start:end], back=back, ahead=ahead, vague=vague))
        last_end = end
    return out
