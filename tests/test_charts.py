"""Charts: PNG bytes of a phone-readable size, the shape chosen by the answer (comparison,
ranking, stages, time, categories), numbers on the value axis, n=… beside rates, a 100% line
for target attainment, the period's dates in the title, no image for an empty answer, and
every Chinese glyph present (a missing-glyph warning fails the test)."""

from __future__ import annotations

import re
import struct
import warnings
from datetime import date

import pytest
from pydantic import BaseModel

from bot.answer_text import format_value
from charts import build_figure, chart_kind, render_chart
from domain.types import Filters, MetricAnswer, MetricQuery, Period, SeriesPoint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOV = Period(start=date(2026, 11, 1), end=date(2026, 11, 20))
OCT = Period(start=date(2026, 10, 1), end=date(2026, 10, 20))


class Compared(BaseModel):
    """The CONTRACT.md `compare` object, as a model."""

    period: Period
    value: float | None = None
    series: list[SeriesPoint] | None = None
    change: float | None = None


class ShapedAnswer(MetricAnswer):
    """An answer with CONTRACT.md's `limit` and `compare` (charts also accept answers without them)."""

    limit: int | None = None
    ranked: bool = False
    compare: Compared | dict | None = None


def answer(metric: str, group: str | None, points: list[tuple[str, float | None]] | None,
           value: float | None = None, **shape) -> MetricAnswer:
    q = MetricQuery(metric=metric, period=NOV, group_by=group, filters=Filters())
    series = None if points is None else [SeriesPoint(label=lb, value=v) for lb, v in points]
    cls = ShapedAnswer if shape else MetricAnswer
    return cls(query=q, value=value, series=series, **shape)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    return struct.unpack(">II", png[16:24])


def fmt_for(ans: MetricAnswer, lang: str = "zh"):
    return lambda v: format_value(ans.query.metric, v, lang, "CNY", short=True)


