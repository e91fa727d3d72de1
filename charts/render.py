"""Answer → PNG: the chart is chosen by the shape of the answer (charts.shape).

- a comparison (`compare`): paired bars, the compared period beside the asked one;
- a ranking (`limit`), by rep or by customer, and the inactive-reps list: horizontal bars in rank order;
- by stage: horizontal bars in pipeline order;
- time series (day / week / month): a line with every point labelled;
- any other category (team, region, source, industry, kind; tier by its label): vertical bars,
  largest first.

Every chart has numbers on its value axis, the period's dates under its title, n=… beside a
rate when the caller gives the sample sizes, and a 100% line for target attainment. An
answer with nothing to show gets no image. Charts are 1080 px wide with large type so they
read on a phone. `build_figure` returns the matplotlib Figure (tests inspect it);
`render_chart` saves it once as PNG. No pyplot state.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from charts.fonts import FONT_FAMILIES
from charts.shape import ChartData, Point, chart_data, chart_kind, period_text
from domain.labels import KIND_LABELS, STAGE_LABELS
from domain.types import MetricAnswer

__all__ = ["build_figure", "chart_kind", "render_chart"]

WIDTH_IN, DPI = 10.8, 100
BAR = "#2f6fdf"
BAR_MUTED = "#a9bfe8"
LINE = "#e0602b"
TARGET_LINE = "#d23c3c"
STAGE_COLOURS = {"lead": "#9db8ea", "qualified": "#6f9be6", "proposal": "#3f7be0",
                 "negotiation": "#2456b3", "won": "#2e9e5b", "lost": "#b9b9b9"}
LABELS = {
    "zh": {**STAGE_LABELS["zh"], **KIND_LABELS["zh"], "none": "无", "vs": "对比", "target": "目标 100%"},
    "en": {**{k: v.capitalize() for k, v in {**STAGE_LABELS["en"], **KIND_LABELS["en"]}.items()},
           "none": "n/a", "vs": "vs", "target": "target 100%"},
}
RC = {"font.family": FONT_FAMILIES, "font.size": 20, "axes.titlesize": 28, "axes.labelsize": 20,
      "xtick.labelsize": 19, "ytick.labelsize": 19, "axes.unicode_minus": False,
      "axes.spines.top": False, "axes.spines.right": False}
# metrics whose values are counts: whole-number ticks on the value axis
COUNT_METRICS = frozenset({"activities", "visits", "new_leads", "new_deals", "won_deals", "lost_deals",
                           "open_deals", "overdue_followups", "stale_customers", "inactive_reps"})

PERCENT_METRICS = frozenset({"win_rate", "target_attainment", "collection_rate"})

ValueFormat = Callable[[float | None], str]


def render_chart(answer: MetricAnswer, *, lang: str = "zh", title: str = "",
                 value_format: ValueFormat | None = None, counts: Mapping[str, int] | None = None,
                 compare_counts: Mapping[str, int] | None = None) -> bytes | None:
    """PNG bytes of the answer's chart; None when it is worth no picture (one value, nothing to show).

    `counts` (label → n; "" for an ungrouped value) are the deals behind each rate, shown as n=…;
    `compare_counts` the same for the compared period."""
    with matplotlib.rc_context(RC):
        fig = build_figure(answer, lang=lang, title=title, value_format=value_format, counts=counts,
                           compare_counts=compare_counts)
        if fig is None:
            return None
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def build_figure(answer: MetricAnswer, *, lang: str = "zh", title: str = "",
                 value_format: ValueFormat | None = None, counts: Mapping[str, int] | None = None,
                 compare_counts: Mapping[str, int] | None = None) -> Figure | None:
    """The chart as a matplotlib Figure (one Axes), or None; see render_chart."""
    data = chart_data(answer, counts, compare_counts)
    if data is None:
        return None
    words = LABELS["en" if lang == "en" else "zh"]
    fmt = value_format or (_percent if data.metric in PERCENT_METRICS else _plain)
    with matplotlib.rc_context(RC):
        height = _height(data)
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        draw = {"paired": _paired, "line": _line, "ranked": _hbars, "funnel": _hbars}.get(data.kind, _bars)
        labels, rotation = draw(ax, data, fmt, words)
        _value_axis(ax, data, fmt, horizontal=data.kind in ("ranked", "funnel"))
        if data.metric == "target_attainment":
            _target_line(ax, words, horizontal=data.kind in ("ranked", "funnel"))
        dates = _dates_line(data, words)
        _layout(fig, ax, data, labels, rotation, lines=int(bool(title)) + int(bool(dates)), fmt=fmt)
        _titles(fig, height, title, dates)
    return fig


def _percent(v: float | None) -> str:
    return "–" if v is None else f"{v * 100:.1f}%"


def _plain(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def _shown(p: Point, fmt: ValueFormat, words, sep: str = " ") -> str:
    text = words["none"] if p.value is None else fmt(p.value)
    return text if p.n is None else f"{text}{sep}(n={p.n})"


def _name(data: ChartData, label: str, words) -> str:
    if data.group in ("stage", "kind"):
        return words.get(label, label)
    if data.group in ("day", "week") and len(label) == 10:
        return label[5:]  # MM-DD
    return label


def _height(data: ChartData) -> float:
    if data.kind in ("ranked", "funnel"):
        return min(24.0, max(6.0, 2.2 + 0.6 * len(data.points)))
    return 7.6


def _text_inches(text: str, points: float) -> float:
    """Estimated width of a label: a CJK character is one em, anything else about 0.6 em."""
    ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text)
    return ems * points / 72


def _num(v: float | None) -> float:
    return 0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _span(values: list[float | None], metric: str) -> tuple[float, float]:
    nums = [_num(v) for v in values]
    top = max(nums + ([1.0] if metric == "target_attainment" else []), default=0.0)
    bottom = min(0.0, min(nums, default=0.0))
    return bottom, (top if top > bottom else bottom + 1.0)


def _value_axis(ax, data: ChartData, fmt: ValueFormat, *, horizontal: bool) -> None:
    """Numbers on the value axis, formatted like the answer's values (whole numbers for counts)."""
    axis = ax.xaxis if horizontal else ax.yaxis
    axis.set_major_locator(MaxNLocator(nbins=5, integer=data.metric in COUNT_METRICS, min_n_ticks=3))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt(0.0 if abs(v) < 1e-12 else v)))
    if horizontal:
        ax.tick_params(axis="x", labelbottom=True, bottom=True)
    else:
        ax.tick_params(axis="y", labelleft=True, left=True)
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    ax.set_axisbelow(True)


