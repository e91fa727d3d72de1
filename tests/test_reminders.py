"""Morning reminders, their buttons, escalation to the manager, the reminder shortly before a timed
plan, and the installment-due reminder — on the team of tests/followthrough_support.py."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select, text

from bot.jobs import run_followthrough
from bot.plan_time import clock_time, clock_times
from bot.tick_command import tick
from storage.db import make_engine
from storage.models import Activity
from tests.followthrough_support import TZ, at, load_team, say, summary, team_settings

ACT = Activity.__table__
HEAD = "id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date,status\n"


@pytest.fixture
def team(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    yield engine
    engine.dispose()


def _rows(engine, sql: str, **kw) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), kw)]


def _act(engine, where, *cols: str) -> list[tuple]:
    """Typed columns of activities (dates as dates on every backend)."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*(ACT.c[c] for c in cols)).where(where).order_by(ACT.c.id))]


def _morning(engine, settings, day: str):
    got = run_followthrough(engine, settings, at(day, "08:00"))
    return {e.to: e for e in got if e.job in ("reminder", "escalation")}


# ---------- the morning message ----------

def test_twelve_plans_show_ten_with_buttons_then_and_2_more(db_url, tmp_path):
    engine = make_engine(db_url)
    plans = "".join(f"Q{i:02d},R1,C1,,call,2026-11-{i + 1:02d}T00:00:00+08:00,电话{i},,,planned\n" for i in range(1, 13))
    load_team(engine, tmp_path, {"activities.csv": HEAD + plans})
    got = _morning(engine, team_settings(escalate_after_days=0), "11-13")  # Friday; plans of 11-02..11-13
    assert set(got) == {"R1"}  # R2 has nothing due: nothing is sent to R2
    msg = got["R1"].text.splitlines()
    assert msg[0] == "☀️ 早上好，王磊！今天要跟进 12 项："
    assert msg[1] == "1. 杭州明德食品集团有限公司 · 电话 · 逾期11天 · 电话1"  # oldest first
    assert msg[10] == "10. 杭州明德食品集团有限公司 · 电话 · 逾期2天 · 电话10"
    assert msg[11] == "…还有 2 项（发「我的跟进」看全部）"
    with engine.connect() as conn:
        payload = conn.execute(text("SELECT payload FROM outbox WHERE key = 'remind:R1:2026-11-13'")).scalar()
    import json

    buttons = json.loads(payload)["buttons"]
    assert len(buttons) == 40  # done, tomorrow, next week, cancel for each of the 10 shown
    assert buttons[:4] == [{"id": "rdone:p:Q01", "label": "✅1"}, {"id": "rpost:1:p:Q01", "label": "1→明天"},
                           {"id": "rpost:7:p:Q01", "label": "1→下周"}, {"id": "rcancel:p:Q01", "label": "✖1"}]
    engine.dispose()


def test_english_message_today_with_time_and_follow_up(db_url, tmp_path):
    engine = make_engine(db_url)
    rows = HEAD + ("Q1,R1,C1,,visit,2026-11-04T15:30:00+08:00,bring the proposal,,,planned\n"
                   "A2,R1,C3,,call,2026-11-01T10:00:00+08:00,call,send the quote,2026-11-04,done\n")
    load_team(engine, tmp_path, {"activities.csv": rows})
    got = _morning(engine, team_settings(language="en", escalate_after_days=0), "11-04")
    assert got["R1"].text.splitlines() == [
        "☀️ Good morning, 王磊! 2 to follow up today:",
        "1. 杭州明德食品集团有限公司 · visit · today 15:30 · bring the proposal",
        "2. 苏州恒通物流有限公司 · follow-up · today · send the quote"]
    engine.dispose()


