"""Numbers and words of answers in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer_text import (
    answer_text,
    answer_title,
    format_money,
    format_money_short,
    format_rate,
    format_value,
    help_text,
    period_name,
)
from domain.types import Filters, MetricAnswer, MetricQuery, Period, SeriesPoint

TODAY = date(2026, 11, 20)


def P(a: str, b: str) -> Period:
    return Period(start=date.fromisoformat(a), end=date.fromisoformat(b))


def test_money_rates_and_days():
    assert format_money(1234500) == "¥1,234,500"
    assert format_money(1234500.4) == "¥1,234,500"
    assert format_money(12.5) == "¥12.50"
    assert format_money(99, "USD") == "$99"
    assert format_money(10, "CHF") == "10 CHF"
    assert format_money(None) == "–"
    assert format_rate(0.428571) == "42.9%"
    assert format_rate(None) == "–"
    assert format_money_short(3730000, "CNY", "zh") == "¥373万"
    assert format_money_short(123000000, "CNY", "zh") == "¥1.2亿"
    assert format_money_short(3730000, "CNY", "en") == "¥3.7M"
    assert format_value("sales_cycle_days", 29.14, "zh") == "29.1 天"
    assert format_value("sales_cycle_days", 29.14, "en") == "29.1 days"
    assert format_value("visits", 15.0) == "15"


def test_period_names():
    assert period_name(P("2026-11-16", "2026-11-20"), TODAY) == "本周"
    assert period_name(P("2026-11-09", "2026-11-15"), TODAY, "en") == "last week"
    assert period_name(P("2026-07-01", "2026-09-30"), TODAY) == "上季度"
    assert period_name(P("2026-03-01", "2026-03-31"), TODAY) == "3月"
    assert period_name(P("2026-03-01", "2026-03-31"), TODAY, "en") == "March"
    assert period_name(P("2025-07-01", "2025-09-30"), TODAY) == "2025年Q3"
    assert period_name(P("2026-10-22", "2026-11-20"), TODAY) == "最近30天"
    assert period_name(P("2026-09-28", "2026-11-20"), TODAY, "en", group="week") == "last 8 weeks"
    assert period_name(P("2026-06-01", "2026-11-20"), TODAY, group="month") == "最近6个月"
    assert period_name(None, TODAY, pipeline=True) == "当前"
    assert period_name(P("2026-12-01", "2026-12-31"), TODAY) == "下个月"
    assert period_name(P("2026-10-01", "2026-12-31"), TODAY, "en") == "this quarter"
    assert period_name(P("2027-01-01", "2027-03-31"), TODAY) == "2027年Q1"


def answer(metric, period, group=None, series=None, value=None, **filters) -> MetricAnswer:
    q = MetricQuery(metric=metric, period=period, group_by=group, filters=Filters(**filters))
    pts = None if series is None else [SeriesPoint(label=lb, value=v) for lb, v in series]
    return MetricAnswer(query=q, value=value, series=pts)


def test_texts_and_titles():
    names = {"R1": "王磊"}
    a = answer("visits", P("2026-11-01", "2026-11-20"), "rep", [("王磊", 15), ("陈静", 8)])
    assert answer_title(a, TODAY, names) == "本月各销售拜访量"
    assert answer_text(a, TODAY, names).splitlines() == ["本月各销售拜访量：", "· 王磊  15", "· 陈静  8", "合计 23"]
    a = answer("won_amount", P("2026-11-01", "2026-11-20"), value=373000.0, rep="R1")
    assert answer_text(a, TODAY, names) == "王磊 本月成交金额：¥373,000"
    assert answer_text(a, TODAY, names, "en") == "Revenue (王磊), this month: ¥373,000"
    a = answer("activities", P("2026-11-16", "2026-11-20"), value=11, kind="call")
    assert answer_text(a, TODAY, names) == "本周电话次数：11"
    a = answer("inactive_reps", P("2026-11-18", "2026-11-20"), series=[("刘洋", 7), ("孙丽", None)])
    assert answer_text(a, TODAY, names) == "最近3天没有跟进的销售：刘洋（7 天未跟进）、孙丽（从未跟进）"
    a = answer("inactive_reps", P("2026-11-18", "2026-11-20"), series=[])
    assert "都有跟进" in answer_text(a, TODAY, names)
    a = answer("pipeline_amount", None, "stage", [("lead", 100.0), ("won", 5.0)])
    assert "线索" in answer_text(a, TODAY, names) and "lead" in answer_text(a, TODAY, names, "en").lower()


def test_help_text_has_examples_and_no_numbers_made_up():
    assert "拜访量" in help_text("zh") and "pipeline by stage" in help_text("en")


@pytest.mark.parametrize("start,end,today,lang,want", [
    # dates that begin a month, a quarter and a year at once take the month's name
    ("2027-01-01", "2027-01-04", "2027-01-04", "zh", "本月"),
    ("2027-01-01", "2027-01-04", "2027-01-04", "en", "this month"),
    ("2026-04-01", "2026-04-09", "2026-04-09", "zh", "本月"),
    ("2026-07-01", "2026-07-20", "2026-07-20", "en", "this month"),
])
def test_period_name_smallest_unit_wins(start, end, today, lang, want):
    assert period_name(P(start, end), date.fromisoformat(today), lang) == want


@pytest.mark.parametrize("start,end,today,said,lang,want", [
    # the dates fit several period words: the one the question said names them
    ("2027-01-01", "2027-01-04", "2027-01-04", "this_year", "zh", "今年"),
    ("2027-01-01", "2027-01-04", "2027-01-04", "this_quarter", "en", "this quarter"),
    ("2027-01-01", "2027-01-04", "2027-01-04", "this_month", "zh", "本月"),
    ("2027-01-04", "2027-01-04", "2027-01-04", "this_week", "zh", "本周"),
    ("2027-01-04", "2027-01-04", "2027-01-04", "today", "en", "today"),
    ("2026-10-01", "2026-10-05", "2026-10-05", "this_quarter", "zh", "本季度"),
    ("2026-12-01", "2026-12-31", "2027-01-04", "month:2026-12", "zh", "2026年12月"),
    ("2026-12-01", "2026-12-31", "2027-01-04", "month:2026-12", "en", "December 2026"),
    ("2026-10-01", "2026-12-31", "2027-01-04", "quarter:2026-Q4", "zh", "2026年Q4"),
])
def test_period_name_follows_the_word_said(start, end, today, said, lang, want):
    assert period_name(P(start, end), date.fromisoformat(today), lang, said=said) == want
