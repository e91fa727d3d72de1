"""The named parts of a digest: the deals won and lost on the day (with loss reasons), and money —
the day's collections, what is overdue (total and the customers owing most) and the
installments falling due in the week of the morning the digest is read.

Read through the same queries as `ask` (storage.lists for won/lost deals, storage.finance for
contracts and payments, storage.metrics for totals) so every number agrees with the answers.
Amounts are in the base currency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from domain.settings import OrgSettings
from domain.types import Filters, MetricQuery, Period
from intents.question_lists import ListRequest
from storage.finance import contracts_with_balance, installments_due, payments_received, to_base
from storage.lists import list_rows
from storage.metrics import compute

TOP_OVERDUE = 3  # customers named beside the overdue total


@dataclass(frozen=True)
class DigestScope:
    """Whose numbers (an admin's view narrowed to a team), for which day, read when."""

    engine: Engine
    org: OrgSettings
    viewer: str
    team: str | None
    day: date
    end_of_day: datetime  # the clock of the day's own figures
    morning_after: datetime  # the clock of "as of now" figures: the morning the digest is read

    @property
    def filters(self) -> Filters:
        return Filters(team=self.team)


def closed_deals(scope: DigestScope, which: str) -> list[dict]:
    """Deals won (or lost) on the day: id, customer, owner, amount (and reason for a loss)."""
    req = ListRequest(list="deals", which=which, period=Period(start=scope.day, end=scope.day),
                      filters=scope.filters, reasons=which == "lost")
    rows = list_rows(scope.engine, req, scope.viewer, scope.end_of_day, scope.org).rows
    keep = ("id", "customer", "owner", "amount") + (("reason",) if which == "lost" else ())
    return [{k: r.get(k) for k in keep} for r in rows]


def _base(cents: int, currency: str, org: OrgSettings) -> float:
    return float(to_base(cents, currency, org))


def _metric(scope: DigestScope, metric: str, period: Period | None, now: datetime,
            group_by: str | None = None):
    q = MetricQuery(metric=metric, period=period, group_by=group_by, filters=scope.filters)
    return compute(scope.engine, q, scope.viewer, now, scope.org)


def week_ahead(reading: date) -> Period:
    """From the morning the digest is read to the Sunday of that week."""
    return Period(start=reading, end=reading + timedelta(days=6 - reading.weekday()))


def money_figures(scope: DigestScope) -> dict:
    """Collections on the day, overdue receivables with the top customers, installments due this week."""
    org, day = scope.org, scope.day
    reading = scope.morning_after.date()
    week = week_ahead(reading)
    with scope.engine.connect() as conn:
        paid = payments_received(conn, day, day, None, filters=scope.filters)
        owing = contracts_with_balance(conn, reading, None, filters=scope.filters, overdue_only=True, org=org)
        due = installments_due(conn, week.start, week.end, None, as_of=reading, unpaid_only=True,
                               filters=scope.filters)
    by_customer: dict[str, float] = defaultdict(float)
    for c in owing:
        by_customer[c.customer_name] += _base(c.overdue_cents, c.currency, org)
    top = sorted(by_customer.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_OVERDUE]
    the_day = Period(start=day, end=day)
    figures = {
        "collected_amount": round(_metric(scope, "collected_amount", the_day, scope.end_of_day).value or 0.0, 2),
        "payments": [{"id": p.id, "customer": p.customer_name, "amount": _base(p.amount_cents, p.currency, org)}
                     for p in paid],
        "overdue_receivables": round(_metric(scope, "overdue_receivables", None, scope.morning_after).value or 0.0, 2),
        "overdue_customers": [{"customer": name, "amount": round(amount, 2)} for name, amount in top],
        "installments_due": {
            "start": week.start.isoformat(), "end": week.end.isoformat(),
            "count": len(due), "amount": round(sum(_base(i.unpaid_cents, i.currency, org) for i in due), 2),
            "items": [{"customer": i.customer_name, "due_on": i.due_on.isoformat(),
                       "amount": _base(i.unpaid_cents, i.currency, org)} for i in due],
        },
    }
    if scope.team is None:  # the whole org: each team's share
        for metric, period, now in (("collected_amount", the_day, scope.end_of_day),
                                    ("overdue_receivables", None, scope.morning_after)):
            series = _metric(scope, metric, period, now, "team").series or []
            figures[f"{metric}_by_team"] = {p.label: round(p.value or 0.0, 2) for p in series}
    return figures
