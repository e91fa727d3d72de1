"""Typed results shared by the rule-based engine, the LLM engine, the metrics layer and the bot.

Shapes follow CONTRACT.md (`salesbot parse` / `salesbot ask`) and METRICS.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

Intent = Literal["log", "query", "command", "unknown"]
Stage = Literal["lead", "qualified", "proposal", "negotiation", "won", "lost"]
Kind = Literal["visit", "call", "meeting", "demo", "message"]
ActivityStatus = Literal["done", "planned"]
MetricKey = Literal[
    "activities", "visits", "new_leads", "new_deals", "won_deals", "lost_deals", "won_amount",
    "win_rate", "avg_deal_size", "sales_cycle_days", "pipeline_amount", "weighted_pipeline",
    "open_deals", "target_attainment", "inactive_reps", "overdue_followups", "stale_customers",
    "contract_amount", "collected_amount", "receivables", "overdue_receivables", "collection_rate",
]
GroupKey = Literal["rep", "team", "customer", "stage", "tier", "region", "industry", "source", "kind", "day", "week", "month"]

STAGES: tuple[str, ...] = ("lead", "qualified", "proposal", "negotiation", "won", "lost")
KINDS: tuple[str, ...] = ("visit", "call", "meeting", "demo", "message")
STAGE_PROBABILITY: dict[str, float] = {
    "lead": 0.10, "qualified": 0.30, "proposal": 0.50, "negotiation": 0.75, "won": 1.0, "lost": 0.0,
}
PIPELINE_METRICS = frozenset({"pipeline_amount", "weighted_pipeline", "open_deals"})
RATIO_METRICS = frozenset({"win_rate", "avg_deal_size", "sales_cycle_days", "target_attainment"})
MONEY_METRICS = frozenset({"won_amount", "avg_deal_size", "pipeline_amount", "weighted_pipeline",
                           "contract_amount", "collected_amount", "receivables", "overdue_receivables"})
AS_OF_NOW_METRICS = frozenset({"overdue_followups", "stale_customers", "overdue_receivables"})


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
    out_of_view: bool = Field(default=False, exclude=True)  # named only a customer the speaker may not see


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
    out_of_view: bool = Field(default=False, exclude=True)
    amount_rejected: float | None = Field(default=None, exclude=True)  # said but implausible: ask


class ActivityRecord(Visit):
    """`records` element: an activity done (counted) or planned (reminded, counted once done)."""

    type: Literal["activity"] = "activity"
    status: ActivityStatus = "done"


class DealRecord(DealUpdate):
    """`records` element: an update of one deal (`deal_id`, or `deal_candidates` to ask), or a new deal."""

    type: Literal["deal"] = "deal"
    deal_id: str | None = None
    deal_candidates: list[str] | None = None
    new: bool = False
    title: str | None = None


class Installment(BaseModel):
    """One step of a contract's payment plan."""

    due_on: dt.date | None = None
    amount: float | None = None


class ContractRecord(BaseModel):
    """`records` element: a contract signed, with its payment plan when the message gives one."""

    type: Literal["contract"] = "contract"
    customer: str | None = None
    customer_id: str | None = None
    candidates: list[str] | None = None
    deal_id: str | None = None
    amount: float | None = None
    currency: str | None = None
    signed_on: dt.date | None = None
    installments: list[Installment] = Field(default_factory=list)
    out_of_view: bool = Field(default=False, exclude=True)
    amount_rejected: float | None = Field(default=None, exclude=True)


class PaymentRecord(BaseModel):
    """`records` element: money received on a contract (`contract_id` null with several owed: ask)."""

    type: Literal["payment"] = "payment"
    customer: str | None = None
    customer_id: str | None = None
    candidates: list[str] | None = None
    contract_id: str | None = None
    contract_candidates: list[str] | None = Field(default=None, exclude=True)
    amount: float | None = None
    currency: str | None = None
    received_on: dt.date | None = None
    out_of_view: bool = Field(default=False, exclude=True)
    amount_rejected: float | None = Field(default=None, exclude=True)


class ContactRecord(BaseModel):
    """`records` element: a person's details said or corrected."""

    type: Literal["contact"] = "contact"
    customer: str | None = None
    customer_id: str | None = None
    candidates: list[str] | None = None
    contact_id: str | None = None
    name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    out_of_view: bool = Field(default=False, exclude=True)


Record = Annotated[ActivityRecord | DealRecord | ContractRecord | PaymentRecord | ContactRecord,
                   Field(discriminator="type")]
RECORD_TYPES: tuple[str, ...] = ("activity", "deal", "contract", "payment", "contact")


class Command(BaseModel):
    """A command message: help, undo, cancel, claim, release, edit, my follow-ups."""

    name: Literal["help", "undo", "cancel", "claim", "release", "edit", "followups", "start", "recent"]
    argument: str | None = None


class ParseResult(BaseModel):
    """What a message means (CONTRACT.md `salesbot parse`).

    `records` is the whole reading; `visit` (the first done activity) and `deal` (the first deal
    record) are kept for scripts written before `records`. An engine may fill either side: a
    result built from `visit`/`deal` alone gets the matching `records`, and one built from
    `records` gets its `visit`/`deal`. `trace` names the rules that fired (`parse --explain`).
    """

    intent: Intent
    visit: Visit | None = None
    deal: DealUpdate | None = None
    records: list[Record] = Field(default_factory=list)
    command: Command | None = Field(default=None, exclude=True)
    engine: str = Field(default="rules", exclude=True)
    trace: list[str] = Field(default_factory=list, exclude=True)
    # what the bot should say besides the records: "lost_not_open", "invoice", "out_of_view", "amount_rejected"
    notes: list[str] = Field(default_factory=list, exclude=True)

    @model_validator(mode="after")
    def _both_views(self) -> ParseResult:
        if self.records:
            if self.visit is None:
                done = next((r for r in self.records if r.type == "activity" and r.status == "done"), None)
                if done is not None:
                    self.visit = Visit.model_validate(done.model_dump(exclude={"type", "status"}))
            if self.deal is None:
                first = next((r for r in self.records if r.type == "deal"), None)
                if first is not None:
                    self.deal = first
        elif self.visit is not None or self.deal is not None:
            recs: list = []
            if self.visit is not None:
                recs.append(ActivityRecord.model_validate(self.visit.model_dump()))
            if self.deal is not None:
                recs.append(self.deal if isinstance(self.deal, DealRecord)
                            else DealRecord.model_validate(self.deal.model_dump()))
            self.records = recs
        return self

    def contract_json(self) -> dict:
        """The CONTRACT.md JSON object (dates as YYYY-MM-DD; internal fields left out)."""
        out = self.model_dump(mode="json", exclude={"command", "engine", "trace", "visit", "deal"})
        out["visit"] = self.visit.model_dump(mode="json", include=set(Visit.model_fields)) if self.visit else None
        out["deal"] = (self.deal.model_dump(mode="json", exclude={"type"}) if self.deal else None)
        return {"intent": out.pop("intent"), "visit": out.pop("visit"), "deal": out.pop("deal"), **out}


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
