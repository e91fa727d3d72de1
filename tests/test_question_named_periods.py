"""Two periods named side by side compare as said (the whole of last week); one period against the
previous unit ("比上周", "vs last week") gets the same-days cut (METRICS.md "Comparisons").
Now: Friday 2026-11-20; dates by hand."""

from __future__ import annotations

import pytest

from tests.ask_support import ask, load


@pytest.fixture
def bundle(engine, tmp_path):
    load(engine, tmp_path / "bundle")
    return engine


WHOLE_LAST_WEEK = {"start": "2026-11-09", "end": "2026-11-15"}
SAME_DAYS_LAST_WEEK = {"start": "2026-11-09", "end": "2026-11-13"}


@pytest.mark.parametrize(("question", "compared"), [
    ("上周和本周的拜访量", WHOLE_LAST_WEEK),
    ("上周和这周的跟进次数对比一下", WHOLE_LAST_WEEK),
    ("last week and this week visits", WHOLE_LAST_WEEK),
    ("上个月和这个月的电话数", {"start": "2026-10-01", "end": "2026-10-31"}),
    # the asked period said first, the earlier one beside it with no comparison word: still as said, whole
    ("本周和上周的拜访量", WHOLE_LAST_WEEK),
    ("this week and last week visits", WHOLE_LAST_WEEK),
    ("这周和上周比 电话量", SAME_DAYS_LAST_WEEK),
    ("calls this week compared with last week", SAME_DAYS_LAST_WEEK),
    ("how do calls this week compare to last week", SAME_DAYS_LAST_WEEK),
    ("how does this week's call count compare with last week", SAME_DAYS_LAST_WEEK),
    ("本周拜访量比上周", SAME_DAYS_LAST_WEEK),
    ("visits this week vs last week", SAME_DAYS_LAST_WEEK),
    ("本周跟进次数环比", SAME_DAYS_LAST_WEEK),
])
def test_the_compared_period_is_as_said(bundle, question, compared):
    res = ask(bundle, question, "A0")
    assert res.compare is not None and res.compare["period"] == compared
    assert res.period.end.isoformat() == "2026-11-20"
