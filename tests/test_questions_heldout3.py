"""Questions from the third held-out round: '没打电话的销售' without 谁 (inactive reps, kind call)
and year/month/quarter-to-date words (年初至今, 今年以来, 月初到现在, YTD). Today is Wed 2026-11-18."""

from __future__ import annotations

from datetime import date

import pytest

from domain.types import Period
from intents.questions import QuestionVocabulary, understand_question

TODAY = date(2026, 11, 18)
VOCAB = QuestionVocabulary(
    reps={"石娜涵": "R1", "王英秀": "R2"}, roles={"R1": "rep", "R2": "rep", "M1": "manager"},
    user_teams={"R1": "华东组", "R2": "华东组", "M1": "华东组"}, teams=["华东组"], tiers=["A"],
    regions=["华东"], industries=["软件"], sources=["展会"],
)


def P(start: str, end: str) -> Period:
    return Period(start=date.fromisoformat(start), end=date.fromisoformat(end))


CASES = [
    ("上周没打电话的销售", "inactive_reps", P("2026-11-09", "2026-11-15"), "call"),
    ("本周没开会的人", "inactive_reps", P("2026-11-16", "2026-11-18"), "meeting"),
    ("这周没拜访的销售", "inactive_reps", P("2026-11-16", "2026-11-18"), "visit"),
    ("年初至今的成交金额", "won_amount", P("2026-01-01", "2026-11-18"), None),
    ("今年以来签了多少钱", "won_amount", P("2026-01-01", "2026-11-18"), None),
    ("YTD revenue", "won_amount", P("2026-01-01", "2026-11-18"), None),
    ("月初到现在的拜访量", "visits", P("2026-11-01", "2026-11-18"), None),
    ("本季度以来的成交金额", "won_amount", P("2026-10-01", "2026-11-18"), None),
]


@pytest.mark.parametrize(("text", "metric", "period", "kind"), CASES, ids=[c[0] for c in CASES])
def test_heldout3_questions(text: str, metric: str, period: Period, kind: str | None) -> None:
    q = understand_question(text, asker_id="M1", today=TODAY, vocab=VOCAB)
    assert q is not None and q.metric == metric and q.period == period and q.filters.kind == kind, q
