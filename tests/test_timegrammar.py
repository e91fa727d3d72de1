"""The period grammar (METRICS.md "Periods") in zh, traditional zh and en."""

from __future__ import annotations

from datetime import date

import pytest

from intents.timegrammar import (
    add_months,
    day_words,
    find_period,
    find_periods,
    month_end,
    shift,
    times_of_day,
    unit_period,
    words,
    year_number,
)

FRI = date(2026, 11, 20)  # a Friday, mid Q4
MON_JAN = date(2027, 1, 4)

CASES = [
    # text, today, said, start, end  (pipeline=False)
    ("今天拜访了几家", FRI, "today", "2026-11-20", "2026-11-20"),
    ("how many visits today", FRI, "today", "2026-11-20", "2026-11-20"),
    ("昨天的跟进次数", FRI, "yesterday", "2026-11-19", "2026-11-19"),
    ("yesterday's calls", FRI, "yesterday", "2026-11-19", "2026-11-19"),
    ("本周拜访量", FRI, "this_week", "2026-11-16", "2026-11-20"),
    ("这周成交了多少", FRI, "this_week", "2026-11-16", "2026-11-20"),
    ("這週的拜訪", FRI, "this_week", "2026-11-16", "2026-11-20"),
    ("这个星期打了几个电话", FRI, "this_week", "2026-11-16", "2026-11-20"),
    ("visits this week by rep", FRI, "this_week", "2026-11-16", "2026-11-20"),
    ("上周赢单数", FRI, "last_week", "2026-11-09", "2026-11-15"),
    ("上半年业绩", FRI, "half:1", "2026-01-01", "2026-06-30"),
    ("今年上半年的赢单", FRI, "half:2026-H1", "2026-01-01", "2026-06-30"),
    ("去年下半年", FRI, "half:2025-H2", "2025-07-01", "2025-12-31"),
    ("下半年业绩", FRI, "half:2", "2026-07-01", "2026-11-20"),
    ("H1 2025 revenue", FRI, "half:2025-H1", "2025-01-01", "2025-06-30"),
    ("2026年Q3业绩", FRI, "quarter:2026-Q3", "2026-07-01", "2026-09-30"),
    ("2025年Q4成交", FRI, "quarter:2025-Q4", "2025-10-01", "2025-12-31"),
    ("上上周拜访量", FRI, "before_last_week", "2026-11-02", "2026-11-08"),
    ("上上个月的成交", FRI, "before_last_month", "2026-09-01", "2026-09-30"),
    ("前年", FRI, "year:2024", "2024-01-01", "2024-12-31"),
    ("这两周的拜访", FRI, "last_14_days", "2026-11-07", "2026-11-20"),
    ("近半年赢单", FRI, "last_6_months", "2026-05-21", "2026-11-20"),
    ("近一年", FRI, "last_12_months", "2025-11-21", "2026-11-20"),
    ("上個禮拜", FRI, "last_week", "2026-11-09", "2026-11-15"),
    ("win rate last week", FRI, "last_week", "2026-11-09", "2026-11-15"),
    ("previous week", FRI, "last_week", "2026-11-09", "2026-11-15"),
    ("本月销售额", FRI, "this_month", "2026-11-01", "2026-11-20"),
    ("这个月新增客户", FRI, "this_month", "2026-11-01", "2026-11-20"),
    ("这月", FRI, "this_month", "2026-11-01", "2026-11-20"),
    ("revenue this month", FRI, "this_month", "2026-11-01", "2026-11-20"),
    ("month to date revenue", FRI, "this_month", "2026-11-01", "2026-11-20"),
    ("上月业绩", FRI, "last_month", "2026-10-01", "2026-10-31"),
    ("上个月的转化率", FRI, "last_month", "2026-10-01", "2026-10-31"),
    ("上個月", FRI, "last_month", "2026-10-01", "2026-10-31"),
    ("conversion last month", FRI, "last_month", "2026-10-01", "2026-10-31"),
    ("本季度各组业绩", FRI, "this_quarter", "2026-10-01", "2026-11-20"),
    ("这个季度", FRI, "this_quarter", "2026-10-01", "2026-11-20"),
    ("revenue by team this quarter", FRI, "this_quarter", "2026-10-01", "2026-11-20"),
    ("上季度", FRI, "last_quarter", "2026-07-01", "2026-09-30"),
    ("last quarter", FRI, "last_quarter", "2026-07-01", "2026-09-30"),
    ("上季度", MON_JAN, "last_quarter", "2026-10-01", "2026-12-31"),
    ("今年累计成交", FRI, "this_year", "2026-01-01", "2026-11-20"),
    ("this year", FRI, "this_year", "2026-01-01", "2026-11-20"),
    ("YTD revenue", FRI, "this_year", "2026-01-01", "2026-11-20"),
    ("去年", FRI, "last_year", "2025-01-01", "2025-12-31"),
    ("last year", FRI, "last_year", "2025-01-01", "2025-12-31"),
    ("最近7天", FRI, "last_7_days", "2026-11-14", "2026-11-20"),
    ("近30天拜访量", FRI, "last_30_days", "2026-10-22", "2026-11-20"),
    ("最近十天", FRI, "last_10_days", "2026-11-11", "2026-11-20"),
    ("近十四天", FRI, "last_14_days", "2026-11-07", "2026-11-20"),
    ("過去兩週", FRI, "last_14_days", "2026-11-07", "2026-11-20"),
    ("last 7 days", FRI, "last_7_days", "2026-11-14", "2026-11-20"),
    ("past 90 days", FRI, "last_90_days", "2026-08-23", "2026-11-20"),
    ("last two weeks", FRI, "last_14_days", "2026-11-07", "2026-11-20"),
    ("最近一周", FRI, "last_7_days", "2026-11-14", "2026-11-20"),
    ("3月业绩", FRI, "month:2026-03", "2026-03-01", "2026-03-31"),
    ("3月份的拜访", FRI, "month:2026-03", "2026-03-01", "2026-03-31"),
    ("十一月", FRI, "month:2026-11", "2026-11-01", "2026-11-20"),
    ("12月", FRI, "month:2025-12", "2025-12-01", "2025-12-31"),
    ("revenue in March", FRI, "month:2026-03", "2026-03-01", "2026-03-31"),
    ("September revenue", FRI, "month:2026-09", "2026-09-01", "2026-09-30"),
    ("in May", FRI, "month:2026-05", "2026-05-01", "2026-05-31"),
    ("2026-03", FRI, "month:2026-03", "2026-03-01", "2026-03-31"),
    ("2025年12月", FRI, "month:2025-12", "2025-12-01", "2025-12-31"),
    ("Q3", FRI, "quarter:3", "2026-07-01", "2026-09-30"),
    ("三季度业绩", FRI, "quarter:3", "2026-07-01", "2026-09-30"),
    ("第三季度", FRI, "quarter:3", "2026-07-01", "2026-09-30"),
    ("Q4 revenue", FRI, "quarter:4", "2026-10-01", "2026-11-20"),
    ("Q1", FRI, "quarter:1", "2026-01-01", "2026-03-31"),
    ("Q2", date(2026, 2, 1), "quarter:2", "2025-04-01", "2025-06-30"),
    ("third quarter", FRI, "quarter:3", "2026-07-01", "2026-09-30"),
    ("下周", FRI, "next_week", "2026-11-23", "2026-11-29"),
    ("next month", FRI, "next_month", "2026-12-01", "2026-12-31"),
    ("下个月", FRI, "next_month", "2026-12-01", "2026-12-31"),
    ("下季度", FRI, "next_quarter", "2027-01-01", "2027-03-31"),
    ("next quarter", FRI, "next_quarter", "2027-01-01", "2027-03-31"),
    ("2025年", FRI, "year:2025", "2025-01-01", "2025-12-31"),
    ("上周五拜访了谁", FRI, "day:2026-11-13", "2026-11-13", "2026-11-13"),
    ("11月8号", FRI, "day:2026-11-08", "2026-11-08", "2026-11-08"),
]