def test_a_follow_up_superseded_by_a_newer_done_activity_is_not_reminded(db_url, tmp_path):
    engine = make_engine(db_url)
    rows = HEAD + ("A1,R1,C1,,visit,2026-11-01T10:00:00+08:00,x,,2026-11-03,done\n"
                   "A2,R1,C1,,call,2026-11-02T10:00:00+08:00,y,,,done\n"
                   "A3,R1,C3,,call,2026-11-02T10:00:00+08:00,z,,2026-11-09,done\n")
    load_team(engine, tmp_path, {"activities.csv": rows})
    assert _morning(engine, team_settings(), "11-04") == {}  # A1's date is no open follow-up; A3's is later
    engine.dispose()


# ---------- buttons ----------

def test_done_on_a_plan_marks_it_done_once_and_counts_it_today(team):
    s = team_settings()
    before = _rows(team, "SELECT count(*) FROM activities")[0][0]
    r = say(team, s, "R1", at("11-04", "11:00"), press="rdone:p:P3")
    assert r[0].text == "✅ 已完成：拜访 苏州恒通物流有限公司，记为今天的拜访。"
    assert _act(team, ACT.c.id == "P3", "status", "occurred_on") == [("done", date(2026, 11, 4))]
    assert _rows(team, "SELECT count(*) FROM activities")[0][0] == before  # the same row, not a second one
    again = say(team, s, "R1", at("11-04", "11:01"), press="rdone:p:P3")
    assert again[0].text == "这条提醒已经处理过了。"


def test_postpone_a_plan_keeps_its_time(team):
    s = team_settings()
    r = say(team, s, "R1", at("11-04", "08:10"), press="rpost:7:p:P3")
    assert r[0].text == "📅 已推迟：苏州恒通物流有限公司 · 拜访 → 11-11（周三）"
    (on, when), = _act(team, ACT.c.id == "P3", "occurred_on", "occurred_at")
    assert on == date(2026, 11, 11) and when.astimezone(TZ).time() == time(10, 0)
    text_ = _morning(team, s, "11-05")["R1"].text  # only C1's follow-up (11-04) is left on 11-05
    assert "今天要跟进 1 项" in text_ and "恒通" not in text_


def test_cancel_a_plan_and_a_follow_up(team):
    s = team_settings()
    assert say(team, s, "R1", at("11-05", "08:10"), press="rcancel:p:P3")[0].text == \
        "✖ 已取消：苏州恒通物流有限公司 · 拜访"
    assert _rows(team, "SELECT count(*) FROM activities WHERE id = 'P3'") == [(0,)]
    assert _rows(team, "SELECT count(*) FROM audit_log WHERE action = 'delete' AND entity_id = 'P3'") == [(1,)]
    assert say(team, s, "R1", at("11-05", "08:11"), press="rcancel:f:A1")[0].text == \
        "✖ 已取消：杭州明德食品集团有限公司 · 跟进"
    assert _act(team, ACT.c.id == "A1", "followup_date") == [(None,)]
    assert "R1" not in _morning(team, s, "11-06")


def test_done_on_a_follow_up_logs_an_activity_and_closes_it(team):
    s = team_settings()
    r = say(team, s, "R1", at("11-05", "09:00"), press="rdone:f:A1")
    assert r[0].text.startswith("✅ 已记下：杭州明德食品集团有限公司 跟进完成。")
    assert r[0].buttons == []  # nothing more is asked
    new = _act(team, (ACT.c.customer_id == "C1") & (ACT.c.id != "A1"), "kind", "summary", "status", "occurred_on")
    assert new == [("visit", "发报价", "done", date(2026, 11, 5))]
    assert say(team, s, "R1", at("11-05", "09:01"), press="rdone:f:A1")[0].text == "这条提醒已经处理过了。"


def test_postpone_a_follow_up_to_tomorrow(team):
    s = team_settings()
    say(team, s, "R1", at("11-05", "09:00"), press="rpost:1:f:A1")
    assert _act(team, ACT.c.id == "A1", "followup_date") == [(date(2026, 11, 6),)]


