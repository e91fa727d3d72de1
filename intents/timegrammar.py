"""The period grammar shared by questions and metrics (METRICS.md "Periods"), zh + en.

`find_period(text, today)` finds the first period phrase in a question and resolves it:
except with `pipeline=True` a period never runs past today; with `pipeline=True` "this
week/month/quarter/year" runs to the end of that unit and a bare month or quarter is the next
one that has not ended. Day phrases for captured messages live in `intents.dates`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.types import Period
from intents.calendar_math import (
    EN_MONTH,
    EN_MONTH_RE,
    EN_NUM,
    ORDINAL,
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
class PeriodMatch:
    """A period found in a text: the dates, where it was said and a key for what was said."""

    period: Period
    span: tuple[int, int]
    said: str


def unit_period(unit: str, offset: int, today: date, pipeline: bool = False) -> Period:
    """The week/month/quarter/year `offset` units from the one holding today.

    The current unit ends today unless `pipeline` (then it runs to its last day)."""
    if unit == "week":
        start = monday(today) + timedelta(weeks=offset)
        end = start + timedelta(days=6)
    elif unit == "month":
        y, m = add_months(today.year, today.month, offset)
        start, end = date(y, m, 1), month_end(y, m)
    elif unit == "quarter":
        y, m = add_months(today.year, 3 * (quarter_of(today) - 1) + 1, 3 * offset)
        start, end = quarter_bounds(y, quarter_of(date(y, m, 1)))
    elif unit == "year":
        start, end = date(today.year + offset, 1, 1), date(today.year + offset, 12, 31)
    else:
        raise ValueError(unit)
    return _clip(start, end, today, pipeline)


def _clip(start: date, end: date, today: date, pipeline: bool) -> Period:
    if not pipeline and start <= today < end:
        end = today
    return Period(start=start, end=end)


def _month(year: int | None, month: int, today: date, pipeline: bool) -> tuple[Period, str]:
    if year is None:
        year = today.year
        if pipeline and month_end(year, month) < today:
            year += 1
        elif not pipeline and date(year, month, 1) > today:
            year -= 1
    return _clip(date(year, month, 1), month_end(year, month), today, pipeline), f"month:{year:04d}-{month:02d}"


def _quarter(year: int | None, q: int, today: date, pipeline: bool) -> tuple[Period, str]:
    said = f"quarter:{q}" if year is None else f"quarter:{year:04d}-Q{q}"
    if year is None:
        year = today.year
        start, end = quarter_bounds(year, q)
        if pipeline and end < today:
            year += 1
        elif not pipeline and start > today:
            year -= 1
    start, end = quarter_bounds(year, q)
    return _clip(start, end, today, pipeline), said


Handler = Callable[[re.Match, date, bool], "tuple[Period, str] | None"]
_RULES: list[tuple[re.Pattern, Handler]] = []


def _rule(pattern: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _RULES.append((re.compile(pattern), fn))
        return fn
    return register


_UNIT_ZH = {"周": "week", "星期": "week", "礼拜": "week", "月": "month", "季度": "quarter", "季": "quarter",
            "年": "year"}
_UNIT_EN = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}
_OFFSET = {"本": 0, "这": 0, "这一": 0, "当": 0, "今": 0, "上": -1, "上一": -1, "去": -1, "下": 1, "下一": 1,
           "明": 1, "this": 0, "current": 0, "last": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1}
_SAID = {0: "this", -1: "last", 1: "next"}


@_rule(r"今天|今日|today")
def _today(m: re.Match, today: date, pipeline: bool):
    return Period(start=today, end=today), "today"


@_rule(r"昨天|昨日|yesterday")
def _yesterday(m: re.Match, today: date, pipeline: bool):
    d = today - timedelta(days=1)
    return Period(start=d, end=d), "yesterday"


@_rule(r"前天|day before yesterday")
def _day_before(m: re.Match, today: date, pipeline: bool):
    d = today - timedelta(days=2)
    return Period(start=d, end=d), f"day:{d.isoformat()}"


@_rule(r"(上一?|下一?|本|这一?|当)个?(周|星期|礼拜|月|季度|季)(?!度)(?:份)?|(今|去|明)年(?:度)?|本年度?")
def _zh_unit(m: re.Match, today: date, pipeline: bool):
    if m.group(3) or m.group(0).startswith("本年"):
        off = _OFFSET[m.group(3)] if m.group(3) else 0
        unit = "year"
    else:
        off, unit = _OFFSET[m.group(1)], _UNIT_ZH[m.group(2)]
    return unit_period(unit, off, today, pipeline), f"{_SAID[off]}_{unit}"


@_rule(r"\b(this|current|last|previous|prior|next|coming)\s+(week|month|quarter|year)\b")
def _en_unit(m: re.Match, today: date, pipeline: bool):
    off, unit = _OFFSET[m.group(1)], _UNIT_EN[m.group(2)]
    return unit_period(unit, off, today, pipeline), f"{_SAID[off]}_{unit}"


@_rule(r"\b(?:(w|m|q|y)td|(week|month|quarter|year)[- ]to[- ]date|so far this (week|month|quarter|year))\b")
def _to_date(m: re.Match, today: date, pipeline: bool):
    key = m.group(1) or m.group(2) or m.group(3)
    unit = {"w": "week", "m": "month", "q": "quarter", "y": "year"}.get(key, key)
    return unit_period(unit, 0, today, False), f"this_{unit}"


_ZH_TO_DATE_UNIT = {"年": "year", "月": "month", "季": "quarter", "季度": "quarter", "周": "week", "星期": "week"}


@_rule(r"(?:今|本|这)?(年|月|季度|季|周|星期)(?:初|头)\s*(?:至今|到现在|到今天|以来|迄今|到目前(?:为止)?)|"
       r"(?:今|本|这)(年|月|季度|季|周|星期)(?:以来|迄今|至今|到目前(?:为止)?)")
def _zh_to_date(m: re.Match, today: date, pipeline: bool):
    """年初至今 / 今年以来 / 月初到现在: this year (month, …) so far, never past today."""
    unit = _ZH_TO_DATE_UNIT[m.group(1) or m.group(2)]
    return unit_period(unit, 0, today, False), f"this_{unit}"


def _last_days(n: int | None, unit: str, today: date) -> tuple[Period, str] | None:
    if not n or n <= 0 or n > 3660:
        return None
    if unit == "month":
        start = add_months_day(today, -n) + timedelta(days=1)
        return Period(start=start, end=today), f"last_{n}_months"
    days = n * (7 if unit == "week" else 1)
    return Period(start=today - timedelta(days=days - 1), end=today), f"last_{days}_days"


@_rule(rf"(?:最近|近|过去|前|这)的?({ZH_NUM})(天|日|周|个星期|个礼拜|个月)")
def _zh_last_n(m: re.Match, today: date, pipeline: bool):
    unit = {"天": "day", "日": "day", "周": "week", "个星期": "week", "个礼拜": "week", "个月": "month"}[m.group(2)]
    return _last_days(number(m.group(1)), unit, today)


@_rule(r"(?:最近|近)一?(周|个星期|个月)")
def _zh_recent_unit(m: re.Match, today: date, pipeline: bool):
    return _last_days(1, "week" if m.group(1) != "个月" else "month", today)


@_rule(rf"\b(?:last|past|previous|trailing)\s+({EN_NUM})\s+(day|week|month)s?\b")
def _en_last_n(m: re.Match, today: date, pipeline: bool):
    return _last_days(number(m.group(1)), m.group(2), today)


@_rule(r"(?<![0-9])(20[0-9]{2})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月份?(?![0-9]|底|初|中)|(?<![0-9])(20[0-9]{2})[-/.]([0-9]{1,2})(?![0-9]|[-/.][0-9])")
def _year_month(m: re.Match, today: date, pipeline: bool):
    year, month = int(m.group(1) or m.group(3)), number(m.group(2) or m.group(4))
    if not month or not 1 <= month <= 12:
        return None
    return _month(year, month, today, pipeline)


@_rule(r"(?<![0-9年.\-/])([0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?(?![0-9]|底|初|中|[0-9一二三四五六七八九十]+[日号])")
def _zh_month(m: re.Match, today: date, pipeline: bool):
    month = number(m.group(1))
    if not month or not 1 <= month <= 12:
        return None
    return _month(None, month, today, pipeline)


@_rule(rf"\b(?:in |for |during |of )?({EN_MONTH_RE})\.?(?:\s*,?\s*(20[0-9]{{2}}))?\b(?!\s*[0-9])")
def _en_month(m: re.Match, today: date, pipeline: bool):
    word = m.group(1)
    year = int(m.group(2)) if m.group(2) else None
    if word in ("may", "mar", "jun") and not (year or m.group(0)[:1] in "ifdo"):
        return None  # "may" the verb, "mar" and friends: only with "in/for/during/of" or a year
    return _month(year, EN_MONTH[word], today, pipeline)


@_rule(r"(?:(20[0-9]{2})\s*年?\s*|(今|明|去)年(?:的)?)?(?:第)?([一二三四1-4])\s*季度|(?:(20[0-9]{2})\s*年?\s*)?(?<![a-z0-9])q([1-4])(?![a-z0-9])(?:\s*(20[0-9]{2}))?|(?<![a-z0-9])([1-4])q(?![a-z0-9])")
def _quarter_rule(m: re.Match, today: date, pipeline: bool):
    q = number(m.group(3) or m.group(5) or m.group(7))
    y = m.group(1) or m.group(4) or m.group(6)
    year = int(y) if y else ({"今": today.year, "明": today.year + 1, "去": today.year - 1}[m.group(2)] if m.group(2) else None)
    return _quarter(year, q, today, pipeline)


@_rule(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b")
def _en_quarter(m: re.Match, today: date, pipeline: bool):
    return _quarter(None, ORDINAL[m.group(1)], today, pipeline)


@_rule(r"(?:(20[0-9]{2})\s*年\s*|(今|去|明|前)年(?:的)?)?(上|下)半年|\bh([12])\b(?:\s*(20[0-9]{2}))?")
def _half(m: re.Match, today: date, pipeline: bool):
    h = 1 if (m.group(3) == "上" or m.group(4) == "1") else 2
    y = m.group(1) or m.group(5)
    year = int(y) if y else ({"今": 0, "去": -1, "明": 1, "前": -2}[m.group(2)] + today.year if m.group(2) else None)
    start, end = date(year or today.year, 1 if h == 1 else 7, 1), date(year or today.year, 6 if h == 1 else 12, 30 if h == 1 else 31)
    if year is None and not pipeline and start > today:
        start, end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    return _clip(start, end, today, pipeline), f"half:{h}" if year is None else f"half:{year:04d}-H{h}"


@_rule(r"(上上|下下)个?(周|星期|礼拜|月|季度)|(前|后)年")
def _two_units(m: re.Match, today: date, pipeline: bool):
    if m.group(3):
        off = -2 if m.group(3) == "前" else 2
        return unit_period("year", off, today, pipeline), f"year:{today.year + off}"
    off, unit = (-2 if m.group(1) == "上上" else 2), _UNIT_ZH[m.group(2)]
    return unit_period(unit, off, today, pipeline), f"{'before_last' if off < 0 else 'after_next'}_{unit}"


@_rule(r"(?:最近|近|过去|这)的?(半|一|1)年")
def _zh_recent_year(m: re.Match, today: date, pipeline: bool):
    return _last_days(6 if m.group(1) == "半" else 12, "month", today)


@_rule(r"(?<![0-9])(20[0-9]{2})\s*年(?!\s*[0-9一二三四五六七八九十]+\s*月)(?:度)?|\b(?:in |for |during )(20[0-9]{2})\b(?![-/.][0-9])")
def _year(m: re.Match, today: date, pipeline: bool):
    y = int(m.group(1) or m.group(2))
    return _clip(date(y, 1, 1), date(y, 12, 31), today, pipeline), f"year:{y}"


@_rule(rf"(?:(20[0-9]{{2}})\s*年\s*)?({ZH_NUM})\s*月\s*({ZH_NUM})\s*[日号]|(?<![0-9])(20[0-9]{{2}})-([0-9]{{1,2}})-([0-9]{{1,2}})(?![0-9])"
       rf"|\b({EN_MONTH_RE})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?\b|\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s+({EN_MONTH_RE})\b")
def _day(m: re.Match, today: date, pipeline: bool):
    g = m.groups()
    if g[1]:
        y, mo, d = (int(g[0]) if g[0] else None), number(g[1]), number(g[2])
    elif g[3]:
        y, mo, d = int(g[3]), int(g[4]), int(g[5])
    elif g[6]:
        y, mo, d = None, EN_MONTH[g[6]], int(g[7])
    else:
        y, mo, d = None, EN_MONTH[g[9]], int(g[8])
    if not mo or not d:
        return None
    day = safe_date(y or today.year, mo, d)
    if day is None:
        return None
    if y is None and day > today and not pipeline:
        day = safe_date(today.year - 1, mo, d) or day
    return Period(start=day, end=day), f"day:{day.isoformat()}"


@_rule(r"(上|下|本|这)(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])(?!共|起|以来|开始|内)")
def _zh_weekday(m: re.Match, today: date, pipeline: bool):
    off = _OFFSET[m.group(1)]
    d = monday(today) + timedelta(weeks=off, days=ZH_WEEKDAY[m.group(2)])
    return Period(start=d, end=d), f"day:{d.isoformat()}"


def find_period(text: str, today: date, *, pipeline: bool = False) -> PeriodMatch | None:
    """The first (leftmost, then longest) period said in `text`, resolved against `today`."""
    folded = fold(text)
    best: tuple[int, int, Period, str] | None = None
    for pattern, handler in _RULES:
        for m in pattern.finditer(folded):
            if best is not None and (m.start() > best[0] or (m.start() == best[0] and m.end() <= best[1])):
                continue
            got = handler(m, today, pipeline)
            if got is not None:
                best = (m.start(), m.end(), got[0], got[1])
                break
    if best is None:
        return None
    return PeriodMatch(period=best[2], span=(best[0], best[1]), said=best[3])


def find_periods(text: str, today: date, *, pipeline: bool = False) -> list[PeriodMatch]:
    """Every non-overlapping period phrase in `text`, left to right (e.g. for comparisons)."""
    out: list[PeriodMatch] = []
    pos = 0
    while True:
        found = find_period(text[pos:], today, pipeline=pipeline)
        if found is None:
            return out
        s, e = found.span
        out.append(PeriodMatch(period=found.period, span=(s + pos, e + pos), said=found.said))
        pos += e