def _target_line(ax, words, *, horizontal: bool) -> None:
    """A dashed line at 100%, named where it meets the top (or right) edge."""
    style = {"color": TARGET_LINE, "linestyle": "--", "linewidth": 2.5, "label": words["target"]}
    if horizontal:
        ax.axvline(1.0, **style)
        ax.text(1.0, 1.0, words["target"], transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                fontsize=15, color=TARGET_LINE)
    else:
        ax.axhline(1.0, **style)
        ax.text(1.0, 1.0, words["target"], transform=ax.get_yaxis_transform(), ha="right", va="bottom",
                fontsize=15, color=TARGET_LINE)


def _dates_line(data: ChartData, words) -> str:
    asked = period_text(data.period)
    if data.kind == "paired" and data.compare_period is not None:
        return f"{asked} {words['vs']} {period_text(data.compare_period)}".strip()
    return asked


def _titles(fig: Figure, height: float, title: str, dates: str) -> None:
    y = 1 - 0.3 / height
    if title:
        fig.text(0.3 / WIDTH_IN, y, title, va="top", ha="left", fontsize=RC["axes.titlesize"])
        y -= 0.55 / height
    if dates:
        fig.text(0.3 / WIDTH_IN, y, dates, va="top", ha="left", fontsize=18, color="#555555")


def _layout(fig: Figure, ax, data: ChartData, labels: list[str], rotation: int, lines: int,
            fmt: ValueFormat) -> None:
    """Fixed margins from the labels' estimated size (one draw only: no tight_layout pass)."""
    width, height = fig.get_size_inches()
    widest = max((_text_inches(lb, RC["ytick.labelsize"]) for lb in labels), default=0.0)
    top = 0.35 + 0.55 * lines + (0.5 if data.kind == "paired" else 0.0)
    if data.kind in ("ranked", "funnel"):
        left, bottom = min(width * 0.45, widest + 0.35), 0.65
    else:
        ticks = [fmt(t) for t in ax.get_yticks()]
        left = 0.45 + max((_text_inches(t, RC["ytick.labelsize"]) for t in ticks), default=0.3)
        bottom = 0.75 if rotation == 0 else 0.55 + widest * (0.71 if rotation >= 45 else 0.58)
    fig.subplots_adjust(left=left / width, right=1 - 0.55 / width, top=1 - top / height,
                        bottom=min(0.5, bottom / height))


