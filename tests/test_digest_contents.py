"""What the digest says, on a small hand-made team whose every number is worked out below by
hand: the deals won and lost on the day by name with the loss reasons, done activities only,
nobody silent on a day off, money per team (the day's collections, overdue receivables with
the customers owing most, installments due in the week it is read), a day in the future
refused — and every number the text states is in `figures`. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.digest import DigestError, build_digest
from domain.settings import load_settings
from tests.bundle_support import import_files, write_files
from tests.conftest import REPO

TZ = ZoneInfo("Asia/Shanghai")
THU = date(2026, 11, 19)  # the digest's day; read on Friday 11-20, whose week runs to Sunday 11-22
SAT = date(2026, 11, 21)

BUNDLE = {
    "users.csv": """id,name,role,team,manager_id,telegram_id,wecom_userid
U0,周总,admin,,,,
M1,李经理,manager,一组,U0,,
R1,王磊,rep,一组,M1,,
R2,陈静,rep,一组,M1,,
M2,张经理,manager,二组,U0,,
R3,刘洋,rep,二组,M2,,
""",
    "customers.csv": """id,name,aliases,tier,industry,region,source,owner_id,created_at
C1,杭州明德食品集团有限公司,明德食品,A,食品,华东,老客户,R1,2026-03-01T10:00:00+08:00
C2,南京华信电子有限公司,华信电子,B,制造,华东,官网,R2,2026-03-02T10:00:00+08:00
C3,宁波远航物流有限公司,远航物流,B,物流,华东,展会,R3,2026-03-03T10:00:00+08:00
C4,Harbor Foods Inc.,Harbor,A,食品,海外,展会,R1,2026-03-04T10:00:00+08:00
""",
    "contacts.csv": "id,customer_id,name,title,phone\n",
    "deals.csv": """id,customer_id,title,owner_id,amount,currency,expected_close,created_at
D1,C1,明德年度合同,R1,1200000,CNY,2026-11-30,2026-10-01T10:00:00+08:00
D2,C2,华信产线,R2,300000,CNY,2026-11-30,2026-10-02T10:00:00+08:00
D3,C3,远航仓储,R3,500000,CNY,2026-12-15,2026-10-03T10:00:00+08:00
D4,C4,Harbor pilot,R1,80000,CNY,2026-11-30,2026-10-05T10:00:00+08:00
""",
    "deal_events.csv": """deal_id,at,stage,amount,by,reason
D1,2026-10-01T10:00:00+08:00,lead,1200000,R1,
D1,2026-11-19T15:00:00+08:00,won,,R1,
D2,2026-10-02T10:00:00+08:00,proposal,300000,R2,
D2,2026-11-19T10:00:00+08:00,lost,,R2,价格太高
D3,2026-10-03T10:00:00+08:00,lead,500000,R3,
D3,2026-11-19T16:00:00+08:00,lost,,R3,选了竞品
D4,2026-10-05T10:00:00+08:00,lead,80000,R1,
D4,2026-11-18T11:00:00+08:00,won,,R1,
""",
    "activities.csv": """id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status
A1,R1,C1,,visit,2026-11-19T09:00:00+08:00,签约拜访,,,done
A2,R2,C2,,visit,2026-11-19T14:00:00+08:00,计划拜访,,,planned
A3,R3,C3,,call,2026-11-19T11:00:00+08:00,电话,,,done
A4,R1,C4,,visit,2026-11-21T10:00:00+08:00,周六拜访,,,done
""",
    "targets.csv": "user_id,metric,start,end,value\n",
    "contracts.csv": """id,customer_id,deal_id,owner_id,title,amount,currency,signed_on
K1,C1,D1,R1,明德年度合同,1200000,CNY,2026-11-19
K2,C2,,R2,华信维保,200000,CNY,2026-09-01
K3,C3,,R3,远航仓储一期,400000,CNY,2026-08-01
K4,C4,D4,R1,Harbor pilot,10000,USD,2026-08-01
""",
    "installments.csv": """contract_id,due_on,amount
