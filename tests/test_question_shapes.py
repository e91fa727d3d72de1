"""Reading the shape of a question: rankings (limit, order) and comparisons (the compared period),
Chinese and English; dates computed by hand for Friday 2026-11-20."""

from __future__ import annotations

from datetime import date

import pytest

from domain.types import Period
from intents.question_lists import stale_days
from intents.question_shapes import (
    asks_comparison,
    compared_periods,
    previous_period,
    read_comparison,
    read_ranking,
)

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


# (text, asked, compared): now is Friday 2026-11-20
SIDE_BY_SIDE_OR_AGAINST = [
    # two periods named side by side, joined by 和/与/跟/and with no comparison word on the earlier one:
    # each is the period its name says, the earlier one whole
    ("本月和上月的成交额", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-31")),
    ("this month and last month revenue", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-31")),
    ("今年和去年的成交额", p("2026-01-01", "2026-11-20"), p("2025-01-01", "2025-12-31")),
    ("本季度与上季度的回款", p("2026-10-01", "2026-11-20"), p("2026-07-01", "2026-09-30")),
    ("各销售本月跟上月拜访量", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-31")),
    ("visits for this week and last week", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-15")),
    # the earlier period said as what the asked one is measured against (比上月, 和上月比, 与上月相比,
    # vs / compared with / than last month, 对比上月, 和上季度差多少): the previous unit, cut to the same days
    ("本月成交额比上月", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    ("本月和上月比 成交额", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    ("本月拜访量与上月相比", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    ("本月对比上月的新增商机", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    ("这季度签约金额和上季度差多少", p("2026-10-01", "2026-11-20"), p("2026-07-01", "2026-08-20")),
    ("revenue this month compared with last month", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    ("did we make more calls this week than last week", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-13")),
]


@pytest.mark.parametrize(("text", "asked", "compared"), SIDE_BY_SIDE_OR_AGAINST, ids=[c[0] for c in SIDE_BY_SIDE_OR_AGAINST])
def test_periods_named_side_by_side_are_whole_one_measured_against_is_cut(text, asked, compared):
    """METRICS.md "Comparisons", as read here: "X vs Y", "比上个月", "环比" compare with the previous unit,
    cut to the same number of days when the asked period runs to today; "two named periods ('上周和本周')
    compare as said". A period is *said as the compared one* when a comparison word stands right before
    it (比, 较, 相比, 对比, vs, versus, compared to/with, than, against, over) or right after it (和上月比,
    跟上周相比, 和上季度差多少): that is "X vs Y" / "比上个月", the fair cut. Two periods merely named
    side by side ("本月和上月的成交额", "this month and last month", "今年和去年", "本季度和上季度"), or
    the earlier one said first ("上周和本周"), are two named periods: compared as said, the earlier whole."""
    got = read_comparison(text, None, TODAY, pipeline=False)
    assert got is not None
    period, comp = got
    assert (period, comp.period) == (asked, compared)


# (text, asked, compared): comparisons said with words the plain table above does not use; now is Friday 2026-11-20
COMPARISON_WORDS = [
    # a period said after 比 compares even with a period before it: the one after is the compared one
    ("上周的拜访量比上上周", p("2026-11-09", "2026-11-15"), p("2026-11-02", "2026-11-08")),
    ("今年到现在的回款比去年", p("2026-01-01", "2026-11-20"), p("2025-01-01", "2025-11-20")),
    # a year-ago phrase names the compared period only: 同比去年, 去年同月, 去年同期, vs last year, the same month last year
    ("成交额同比去年", p("2026-01-01", "2026-11-20"), p("2025-01-01", "2025-11-20")),
    ("本月 跟 去年同月 比 成交额", p("2026-11-01", "2026-11-20"), p("2025-11-01", "2025-11-20")),
    ("去年同期相比 本月回款", p("2026-11-01", "2026-11-20"), p("2025-11-01", "2025-11-20")),
    ("本季度回款和去年同季度比", p("2026-10-01", "2026-11-20"), p("2025-10-01", "2025-11-20")),
    ("revenue vs last year", p("2026-01-01", "2026-11-20"), p("2025-01-01", "2025-11-20")),
    ("revenue down from the same month last year", p("2026-11-01", "2026-11-20"), p("2025-11-01", "2025-11-20")),
    # over last X, up / down / change from X: X is the compared one, the asked one is now (never "since X")
    ("this quarter's revenue over last quarter", p("2026-10-01", "2026-11-20"), p("2026-07-01", "2026-08-20")),
    ("visits up or down from last week", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-13")),
    ("how did calls change from last week", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-13")),
    ("visits up from last month?", p("2026-11-01", "2026-11-20"), p("2026-10-01", "2026-10-20")),
    # the unit a comparison word names is the asked period when none is said
    ("revenue QoQ", p("2026-10-01", "2026-11-20"), p("2026-07-01", "2026-08-20")),
    ("visits week over week", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-13")),
    ("拜访量周环比", p("2026-11-16", "2026-11-20"), p("2026-11-09", "2026-11-13")),
    # a range is one period: compared with as many days just before
    ("11月1日到11月15日的拜访量环比", p("2026-11-01", "2026-11-15"), p("2026-10-17", "2026-10-31")),
]


@pytest.mark.parametrize(("text", "asked", "compared"), COMPARISON_WORDS, ids=[c[0] for c in COMPARISON_WORDS])
def test_comparison_words(text, asked, compared):
    got = read_comparison(text, None, TODAY, pipeline=False)
    assert got is not None
    period, comp = got
    assert (period, comp.period) == (asked, compared)


@pytest.mark.parametrize("text", ["revenue over the last year", "visits over the last month", "calls over the past week",
                                  "visits from last week", "11月1日到11月15日的拜访量"])
def test_a_stretch_of_time_is_no_comparison(text):
    assert read_comparison(text, None, TODAY, pipeline=False) is None


@pytest.mark.parametrize(("text", "n"), [
    ("本周和上周比", 2), ("本月拜访量比去年同期", 2), ("今年和去年同期比 成交额", 2), ("11月1日到11月15日的拜访量环比", 1),
    ("本周拜访量和上周、上上周比", 3), ("本月成交额和上月、去年同期比", 3), ("上个月和这个月的成交额同比", 3),
    ("visits this week vs last week and the week before last", 3),
])
def test_compared_periods_are_counted(text, n):
    assert compared_periods(text, TODAY, pipeline=False) == n


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
