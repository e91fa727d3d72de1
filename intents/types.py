"""Typed results shared by the rule-based engine, the LLM engine, the metrics layer and the bot.

Shapes follow CONTRACT.md (`salesbot parse` / `salesbot ask`) and METRICS.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Intent = Literal["log", "query", "command", "unknown"]
Stage = Literal["lead", "qualified", "proposal", "negotiation", "won", "lost"]
Kind = Literal["visit", "call", "meeting", "demo", "message"]
MetricKey = Literal[
    "activities", "visits", "new_leads", "new_deals", "won_deals", "lost_deals", "won_amount",
    "win_rate", "avg_deal_size", "sales_cycle_days", "pipeline_amount", "weighted_pipeline",
    "open_deals", "target_attainment", "inactive_reps", "overdue_followups",
]
GroupKey = Literal["rep", "team", "stage", "tier", "region", "industry", "source", "kind", "day", "week", "month"]

STAGES: tuple[str, ...] = ("lead", "qualified", "proposal", "negotiation", "won", "lost")
KINDS: tuple[str, ...] = ("visit", "call", "meeting", "demo", "message")
STAGE_PROBABILITY: dict[str, float] = {
    "lead": 0.10, "qualified": 0.30, "proposal": 0.50, "negotiation": 0.75, "won": 1.0, "lost": 0.0,
}
PIPELINE_METRICS = frozenset({"pipeline_amount", "weighted_pipeline", "open_deals"})
RATIO_METRICS = frozenset({"win_rate", "avg_deal_size", "sales_cycle_days", "target_attainment"})
MONEY_METRICS = frozenset({"won_amount", "avg_deal_size", "pipeline_amount", "weighted_pipeline"})


# ---------- capture: `salesbot parse` ----------

class Visit(BaseModel):
    """An activity found in a message."""

    customer: str | None = None
    customer_id: str | None = None
    candidates: list[str] | None = None
    contact: str | None = None
    contact_id: str | None = None
    kind: Kind = "visit"
    date: dt.date | None = None
    summary: str = ""
    next_step: str | None = None
    followup_date: dt.date | None = None


class DealUpdate(BaseModel):
    """A deal update found in a message: any of stage, amount, close date, won or lost."""

    customer: str | None = None
    customer_id: str | None = None
    candidates: list[str] | None = None
    stage: Stage | None = None
    amount: float | None = None
    currency: str | None = None
    close_date: dt.date | None = None
    lost_reason: str | None = None


class Command(BaseModel):
    """A command message: help, undo, cancel, claim, edit, my follow-ups."""

    name: Literal["help", "undo", "cancel", "claim", "edit", "followups", "start"]
    argument: str | None = None


class ParseResult(BaseModel):
    """What a message means (CONTRACT.md `salesbot parse`)."""

    intent: Intent
    visit: Visit | None = None
    deal: DealUpdate | None = None
    command: Command | None = Field(default=None, exclude=True)
    engine: str = Field(default="rules", exclude=True)

    def contract_json(self) -> dict:
        """The CONTRACT.md JSON object (dates as YYYY-MM-DD; internal fields left out)."""
        return self.model_dump(mode="json", exclude={"command", "engine"})


# ---------- questions: `salesbot ask` ----------

class Period(BaseModel):
    """A closed range of calendar dates in the org time zone."""

    start: dt.date
    end: dt.date


class Filters(BaseModel):
    """Narrowing of a question; values are stored values (user ids for rep)."""

    rep: str | None = None
    team: str | None = None
    tier: str | None = None
    region: str | None = None
    industry: str | None = None
    source: str | None = None
    kind: Kind | None = None


class MetricQuery(BaseModel):
    """A question mapped to METRICS.md: metric over a resolved period, grouped and filtered."""

    metric: MetricKey
    period: Period | None = None
    group_by: GroupKey | None = None
    filters: Filters = Field(default_factory=Filters)


class SeriesPoint(BaseModel):
    label: str
    value: float | None


class MetricAnswer(BaseModel):
    """The numbers of one metric query; text and charts are made from it."""

    query: MetricQuery
    value: float | None = None
    series: list[SeriesPoint] | None = None
