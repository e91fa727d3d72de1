"""The demo team's organisation: users (admin, managers, reps in teams), customers with aliases
(some in the public pool) and their contacts, written as CSV rows (see `storage.demo_data`).

Times are "keys": minutes since day 0 in the org zone (`date.toordinal() * 1440 + minute`),
written with the zone's offset of that day."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pypinyin import lazy_pinyin

from storage import demo_names as V

HISTORY_DAYS = 182  # activities cover the last six months up to today
DAY = 1440


def table(pairs: Sequence[tuple[str, int]]) -> list[str]:
    """A lookup list for fast weighted draws: `table[int(random() * len(table))]`."""
    return [k for k, w in pairs for _ in range(w)]


class Clock:
    """Formats time keys as ISO 8601 with the zone's offset of that day (cached per day)."""

    def __init__(self, tz: str) -> None:
        self.zone = ZoneInfo(tz)
        self._days: dict[int, tuple[str, str]] = {}
        self._hm = [f"T{m // 60:02d}:{m % 60:02d}:00" for m in range(DAY)]

    def day(self, ordinal: int) -> tuple[str, str]:
        """(YYYY-MM-DD, UTC offset as ±HH:MM at noon) of a day ordinal."""
        got = self._days.get(ordinal)
        if got is None:
            d = date.fromordinal(ordinal)
            off = datetime(d.year, d.month, d.day, 12, tzinfo=self.zone).utcoffset() or timedelta(0)
            mins = int(off.total_seconds()) // 60
            sign = "-" if mins < 0 else "+"
            got = self._days[ordinal] = (d.isoformat(), f"{sign}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}")
        return got

    def stamp(self, key: int) -> str:
        """The ISO 8601 timestamp of a time key."""
        iso, off = self.day(key // DAY)
        return iso + self._hm[key % DAY] + off

    def date(self, ordinal: int) -> str:
        """YYYY-MM-DD of a day ordinal."""
        return self.day(ordinal)[0]


def office_minute(rnd) -> int:
    """A time of day in office hours (mostly 9:00-18:30, a few early or late)."""
    r = rnd()
    if r < 0.9:
        return 540 + int(rnd() * 570)
    return 480 + int(rnd() * 60) if r < 0.94 else 1110 + int(rnd() * 180)


@dataclass
class Org:
    reps: list[str] = field(default_factory=list)
    rep_region: list[str] = field(default_factory=list)
    rep_manager: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)


@dataclass
class Customers:
    ids: list[str] = field(default_factory=list)
    key: list[int] = field(default_factory=list)  # created, as a time key
    owner: list[int] = field(default_factory=list)  # rep index, -1 = public pool
    short: list[str] = field(default_factory=list)
    english: list[bool] = field(default_factory=list)
    tier: list[str] = field(default_factory=list)
    contact_first: list[int] = field(default_factory=list)
    contact_count: list[int] = field(default_factory=list)
    contact_ids: list[str] = field(default_factory=list)
    contact_label: list[str] = field(default_factory=list)  # how a rep writes them: 张总, 王经理


