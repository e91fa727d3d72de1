"""Calendar arithmetic and number words shared by the date and period grammars."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import cn2an

ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6,
              "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
EN_WEEKDAY = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
              "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
              "sun": 6, "sunday": 6}
EN_MONTH = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
            "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
            "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}
EN_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
             "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90, "couple": 2, "a couple of": 2}
ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

# pattern pieces
ZH_NUM = r"[0-9]+|[零〇一二两三四五六七八九十百]+"
EN_NUM = r"[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|sixty|ninety|a couple of|couple of|a|an"
EN_MONTH_RE = r"january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
EN_WEEKDAY_RE = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun"


def number(word: str) -> int | None:
    """An integer from digits, Chinese numerals (两, 十五, 一百二十) or an English number word."""
    w = word.strip().lower()
    if not w:
        return None
    if w.isdigit():
        return int(w)
    if w in EN_NUMBER:
        return EN_NUMBER[w]
    if w.replace("of", "").strip() in EN_NUMBER:
        return EN_NUMBER[w.replace("of", "").strip()]
    if re.fullmatch(r"[零〇一二两三四五六七八九十百千万]+", w):
        try:
            return int(cn2an.cn2an(w.replace("两", "二"), "smart"))
        except (ValueError, KeyError, TypeError):
            return None
    return None


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) n months after (year, month); n may be negative."""
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def add_months_day(d: date, n: int) -> date:
    y, m = add_months(d.year, d.month, n)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


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
