"""The one time grammar of salesbot: day and period vocabulary per language, number words and
calendar arithmetic, plus the period rules of questions (METRICS.md "Periods"), zh + en.

- `LEXICON` holds the words, as data, per language ("zh" Mandarin, "yue" Cantonese, "en"),
  written in folded form (`intents.normalize.fold`: simplified, half-width, lower case), so
  traditional characters (聽日, 下個禮拜三, 週三) read like their simplified twins.
  `words(kind)` merges one kind over the languages; `alt(words)` makes a regex alternation.
- Arithmetic (`monday`, `month_end`, `shift`, `add_months_day`, `quarter_bounds`, ...) uses
  dateutil's `relativedelta` for months and years.
- `find_period(text, today)` finds the first period phrase of a question and resolves it:
  except with `pipeline=True` a period never runs past today; with `pipeline=True` "this
  week/month/quarter/year" runs to the end of that unit and a bare month or quarter is the next
  one that has not ended. Day phrases of captured messages (`intents.dates`) use the same
  vocabulary and arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

import cn2an
from dateutil.relativedelta import relativedelta

from domain.types import Period
from intents.normalize import fold

# ---------------------------------------------------------------------------------------------
# Vocabulary, per language (folded spelling)
# ---------------------------------------------------------------------------------------------

LEXICON: dict[str, dict[str, Mapping[str, object]]] = {
    "zh": {
        # a day said relative to today: its offset in days
        "relative_days": {"今天": 0, "今日": 0, "今早": 0, "今晚": 0, "昨天": -1, "昨日": -1, "昨晚": -1,
                          "前天": -2, "前晚": -2, "大前天": -3, "明天": 1, "明日": 1, "明早": 1, "明晚": 1, "后天": 2, "大后天": 3},
        "week_words": {"周": "week", "星期": "week", "礼拜": "week"},
        "weekdays": {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6,
                     "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6},
        # a weekday word that names no day (周几 / 星期八)
        "bad_weekdays": {"几": None, "八": None, "九": None, "零": None, "0": None, "8": None, "9": None},
        # 上周三 / 下下周三 / 本周五: weeks from this one
        "week_offsets": {"上上上": -3, "上上": -2, "上": -1, "本": 0, "这": 0, "这个": 0, "下": 1, "下下": 2,
                         "下下下": 3},
        # an amount of time (3天后 / 两个礼拜前): its unit
        "units": {"天": "day", "日": "day", "周": "week", "星期": "week", "个星期": "week", "礼拜": "week",
                  "个礼拜": "week", "个月": "month", "个季度": "quarter", "年": "year"},
        # a calendar unit said with an offset (上个月 / 本季度 / 下周): the unit, and the offset words
        "period_units": {"周": "week", "星期": "week", "礼拜": "week", "月": "month", "季度": "quarter",
                         "季": "quarter", "年": "year"},
        "unit_offsets": {"本": 0, "这": 0, "这一": 0, "当": 0, "今": 0, "上": -1, "上一": -1, "去": -1, "下": 1,
                         "下一": 1, "明": 1},
        # words joining two periods into one (10月1日到10月15日), and "since X" (11月1日以来 / 从3月起)
        "range_joins": {"到": None, "至": None, "~": None, "～": None, "-": None, "–": None, "—": None},
        "since_before": {"自": None, "从": None},
        "since_after": {"以来": None, "起": None, "开始": None, "至今": None, "到现在": None, "到今天": None},
        # 上个月 / 下下个月 / 这个月底: months from this one
        "month_offsets": {"上上": -2, "上": -1, "本": 0, "这": 0, "下": 1, "下下": 2},
        # 今年 / 明年 / 去年 / 前年 / 后年: years from this one
        "year_offsets": {"今": 0, "明": 1, "去": -1, "前": -2, "后": 2},
        # where in a month: 月底 / 月初 / 月中 / 上旬 (the day of the month, 0 = its last)
        "month_edges": {"底": 0, "末": 0, "下旬": 0, "初": 1, "上旬": 10, "中旬": 15, "中": 15},
        # a part of the day: its slot in hours (start, end) on the clock (今天上午 / 下午 / 今晚)
        "parts_of_day": {"早上": (5, 10), "早晨": (5, 10), "一早": (5, 10), "一大早": (5, 10), "清早": (5, 9),
                         "今早": (5, 10), "上午": (5, 12), "中午": (11, 14), "午饭": (11, 14), "下午": (12, 18),
                         "傍晚": (17, 19), "晚上": (18, 22), "今晚": (18, 22), "晚饭": (17, 21)},
        # a day said but not which one (某天), or a past stretch with no day in it (上周 / 前几天): the bot asks
        "vague_days": {"某天": None, "某一天": None, "某日": None, "那天": None, "哪天": None, "哪一天": None,
                       "前几天": None, "前些天": None, "前些日子": None, "前阵子": None, "前段时间": None,
                       "上周": None, "上个星期": None, "上星期": None, "上礼拜": None, "上个礼拜": None,
                       "上个月": None, "上月": None},
    },
    "yue": {
        # (folded spelling: 噚日 folds to 㖊日)
        "relative_days": {"今朝": 0, "今晚黑": 0, "听日": 1, "听朝": 1, "听晚": 1, "琴日": -1, "寻日": -1,
                          "㖊日": -1, "琴晚": -1, "寻晚": -1, "㖊晚": -1, "前日": -2, "大前日": -3, "后日": 2,
                          "大后日": 3},
        "week_offsets": {"呢": 0, "呢个": 0, "今个": 0},
        "unit_offsets": {"呢": 0},
        "month_offsets": {"呢": 0, "今": 0},
        "month_edges": {"尾": 0, "头": 1},
        # 出年 (next year) / 旧年 (last year)
        "year_offsets": {"出": 1, "旧": -1},
    },
    "en": {
        "relative_days": {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                          "yesterday": -1, "yday": -1, "last night": -1, "day before yesterday": -2,
                          "tomorrow": 1, "tmrw": 1, "tmr": 1, "tmw": 1, "2moro": 1, "day after tomorrow": 2},
        "weekdays": {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
                     "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
                     "sat": 5, "saturday": 5, "sun": 6, "sunday": 6},
        "week_offsets": {"last": -1, "previous": -1, "this": 0, "next": 1},
        "unit_offsets": {"this": 0, "current": 0, "last": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1},
        "period_units": {"week": "week", "month": "month", "quarter": "quarter", "year": "year"},
        "range_joins": {"to": None, "until": None, "till": None, "through": None, "thru": None, "and": None},
        "since_before": {"since": None, "from": None},
        "since_after": {"until now": None, "to date": None, "till now": None},
        "months": {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
                   "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
                   "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
                   "december": 12},
        "numbers": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
                    "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90, "couple": 2,
                    "a couple of": 2, "couple of": 2, "a couple": 2},
        "ordinals": {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4},
        # a day of the month in words (the first of August, March twenty-fifth)
        "day_ordinals": {w: i + 1 for i, w in enumerate(
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
            "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
        | {f"twenty{sep}{w}": 20 + i + 1 for sep in ("-", " ", "") for i, w in enumerate(
            "first second third fourth fifth sixth seventh eighth ninth".split())}
        | {"thirtieth": 30, "thirty-first": 31, "thirty first": 31},
        "units": {"day": "day", "days": "day", "week": "week", "weeks": "week", "fortnight": "fortnight",
                  "fortnights": "fortnight", "month": "month", "months": "month", "year": "year",
                  "years": "year"},
        "parts_of_day": {"morning": (5, 12), "noon": (11, 13), "midday": (11, 13), "lunch": (11, 14),
                         "afternoon": (12, 18), "evening": (17, 22), "tonight": (18, 22), "dinner": (17, 21)},
        "vague_days": {"the other day": None, "some day": None, "someday": None, "a few days ago": None,
                       "few days ago": None, "last week": None, "last month": None, "earlier this week": None,
                       "earlier this month": None},
    },
}


def words(kind: str, *langs: str) -> dict[str, object]:
    """One kind of word merged over the languages (all when none is named)."""
    out: dict[str, object] = {}
    for lang in langs or tuple(LEXICON):
        out.update(LEXICON[lang].get(kind, {}))
    return out


def day_words(direction: int) -> list[str]:
    """Relative day words (folded) that lie ahead of today (direction > 0: 明天/听日/tomorrow), on it (0)
    or before it (< 0: 昨天/琴日/yesterday), every language: for tense cues built from the one lexicon."""
    sign = (direction > 0) - (direction < 0)
    return [w for w, n in words("relative_days").items() if (n > 0) - (n < 0) == sign]  # type: ignore[operator]


def alt(keys: Iterable[str]) -> str:
    """A regex alternation of `keys`, longest first (so 下下 is tried before 下)."""
    return "|".join(re.escape(k) for k in sorted(set(keys), key=lambda k: (-len(k), k)))


RELATIVE_DAYS: dict[str, int] = words("relative_days")  # type: ignore[assignment]
ZH_WEEKDAY: dict[str, int] = words("weekdays", "zh")  # type: ignore[assignment]
EN_WEEKDAY: dict[str, int] = words("weekdays", "en")  # type: ignore[assignment]
EN_MONTH: dict[str, int] = words("months", "en")  # type: ignore[assignment]
EN_NUMBER: dict[str, int] = words("numbers", "en")  # type: ignore[assignment]
ORDINAL: dict[str, int] = words("ordinals", "en")  # type: ignore[assignment]
ZH_WEEK_OFFSET: dict[str, int] = words("week_offsets", "zh", "yue")  # type: ignore[assignment]
MONTH_EDGE: dict[str, int] = words("month_edges", "zh", "yue")  # type: ignore[assignment]
YEAR_OFFSET: dict[str, int] = words("year_offsets", "zh", "yue")  # type: ignore[assignment]
MONTH_OFFSET: dict[str, int] = words("month_offsets", "zh", "yue")  # type: ignore[assignment]

# pattern pieces
ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_NUM = r"[0-9]+|[零〇一二两三四五六七八九十百]+"
YEAR_NUM = r"20[0-9]{2}|二[零〇][零〇一二三四五六七八九]{2}"
EN_NUM = alt(EN_NUMBER) + "|[0-9]+"
EN_MONTH_RE = alt(EN_MONTH)
EN_WEEKDAY_RE = alt(EN_WEEKDAY)
ZH_WEEK_RE = alt(words("week_words", "zh"))
ZH_WEEK_OFFSET_RE = alt(ZH_WEEK_OFFSET)
ZH_WEEKDAY_RE = "[" + "".join(ZH_WEEKDAY) + "]"
ZH_BAD_WEEKDAY_RE = "[" + "".join(words("bad_weekdays", "zh")) + "]"
MONTH_EDGE_RE = alt(MONTH_EDGE)
MONTH_OFFSET_RE = alt(MONTH_OFFSET)
# 出年 is next year, but 推出年底 / 支出年度 are no year words
YEAR_OFFSET_RE = "|".join(("(?<![推提付支输进指演外产退杰])出" if w == "出" else re.escape(w))
                          for w in sorted(YEAR_OFFSET, key=len, reverse=True))


def number(word: str) -> int | None:
    """An integer from digits, Chinese numerals (两, 十五, 一百二十) or an English number word."""
    w = word.strip().lower()
    if not w:
        return None
    if w.isdigit():
        return int(w)
    if w in EN_NUMBER:
        return EN_NUMBER[w]
    if re.fullmatch(r"[零〇一二两三四五六七八九十百千万]+", w):
        try:
            return int(cn2an.cn2an(w.replace("两", "二"), "smart"))
        except (ValueError, KeyError, TypeError):
            return None
    return None


def year_number(word: str) -> int:
    """A written year: 2026, or digit by digit 二零二六 / 二〇二六."""
    if word.isdigit():
        return int(word)
    return int("".join(str(ZH_DIGIT[c]) for c in word))


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------------------------


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def month_end(year: int, month: int) -> date:
    return date(year, month, 1) + relativedelta(months=1, days=-1)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) n months after (year, month); n may be negative."""
    d = date(year, month, 1) + relativedelta(months=n)
    return d.year, d.month


