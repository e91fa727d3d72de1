"""A generated demo team as a CONTRACT.md CSV bundle: users, customers (some in the public pool),
contacts, deals with stage histories, months of activities (and some planned ones), monthly
targets, and a contract with its payment plan and payments for every won deal.

Deterministic for a given seed and `today`; rows are streamed to csv writers, so a bundle of a
million activities takes seconds and little memory. `generate_bundle` is the entry point."""

from __future__ import annotations

import csv
import math
import random
from bisect import bisect_right
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path

from storage import demo_names as V
from storage.bundle_rows import FILES
from storage.demo_org import (
    DAY,
    HISTORY_DAYS,
    KIND_TABLE,
    Clock,
    Customers,
    Org,
    office_minute,
    write_customers,
    write_users,
)
from storage.finance_demo import WonDeal, write_contracts, write_plans

HEADERS = FILES  # the CONTRACT.md bundle columns, shared with the importer
OPEN_STAGES = ("lead", "qualified", "proposal", "negotiation")
USD_RATE = 7.2  # only to size targets against won amounts
_TARGET_BASIS_DAYS = 91
_TIER_RANGE = {"A": (200_000, 2_000_000), "B": (100_000, 900_000), "C": (20_000, 300_000)}


def generate_bundle(folder: Path, *, seed: int = 7, today: date, scale: int = 1,
                    activities: int | None = None, tz: str = "Asia/Shanghai",
                    now: datetime | None = None) -> dict[str, int]:
    """Write a demo bundle (every CONTRACT.md file) into `folder`; return rows per file stem.

    `scale` multiplies the organisation (customers ×scale, reps ×√scale); `activities` sets the
    exact number of done activities (default 1,700 × scale), spread over the six months up to
    `today`, followed by about one planned activity in sixty (most in the next two weeks). Each won
    deal has its contract, payment plan and the payments received so far. Nothing that happened
    is dated after the end of `today`, or after `now` when given (a time on `today`)."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    n_activities = 1_700 * scale if activities is None else activities
    if n_activities < 0:
        raise ValueError("activities must not be negative")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    clock = Clock(tz)
    today_ord = today.toordinal()
    end_key = today_ord * DAY + DAY - 1
    if now is not None:
        local = now.astimezone(clock.zone)
        if local.date() != today:
            raise ValueError(f"now {now.isoformat()} is not on {today}")
        end_key = today_ord * DAY + local.hour * 60 + local.minute
    with ExitStack() as stack:
        writers, counters = {}, {}
        for name, header in HEADERS.items():
            f = stack.enter_context(open(folder / name, "w", encoding="utf-8", newline=""))
            counters[name] = _Counter(f)
            writers[name] = csv.writer(counters[name], lineterminator="\n")
            writers[name].writerow(header)
        org = write_users(writers["users.csv"], random.Random(f"{seed}:users"), scale)
        cs = write_customers(writers["customers.csv"], writers["contacts.csv"], random.Random(f"{seed}:customers"),
                             org, 120 * scale, end_key, clock)
        signed: list[WonDeal] = []
        won = _write_deals(writers["deals.csv"], writers["deal_events.csv"], random.Random(f"{seed}:deals"),
                           org, cs, end_key, clock, signed, random.Random(f"{seed}:reasons"))
        _write_activities(writers["activities.csv"], random.Random(f"{seed}:activities"), org, cs,
                          n_activities, end_key, clock)
        write_plans(writers["activities.csv"], random.Random(f"{seed}:plans"), org, cs, end_key, clock,
                    plans_for(n_activities))
        _write_targets(writers["targets.csv"], random.Random(f"{seed}:targets"), org, won, today)
        write_contracts(writers["contracts.csv"], writers["installments.csv"], writers["payments.csv"],
                        random.Random(f"{seed}:contracts"), signed, end_key, clock)
    return {name.removesuffix(".csv"): c.lines - 1 for name, c in counters.items()}


class _Counter:
    """A file wrapper counting the rows csv.writer writes (one write per row)."""

    def __init__(self, f) -> None:
        self.f, self.lines = f, 0

    def write(self, s: str) -> int:
        self.lines += 1
        return self.f.write(s)


def _amount(rng: random.Random, tier: str) -> int:
    lo, hi = _TIER_RANGE[tier]
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))) // 1000 * 1000)


def _rescale(amount: int, factor: float, usd: bool) -> int:
    step = 100 if usd else 1000
    return max(step, int(amount * factor) // step * step)


def plans_for(activities: int) -> int:
    """How many planned activities go with `activities` done ones (about one in sixty)."""
    return activities // 60 if activities else 0


def _write_deals(wd, we, rng: random.Random, org: Org, cs: Customers, end_key: int, clock: Clock,
                 signed: list[WonDeal], reasons: random.Random) -> list[float]:
    """Deals of owned customers and their stage histories up to `end_key` (a lost event with its
    reason); returns each rep's won amount (CNY) in the last three months, to size targets, and
    adds each won deal to `signed` (its contract)."""
    today = end_key // DAY
    won = [0.0] * len(org.reps)
    width = max(4, len(str(int(len(cs.ids) * 1.3))))
    n = 0
    for i, cid in enumerate(cs.ids):
        owner = cs.owner[i]
        if owner < 0:
            continue
        lo_day = max(cs.key[i] // DAY, today - 300)
        expected = 0.4 + 1.4 * (today - lo_day) / 300  # customers known longer have had more deals
        for _ in range(int(expected * rng.uniform(0.3, 1.7) + rng.random())):
            day = lo_day + int(rng.random() * (today - lo_day + 1))
            key = max(day * DAY + office_minute(rng.random), cs.key[i] + 60)
            if key > end_key:
                continue
            r = rng.random()
            opening = 0 if r < 0.65 else 1 if r < 0.9 else 2
            fate = rng.random()
            if fate < 0.4:
                path = list(OPEN_STAGES[opening:]) + ["won"]
            elif fate < 0.72:
                path = list(OPEN_STAGES[opening:opening + 1 + int(rng.random() * (4 - opening))]) + ["lost"]
            else:
                path = list(OPEN_STAGES[opening:opening + 1 + int(rng.random() * (4 - opening))])
            usd = cs.english[i] and rng.random() < 0.75
            amount = _amount(rng, cs.tier[i])
            if usd:
                amount = max(100, int(amount / USD_RATE) // 100 * 100)
            n += 1
            did = f"D{n:0{width}d}"
            rep = org.reps[owner]
            events: list[tuple[str, int, str, str]] = []  # (stage, key, amount, by)
            t = key
            for s, stage in enumerate(path):
                set_amount = ""
                if s == 0:
                    set_amount = str(amount)
                else:
                    t = (t // DAY + 3 + int(rng.random() * (24 if stage != "lost" else 30))) * DAY \
                        + office_minute(rng.random)
                    if t > end_key:
                        break
                    change = {"proposal": 0.4, "negotiation": 0.3, "won": 0.25}.get(stage, 0.0)
                    if rng.random() < change:
                        factor = rng.uniform(0.9, 0.98) if stage == "won" else rng.uniform(0.8, 1.3)
                        new = _rescale(amount, factor, usd)
                        if new != amount:
                            amount, set_amount = new, str(new)
                by = org.rep_manager[owner] if stage in ("won", "lost") and rng.random() < 0.15 else rep
                events.append((stage, t, set_amount, by))
            final, last_key = events[-1][0], events[-1][1]
            if final in ("won", "lost"):
                close = max(key // DAY, last_key // DAY + int((rng.random() - 0.6) * 30))
                if final == "won" and last_key // DAY > today - _TARGET_BASIS_DAYS:
                    won[owner] += amount * (USD_RATE if usd else 1)
            else:
                close = key // DAY + 30 + int(rng.random() * 120)
                if close < today and rng.random() < 0.85:  # most slipped deals get a new date
                    close = today + 5 + int(rng.random() * 100)
            title = cs.short[i] + rng.choice(V.DEAL_SUFFIXES)
            wd.writerow((did, cid, title, rep, amount, "USD" if usd else "CNY", clock.date(close), clock.stamp(key)))
            for stage, at, set_amount, by in events:
                reason = V.LOST_REASONS[int(reasons.random() * len(V.LOST_REASONS))] if stage == "lost" else ""
                we.writerow((did, clock.stamp(at), stage, set_amount, by, reason))
            if final == "won":
                signed.append(WonDeal(did, cid, rep, title, amount, "USD" if usd else "CNY", last_key // DAY))
    return won


def _write_activities(w, rng: random.Random, org: Org, cs: Customers, total: int, end_key: int,
                      clock: Clock) -> None:
    """Exactly `total` activities over the history window up to `end_key`, in time order (ids
    follow time); today's share shrinks with the part of the working day that has passed."""
    if total == 0:
        return
    today, now_minute = divmod(end_key, DAY)
    rnd = rng.random
    n_reps = len(org.reps)
    start = today - HISTORY_DAYS
    # each rep's customers and the public pool, sorted by creation, for "created before" lookups
    pools: list[list[tuple[int, int]]] = [[] for _ in range(n_reps + 1)]
    for i, owner in enumerate(cs.owner):
        pools[owner].append((cs.key[i], i))  # owner -1 lands in the last pool: the public pool
    pool_keys = [[k for k, _ in sorted(p)] for p in pools]
    pool_idx = [[i for _, i in sorted(p)] for p in pools]
    everyone = sorted(range(len(cs.ids)), key=cs.key.__getitem__)
    everyone_keys = [cs.key[i] for i in everyone]
    # weight of each (day, rep) slot: weekdays, each rep's own pace, day-to-day noise
    pace = [0.6 + rng.random() * 0.8 for _ in range(n_reps)]
    day_weight = []
    for d in range(start, today + 1):
        wd = date.fromordinal(d).weekday()
        day_weight.append((1.0 if wd < 5 else 0.1 if wd == 5 else 0.04)
                          * (min(1.0, max(0.0, (now_minute - 480) / 720)) if d == today else 1.0))
    weights = [[dw * p * (0.5 + rnd()) for p in pace] for dw in day_weight]
    for dw in weights[-5:]:  # the last rep has been away this week: "who hasn't logged?" has an answer
        dw[-1] = 0.0
    scale = total / sum(map(sum, weights))
    counts, acc, emitted = [], 0.0, 0
    for dw in weights:  # cumulative rounding: the counts add up to `total` exactly
        row = []
        for x in dw:
            acc += x * scale
            row.append(round(acc) - emitted)
            emitted += row[-1]
        counts.append(row)
    busiest = max(range(len(weights)), key=lambda i: max(weights[i]))
    counts[busiest][weights[busiest].index(max(weights[busiest]))] += total - emitted
    summaries = {k: [(s, "{c}" in s) for s in v] for k, v in V.SUMMARIES.items()}
    n_kind, n_steps = len(KIND_TABLE), len(V.NEXT_STEPS)
    width = max(6, len(str(total)))
    hm = clock._hm
    serial = 0
    for di, d in enumerate(range(start, today + 1)):
        iso, off = clock.day(d)
        weekend = date.fromordinal(d).weekday() >= 5
        slots: list[tuple[int, int]] = []
        for r, k in enumerate(counts[di]):
            for _ in range(k):
                minute = 600 + int(rnd() * 420) if weekend else office_minute(rnd)
                if d == today and minute > now_minute:
                    minute = min(now_minute, 480 + int(rnd() * (now_minute - 479))) if now_minute > 480 \
                        else int(rnd() * (now_minute + 1))
                slots.append((minute, r))
        slots.sort()
        for minute, r in slots:
            key = d * DAY + minute
            own = pool_keys[r]
            if rnd() < 0.1 or not own or own[0] > key:
                keys, idx = pool_keys[n_reps], pool_idx[n_reps]
            else:
                keys, idx = own, pool_idx[r]
            m = bisect_right(keys, key)
            if m == 0:
                keys, idx = everyone_keys, everyone
                m = bisect_right(keys, key) or 1
            c = idx[int(rnd() * m)]
            contact, label = "", "客户"
            count = cs.contact_count[c]
            if count and rnd() < V.CONTACT_RATE:
                p = cs.contact_first[c] + int(rnd() * count)
                contact, label = cs.contact_ids[p], cs.contact_label[p]
            kind = KIND_TABLE[int(rnd() * n_kind)]
            options = summaries[kind]
            summary, has_c = options[int(rnd() * len(options))]
            if has_c:
                summary = summary.replace("{c}", label)
            step, follow = "", ""
            if rnd() < V.NEXT_STEP_RATE:
                step, lo, hi = V.NEXT_STEPS[int(rnd() * n_steps)]
                fd = d + lo + int(rnd() * (hi - lo + 1))
                wd = (fd + 6) % 7  # ordinal 1 (0001-01-01) is a Monday
                fd += 2 if wd == 5 else 1 if wd == 6 else 0
                follow = clock.date(fd)
            serial += 1
            w.writerow((f"A{serial:0{width}d}", org.reps[r], cs.ids[c], contact, kind,
                        f"{iso}{hm[minute]}{off}", summary, step, follow, "done"))


def _write_targets(w, rng: random.Random, org: Org, won: list[float], today: date) -> None:
    """Monthly won_amount targets per rep, from January (or the history start) to two months ahead:
    a little above what the rep (and the average rep) won lately, lower in earlier months."""
    first = date.fromordinal(today.toordinal() - HISTORY_DAYS)
    y, m = min((first.year, first.month), (today.year, 1))
    current = today.year * 12 + today.month - 1
    mean = sum(won) / max(1, len(won))
    for r, rep in enumerate(org.reps):
        monthly = (won[r] + mean) / 2 / (_TARGET_BASIS_DAYS / 30.4) * (1.05 + 0.3 * rng.random())
        yy, mm = y, m
        while (month := yy * 12 + mm - 1) <= current + 2:
            ramp = 1.0 - 0.05 * min(6, max(0, current - month))
            value = max(50_000, round(monthly * ramp / 10_000) * 10_000)
            nxt = date(yy + (mm == 12), mm % 12 + 1, 1)
            w.writerow((rep, "won_amount", date(yy, mm, 1).isoformat(),
                        date.fromordinal(nxt.toordinal() - 1).isoformat(), value))
            yy, mm = nxt.year, nxt.month
