"""Colloquial managers' questions (second held-out QA round and more): 转化 without 率, deals still
being worked, money expected to close in a period all ahead, stage distributions, things METRICS.md
does not define, and slang (勤快, 跑客户, 开单, 销冠, slacking, qtr). Today is Wednesday 2026-11-18."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.answering import answer_question
from domain.settings import Settings
from domain.types import Filters, MetricQuery, Period
from intents.questions import QuestionVocabulary, understand_question
from tests.metrics_support import team

TODAY = date(2026, 11, 18)
VOCAB = QuestionVocabulary(
    reps={"石娜涵": "R1", "王英秀": "R2", "Grace Brown": "R3", "杨艳亮": "M1", "于亮秀": "AD"},
    roles={"R1": "rep", "R2": "rep", "R3": "rep", "M1": "manager", "AD": "admin"},
    user_teams={"R1": "华东组", "R2": "华东组", "R3": "华南组", "M1": "华东组"},
    teams=["华东组", "华南组"], tiers=["A", "B"], regions=["华东", "华南"], industries=["软件"],
    sources=["展会", "转介绍"],
)


def P(start: str, end: str) -> Period:
    return Period(start=date.fromisoformat(start), end=date.fromisoformat(end))


THIS_WEEK = P("2026-11-16", "2026-11-18")
LAST_WEEK = P("2026-11-09", "2026-11-15")
THIS_MONTH = P("2026-11-01", "2026-11-18")
LAST_MONTH = P("2026-10-01", "2026-10-31")
THIS_QUARTER = P("2026-10-01", "2026-11-18")
LAST_QUARTER = P("2026-07-01", "2026-09-30")
THIS_YEAR = P("2026-01-01", "2026-11-18")
NEXT_WEEK = P("2026-11-23", "2026-11-29")
NEXT_MONTH = P("2026-12-01", "2026-12-31")
NEXT_QUARTER = P("2027-01-01", "2027-03-31")


def q(metric, period=None, group=None, **filters) -> MetricQuery:
    return MetricQuery(metric=metric, period=period, group_by=group, filters=Filters(**filters))


CASES: list[tuple[str, MetricQuery]] = [
    # 转化 / conversion with no qualifier is win_rate
    ("转化咋样", q("win_rate", THIS_MONTH)),
    ("这个月转化怎么样", q("win_rate", THIS_MONTH)),
    ("上周转化", q("win_rate", LAST_WEEK)),
    ("转化如何", q("win_rate", THIS_MONTH)),
    ("這個月轉化咋樣", q("win_rate", THIS_MONTH)),
    ("本月各组转化", q("win_rate", THIS_MONTH, "team")),
    ("conversion this month", q("win_rate", THIS_MONTH)),
    ("conversion by rep this quarter", q("win_rate", THIS_QUARTER, "rep")),
    ("who converted best last month", q("win_rate", LAST_MONTH, "rep")),
    ("win rate last qtr", q("win_rate", LAST_QUARTER)),
    # deals still being worked: open deals, as of now
    ("还有多少单在跟", q("open_deals")),
    ("手上还有几单没关", q("open_deals")),
    ("在跟的单子有几个", q("open_deals")),
    ("還有幾單在跟", q("open_deals")),
    ("手头还有多少单子", q("open_deals")),
    ("谁手上单子最多", q("open_deals", None, "rep")),
    ("how many deals are still open", q("open_deals")),
    ("how many opps are we still working", q("open_deals")),
    ("还有多少钱的单子在谈", q("pipeline_amount")),
    ("pipeline还剩多少", q("pipeline_amount")),
    ("what's still in play", q("pipeline_amount")),
    ("what's left in the pipe", q("pipeline_amount")),
    ("华东组还有几单在跟", q("open_deals", team="华东组")),
    ("石娜涵手上还有几单", q("open_deals", rep="R1")),
    ("how many deals do we have open right now", q("open_deals")),
    # money / deals expected to close in a period all ahead: the pipeline over it
    ("下个月能签多少钱", q("pipeline_amount", NEXT_MONTH)),
    ("下個月能簽多少錢", q("pipeline_amount", NEXT_MONTH)),
    ("下个月成交金额", q("pipeline_amount", NEXT_MONTH)),
    ("下季度能成交多少", q("pipeline_amount", NEXT_QUARTER)),
    ("what will close next month", q("pipeline_amount", NEXT_MONTH)),
    ("next month revenue", q("pipeline_amount", NEXT_MONTH)),
    ("what's closing next quarter", q("pipeline_amount", NEXT_QUARTER)),
    ("下个月赢单数", q("open_deals", NEXT_MONTH)),
    ("下周能关几单", q("open_deals", NEXT_WEEK)),
    ("下个月预计签几单", q("open_deals", NEXT_MONTH)),
    ("how many deals will close next month", q("open_deals", NEXT_MONTH)),
    ("下周要签的单", q("pipeline_amount", NEXT_WEEK)),
    ("下週能簽幾單", q("open_deals", NEXT_WEEK)),
    ("下季度华南组能签多少", q("pipeline_amount", NEXT_QUARTER, team="华南组")),
    ("next quarter bookings by rep", q("pipeline_amount", NEXT_QUARTER, "rep")),
    ("how much can we close this month", q("pipeline_amount", P("2026-11-01", "2026-11-30"))),
    # deals by stage: counts unless money is asked
    ("商机阶段分布", q("open_deals", None, "stage")),
    ("商機階段分佈", q("open_deals", None, "stage")),
    ("各阶段商机", q("open_deals", None, "stage")),
    ("各阶段商机金额", q("pipeline_amount", None, "stage")),
    ("各阶段有多少钱", q("pipeline_amount", None, "stage")),
    # who worked hardest / who slacks
    ("上周谁最勤快", q("activities", LAST_WEEK, "rep")),
    ("上週誰最勤快", q("activities", LAST_WEEK, "rep")),
    ("who's been busiest this week", q("activities", THIS_WEEK, "rep")),
    ("大家这周都干啥了", q("activities", THIS_WEEK)),
    ("what has the team been up to this week", q("activities", THIS_WEEK)),
    ("who's slacking this week", q("inactive_reps", THIS_WEEK)),
    ("上周大家跑了多少客户", q("visits", LAST_WEEK)),
    ("上周大伙儿见了多少客户", q("visits", LAST_WEEK)),
    ("本週大家跑了幾家客戶", q("visits", THIS_WEEK)),
    ("how many calls this wk", q("activities", THIS_WEEK, kind="call")),
    ("visits mtd by rep", q("visits", THIS_MONTH, "rep")),
    # won: slang for signing and ranking
    ("这个月谁签得最多", q("won_amount", THIS_MONTH, "rep")),
    ("这个月谁卖得最好", q("won_amount", THIS_MONTH, "rep")),
    ("谁是本月销冠", q("won_amount", THIS_MONTH, "rep")),
    ("who closed the most this quarter", q("won_amount", THIS_QUARTER, "rep")),
    ("本月谁开单了", q("won_deals", THIS_MONTH, "rep")),
    ("上个月谁最能签", q("won_amount", LAST_MONTH, "rep")),
    ("這季度誰賣得最好", q("won_amount", THIS_QUARTER, "rep")),
    ("本月业绩排名", q("won_amount", THIS_MONTH, "rep")),
    ("本月开了几单", q("won_deals", THIS_MONTH)),
    ("本月签了多少", q("won_amount", THIS_MONTH)),
    ("what closed last week", q("won_amount", LAST_WEEK)),
    ("how much did we book this qtr", q("won_amount", THIS_QUARTER)),
    ("revenue ytd", q("won_amount", THIS_YEAR)),
    ("avg deal size last qtr", q("avg_deal_size", LAST_QUARTER)),
    # targets
    ("how are we tracking vs quota", q("target_attainment", THIS_MONTH)),
    ("本月完成得怎么样", q("target_attainment", THIS_MONTH)),
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[c[0] for c in CASES])
def test_colloquial_question(question, expected):
    assert understand_question(question, asker_id="M1", today=TODAY, vocab=VOCAB) == expected


@pytest.mark.parametrize("question", [
    # not defined by METRICS.md: never another metric's number
    "what's the average response time to new leads", "客户满意度", "客户投诉多少",
    "毛利率多少", "what's our churn rate", "how much did we invoice last month", "本月新增商机金额",
    # no won / activity / customer metric over a period all ahead
    "下个月拜访量", "下周的转化率", "下个月新增客户", "明年的业绩", "下个月输了几单",
    # too vague for METRICS.md
    "how's Q4 looking", "客户回访满意度", "平均响应时间", "本月费用多少",
])
def test_questions_without_a_metric_get_none(question):
    assert understand_question(question, asker_id="M1", today=TODAY, vocab=VOCAB) is None


def test_next_month_at_month_end_is_the_whole_next_month():
    got = understand_question("下个月要关的单有多少钱", asker_id="M1", today=date(2026, 11, 30), vocab=VOCAB)
    assert got == q("pipeline_amount", NEXT_MONTH)


def test_past_won_questions_stay_won():
    """A won question over a period that has begun is still about what was won."""
    assert understand_question("这个月能签多少", asker_id="M1", today=TODAY, vocab=VOCAB).metric == "pipeline_amount"
    assert understand_question("上个月成交金额", asker_id="M1", today=TODAY, vocab=VOCAB) == q("won_amount", LAST_MONTH)
    assert understand_question("本月赢单数", asker_id="M1", today=TODAY, vocab=VOCAB) == q("won_deals", THIS_MONTH)


# ---------- the answers, on both databases ----------

NOW = datetime.fromisoformat("2026-11-20T18:00:00+08:00")


def _org(engine):
    w = team(engine)
    w.activity("R1", "C1", "2026-11-16", "visit")
    w.deal("D1", "C1", "R1", 100000, [("2026-10-01", "lead"), ("2026-11-05", "won")])
    w.deal("D2", "C2", "R2", 50000, [("2026-10-02", "lead"), ("2026-11-06", "lost")])
    w.deal("D3", "C4", "R4", 80000, [("2026-11-03", "proposal")], expected_close="2026-12-15")
    w.deal("D4", "C1", "R1", 30000, [("2026-11-04", "qualified")], expected_close="2027-02-01")


def test_answers_read_the_pipeline_or_refuse(engine):
    _org(engine)
    settings = Settings()
    res = answer_question(engine, settings, "下个月能签多少钱", "A0", NOW)
    assert (res.metric, res.value) == ("pipeline_amount", 80000.0) and "¥80,000" in res.text
    res = answer_question(engine, settings, "还有多少单在跟", "A0", NOW)
    assert (res.metric, res.value) == ("open_deals", 2.0)
    res = answer_question(engine, settings, "转化咋样", "A0", NOW)
    assert (res.metric, res.value) == ("win_rate", pytest.approx(0.5))
    for question in ("客户满意度怎么样", "下个月拜访量"):
        res = answer_question(engine, settings, question, "A0", NOW)
        assert res.metric is None and res.value is None and res.series is None
        assert "本周各销售拜访量" in res.text