@pytest.mark.parametrize("text,today,said,start,end", CASES)
def test_periods(text, today, said, start, end):
    m = find_period(text, today)
    assert m is not None, text
    assert (m.said, m.period.start.isoformat(), m.period.end.isoformat()) == (said, start, end)


PIPELINE = [
    ("本周的管道", FRI, "this_week", "2026-11-16", "2026-11-22"),
    ("pipeline this month", FRI, "this_month", "2026-11-01", "2026-11-30"),
    ("deals closing this quarter", FRI, "this_quarter", "2026-10-01", "2026-12-31"),
    ("本季度预测", FRI, "this_quarter", "2026-10-01", "2026-12-31"),
    ("今年在手商机", FRI, "this_year", "2026-01-01", "2026-12-31"),
    ("下周", FRI, "next_week", "2026-11-23", "2026-11-29"),
    ("下个月要签的", FRI, "next_month", "2026-12-01", "2026-12-31"),
    ("下季度的加权管道", FRI, "next_quarter", "2027-01-01", "2027-03-31"),
    ("3月", FRI, "month:2027-03", "2027-03-01", "2027-03-31"),
    ("12月", FRI, "month:2026-12", "2026-12-01", "2026-12-31"),
    ("11月", FRI, "month:2026-11", "2026-11-01", "2026-11-30"),
    ("Q3", FRI, "quarter:3", "2027-07-01", "2027-09-30"),
    ("Q4 forecast", FRI, "quarter:4", "2026-10-01", "2026-12-31"),
    ("last month", FRI, "last_month", "2026-10-01", "2026-10-31"),
]


