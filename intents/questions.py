"""Managers' and reps' questions → a typed MetricQuery (METRICS.md), rule-based.

Simplified and traditional Chinese and English. The text is normalised (half-width,
simplified), then read in layers: known names (reps, teams, tiers, regions, industries,
sources) are found and blanked, the period phrase comes from the shared grammar
(`intents.timegrammar.find_period`) and is blanked, then the metric, the grouping and
the activity kind are read from what is left. Nothing of the text ever reaches SQL: the
result holds only enum keys, dates and stored values taken from the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from intents.calendar_math import ZH_NUM, add_months, month_end, number
from intents.dates import find_dates
from intents.normalize import normalize
from intents.question_words import (
    COUNT_CUE,
    GROUP_PATTERNS,
    HOSTILE_PATTERN,
    INDUSTRY_WORDS,
    KIND_PATTERNS,
    METRIC_PATTERNS,
    REGION_WORDS,
    SELF_PATTERN,
    SOURCE_WORDS,
    TODO_PATTERN,
    TREND_PATTERN,
)
from intents.timegrammar import PeriodMatch, find_period, find_periods
from intents.types import PIPELINE_METRICS, Filters, MetricQuery, Period

MAX_QUESTION_CHARS = 300
BLANK = "\u2002"
TIME_GROUPS = ("day", "week", "month")  # an en space: blanks a recognised phrase without joining its neighbours


@dataclass
class QuestionVocabulary:
    """What the organisation calls things: stored names and values (loaded from the DB)."""

    reps: dict[str, str] = field(default_factory=dict)  # user name -> user id (every user)
    roles: dict[str, str] = field(default_factory=dict)  # user id -> role
    teams: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class _Reading:
    """The question being read: folded text with spans blanked as they are recognised."""

    text: str
    filters: dict[str, str] = field(default_factory=dict)
    several: set[str] = field(default_factory=set)  # filter keys named more than once ("A组和B组")

    def blank(self, start: int, end: int) -> None:
        self.text = self.text[:start] + BLANK * (end - start) + self.text[end:]


def is_hostile(text: str) -> bool:
    """Text that tries to drive the database or a model (SQL, 'ignore previous instructions')."""
    return bool(HOSTILE_PATTERN.search(normalize(text)))


def understand_question(text: str, *, asker_id: str, today: date, vocab: QuestionVocabulary) -> MetricQuery | None:
    """The MetricQuery a question asks for, or None when it maps to no metric (or is hostile)."""
    if not text or not text.strip() or len(text) > MAX_QUESTION_CHARS:
        return None
    norm = normalize(text)
    if is_hostile(norm) or TODO_PATTERN.search(norm):
        return None
    reading = _Reading(norm)
    _find_names(reading, vocab)
    metric, implied_kind = _find_metric(reading.text)
    if metric is None:
        return None
    pipeline = metric in PIPELINE_METRICS
    group = _find_group(reading.text, metric)
    for key in ("rep", "team", "tier", "region", "industry", "source"):
        if key in reading.several:  # two teams named: compare them, grouped by team
            reading.filters.pop(key)
            group = group or key
    said = reading.text
    match = (_year_quarter(said, today, pipeline) or _half_year(said, today, pipeline)
             or _before_last(said, today) or _recent_weeks(said, today) or _date_range(said, today, pipeline)
             or _find_period(said, today, pipeline) or _day_mention(said, today, pipeline))
    period = None
    if match is not None:
        period = match.period
        reading.blank(*match.span)
    elif (n := _bare_days(reading.text)) is not None:
        period = Period(start=today - timedelta(days=n - 1), end=today)
    elif group is not None and group not in TIME_GROUPS and (unit := _time_unit(said)):
        period = _current_unit(unit, today, pipeline)  # "weekly visits by rep": this week, by rep
    filters = Filters(**reading.filters)
    kind = implied_kind or _find_kind(reading.text, metric)
    if kind and metric in ("activities", "inactive_reps") and group != "kind":
        filters.kind = kind
    if filters.rep is None and vocab.roles.get(asker_id) == "rep" and SELF_PATTERN.search(reading.text):
        filters.rep = asker_id
    return complete_query(metric, group, period, filters, today, said=said, explicit=match is not None)


def complete_query(metric: str, group: str | None, period: Period | None, filters: Filters, today: date,
                   *, said: str = "", explicit: bool = True) -> MetricQuery:
    """Apply the METRICS.md series and default-period rules to what a question said."""
    group, period = _series(said, metric, group, period, today, explicit=explicit and period is not None)
    if period is None:
        period = _default_period(metric, today)
    if metric == "overdue_followups":
        period = None
    if (metric == "inactive_reps" and group is not None) or (metric == "overdue_followups" and group in TIME_GROUPS):
        group = None  # a list of reps already / as of today
    return MetricQuery(metric=metric, period=period, group_by=group, filters=filters)


_YEAR_QUARTER = re.compile(r"(?<!\d)(20\d\d)\s*年?\s*(?:的)?\s*[Qq]([1-4])(?!\d)|\b[Qq]([1-4])\s*(?:of\s+)?(20\d\d)\b")


_RANGE_JOIN = re.compile(r"\s*(到|至|~|～|-|–|—|to|until|till|through|thru|and)\s*", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"(since|from|自|从)\s*$", re.IGNORECASE)
_SINCE_AFTER = re.compile(r"^\s*(以来|起|开始|至今|到现在|到今天|until\s+now|to\s+date|till\s+now)", re.IGNORECASE)
_RECENT_WEEKS = re.compile(rf"(这|近|最近|过去)\s*(?P<n>{ZH_NUM})\s*(个)?(周|星期|礼拜)|(近|最近|过去)\s*半年|\b(past|last)\s+(six|6)\s+months?\b|\bpast\s+half\s+year\b", re.IGNORECASE)


def _recent_weeks(text: str, today: date) -> PeriodMatch | None:
    """'这两周' (the last 14 days, like 最近两周), '近半年' (the last six months, like 过去六个月)."""
    m = _RECENT_WEEKS.search(text)
    if not m:
        return None
    if m.group("n"):
        n = number(m.group("n"))
        if not n or n > 52:
            return None
        return PeriodMatch(period=Period(start=today - timedelta(days=7 * n - 1), end=today), span=m.span(),
                           said=f"last_{7 * n}_days")
    y, mo = add_months(today.year, today.month, -6)
    start = date(y, mo, min(today.day, month_end(y, mo).day)) + timedelta(days=1)
    return PeriodMatch(period=Period(start=start, end=today), span=m.span(), said="last_6_months")


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


def _day_mention(text: str, today: date, pipeline: bool) -> PeriodMatch | None:
    """A single day the period grammar leaves to the date grammar ('last Friday'); 'since Monday' → to today."""
    for m in find_dates(text, today):
        day = (m.ahead or m.back) if pipeline else m.back
        if m.vague or day is None:
            continue
        if _SINCE_BEFORE.search(text[:m.span[0]]) or _SINCE_AFTER.search(text[m.span[1]:]):
            if day <= today:
                return PeriodMatch(period=Period(start=day, end=today), span=m.span, said="since")
        return PeriodMatch(period=Period(start=day, end=day), span=m.span, said="day")
    return None


_HALF = re.compile(r"(上|下)半年|\b(h[12])\b|\b(first|second)\s+half(\s+of\s+(the|this)\s+year)?\b", re.IGNORECASE)
_BEFORE_LAST = re.compile(r"上上(个)?(周|星期|礼拜|月)|\b(the\s+)?(week|month)\s+before\s+last\b", re.IGNORECASE)


def _half_year(text: str, today: date, pipeline: bool) -> PeriodMatch | None:
    """'上半年' / 'H1' / 'first half': January–June (or July–December) of this year, to today."""
    m = _HALF.search(text)
    if not m:
        return None
    first = m.group(1) == "上" or (m.group(2) or "").lower() == "h1" or (m.group(3) or "").lower() == "first"
    year = today.year
    if not first and not pipeline and date(year, 7, 1) > today:
        year -= 1
    start, end = (date(year, 1, 1), date(year, 6, 30)) if first else (date(year, 7, 1), date(year, 12, 31))
    if not pipeline and start <= today < end:
        end = today
    return PeriodMatch(period=Period(start=start, end=end), span=m.span(), said=f"half:{year}-{1 if first else 2}")


def _before_last(text: str, today: date) -> PeriodMatch | None:
    """'上上周' / 'the week before last', '上上个月' / 'the month before last'."""
    m = _BEFORE_LAST.search(text)
    if not m:
        return None
    unit = "week" if (m.group(2) or m.group(4) or "").lower() in ("周", "星期", "礼拜", "week") else "month"
    if unit == "week":
        start = today - timedelta(days=today.weekday() + 14)
        return PeriodMatch(period=Period(start=start, end=start + timedelta(days=6)), span=m.span(), said="week:-2")
    y, mo = add_months(today.year, today.month, -2)
    return PeriodMatch(period=Period(start=date(y, mo, 1), end=month_end(y, mo)), span=m.span(), said="month:-2")


def _find_period(text: str, today: date, pipeline: bool) -> PeriodMatch | None:
    """The shared grammar, guarded: a phrase it cannot resolve counts as no period said."""
    try:
        return find_period(text, today, pipeline=pipeline)
    except (ValueError, OverflowError):
        return None


def _year_quarter(text: str, today: date, pipeline: bool) -> PeriodMatch | None:
    """'2025年Q3', 'Q3 2025': a quarter of a stated year (the shared grammar reads only the year)."""
    m = _YEAR_QUARTER.search(text)
    if not m:
        return None
    year, q = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    found = _find_period(f"{year}年第{q}季度", today, pipeline)
    return PeriodMatch(period=found.period, span=m.span(), said=found.said) if found else None


# ---------- names from the vocabulary ----------

def _name_spans(text: str, name: str, aliases: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    spans = []
    for word in (name, *aliases):
        w = normalize(word).strip()
        if not w:
            continue
        if w.isascii():
            pat = r"(?<![A-Za-z0-9])" + re.escape(w) + r"(?![A-Za-z0-9])"
        else:
            pat = re.escape(w)
        spans += [(m.start(), m.end()) for m in re.finditer(pat, text, re.IGNORECASE)]
    return spans


def _team_aliases(team: str) -> tuple[str, ...]:
    base = re.sub(r"(团队|小组|组|队|team)$", "", normalize(team), flags=re.IGNORECASE).strip()
    if not base or base == normalize(team) or len(base) < 2:
        return ()
    return tuple(base + s for s in ("团队", "小组", "组", "队", " team", "team"))


_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{3,4}")


def _short_names(vocab: QuestionVocabulary) -> dict[str, list[str]]:
    """Each user's full name plus the short forms people use when unambiguous:
    an English first name ('Tom' for 'Tom Baker'), a Chinese given name ('晓燕' for '林晓燕')."""
    short: dict[str, list[str]] = {}
    for name, uid in vocab.reps.items():
        name = name.strip()
        if " " in name:
            first = name.split()[0]
            if len(first) >= 3:
                short.setdefault(first.lower(), []).append(uid)
        elif _CJK_NAME.fullmatch(name):
            short.setdefault(name[-2:], []).append(uid)
    full = {normalize(n).strip().lower() for n in vocab.reps}
    out: dict[str, list[str]] = {uid: [name] for name, uid in vocab.reps.items()}
    for alias, uids in short.items():
        if len(uids) == 1 and alias not in full:
            out[uids[0]].append(alias)
    return out


def _find_names(reading: _Reading, vocab: QuestionVocabulary) -> None:
    """Record filters for the longest non-overlapping known names, and blank them."""
    cands: list[tuple[int, int, str, str]] = []  # start, end, filter key, stored value
    for uid, aliases in _short_names(vocab).items():
        for name in aliases:
            cands += [(s, e, "rep", uid) for s, e in _name_spans(reading.text, name)]
    for team in vocab.teams:
        cands += [(s, e, "team", team) for s, e in _name_spans(reading.text, team, _team_aliases(team))]
    for region in vocab.regions:
        cands += [(s, e, "region", region) for s, e in _name_spans(reading.text, region, REGION_WORDS.get(region, ()))]
    for ind in vocab.industries:
        cands += [(s, e, "industry", ind) for s, e in _name_spans(reading.text, ind, INDUSTRY_WORDS.get(ind, ()))]
    for src in vocab.sources:
        cands += [(s, e, "source", src) for s, e in _name_spans(reading.text, src, SOURCE_WORDS.get(src, ()))]
    for tier in vocab.tiers:
        t = re.escape(normalize(tier))
        pat = (rf"(?<![A-Za-z0-9]){t}\s*(类|级|档|等)|(?<![A-Za-z0-9]){t}(?=客户)"
               rf"|\btier[\s-]*{t}\b|\b{t}[\s-]*(tier|level|class|grade)\b|\b{t}\s+(customers|accounts|clients)\b")
        cands += [(m.start(), m.end(), "tier", tier) for m in re.finditer(pat, reading.text, re.IGNORECASE)]
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    for s, e, key, value in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        if reading.filters.setdefault(key, value) != value:
            reading.several.add(key)
        reading.blank(s, e)


# ---------- metric, kind, grouping ----------

def _find_metric(text: str) -> tuple[str | None, str | None]:
    for pattern, metric, kind in METRIC_PATTERNS:
        if pattern.search(text):
            return metric, kind
    # "打了多少电话", "how many calls": an activity kind with a count word
    for pattern, kind in KIND_PATTERNS:
        m = pattern.search(text)
        if m and re.search(COUNT_CUE, text, re.IGNORECASE):
            return ("visits", None) if kind == "visit" else ("activities", kind)
    return None, None


def _find_kind(text: str, metric: str) -> str | None:
    if metric not in ("activities", "inactive_reps"):
        return None
    for pattern, kind in KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def _find_group(text: str, metric: str) -> str | None:
    for pattern, group in GROUP_PATTERNS:
        if group == "rep" and metric == "inactive_reps":
            continue
        if pattern.search(text):
            return group
    return None


def _time_unit(text: str) -> str | None:
    """The time unit of 'weekly' / '每月' / 'daily' when another grouping was chosen too."""
    for pattern, group in GROUP_PATTERNS:
        if group in TIME_GROUPS and pattern.search(text):
            return group
    return None


# ---------- periods beyond the shared grammar ----------

_DAYS = re.compile(rf"(?<![每第\d])({ZH_NUM})\s*(天|日)(内|以来|里|之内|来)?(?!后|以后|之后)|\b(\d+)\s+days?\b", re.IGNORECASE)
_N_WEEKS = re.compile(rf"(最近|近|过去|前)\s*(?P<zh>{ZH_NUM})\s*个?(周|星期|礼拜)|\b(last|past|previous)\s+(?P<en>\d+|\w+)\s+weeks\b", re.IGNORECASE)
_N_MONTHS = re.compile(rf"(最近|近|过去|前)\s*(?P<zh>{ZH_NUM})\s*个?月|\b(last|past|previous)\s+(?P<en>\d+|\w+)\s+months\b", re.IGNORECASE)


def _bare_days(text: str) -> int | None:
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


def _series(text: str, metric: str, group: str | None, period: Period | None, today: date,
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


def _current_unit(unit: str, today: date, pipeline: bool) -> Period:
    if unit == "day":
        return Period(start=today, end=today)
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        return Period(start=monday, end=monday + timedelta(days=6) if pipeline else today)
    return Period(start=today.replace(day=1), end=month_end(today.year, today.month) if pipeline else today)


def _default_period(metric: str, today: date) -> Period | None:
    """METRICS.md when nothing is said: this month; pipeline/overdue none; inactive_reps last 3 days."""
    if metric in PIPELINE_METRICS or metric == "overdue_followups":
        return None
    if metric == "inactive_reps":
        return Period(start=today - timedelta(days=2), end=today)
    return Period(start=today.replace(day=1), end=today)