def add_months_day(d: date, n: int) -> date:
    """The same day n months later, or that month's last day when it is shorter."""
    return d + relativedelta(months=n)


def shift(d: date, n: int, unit: str) -> date:
    """`d` moved by n units: day, week, fortnight, month, quarter or year (n may be negative)."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "fortnight"):
        return d + timedelta(weeks=n * (2 if unit == "fortnight" else 1))
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    return d + relativedelta(months=n * months)


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    first = 3 * (q - 1) + 1
    return date(year, first, 1), month_end(year, first + 2)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Periods of questions
# ---------------------------------------------------------------------------------------------


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


def month_period(year: int | None, month: int, today: date, pipeline: bool) -> tuple[Period, str]:
    """A month said by number: with no year, the latest that has begun (pipeline: the next not ended)."""
    if year is None:
        year = today.year
        if pipeline and month_end(year, month) < today:
            year += 1
        elif not pipeline and date(year, month, 1) > today:
            year -= 1
    return _clip(date(year, month, 1), month_end(year, month), today, pipeline), f"month:{year:04d}-{month:02d}"


def quarter_period(year: int | None, q: int, today: date, pipeline: bool) -> tuple[Period, str]:
    """Q1..Q4: with no year, the latest that has begun (pipeline: the next not ended)."""
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
        _RULES.append((re.compile(pattern, re.ASCII), fn))  # ASCII \b: "next week的" ends at 的
        return fn
    return register


_UNIT_ZH: dict[str, str] = words("period_units", "zh")  # type: ignore[assignment]
_UNIT_EN: dict[str, str] = words("period_units", "en")  # type: ignore[assignment]
_OFFSET: dict[str, int] = words("unit_offsets")  # type: ignore[assignment]
_SAID = {0: "this", -1: "last", 1: "next"}


_PAST_DAYS = {w: n for w, n in RELATIVE_DAYS.items() if n <= 0}


@_rule(rf"(?<![a-z]){alt(_PAST_DAYS)}(?![a-z])")
def _relative_day(m: re.Match, today: date, pipeline: bool):
    """今天 / 昨天 / 琴日 / yesterday: one day; a question never asks about a coming day this way."""
    n = _PAST_DAYS[m.group(0)]
    d = today + timedelta(days=n)
    return Period(start=d, end=d), {0: "today", -1: "yesterday"}.get(n, f"day:{d.isoformat()}")


_NEAR_YEARS = {w: n for w, n in YEAR_OFFSET.items() if -1 <= n <= 1}  # 前年 / 后年: _two_units


@_rule(r"(上一?|下一?|本|这一?|当|呢|今)个?(周|星期|礼拜|月|季度|季)(?!度)(?:份)?"
       rf"|((?<![推提付支输进指演外产退杰])出|{alt(w for w in _NEAR_YEARS if w != '出')})年(?:度)?|本年度?")
def _zh_unit(m: re.Match, today: date, pipeline: bool):
    """本月 / 上个季度 / 今個禮拜 / 今年 / 去年 / 出年 (Cantonese next year) / 舊年."""
    if m.group(3) or m.group(0).startswith("本年"):
        off = YEAR_OFFSET[m.group(3)] if m.group(3) else 0
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
    return month_period(year, month, today, pipeline)


@_rule(r"(?<![0-9年.\-/])([0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?(?![0-9]|底|初|中|[0-9一二三四五六七八九十]+[日号])")
def _zh_month(m: re.Match, today: date, pipeline: bool):
    month = number(m.group(1))
    if not month or not 1 <= month <= 12:
        return None
    return month_period(None, month, today, pipeline)


@_rule(rf"\b(?:in |for |during |of )?({EN_MONTH_RE})\.?(?:\s*,?\s*(20[0-9]{{2}}))?\b(?!\s*[0-9])")
def _en_month(m: re.Match, today: date, pipeline: bool):
    word = m.group(1)
    year = int(m.group(2)) if m.group(2) else None
    if word in ("may", "mar", "jun") and not (year or m.group(0)[:1] in "ifdo"):
        return None  # "may" the verb, "mar" and friends: only with "in/for/during/of" or a year
    return month_period(year, EN_MONTH[word], today, pipeline)


_YEAR_WORD_RE = alt(w for w in YEAR_OFFSET if w != "出")


@_rule(rf"({_YEAR_WORD_RE})年(?:的)?\s*([0-9]{{1,2}}|十[一二]?|[一二三四五六七八九])\s*月份?(?![0-9]|[0-9一二三四五六七八九十]+[日号])"
       rf"|\b(last|this|next)\s+({EN_MONTH_RE})\b|\b({EN_MONTH_RE})\s+(?:of\s+)?(last|this|next)\s+year\b")
def _year_word_month(m: re.Match, today: date, pipeline: bool):
    """去年12月 / 前年三月 / last December / December last year: that month of the year said."""
    if m.group(1):
        off, month = YEAR_OFFSET[m.group(1)], number(m.group(2))
    else:
        off = _OFFSET[m.group(3) or m.group(6)]
        month = EN_MONTH[m.group(4) or m.group(5)]
    if not month or not 1 <= month <= 12:
        return None
    return month_period(today.year + off, month, today, pipeline)


@_rule(r"(?:(20[0-9]{2})\s*年?\s*(?:的)?|(今|明|去)年(?:的)?)?(?:第)?([一二三四1-4])\s*季度|(?:(20[0-9]{2})\s*年?\s*(?:的)?\s*|(今|明|去)年(?:的)?)?(?<![a-z0-9])q([1-4])(?![a-z0-9])(?:\s*(?:of\s+)?(20[0-9]{2}))?|(?<![a-z0-9])([1-4])q(?![a-z0-9])")
def _quarter_rule(m: re.Match, today: date, pipeline: bool):
    q = number(m.group(3) or m.group(6) or m.group(8))
    y = m.group(1) or m.group(4) or m.group(7)
    rel = m.group(2) or m.group(5)
    year = int(y) if y else (today.year + YEAR_OFFSET[rel] if rel else None)
    return quarter_period(year, cast(int, q), today, pipeline)  # the rule matched a quarter digit


@_rule(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b")
def _en_quarter(m: re.Match, today: date, pipeline: bool):
    return quarter_period(None, ORDINAL[m.group(1)], today, pipeline)


@_rule(r"(?:(20[0-9]{2})\s*年\s*|(今|去|明|前)年(?:的)?)?(上|下)半年|\bh([12])\b(?:\s*(20[0-9]{2}))?"
       r"|\b(first|second) half(?: of (?:the |this )?year)?\b(?: (?:of )?(20[0-9]{2}))?")
def _half(m: re.Match, today: date, pipeline: bool):
    h = 1 if (m.group(3) == "上" or m.group(4) == "1" or m.group(6) == "first") else 2
    y = m.group(1) or m.group(5) or m.group(7)
    year = int(y) if y else ({"今": 0, "去": -1, "明": 1, "前": -2}[m.group(2)] + today.year if m.group(2) else None)
    return half_period(year, h, today, pipeline)


def half_period(year: int | None, h: int, today: date, pipeline: bool) -> tuple[Period, str]:
    """上半年 / H2: with no year, the latest half that has begun (pipeline: the next not ended)."""
    y = year or today.year
    start, end = date(y, 1 if h == 1 else 7, 1), date(y, 6 if h == 1 else 12, 30 if h == 1 else 31)
    if year is None and not pipeline and start > today:
        start, end = start.replace(year=y - 1), end.replace(year=y - 1)
    if year is None and pipeline and end < today:
        start, end = start.replace(year=y + 1), end.replace(year=y + 1)
    return _clip(start, end, today, pipeline), f"half:{h}" if year is None else f"half:{year:04d}-H{h}"


@_rule(r"(上上|下下)个?(周|星期|礼拜|月|季度)|(前|后)年|\b(?:the )?(week|month|quarter) (before last|after next)\b")
def _two_units(m: re.Match, today: date, pipeline: bool):
    if m.group(3):
        off = -2 if m.group(3) == "前" else 2
        return unit_period("year", off, today, pipeline), f"year:{today.year + off}"
    if m.group(4):
        off, unit = (-2 if m.group(5) == "before last" else 2), m.group(4)
        return unit_period(unit, off, today, pipeline), f"{'before_last' if off < 0 else 'after_next'}_{unit}"
    off, unit = (-2 if m.group(1) == "上上" else 2), _UNIT_ZH[m.group(2)]
    return unit_period(unit, off, today, pipeline), f"{'before_last' if off < 0 else 'after_next'}_{unit}"


@_rule(r"(?:最近|近|过去|这)的?(半|一|1)年|\b(?:the )?(?:past|last) (half) (?:a )?year\b")
def _zh_recent_year(m: re.Match, today: date, pipeline: bool):
    return _last_days(6 if (m.group(1) or m.group(2)) in ("半", "half") else 12, "month", today)


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


@_rule(rf"({ZH_WEEK_OFFSET_RE})(?:个)?(?:{ZH_WEEK_RE})({ZH_WEEKDAY_RE})(?!共|起|以来|开始|内|次|个)")
def _zh_weekday(m: re.Match, today: date, pipeline: bool):
    off = ZH_WEEK_OFFSET[m.group(1)]
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


# ---------------------------------------------------------------------------------------------
# Times of day (上午 / 下午3点 / 10点半 / this afternoon / at 3pm / 15:00)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimeOfDay:
    """A time of day said in a message: where (`span` on the original text) and its slot on the clock, in
    minutes after midnight (`start` to `end`): a part of the day its hours, a clock time half an hour."""

    span: tuple[int, int]
    start: int
    end: int


PARTS_OF_DAY: dict[str, tuple[int, int]] = words("parts_of_day")  # type: ignore[assignment]
_ZH_PARTS = [w for w in PARTS_OF_DAY if not w.isascii()]
_EN_PARTS = [w for w in PARTS_OF_DAY if w.isascii()]
_PM_PARTS = {w for w, (a, _b) in PARTS_OF_DAY.items() if a >= 12}
_CLOCK_SLOT = 30
# 下午3点 / 十点半 / 9点15 / 10点钟: a bare 一点 (a little) or 两点 (two points) needs a part of day or 钟/半/分
_ZH_CLOCK = re.compile(rf"(?:({alt(_ZH_PARTS)})\s*)?([0-9]{{1,2}}|[一二两三四五六七八九十]{{1,3}})\s*点"
                       rf"(?:\s*(钟)|\s*(半)|\s*([0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*分?)?(?!点|多|击|赞|子|评|名|数|心|菜)")
_EN_CLOCK = re.compile(r"\b(?:at\s+|@\s*)?([0-9]{1,2})(?::([0-5][0-9]))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])"
                       r"|\b(?:at|@)\s*([0-9]{1,2})(?::([0-5][0-9]))?(?![0-9.,:/%a-z])"
                       r"|(?<![0-9:/.])([01]?[0-9]|2[0-3]):([0-5][0-9])(?![0-9:/])")
_PART_RE = re.compile(rf"{alt(_ZH_PARTS)}|\b(?:{alt(_EN_PARTS)})\b")


def _hour(h: int, part: str | None) -> int | None:
    """The clock hour of a number said with its part of day (下午3点 → 15); alone, 1 to 6 is the afternoon
    of a working day (3点来公司)."""
    if part in _PM_PARTS and h < 12:
        h += 12
    elif part is None and 1 <= h <= 6:
        h += 12
    return h if 0 <= h <= 23 else None


def times_of_day(text: str) -> list[TimeOfDay]:
    """Every time of day said in `text`, left to right; a clock time wins over the part of day around it."""
    folded = fold(text)
    found: list[TimeOfDay] = []
    for m in _ZH_CLOCK.finditer(folded):
        n = number(m.group(2))
        if n is None or (m.group(1) is None and not (m.group(3) or m.group(4) or m.group(5)) and n in (1, 2)
                         and not m.group(2).isdigit()):
            continue  # 有一点 / 两点意见: no clock time
        h = _hour(n, m.group(1))
        minute = 30 if m.group(4) else (number(m.group(5)) or 0) if m.group(5) else 0
        if h is not None and minute < 60:
            found.append(TimeOfDay(m.span(), h * 60 + minute, h * 60 + minute + _CLOCK_SLOT))
    for m in _EN_CLOCK.finditer(folded):
        if m.group(1):
            h, minute, pm = int(m.group(1)), int(m.group(2) or 0), m.group(3).startswith("p")
            h = (h % 12) + (12 if pm else 0) if 1 <= h <= 12 else -1
        elif m.group(4):
            h, minute = int(m.group(4)), int(m.group(5) or 0)
            h = h + 12 if 1 <= h <= 6 else h
        else:
            h, minute = int(m.group(6)), int(m.group(7))
        if 0 <= h <= 23:
            found.append(TimeOfDay(m.span(), h * 60 + minute, h * 60 + minute + _CLOCK_SLOT))
    for m in _PART_RE.finditer(folded):
        if not any(t.span[0] <= m.start() < t.span[1] for t in found):
            a, b = PARTS_OF_DAY[m.group(0)]
            found.append(TimeOfDay(m.span(), a * 60, b * 60))
    return sorted(found, key=lambda t: t.span)

