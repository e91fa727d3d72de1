"""Periods of questions beyond the shared grammar, and the METRICS.md series and default rules.

`question_period` reads the period phrase of a question: first date ranges and "since X" (built
from the phrases of the shared grammar, `intents.timegrammar`, which knows every period word:
half years, a quarter of a stated year, the week before last, "这两周"), then the shared grammar,
then single days from the date grammar (`intents.dates`). `series_period` applies "weekly / monthly / daily / 趋势" and
`default_period` the "nothing said" rule.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from domain.types import AS_OF_NOW_METRICS, PIPELINE_METRICS, Period
from intents.dates import find_dates
from intents.question_words import GROUP_PATTERNS, TREND_PATTERN
from intents.timegrammar import (
    ZH_NUM,
    ZH_WEEK_RE,
    PeriodMatch,
    add_months,
    alt,
    find_period,
    find_periods,
    month_end,
    number,
    words,
)

TIME_GROUPS = ("day", "week", "month")


def question_period(said: str, today: date, pipeline: bool, date_order: str = "mdy") -> PeriodMatch | None:
    """The period a question states, with its span; None when it states none. `date_order` is the
    org's `org.date_order` ("dmy": 3/5 is 3 May)."""
    found = _date_range(said, today, pipeline) or _find_period(said, today, pipeline)
    day = _day_mention(said, today, pipeline, date_order)
    if found is None or (day is not None and _covers(day.span, found.span)):
        return day  # 上个月5号 / 去年12月20日 / the first of November: the day, not the stretch it names
    return found


def _covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and outer != inner


def time_unit(text: str) -> str | None:
    """The time unit of 'weekly' / '每月' / 'daily' when another grouping was chosen too."""
    for pattern, group in GROUP_PATTERNS:
        if group in TIME_GROUPS and pattern.search(text):
            return group
    return None


_RANGE_JOIN = re.compile(rf"\s*({alt(words('range_joins'))})\s*", re.IGNORECASE)
_SINCE_BEFORE = re.compile(rf"({alt(words('since_before'))})\s*$", re.IGNORECASE)
_SINCE_AFTER = re.compile(rf"^\s*({alt(words('since_after'))})", re.IGNORECASE)


def _date_range(text: str, today: date, pipeline: bool) -> PeriodMatch | None:
    """'10月1日到10月15日', 'from Nov 1 to Nov 15' → one period; '11月1日至今', 'since March' → to today."""
    try:
        found = find_periods(text, today, pipeline=pipeline)
    except (ValueError, OverflowError):
        return None
    for a, b in zip(found, found[1:], strict=False):
        gap = text[a.span[1]:b.span[0]] if a.span[1] <= b.span[0] else None
        if gap is not None and _RANGE_JOIN.fullmatch(gap) and a.period.start <= b.period.end:
            return PeriodMatch(period=Period(start=a.period.start, end=b.period.end), span=(a.span[0], b.span[1]),
                               said="range")
    for a in found:
        since = _SINCE_BEFORE.search(text[:a.span[0]]) or _SINCE_AFTER.match(text[a.span[1]:])
        if since and a.period.start <= today:
            return PeriodMatch(period=Period(start=a.period.start, end=max(today, a.period.end) if pipeline else today),
                               span=a.span, said="since")
    return None


def _day_mention(text: str, today: date, pipeline: bool, date_order: str = "mdy") -> PeriodMatch | None:
    """A single day the period grammar leaves to the date grammar ('last Friday'); 'since Monday' → to today."""
    for m in find_dates(text, today, date_order):
        day = (m.ahead or m.back) if pipeline else m.back
        if m.vague or day is None:
            continue
        if _SINCE_BEFORE.search(text[:m.span[0]]) or _SINCE_AFTER.search(text[m.span[1]:]):
            if day <= today:
                return PeriodMatch(period=Period(start=day, end=today), span=m.span, said="since")
        return PeriodMatch(period=Period(start=day, end=day), span=m.span, said="day")
    return None


