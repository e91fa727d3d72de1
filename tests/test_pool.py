"""The public-pool rules: when a customer is due back (from its owner's last done activity, else
from when the owner got it), warnings once per return date, returns with their audit rows, the
claim cap, release by the owner or their manager only, and "本周退回公海的客户"."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.jobs import run_followthrough
from storage import pool
from storage.db import make_engine
from storage.models import AuditEntry, Customer
from tests.followthrough_support import TZ, at, load_team, say, summary, team_settings

HEAD = "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status\n"
CUS = Customer.__table__
AUD = AuditEntry.__table__


@pytest.fixture
def team(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    yield engine
    engine.dispose()


def _owner(engine, cid: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(CUS.c.owner_id).where(CUS.c.id == cid)).scalar()


def _audits(engine, action: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(AUD.c.entity_id, AUD.c.user_id).where(AUD.c.action == action)
                                               .order_by(AUD.c.id))]


# ---------- the clock ----------

def test_clock_counts_from_the_owners_last_done_activity_else_from_when_they_got_it(db_url, tmp_path):
    engine = make_engine(db_url)
    rows = HEAD + ("X1,R1,C1,,visit,2026-11-01T10:00:00+08:00,a,,,done\n"
                   "X2,M1,C1,,visit,2026-11-03T10:00:00+08:00,manager's visit: not the owner's,,,done\n"
                   "X3,R1,C1,,visit,2026-11-04T10:00:00+08:00,a plan is no done activity,,,planned\n"
                   "X4,R1,C4,,call,2026-11-02T10:00:00+08:00,R1 is not C4's owner,,,done\n")
    load_team(engine, tmp_path, {"activities.csv": rows})
    with engine.begin() as conn:
        clocks = {c.customer_id: (c.owner_id, c.since, c.returns_on) for c in pool.pool_clocks(conn, 10, TZ)}
    assert clocks == {
        "C1": ("R1", date(2026, 11, 1), date(2026, 11, 11)),
        "C2": ("R2", date(2026, 10, 30), date(2026, 11, 9)),  # no activity: created_at
        "C3": ("R1", date(2026, 10, 1), date(2026, 10, 11)),
        "C4": ("R2", date(2026, 10, 1), date(2026, 10, 11)),
    }  # C5 is in the pool: no clock
    say(engine, team_settings(), "R2", at("11-05", "10:00"), text="/claim 远航软件")
    with engine.begin() as conn:
        c5 = [c for c in pool.pool_clocks(conn, 10, TZ) if c.customer_id == "C5"]
    assert [(c.owner_id, c.since, c.returns_on) for c in c5] == [("R2", date(2026, 11, 5), date(2026, 11, 15))]
    engine.dispose()


def test_rules_off_with_zero(team):
    got = run_followthrough(team, team_settings(return_after_days=0, escalate_after_days=0), at("11-20"))
    assert [e for e in got if e.job.startswith("pool")] == []
    assert _owner(team, "C2") == "R2"


def test_no_warnings_with_warn_days_zero_but_returns_still_happen(team):
    s = team_settings(warn_days=0)
    assert [e.job for e in run_followthrough(team, s, at("11-05")) if e.job.startswith("pool")] == []
    got = run_followthrough(team, s, at("11-06"))
    assert [(e.job, e.customer_id) for e in got if e.job.startswith("pool")] == [("pool_return", "C2")]


# ---------- warnings and returns ----------

def test_warning_lists_the_customers_with_a_one_tap_follow_up(team):
    got = [e for e in run_followthrough(team, team_settings(), at("11-07", "08:00")) if e.job == "pool_warning"]
    assert summary(got) == [("pool_warning", "R1"), ("pool_warning", "R2")]
    r2 = next(e for e in got if e.to == "R2")
    assert r2.text.splitlines() == ["⚠️ 1 个客户快要退回公海了（7 天没有跟进记录就退回）：",
                                    "1. 深圳安泰建材有限公司 · 2 天后退回（11-09）",
                                    "跟进后发一句话给我，或点下面的按钮记一次跟进。"]
    r = say(team, team_settings(), "R2", at("11-07", "09:00"), press="rlog:C4")
    assert r[0].text == "✅ 已记一次跟进：深圳安泰建材有限公司（公海倒计时重新开始）。"
    assert say(team, team_settings(), "R2", at("11-07", "09:01"), press="rlog:C4")[0].text == \
        "今天已经记过 深圳安泰建材有限公司 的跟进了。"
    # R1 may not log on R2's customer
    assert say(team, team_settings(), "R1", at("11-07", "09:02"), press="rlog:C4")[0].text == \
        "深圳安泰建材有限公司 现在不归您负责，不能记这次跟进。"


def test_warned_once_per_return_date_returned_with_an_audit_row(team):
    s = team_settings()
    assert summary(e for e in run_followthrough(team, s, at("11-04")) if e.job.startswith("pool")) == \
        [("pool_warning", "R2")]
    assert [e for e in run_followthrough(team, s, at("11-05")) if e.job.startswith("pool")] == []
    got = run_followthrough(team, s, at("11-06"))
    assert [(e.job, e.customer_id) for e in got if e.job == "pool_return"] == [("pool_return", "C2")]
    assert _owner(team, "C2") is None
    assert _audits(team, "pool_return") == [("C2", None)]
    assert _audits(team, "pool_warn") == [("C2", None), ("C1", None)]  # C1 (back 11-08) warned on 11-06


def test_english_warning(team):
    got = [e for e in run_followthrough(team, team_settings(language="en"), at("11-04")) if e.job == "pool_warning"]
    assert got[0].text.splitlines()[:2] == [
        "⚠️ 1 customers will go back to the public pool (no follow-up logged for 7 days):",
        "1. 南京华信电子有限公司 · returns in 2 days (11-06)"]


# ---------- the claim cap ----------

@pytest.mark.parametrize("lang, said, refusal", [
    ("zh", "认领 远航软件", "不能认领：您名下已有 2 个客户，已到上限 2 个。可以先「释放 客户名」再认领。"),
    ("zh", "我要认领远航软件", "不能认领：您名下已有 2 个客户，已到上限 2 个。可以先「释放 客户名」再认领。"),
    ("en", "claim 远航软件", "Cannot claim: you own 2 customers, the cap is 2. Release one first (\"release NAME\")."),
])
def test_a_rep_at_the_cap_cannot_claim_and_is_told_why(team, lang, said, refusal):
    s = team_settings(max_private=2)
    r = say(team, s, "R1", at("11-05", "10:00"), text=said)
    assert r[0].text == refusal
    assert _owner(team, "C5") is None


def test_under_the_cap_a_claim_works_and_a_release_makes_room(team):
    s = team_settings(max_private=2)
    say(team, s, "R1", at("11-05", "10:00"), text="释放 恒通物流")
    assert _owner(team, "C3") is None
    r = say(team, s, "R1", at("11-05", "10:01"), text="认领 远航软件")
    assert r[0].text == "✅ 已认领 成都远航软件有限公司，现在由您负责。"
    assert _owner(team, "C5") == "R1"


# ---------- release ----------

@pytest.mark.parametrize("who, said, released, reply", [
    ("R1", "释放 明德食品", True, "↩️ 已释放 杭州明德食品集团有限公司 到公海。"),
    ("R1", "把明德食品放回公海", True, "↩️ 已释放 杭州明德食品集团有限公司 到公海。"),
    ("R1", "release 明德食品 to the pool", True, "↩️ Released 杭州明德食品集团有限公司 to the public pool."),
    ("M1", "释放 明德食品", True, "↩️ 已释放 杭州明德食品集团有限公司 到公海。"),
    ("R2", "释放 明德食品", False, "「杭州明德食品集团有限公司」由 王磊 负责，只有负责人或其主管可以释放。"),
    ("R2", "release 明德食品 back to the public pool", False,
     "\"杭州明德食品集团有限公司\" belongs to 王磊; only the owner or their manager may release it."),
])
def test_release_by_the_owner_or_their_manager_only(team, who, said, released, reply):
    r = say(team, team_settings(), who, at("11-05", "10:00"), text=said)
    assert r[0].text == reply
    assert _owner(team, "C1") == (None if released else "R1")
    assert _audits(team, "release") == ([("C1", who)] if released else [])


def test_release_of_a_pool_customer_or_an_unknown_one(team):
    s = team_settings()
    assert say(team, s, "R1", at("11-05"), text="释放 远航软件")[0].text == "「成都远航软件有限公司」已经在公海里了。"
    assert say(team, s, "R1", at("11-05"), text="/release 不存在的公司")[0].text == "没有找到客户「不存在的公司」。"


# ---------- which customers went back ----------

def test_returned_to_pool_this_week_for_a_manager_and_a_rep(team):
    s = team_settings()
    run_followthrough(team, s, at("11-06"))  # C2 (R2) back automatically
    say(team, s, "R1", at("11-06", "10:00"), text="释放 恒通物流")  # C3 (R1) by hand
    with team.connect() as conn:
        both = pool.returned_to_pool(conn, date(2026, 11, 2), date(2026, 11, 8), TZ)
        only_r1 = pool.returned_to_pool(conn, date(2026, 11, 2), date(2026, 11, 8), TZ, {"R1"})
        last_week = pool.returned_to_pool(conn, date(2026, 10, 26), date(2026, 11, 1), TZ)
    assert [(r["customer_id"], r["from_owner_name"], r["how"], r["on"]) for r in both] == [
        ("C3", "王磊", "release", date(2026, 11, 6)), ("C2", "陈静", "auto", date(2026, 11, 6))]
    assert [r["customer_id"] for r in only_r1] == ["C3"]
    assert last_week == []


@pytest.mark.parametrize("said, intent", [
    ("释放 明德食品", "command"), ("把明德食品放回公海", "command"), ("明德食品退回公海", "command"),
    ("release 明德食品 to the pool", "command"), ("put Acme back in the pool", "command"),
    ("release date confirmed with 明德食品", "log"), ("本周退回公海", "unknown"),
])
def test_parse_reads_a_release_as_a_command(db_url, tmp_path, capsys, said, intent):
    import json

    from bot.cli import main

    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    engine.dispose()
    assert main(["--db", db_url, "parse", said, "--as", "R1", "--json", "--now", "2026-11-05T10:00:00+08:00"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["intent"] == intent if intent != "unknown" else got["intent"] != "command"


def test_a_follow_up_logged_after_the_clock_was_read_keeps_the_customer(team):
    with team.begin() as conn:
        c2 = next(c for c in pool.pool_clocks(conn, 7, TZ) if c.customer_id == "C2")
    say(team, team_settings(), "R2", at("11-06", "08:59"), press="rlog:C2")  # logged in between
    with team.begin() as conn:
        assert pool.return_to_pool(conn, c2, at("11-06"), 7) is False
    assert _owner(team, "C2") == "R2" and _audits(team, "pool_return") == []


@pytest.mark.parametrize("who, said, want", [
    ("M1", "本周退回公海的客户", ["本周退回公海的客户（2）：", "• 苏州恒通物流有限公司 · 王磊 · 11-06 · 手动释放",
                              "• 南京华信电子有限公司 · 陈静 · 11-06 · 7 天无跟进自动退回"]),
    ("M1", "这周有哪些客户回了公海？", ["本周退回公海的客户（2）：", "• 苏州恒通物流有限公司 · 王磊 · 11-06 · 手动释放",
                                 "• 南京华信电子有限公司 · 陈静 · 11-06 · 7 天无跟进自动退回"]),
    ("R1", "本周退回公海的客户", ["本周退回公海的客户（1）：", "• 苏州恒通物流有限公司 · 王磊 · 11-06 · 手动释放"]),
    ("M1", "上周退回公海的客户", ["上周没有客户退回公海。"]),
    ("M1", "which customers went back to the pool this week?",
     ["Customers returned to the pool this week (2):", "• 苏州恒通物流有限公司 · 王磊 · 11-06 · released by hand",
      "• 南京华信电子有限公司 · 陈静 · 11-06 · no follow-up for 7 days"]),
])
def test_asking_which_customers_went_back_in_chat(team, who, said, want):
    s = team_settings()
    run_followthrough(team, s, at("11-06"))
    say(team, s, "R1", at("11-06", "10:00"), text="释放 恒通物流")
    assert say(team, s, who, at("11-06", "18:00"), text=said)[0].text.splitlines() == want


def test_ask_lists_the_customers_returned_this_week(db_url, tmp_path, capsys):
    import json

    from bot.cli import main

    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    s = team_settings()
    run_followthrough(engine, s, at("11-06"))
    engine.dispose()
    assert main(["--db", db_url, "ask", "本周退回公海的客户", "--as", "M1", "--json",
                 "--now", "2026-11-07T10:00:00+08:00"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["list"] == "customers" and got["metric"] is None and got["value"] == 1
    assert got["rows"] == [{"id": "C2", "name": "南京华信电子有限公司", "owner": "陈静", "returned_on": "2026-11-06",
                            "how": "auto"}]
    assert got["period"] == {"start": "2026-11-02", "end": "2026-11-07"}
