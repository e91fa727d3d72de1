"""Answer → PNG: the chart is chosen by the shape of the data.

- time series (group by day / week / month): a line with every point labelled;
- by rep (and the inactive-reps list): ranked horizontal bars, largest on top;
- by stage: a funnel, stages in pipeline order;
- any other category (team, region, source, industry, tier, kind): vertical bars.

Charts are 1080 px wide with large type so they read on a phone. Each call builds its own
Figure (no pyplot state), saves once and lets it go.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from charts.fonts import FONT_FAMILIES
from domain.labels import KIND_LABELS, STAGE_LABELS
from domain.types import STAGES, MetricAnswer

WIDTH_IN, DPI = 10.8, 100
BAR = "#2f6fdf"
BAR_MUTED = "#9db8ea"
LINE = "#e0602b"
STAGE_COLOURS = {"lead": "#9db8ea", "qualified": "#6f9be6", "proposal": "#3f7be0",
                 "negotiation": "#2456b3", "won": "#2e9e5b", "lost": "#b9b9b9"}
LABELS = {
    "zh": {**STAGE_LABELS["zh"], **KIND_LABELS["zh"], "none": "无", "empty": "没有数据", "all_active": "所有人都有跟进"},
    "en": {**{k: v.capitalize() for k, v in {**STAGE_LABELS["en"], **KIND_LABELS["en"]}.items()}, "none": "n/a", "empty": "No data", "all_active": "Everyone logged activity"},
}
RC = {"font.family": FONT_FAMILIES, "font.size": 20, "axes.titlesize": 28, "axes.labelsize": 20,
      "xtick.labelsize": 19, "ytick.labelsize": 20, "axes.unicode_minus": False,
      "axes.spines.top": False, "axes.spines.right": False}

ValueFormat = Callable[[float | None], str]


def chart_kind(answer: MetricAnswer) -> str | None:
    """'line', 'ranked', 'funnel' or 'bars' for a series answer; None for a single value."""
    if answer.series is None:
        return None
    group = answer.query.group_by
    if group in ("day", "week", "month"):
        return "line"
    if group == "rep" or answer.query.metric == "inactive_reps":
        return "ranked"
    if group == "stage":
        return "funnel"
    return "bars"


def render_chart(answer: MetricAnswer, *, lang: str = "zh", title: str = "",
                 value_format: ValueFormat | None = None) -> bytes | None:
    """PNG bytes of the chart for a series answer (None for a single value)."""
    kind = chart_kind(answer)
    if kind is None:
        return None
    words = LABELS["en" if lang == "en" else "zh"]
    fmt = value_format or _plain
    points = [(p.label, p.value) for p in answer.series or []]
    with matplotlib.rc_context(RC):
        height = _height(kind, len(points))
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        if not points:
            _empty(ax, words["all_active"] if answer.query.metric == "inactive_reps" else words["empty"])
            labels, rotation = [], 0
        elif kind == "line":
            labels, rotation = _line(ax, points, answer.query.group_by or "day", fmt, words)
        elif kind == "ranked":
            labels, rotation = _ranked(ax, points, fmt, words)
        elif kind == "funnel":
            labels, rotation = _funnel(ax, points, fmt, words)
        else:
            labels, rotation = _bars(ax, [(words.get(lb, lb) if answer.query.group_by == "kind" else lb, v)
                                          for lb, v in points], fmt, words)
        _layout(fig, kind, labels, rotation, bool(title))
        if title:
            fig.text(0.3 / WIDTH_IN, 1 - 0.3 / height, title, va="top", ha="left", fontsize=RC["axes.titlesize"])
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _plain(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def _height(kind: str, n: int) -> float:
    if kind in ("ranked", "funnel"):
        return min(24.0, max(6.0, 1.8 + 0.6 * n))
    return 7.2


def _text_inches(text: str, points: float) -> float:
    """Estimated width of a label: a CJK character is one em, anything else about 0.6 em."""
    ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text)
    return ems * points / 72


def _layout(fig: Figure, kind: str, labels: list[str], rotation: int, titled: bool) -> None:
    """Fixed margins from the labels' estimated size (one draw only: no tight_layout pass)."""
    width, height = fig.get_size_inches()
    widest = max((_text_inches(lb, RC["ytick.labelsize"]) for lb in labels), default=0.0)
    top = 1.2 if titled else 0.4
    if kind in ("ranked", "funnel"):
        left, bottom = min(width * 0.45, widest + 0.35), 0.3
    else:
        left = 0.3
        bottom = 0.75 if rotation == 0 else 0.55 + widest * (0.71 if rotation >= 45 else 0.58)
    fig.subplots_adjust(left=left / width, right=1 - 0.3 / width, top=1 - top / height,
                        bottom=min(0.5, bottom / height))


