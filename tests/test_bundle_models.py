"""The row models of the bundle files (storage.bundle_models): what each accepts and converts,
and the one short reason, naming the column, each kind of bad cell is refused with."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from storage import bundle_fast as bf
from storage import bundle_models as bm
from storage import bundle_rows as br
from storage.bundle import BundleError, import_bundle
from tests.finance_support import write_finance_bundle

GOOD = {
    "users.csv": {"id": "U1", "name": "王磊", "role": "rep", "team": "East", "manager_id": "M1"},
    "customers.csv": {"id": "C1", "name": "某公司", "aliases": "某|某某", "owner_id": "U1",
                      "created_at": "2026-11-01T10:00:00+08:00"},
    "contacts.csv": {"id": "P1", "customer_id": "C1", "name": "黎总", "email": "li@acme.example"},
    "deals.csv": {"id": "D1", "customer_id": "C1", "title": "二期", "amount": "1234567.89", "currency": "usd",
                  "expected_close": "2026-12-31", "created_at": "2026-11-01T10:00:00Z"},
    "deal_events.csv": {"deal_id": "D1", "at": "2026-11-01T10:00:00+08:00", "stage": "won", "amount": "100"},
    "activities.csv": {"id": "A1", "user_id": "U1", "customer_id": "C1", "kind": "visit",
                       "occurred_at": "2026-11-18T10:00:00+08:00", "summary": "拜访", "followup_date": "2026-11-25"},
    "targets.csv": {"user_id": "U1", "metric": "won_amount", "start": "2026-11-01", "end": "2026-11-30",
                    "value": "500000"},
    "contracts.csv": {"id": "K1", "customer_id": "C1", "amount": "100000", "currency": "CNY",
                      "signed_on": "2026-09-15"},
    "installments.csv": {"contract_id": "K1", "due_on": "2026-12-01", "amount": "5000.5"},
    "payments.csv": {"id": "Y1", "contract_id": "K1", "received_on": "2026-11-02", "amount": "1,000.25"},
}


def _cells(row: dict[str, str]) -> dict[str, str]:
    return bm.cells(list(row), list(row.values()))


def _check(file: str, /, **cells: str) -> bm.BaseModel | str:
    return bm.validate(bm.MODELS[file], _cells({**GOOD[file], **cells}))


def test_every_file_has_a_model_whose_fields_are_its_columns():
    assert set(bm.MODELS) == set(br.FILES) == set(GOOD)
    for name, model in bm.MODELS.items():
        assert tuple(model.model_fields) == br.FILES[name] + br.TRAILING.get(name, ())


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_good_row_of_each_file_is_accepted(name):
    assert isinstance(_check(name), bm.MODELS[name])


def test_cells_are_converted_to_their_types():
    deal = _check("deals.csv")
    assert isinstance(deal, bm.DealRow)
    assert (deal.amount, deal.currency, deal.expected_close) == (Decimal("1234567.89"), "USD", date(2026, 12, 31))
    assert deal.created_at == datetime(2026, 11, 1, 10, tzinfo=UTC)
    act = _check("activities.csv", status=" PLANNED ", contact_id="")
    assert isinstance(act, bm.ActivityRow)
    assert (act.status, act.contact_id, act.next_step) == ("planned", None, "")
    assert act.occurred_at.utcoffset() == timedelta(hours=8)
    assert _check("activities.csv").status == "done"  # type: ignore[union-attr]
    customer = _check("customers.csv", aliases=" 某 | |某某 ", tier="  ")
    assert (customer.aliases, customer.tier) == ("某|某某", None)  # type: ignore[union-attr]
    assert _check("payments.csv").amount == Decimal("1000.25")  # type: ignore[union-attr]
    assert bm.cents(Decimal("1E+2")) == 10000 and bm.cents(Decimal("12.340")) == 1234
    assert _check("targets.csv", value="1,500.5").value == 1500.5  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "cells", "reason"), [
    # empty required cells, and the optional ones that may be left out
    ("users.csv", {"id": " "}, "id is empty"),
    ("users.csv", {"name": ""}, "name is empty"),
    ("deals.csv", {"amount": ""}, "amount is empty"),
    ("deals.csv", {"currency": ""}, "currency is empty"),
    ("payments.csv", {"received_on": ""}, "received_on is empty"),
    # allowed values (domain.types and the file's own)
    ("users.csv", {"role": "boss"}, "role must be one of rep, manager, admin: 'boss'"),
    ("activities.csv", {"kind": "lunch"}, "kind must be one of visit, call, meeting, demo, message: 'lunch'"),
    ("activities.csv", {"kind": "Visit"}, "kind must be one of visit, call, meeting, demo, message: 'Visit'"),
    ("activities.csv", {"status": "maybe"}, "status must be one of done, planned (or empty for done): 'maybe'"),
    ("deal_events.csv", {"stage": "closed"},
     "stage must be one of lead, qualified, proposal, negotiation, won, lost: 'closed'"),
    ("targets.csv", {"metric": "calls"}, "metric must be one of won_amount, won_deals, visits, activities, "
                                         "new_leads, new_deals: 'calls'"),
    # timestamps: ISO 8601 with an offset, in plausible years
    ("activities.csv", {"occurred_at": "yesterday"}, "occurred_at is not an ISO 8601 timestamp: 'yesterday'"),
    ("activities.csv", {"occurred_at": "1700000000"}, "occurred_at is not an ISO 8601 timestamp: '1700000000'"),
    ("customers.csv", {"created_at": "2026-11-01T10:00:00"}, "created_at has no UTC offset: '2026-11-01T10:00:00'"),
    ("deal_events.csv", {"at": "9999-12-31T23:59:59+00:00"},
     "at is outside the years 1900-2200: '9999-12-31T23:59:59+00:00'"),
    ("deals.csv", {"created_at": "0001-01-01T00:00:00+14:00"}, "created_at is outside the years 1900-2200"),
    # dates: YYYY-MM-DD, real, in plausible years
    ("contracts.csv", {"signed_on": "2026/11/01"}, "signed_on is not a YYYY-MM-DD date: '2026/11/01'"),
    ("installments.csv", {"due_on": "2026-11-01T00:00:00"}, "due_on is not a YYYY-MM-DD date"),
    ("activities.csv", {"followup_date": "2026-02-30"}, "followup_date is not a real date: '2026-02-30'"),
    ("targets.csv", {"end": "0002-01-01"}, "end is outside the years 1900-2200: '0002-01-01'"),
    ("targets.csv", {"start": "2026-12-31", "end": "2026-12-01"}, "end 2026-12-01 is before start 2026-12-31"),
    # amounts: Decimal, non-negative, finite, two decimals at most, up to 10^11
    ("deals.csv", {"amount": "abc"}, "amount is not a number: 'abc'"),
    ("deals.csv", {"amount": "-1"}, "amount must be a non-negative number: '-1'"),
    ("deal_events.csv", {"amount": "NaN"}, "amount must be a non-negative number: 'NaN'"),
    ("contracts.csv", {"amount": "-Infinity"}, "amount must be a non-negative number: '-Infinity'"),
    ("payments.csv", {"amount": "sNaN"}, "amount must be a non-negative number: 'sNaN'"),
    ("installments.csv", {"amount": "12.345"}, "amount has more than two decimals: '12.345'"),
    ("contracts.csv", {"amount": "100000000000.01"},
     "amount is beyond any plausible amount (over 10^11): '100000000000.01'"),
    ("deals.csv", {"amount": "1e25"}, "amount is beyond any plausible amount (over 10^11): '1e25'"),
    ("targets.csv", {"value": "1e400"}, "value must be a number from 0 to 10^11: '1e400'"),
    ("targets.csv", {"value": "-5"}, "value must be a number from 0 to 10^11: '-5'"),
    ("targets.csv", {"value": "many"}, "value is not a number: 'many'"),
    # formats
    ("deals.csv", {"currency": "元"}, "currency is not an ISO code: '元'"),
    ("contracts.csv", {"currency": "EURO"}, "currency is not an ISO code: 'EURO'"),
    ("contacts.csv", {"email": "wangfang"}, "email is not an e-mail address: 'wangfang'"),
    ("contacts.csv", {"email": "a b@c.com"}, "email is not an e-mail address: 'a b@c.com'"),
    # text that cannot be stored: NUL bytes, over-long cells and ids
    ("activities.csv", {"summary": "in\x00side"}, "summary contains a NUL byte"),
    ("users.csv", {"id": "U\x001"}, "id contains a NUL byte"),
    ("activities.csv", {"summary": "长" * 10_001}, "summary is longer than 10,000 characters (10,001)"),
    ("contacts.csv", {"customer_id": "C" * 65}, "customer_id is longer than 64 characters"),
    # the NUL byte is named first, whatever else the row has wrong
    ("activities.csv", {"kind": "lunch", "next_step": "\x00"}, "next_step contains a NUL byte"),
])
def test_each_kind_of_bad_cell_is_one_short_reason(name, cells, reason):
    got = _check(name, **cells)
    assert isinstance(got, str)
    assert got.startswith(reason), got
    assert "\n" not in got and "pydantic" not in got and "Input should" not in got


def test_a_batch_with_bad_rows_gives_each_row_its_own_answer():
    good = _cells(GOOD["activities.csv"])
    bad = {**good, "kind": "lunch"}
    got = bm.validate_many(bm.ActivityRow, [good, bad, good])
    assert isinstance(got[0], bm.ActivityRow) and isinstance(got[2], bm.ActivityRow)
    assert got[1] == "kind must be one of visit, call, meeting, demo, message: 'lunch'"
    assert all(isinstance(r, bm.ActivityRow) for r in bm.validate_many(bm.ActivityRow, [good] * 3))


# ---------- the load's settings: references still checked, and everything put back ----------

TZ = ZoneInfo("Asia/Shanghai")


def test_a_reference_the_row_checks_missed_is_still_refused(engine, tmp_path, monkeypatch):
    """The load runs without SQLite's row-by-row foreign keys; its end-of-file check is the net."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL checks every row's foreign keys as it is written")
    b = write_finance_bundle(tmp_path / "b")
    (b / "activities.csv").write_text(
        "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date\n"
        "A9,R1,C404,,call,2026-11-18T10:00:00+08:00,x,,\n", encoding="utf-8")
    known_nothing = dict(br.CHECKS, **{"activities.csv": lambda row, known, tz: {
        "id": row.id, "user_id": row.user_id, "customer_id": row.customer_id, "contact_id": None, "kind": row.kind,
        "occurred_at": row.occurred_at, "occurred_on": row.occurred_at.date(), "summary": row.summary,
        "next_step": "", "followup_date": None, "status": "done"}})
    monkeypatch.setattr(br, "CHECKS", known_nothing)
    with pytest.raises(BundleError) as err:
        import_bundle(engine, b, TZ)
    assert err.value.errors[0].startswith("activities.csv: the database refused a row: "), err.value.errors
    with engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM activities")).scalar_one() == 0


