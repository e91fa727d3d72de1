"""CSV bundle import/export: the dev fixture round-trips; bad rows are refused atomically."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.bundle import BundleError, export_bundle, import_bundle, table_fingerprint
from storage.db import make_engine, upgrade
from storage.models import Activity, Customer, Deal, User
from tests.conftest import DEV_FIXTURE

TZ = ZoneInfo("Asia/Shanghai")


def _sorted_rows(folder: Path) -> dict[str, list[list[str]]]:
    out = {}
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        out[f.name] = [rows[0]] + sorted(rows[1:])
    return out


def _as_written(exported: Path, original: Path) -> dict[str, list[list[str]]]:
    """The exported rows cut to the columns (and files) the original bundle has."""
    out = {}
    for f in sorted(original.glob("*.csv")):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        with (exported / f.name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        out[f.name] = [header] + sorted([r[c] for c in header] for r in rows)
    return out


def _csv_counts(folder: Path) -> dict[str, int]:
    """Data rows per file, read with the csv module alone."""
    out = {}
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            out[f.name] = sum(1 for row in csv.reader(fh) if any(row)) - 1
    return out


def test_fixture_imports_exports_same_rows_and_reimports_unchanged(engine, tmp_path):
    counts = import_bundle(engine, DEV_FIXTURE, TZ)
    assert counts == _csv_counts(DEV_FIXTURE)
    assert counts["activities.csv"] == 1714 and counts["payments.csv"] == 49 and counts["users.csv"] == 11
    export_bundle(engine, tmp_path / "a", TZ)
    assert _as_written(tmp_path / "a", DEV_FIXTURE) == _sorted_rows(DEV_FIXTURE)
    with engine.connect() as c:
        before = table_fingerprint(c)
    import_bundle(engine, DEV_FIXTURE, TZ)
    import_bundle(engine, tmp_path / "a", TZ)
    with engine.connect() as c:
        assert table_fingerprint(c) == before
    export_bundle(engine, tmp_path / "b", TZ)
    assert _sorted_rows(tmp_path / "b") == _sorted_rows(tmp_path / "a")


def test_local_dates_follow_the_org_zone(engine, tmp_path):
    b = tmp_path / "b"
    b.mkdir()
    (b / "users.csv").write_text("id,name,role,team,manager_id,telegram_id,wecom_userid\nU1,甲,rep,,,,\n")
    (b / "customers.csv").write_text(
        "id,name,aliases,tier,industry,region,source,owner_id,created_at\n"
        "C1,某公司,某|某某,A,制造,华东,展会,U1,2026-11-19T23:30:00+00:00\n")
    (b / "activities.csv").write_text(
        "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date\n"
        "A1,U1,C1,,visit,2026-11-19T16:00:00Z,s,,\n")
    import_bundle(engine, b, TZ)
    with engine.connect() as c:
        assert c.execute(select(Customer.created_on)).scalar_one() == date(2026, 11, 20)
        assert c.execute(select(Activity.occurred_on)).scalar_one() == date(2026, 11, 20)
        assert c.execute(select(Customer.aliases)).scalar_one() == "某|某某"


def _copy_fixture(tmp_path: Path) -> Path:
    dst = tmp_path / "bundle"
    shutil.copytree(DEV_FIXTURE, dst)
    return dst


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\r\n"
    path.write_text(text + line + "\r\n", encoding="utf-8")
    return text.count("\n") + 1


def test_one_bad_row_refuses_everything(engine, tmp_path):
    import_bundle(engine, DEV_FIXTURE, TZ)
    with engine.connect() as c:
        before = table_fingerprint(c)
    export_bundle(engine, tmp_path / "before", TZ)
    bundle = _copy_fixture(tmp_path)
    # a changed name on an existing row must not be written either
    users = (bundle / "users.csv").read_text(encoding="utf-8").replace("王磊", "王磊磊")
    (bundle / "users.csv").write_text(users, encoding="utf-8")
    line = _append(bundle / "activities.csv", "A999999,R01,C9999,,visit,2026-11-20T10:00:00+08:00,x,,,done")
    with pytest.raises(BundleError) as err:
        import_bundle(engine, bundle, TZ)
    assert err.value.errors == [f"activities.csv:{line}: customer_id 'C9999': no such customer"]
    with engine.connect() as c:
        assert table_fingerprint(c) == before
        assert c.execute(select(User.name).where(User.id == "R01")).scalar_one() == "王磊"
    export_bundle(engine, tmp_path / "after", TZ)
    assert _sorted_rows(tmp_path / "after") == _sorted_rows(tmp_path / "before")


def test_every_error_is_reported_with_file_and_line(engine, tmp_path):
    b = tmp_path / "b"
    b.mkdir()
    (b / "users.csv").write_text(
        "id,name,role,team,manager_id,telegram_id,wecom_userid\n"
        "U1,甲,rep,,M9,,\n"            # line 2: unknown manager
        "U2,乙,boss,,,,\n"             # line 3: bad role
        "U3,丙,rep,,,123,\n"
        "U4,丁,rep,,,123,\n")          # line 5: duplicate telegram id
    (b / "deals.csv").write_text(
        "id,customer_id,title,owner_id,amount,currency,expected_close,created_at\n"
        "D1,C1,t,U1,12.345,CNY,2026-13-01,2026-11-01T10:00:00\n")
    with pytest.raises(BundleError) as err:
        import_bundle(engine, b, TZ)
    errs = err.value.errors
    assert "users.csv:3: role must be one of rep, manager, admin: 'boss'" in errs
    assert "users.csv:5: telegram_id '123' is also on line 4" in errs
    assert "users.csv:2: manager_id 'M9': no such user" in errs
    assert any(e.startswith("deals.csv:2: ") for e in errs)
    with engine.connect() as c:
        assert c.execute(select(User.id)).first() is None


@pytest.mark.parametrize(("header", "row", "reason"), [
    ("deal_id,at,stage,amount,by", "D0001,2026-11-01T10:00:00+08:00,closed,,R01", "stage must be one of"),
    ("deal_id,at,stage,amount,by", "D0001,yesterday,won,,R01", "at is not an ISO 8601 timestamp"),
    ("deal_id,at,stage,amount,by", "D0001,2026-11-01T10:00:00+08:00,won,-5,R01", "amount must be a non-negative"),
    ("id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date",
     "A1,R01,C0001,P00003,visit,2026-11-01T10:00:00+08:00,x,,", "belongs to customer C0002"),
    ("id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date",
     "A1,R01,C0001,,lunch,2026-11-01T10:00:00+08:00,x,,", "kind must be one of"),
    ("user_id,metric,start,end,value", "R01,won_amount,2026-12-31,2026-12-01,5", "is before start"),
    ("user_id,metric,start,end", "R01,won_amount,2026-12-01,2026-12-31", "missing columns value"),
])
def test_bad_rows_of_each_kind(engine, tmp_path, header, row, reason):
    import_bundle(engine, DEV_FIXTURE, TZ)
    b = tmp_path / "b"
    b.mkdir()
    name = {"deal_id": "deal_events.csv", "id": "activities.csv", "user_id": "targets.csv"}[header.split(",")[0]]
    (b / name).write_text(header + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(BundleError) as err:
        import_bundle(engine, b, TZ)
    assert len(err.value.errors) == 1
    assert err.value.errors[0].startswith(f"{name}:")
    assert reason in err.value.errors[0]


def test_amounts_are_exact_to_the_cent(engine, tmp_path):
    b = tmp_path / "b"
    b.mkdir()
    (b / "users.csv").write_text("id,name,role,team,manager_id,telegram_id,wecom_userid\nU1,甲,rep,,,,\n")
    (b / "customers.csv").write_text("id,name,aliases,tier,industry,region,source,owner_id,created_at\n"
                                     "C1,某公司,,,,,,,2026-11-01T10:00:00+08:00\n")
    (b / "deals.csv").write_text("id,customer_id,title,owner_id,amount,currency,expected_close,created_at\n"
                                 "D1,C1,t,U1,1234567.89,usd,,2026-11-01T10:00:00+08:00\n")
    import_bundle(engine, b, TZ)
    with engine.connect() as c:
        assert c.execute(select(Deal.amount_cents, Deal.currency)).one() == (123456789, "USD")
    export_bundle(engine, tmp_path / "out", TZ)
    assert "1234567.89,USD" in (tmp_path / "out" / "deals.csv").read_text(encoding="utf-8")


def test_cli_import_reports_and_exits_nonzero(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    bundle = _copy_fixture(tmp_path)
    line = _append(bundle / "contacts.csv", "P99999,C0404,某人,,")
    exe = [sys.executable, "-m", "bot.cli", "--db", db]
    bad = subprocess.run(exe + ["import", str(bundle)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"contacts.csv:{line}: customer_id 'C0404': no such customer" in bad.stderr
    assert "Traceback" not in bad.stderr
    good = subprocess.run(exe + ["import", str(DEV_FIXTURE)], capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert f"{_csv_counts(DEV_FIXTURE)['activities.csv']} activities" in good.stdout
    eng = make_engine(db)
    upgrade(eng)
    with eng.connect() as c:
        assert table_fingerprint(c)["customers"] == 116


def test_error_list_is_capped_with_a_count_of_the_rest(sqlite_url, tmp_path):
    eng = make_engine(sqlite_url)
    b = tmp_path / "b"
    b.mkdir()
    rows = "".join(f"U{i},n,wizard,,,,\n" for i in range(80))
    (b / "users.csv").write_text("id,name,role,team,manager_id,telegram_id,wecom_userid\n" + rows)
    with pytest.raises(BundleError) as err:
        import_bundle(eng, b, TZ)
    assert len(err.value.errors) == 50 and err.value.more == 30
    assert err.value.errors[0] == "users.csv:2: role must be one of rep, manager, admin: 'wizard'"
