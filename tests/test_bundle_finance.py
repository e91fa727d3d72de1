"""Bundle files of contracts, installments and payments, activity status and contact email:
checked row by row (FILE:LINE), one transaction, export -> import round-trips."""

from __future__ import annotations

import csv
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from storage.bundle import BundleError, export_bundle, import_bundle, table_fingerprint
from storage.models import Activity, Contact, Contract, DealEvent, Installment, Payment
from tests.finance_support import FILES, write_finance_bundle

TZ = ZoneInfo("Asia/Shanghai")


def _rows(folder: Path) -> dict[str, list[list[str]]]:
    out = {}
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        out[f.name] = [rows[0]] + sorted(rows[1:])
    return out


def test_finance_bundle_round_trips_and_reimports_unchanged(engine, tmp_path):
    bundle = write_finance_bundle(tmp_path / "in")
    counts = import_bundle(engine, bundle, TZ)
    assert (counts["contracts.csv"], counts["installments.csv"], counts["payments.csv"]) == (6, 7, 6)
    export_bundle(engine, tmp_path / "a", TZ)
    # the bundle was written with every column: export gives back exactly its rows
    assert _rows(tmp_path / "a") == _rows(bundle)
    with engine.connect() as c:
        before = table_fingerprint(c)
        assert before["contracts"] == 6 and before["payments"] == 6 and before["installments"] == 7
        k2 = c.execute(select(Contract.amount_cents, Contract.currency, Contract.deal_id)
                       .where(Contract.id == "K2")).one()
        assert k2 == (1000000, "USD", None)
    import_bundle(engine, bundle, TZ)
    import_bundle(engine, tmp_path / "a", TZ)
    with engine.connect() as c:
        assert table_fingerprint(c) == before
    export_bundle(engine, tmp_path / "b", TZ)
    assert _rows(tmp_path / "b") == _rows(tmp_path / "a")