def _find_period(text: str, today: date, pipeline: bool) -> PeriodMatch | None:
    """The shared grammar, guarded: a phrase it cannot resolve counts as no period said."""
    try:
        return find_period(text, today, pipeline=pipeline)
    except (ValueError, OverflowError):
        return None


_DAYS = re.compile(rf"(?<![每第\d])({ZH_NUM})\s*(天|日)(内|以来|里|之内|来)?(?!后|以后|之后)|\b(\d+)\s+days?\b", re.IGNORECASE)
_N_WEEKS = re.compile(rf"(最近|近|过去|前)\s*(?P<zh>{ZH_NUM})\s*个?({ZH_WEEK_RE})|\b(last|past|previous)\s+(?P<en>\d+|\w+)\s+weeks\b", re.IGNORECASE)
_N_MONTHS = re.compile(rf"(最近|近|过去|前)\s*(?P<zh>{ZH_NUM})\s*个?月|\b(last|past|previous)\s+(?P<en>\d+|\w+)\s+months\b", re.IGNORECASE)


def bare_days(text: str) -> int | None:
    """'谁三天没跟进了', 'in 5 days': N days the shared grammar leaves alone."""
    m = _DAYS.search(text)
    if not m:
        return None
    n = number(m.group(1) or m.group(4) or "")
    return n if n and 0 < n <= 366 else None


def _count(m: re.Match[str] | None) -> int | None:
    if not m:
        return None
    n = number(m.group("zh") or m.group("en") or "")
    return n if n and 0 < n <= 60 else None


def series_period(text: str, metric: str, group: str | None, period: Period | None, today: date,
            *, explicit: bool) -> tuple[str | None, Period | None]:
    """Time series: 'weekly X' = last 8 weeks, 'monthly X'/'趋势' = last 6 months, 'daily' = 14 days."""
    if group is None and TREND_PATTERN.search(text) and metric not in ("inactive_reps", "overdue_followups"):
        if period is not None and explicit:
            days = (period.end - period.start).days + 1
            group = "day" if days <= 31 else "week" if days <= 120 else "month"
        else:
            group = "month"
    if group not in ("day", "week", "month"):
        return group, period
    weeks = _count(_N_WEEKS.search(text))
    months = _count(_N_MONTHS.search(text))
    if group == "week" and weeks:
        return group, Period(start=today - timedelta(days=today.weekday() + 7 * (weeks - 1)), end=today)
    if group == "month" and months:
        y, m = add_months(today.year, today.month, -(months - 1))
        return group, Period(start=date(y, m, 1), end=today)
    if period is not None:
        return group, period
    if metric in PIPELINE_METRICS:  # expected close dates ahead
        ahead = {"day": (today, today + timedelta(days=13)),
                 "week": (today - timedelta(days=today.weekday()), today - timedelta(days=today.weekday() - 55)),
                 "month": (today.replace(day=1), month_end(*add_months(today.year, today.month, 5)))}
        start, end = ahead[group]
        return group, Period(start=start, end=end)
    if group == "day":
        return group, Period(start=today - timedelta(days=13), end=today)
    if group == "week":
        return group, Period(start=today - timedelta(days=today.weekday() + 49), end=today)
    y, m = add_months(today.year, today.month, -5)
    return group, Period(start=date(y, m, 1), end=today)


def current_unit(unit: str, today: date, pipeline: bool) -> Period:
    if unit == "day":
        return Period(start=today, end=today)
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        return Period(start=monday, end=monday + timedelta(days=6) if pipeline else today)
    return Period(start=today.replace(day=1), end=month_end(today.year, today.month) if pipeline else today)


def default_period(metric: str, today: date) -> Period | None:
    """METRICS.md when nothing is said: this month; pipeline/overdue none; inactive_reps last 3 days."""
    if metric in PIPELINE_METRICS or metric in AS_OF_NOW_METRICS or metric == "receivables":
        return None
    if metric == "inactive_reps":
        return Period(start=today - timedelta(days=2), end=today)
    return Period(start=today.replace(day=1), end=today)
