"""Texts of lists, comparisons and declines (bot/list_text.py), Chinese and English; expected strings by hand."""

from __future__ import annotations

import pytest

from bot.list_text import CHAT_ROWS, compare_line, decline_text, list_text, out_of_view_text, same_days_name


@pytest.mark.parametrize(("metric", "value", "other", "change", "lang", "asked", "compared", "text"), [
    ("visits", 45, 34, 11, "zh", "本月", "上月同期", "本月拜访量 45，上月同期 34，变化 +11"),
    ("won_amount", 373000.0, 0.0, 373000.0, "zh", "本月", "去年同期", "本月成交金额 ¥373,000，去年同期 ¥0，变化 +¥373,000"),
    ("activities", 41, 57, -16, "en", "this week", "the same days last week",
     "Activities this week: 41 vs the same days last week: 57 (-16)"),
    ("win_rate", 0.5, 0.6, -0.1, "en", "this month", "last month", "Win rate this month: 50.0% vs last month: 60.0% (-10.0 pt)"),
])
def test_compare_line(metric, value, other, change, lang, asked, compared, text):
    assert compare_line(metric, value, other, change, lang, "CNY", asked, compared) == text


@pytest.mark.parametrize(("measure", "who", "lang", "text"), [
    ("电话次数", "", "zh", "本周电话次数 8，上周同期 5，变化 +3"),
    (None, "王磊 · A类客户", "zh", "王磊 · A类客户 本周跟进次数 8，上周同期 5，变化 +3"),
    ("calls", "", "en", "Calls this week: 8 vs the same days last week: 5 (+3)"),
    ("demos", "王磊", "en", "Demos (王磊) this week: 8 vs the same days last week: 5 (+3)"),
])
def test_a_compare_line_says_what_it_counts_and_for_whom(measure, who, lang, text):
    asked, compared = ("本周", "上周同期") if lang == "zh" else ("this week", "the same days last week")
    assert compare_line("activities", 8, 5, 3, lang, "CNY", asked, compared, measure=measure, who=who) == text


@pytest.mark.parametrize(("asked", "how", "lang", "name"), [
    ("本月", "previous", "zh", "上月同期"), ("本周", "previous", "zh", "上周同期"), ("this quarter", "previous", "en",
                                                                                  "the same days last quarter"),
    ("本月", "last_year", "zh", "去年同期"), ("3月", "previous", "zh", None),
])
def test_same_days_name(asked, how, lang, name):
    assert same_days_name(asked, how, lang) == name


def test_a_list_text_shows_twenty_rows_and_how_many_more():
    rows = [{"id": f"C{i}", "name": f"客户{i}", "owner": "王磊"} for i in range(25)]
    text = list_text("customers", "pool", rows, 25, "zh", "CNY")
    lines = text.splitlines()
    assert lines[0] == "公海客户（25）：" and len([ln for ln in lines if ln.startswith("·")]) == CHAT_ROWS
    assert lines[-1] == "… 还有 5 条"
    assert list_text("deals", "won", [], 0, "en", "CNY") == "Deals won: none."


def test_decline_and_out_of_view_texts():
    assert "无法与过去比较" in decline_text("compare_now", "zh") and "can't be compared" in decline_text("compare_now", "en")
    assert out_of_view_text("华南组", "zh") == "你看不到华南组的数据。"
    assert out_of_view_text("Grace", "en") == "You can't see Grace's data."