def test_status_email_and_reason_are_optional_columns(engine, tmp_path):
    b = write_finance_bundle(tmp_path / "in", skip=("contracts.csv", "installments.csv", "payments.csv"))
    (b / "activities.csv").write_text(
        "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date\n"
        "A1,R1,C1,,visit,2026-11-18T10:00:00+08:00,old format,,\n", encoding="utf-8")
    (b / "contacts.csv").write_text("id,customer_id,name,title,phone\nP1,C1,黎总,总经理,138\n", encoding="utf-8")
    (b / "deal_events.csv").write_text("deal_id,at,stage,amount,by\nD1,2026-08-01T10:00:00+08:00,lead,,R1\n"
                                       "D1,2026-09-15T10:00:00+08:00,lost,,R1\n", encoding="utf-8")
    import_bundle(engine, b, TZ)
    (b / "activities.csv").write_text(
        "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status\n"
        "A2,R1,C1,,call,2026-11-23T10:00:00+08:00,plan,,,planned\n"
        "A3,R1,C1,,call,2026-11-19T10:00:00+08:00,empty status,,,\n", encoding="utf-8")
    (b / "deal_events.csv").write_text("deal_id,at,stage,amount,by,reason\n"
                                       "D1,2026-09-15T10:00:00+08:00,lost,,R1,价格太高\n", encoding="utf-8")
    import_bundle(engine, b, TZ)
    with engine.connect() as c:
        assert dict(c.execute(select(Activity.id, Activity.status)).all()) == {"A1": "done", "A2": "planned",
                                                                               "A3": "done"}
        assert c.execute(select(Contact.email)).scalar_one() is None
        assert c.execute(select(DealEvent.reason).where(DealEvent.stage == "lost")).scalar_one() == "价格太高"
    export_bundle(engine, tmp_path / "out", TZ)
    head = (tmp_path / "out" / "activities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert head.endswith(",followup_date,status")
    assert "P1,C1,黎总,总经理,138," in (tmp_path / "out" / "contacts.csv").read_text(encoding="utf-8")


def _with(tmp_path: Path, name: str, extra: str) -> tuple[Path, int]:
    b = write_finance_bundle(tmp_path / "bad")
    (b / name).write_text(FILES[name] + extra + "\n", encoding="utf-8")
    return b, FILES[name].count("\n") + 1


@pytest.mark.parametrize(("name", "row", "reason"), [
    ("contracts.csv", "K9,C9,,R1,t,100,CNY,2026-11-01", "customer_id 'C9': no such customer"),
    ("contracts.csv", "K9,C2,D1,R2,t,100,CNY,2026-11-01", "deal_id 'D1' belongs to customer C1, not C2"),
    ("contracts.csv", "K9,C2,,R9,t,100,CNY,2026-11-01", "owner_id 'R9': no such user"),
    ("contracts.csv", "K9,C2,,R2,t,-100,CNY,2026-11-01", "amount must be a non-negative number"),
    ("contracts.csv", "K9,C2,,R2,t,1e25,CNY,2026-11-01", "beyond any plausible amount"),
    ("contracts.csv", "K9,C2,,R2,t,100000000001,CNY,2026-11-01", "beyond any plausible amount"),
    ("contracts.csv", "K9,C2,,R2,t,NaN,CNY,2026-11-01", "amount must be a non-negative number"),
    ("contracts.csv", "K9,C2,,R2,t,Infinity,CNY,2026-11-01", "amount must be a non-negative number"),
    ("contracts.csv", "K9,C2,,R2,t,100,元,2026-11-01", "currency is not an ISO code"),
    ("contracts.csv", "K9,C2,,R2,t,100,CNY,2026/11/01", "signed_on is not a YYYY-MM-DD date"),
    ("contracts.csv", "K1,C2,,R2,t,100,CNY,2026-11-01", "duplicate id K1"),
    ("installments.csv", "K9,2026-12-01,10", "contract_id 'K9': no such contract"),
    ("installments.csv", "K2,2026-12-01,5000.01", "installments of contract K2 add up to 10,000.01, above its amount"),
    ("installments.csv", "K2,2026-12-01,abc", "amount is not a number"),
    ("payments.csv", "P9,K9,2026-11-01,10,R1", "contract_id 'K9': no such contract"),
    ("payments.csv", "P9,K1,2026-11-01,10,R9", "by 'R9': no such user"),
    ("payments.csv", "P9,K1,2026-11-01,1e12,R1", "beyond any plausible amount"),
    ("payments.csv", "P9,K1,,10,R1", "received_on is empty"),
    ("activities.csv", "A9,R1,C1,,visit,2026-11-18T10:00:00+08:00,x,,,maybe", "status must be one of done, planned"),
    ("contacts.csv", "P9,C1,王芳,采购,13800001111,wangfang", "email is not an e-mail address: 'wangfang'"),
    ("contacts.csv", "P9,C1,王芳,采购,13800001111,a b@c.com", "email is not an e-mail address"),
])
def test_bad_finance_rows_are_refused_with_file_and_line(engine, tmp_path, name, row, reason):
    b, line = _with(tmp_path, name, row)
    with pytest.raises(BundleError) as err:
        import_bundle(engine, b, TZ)
    assert len(err.value.errors) == 1, err.value.errors
    assert err.value.errors[0].startswith(f"{name}:{line}: "), err.value.errors
    assert reason in err.value.errors[0]
    with engine.connect() as c:  # nothing of the bundle was written
        assert c.execute(text("SELECT COUNT(*) FROM users")).scalar_one() == 0


def test_a_contract_lowered_below_its_stored_plan_is_refused(engine, tmp_path):
    import_bundle(engine, write_finance_bundle(tmp_path / "in"), TZ)
    b = tmp_path / "lower"
    b.mkdir()
    (b / "contracts.csv").write_text("id,customer_id,deal_id,owner_id,title,amount,currency,signed_on\n"
                                     "K1,C1,D1,R1,Acme rollout,90000,CNY,2026-09-15\n", encoding="utf-8")
    with pytest.raises(BundleError) as err:
        import_bundle(engine, b, TZ)
    assert err.value.errors == ["contracts.csv:2: amount 90000 is below its installments, which add up to 100000"]
    with engine.connect() as c:
        assert c.execute(select(Contract.amount_cents).where(Contract.id == "K1")).scalar_one() == 10000000
        assert c.execute(select(Installment.id)).all() and c.execute(select(Payment.id)).all()