@pytest.mark.parametrize("who, allowed", [("R2", False), ("M1", True), ("U0", True)])
def test_only_the_person_reminded_or_a_manager_above_may_tap(team, who, allowed):
    r = say(team, team_settings(), who, at("11-04", "09:00"), press="rdone:p:P3")
    status = _rows(team, "SELECT status FROM activities WHERE id = 'P3'")[0][0]
    assert status == ("done" if allowed else "planned")
    if not allowed:
        assert r[0].text == "这条不是您的提醒，不能操作。"


# ---------- escalation ----------

def test_escalation_once_per_follow_up_and_again_after_a_new_date(team):
    s = team_settings(escalate_after_days=2)
    got = _morning(team, s, "11-05")  # P3 (11-03) is 2 days overdue; A1 (11-04) only 1
    assert got["M1"].job == "escalation"
    assert got["M1"].text == "⚠️ 团队逾期跟进（超过 2 天）：\n王磊：苏州恒通物流有限公司（逾期2天）"
    got = _morning(team, s, "11-06")  # A1 now 2 days overdue; P3 was shown already
    assert got["M1"].text == "⚠️ 团队逾期跟进（超过 2 天）：\n王磊：杭州明德食品集团有限公司（逾期2天）"
    say(team, s, "R1", at("11-06", "10:00"), press="rpost:1:p:P3")  # P3 moves to 11-07: a new date
    got = _morning(team, s, "11-09")  # Monday: P3 (11-07) is 2 days overdue again
    assert got["M1"].text == "⚠️ 团队逾期跟进（超过 2 天）：\n王磊：苏州恒通物流有限公司（逾期2天）"
    assert "M1" not in _morning(team, s, "11-10")  # each shown once
    assert _rows(team, "SELECT count(*) FROM audit_log WHERE action = 'escalate'") == [(3,)]


def test_escalation_off_with_zero(team):
    got = _morning(team, team_settings(escalate_after_days=0), "11-13")
    assert "M1" not in got and "R1" in got


# ---------- the reminder shortly before a timed plan ----------

def test_a_timed_plan_is_reminded_once_half_an_hour_before(team):
    s = team_settings()
    assert [e for e in tick(team, s, at("11-03", "09:29")) if e.job == "reminder_soon"] == []
    soon = [e for e in tick(team, s, at("11-03", "09:31")) if e.job == "reminder_soon"]
    assert summary(soon) == [("reminder_soon", "R1")]
    assert soon[0].text == "⏰ 10:00 拜访：苏州恒通物流有限公司 · 带方案上门"
    assert tick(team, s, at("11-03", "09:40")) == []
    assert tick(team, s, at("11-03", "10:05")) == []


def test_a_plan_without_a_time_is_not_reminded_again(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path, {"activities.csv": HEAD + "Q1,R1,C1,,call,2026-11-03T00:00:00+08:00,打电话,,,planned\n"})
    s = team_settings()
    for hhmm in ("08:00", "11:45", "16:00", "23:50"):
        assert [e.job for e in tick(engine, s, at("11-03", hhmm)) if e.job == "reminder_soon"] == []
    engine.dispose()


def test_a_plan_said_in_chat_with_a_time_keeps_it(team):
    s = team_settings()
    replies = say(team, s, "R1", at("11-03", "18:00"), text="明天下午3点给明德食品打电话")
    assert replies
    rows = _act(team, (ACT.c.status == "planned") & (ACT.c.customer_id == "C1"), "occurred_at")
    assert len(rows) == 1 and rows[0][0].astimezone(TZ).strftime("%m-%d %H:%M") == "11-04 15:00"
    soon = [e for e in tick(team, s, at("11-04", "14:40")) if e.job == "reminder_soon"]
    assert len(soon) == 1 and soon[0].text.startswith("⏰ 15:00 电话：杭州明德食品集团有限公司")


# ---------- installments ----------

