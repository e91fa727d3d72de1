"""The dev fixture (fixture2: with planned activities and contracts), imported by the
importer, answers the dev questions' `spec`s as ask2.jsonl expects (periods resolved by hand
for now = Friday 2026-11-20 18:00 +08:00). Rankings, comparisons and lists are the questions
layer's (tested there); this file checks the metric numbers."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from domain.settings import OrgSettings
from domain.types import PIPELINE_METRICS, RATIO_METRICS, Filters, MetricQuery, Period
from storage.metrics import compute
from tests.conftest import DEV_FIXTURE

ASK = DEV_FIXTURE.parent / "ask2.jsonl"
# spec keys that belong to the questions layer (ranking, comparison), not to compute()
_QUESTION_KEYS = ("limit", "order", "compare")
# metrics compute() does not answer yet (the questions layer's own, or to come)
_NOT_HERE = ("stale_customers",)
D = date
PERIODS = {
    "today": (D(2026, 11, 20), D(2026, 11, 20)),
    "yesterday": (D(2026, 11, 19), D(2026, 11, 19)),
    "this_week": (D(2026, 11, 16), D(2026, 11, 20)),
    "last_week": (D(2026, 11, 9), D(2026, 11, 15)),
    "weekly": (D(2026, 9, 28), D(2026, 11, 20)),           # the last 8 weeks, this one included
    "this_month": (D(2026, 11, 1), D(2026, 11, 20)),
    "last_month": (D(2026, 10, 1), D(2026, 10, 31)),
    "monthly": (D(2026, 6, 1), D(2026, 11, 20)),          # the last 6 months
    "month:2026-03": (D(2026, 3, 1), D(2026, 3, 31)),
    "this_quarter": (D(2026, 10, 1), D(2026, 11, 20)),
    "last_quarter": (D(2026, 7, 1), D(2026, 9, 30)),
    "quarter:3": (D(2026, 7, 1), D(2026, 9, 30)),
    "this_year": (D(2026, 1, 1), D(2026, 11, 20)),
    "last_3_days": (D(2026, 11, 18), D(2026, 11, 20)),
    "last_7_days": (D(2026, 11, 14), D(2026, 11, 20)),
    "last_30_days": (D(2026, 10, 22), D(2026, 11, 20)),
    "next_month": (D(2026, 12, 1), D(2026, 12, 31)),
}
PIPELINE_PERIODS = {"this_quarter": (D(2026, 10, 1), D(2026, 12, 31))}  # pipeline: to the end of the unit
REP_IDS = {"王磊": "R01", "陈静": "R02", "刘洋": "R03", "赵敏": "R04"}


def cases() -> list[dict]:
    out = []
    for line in ASK.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        spec = case["spec"]
        if spec is None or "metric" not in spec or case["expect"].get("metric") is None:
            continue
        if any(k in spec for k in _QUESTION_KEYS) or spec["metric"] in _NOT_HERE:
            continue
        out.append(case)
    return out


def query_of(spec: dict) -> MetricQuery:
    period = None
    if spec.get("period"):
        table = PIPELINE_PERIODS if spec["metric"] in PIPELINE_METRICS and spec["period"] in PIPELINE_PERIODS \
            else PERIODS
        start, end = table[spec["period"]]
        period = Period(start=start, end=end)
    filters = dict(spec.get("filter") or {})
    if "rep" in filters:
        filters["rep"] = REP_IDS[filters["rep"]]
    return MetricQuery(metric=spec["metric"], period=period, group_by=spec.get("group_by"),
                       filters=Filters(**filters))


def same(got, want) -> bool:
    if want is None or got is None:
        return got is None and want is None
    return got == pytest.approx(want, rel=1e-9, abs=0.005)


@pytest.fixture
def dev_org(dev_engine):
    assert str(OrgSettings().tz) == "Asia/Shanghai"  # the zone dev_engine's import used
    return dev_engine  # the dev fixture, imported once per session, a private copy per test


def test_dev_questions_answer_as_expected(dev_org):
    checked = 0
    wrong = []
    for case in cases():
        answer = compute(dev_org, query_of(case["spec"]), case["user"], datetime.fromisoformat(case["now"]),
                         OrgSettings())
        expect = case["expect"]
        assert answer.query.metric == expect["metric"]
        if "value" in expect:
            ok = answer.series is None and same(answer.value, expect["value"])
            got = answer.value
        else:
            got = {p.label: p.value for p in answer.series}
            want = dict(expect["series"])
            empty = None if expect["metric"] in RATIO_METRICS else 0
            if expect["metric"] == "inactive_reps":
                ok = set(got) == set(want) and all(same(got[k], want[k]) for k in want)
            else:
                ok = all(same(got.get(k, empty), want.get(k, empty)) for k in set(got) | set(want))
        checked += 1
        if not ok:
            wrong.append(f"{case['id']}: got {got!r}, expected {expect!r}")
    assert not wrong, "\n".join(wrong)
    assert checked == 45  # 38 activity/deal metrics and 7 finance ones


def test_dev_rep_order_is_by_id(dev_org):
    q = MetricQuery(metric="visits", period=Period(start=D(2026, 11, 1), end=D(2026, 11, 20)), group_by="rep")
    ans = compute(dev_org, q, "M1", datetime.fromisoformat("2026-11-20T18:00:00+08:00"), OrgSettings())
    assert [p.label for p in ans.series] == ["王磊", "陈静", "刘洋", "赵敏"]