def test_foreign_keys_and_the_collector_are_back_after_an_import(engine, tmp_path):
    b = write_finance_bundle(tmp_path / "b")
    import_bundle(engine, b, TZ)
    (b / "deals.csv").write_text("id,customer_id,title,owner_id,amount,currency,expected_close,created_at\n"
                                 "D9,C1,t,R1,-5,CNY,,2026-11-01T10:00:00+08:00\n", encoding="utf-8")
    with pytest.raises(BundleError):
        import_bundle(engine, b, TZ)
    assert gc.isenabled()
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


# ---------- the fast path of activities (storage.bundle_fast) ----------

_ACTIVITY_HEADER = list(br.FILES["activities.csv"])
_TZ = ZoneInfo("Asia/Shanghai")


def _known() -> br.Known:
    return br.Known(users={"U1"}, customers={"C1", "C2"}, contact_customer={"P1": "C1", "P2": "C2"}, deals=set())


def _by_model(cells: dict[str, str], tz: ZoneInfo = _TZ) -> tuple[str | None, ...] | str:
    """What the model path stores for a row (SQLite's forms), or its reason."""
    row = bm.validate(bm.ActivityRow, bm.cells(list(cells), list(cells.values())))
    if isinstance(row, str):
        return row
    try:
        v = br.check_activity(row, _known(), tz)
    except br.RowError as e:
        return str(e)
    return (v["id"], v["user_id"], v["customer_id"], v["contact_id"], v["kind"], bf.sqlite_datetime(v["occurred_at"]),
            v["occurred_on"].isoformat(), v["summary"], v["next_step"],
            v["followup_date"] and v["followup_date"].isoformat(), v["status"])