def test_installment_due_unpaid_is_told_once_with_the_unpaid_part(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path, {
        "installments.csv": "contract_id,due_on,amount\nK1,2026-11-02,500\nK1,2026-11-05,1000\nK2,2026-11-05,500\n",
        "payments.csv": "id,contract_id,received_on,amount,by\nHK1,K1,2026-11-03,900,R2\nHK2,K2,2026-11-05,500,R1\n"})
    s = team_settings()
    got = [e for e in run_followthrough(engine, s, at("11-05", "08:00")) if e.job == "installment"]
    # K1: 1500 due by 11-05, 900 paid → 600 of this part unpaid; K2: paid on the day
    assert [(e.to, e.text) for e in got] == [("R2", "💰 今天到期未回款：南京华信电子有限公司 · 「华信一期」本期 ¥600")]
    assert [e for e in run_followthrough(engine, s, at("11-05", "17:00")) if e.job == "installment"] == []
    engine.dispose()


# ---------- clock times said in a plan ----------

@pytest.mark.parametrize("said, clock", [
    ("明天上午10点去拜访恒通", time(10, 0)), ("下午3点半给黎总打电话", time(15, 30)), ("晚上8点请客户吃饭", time(20, 0)),
    ("周三下午两点开会", time(14, 0)), ("中午12点见", time(12, 0)), ("明天早上九点一刻出发", time(9, 15)),
    ("明天14:30演示", time(14, 30)), ("下午3点20分到", time(15, 20)),
    ("call Acme Tuesday at 3pm", time(15, 0)), ("demo at 10:30 am tomorrow", time(10, 30)),
    ("meet Mary at noon on Friday", time(12, 0)), ("visit Globex 9.15am", time(9, 15)), ("call at 18:45", time(18, 45)),
    # no part of day: 1–6 o'clock is afternoon business time, 7–12 morning; a part of day wins
    ("三点开会", time(15, 0)), ("两点半去恒通", time(14, 30)), ("明天9点到", time(9, 0)), ("凌晨2点发货", time(2, 0)),
    ("早上6点出发", time(6, 0)), ("call them at 3:30", time(15, 30)), ("call at 03:30", time(3, 30)),
])
def test_clock_time_said(said, clock):
    assert clock_time(said) == clock


@pytest.mark.parametrize("said", ["明天去拜访恒通", "提醒我周五给黎总打电话", "报价50万", "call Acme next week",
                                  "上午10点去恒通，下午3点去华信", "ordered 3 units", "客户提了两点要求",
                                  "第三点是价格", "说了三点顾虑"])
def test_no_one_clock_time(said):
    assert clock_time(said) is None


def test_several_clock_times_in_order():
    assert clock_times("上午10点去恒通，下午3点去华信") == [time(10, 0), time(15, 0)]


# ---------- WeCom: no buttons, the same in words ----------

WECOM_USERS = """id,name,role,team,manager_id,telegram_id,wecom_userid
U0,周总,admin,,,,
M1,李经理,manager,一组,U0,,mgr1
R1,王磊,rep,一组,M1,,wanglei
R2,陈静,rep,一组,M1,,chenjing
"""


@pytest.mark.parametrize("said, status, day", [
    ("完成 1", "done", date(2026, 11, 4)), ("完成第1项", "done", date(2026, 11, 4)), ("done 1", "done", date(2026, 11, 4)),
    ("1 明天", "planned", date(2026, 11, 5)), ("1推迟到明天", "planned", date(2026, 11, 5)),
    ("1 next week", "planned", date(2026, 11, 11)), ("第1项 下周", "planned", date(2026, 11, 11)),
])
def test_wecom_reminder_answered_in_words(db_url, tmp_path, said, status, day):
    engine = make_engine(db_url)
    load_team(engine, tmp_path, {"users.csv": WECOM_USERS})
    s = team_settings()
    got = _morning(engine, s, "11-04")
    assert got["R1"].text.splitlines()[-1] == "（没有按钮时回复「完成 1」「1 明天」「1 下周」「取消 1」）"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT channel, chat FROM outbox WHERE key = 'remind:R1:2026-11-04'")).one() == \
            ("wecom_app", "wanglei")
    say(engine, s, "R1", at("11-04", "09:00"), text=said)  # item 1 is P3 (overdue since 11-03)
    assert _act(engine, ACT.c.id == "P3", "status", "occurred_on") == [(status, day)]
    engine.dispose()


