"""What a chart shows, read from an answer: its kind, its points in display order, the
compared period's points, and the sample sizes behind rates.

Pure data, no matplotlib: `charts.render` draws what this module decides. Answers from before
`limit`, `ranked` and `compare` existed (no such attribute) read as no ranking and no comparison; a
comparison may be a model or the CONTRACT.md dict `{"period", "value", "series", "change"}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.types import STAGES, MetricAnswer, Period

TIME_GROUPS = ("day", "week", "month")
# categories with an order of their own (tiers A, B, C...): sorted by label, not by value
LABEL_ORDER_GROUPS = ("tier",)
UNGROUPED = ""  # the key of an ungrouped value in a counts mapping


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    n: int | None = None  # how many deals a rate stands on (n=…)


@dataclass
class ChartData:
    kind: str  # 'paired', 'line', 'ranked', 'funnel' or 'bars'
    metric: str
    group: str | None
    points: list[Point]
    period: Period | None
    compared: list[Point] | None = None
    compare_period: Period | None = None
    notes: list[str] = field(default_factory=list)


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _period(obj: Any) -> Period | None:
    if obj is None or isinstance(obj, Period):
        return obj
    start, end = _get(obj, "start"), _get(obj, "end")
    if start is None or end is None:
        return None
    return Period(start=date.fromisoformat(str(start)), end=date.fromisoformat(str(end)))


def _points(series: Any, counts: Mapping[str, int] | None) -> list[Point]:
    out = []
    for p in series or []:
        label, value = str(_get(p, "label")), _get(p, "value")
        n = _get(p, "n")
        if n is None and counts is not None:
            n = counts.get(label)
        out.append(Point(label, None if value is None else float(value), n))
    return out


def comparison(answer: MetricAnswer) -> Any:
    """The answer's `compare` (None when absent or when the renderer's answer type has none)."""
    return getattr(answer, "compare", None)


def chart_kind(answer: MetricAnswer) -> str | None:
    """'paired', 'line', 'ranked', 'funnel' or 'bars'; None when the answer is worth no picture."""
    if comparison(answer) is not None:
        return "paired"
    if answer.series is None:
        return None
    group = answer.query.group_by
    if group in TIME_GROUPS:
        return "line"
    if _is_ranking(answer) or group in ("rep", "customer") or answer.query.metric == "inactive_reps":
        return "ranked"
    if group == "stage":
        return "funnel"
    return "bars"


def _is_ranking(answer: MetricAnswer) -> bool:
    """A ranking (`limit`, or `ranked` for "排名" with no cut): its series is already in rank order."""
    return getattr(answer, "limit", None) is not None or bool(getattr(answer, "ranked", False))


def _has_data(points: list[Point]) -> bool:
    return any(p.value is not None for p in points)


def chart_data(answer: MetricAnswer, counts: Mapping[str, int] | None = None,
               compare_counts: Mapping[str, int] | None = None) -> ChartData | None:
    """What to draw, in display order; None for an answer with nothing to show."""
    kind = chart_kind(answer)
    if kind is None:
        return None
    q = answer.query
    group = q.group_by
    if kind == "paired":
        return _paired(answer, counts, compare_counts)
    points = _points(answer.series, counts)
    if not _has_data(points):
        return None
    return ChartData(kind=kind, metric=q.metric, group=group, points=_ordered(kind, group, points, answer),
                     period=q.period)


def _ordered(kind: str, group: str | None, points: list[Point], answer: MetricAnswer) -> list[Point]:
    """Display order: time and stage in their own order, a ranking as ranked, categories sorted."""
    if kind == "line":
        return points
    if kind == "funnel" or group == "stage":
        order = {s: i for i, s in enumerate(STAGES)}
        return sorted(points, key=lambda p: (order.get(p.label, len(order)), p.label))
    if kind == "ranked" and _is_ranking(answer):
        return points  # the answer's own rank order (descending, or ascending for "worst")
    if group in LABEL_ORDER_GROUPS:
        return sorted(points, key=lambda p: p.label)
    return sorted(points, key=lambda p: (p.value is None, -(p.value or 0.0), p.label))


def _paired(answer: MetricAnswer, counts: Mapping[str, int] | None,
            compare_counts: Mapping[str, int] | None) -> ChartData | None:
    q = answer.query
    comp = comparison(answer)
    cperiod = _period(_get(comp, "period"))
    if answer.series is None:  # one value per period: two bars
        asked = [Point(UNGROUPED, answer.value, (counts or {}).get(UNGROUPED))]
        value = _get(comp, "value")
        compared = [Point(UNGROUPED, None if value is None else float(value),
                          (compare_counts or {}).get(UNGROUPED))]
        if not _has_data(asked + compared):
            return None
        return ChartData(kind="paired", metric=q.metric, group=None, points=asked, period=q.period,
                         compared=compared, compare_period=cperiod)
    asked = _points(answer.series, counts)
    other = _points(_get(comp, "series"), compare_counts)
    if not _has_data(asked + other):
        return None
    if q.group_by in TIME_GROUPS:  # the Nth day/week/month of one period beside the Nth of the other
        other = (other + [Point("", None)] * len(asked))[:len(asked)]
        return ChartData(kind="paired", metric=q.metric, group=q.group_by, points=asked, period=q.period,
                         compared=other, compare_period=cperiod)
    by_label = {p.label: p for p in other}
    labels = [p.label for p in asked] + [p.label for p in other if p.label not in {a.label for a in asked}]
    pairs = [(next((a for a in asked if a.label == lb), Point(lb, None)), by_label.get(lb, Point(lb, None)))
             for lb in labels]
    if q.group_by == "stage":
        order = {s: i for i, s in enumerate(STAGES)}
        pairs.sort(key=lambda ab: order.get(ab[0].label, len(order)))
    elif q.group_by in LABEL_ORDER_GROUPS:
        pairs.sort(key=lambda ab: ab[0].label)
    elif not _is_ranking(answer):
        pairs.sort(key=lambda ab: (ab[0].value is None, -(ab[0].value or 0.0), ab[0].label))
    return ChartData(kind="paired", metric=q.metric, group=q.group_by, points=[a for a, _ in pairs],
                     period=q.period, compared=[b for _, b in pairs], compare_period=cperiod)


def period_text(period: Period | None) -> str:
    """'2026-11-01 – 2026-11-20' ('2026-11-20' for one day); '' for no period."""
    if period is None:
        return ""
    if period.start == period.end:
        return period.start.isoformat()
    return f"{period.start.isoformat()} – {period.end.isoformat()}"
