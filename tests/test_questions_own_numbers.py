"""Short questions about the asker's own numbers and the team's funnel: "我的商机", "my deals",
"what did I log today?", "本周在跟进的客户有多少", "how much is in the funnel" — read as the right
metric (METRICS.md) and routed as questions by the registry."""

from __future__ import annotations

from datetime import date

import pytest

from domain.types import Period
from intents.questions import understand_question
from intents.registry import classify
from tests.capture_support import directory
from tests.test_questions import VOCAB

TODAY = date(2026, 11, 18)
TODAY_P = Period(start=TODAY, end=TODAY)
WEEK = Period(start=date(2026, 11, 16), end=TODAY)


@pytest.mark.parametrize("question,metric,period,group,rep", [
    ("我的商机", "pipeline_amount", None, None, "U1"),
    ("my deals", "pipeline_amount", None, None, "U1"),
    ("my pipeline", "pipeline_amount", None, None, "U1"),
    ("show me my opportunities", "pipeline_amount", None, None, "U1"),
    ("my open deals", "open_deals", None, None, "U1"),
    ("what did I log today?", "activities", TODAY_P, None, "U1"),
    ("how many entries have I logged this week", "activities", WEEK, None, "U1"),
    ("我今天记了几条", "activities", TODAY_P, None, "U1"),
    ("我今天录了多少条", "activities", TODAY_P, None, "U1"),
    ("本周在跟进的客户有多少", "activities", WEEK, None, None),
    ("这周跟进的客户有多少", "activities", WEEK, None, None),
    ("本周拜访的客户有多少", "visits", WEEK, None, None),
    ("how much is in the funnel", "pipeline_amount", None, None, None),
    ("what's in the funnel", "pipeline_amount", None, None, None),
    ("漏斗里有多少钱", "pipeline_amount", None, None, None),
    ("what does the funnel look like?", "pipeline_amount", None, "stage", None),
    ("漏斗分布", "pipeline_amount", None, "stage", None),
    # "funnel" / "漏斗" alone: the open pipeline by stage
    ("funnel", "pipeline_amount", None, "stage", None),
    ("漏斗", "pipeline_amount", None, "stage", None),
    ("销售漏斗", "pipeline_amount", None, "stage", None),
    ("the funnel", "pipeline_amount", None, "stage", None),
])
def test_own_numbers_and_funnel(question, metric, period, group, rep):
    q = understand_question(question, asker_id="U1", today=TODAY, vocab=VOCAB)
    assert q is not None and q.metric == metric and q.group_by == group and q.filters.rep == rep
    if period is not None:
        assert q.period == period
    assert classify(question, "U1", TODAY, directory()).intent == "query"


def test_a_manager_asking_my_deals_is_not_filtered_to_a_rep():
    q = understand_question("我的商机", asker_id="MG", today=TODAY, vocab=VOCAB)
    assert q.metric == "pipeline_amount" and q.filters.rep is None


@pytest.mark.parametrize("text", ["没有跟进的客户来源", "我的商机，华龙机械金额改成65万"])
def test_nearby_wordings_keep_their_own_reading(text):
    assert classify(text, "U1", TODAY, directory()).intent != "query" or \
        understand_question(text, asker_id="U1", today=TODAY, vocab=VOCAB).metric != "activities"
