"""Deal metrics: won/lost dates as of now, amounts in the base currency to the cent, win rate,
deal size, sales cycle, pipeline (open as of now, period on expected close), new deals."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.settings import OrgSettings
from tests.metrics_support import NOVEMBER, period, series, team, value


@pytest.fixture
def deals(engine):
    w = team(engine)
    # won 5 Nov; created 1 Oct: 35 days
    w.deal("D1", "C1", "R1", 100000, [("2026-10-01", "lead", 100000), ("2026-10-20", "proposal"),
                                        ("2026-11-05", "won")], expected_close="2026-11-30")
    # $10,000.50 = ¥72,003.60; won 9 Nov 20:00 UTC = 10 Nov in Shanghai; created 2 Nov: 8 days
    w.deal("D2", "C2", "R2", 10000.50, [("2026-11-02", "lead", 10000.50), ("2026-11-09T20:00:00+00:00", "won")],
           currency="USD")
    w.deal("D3", "C3", "R3", 50000, [("2026-09-15", "lead", 50000), ("2026-11-12", "lost")])
    # open; its amount rises to 250,000 only after now
    w.deal("D4", "C1", "R1", 250000, [("2026-11-03", "lead", 200000), ("2026-11-10", "negotiation"),
                                       ("2026-11-25", "negotiation", 250000)], expected_close="2026-12-15")
    w.deal("D5", "C2", "R2", 1000, [("2026-10-10", "qualified", 1000)], currency="USD", expected_close="2026-11-28")
    w.deal("D6", "C4", "R4", 30000, [("2026-10-05", "lead", 30000)], expected_close="2027-01-10")
    # a deal with no owner (public pool customer): counts only for the admin; 14 days
    w.deal("D7", "C5", None, 80000, [("2026-10-20", "lead", 80000), ("2026-11-03", "won")])
    # won at 20:00 today, after now (18:00): still negotiation as of now
    w.deal("D8", "C1", "R1", 60000, [("2026-10-25", "lead", 60000), ("2026-11-19", "negotiation"),
                                      ("2026-11-20T20:00:00+08:00", "won")], expected_close="2026-11-30")
    # created after now: does not exist yet
    w.deal("D9", "C3", "R3", 40000, [("2026-11-20T19:00:00+08:00", "lead", 40000)], expected_close="2026-11-25")
    # won in August, reopened, won again 14 Nov: its won date is 14 Nov; created 1 Aug: 105 days
    w.deal("D10", "C4", "R4", 20000, [("2026-08-01", "lead", 20000), ("2026-08-20", "won"),
                                       ("2026-09-01", "negotiation"), ("2026-11-14", "won")])
    return engine


@pytest.mark.parametrize(("asker", "won", "lost", "amount"), [
    ("A0", 4, 1, 100000 + 72003.60 + 80000 + 20000),
    ("M1", 2, 1, 100000 + 72003.60),
    ("S1", 0, 1, 0.0),
    ("M2", 1, 0, 20000.0),
    ("R2", 1, 0, 72003.60),
])
def test_won_lost_and_amount_by_asker(deals, asker, won, lost, amount):
    assert value(deals, asker, "won_deals") == won
    assert value(deals, asker, "lost_deals") == lost
    assert value(deals, asker, "won_amount") == pytest.approx(amount, abs=0.001)


def test_ratios(deals):
    assert value(deals, "A0", "win_rate") == pytest.approx(4 / 5)
    assert value(deals, "M1", "win_rate") == pytest.approx(2 / 3)
    assert value(deals, "S1", "win_rate") == 0.0
    assert value(deals, "A0", "avg_deal_size") == pytest.approx(272003.60 / 4, abs=0.001)
    assert value(deals, "M1", "avg_deal_size") == pytest.approx(86001.80, abs=0.001)
    assert value(deals, "S1", "avg_deal_size") is None  # nothing won: no average
    assert value(deals, "A0", "sales_cycle_days") == pytest.approx((35 + 8 + 14 + 105) / 4)
    assert value(deals, "M1", "sales_cycle_days") == pytest.approx((35 + 8) / 2)
    assert value(deals, "S1", "sales_cycle_days") is None
    assert value(deals, "R1", "win_rate", period("2026-10-01", "2026-10-31")) is None  # nothing closed


def test_closed_groupings(deals):
    assert series(deals, "A0", "won_amount", "rep") == [
        ("Alice", 100000.0), ("Bob", 72003.6), ("Carol", 0.0), ("Dan", 20000.0)]
    assert series(deals, "A0", "won_amount", "team") == [("East", 172003.6), ("South", 20000.0)]
    assert series(deals, "M1", "win_rate", "rep") == [("Alice", 1.0), ("Bob", 1.0), ("Carol", 0.0)]
    assert series(deals, "M1", "avg_deal_size", "rep") == [("Alice", 100000.0), ("Bob", 72003.6), ("Carol", None)]
    assert series(deals, "A0", "win_rate", "region") == [("North", 0.5), ("South", 1.0), ("West", 1.0)]
    assert series(deals, "A0", "won_deals", "week") == [
        ("2026-10-26", 0), ("2026-11-02", 2), ("2026-11-09", 2), ("2026-11-16", 0)]
    weekly = series(deals, "A0", "win_rate", "week")
    assert weekly[0] == ("2026-10-26", None) and weekly[3] == ("2026-11-16", None)
    assert weekly[1][1] == 1.0 and weekly[2][1] == pytest.approx(2 / 3)
    assert series(deals, "A0", "won_deals", "tier", tier="A") == [("A", 2)]
    assert value(deals, "A0", "won_amount", source="Referral") == 20000.0


def test_closed_metrics_with_no_period_count_all_time(deals):
    assert value(deals, "A0", "won_deals", None) == 4  # D1, D2, D7, D10 (D8 is won only after now)
    assert value(deals, "A0", "lost_deals", None) == 1
    assert value(deals, "M2", "won_amount", None) == 20000.0
    assert series(deals, "A0", "won_deals", "month", None) == [("2026-11", 4)]


def test_won_date_follows_the_clock(deals):
    # as of now D10 is won in November, not in August
    assert value(deals, "M2", "won_deals", period("2026-08-01", "2026-08-31")) == 0
    # with the clock set back to 25 August, it was won on 20 August
    aug = datetime.fromisoformat("2026-08-25T12:00:00+08:00")
    assert value(deals, "M2", "won_deals", period("2026-08-01", "2026-08-25"), now=aug) == 1
    early = datetime.fromisoformat("2026-11-08T12:00:00+08:00")
    assert value(deals, "A0", "won_deals", now=early) == 2  # D7 (3 Nov), D1 (5 Nov)
    assert value(deals, "A0", "lost_deals", now=early) == 0
    assert value(deals, "A0", "win_rate", now=early) == 1.0
    later = datetime.fromisoformat("2026-11-20T21:00:00+08:00")
    assert value(deals, "R1", "won_deals", now=later) == 2  # D8 has now been won


def test_pipeline_as_of_now(deals):
    # open: D4 ¥200,000 (negotiation), D5 $1,000 = ¥7,200 (qualified), D6 ¥30,000 (lead), D8 ¥60,000 (negotiation)
    assert value(deals, "A0", "pipeline_amount", None) == 297200.0
    assert value(deals, "A0", "weighted_pipeline", None) == pytest.approx(
        200000 * 0.75 + 7200 * 0.30 + 30000 * 0.10 + 60000 * 0.75, abs=0.001)
    assert value(deals, "A0", "open_deals", None) == 4
    assert value(deals, "M1", "pipeline_amount", None) == 267200.0
    assert value(deals, "M2", "open_deals", None) == 1
    assert value(deals, "A0", "pipeline_amount", None, tier="A") == 260000.0
    assert series(deals, "A0", "pipeline_amount", "stage", None) == [
        ("lead", 30000.0), ("qualified", 7200.0), ("proposal", 0.0), ("negotiation", 260000.0)]
    assert series(deals, "A0", "open_deals", "stage", None) == [
        ("lead", 1), ("qualified", 1), ("proposal", 0), ("negotiation", 2)]
    assert series(deals, "M1", "open_deals", "rep", None) == [("Alice", 2), ("Bob", 1), ("Carol", 0)]


def test_pipeline_period_filters_expected_close(deals):
    assert value(deals, "A0", "pipeline_amount", period("2026-11-01", "2026-11-30")) == 67200.0
    assert value(deals, "A0", "pipeline_amount", period("2026-12-01", "2026-12-31")) == 200000.0
    assert value(deals, "A0", "weighted_pipeline", period("2026-12-01", "2026-12-31")) == 150000.0
    assert series(deals, "A0", "pipeline_amount", "month", period("2026-11-01", "2027-01-31")) == [
        ("2026-11", 67200.0), ("2026-12", 200000.0), ("2027-01", 30000.0)]


def test_pipeline_moves_with_the_clock(deals):
    later = datetime.fromisoformat("2026-11-26T09:00:00+08:00")
    # D8 won, D4 now ¥250,000, D9 exists
    assert value(deals, "A0", "pipeline_amount", None, now=later) == 250000 + 7200 + 30000 + 40000
    early = datetime.fromisoformat("2026-11-08T12:00:00+08:00")
    # D2, D3, D4, D5, D6, D8 and the reopened D10 are open; D4 and D8 were still leads
    assert value(deals, "A0", "pipeline_amount", None, now=early) == pytest.approx(
        72003.60 + 50000 + 200000 + 7200 + 30000 + 60000 + 20000, abs=0.001)
    assert series(deals, "A0", "open_deals", "stage", None, now=early) == [
        ("lead", 5), ("qualified", 1), ("proposal", 0), ("negotiation", 1)]


def test_new_deals(deals):
    assert value(deals, "A0", "new_deals") == 2  # D2, D4 (D9 comes after now)
    assert value(deals, "R2", "new_deals") == 1
    assert series(deals, "A0", "new_deals", "stage") == [
        ("lead", 0), ("qualified", 0), ("proposal", 0), ("negotiation", 1), ("won", 1), ("lost", 0)]
    assert series(deals, "A0", "new_deals", "day", period("2026-11-01", "2026-11-03")) == [
        ("2026-11-01", 0), ("2026-11-02", 1), ("2026-11-03", 1)]


def test_conversion_uses_the_configured_rate_to_the_cent(deals):
    org = OrgSettings(rates={"USD": 7.1234})
    # 1,000,050 cents × 7.1234 = 7,123,756.17 cents → ¥71,237.56
    assert value(deals, "R2", "won_amount", org=org) == 71237.56
    assert value(deals, "R2", "pipeline_amount", None, org=org) == 7123.40
    # 1,000,050 cents × 7.25 = 7,250,362.5 cents: half a cent rounds up → ¥72,503.63
    org = OrgSettings(rates={"USD": 7.25})
    assert value(deals, "R2", "won_amount", org=org) == 72503.63
    usd_base = OrgSettings(currency="USD", rates={"CNY": 0.125})
    # in a USD org the CNY deals convert and the USD deal stays as is
    assert value(deals, "M1", "won_amount", org=usd_base) == 100000 * 0.125 + 10000.50


def test_half_cent_rounds_half_up(engine):
    w = team(engine)
    w.deal("X1", "C1", "R1", 0.02, [("2026-11-02", "lead", 0.02), ("2026-11-03", "won")], currency="USD")
    w.deal("X2", "C1", "R1", 0.01, [("2026-11-02", "lead", 0.01), ("2026-11-04", "won")], currency="USD")
    org = OrgSettings(rates={"USD": 7.25})
    # each deal converts to whole cents: 14.5 → 15, 7.25 → 7
    assert value(engine, "R1", "won_amount", NOVEMBER, org=org) == 0.22


def test_a_deal_lost_then_won_counts_once_as_won(engine):
    w = team(engine)
    w.deal("X1", "C1", "R1", 5000, [("2026-10-01", "lead", 5000), ("2026-11-04", "lost"), ("2026-11-06", "won")])
    w.deal("X2", "C1", "R1", 8000, [("2026-10-01", "lead", 7000), ("2026-11-05", "won"),
                                     ("2026-11-05T12:00:00+08:00", "won", 8000)])  # a second won event: new amount
    assert value(engine, "R1", "lost_deals") == 0
    assert value(engine, "R1", "won_deals") == 2
    assert series(engine, "R1", "won_amount", "day", period("2026-11-04", "2026-11-06")) == [
        ("2026-11-04", 0.0), ("2026-11-05", 8000.0), ("2026-11-06", 5000.0)]
    assert value(engine, "R1", "sales_cycle_days") == pytest.approx((36 + 35) / 2)
    early = datetime.fromisoformat("2026-11-05T11:00:00+08:00")  # X2 won at 10:00, re-amounted at 12:00
    assert value(engine, "R1", "lost_deals", now=early) == 1
    assert value(engine, "R1", "won_amount", now=early) == 7000.0