def _num(v: float | None) -> float:
    return 0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _empty(ax, note: str) -> None:
    ax.axis("off")
    ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=26, color="#555555", transform=ax.transAxes)


def _time_label(label: str, group: str) -> str:
    if group in ("day", "week") and len(label) == 10:
        return label[5:]  # MM-DD
    return label


def _line(ax, points, group: str, fmt: ValueFormat, words) -> tuple[list[str], int]:
    xs = list(range(len(points)))
    ys = [float("nan") if v is None else float(v) for _, v in points]
    ax.plot(xs, ys, color=LINE, linewidth=4, marker="o", markersize=11)
    finite = [y for y in ys if not math.isnan(y)]
    top = max(finite, default=0.0)
    bottom = min(0.0, min(finite, default=0.0))
    span = (top - bottom) or 1.0
    ax.set_ylim(bottom - span * 0.06, top + span * 0.25)
    step = 1 if len(points) <= 16 else math.ceil(len(points) / 12)
    for x, y in zip(xs, ys, strict=True):
        if x % step == 0 or x == len(xs) - 1:
            ax.annotate(words["none"] if math.isnan(y) else fmt(y), (x, 0 if math.isnan(y) else y),
                        textcoords="offset points", xytext=(0, 16), ha="center", fontsize=17, color="#333333",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    shown = [_time_label(lb, group) for lb, _ in points][::step]
    rotation = 45 if len(points) > 8 else 0
    ax.set_xticks(xs[::step])
    ax.set_xticklabels(shown, rotation=rotation, ha="right" if rotation else "center",
                       rotation_mode="anchor" if rotation else "default")
    ax.grid(axis="y", alpha=0.3)
    ax.tick_params(axis="y", labelleft=False, left=False)
    return shown, rotation


def _hbars(ax, labels, values, colours, fmt: ValueFormat, words, *, centred: bool = False) -> None:
    nums = [_num(v) for v in values]
    top = max(nums, default=0.0) or 1.0
    ys = list(range(len(labels)))
    lefts = [(top - n) / 2 if centred else 0 for n in nums]
    ax.barh(ys, nums, left=lefts, color=colours, height=0.7)
    for y, n, v, left in zip(ys, nums, values, lefts, strict=True):
        text = words["none"] if v is None else fmt(v)
        ax.text((left + n + top * 0.015) if not centred else top / 2, y, text, va="center",
                ha="left" if not centred else "center", fontsize=19,
                color="#222222" if not centred or n < top * 0.25 else "white")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlim(0, top * (1.0 if centred else 1.3))
    ax.tick_params(axis="x", labelbottom=False, bottom=False)
    ax.spines["bottom"].set_visible(False)


def _ranked(ax, points, fmt: ValueFormat, words) -> tuple[list[str], int]:
    ranked = sorted(points, key=lambda p: (p[1] is None, -_num(p[1])))
    colours = [BAR if i == 0 else BAR_MUTED if v is None else BAR for i, (_, v) in enumerate(ranked)]
    labels = [lb for lb, _ in ranked]
    _hbars(ax, labels, [v for _, v in ranked], colours, fmt, words)
    return labels, 0


def _funnel(ax, points, fmt: ValueFormat, words) -> tuple[list[str], int]:
    order = {s: i for i, s in enumerate(STAGES)}
    pts = sorted(points, key=lambda p: order.get(p[0], len(order)))
    labels = [words.get(lb, lb) for lb, _ in pts]
    _hbars(ax, labels, [v for _, v in pts], [STAGE_COLOURS.get(lb, BAR) for lb, _ in pts], fmt, words, centred=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", left=False)
    return labels, 0


def _bars(ax, points, fmt: ValueFormat, words) -> tuple[list[str], int]:
    xs = list(range(len(points)))
    nums = [_num(v) for _, v in points]
    ax.bar(xs, nums, color=BAR, width=0.65)
    top = max(nums, default=0.0) or 1.0
    for x, n, (_, v) in zip(xs, nums, points, strict=True):
        ax.text(x, n + top * 0.02, words["none"] if v is None else fmt(v), ha="center", va="bottom",
                fontsize=18, color="#222222")
    ax.set_ylim(0, top * 1.2)
    ax.set_xticks(xs)
    labels = [lb for lb, _ in points]
    rotation = 35 if len(points) > 6 or sum(_text_inches(lb, RC["xtick.labelsize"]) for lb in labels) > WIDTH_IN * 0.8 else 0
    ax.set_xticklabels(labels, rotation=rotation, ha="right" if rotation else "center",
                       rotation_mode="anchor" if rotation else "default")
    ax.tick_params(axis="y", labelleft=False, left=False)
    ax.spines["left"].set_visible(False)
    return labels, rotation