def _by_fast(cells: dict[str, str], stamps: bf.Stamps | None = None) -> tuple[str | None, ...] | None:
    full = {c: "" for c in _ACTIVITY_HEADER} | cells
    got = bf.activities(list(full), [(2, list(full.values()))], _known(), stamps or bf.Stamps(_TZ), set())
    return None if got is None else got[0]


@pytest.mark.parametrize("cells", [
    {},
    {"contact_id": "P1", "status": "planned", "next_step": "报价"},
    {"occurred_at": " 2026-11-18T23:30:00+08:00 ", "summary": "  拜访  "},  # cells are stripped
    {"occurred_at": "2026-11-18T20:30:00-05:00"},  # the local day differs from the written one
    {"followup_date": "1900-01-01"},
    {"followup_date": "2024-02-29"},
    {"kind": "message", "followup_date": ""},
])
def test_the_fast_path_takes_a_usual_row_and_stores_what_the_model_path_stores(cells):
    row = {**GOOD["activities.csv"], **cells}
    fast = _by_fast(row)
    assert fast is not None
    assert fast == _by_model(row)


@pytest.mark.parametrize(("zone", "stamps"), [
    ("Asia/Kolkata", ["2026-11-18T18:10:00+00:00", "2026-11-18T18:40:00+00:00", "2026-11-18T23:40:00+05:30"]),
    ("America/New_York", ["2026-11-01T05:30:00+00:00", "2026-11-01T06:30:00+00:00", "2026-11-01T01:30:00-05:00",
                          "2026-03-08T06:59:59+00:00", "2026-03-08T07:00:00+00:00"]),  # around the clocks' changes
    ("Asia/Shanghai", ["2026-11-18T15:59:00+00:00", "2026-11-18T16:00:00+00:00", "2026-11-18T16:59:59+00:00"]),
])
def test_the_fast_path_gives_each_timestamp_its_local_day_in_any_zone(zone, stamps):
    tz, seen_by_one = ZoneInfo(zone), bf.Stamps(ZoneInfo(zone))  # (one Stamps for all: as within an import)
    for at in stamps:
        row = {**GOOD["activities.csv"], "occurred_at": at}
        assert _by_fast(row, seen_by_one) == _by_model(row, tz), at


