"""Hostile bundles a stranger might try: every refusal names FILE:LINE (or FILE, for a file that
is not UTF-8), nothing is written, and neither database sees the bad value (issue 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from storage.bundle import BundleError, import_bundle
from tests.finance_support import FILES, write_finance_bundle

TZ = ZoneInfo("Asia/Shanghai")
ACT_HEAD = "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status\n"


def _refused(engine, folder: Path) -> list[str]:
    with pytest.raises(BundleError) as err:
        import_bundle(engine, folder, TZ)
    with engine.connect() as c:  # nothing of the bundle was written
        assert c.execute(text("SELECT COUNT(*) FROM users")).scalar_one() == 0
        assert c.execute(text("SELECT COUNT(*) FROM activities")).scalar_one() == 0
    return err.value.errors


def _bundle(tmp_path: Path, name: str, body: str, encoding: str = "utf-8") -> Path:
    b = write_finance_bundle(tmp_path / "b")
    (b / name).write_bytes(body.encode(encoding))
    return b


def test_a_gbk_file_is_refused_with_what_to_do(engine, tmp_path):
    b = _bundle(tmp_path, "customers.csv", FILES["customers.csv"] + "C9,深圳华信科技,,,,,,,2026-01-05T10:00:00+08:00\n",
                encoding="gbk")
    errors = _refused(engine, b)  # the rows that refer to its customers are reported after it
    assert errors[0].startswith("customers.csv: is not UTF-8") and "save it as UTF-8" in errors[0]


@pytest.mark.parametrize(("row", "reason"), [
    ("A\x009,R1,C1,,visit,2026-11-18T10:00:00+08:00,x,,,done", "id contains a NUL byte"),
    ("A9,R1,C1,,visit,2026-11-18T10:00:00+08:00,in\x00side,,,done", "summary contains a NUL byte"),
    ("A9,R1,C1,,visit,2026-11-18T10:00:00+08:00," + "长" * 10_001 + ",,,done",
     "summary is longer than 10,000 characters (10,001)"),
    ("A" + "9" * 70 + ",R1,C1,,visit,2026-11-18T10:00:00+08:00,x,,,done", "id is longer than 64 characters"),
    ("A9,R1,C1,,visit,9999-12-31T23:59:59+00:00,x,,,done", "occurred_at is outside the years 1900-2200"),
    ("A9,R1,C1,,visit,0001-01-01T00:00:00+14:00,x,,,done", "occurred_at is outside the years"),
    ("A9,R1,C1,,visit,2026-11-18T10:00:00+08:00,x,,0002-01-01,done", "followup_date is outside the years"),
])
def test_unstorable_text_is_refused_with_file_and_line(engine, tmp_path, row, reason):
    b = _bundle(tmp_path, "activities.csv", ACT_HEAD + "A1,R1,C1,,visit,2026-11-18T10:00:00+08:00,ok,,,done\n"
                + row + "\n")
    errors = _refused(engine, b)
    assert errors == [f"activities.csv:3: {reason}"] or (len(errors) == 1 and errors[0].startswith(
        "activities.csv:3: ") and reason in errors[0]), errors


def test_a_ten_megabyte_field_is_refused_with_its_line(engine, tmp_path):
    b = _bundle(tmp_path, "activities.csv", ACT_HEAD + "A1,R1,C1,,visit,2026-11-18T10:00:00+08:00,ok,,,done\n"
                + 'A2,R1,C1,,visit,2026-11-18T10:00:00+08:00,"' + "x" * 10_000_000 + '",,,done\n')
    errors = _refused(engine, b)
    assert len(errors) == 1 and errors[0].startswith("activities.csv:3: "), errors[0][:200]
    assert "10,000 characters" in errors[0]


@pytest.mark.parametrize("amount", ["1e25", "100000000000.01", "9" * 40, "NaN", "-Infinity", "sNaN", "-1"])
def test_implausible_amounts_are_refused_before_any_overflow(engine, tmp_path, amount):
    b = _bundle(tmp_path, "deals.csv", FILES["deals.csv"] + f"D9,C1,big,R1,{amount},CNY,,2026-11-01T10:00:00+08:00\n")
    errors = _refused(engine, b)
    assert len(errors) == 1 and errors[0].startswith("deals.csv:3: amount "), errors


@pytest.mark.parametrize("value", ["1e400", "nan", "-5", "1e12"])
def test_implausible_target_values_are_refused(engine, tmp_path, value):
    b = _bundle(tmp_path, "targets.csv", f"user_id,metric,start,end,value\nR1,won_amount,2026-11-01,2026-11-30,{value}\n")
    assert _refused(engine, b) == [f"targets.csv:2: value must be a number from 0 to 10^11: {value!r}"]


def test_the_largest_plausible_amount_is_stored_exactly(engine, tmp_path):
    b = _bundle(tmp_path, "deals.csv", FILES["deals.csv"] + "D9,C1,big,R1,100000000000,CNY,,2026-11-01T10:00:00+08:00\n")
    import_bundle(engine, b, TZ)
    with engine.connect() as c:
        assert c.execute(text("SELECT amount_cents FROM deals WHERE id = 'D9'")).scalar_one() == 10_000_000_000_000


def test_broken_quoting_names_its_line(engine, tmp_path):
    b = _bundle(tmp_path, "contacts.csv", FILES["contacts.csv"] + 'P3,C1,"unterminated,b,1,\n')
    errors = _refused(engine, b)
    assert len(errors) == 1 and errors[0].startswith("contacts.csv:"), errors


def test_cli_says_it_plainly_and_writes_nothing(tmp_path):
    b = _bundle(tmp_path, "users.csv", FILES["users.csv"].replace("Alice", "爱丽丝"), encoding="gbk")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    p = subprocess.run([sys.executable, "-m", "bot.cli", "--db", db, "import", str(b)], capture_output=True,
                       text=True)
    assert p.returncode == 1
    assert "users.csv: is not UTF-8" in p.stderr and "save it as UTF-8" in p.stderr
    assert "Traceback" not in p.stderr and "nothing was written" in p.stderr


# ---------- bulk loading (large files: secondary indexes rebuilt once) ----------

def _index_names(engine) -> set[str]:
    from sqlalchemy import inspect

    insp = inspect(engine)
    return {ix["name"] for t in ("activities", "customers", "contracts") for ix in insp.get_indexes(t)}


def test_a_bulk_load_rebuilds_every_index_and_stores_the_same_rows(engine, tmp_path):
    from storage.bundle import export_bundle

    before = _index_names(engine)
    assert "ix_activities_user_on_kind" in before and "ix_contracts_signed_on" in before
    b = write_finance_bundle(tmp_path / "b")
    import_bundle(engine, b, TZ, bulk_bytes=0)  # every file counts as large
    assert _index_names(engine) == before
    export_bundle(engine, tmp_path / "out", TZ)
    for name, body in FILES.items():
        got = sorted((tmp_path / "out" / name).read_text(encoding="utf-8").splitlines()[1:])
        assert got == sorted(body.splitlines()[1:]), name


def test_a_refused_bulk_load_leaves_the_indexes(engine, tmp_path):
    before = _index_names(engine)
    b = _bundle(tmp_path, "payments.csv", FILES["payments.csv"] + "P9,K9,2026-11-01,10,R1\n")
    with pytest.raises(BundleError):
        import_bundle(engine, b, TZ, bulk_bytes=0)
    assert _index_names(engine) == before
