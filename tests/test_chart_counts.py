"""n=… behind a rate: the deals each rate of a chart divides over, per label, counted by hand
from the deals this test writes (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from bot.answering import answer_question
from bot.chart_counts import base_counts, chart_counts
from charts import build_figure
from domain.settings import Settings
from domain.types import MetricAnswer, MetricQuery, SeriesPoint
from tests.metrics_support import NOVEMBER, period, team

NOW = datetime.fromisoformat("2026-11-20T18:00:00+08:00")
ORG = Settings().org


def _closed_deals(engine) -> None:
    """Alice: 2 won, 1 lost in November; Bob: 1 lost; Dan: 1 won in October (outside November)."""
    w = team(engine)
    w.deal("D1", "C1", "R1", 100000, [("2026-10-01", "lead"), ("2026-11-05", "won")])
    w.deal("D2", "C1", "R1", 60000, [("2026-10-01", "lead"), ("2026-11-09", "won")])
    w.deal("D3", "C1", "R1", 30000, [("2026-10-01", "lead"), ("2026-11-10", "lost")])
    w.deal("D4", "C2", "R2", 50000, [("2026-10-02", "lead"), ("2026-11-06", "lost")])
    w.deal("D5", "C4", "R4", 80000, [("2026-09-03", "proposal"), ("2026-10-15", "won")])
    w.deal("D6", "C3", "R3", 70000, [("2026-11-03", "proposal")], expected_close="2026-12-15")


def test_win_rate_by_rep_counts_won_and_lost_deals_of_each_rep(engine):
    _closed_deals(engine)
    q = MetricQuery(metric="win_rate", period=NOVEMBER, group_by="rep")
    assert base_counts(engine, q, "A0", NOW, ORG) == {"Alice": 3, "Bob": 1, "Carol": 0, "Dan": 0}
    october = q.model_copy(update={"period": period("2026-10-01", "2026-10-31")})
    assert base_counts(engine, october, "A0", NOW, ORG) == {"Alice": 0, "Bob": 0, "Carol": 0, "Dan": 1}


def test_average_deal_size_counts_won_deals_and_a_manager_sees_their_reps_only(engine):
    _closed_deals(engine)
    q = MetricQuery(metric="avg_deal_size", period=NOVEMBER, group_by="rep")
    assert base_counts(engine, q, "M2", NOW, ORG) == {"Dan": 0}
    assert base_counts(engine, q, "M1", NOW, ORG) == {"Alice": 2, "Bob": 0, "Carol": 0}


def test_counts_are_not_computed_for_other_metrics_or_single_values(engine):
    _closed_deals(engine)
    visits = MetricAnswer(query=MetricQuery(metric="visits", period=NOVEMBER, group_by="rep"),
                          series=[SeriesPoint(label="Alice", value=1)])
    assert chart_counts(engine, visits, "A0", NOW, ORG) == {}
    one = MetricAnswer(query=MetricQuery(metric="win_rate", period=NOVEMBER), value=2 / 3)
    assert chart_counts(engine, one, "A0", NOW, ORG) == {}


def test_an_asked_rate_chart_shows_n_per_team(engine):
    _closed_deals(engine)
    res = answer_question(engine, Settings(), "本月各团队转化率", "A0", NOW)
    assert res.metric == "win_rate" and res.group_by == "team"
    # East: Alice 2 won + 1 lost, Bob 1 lost = 4 closed; South: nothing closed in November
    kw = chart_counts(engine, MetricAnswer(query=res.query, series=res.series), "A0", NOW, ORG)
    assert kw == {"counts": {"East": 4, "South": 0}}
    fig = build_figure(MetricAnswer(query=res.query, series=res.series), **kw)
    fig.canvas.draw()
    assert "50.0% (n=4)" in [t.get_text() for t in fig.axes[0].texts]
    assert res.chart_png is not None
