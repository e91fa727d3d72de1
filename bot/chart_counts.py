"""How many deals a rate stands on (the n=… a chart shows beside each rate).

A win rate of 100% over one deal is not one over forty: for each rate metric, the count of
the deals it divides over, per label of the answer's series (and "" for an ungrouped value),
computed through the metrics layer with the answer's own query so it agrees with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from charts.shape import UNGROUPED
from domain.settings import OrgSettings
from domain.types import MetricAnswer, MetricQuery, Period
from storage.metrics import compute

# rate metric → the count metrics whose sum is its denominator (METRICS.md)
RATE_BASES: dict[str, tuple[str, ...]] = {
    "win_rate": ("won_deals", "lost_deals"),
    "avg_deal_size": ("won_deals",),
    "sales_cycle_days": ("won_deals",),
}


def base_counts(engine: Engine, query: MetricQuery, asker_id: str, now: datetime,
                org: OrgSettings) -> dict[str, int] | None:
    """label → deals behind the rate of `query` (None when the metric is not such a rate)."""
    bases = RATE_BASES.get(query.metric)
    if bases is None:
        return None
    counts: dict[str, int] = {}
    for metric in bases:
        part = compute(engine, query.model_copy(update={"metric": metric}), asker_id, now, org)
        if part.series is None:
            counts[UNGROUPED] = counts.get(UNGROUPED, 0) + int(part.value or 0)
        for p in part.series or []:
            counts[p.label] = counts.get(p.label, 0) + int(p.value or 0)
    return counts


def chart_counts(engine: Engine, answer: MetricAnswer, asker_id: str, now: datetime,
                 org: OrgSettings) -> dict[str, Any]:
    """Keyword arguments for charts.render_chart: `counts` and, for a comparison, `compare_counts`."""
    comp = getattr(answer, "compare", None)
    if answer.query.metric not in RATE_BASES or (answer.series is None and comp is None):
        return {}  # no chart: nothing to count
    out: dict[str, Any] = {"counts": base_counts(engine, answer.query, asker_id, now, org)}
    period = comp.get("period") if isinstance(comp, dict) else getattr(comp, "period", None)
    if period is not None:
        period = period if isinstance(period, Period) else Period.model_validate(period)
        out["compare_counts"] = base_counts(engine, answer.query.model_copy(update={"period": period}),
                                            asker_id, now, org)
    return out
