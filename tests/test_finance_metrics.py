"""The five finance metrics (METRICS.md) and the plain contract/payment queries, on SQLite and
PostgreSQL, against figures worked out by hand from tests/finance_support.py, and on the dev
fixture against plain SQL. now = 2026-11-20 18:00 +08:00; USD = 7.2 CNY."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from domain.settings import OrgSettings
from domain.types import Filters
from storage.bundle import import_bundle
from storage.finance import (
    FinanceError,
    contract_balance,
    contracts_with_balance,
    customer_contracts,
    installments_due,
    payments_received,
)
from tests.finance_support import write_finance_bundle
from tests.metrics_support import NOVEMBER, period, series, value

TZ = ZoneInfo("Asia/Shanghai")
THIS_YEAR = period("2026-01-01", "2026-11-20")
MARCH = period("2026-03-01", "2026-03-31")


@pytest.fixture
def books(engine, tmp_path):
    import_bundle(engine, write_finance_bundle(tmp_path / "b"), TZ)
    return engine


# (asker, metric, period, filters, expected) — worked out by hand in the comments
CASES = [
    # signed in November up to today: K2 10,000 USD = 72,000; K3 200,000; K5 5,000 (pool); K6 is after today
    ("A0", "contract_amount", NOVEMBER, {}, 277000.0),
    ("M1", "contract_amount", NOVEMBER, {}, 72000.0),          # R1, R2 only: K2
    ("M2", "contract_amount", NOVEMBER, {}, 200000.0),         # R3: K3
    ("A0", "contract_amount", THIS_YEAR, {"tier": "A"}, 380000.0),  # C1: K1 + K4; C3: K3
    ("A0", "contract_amount", NOVEMBER, {"team": "East"}, 72000.0),
    ("A0", "contract_amount", NOVEMBER, {"rep": "R3"}, 200000.0),
    # received in November up to today: P2 10,000; P3 2,000 USD = 14,400; P6 1,000 (pool); P5 is after today
    ("A0", "collected_amount", NOVEMBER, {}, 25400.0),
    ("M1", "collected_amount", NOVEMBER, {}, 24400.0),
    ("R1", "collected_amount", NOVEMBER, {}, 10000.0),
    ("A0", "collected_amount", THIS_YEAR, {}, 135400.0),       # + P1 30,000 + P4 80,000
    ("A0", "collected_amount", MARCH, {}, 0.0),
    # balances as of today: K1 60,000; K2 8,000 USD = 57,600; K3 200,000; K4 0; K5 4,000; K6 not signed yet
    ("A0", "receivables", None, {}, 321600.0),
    ("M1", "receivables", None, {}, 117600.0),
    ("R1", "receivables", None, {}, 60000.0),
    ("A0", "receivables", NOVEMBER, {}, 261600.0),             # signed in November: K2, K3, K5
    ("A0", "receivables", None, {"region": "North"}, 60000.0),  # C1
    # due before today minus paid up to today: K1 60,000-40,000; K2 5,000-2,000 USD = 21,600; K5 5,000-1,000
    ("A0", "overdue_receivables", None, {}, 45600.0),
    ("A0", "overdue_receivables", NOVEMBER, {}, 45600.0),      # as of now: a period changes nothing
    ("M1", "overdue_receivables", None, {}, 41600.0),
    ("M2", "overdue_receivables", None, {}, 0.0),
    # paid up to now on contracts signed in P ÷ their amounts
    ("A0", "collection_rate", NOVEMBER, {}, 15400 / 277000),   # (14,400 + 0 + 1,000) / (72,000 + 200,000 + 5,000)
    ("A0", "collection_rate", THIS_YEAR, {}, 135400 / 457000),
    ("R1", "collection_rate", THIS_YEAR, {}, 120000 / 180000),
    ("A0", "collection_rate", MARCH, {}, None),                # nothing signed: none
]


@pytest.mark.parametrize(("asker", "metric", "when", "filters", "expected"), CASES)
def test_finance_metrics_match_hand_figures(books, asker, metric, when, filters, expected):
    got = value(books, asker, metric, when, **filters)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-9)


def test_grouped_by_rep_lists_the_visible_reps(books):
    assert series(books, "M1", "receivables", "rep", when=None) == [("Alice", 60000.0), ("Bob", 57600.0)]
    assert series(books, "R1", "receivables", "rep", when=None) == [("Alice", 60000.0)]
    # the pool contract K5 belongs to no rep: not in any rep's row
    assert series(books, "A0", "collected_amount", "rep") == [("Alice", 10000.0), ("Bob", 14400.0),
                                                              ("Carol", 0.0)]


def test_grouped_by_team_and_customer(books):
    assert series(books, "A0", "collected_amount", "team") == [("East", 24400.0), ("South", 0.0)]
    # by customer: stored names, non-zero only, largest first
    assert series(books, "A0", "overdue_receivables", "customer", when=None) == [
        ("Bolt Energy", 21600.0), ("Acme Retail", 20000.0), ("Delta Pool", 4000.0)]
    assert series(books, "M1", "collected_amount", "customer", when=THIS_YEAR) == [
        ("Acme Retail", 120000.0), ("Bolt Energy", 14400.0)]


def test_grouped_by_month_and_rate_by_rep(books):
    got = dict(series(books, "M1", "contract_amount", "month", when=THIS_YEAR))
    assert list(got) == [f"2026-{m:02d}" for m in range(1, 12)]
    assert (got["2026-06"], got["2026-09"], got["2026-11"], got["2026-03"]) == (80000.0, 100000.0, 72000.0, 0.0)
    rates = dict(series(books, "A0", "collection_rate", "rep", when=NOVEMBER))
    assert rates == {"Alice": None, "Bob": pytest.approx(14400 / 72000), "Carol": 0.0}


def test_overdue_cannot_be_grouped_by_time(books):
    with pytest.raises(FinanceError):
        series(books, "A0", "overdue_receivables", "month", when=None)


def test_the_clock_set_back_sees_nothing_later(books):
    back = datetime.fromisoformat("2026-11-12T09:00:00+08:00")
    nov = period("2026-11-01", "2026-11-12")
    assert value(books, "A0", "collected_amount", nov, now=back) == 14400.0      # P3 only
    # K1 70,000; K2 57,600; K3 not signed yet; K4 0; K5 5,000 (P6 not received yet)
    assert value(books, "A0", "receivables", None, now=back) == 132600.0
    # K1 30,000 due (1 Oct) - 30,000 paid = 0; K2 5,000 - 2,000 USD = 21,600; K5 5,000 - 0
    assert value(books, "A0", "overdue_receivables", None, now=back) == 26600.0


# ---------- plain queries ----------

NOV20 = date(2026, 11, 20)


def test_a_customers_contracts_with_balance(books):
    with books.connect() as c:
        all_ = customer_contracts(c, "C1", NOV20)
        owed = customer_contracts(c, "C1", NOV20, owed_only=True)
        k2 = contract_balance(c, "K2", NOV20)
        none = contract_balance(c, "NOPE", NOV20)
    assert [(k.id, k.balance_cents, k.overdue_cents) for k in all_] == [("K1", 6000000, 2000000), ("K4", 0, 0)]
    assert [k.id for k in owed] == ["K1"]
    assert k2 is not None and (k2.amount_cents, k2.paid_cents, k2.balance_cents, k2.overdue_cents, k2.currency) == \
        (1000000, 200000, 800000, 300000, "USD")
    assert k2.customer_name == "Bolt Energy" and k2.owner_id == "R2"
    assert none is None


def test_contracts_with_balance_overdue_first(books):
    with books.connect() as c:
        everyone = contracts_with_balance(c, NOV20)
        overdue = contracts_with_balance(c, NOV20, overdue_only=True)
        east = contracts_with_balance(c, NOV20, {"M1", "R1", "R2"})
        tier_a = contracts_with_balance(c, NOV20, filters=Filters(tier="A"))
    # overdue in CNY: K2 21,600 > K1 20,000 > K5 4,000 > K3 0
    assert [k.id for k in everyone] == ["K2", "K1", "K5", "K3"]
    assert [k.id for k in overdue] == ["K2", "K1", "K5"]
    assert [k.id for k in east] == ["K2", "K1"]
    assert [k.id for k in tier_a] == ["K1", "K3"]


def test_installments_due_in_a_range(books):
    with books.connect() as c:
        nov = installments_due(c, date(2026, 11, 1), date(2026, 11, 30), as_of=NOV20)
        dec = installments_due(c, date(2026, 12, 1), date(2026, 12, 31))
        mine = installments_due(c, date(2026, 11, 1), date(2026, 12, 31), {"R1"}, as_of=NOV20, unpaid_only=True)
        july = installments_due(c, date(2026, 7, 1), date(2026, 7, 1), unpaid_only=True)
    # K1's plan up to 15 Nov is 60,000, 40,000 paid: 20,000 of that installment is open
    assert [(i.contract_id, i.due_on.isoformat(), i.amount_cents, i.unpaid_cents) for i in nov] == [
        ("K2", "2026-11-10", 500000, 300000), ("K5", "2026-11-10", 500000, 400000),
        ("K1", "2026-11-15", 3000000, 2000000)]
    # as of 31 Dec: K3 has 50,000 of 200,000 paid; K1's last 40,000 is wholly open
    assert [(i.contract_id, i.unpaid_cents) for i in dec] == [("K3", 15000000), ("K1", 4000000)]
    assert [(i.contract_id, i.due_on.isoformat()) for i in mine] == [("K1", "2026-11-15"), ("K1", "2026-12-31")]
    assert july == []  # K4's installment was paid on its day


def test_payments_received_in_a_range(books):
    with books.connect() as c:
        nov = payments_received(c, date(2026, 11, 1), NOV20)
        east = payments_received(c, date(2026, 11, 1), NOV20, {"M1", "R1", "R2"})
        c1 = payments_received(c, None, NOV20, customer_id="C1")
    assert [(p.id, p.amount_cents, p.currency) for p in nov] == [("P6", 100000, "CNY"), ("P2", 1000000, "CNY"),
                                                                 ("P3", 200000, "USD")]
    assert [p.id for p in east] == ["P2", "P3"]
    assert [p.id for p in c1] == ["P2", "P1", "P4"]
    assert nov[0].owner_id is None and nov[1].owner_id == "R1" and nov[1].customer_name == "Acme Retail"


# ---------- the dev fixture against plain SQL ----------

_RATE = "CASE WHEN k.currency = 'USD' THEN 7.2 ELSE 1 END"
_PAID = "(SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p WHERE p.contract_id = k.id AND p.received_on <= :d)"
_DUE = "(SELECT COALESCE(SUM(i.amount_cents), 0) FROM installments i WHERE i.contract_id = k.id AND i.due_on < :d)"
PLAIN = {
    "contract_amount": f"SELECT SUM(k.amount_cents * {_RATE}) FROM contracts k WHERE k.signed_on BETWEEN :s AND :d",
    "collected_amount": f"SELECT SUM(p.amount_cents * {_RATE}) FROM payments p JOIN contracts k "
                        "ON k.id = p.contract_id WHERE p.received_on BETWEEN :s AND :d",
    "receivables": f"SELECT SUM((k.amount_cents - {_PAID}) * {_RATE}) FROM contracts k WHERE k.signed_on <= :d",
    "overdue_receivables": f"SELECT SUM(CASE WHEN {_DUE} > {_PAID} THEN ({_DUE} - {_PAID}) * {_RATE} ELSE 0 END) "
                           "FROM contracts k WHERE k.signed_on <= :d",
}


@pytest.fixture
def dev_books(dev_engine):
    return dev_engine  # the dev fixture, imported once per session, a private copy per test


@pytest.mark.parametrize(("metric", "start"), [
    ("contract_amount", "2026-10-01"), ("contract_amount", "2026-01-01"), ("collected_amount", "2026-11-01"),
    ("collected_amount", "2026-01-01"), ("receivables", None), ("overdue_receivables", None),
])
def test_dev_fixture_matches_plain_sql(dev_books, metric, start):
    with dev_books.connect() as c:
        want = c.execute(text(PLAIN[metric]), {"s": date.fromisoformat(start or "2000-01-01"), "d": NOV20}).scalar()
    when = None if start is None else period(start, "2026-11-20")
    got = value(dev_books, "U00", metric, when)
    assert float(want) > 0
    assert got == pytest.approx(float(want) / 100, abs=0.01)


def test_dev_fixture_collection_rate_by_rep_matches_plain_sql(dev_books):
    sql = (f"SELECT u.name, SUM({_PAID} * {_RATE}), SUM(k.amount_cents * {_RATE}) FROM contracts k "
           "JOIN users u ON u.id = k.owner_id WHERE k.signed_on BETWEEN :s AND :d AND u.manager_id = 'M1' "
           "GROUP BY u.name")
    with dev_books.connect() as c:
        want = {name: float(p) / float(a) for name, p, a in c.execute(text(sql), {"s": date(2026, 1, 1), "d": NOV20})}
    got = dict(series(dev_books, "M1", "collection_rate", "rep", when=THIS_YEAR))
    assert want and set(want) <= set(got)
    for name, rate in want.items():
        assert got[name] == pytest.approx(rate, rel=1e-9)
    assert OrgSettings().rate("USD") == 7.2
