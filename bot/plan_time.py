"""The clock time of a plan ("明天上午10点", "下午3点半", "call Acme Tue 3pm", "at 14:30"): a plan said
with a time is reminded again shortly before it. A plan's `occurred_at` holds that time in the org
zone; a plan without one is stored at local 00:00 of its day, so "has a time" is never a guess."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

# part-of-day words: how an hour said after them reads on a 24-hour clock
PART_OF_DAY: dict[str, int] = {
    "凌晨": 0, "早上": 0, "早晨": 0, "上午": 0, "今早": 0, "明早": 0, "中午": 12, "下午": 12, "傍晚": 12,
    "晚上": 12, "今晚": 12, "明晚": 12, "夜里": 12,
}
ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}
_ZH_HOUR = r"(?:十[一二]?|[一二两三四五六七八九]|\d{1,2})"
_PARTS = "|".join(sorted(PART_OF_DAY, key=len, reverse=True))
# "两点要求", "第三点" are points made, not a time of day
_NOT_A_TIME = r"(?!\s*(?:意见|要求|建议|问题|内容|原因|看法|想法|共识|顾虑|疑问|需求|好处|优势|理由))"
ZH_CLOCK = re.compile(rf"(?<!第)(?P<part>{_PARTS})?\s*(?P<h>{_ZH_HOUR})\s*(?:点|時|时)(?:钟)?{_NOT_A_TIME}"
                      rf"\s*(?:(?P<half>半)|(?P<m>\d{{1,2}})\s*分?|(?P<q>一刻))?")
AFTERNOON_HOURS = range(1, 7)  # "三点开会" / "call at 3:30" with no am/pm or part of day: 15:00, 15:30
HHMM = re.compile(r"(?<![\d:])(?P<h>[01]?\d|2[0-3])[:：](?P<m>[0-5]\d)(?!\d)\s*(?P<ap>am|pm|a\.m\.|p\.m\.)?",
                  re.IGNORECASE)
EN_CLOCK = re.compile(r"\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)(?![a-z])",
                      re.IGNORECASE)
EN_NOON = re.compile(r"\b(?:at\s+)?(?P<w>noon|midday)\b", re.IGNORECASE)


def _zh_hour(word: str) -> int:
    return int(word) if word.isdigit() else ZH_DIGITS[word]


def _pm(hour: int, ap: str | None) -> int:
    if not ap:
        return hour
    if ap.lower().startswith("p") and hour < 12:
        return hour + 12
    if ap.lower().startswith("a") and hour == 12:
        return 0
    return hour


def clock_times(text: str) -> list[time]:
    """Every clock time said in `text`, in order (24-hour; 下午3点 is 15:00, 3pm is 15:00)."""
    found: list[tuple[int, time]] = []
    for m in ZH_CLOCK.finditer(text):
        hour = _zh_hour(m["h"])
        if m["part"] and PART_OF_DAY[m["part"]] == 12 and hour < 12 and not (m["part"] == "中午" and hour > 2):
            hour += 12
        elif not m["part"] and hour in AFTERNOON_HOURS:
            hour += 12
        minute = 30 if m["half"] else 15 if m["q"] else int(m["m"]) if m["m"] else 0
        if hour <= 23 and minute <= 59:
            found.append((m.start(), time(hour, minute)))
    for m in HHMM.finditer(text):
        hour = _pm(int(m["h"]), m["ap"])
        if not m["ap"] and len(m["h"]) == 1 and hour in AFTERNOON_HOURS:
            hour += 12
        found.append((m.start(), time(hour, int(m["m"]))))
    for m in EN_CLOCK.finditer(text):
        found.append((m.start(), time(_pm(int(m["h"]), m["ap"]), int(m["m"] or 0))))
    for m in EN_NOON.finditer(text):
        found.append((m.start(), time(12, 0)))
    return [t for _, t in sorted(found, key=lambda p: p[0])]


def clock_time(text: str) -> time | None:
    """The one clock time said in `text`; None when none is said or several different ones are."""
    times = set(clock_times(text))
    return times.pop() if len(times) == 1 else None


def plan_at(day: date, clock: time | None, tz: ZoneInfo) -> datetime:
    """`occurred_at` of a plan on `day`: at its clock time, else local 00:00 (no time said)."""
    return datetime.combine(day, clock or time(0), tzinfo=tz)


def planned_clock(occurred_at: datetime, tz: ZoneInfo) -> time | None:
    """The clock time a plan was stored with (None: stored at local 00:00, no time said)."""
    local = occurred_at.astimezone(tz)
    t = local.time().replace(second=0, microsecond=0)
    return None if t == time(0) else t
