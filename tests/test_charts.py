"""Charts: PNG bytes of a phone-readable size, the shape chosen by the data, and every
Chinese glyph present (a missing-glyph warning fails the test)."""

from __future__ import annotations

import struct
import warnings
from datetime import date

import pytest

from bot.answer_text import format_value
from charts import chart_kind, render_chart
from domain.types import Filters, MetricAnswer, MetricQuery, Period, SeriesPoint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOV = Period(start=date(2026, 11, 1), end=date(2026, 11, 20))


def answer(metric: str, group: str | None, points: list[tuple[str, float | None]] | None,
           value: float | None = None) -> MetricAnswer:
    q = MetricQuery(metric=metric, period=NOV, group_by=group, filters=Filters())
    series = None if points is None else [SeriesPoint(label=lb, value=v) for lb, v in points]
    return MetricAnswer(query=q, value=value, series=series)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    return struct.unpack(">II", png[16:24])


def render_strict(ans: MetricAnswer, lang: str = "zh", title: str = "") -> bytes:
    """Render with every warning (missing glyphs included) raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_chart(ans, lang=lang, title=title,
                           value_format=lambda v: format_value(ans.query.metric, v, lang, "CNY", short=True))
    assert png is not None
    return png


SHAPES = [
    (answer("visits", "rep", [("王磊", 15), ("陈静", 8), ("歐陽明", 8), ("赵敏", 14)]), "ranked"),
    (answer("inactive_reps", None, [("刘洋", 7), ("林晓燕", None)]), "ranked"),
    (answer("pipeline_amount", "stage", [("lead", 4067000.0), ("negotiation", 3828000.0),
                                         ("proposal", 2858000.0), ("qualified", 5334000.0)]), "funnel"),
    (answer("won_amount", "region", [("华东", 2406000.0), ("华中", 389000.0), ("華北", 3138000.0)]), "bars"),
    (answer("activities", "kind", [("call", 32), ("demo", 6), ("meeting", 12), ("message", 31), ("visit", 61)]), "bars"),
    (answer("new_leads", "source", [(s, i) for i, s in enumerate(["公众号", "官网", "展会", "电话营销", "老客户", "转介绍", "其他渠道"])]), "bars"),
    (answer("win_rate", "week", [("2026-09-28", None), ("2026-10-05", 1.0), ("2026-10-12", 0.3333), ("2026-11-16", 0.0)]), "line"),
    (answer("won_amount", "month", [("2026-06", 1436000.0), ("2026-07", 2943320.0), ("2026-11", 373000.0)]), "line"),
    (answer("activities", "day", [(f"2026-11-{d:02d}", d % 5) for d in range(1, 21)]), "line"),
]


@pytest.mark.parametrize(("ans", "kind"), SHAPES, ids=[f"{a.query.metric}-{k}" for a, k in SHAPES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_shape_renders_a_phone_sized_png_with_every_glyph(ans, kind, lang):
    assert chart_kind(ans) == kind
    png = render_strict(ans, lang, title="本月各销售拜访量 · 業績" if lang == "zh" else "Visits by rep, this month")
    width, height = png_size(png)
    assert width == 1080
    assert 500 <= height <= 2400
    assert len(png) > 10_000  # a real picture, not an empty canvas


def test_single_value_has_no_chart():
    ans = answer("won_amount", None, None, value=373000.0)
    assert chart_kind(ans) is None
    assert render_chart(ans, lang="zh") is None


def test_empty_series_still_renders_a_note():
    png = render_strict(answer("inactive_reps", None, []), "zh", "最近3天没有跟进的销售")
    assert png_size(png)[0] == 1080


def test_many_reps_make_a_taller_chart():
    few = render_strict(answer("visits", "rep", [(f"销售{i}", i) for i in range(3)]))
    many = render_strict(answer("visits", "rep", [(f"销售{i}", i) for i in range(20)]))
    assert png_size(many)[1] > png_size(few)[1]


def test_the_strict_check_does_catch_a_missing_glyph():
    """The glyph test can fail: a character no shipped font has raises under the same check."""
    with pytest.raises(UserWarning, match="[Gg]lyph"):
        render_strict(answer("visits", "rep", [("\U0001F600\U00013000", 1)]))


def test_charts_are_independent_calls():
    a = answer("visits", "rep", [("王磊", 15), ("陈静", 8)])
    first = render_strict(a, "zh", "拜访量")
    render_strict(answer("win_rate", "week", [("2026-11-16", 0.5)]), "en", "Win rate")
    assert render_strict(a, "zh", "拜访量") == first


@pytest.mark.parametrize("group", ["week", "rep", "stage", "region"])
def test_series_of_nothing_but_none_or_zero_still_render(group):
    labels = {"week": ["2026-11-02", "2026-11-09"], "rep": ["王磊", "陈静"], "stage": ["lead", "won"],
              "region": ["华东", "华南"]}[group]
    for value in (None, 0.0):
        png = render_strict(answer("win_rate", group, [(lb, value) for lb in labels]))
        assert png_size(png)[0] == 1080
