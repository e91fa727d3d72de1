"""Hand-built data for the metrics tests: rows inserted with SQLAlchemy Core the way the
importer stores them (UTC timestamps, `*_on` dates in the org zone, integer cents)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from domain.settings import OrgSettings
from domain.types import Filters, MetricAnswer, MetricQuery, Period
from storage.metrics import compute
from storage.models import Activity, Customer, Deal, DealEvent, Target, User

TZ = ZoneInfo("Asia/Shanghai")
ORG = OrgSettings()
NOW = datetime.fromisoformat("2026-11-20T18:00:00+08:00")  # a Friday
NOVEMBER = Period(start=date(2026, 11, 1), end=date(2026, 11, 20))


def ts(text: str) -> datetime:
    """An aware timestamp; a bare date means 10:00 in the org zone."""
    if len(text) == 10:
        text += "T10:00:00+08:00"
    return datetime.fromisoformat(text)


def local_date(at: datetime) -> date:
    return at.astimezone(TZ).date()


def period(start: str, end: str) -> Period:
    return Period(start=date.fromisoformat(start), end=date.fromisoformat(end))


def ask(engine: Engine, asker: str, metric: str, when: Period | None = NOVEMBER, group_by: str | None = None,
        now: datetime = NOW, org: OrgSettings = ORG, **filters) -> MetricAnswer:
    """compute() for one query."""
    q = MetricQuery(metric=metric, period=when, group_by=group_by, filters=Filters(**filters))
    return compute(engine, q, asker, now, org)


def value(engine: Engine, asker: str, metric: str, when: Period | None = NOVEMBER, **kw) -> float | None:
    ans = ask(engine, asker, metric, when, **kw)
    assert ans.series is None
    return ans.value


def series(engine: Engine, asker: str, metric: str, group_by: str, when: Period | None = NOVEMBER,
           **kw) -> list[tuple[str, float | None]]:
    ans = ask(engine, asker, metric, when, group_by=group_by, **kw)
    assert ans.value is None and ans.series is not None
    return [(p.label, p.value) for p in ans.series]


class World:
    """Inserts users, customers, deals with their events, activities and targets."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._n = 0

    def _insert(self, model, rows: list[dict]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(model.__table__), rows)

    def user(self, uid: str, name: str, role: str = "rep", team: str | None = None,
             manager: str | None = None) -> None:
        self._insert(User, [dict(id=uid, name=name, role=role, team=team, manager_id=manager)])

    def customer(self, cid: str, owner: str | None, created: str = "2026-01-05", tier: str | None = None,
                 region: str | None = None, industry: str | None = None, source: str | None = None) -> None:
        at = ts(created)
        self._insert(Customer, [dict(id=cid, name=f"customer {cid}", owner_id=owner, tier=tier, region=region,
                                     industry=industry, source=source, created_at=at, created_on=local_date(at))])

    def activity(self, user: str, customer: str, at: str, kind: str = "visit", followup: str | None = None) -> None:
        self._n += 1
        when = ts(at)
        self._insert(Activity, [dict(id=f"A{self._n:05d}", user_id=user, customer_id=customer, kind=kind,
                                     occurred_at=when, occurred_on=local_date(when),
                                     followup_date=date.fromisoformat(followup) if followup else None)])

    def deal(self, did: str, customer: str, owner: str | None, amount: float, events: list[tuple],
             currency: str = "CNY", created: str | None = None, expected_close: str | None = None) -> None:
        """`events`: (at, stage) or (at, stage, amount); `amount` is the deal's latest amount."""
        at = ts(created or events[0][0])
        self._insert(Deal, [dict(id=did, customer_id=customer, owner_id=owner, amount_cents=round(amount * 100),
                                 currency=currency, created_at=at, created_on=local_date(at),
                                 expected_close=date.fromisoformat(expected_close) if expected_close else None)])
        rows = []
        for ev in events:
            when = ts(ev[0])
            amt = ev[2] if len(ev) > 2 else None
            rows.append(dict(deal_id=did, at=when, on_date=local_date(when), stage=ev[1],
                             amount_cents=None if amt is None else round(amt * 100), by=owner))
        self._insert(DealEvent, rows)

    def target(self, user: str, start: str, end: str, amount: float) -> None:
        self._insert(Target, [dict(user_id=user, metric="won_amount", start=date.fromisoformat(start),
                                   end=date.fromisoformat(end), value=amount)])


def team(engine: Engine) -> World:
    """An admin; manager M1 (East) over reps R1, R2 and sub-manager S1 (East) over R3;
    manager M2 (South) over R4. Customers C1..C4 owned by R1..R4, C5 in the public pool."""
    w = World(engine)
    w.user("A0", "Admin", role="admin")
    w.user("M1", "Mia", role="manager", team="East", manager="A0")
    w.user("R1", "Alice", team="East", manager="M1")
    w.user("R2", "Bob", team="East", manager="M1")
    w.user("S1", "Sam", role="manager", team="East", manager="M1")
    w.user("R3", "Carol", team="East", manager="S1")
    w.user("M2", "Max", role="manager", team="South", manager="A0")
    w.user("R4", "Dan", team="South", manager="M2")
    w.customer("C1", "R1", tier="A", region="North", industry="Retail", source="Web")
    w.customer("C2", "R2", tier="B", region="South", industry="Energy", source="Fair")
    w.customer("C3", "R3", tier="A", region="North", industry="Retail", source="Web")
    w.customer("C4", "R4", tier="C", region="South", industry="Energy", source="Referral")
    w.customer("C5", None, tier="A", region="West", industry="Retail", source="Web")
    return w