@pytest.mark.parametrize("text,today,said,start,end", PIPELINE)
def test_pipeline_periods(text, today, said, start, end):
    m = find_period(text, today, pipeline=True)
    assert m is not None, text
    assert (m.said, m.period.start.isoformat(), m.period.end.isoformat()) == (said, start, end)


def test_span_points_into_the_original_text():
    text = "华南组這個月的成交额"
    m = find_period(text, FRI)
    assert text[m.span[0]:m.span[1]] == "這個月"
    text = "Revenue by team THIS QUARTER please"
    m = find_period(text, FRI)
    assert text[m.span[0]:m.span[1]] == "THIS QUARTER"


@pytest.mark.parametrize("text", ["本周一共拜访了几次", "这周一共多少单"])
def test_yi_gong_is_not_monday(text):
    assert find_period(text, FRI).said == "this_week"


@pytest.mark.parametrize("text", ["各销售的拜访量", "who hasn't logged", "may I see the pipeline", "转化率", "3个客户",
                                  "推出年度新品的销量"])
def test_no_period(text):
    assert find_period(text, FRI) is None


def test_find_periods_lists_each():
    got = find_periods("本月和上月对比", FRI)
    assert [p.said for p in got] == ["this_month", "last_month"]


def test_unit_period_offsets():
    assert unit_period("week", -2, FRI).start == date(2026, 11, 2)
    assert unit_period("month", -11, FRI).start == date(2025, 12, 1)
    assert unit_period("quarter", 1, date(2026, 12, 31)).start == date(2027, 1, 1)
    assert unit_period("year", 0, FRI, pipeline=True).end == date(2026, 12, 31)


# the one vocabulary: Cantonese and traditional day words, and English forms of the period words
SHARED_WORDS = [
    # text, today, said, start, end (worked out by hand: FRI is Friday 2026-11-20)
    ("琴日拜访了几家", FRI, "yesterday", "2026-11-19", "2026-11-19"),
    ("尋日嘅電話", FRI, "yesterday", "2026-11-19", "2026-11-19"),
    ("今日成交", FRI, "today", "2026-11-20", "2026-11-20"),
    ("前日", FRI, "day:2026-11-18", "2026-11-18", "2026-11-18"),
    ("呢個月業績", FRI, "this_month", "2026-11-01", "2026-11-20"),
    ("2025年的Q3业绩", FRI, "quarter:2025-Q3", "2025-07-01", "2025-09-30"),
    ("revenue Q3 of 2025", FRI, "quarter:2025-Q3", "2025-07-01", "2025-09-30"),
    ("first half revenue", FRI, "half:1", "2026-01-01", "2026-06-30"),
    ("second half of the year", FRI, "half:2", "2026-07-01", "2026-11-20"),
    ("visits the week before last", FRI, "before_last_week", "2026-11-02", "2026-11-08"),
    ("the month before last", FRI, "before_last_month", "2026-09-01", "2026-09-30"),
    ("wins over the past half year", FRI, "last_6_months", "2026-05-21", "2026-11-20"),
    ("琴日", MON_JAN, "yesterday", "2027-01-03", "2027-01-03"),
    ("今個月業績", FRI, "this_month", "2026-11-01", "2026-11-20"),
    ("今個禮拜嘅拜訪", FRI, "this_week", "2026-11-16", "2026-11-20"),
    ("舊年成交", FRI, "last_year", "2025-01-01", "2025-12-31"),
]


