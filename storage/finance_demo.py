"""The demo team's contracts, payment plans and payments (one contract per won deal, signed on
its won date) and its planned activities; written to the bundle by storage.demo_data."""

from __future__ import annotations

import random
from dataclasses import dataclass

from storage import demo_names as V
from storage.demo_org import DAY, Clock, Customers, Org, office_minute

PAID_ON_TIME = 0.75  # share of installments already due that were paid (most around their due day)
PAID_EARLY = 0.12  # share of installments not yet due that were paid ahead
PARTLY = 0.1  # share of payments that cover half of their installment


@dataclass(frozen=True)
class WonDeal:
    """A won deal, as its contract needs it: `won_day` is a day ordinal in the org zone."""

    deal_id: str
    customer_id: str
    owner: str
    title: str
    amount: int  # units of `currency`
    currency: str
    won_day: int


def _split(amount: int, shares: tuple[tuple[float, int], ...], step: int) -> list[int]:
    """The plan's amounts, rounded to `step`, the last taking the remainder (they add up exactly)."""
    parts = [int(amount * share) // step * step for share, _days in shares[:-1]]
    return [*parts, amount - sum(parts)]


def write_contracts(wk, wi, wp, rng: random.Random, won: list[WonDeal], end_key: int, clock: Clock) -> None:
    """contracts.csv, installments.csv and payments.csv rows: nothing received after today."""
    today = end_key // DAY
    width = max(4, len(str(len(won))))
    n_payment = 0
    for n, deal in enumerate(sorted(won, key=lambda d: (d.won_day, d.deal_id)), start=1):
        cid = f"HT{n:0{width}d}"
        wk.writerow((cid, deal.customer_id, deal.deal_id, deal.owner, deal.title, deal.amount, deal.currency,
                     clock.date(deal.won_day)))
        shares = V.PAYMENT_PLANS[int(rng.random() * len(V.PAYMENT_PLANS))]
        step = 100 if deal.currency == "USD" else 1000
        parts = _split(deal.amount, shares, step if deal.amount >= 10 * step else 1)
        for (_share, days), part in zip(shares, parts, strict=True):
            due = deal.won_day + days
            wi.writerow((cid, clock.date(due), part))
            if due <= today:
                if rng.random() >= PAID_ON_TIME:
                    continue  # overdue
                day = min(today, max(deal.won_day, due - 7 + int(rng.random() * 18)))
            elif rng.random() < PAID_EARLY and today > deal.won_day:
                day = deal.won_day + 1 + int(rng.random() * (today - deal.won_day))
            else:
                continue
            paid = part // 2 if rng.random() < PARTLY else part
            n_payment += 1
            wp.writerow((f"HK{n_payment:06d}", cid, clock.date(day), paid, deal.owner))


def write_plans(w, rng: random.Random, org: Org, cs: Customers, end_key: int, clock: Clock, count: int) -> None:
    """`count` planned activities of the reps on their own customers: most in the coming two weeks,
    a few on the last days (plans not reported done yet)."""
    today = end_key // DAY
    own: list[list[int]] = [[] for _ in org.reps]
    for i, owner in enumerate(cs.owner):
        if owner >= 0 and cs.key[i] <= end_key:
            own[owner].append(i)
    reps = [r for r in range(len(org.reps)) if own[r]]
    if not reps:
        return
    kinds = tuple(V.PLAN_SUMMARIES)
    width = max(5, len(str(count)))
    for n in range(1, count + 1):
        r = reps[int(rng.random() * len(reps))]
        c = own[r][int(rng.random() * len(own[r]))]
        day = today - 1 - int(rng.random() * 4) if rng.random() < 0.2 else today + 1 + int(rng.random() * 14)
        day += {5: 2, 6: 1}.get((day + 6) % 7, 0)  # ordinal 1 is a Monday: weekends move to Monday
        kind = kinds[int(rng.random() * len(kinds))]
        summary = V.PLAN_SUMMARIES[kind][int(rng.random() * len(V.PLAN_SUMMARIES[kind]))]
        w.writerow((f"AP{n:0{width}d}", org.reps[r], cs.ids[c], "", kind,
                    clock.stamp(day * DAY + office_minute(rng.random)), summary, "", "", "planned"))
