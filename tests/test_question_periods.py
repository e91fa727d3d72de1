"""The time part of question understanding (`intents.question_periods.question_period`): the
period phrase of a question, read with the shared grammar, in zh, Cantonese and en."""

from __future__ import annotations

from datetime import date

import pytest

from intents.question_periods import question_period

FRI = date(2026, 11, 20)  # Friday; its week runs Mon 16 .. Sun 22 November

CASES = [
    # question, pipeline, start, end (worked out by hand)
    ("上半年业绩多少", False, "2026-01-01", "2026-06-30"),
    ("first half revenue", False, "2026-01-01", "2026-06-30"),
    ("上上周拜访量", False, "2026-11-02", "2026-11-08"),
    ("visits the week before last", False, "2026-11-02", "2026-11-08"),
    ("这两周的拜访", False, "2026-11-07", "2026-11-20"),
    ("近半年赢单", False, "2026-05-21", "2026-11-20"),
    ("2025年的Q3业绩", False, "2025-07-01", "2025-09-30"),
    ("Q3 2025 revenue", False, "2025-07-01", "2025-09-30"),
    ("琴日打咗几个电话", False, "2026-11-19", "2026-11-19"),
    ("上个禮拜嘅成交", False, "2026-11-09", "2026-11-15"),
    ("10月1日到10月15日的回款", False, "2026-10-01", "2026-10-15"),
    ("since Monday", False, "2026-11-16", "2026-11-20"),
    ("下季度的管道", True, "2027-01-01", "2027-03-31"),
    ("3天前的拜访", False, "2026-11-17", "2026-11-17"),
    ("visits 2 days ago", False, "2026-11-18", "2026-11-18"),
    # a day inside a stretch's words is the day (上个月5号 is 5 October, not October)
    ("上个月5号的拜访", False, "2026-10-05", "2026-10-05"),
    ("去年12月20日的回款", False, "2025-12-20", "2025-12-20"),
    ("visits the first of November", False, "2026-11-01", "2026-11-01"),
    ("last week Tuesday visits", False, "2026-11-10", "2026-11-10"),
    # English words next to Chinese ones still end there
    ("last week的拜访", False, "2026-11-09", "2026-11-15"),
    ("明年Q1的管道", True, "2027-01-01", "2027-03-31"),
    ("去年Q3业绩", False, "2025-07-01", "2025-09-30"),
]


@pytest.mark.parametrize("text,pipeline,start,end", CASES)
def test_question_periods(text, pipeline, start, end):
    m = question_period(text, FRI, pipeline)
    assert m is not None, text
    assert (m.period.start.isoformat(), m.period.end.isoformat()) == (start, end)
    assert text[m.span[0]:m.span[1]].strip()


@pytest.mark.parametrize("text", ["各销售的拜访量", "who closed the most", "某天的拜访"])
def test_no_period(text):
    assert question_period(text, FRI, False) is None


@pytest.mark.parametrize("order,day", [("mdy", "2026-03-05"), ("dmy", "2026-05-03")])
def test_a_numeric_day_reads_in_the_org_order(order, day):
    m = question_period("3/5的拜访", FRI, False, date_order=order)
    assert (m.period.start.isoformat(), m.period.end.isoformat()) == (day, day)