@pytest.mark.parametrize("cells", [
    {"occurred_at": "1900-01-01T07:59:59+08:00"},  # 1899 in UTC
    {"occurred_at": "1900-01-01T08:00:00+08:00"},  # good, but the first year is left to the model
    {"occurred_at": "2026-02-30T10:00:00+08:00"},
    {"occurred_at": "2026-11-18T10:00:00"},  # no UTC offset
    {"occurred_at": "2026-11-18T10:00:00Z"},  # good, but not the usual form
    {"occurred_at": "2026-11-18 10:00:00+08:00"},
    {"followup_date": "2026-11-31"},
    {"followup_date": "2026/11/25"},
    {"status": "Planned"},  # good (lower-cased by the model), not the usual form
    {"status": "maybe"},
    {"kind": "lunch"},
    {"id": ""},
    {"id": "A" * 65},
    {"summary": "a\x00b"},
    {"summary": "x" * 10_001},
    {"checkin": "y" * 10_001},
    {"user_id": "U9"},
    {"customer_id": "C9"},
    {"contact_id": "P9"},
    {"contact_id": "P2"},  # another customer's contact
])
def test_the_fast_path_leaves_any_other_row_to_the_model_path(cells):
    row = {**GOOD["activities.csv"], "checkin": "", **cells}
    assert _by_fast(row) is None


def test_the_fast_path_leaves_a_batch_with_a_duplicate_id_to_the_model_path():
    values = [GOOD["activities.csv"].get(c, "") for c in _ACTIVITY_HEADER]
    stamps = bf.Stamps(_TZ)
    assert bf.activities(_ACTIVITY_HEADER, [(2, values), (3, values)], _known(), stamps, set()) is None
    seen: set[object] = {"A1"}
    assert bf.activities(_ACTIVITY_HEADER, [(2, values)], _known(), stamps, seen) is None
    seen = set()
    assert bf.activities(_ACTIVITY_HEADER, [(2, values)], _known(), stamps, seen) is not None
    assert seen == {"A1"}
    assert bf.activities(list(reversed(_ACTIVITY_HEADER)), [(2, values[::-1])], _known(), stamps, set()) is None