@pytest.mark.parametrize("text,today,said,start,end", SHARED_WORDS)
def test_shared_vocabulary(text, today, said, start, end):
    m = find_period(text, today)
    assert m is not None, text
    assert (m.said, m.period.start.isoformat(), m.period.end.isoformat()) == (said, start, end)


def test_arithmetic_uses_calendar_months():
    assert shift(date(2026, 1, 31), 1, "month") == date(2026, 2, 28)
    assert shift(date(2024, 2, 29), 1, "year") == date(2025, 2, 28)
    assert shift(date(2026, 11, 20), -3, "day") == date(2026, 11, 17)
    assert shift(date(2026, 11, 20), 1, "fortnight") == date(2026, 12, 4)
    assert month_end(2028, 2) == date(2028, 2, 29)
    assert add_months(2026, 11, 3) == (2027, 2)


@pytest.mark.parametrize("written,year", [("2026", 2026), ("二零二六", 2026), ("二〇二七", 2027)])
def test_written_years(written, year):
    assert year_number(written) == year


def test_lexicon_is_data_per_language():
    assert words("relative_days", "yue")["琴日"] == -1 and words("relative_days", "en")["tomorrow"] == 1
    assert "琴日" not in words("relative_days", "zh")


@pytest.mark.parametrize("direction,member,stranger", [(1, "听日", "昨天"), (1, "tomorrow", "today"), (-1, "琴日", "后天"),
                                                      (-1, "yesterday", "tomorrow"), (0, "今日", "明天")])
def test_day_words_by_direction(direction, member, stranger):
    got = day_words(direction)
    assert member in got and stranger not in got


YEAR_WORD_MONTHS = [
    # a year word with a month: that month of that year, never the whole year (today Mon 2027-01-04)
    ("去年11月的成交额", "2026-11-01", "2026-11-30"),
    ("前年二月新增客户", "2025-02-01", "2025-02-28"),
    ("去年的十月份跟进", "2026-10-01", "2026-10-31"),
    ("今年1月拜访", "2027-01-01", "2027-01-04"),
    ("calls last October", "2026-10-01", "2026-10-31"),
    ("revenue in November last year", "2026-11-01", "2026-11-30"),
    ("wins in March of last year", "2026-03-01", "2026-03-31"),
    ("去年三季度回款", "2026-07-01", "2026-09-30"),
    ("去年q3 revenue", "2026-07-01", "2026-09-30"),
]


@pytest.mark.parametrize("text,start,end", YEAR_WORD_MONTHS)
def test_year_word_with_month_is_that_month(text, start, end):
    found = find_period(text, MON_JAN)
    assert found is not None
    assert (found.period.start.isoformat(), found.period.end.isoformat()) == (start, end)


# ---------- times of day: a part of the day is its hours, a clock time half an hour ----------

@pytest.mark.parametrize("text,slot", [
    ("上午去拜访", (5 * 60, 12 * 60)),
    ("傍晚再过去一趟", (17 * 60, 19 * 60)),
    ("下午两点半开会", (14 * 60 + 30, 15 * 60)),
    ("约了9点15见面", (9 * 60 + 15, 9 * 60 + 45)),
    ("4点来公司", (16 * 60, 16 * 60 + 30)),  # alone, 1 to 6 o'clock is the afternoon of a working day
    ("晚上八点吃饭", (20 * 60, 20 * 60 + 30)),
    ("see them in the evening", (17 * 60, 22 * 60)),
    ("demo at 11am", (11 * 60, 11 * 60 + 30)),
    ("call at 4:45 pm", (16 * 60 + 45, 17 * 60 + 15)),
    ("meeting 14:00", (14 * 60, 14 * 60 + 30)),
])
def test_time_of_day_slots(text, slot):
    found = times_of_day(text)
    assert [(t.start, t.end) for t in found] == [slot], found
    t = found[0]
    assert text[t.span[0]:t.span[1]].strip(), t


@pytest.mark.parametrize("text", ["还差一点", "提了两点意见", "报价3.5万", "a 3 year deal", "12/15 交付", "重点客户"])
def test_no_time_of_day(text):
    assert times_of_day(text) == []