K1,2026-11-20,360000
K1,2026-12-31,840000
K2,2026-10-01,100000
K2,2026-11-01,100000
K3,2026-09-01,400000
K4,2026-10-01,10000
""",
    "payments.csv": """id,contract_id,received_on,amount,by
P1,K2,2026-10-05,100000,R2
P2,K3,2026-11-19,150000,R3
""",
}
# By hand, read on 11-20: K2 owes 200,000 due before it − 100,000 paid = 100,000 overdue; K3 400,000 −
# 150,000 = 250,000; K4 $10,000 × 7.2 = 72,000; K1's first 360,000 falls due on 11-20 (this week), unpaid.


@pytest.fixture
def team_engine(engine, tmp_path):
    import_files(engine, tmp_path / "bundle", BUNDLE, TZ)
    return engine


def _digest(engine, day=THU, team=None, lang="zh"):
    s = load_settings()
    s.org = s.org.model_copy(update={"language": lang})
    return build_digest(engine, s, day, team, charts=False, today=date(2026, 11, 23))


def test_won_and_lost_deals_are_named_with_the_loss_reasons(team_engine):
    d = _digest(team_engine)
    f = d.figures
    assert f["won"] == [{"id": "D1", "customer": "杭州明德食品集团有限公司", "owner": "王磊", "amount": 1200000.0}]
    assert sorted((x["id"], x["reason"], x["amount"]) for x in f["lost"]) == [
        ("D2", "价格太高", 300000.0), ("D3", "选了竞品", 500000.0)]
    assert (f["won_deals"], f["won_amount"], f["lost_deals"]) == (1, 1200000.0, 2)  # D4 was won the day before
    assert "🏆 赢单：杭州明德食品集团有限公司 ¥1,200,000（王磊）" in d.text
    lost = next(line for line in d.text.splitlines() if line.startswith("❌"))
    assert "南京华信电子有限公司 ¥300,000（陈静） · 原因：价格太高；" in lost
    assert "宁波远航物流有限公司 ¥500,000（刘洋） · 原因：选了竞品" in lost


def test_english_names_the_deals_too(team_engine):
    text = _digest(team_engine, lang="en").text
    assert "🏆 Won: 杭州明德食品集团有限公司 ¥1,200,000 (王磊)" in text
    assert "reason: 价格太高" in text


def test_a_team_digest_names_only_its_own_deals(team_engine):
    f = _digest(team_engine, team="二组").figures
    assert f["won"] == [] and [x["id"] for x in f["lost"]] == ["D3"]


def test_only_done_activities_count_and_the_planned_rep_is_silent(team_engine):
    f = _digest(team_engine).figures
    assert f["visits"] == {"王磊": 1, "陈静": 0, "刘洋": 0}  # 陈静's visit on the day was only planned
    assert f["activities"] == {"王磊": 1, "陈静": 0, "刘洋": 1}
    assert (f["total_visits"], f["total_activities"]) == (1, 2)
    assert f["inactive_reps"] == ["陈静"] and f["working_day"] is True
    assert f["target_attainment"] == {"王磊": None, "陈静": None, "刘洋": None}


def test_no_targets_is_said_so(team_engine):
    assert "🎯 本月未设目标" in _digest(team_engine).text
    assert "🎯 No targets set this month" in _digest(team_engine, lang="en").text


def test_nobody_is_silent_on_a_day_off(team_engine):
    sat = _digest(team_engine, SAT)
    assert sat.figures["working_day"] is False
    assert sat.figures["inactive_reps"] == []
    assert "当日无记录" not in sat.text and "😴" not in sat.text
    assert sat.figures["visits"]["王磊"] == 1  # what was done on the day off still counts


def test_a_day_off_is_whatever_digest_days_leaves_out(team_engine):
    s = load_settings()
    s.digest = s.digest.model_copy(update={"days": ["mon", "tue", "wed", "fri"]})  # Thursday off
    d = build_digest(team_engine, s, THU, charts=False)
    assert d.figures["inactive_reps"] == []


def test_money_for_the_whole_org_and_per_team(team_engine):
    f = _digest(team_engine).figures
    assert f["collected_amount"] == 150000.0
    assert [(p["customer"], p["amount"]) for p in f["payments"]] == [("宁波远航物流有限公司", 150000.0)]
    assert f["overdue_receivables"] == 422000.0  # 100,000 + 250,000 + 72,000
    assert f["overdue_customers"] == [{"customer": "宁波远航物流有限公司", "amount": 250000.0},
                                      {"customer": "南京华信电子有限公司", "amount": 100000.0},
                                      {"customer": "Harbor Foods Inc.", "amount": 72000.0}]
    assert f["installments_due"] == {"start": "2026-11-20", "end": "2026-11-22", "count": 1, "amount": 360000.0,
                                     "items": [{"customer": "杭州明德食品集团有限公司", "due_on": "2026-11-20",
                                                "amount": 360000.0}]}
    assert f["collected_amount_by_team"] == {"一组": 0.0, "二组": 150000.0}
    assert f["overdue_receivables_by_team"] == {"一组": 172000.0, "二组": 250000.0}
    one = _digest(team_engine, team="一组").figures
    assert (one["collected_amount"], one["payments"], one["overdue_receivables"]) == (0.0, [], 172000.0)
    assert [c["customer"] for c in one["overdue_customers"]] == ["南京华信电子有限公司", "Harbor Foods Inc."]
    assert one["installments_due"]["amount"] == 360000.0
    two = _digest(team_engine, team="二组").figures
    assert two["installments_due"]["items"] == [] and "collected_amount_by_team" not in two


def test_money_lines(team_engine):
    text = _digest(team_engine).text
    assert "💴 当日回款 ¥150,000（一组 ¥0 · 二组 ¥150,000）：宁波远航物流有限公司 ¥150,000" in text
    assert "⚠️ 逾期应收 ¥422,000（一组 ¥172,000 · 二组 ¥250,000）：宁波远航物流有限公司 ¥250,000" in text
    assert "📅 本周（11-20–11-22）到期未付 1 笔 ¥360,000：杭州明德食品集团有限公司 11-20 ¥360,000" in text


def _numbers(value) -> set[float]:
    if isinstance(value, dict):
        return set().union(*(_numbers(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_numbers(v) for v in value)) if value else set()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return set()
    return {round(float(value), 2)}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("day", "team"), [(THU, None), (THU, "一组"), (SAT, "二组")])
def test_every_number_the_text_states_is_in_the_figures(team_engine, lang, day, team):
    d = _digest(team_engine, day, team, lang)
    known = _numbers(d.figures)
    body = "\n".join(d.text.splitlines()[1:])  # the first line is the date
    body = re.sub(r"\d{2}-\d{2}", "", body)  # dates of installments and the week
    stated = {round(float(n.replace(",", "")), 2) for n in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", body)}
    assert stated, d.text
    missing = {n for n in stated if n not in known and -n not in known}
    assert not missing, (missing, d.text)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=REPO)


def test_a_day_in_the_future_is_refused_in_one_line(team_engine, tmp_path):
    with pytest.raises(DigestError, match="future"):
        build_digest(team_engine, load_settings(), date(2026, 11, 21), charts=False, today=date(2026, 11, 20))
    assert build_digest(team_engine, load_settings(), date(2026, 11, 20), charts=False, today=date(2026, 11, 20))
    db = f"sqlite:///{tmp_path / 'f.db'}"
    folder = write_files(tmp_path / "b", BUNDLE)
    assert _cli("--db", db, "import", str(folder)).returncode == 0
    p = _cli("--db", db, "--now", "2026-11-20T18:00:00+08:00", "digest", "--date", "2026-11-21", "--json")
    assert p.returncode == 1 and p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1 and "future" in p.stderr and "Traceback" not in p.stderr
    ok = _cli("--db", db, "--now", "2026-11-20T18:00:00+08:00", "digest", "--json")  # default: yesterday
    assert ok.returncode == 0, ok.stderr
    out = json.loads(ok.stdout)
    assert out["date"] == "2026-11-19" and out["figures"]["won"][0]["id"] == "D1"
