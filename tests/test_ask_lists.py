"""List questions and customer lookups (METRICS.md "Lists"), Chinese and English, on SQLite and
PostgreSQL, against the hand-made bundle of tests/ask_support.py. Expected ids are read off the
bundle by hand (the comment of each case says why)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.list_text import CHAT_ROWS
from tests.ask_support import ask, ids, load

# (question, asker, list, expected ids in the default order)
CASES = [
    # deals: open ones closing in November (D1 11-30 is 东组's; D7 11-28 南组's), by expected close
    ("本月有哪些商机要签？", "M1", "deals", ["D1"]),
    ("which deals are closing this month", "A0", "deals", ["D7", "D1"]),
    ("本月要签的单子有哪些", "A0", "deals", ["D7", "D1"]),
    # won / lost in the period (D3 won 11-05, D5 won 10-20; D4 lost 10-15, D6 lost 11-12)
    ("这个月赢了哪些单", "A0", "deals", ["D3"]),
    ("what deals did we win last month", "A0", "deals", ["D5"]),
    ("上个月丢了哪些单，为什么", "A0", "deals", ["D4"]),
    ("lost deals this month and why", "M1", "deals", ["D6"]),
    ("丢单原因", "A0", "deals", ["D6"]),
    # biggest open deals: D1 500k, D7 400k, D2 200k
    ("top 2 biggest deals", "A0", "deals", ["D1", "D7"]),
    ("最大的几个商机", "M1", "deals", ["D1", "D2"]),
    # customers
    ("我的客户有哪些", "R1", "customers", ["C1", "C2"]),
    ("my customers", "R2", "customers", ["C3", "C6"]),
    ("公海里有哪些客户？", "R1", "customers", ["C5"]),
    ("show me the public pool", "A0", "customers", ["C5"]),
    # stale: no done activity for > N days (C6 none since created 01-10; C4 last 11-03)
    ("哪些客户一个月没人跟进了", "A0", "customers", ["C6"]),
    ("which customers haven't been contacted in two weeks", "A0", "customers", ["C6", "C4"]),
    ("本月新增了哪些客户", "A0", "customers", ["C2"]),
    # activities of a rep in a period, of a customer (newest first)
    ("王磊今天干了啥", "M1", "activities", ["A1"]),
    ("what did 王磊 do this week", "M1", "activities", ["A1", "A2", "A8"]),
    ("查一下明德科技的跟进记录", "R1", "activities", ["A1", "A8", "A3"]),
    ("activities for Acme", "R2", "activities", ["A4", "A9", "A5"]),
    # contacts
    ("Acme的联系人有哪些", "R2", "contacts", ["P3"]),
    ("明德科技黎总电话多少", "R1", "contacts", ["P1"]),
    ("what's 邱建's phone number", "A0", "contacts", ["P4"]),
    # follow-ups: due next week (C2 planned 11-24, C1 11-25, C3 11-27); overdue (C4 11-10, C2 11-18, C6 planned 11-18)
    ("下周要跟进哪些客户", "A0", "followups", ["C2", "C1", "C3"]),
    ("哪些客户的跟进已经逾期了？", "A0", "followups", ["C4", "C2", "C6"]),
    ("which follow-ups are overdue", "M1", "followups", ["C2", "C6"]),
    # payments received (PY1 11-12, PY3 11-02; PY2 10-28), contracts owed (K1 overdue 50k first, then K3)
    ("本月回款明细", "A0", "payments", ["PY1", "PY3"]),
    ("list the payments received last month", "A0", "payments", ["PY2"]),
    ("谁还欠着款没付清？", "A0", "payments", ["K1", "K3"]),
    ("who still owes us money", "M1", "payments", ["K1"]),
    ("哪些合同逾期了", "A0", "payments", ["K1"]),
    # the asker's own activities; a customer's last visit; the biggest won deal; payments counted by their list
    ("what did I do yesterday", "R1", "activities", ["A2"]),
    ("明德科技上次拜访是什么时候", "R1", "activities", ["A1"]),
    ("biggest deal we won this year", "A0", "deals", ["D3"]),
    ("上个月有几笔回款", "A0", "payments", ["PY2"]),
    # payments received asked with 收/回 or "came in"; a bare noun phrase of overdue follow-ups is their list
    ("这个月收了哪些款", "A0", "payments", ["PY1", "PY3"]),
    ("上月回了哪几笔款", "A0", "payments", ["PY2"]),
    ("what payments came in this month", "A0", "payments", ["PY1", "PY3"]),
    ("跟进逾期了的客户", "A0", "followups", ["C4", "C2", "C6"]),
    ("overdue follow-up customers", "A0", "followups", ["C4", "C2", "C6"]),
    # installments past due are the contracts with money overdue (K1), never the follow-ups;
    # "should have been followed up" is the overdue follow-ups
    ("逾期的分期有哪些", "A0", "payments", ["K1"]),
    ("哪几笔分期超期了", "A0", "payments", ["K1"]),
    ("有哪些款逾期没回", "M1", "payments", ["K1"]),
    ("which installments are past due", "A0", "payments", ["K1"]),
    ("overdue installments", "A0", "payments", ["K1"]),
    ("show me the late payments", "A0", "payments", ["K1"]),
    ("哪些客户该跟进没跟进", "A0", "followups", ["C4", "C2", "C6"]),
    ("which follow-ups did we miss", "A0", "followups", ["C4", "C2", "C6"]),
    # a rep asking what was done, naming no one: their own activities (A1 today, A2 yesterday)
    ("今天干了啥", "R1", "activities", ["A1"]),
    ("昨天忙了些什么", "R1", "activities", ["A2"]),
    ("what have I done today", "R1", "activities", ["A1"]),
    # a rep said by id or by the pinyin of the name (王磊 = R1)
    ("R1今天干了啥", "M1", "activities", ["A1"]),
    ("what did Wang Lei do this week", "M1", "activities", ["A1", "A2", "A8"]),
    # customers by the city their name carries; counts of the pool and of one's own answered by the list
    ("深圳的客户有哪些", "A0", "customers", ["C5"]),
    ("公海客户有多少", "A0", "customers", ["C5"]),
    ("我名下有几个客户", "R2", "customers", ["C3", "C6"]),
    # one customer
    ("明德科技最近怎么样", "R1", "customers", ["C1"]),
    ("how is Acme doing", "M1", "customers", ["C3"]),
]


@pytest.fixture
def bundle(engine, tmp_path):
    load(engine, tmp_path / "bundle")
    return engine


@pytest.mark.parametrize(("question", "asker", "kind", "expected"), CASES, ids=[c[0] for c in CASES])
def test_list_questions_give_the_rows_in_order(bundle, question, asker, kind, expected):
    res = ask(bundle, question, asker)
    assert (res.list, res.metric) == (kind, None), res.text
    assert ids(res) == expected
    assert res.value == len(expected)
    assert res.series is None


def test_plain_sql_agrees_on_the_overdue_follow_ups(bundle):
    """The overdue list, recounted with plain SQL: the latest done activity's follow-up before today,
    or a planned activity dated before today."""
    sql = text("""
        SELECT c.id FROM customers c WHERE c.owner_id IS NOT NULL AND (
          (SELECT a.followup_date FROM activities a WHERE a.customer_id = c.id AND a.status = 'done'
             ORDER BY a.occurred_at DESC LIMIT 1) < :today
          OR EXISTS (SELECT 1 FROM activities p WHERE p.customer_id = c.id AND p.status = 'planned'
                     AND p.occurred_on < :today))
        ORDER BY c.id""")
    with bundle.connect() as conn:
        want = sorted(r[0] for r in conn.execute(sql, {"today": "2026-11-20"}))
    assert sorted(ids(ask(bundle, "哪些客户的跟进已经逾期了", "A0"))) == want


def test_lost_deals_show_their_reasons(bundle):
    res = ask(bundle, "上个月丢了哪些单，为什么", "A0")
    assert res.rows[0]["reason"] == "价格太高" and "价格太高" in res.text
    res = ask(bundle, "why did we lose deals this month", "A0")
    assert res.list == "deals" and "选了竞品" in res.text


def test_lists_keep_to_what_the_asker_may_see(bundle):
    assert ids(ask(bundle, "本月要签的商机有哪些", "M2")) == ["D7"]  # 南组 only
    assert ids(ask(bundle, "my customers", "R3")) == ["C4"]
    res = ask(bundle, "how is Acme doing", "R3")  # 陈静's customer: 刘洋 may not see it
    assert res.rows is None and res.value is None and "Acme" in res.text


def test_the_lookup_text_has_deals_activities_and_next_follow_up(bundle):
    res = ask(bundle, "明德科技最近怎么样", "R1")
    assert "明德扩容项目" in res.text and "2026-11-20" in res.text
    assert "下次跟进：2026-11-25" in res.text


def test_a_list_in_chat_shows_at_most_twenty_rows_and_says_how_many_more(bundle):
    with bundle.begin() as conn:
        for i in range(25):
            conn.execute(text("INSERT INTO customers (id, name, aliases, owner_id, created_at, created_on) "
                              "VALUES (:id, :name, '', NULL, '2026-01-01 02:00:00.000000', '2026-01-01')"),
                         {"id": f"X{i:02d}", "name": f"临江第{i:02d}贸易有限公司"})
    res = ask(bundle, "公海里有哪些客户", "A0")
    assert res.value == 26 and len(res.rows) == 26
    lines = [ln for ln in res.text.splitlines() if ln.startswith("·")]
    assert len(lines) == CHAT_ROWS and "还有 6 条" in res.text
