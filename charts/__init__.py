"""Charts for answers: pure functions from a MetricAnswer to PNG bytes (see charts.render)."""

from charts.render import chart_kind, render_chart

__all__ = ["chart_kind", "render_chart"]
