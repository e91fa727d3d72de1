"""The state of one reading of a message: its records, rule trace and notes, and the helpers every
record rule shares (customer fields, amount sanity)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from intents.directory import CustomerMatch, Directory

MAX_AMOUNT = 1e11
RECORD_MARK = "=> "  # a trace step that closes the rules of one record


@dataclass
class Reading:
    records: list = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Context:
    speaker_id: str | None
    today: date
    directory: Directory
    currency: str
    reading: Reading
    date_order: str = "mdy"
    several: bool = False  # the message names several customers
    contact_said: bool = False  # the segment gave a person's details
    paid_on_signing: list[str] = field(default_factory=list)  # terms clauses that say the money came
    carry_plan: date | None = None  # the day of the plan said just before (明天上午拜访A，下午拜访B)
    clock: time | None = None  # the local time the message was sent at, when known
    bare_times: bool = True  # a time of day with no day said before it is today's (no other day came before)
    plan_head: bool = False  # the message opens with a plan heading (Monday plan: / 本周计划：): every item a plan

    def rule(self, name: str) -> None:
        self.reading.trace.append(name)

    def add(self, rec) -> None:
        """Keep a record; the trace marks it, so `--explain` shows the rules that made each record."""
        self.reading.records.append(rec)
        self.reading.trace.append(f"{RECORD_MARK}{rec.type}")

    def note(self, name: str) -> None:
        if name not in self.reading.notes:
            self.reading.notes.append(name)


def sane_amount(amount: float | None, ctx: Context, rec) -> float | None:
    """An amount below zero or beyond any plausible deal is never recorded: the bot asks."""
    if amount is None:
        return None
    if amount < 0 or amount > MAX_AMOUNT:
        rec.amount_rejected = amount
        ctx.note("amount_rejected")
        ctx.rule("amount.implausible")
        return None
    return amount


def customer_fields(m: CustomerMatch | None) -> dict:
    if m is None:
        return {"customer": None, "customer_id": None, "candidates": None}
    return {"customer": m.name or m.said, "customer_id": m.customer_id, "candidates": m.candidates or None,
            "out_of_view": m.out_of_view}