def _line(ax, data: ChartData, fmt: ValueFormat, words) -> tuple[list[str], int]:
    points = data.points
    xs = list(range(len(points)))
    ys = [float("nan") if p.value is None else p.value for p in points]
    ax.plot(xs, ys, color=LINE, linewidth=4, marker="o", markersize=11)
    bottom, top = _span([p.value for p in points], data.metric)
    span = top - bottom
    ax.set_ylim(bottom - span * 0.06, top + span * 0.25)
    step = 1 if len(points) <= 16 else math.ceil(len(points) / 12)
    for x, y, p in zip(xs, ys, points, strict=True):
        if x % step == 0 or x == len(xs) - 1:
            ax.annotate(_shown(p, fmt, words, "\n"), (x, 0 if math.isnan(y) else y), textcoords="offset points",
                        xytext=(0, 16), ha="center", fontsize=16, color="#333333",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.set_xlim(-0.5, len(points) - 0.5)
    shown = [_name(data, p.label, words) for p in points][::step]
    rotation = 45 if len(points) > 8 else 0
    ax.set_xticks(xs[::step])
    ax.set_xticklabels(shown, rotation=rotation, ha="right" if rotation else "center",
                       rotation_mode="anchor" if rotation else "default")
    return shown, rotation


def _hbars(ax, data: ChartData, fmt: ValueFormat, words) -> tuple[list[str], int]:
    """Horizontal bars, the first point on top (a ranking in rank order, stages in pipeline order)."""
    points = data.points
    labels = [_name(data, p.label, words) for p in points]
    nums = [_num(p.value) for p in points]
    bottom, top = _span([p.value for p in points], data.metric)
    ys = list(range(len(points)))
    colours = [STAGE_COLOURS.get(p.label, BAR) if data.group == "stage" else BAR for p in points]
    ax.barh(ys, nums, color=colours, height=0.7)
    for y, n, p in zip(ys, nums, points, strict=True):
        ax.text(n + (top - bottom) * 0.015, y, _shown(p, fmt, words), va="center", ha="left",
                fontsize=18, color="#222222")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_ylim(len(points) - 0.5, -0.5)  # first point on top
    ax.set_xlim(bottom, bottom + (top - bottom) * (1.45 if any(p.n is not None for p in points) else 1.3))
    return labels, 0


def _bars(ax, data: ChartData, fmt: ValueFormat, words) -> tuple[list[str], int]:
    points = data.points
    xs = list(range(len(points)))
    nums = [_num(p.value) for p in points]
    ax.bar(xs, nums, color=BAR, width=0.65)
    bottom, top = _span([p.value for p in points], data.metric)
    for x, n, p in zip(xs, nums, points, strict=True):
        ax.text(x, n + (top - bottom) * 0.02, _shown(p, fmt, words), ha="center", va="bottom",
                fontsize=17 if p.n is None else 15, color="#222222")
    ax.set_ylim(bottom, bottom + (top - bottom) * 1.2)
    labels = [_name(data, p.label, words) for p in points]
    return labels, _category_ticks(ax, xs, labels)


def _category_ticks(ax, xs: list[float], labels: list[str]) -> int:
    long = sum(_text_inches(lb, RC["xtick.labelsize"]) for lb in labels) > WIDTH_IN * 0.75
    rotation = 35 if len(labels) > 6 or long else 0
    ax.set_xticks(xs)
    ax.set_xticklabels(labels, rotation=rotation, ha="right" if rotation else "center",
                       rotation_mode="anchor" if rotation else "default")
    return rotation


def _paired(ax, data: ChartData, fmt: ValueFormat, words) -> tuple[list[str], int]:
    """Two bars per category: the compared (earlier) period muted on the left, the asked one on the right."""
    asked, compared = data.points, data.compared or []
    xs = list(range(len(asked)))
    w = 0.38
    asked_name = period_text(data.period) or "—"
    compared_name = period_text(data.compare_period) or "—"
    ax.bar([x - w / 2 for x in xs], [_num(p.value) for p in compared], width=w, color=BAR_MUTED,
           label=compared_name)
    ax.bar([x + w / 2 for x in xs], [_num(p.value) for p in asked], width=w, color=BAR, label=asked_name)
    bottom, top = _span([p.value for p in asked + compared], data.metric)
    few = len(xs) <= 3  # side by side labels fit; beyond, each label stands upright on its bar
    if len(xs) <= 8:
        for x, a, c in zip(xs, asked, compared, strict=True):
            for dx, p in ((-w / 2, c), (w / 2, a)):
                ax.text(x + dx, _num(p.value) + (top - bottom) * 0.02, _shown(p, fmt, words), ha="center",
                        va="bottom", fontsize=16 if few else 14, color="#222222", rotation=0 if few else 90)
    ax.set_ylim(bottom, bottom + (top - bottom) * (1.22 if few else 1.4))
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False, fontsize=16,
              borderaxespad=0.2)
    if data.group is None:
        ax.set_xticks([])
        return [], 0
    labels = [_name(data, p.label, words) for p in asked]
    return labels, _category_ticks(ax, xs, labels)
