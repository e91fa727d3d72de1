"""A grouped answer's JSON series is in the order the text shows it, and an empty breakdown says so.
Values by hand from tests/ask_support.py (now: Friday 2026-11-20)."""

from __future__ import annotations

import pytest

from tests.ask_support import ask, load, pairs


@pytest.fixture
def bundle(engine, tmp_path):
    load(engine, tmp_path / "bundle")
    return engine


@pytest.mark.parametrize(("question", "expected"), [
    # won in November: D3 (陈静, 300,000, won 11-05); D5 was won in October; 王磊 and 刘洋 have none
    ("本月各销售成交额", [("陈静", 300000), ("王磊", 0), ("刘洋", 0)]),
    ("revenue by rep this month", [("陈静", 300000), ("王磊", 0), ("刘洋", 0)]),
    # visits done in October: A7 (刘洋); 王磊 and 陈静 none
    ("上个月各销售拜访量", [("刘洋", 1), ("王磊", 0), ("陈静", 0)]),
])
def test_series_by_rep_is_in_the_order_shown(bundle, question, expected):
    res = ask(bundle, question, "A0")
    assert pairs(res) == expected
    shown = [line.lstrip("· ").split()[0] for line in res.text.splitlines() if line.startswith("·")]
    assert shown == [label for label, _ in expected]


@pytest.mark.parametrize(("question", "word"), [
    ("去年各客户回款金额", "没有"), ("2025年各客户的成交额", "没有"),
    ("payments received by customer last year", "none"), ("revenue by customer last year", "none"),
])
def test_an_empty_breakdown_says_so(bundle, question, word):
    res = ask(bundle, question, "A0")
    assert res.series == [] and res.value is None
    assert res.text.rstrip().endswith(word)
