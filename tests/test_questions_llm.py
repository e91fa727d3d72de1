"""The optional LLM path: typed fields from a model become a MetricQuery only after every
name is checked against the vocabulary and the period is resolved by the shared grammar."""

from __future__ import annotations

from datetime import date

from intents.question_llm import QuestionFields, fields_to_query
from intents.types import Filters, MetricQuery, Period
from tests.test_questions import TODAY, VOCAB


def P(start: str, end: str) -> Period:
    return Period(start=date.fromisoformat(start), end=date.fromisoformat(end))


def read(asker: str = "MG", **fields) -> MetricQuery | None:
    return fields_to_query(QuestionFields(**fields), asker_id=asker, today=TODAY, vocab=VOCAB)


def test_fields_become_a_query_with_stored_values():
    got = read(metric="won_amount", period="last_month", group_by="rep", team="北方组", tier="a")
    assert got == MetricQuery(metric="won_amount", period=P("2026-10-01", "2026-10-31"), group_by="rep",
                              filters=Filters(team="北方组", tier="A"))
    got = read(metric="visits", period="this_week", rep="tom baker")
    assert got.filters.rep == "U3" and got.period == P("2026-11-16", "2026-11-20")


def test_unknown_names_refuse_rather_than_widen():
    assert read(metric="visits", rep="Nobody Known") is None
    assert read(metric="won_amount", region="火星") is None


def test_periods_and_defaults_follow_metrics_md():
    assert read(metric="visits").period == P("2026-11-01", "2026-11-20")
    assert read(metric="pipeline_amount").period is None
    assert read(metric="pipeline_amount", period="this_quarter").period == P("2026-10-01", "2026-12-31")
    assert read(metric="inactive_reps").period == P("2026-11-18", "2026-11-20")
    assert read(metric="win_rate", period="last_n_days", n_days=30).period == P("2026-10-22", "2026-11-20")
    assert read(metric="new_deals", period="month", month=3).period == P("2026-03-01", "2026-03-31")
    assert read(metric="won_amount", period="quarter", quarter=2, year=2025).period == P("2025-04-01", "2025-06-30")
    assert read(metric="win_rate", group_by="week") == MetricQuery(
        metric="win_rate", period=P("2026-09-28", "2026-11-20"), group_by="week")
    assert read(metric="visits", period="last_n_days") is None  # n_days missing: unclear


def test_mine_only_narrows_for_a_rep_and_no_metric_is_no_query():
    assert read("U2", metric="won_amount", mine=True).filters.rep == "U2"
    assert read("MG", metric="won_amount", mine=True).filters.rep is None
    assert read(metric=None, period="this_week") is None
    assert read(metric="activities", kind="call").filters.kind == "call"
    assert read(metric="won_amount", kind="call").filters.kind is None