def _person(rng: random.Random, taken: set[str]) -> str:
    for _ in range(50):
        n = rng.choice(V.SURNAMES) + "".join(rng.choice(V.GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
        if n not in taken:
            taken.add(n)
            return n
    n = rng.choice(V.SURNAMES) + "".join(rng.choice(V.GIVEN_CHARS) for _ in range(3))
    taken.add(n)
    return n


def write_users(w, rng: random.Random, scale: int) -> Org:
    """Write the admin U00, one manager per team (M01..) and the reps (R01.., team by team); about
    7×√scale reps in teams of about four, named after regions (华东组, 华南组, ...)."""
    n_reps = max(6, round(7 * math.sqrt(scale)))
    n_teams = max(2, math.ceil(n_reps / 4))
    per_region: dict[str, int] = {}
    teams: list[tuple[str, str]] = []
    for t in range(n_teams):
        region = V.TEAM_REGIONS[t % len(V.TEAM_REGIONS)]
        per_region[region] = per_region.get(region, 0) + 1
        teams.append((region, ""))
    counts = dict.fromkeys(per_region, 0)
    for i, (region, _) in enumerate(teams):
        counts[region] += 1
        suffix = "组" if per_region[region] == 1 else f"{'一二三四五六七八九十'[(counts[region] - 1) % 10]}组"
        if counts[region] > 10:
            suffix = f"{counts[region]}组"
        teams[i] = (region, region + suffix)
    org = Org()
    wecom: set[str] = set()
    serial = iter(range(7_100_000_000, 7_200_000_000))

    def user(uid: str, role: str, team: str, manager: str) -> None:
        name = _person(rng, org.names)
        base = "".join(lazy_pinyin(name))
        handle, k = base, 1
        while handle in wecom:
            k += 1
            handle = f"{base}{k}"
        wecom.add(handle)
        w.writerow((uid, name, role, team, manager, next(serial), handle))

    user("U00", "admin", "", "")
    width = max(2, len(str(n_reps)))
    serial_rep = 0
    for t, (region, team) in enumerate(teams):
        manager = f"M{t + 1:0{width}d}"
        user(manager, "manager", team, "U00")
        for _ in range(n_reps // n_teams + (t < n_reps % n_teams)):
            serial_rep += 1
            rid = f"R{serial_rep:0{width}d}"
            user(rid, "rep", team, manager)
            org.reps.append(rid)
            org.rep_region.append(region)
            org.rep_manager.append(manager)
    return org


def _company(rng: random.Random, region: str, industry: str, english: bool, taken: set[str]) -> tuple[str, str, str]:
    """(name, short form, aliases) of a company not named yet (English names are few: after some
    tries a Chinese name is used instead; a branch number is the last resort)."""
    for attempt in range(80):
        if english and attempt < 10:
            brand = rng.choice(V.EN_BRANDS)
            seg = V.EN_SEGMENTS[industry]
            name = f"{brand} {seg} {rng.choice(V.EN_SUFFIXES)}"
            short, aliases = brand, f"{brand} {seg}|{brand}"
        else:
            brand = rng.choice(V.BRANDS)
            seg = rng.choice(V.INDUSTRY_SEGMENTS[industry])
            name = f"{rng.choice(V.CITIES[region])}{brand}{seg}{rng.choice(_SUFFIX_TABLE)}"
            short = brand
            aliases = f"{brand}{seg}" + (f"|{brand}" if rng.random() < 0.35 else "")
            if attempt >= 60:
                name += f"第{attempt - 59}分公司"
        if name not in taken:
            taken.add(name)
            return name, short, aliases
    raise RuntimeError("ran out of company names")  # pragma: no cover - the branch numbers always find one


_SUFFIX_TABLE = table(V.SUFFIXES)
_INDUSTRY_TABLE = table(tuple(V.INDUSTRY_WEIGHTS.items()))
_TIER_TABLE = table(V.TIERS)
_SOURCE_TABLE = table(V.SOURCES)
_TITLE_TABLE = table(V.TITLES)
KIND_TABLE = table(V.KIND_WEIGHTS)
_REGIONS = tuple(V.CITIES)


def _contact_label(name: str, title: str, english: bool) -> str:
    if english:
        return "Mr. " + name.split()[-1] if name.split()[0] in ("James", "Michael", "David", "Daniel", "Peter") \
            else "Ms. " + name.split()[-1]
    if "总" in title or title in ("CTO", "董事长"):
        return name[0] + "总"
    return name[0] + ("经理" if "经理" in title else "工" if "技术" in title else "主管" if "主管" in title else "总")


def write_customers(wc, wp, rng: random.Random, org: Org, n: int, end_key: int, clock: Clock) -> Customers:
    """Write `n` customers (about 12% in the public pool, the rest spread over the reps, mostly in
    their team's region) and their contacts, created up to `end_key`; return what later rows need."""
    cs = Customers()
    today = end_key // DAY
    width = max(4, len(str(n)))
    rep_weight = [0.6 + rng.random() * 0.8 for _ in org.reps]
    names: set[str] = set()
    phones: set[str] = set()
    start = today - HISTORY_DAYS
    for i in range(n):
        public = i > 0 and rng.random() < 0.12
        owner = -1 if public else rng.choices(range(len(org.reps)), rep_weight)[0]
        region = org.rep_region[owner] if owner >= 0 and rng.random() < 0.75 else rng.choice(_REGIONS)
        industry = rng.choice(_INDUSTRY_TABLE)
        english = rng.random() < 0.05
        if english and industry not in V.EN_SEGMENTS:
            english = False
        name, short, aliases = _company(rng, region, industry, english, names)
        english = name.isascii()
        old = i == 0 or rng.random() < 0.45
        day = start - 1 - int(rng.random() * 180) if old else start + int(rng.random() * (HISTORY_DAYS + 1))
        if date.fromordinal(day).weekday() >= 5:
            day -= date.fromordinal(day).weekday() - 4  # created on the Friday before
        key = day * DAY + office_minute(rng.random)
        if key > end_key:
            key = end_key - int(rng.random() * 240)
        source = "老客户" if old and rng.random() < 0.5 else rng.choice(_SOURCE_TABLE)
        tier = rng.choice(_TIER_TABLE)
        cid = f"C{i + 1:0{width}d}"
        wc.writerow((cid, name, aliases, tier, industry, region, source,
                     org.reps[owner] if owner >= 0 else "", clock.stamp(key)))
        cs.ids.append(cid)
        cs.key.append(key)
        cs.owner.append(owner)
        cs.short.append(short)
        cs.english.append(english)
        cs.tier.append(tier)
        cs.contact_first.append(len(cs.contact_ids))
        k = rng.choice((0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3)) if i else 2
        taken = set(org.names)
        for _ in range(k):
            pid = f"P{len(cs.contact_ids) + 1:0{width + 1}d}"
            if english:
                pname = f"{rng.choice(V.EN_FIRST)} {rng.choice(V.EN_LAST)}"
                while pname in taken:
                    pname = f"{rng.choice(V.EN_FIRST)} {rng.choice(V.EN_LAST)}"
                taken.add(pname)
                title = rng.choice(V.EN_TITLES)
            else:
                pname = _person(rng, taken)
                title = rng.choice(_TITLE_TABLE)
            phone = ""
            while not phone or phone in phones:
                phone = rng.choice(("13", "15", "18", "17", "19")) + f"{rng.randrange(10 ** 9):09d}"
            phones.add(phone)
            wp.writerow((pid, cid, pname, title, phone, ""))
            cs.contact_ids.append(pid)
            cs.contact_label.append(_contact_label(pname, title, english))
        cs.contact_count.append(k)
    return cs
