"""storage/authority.py: who may write on which customer, and change which deal, contract or payment —
on a two-level hierarchy (D9 → M1 → R01/R02), a manager of the same team name outside it (M2 → R03),
the public pool and an admin. Expected answers are read off the TEAM table by hand."""

from __future__ import annotations

import pytest

from storage.authority import (
    Authority,
    may_change_contract,
    may_change_deal,
    may_write_customer,
    writable_customers,
)
from tests.records_support import team_chat

ALL = ["C1", "C2", "C3", "C5", "C6", "C7", "C8", "C9"]
# speaker -> customers they may write on (owners: C1-C6 R01, C7 R02, C8 R03, C9 the pool)
WRITABLE = {
    "R01": ["C1", "C2", "C3", "C5", "C6", "C9"],
    "R02": ["C7", "C9"],
    "R03": ["C8", "C9"],
    "M1": ["C1", "C2", "C3", "C5", "C6", "C7", "C9"],
    "D9": ["C1", "C2", "C3", "C5", "C6", "C7", "C9"],  # two levels down
    "M2": ["C8", "C9"],  # same team name as R01, but R01 is not under M2
    "U0": ALL,
}
# speaker -> deals they may change (D1-D5 R01, D7 R02, D8 R03)
DEALS = {"R01": {"D1", "D2", "D3", "D5"}, "R02": {"D7"}, "R03": {"D8"}, "M1": {"D1", "D2", "D3", "D5", "D7"},
         "D9": {"D1", "D2", "D3", "D5", "D7"}, "M2": {"D8"}, "U0": {"D1", "D2", "D3", "D5", "D7", "D8"}}
CONTRACTS = {"R01": {"K5", "K61", "K62"}, "R02": set(), "R03": {"K8"}, "M1": {"K5", "K61", "K62"},
             "D9": {"K5", "K61", "K62"}, "M2": {"K8"}, "U0": {"K5", "K61", "K62", "K8"}}


@pytest.fixture
def engine(db_url, tmp_path):
    return team_chat(db_url, tmp_path).dispatcher.engine


@pytest.mark.parametrize("speaker", sorted(WRITABLE))
def test_customers_a_speaker_may_write_on(engine, speaker):
    with engine.connect() as conn:
        auth = Authority.of(conn, speaker)
        assert writable_customers(conn, auth, ALL) == WRITABLE[speaker]
        assert [c for c in ALL if may_write_customer(conn, auth, c)] == WRITABLE[speaker]
        assert not may_write_customer(conn, auth, "C404")


@pytest.mark.parametrize("speaker", sorted(DEALS))
def test_deals_and_contracts_change_only_through_owner_managers_or_admin(engine, speaker):
    with engine.connect() as conn:
        auth = Authority.of(conn, speaker)
        deals = {d for d in ("D1", "D2", "D3", "D5", "D7", "D8") if may_change_deal(conn, auth, d)}
        contracts = {k for k in ("K5", "K61", "K62", "K8") if may_change_contract(conn, auth, k)}
    assert deals == DEALS[speaker]
    assert contracts == CONTRACTS[speaker]


def test_owner_names_are_shown_to_managers_and_admins_only(engine):
    with engine.connect() as conn:
        shown = {u: Authority.of(conn, u).shows_owner_names for u in ("R01", "M1", "D9", "U0")}
    assert shown == {"R01": False, "M1": True, "D9": True, "U0": True}


def test_a_record_with_no_owner_follows_its_customer():
    rep = Authority("R01", "rep", frozenset({"R01"}))
    assert rep.may_change(None, None) and rep.may_change(None, "R01")
    assert not rep.may_change(None, "R02") and not rep.may_change("R02", "R01")
    admin = Authority("U0", "admin", None)
    assert admin.may_change("R02") and admin.may_write_customer("R03")
