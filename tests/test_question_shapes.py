"""Reading the shape of a question: rankings (limit, order) and comparisons (the compared period),
Chinese and English; dates computed by hand for Friday 2026-11-20."""

from __future__ import annotations

from datetime import date

import pytest

from domain.types import Period
from intents.question_lists import stale_days
from intents.question_shapes import asks_comparison, previous_period, read_comparison, read_ranking

TODAY = date(2026, 11, 20)


def p(a: str, b: str) -> Period:
    return Period(start=date.fromisoformat(a), end=date.fromisoformat(b))


@pytest.mark.parametrize(("text", "limit", "order"), [
    ("今年成交金额前5的客户", 5, "desc"), ("前三名是谁", 3, "desc"), ("本月谁业绩第一", 1, "desc"),
    ("这周跟进最少的是谁", 1, "asc"), ("上个月跟进次数倒数第一是谁", 1, "asc"), ("各销售跟进次数排名", None, "desc"),
    ("倒数3名", 3, "asc"), ("top 5 customers by revenue", 5, "desc"), ("top three reps", 3, "desc"),
    ("who closed the most deals", 1, "desc"), ("bottom 2 reps by visits", 2, "asc"), ("worst 3 reps", 3, "asc"),
    ("rank reps by calls", None, "desc"), ("leaderboard this month", None, "desc"),
])
def test_rankings(text, limit, order):
    r = read_ranking(text)
    assert r is not None and (r.limit, r.order) == (limit, order)


@pytest.mark.parametrize("text", ["本月成交额", "各销售拜访量", "visits by rep", "win rate this month"])
def test_no_ranking(text):
    assert read_ranking(text) is None


@pytest.mark.parametrize(("text", "asked", "compared"), [
    # the period so far compares with the same number of days of the previous unit
    ("本月拜访量环比", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    ("visits this month vs last month", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    ("本周和上周比", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-13")),
    ("本季度成交额和上季度比", p("2026-10-01", "2026-11-20"), p("2026-07-01", "2026-08-20")),
    # a whole unit compares with the whole previous one; 同比 with the same dates a year earlier
    ("上个月新增商机环比", p("2026-10-01", "2026-10-31"), p("2026-09-01", "2026-09-30")),
    ("这个月的成交额同比", p("2026-11-01", "2026-11-20"), p("2025-11-01", "2025-11-20")),
    ("revenue last quarter year over year", p("2026-07-01", "2026-09-30"), p("2025-07-01", "2025-09-30")),
    # two named periods compare as said, the later one being the asked one ("上周和本周": all of last week)
    ("上周和本周的拜访量", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-15")),
    ("上个月新增商机比8月份多还是少", p("2026-10-01", "2026-10-31"), p("2026-08-01", "2026-08-31")),
    ("March vs April revenue", p("2026-04-01", "2026-04-30"), p("2026-03-01", "2026-03-31")),
])
def test_comparisons(text, asked, compared):
    got = read_comparison(text, None, TODAY, pipeline=False)
    assert got is not None
    period, comp = got
    assert (period, comp.period) == (asked, compared)


@pytest.mark.parametrize("text", ["本月拜访量", "visits this month", "上个月成交额"])
def test_no_comparison(text):
    assert not asks_comparison(text) and read_comparison(text, None, TODAY, pipeline=False) is None


@pytest.mark.parametrize(("period", "unit", "previous"), [
    (p("2026-11-20", "2026-11-20"), "day", p("2026-11-19", "2026-11-19")),
    (p("2026-11-14", "2026-11-20"), None, p("2026-11-07", "2026-11-13")),  # last 7 days: the 7 before
    (p("2026-01-01", "2026-11-20"), "year", p("2025-01-01", "2025-11-20")),
    (p("2026-03-01", "2026-03-31"), "month", p("2026-02-01", "2026-02-28")),
])
def test_previous_period(period, unit, previous):
    assert previous_period(period, TODAY, unit) == previous


def test_the_fair_cut_stops_at_the_end_of_a_shorter_month():
    today = date(2026, 3, 31)
    assert previous_period(p("2026-03-01", "2026-03-31"), today, "month") == p("2026-02-01", "2026-02-28")


@pytest.mark.parametrize(("text", "days"), [
    ("哪些客户两周没跟进了", 14), ("超过30天没跟进的客户", 30), ("一个月没联系的客户", 30), ("半个月没跟进", 15),
    ("customers not contacted in 3 weeks", 21), ("no activity for 45 days", 45), ("in a month", 30),
])
def test_stale_days(text, days):
    assert stale_days(text) == days


@pytest.mark.parametrize(("text", "limit", "order"), [
    # a superlative with a singular rep noun names one person; low words rank ascending
    ("上周电话最少的销售", 1, "asc"), ("本月成交额最低的业务员", 1, "asc"), ("拜访最多的同事 这周", 1, "desc"),
    ("the worst seller by calls this week", 1, "asc"), ("lowest rep on visits in November", 1, "asc"),
    ("last-placed rep by activities", 1, "asc"), ("best salesperson by revenue this quarter", 1, "desc"),
    # a number before a time unit is a period, the number after it still a limit
    ("bottom 2 reps by calls over the last 14 days", 2, "asc"), ("前2名 最近30天 拜访", 2, "desc"),
])
def test_superlative_rankings(text, limit, order):
    r = read_ranking(text)
    assert r is not None and (r.limit, r.order) == (limit, order)


@pytest.mark.parametrize("text", [
    "last 7 days how many visits", "calls over the past 3 weeks", "last 2 months revenue",
    "前三个月的拜访量", "前十二个月成交额", "最后两周打了多少电话", "first 10 days of the month calls",
])
def test_a_number_with_a_time_unit_is_no_limit(text):
    assert read_ranking(text) is None
