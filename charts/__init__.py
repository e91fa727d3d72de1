"""Charts for answers: pure functions from a MetricAnswer to PNG bytes (see charts.render)."""

from charts.render import build_figure, chart_kind, render_chart

__all__ = ["build_figure", "chart_kind", "render_chart"]