def test_wecom_cancel_in_words_and_a_number_past_the_list_is_no_tap(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path, {"users.csv": WECOM_USERS})
    s = team_settings()
    _morning(engine, s, "11-04")  # 1. P3, 2. C1's follow-up
    say(engine, s, "R1", at("11-04", "09:00"), text="取消 2")
    assert _act(engine, ACT.c.id == "A1", "followup_date") == [(None,)]
    say(engine, s, "R1", at("11-04", "09:01"), text="完成 3")  # there is no item 3: nothing changes
    assert _act(engine, ACT.c.id == "P3", "status") == [("planned",)]
    engine.dispose()


def test_wecom_pool_warning_log_in_words(db_url, tmp_path):
    engine = make_engine(db_url)
    load_team(engine, tmp_path, {"users.csv": WECOM_USERS})
    s = team_settings()
    got = [e for e in run_followthrough(engine, s, at("11-04", "08:00")) if e.job == "pool_warning"]
    assert got[0].to == "R2" and got[0].text.endswith("（没有按钮时回复「记跟进 1」）")
    r = say(engine, s, "R2", at("11-04", "09:00"), text="记跟进 1")
    assert r[0].text == "✅ 已记一次跟进：南京华信电子有限公司（公海倒计时重新开始）。"
    assert _act(engine, ACT.c.customer_id == "C2", "user_id", "status", "occurred_on") == \
        [("R2", "done", date(2026, 11, 4))]
    engine.dispose()


def test_telegram_shows_each_items_buttons_on_one_row():
    from bot.channels.telegram import keyboard
    from bot.replies import Button, Reply

    buttons = [Button(f"{kind}:p:Q{i}", f"{kind}{i}") for i in (1, 2) for kind in ("rdone", "rpost:1", "rpost:7", "rcancel")]
    rows = keyboard(Reply("x", buttons)).inline_keyboard
    assert [[b.callback_data for b in row] for row in rows] == [
        ["rdone:p:Q1", "rpost:1:p:Q1", "rpost:7:p:Q1", "rcancel:p:Q1"],
        ["rdone:p:Q2", "rpost:1:p:Q2", "rpost:7:p:Q2", "rcancel:p:Q2"]]
    choice = keyboard(Reply("x", [Button("pick:1-ab:0", "A"), Button("cancel:1-ab", "取消")])).inline_keyboard
    assert [[b.callback_data for b in row] for row in choice] == [["pick:1-ab:0"], ["cancel:1-ab"]]


def test_two_plans_in_one_message_keep_each_clauses_time(team):
    s = team_settings()
    say(team, s, "R1", at("11-03", "18:00"), text="明天上午10点去拜访明德食品，下午3点给恒通物流打电话")
    rows = _act(team, (ACT.c.status == "planned") & (ACT.c.id != "P3"), "customer_id", "occurred_at")
    assert sorted((c, w.astimezone(TZ).strftime("%m-%d %H:%M")) for c, w in rows) == [
        ("C1", "11-04 10:00"), ("C3", "11-04 15:00")]


@pytest.mark.parametrize("press_id", ["rdone:f:A1", "rlog:C1"])
def test_two_taps_at_once_log_one_activity(db_url, tmp_path, press_id):
    import threading

    engine = make_engine(db_url)
    load_team(engine, tmp_path)
    engine.dispose()
    s = team_settings()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def tap() -> None:
        eng = make_engine(db_url)  # a process of its own: its own engine
        try:
            barrier.wait()
            say(eng, s, "R1", at("11-05", "09:00"), press=press_id)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            eng.dispose()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    engine = make_engine(db_url)
    assert _act(engine, (ACT.c.customer_id == "C1") & (ACT.c.id != "A1"), "status", "occurred_on") == \
        [("done", date(2026, 11, 5))]
    engine.dispose()