def render_strict(ans: MetricAnswer, lang: str = "zh", title: str = "", **kw) -> bytes:
    """Render with every warning (missing glyphs included) raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_chart(ans, lang=lang, title=title, value_format=fmt_for(ans, lang), **kw)
    assert png is not None
    return png


def figure(ans: MetricAnswer, lang: str = "zh", title: str = "标题", **kw):
    fig = build_figure(ans, lang=lang, title=title, value_format=fmt_for(ans, lang), **kw)
    assert fig is not None
    fig.canvas.draw()
    return fig, fig.axes[0]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def tick_texts(labels) -> list[str]:
    return [t.get_text() for t in labels if t.get_text()]


COMPARED_REPS = Compared(period=OCT, series=[SeriesPoint(label="王磊", value=10), SeriesPoint(label="陈静", value=12)])

SHAPES = [
    (answer("visits", "rep", [("王磊", 15), ("陈静", 8), ("歐陽明", 8), ("赵敏", 14)]), "ranked"),
    (answer("won_amount", "customer", [("华信", 900000.0), ("明德", 1200000.0)], limit=2), "ranked"),
    (answer("inactive_reps", None, [("刘洋", 7), ("林晓燕", None)]), "ranked"),
    (answer("pipeline_amount", "stage", [("lead", 4067000.0), ("negotiation", 3828000.0),
                                         ("proposal", 2858000.0), ("qualified", 5334000.0)]), "funnel"),
    (answer("won_amount", "region", [("华东", 2406000.0), ("华中", 389000.0), ("華北", 3138000.0)]), "bars"),
    (answer("activities", "kind", [("call", 32), ("demo", 6), ("meeting", 12), ("message", 31), ("visit", 61)]), "bars"),
    (answer("new_leads", "source", [(s, i) for i, s in enumerate(["公众号", "官网", "展会", "电话营销", "老客户", "转介绍", "其他渠道"])]), "bars"),
    (answer("win_rate", "week", [("2026-09-28", None), ("2026-10-05", 1.0), ("2026-10-12", 0.3333), ("2026-11-16", 0.0)]), "line"),
    (answer("won_amount", "month", [("2026-06", 1436000.0), ("2026-07", 2943320.0), ("2026-11", 373000.0)]), "line"),
    (answer("activities", "day", [(f"2026-11-{d:02d}", d % 5) for d in range(1, 21)]), "line"),
    (answer("won_amount", None, None, value=1200000.0,
            compare=Compared(period=OCT, value=800000.0, change=400000.0)), "paired"),
    (answer("visits", "rep", [("王磊", 15), ("陈静", 8)], compare=COMPARED_REPS), "paired"),
]
IDS = [f"{a.query.metric}-{a.query.group_by}-{k}" for a, k in SHAPES]


@pytest.mark.parametrize(("ans", "kind"), SHAPES, ids=IDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_shape_renders_a_phone_sized_png_with_every_glyph(ans, kind, lang):
    assert chart_kind(ans) == kind
    png = render_strict(ans, lang, title="本月各销售拜访量 · 業績" if lang == "zh" else "Visits by rep, this month")
    width, height = png_size(png)
    assert width == 1080
    assert 500 <= height <= 2400
    assert len(png) > 10_000  # a real picture, not an empty canvas


@pytest.mark.parametrize(("ans", "kind"), SHAPES, ids=IDS)
def test_the_value_axis_always_has_numbers(ans, kind):
    _, ax = figure(ans)
    value_ticks = tick_texts(ax.get_xticklabels() if kind in ("ranked", "funnel") else ax.get_yticklabels())
    assert len(value_ticks) >= 3
    assert all(re.search(r"\d", t) for t in value_ticks), value_ticks


@pytest.mark.parametrize(("ans", "kind"), SHAPES, ids=IDS)
def test_the_period_dates_are_under_the_title(ans, kind):
    fig, _ = figure(ans)
    shown = " ".join(t.get_text() for t in fig.texts)
    assert "标题" in shown
    assert "2026-11-01 – 2026-11-20" in shown
    assert ("2026-10-01 – 2026-10-20" in shown) == (kind == "paired")


def test_one_day_period_is_one_date():
    ans = answer("visits", "rep", [("王磊", 3)]).model_copy(
        update={"query": MetricQuery(metric="visits", period=Period(start=date(2026, 11, 19), end=date(2026, 11, 19)),
                                     group_by="rep")})
    fig, _ = figure(ans)
    assert [t.get_text() for t in fig.texts] == ["标题", "2026-11-19"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("ans", [
    answer("won_amount", None, None, value=373000.0),
    answer("visits", "rep", []),
    answer("inactive_reps", None, []),
    answer("win_rate", "week", [("2026-11-02", None), ("2026-11-09", None)]),
    answer("win_rate", None, None, value=None, compare=Compared(period=OCT, value=None)),
    answer("visits", "rep", [], compare=Compared(period=OCT, series=[])),
], ids=["one-value", "empty", "no-inactive", "all-none", "compare-of-nothing", "compare-empty"])
def test_an_answer_with_nothing_to_draw_has_no_image(ans, lang):
    assert render_chart(ans, lang=lang) is None
    assert build_figure(ans, lang=lang) is None


def test_zeros_are_something_to_draw():
    _, ax = figure(answer("visits", "rep", [("王磊", 0), ("陈静", 0)]))
    assert [p.get_width() for p in ax.patches] == [0, 0]


def test_ranking_keeps_rank_order_top_down_and_worst_first_when_asked():
    best = answer("won_amount", "customer", [("明德", 1200000.0), ("华信", 900000.0), ("远航", 50000.0)], limit=3)
    _, ax = figure(best)
    assert tick_texts(ax.get_yticklabels()) == ["明德", "华信", "远航"]
    assert [p.get_width() for p in ax.patches] == [1200000.0, 900000.0, 50000.0]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # first item drawn on top
    worst = answer("visits", "rep", [("刘洋", 1), ("陈静", 4), ("王磊", 9)], limit=3)
    _, ax = figure(worst)
    assert tick_texts(ax.get_yticklabels()) == ["刘洋", "陈静", "王磊"]


@pytest.mark.parametrize("group", ["team", "region", "rep"])
def test_a_ranking_of_all_keeps_its_order_in_any_grouping(group):
    worst_first = answer("won_amount", group, [("乙", 10.0), ("甲", 20.0), ("丙", 30.0)], ranked=True)
    assert chart_kind(worst_first) == "ranked"
    _, ax = figure(worst_first)
    assert tick_texts(ax.get_yticklabels()) == ["乙", "甲", "丙"]


def test_by_rep_without_a_ranking_is_largest_first_ties_by_name():
    _, ax = figure(answer("visits", "rep", [("陈静", 8), ("王磊", 15), ("赵敏", 8)]))
    assert tick_texts(ax.get_yticklabels()) == ["王磊", "赵敏", "陈静"]  # 赵 U+8D75 before 陈 U+9648


@pytest.mark.parametrize(("group", "points", "order"), [
    ("region", [("华中", 389000.0), ("华北", 3138000.0), ("华东", 2406000.0)], ["华北", "华东", "华中"]),
    ("source", [("展会", 2), ("官网", 9), ("转介绍", 5)], ["官网", "转介绍", "展会"]),
    ("tier", [("C", 30), ("A", 5), ("B", 12)], ["A", "B", "C"]),
])
def test_categories_are_sorted(group, points, order):
    _, ax = figure(answer("won_amount", group, points))
    assert tick_texts(ax.get_xticklabels()) == order


@pytest.mark.parametrize(("lang", "names"), [("zh", ["线索", "需求确认", "方案报价", "商务谈判"]),
                                             ("en", ["Lead", "Qualified", "Proposal", "Negotiation"])])
def test_stages_in_pipeline_order_with_their_names(lang, names):
    ans = answer("open_deals", "stage", [("negotiation", 3), ("lead", 9), ("proposal", 4), ("qualified", 6)])
    _, ax = figure(ans, lang)
    assert [t.lower() for t in tick_texts(ax.get_yticklabels())] == [n.lower() for n in names]
    assert [p.get_width() for p in ax.patches] == [9, 6, 4, 3]


def test_rates_show_how_many_deals_are_behind_them():
    ans = answer("win_rate", "team", [("华南组", 0.25), ("华东一组", 0.5)])
    _, ax = figure(ans, counts={"华东一组": 8, "华南组": 4})
    assert texts(ax) == ["50.0% (n=8)", "25.0% (n=4)"]
    week = answer("win_rate", "week", [("2026-11-09", 1.0), ("2026-11-16", None)])
    _, ax = figure(week, counts={"2026-11-09": 2, "2026-11-16": 0})
    assert texts(ax) == ["100.0%\n(n=2)", "无\n(n=0)"]


def test_without_counts_no_n_is_invented():
    _, ax = figure(answer("win_rate", "team", [("华南组", 0.25)]))
    assert not any("n=" in t for t in texts(ax))


def _dashed_at_one(ax, horizontal: bool) -> list:
    data = (lambda ln: ln.get_xdata()) if horizontal else (lambda ln: ln.get_ydata())
    return [ln for ln in ax.lines if list(data(ln)) == [1.0, 1.0] and ln.get_linestyle() == "--"]


@pytest.mark.parametrize(("group", "horizontal"), [("rep", True), ("team", False), ("month", False)])
def test_target_attainment_has_a_100_percent_line_in_view(group, horizontal):
    labels = {"rep": ["王磊", "陈静"], "team": ["华东一组", "华南组"], "month": ["2026-10", "2026-11"]}[group]
    ans = answer("target_attainment", group, list(zip(labels, [0.4, 0.7], strict=True)))
    _, ax = figure(ans)
    assert len(_dashed_at_one(ax, horizontal)) == 1
    low, high = sorted(ax.get_xlim() if horizontal else ax.get_ylim())
    assert low <= 1.0 < high  # the line is inside the plot even when nobody reached it
    assert any("100%" in t for t in texts(ax))


def test_other_rates_have_no_target_line():
    _, ax = figure(answer("win_rate", "team", [("华东一组", 0.4)]))
    assert not _dashed_at_one(ax, False)


def test_comparison_by_rep_pairs_each_rep_with_the_earlier_period():
    _, ax = figure(answer("visits", "rep", [("陈静", 8), ("王磊", 15)], compare=COMPARED_REPS))
    compared, asked = ax.containers
    assert tick_texts(ax.get_xticklabels()) == ["王磊", "陈静"]
    assert [b.get_height() for b in asked] == [15, 8]
    assert [b.get_height() for b in compared] == [10, 12]
    assert all(c.get_x() < a.get_x() for c, a in zip(compared, asked, strict=True))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["2026-10-01 – 2026-10-20", "2026-11-01 – 2026-11-20"]


def test_comparison_with_a_label_only_in_one_period_shows_it_with_zero():
    comp = {"period": {"start": "2026-10-01", "end": "2026-10-20"}, "value": None, "change": None,
            "series": [{"label": "刘洋", "value": 4}]}
    _, ax = figure(answer("visits", "rep", [("王磊", 15)], compare=comp))
    compared, asked = ax.containers
    assert tick_texts(ax.get_xticklabels()) == ["王磊", "刘洋"]
    assert [b.get_height() for b in asked] == [15, 0]
    assert [b.get_height() for b in compared] == [0, 4]


def test_ungrouped_comparison_is_two_bars_with_both_values():
    ans = answer("won_amount", None, None, value=1200000.0,
                 compare=Compared(period=OCT, value=800000.0, change=400000.0))
    _, ax = figure(ans)
    assert [b.get_height() for c in ax.containers for b in c] == [800000.0, 1200000.0]
    assert texts(ax) == ["¥80万", "¥120万"]


def test_weekly_comparison_pairs_weeks_by_position():
    comp = Compared(period=Period(start=date(2026, 10, 5), end=date(2026, 10, 18)),
                    series=[SeriesPoint(label="2026-10-05", value=7), SeriesPoint(label="2026-10-12", value=3)])
    ans = answer("visits", "week", [("2026-11-09", 5), ("2026-11-16", 6)], compare=comp)
    _, ax = figure(ans)
    compared, asked = ax.containers
    assert tick_texts(ax.get_xticklabels()) == ["11-09", "11-16"]
    assert [b.get_height() for b in compared] == [7, 3]


def test_many_reps_make_a_taller_chart():
    few = render_strict(answer("visits", "rep", [(f"销售{i}", i) for i in range(3)]))
    many = render_strict(answer("visits", "rep", [(f"销售{i}", i) for i in range(20)]))
    assert png_size(many)[1] > png_size(few)[1]


def test_count_ticks_are_whole_numbers():
    _, ax = figure(answer("visits", "team", [("华东一组", 3), ("华南组", 1)]))
    assert all(re.fullmatch(r"\d+", t) for t in tick_texts(ax.get_yticklabels()))


def test_the_strict_check_does_catch_a_missing_glyph():
    """The glyph test can fail: a character no shipped font has raises under the same check."""
    with pytest.raises(UserWarning, match="[Gg]lyph"):
        render_strict(answer("visits", "rep", [("\U0001F600\U00013000", 1)]))


def test_charts_are_independent_calls():
    a = answer("visits", "rep", [("王磊", 15), ("陈静", 8)])
    first = render_strict(a, "zh", "拜访量")
    render_strict(answer("win_rate", "week", [("2026-11-16", 0.5)]), "en", "Win rate")
    assert render_strict(a, "zh", "拜访量") == first
