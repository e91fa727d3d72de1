"""`salesbot parse` through the command line on an imported bundle: single message, --jsonl with
error lines, and the database left untouched."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from bot.cli import main
from storage.db import make_engine

NOW = "2026-11-20T18:00:00+08:00"
TABLES = ["users", "customers", "contacts", "deals", "deal_events", "activities", "audit_log", "inbound_messages"]


@pytest.fixture
def fixture_db(dev_db_url):
    return dev_db_url  # the dev fixture, imported once per session, a private copy per test


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        out = {t: conn.execute(select(func.count()).select_from(text(t))).scalar_one() for t in TABLES}
    engine.dispose()
    return out


def test_single_message(fixture_db, capsys):
    before = _counts(fixture_db)
    code = main(["--db", fixture_db, "parse", "明德食品邱总电话，报价60万已发，预计月底签", "--as", "R01", "--now", NOW, "--json"])
    assert code == 0
    got = json.loads(capsys.readouterr().out)
    assert got["intent"] == "log"
    assert got["visit"]["customer_id"] == "C0010" and got["visit"]["kind"] == "call" and got["visit"]["date"] == "2026-11-20"
    assert got["deal"] == {"customer": "杭州明德食品集团有限公司", "customer_id": "C0010", "candidates": None,
                           "stage": "proposal", "amount": 600000.0, "currency": "CNY", "close_date": "2026-11-30",
                           "lost_reason": None, "deal_id": "D0015", "deal_candidates": None, "new": False, "title": "明德年度采购"}
    assert [r["type"] for r in got["records"]] == ["activity", "deal"]  # the call and its customer's one open deal
    assert _counts(fixture_db) == before  # parse reads, never writes


def test_ambiguous_short_form_lists_candidates(fixture_db, capsys):
    assert main(["--db", fixture_db, "parse", "拜访了明德", "--as", "R01", "--now", NOW]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["visit"]["customer"] == "明德" and got["visit"]["customer_id"] is None
    assert sorted(got["visit"]["candidates"]) == ["C0010", "C0051"]


def test_jsonl_with_error_lines(fixture_db, tmp_path, capsys):
    lines = [
        json.dumps({"id": "a", "text": "凯胜软件签了！120万", "user": "R02", "now": NOW}, ensure_ascii=False),
        json.dumps({"id": "b", "text": "拜访了明德", "user": "NOBODY", "now": NOW}, ensure_ascii=False),
        json.dumps({"id": "c", "text": "拜访了明德", "user": "R01", "now": "last tuesday"}, ensure_ascii=False),
        "this is not json",
        json.dumps({"id": "d", "text": "本月各销售拜访量", "user": "M1", "now": NOW}, ensure_ascii=False),
        json.dumps({"id": "e", "text": "Lost Initech, they picked a competitor", "user": "R06", "now": NOW}),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _counts(fixture_db)
    assert main(["--db", fixture_db, "parse", "--jsonl", str(f)]) == 0
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [o.get("id") for o in out] == ["a", "b", "c", None, "d", "e"]
    assert out[0]["deal"]["customer_id"] == "C0093" and out[0]["deal"]["stage"] == "won" and out[0]["visit"] is None
    assert "unknown user" in out[1]["error"] and "NOBODY" in out[1]["error"]
    assert "ISO 8601" in out[2]["error"]
    assert "not JSON" in out[3]["error"]
    assert out[4] == {"id": "d", "intent": "query", "visit": None, "deal": None, "records": []}
    # Initech's only deal is already won: a loss of a deal that is not open records nothing
    assert out[5]["intent"] == "log" and out[5]["deal"] is None and out[5]["records"] == []
    assert _counts(fixture_db) == before


def test_unreadable_file_and_unknown_speaker(fixture_db, tmp_path, capsys):
    assert main(["--db", fixture_db, "parse", "--jsonl", str(tmp_path / "missing.jsonl")]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert main(["--db", fixture_db, "parse", "拜访了明德", "--as", "ZZZ", "--now", NOW]) == 1
    assert "unknown user: ZZZ" in capsys.readouterr().err
    assert main(["--db", fixture_db, "parse", "", "--as", "R01"]) == 1


def test_explain_names_the_rules(fixture_db, capsys):
    assert main(["--db", fixture_db, "parse", "今天拜访了汇通电子闫军，明天上午去明德食品", "--as", "R01", "--now", NOW,
                 "--explain"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [(r["type"], r.get("status"), r["customer_id"]) for r in got["records"]] == [
        ("activity", "done", "C0048"), ("activity", "planned", "C0010")]
    per_record = got["explain"]["records"]  # the rules that made each record, in the order of records
    assert len(per_record) == 2 and got["explain"]["engine"] == "rules"
    assert "activity.done" in per_record[0] and per_record[0][-1] == "record:activity"
    assert "activity.planned" in per_record[1]
    assert main(["--db", fixture_db, "parse", "拜访了汇通电子", "--as", "R01", "--now", NOW]) == 0
    assert "explain" not in json.loads(capsys.readouterr().out)  # only when asked
