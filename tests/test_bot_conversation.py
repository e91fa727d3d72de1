"""The conversation core through the terminal channel (the same dispatcher the chat networks use)
and `salesbot chat --jsonl` per CONTRACT.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from domain.settings import Settings
from storage.db import make_engine
from storage.models import (
    Activity,
    AuditEntry,
    Contact,
    ConversationState,
    Customer,
    Deal,
    DealEvent,
    InboundMessage,
)
from tests.bot_support import NOW, count, load_team, one, rows, terminal_chat
from tests.conftest import REPO


@pytest.fixture
def chat(db_url, tmp_path):
    return terminal_chat(db_url, tmp_path)


def test_clear_log_is_saved_at_once_with_audit_and_undo_edit_buttons(chat, db_url):
    r = one(chat, "R01", "今天下午拜访了明德食品邱总，报价60万已发，预计月底签，下周三再去")
    lines = r.text.splitlines()
    assert lines[0] == "✅ 已记录 拜访 · 杭州明德食品集团有限公司 · 邱建(总经理) · 11-20"
    assert lines[1] == "📈 商机 方案报价 · ¥600,000 · 预计 11-30 成交"
    assert lines[2] == "⏰ 跟进 11-25（周三）"
    assert [b.label for b in r.buttons] == ["撤销", "修改"]
    act = rows(db_url, Activity.customer_id, Activity.contact_id, Activity.kind, Activity.occurred_on,
               Activity.followup_date, Activity.message_id, where=Activity.user_id == "R01")
    new = [a for a in act if a[5] is not None]
    assert len(new) == 1
    assert new[0][:3] == ("C1", "P1", "visit") and str(new[0][3]) == "2026-11-20" and str(new[0][4]) == "2026-11-25"
    deal = rows(db_url, Deal.amount_cents, Deal.currency, Deal.expected_close, Deal.created_on,
                where=Deal.customer_id == "C1")
    assert deal == [(60000000, "CNY", deal[0][2], deal[0][3])] and str(deal[0][2]) == "2026-11-30"
    ev = rows(db_url, DealEvent.stage, DealEvent.amount_cents, DealEvent.by, DealEvent.message_id,
              DealEvent.on_date, where=DealEvent.message_id.is_not(None))
    assert ev[0][:3] == ("proposal", 60000000, "R01") and str(ev[0][4]) == "2026-11-20"
    audit = rows(db_url, AuditEntry.action, AuditEntry.entity, AuditEntry.user_id, AuditEntry.message_id)
    assert {(a, e) for a, e, _, _ in audit} >= {("create", "activity"), ("create", "deal"), ("create", "deal_event")}
    assert all(u == "R01" and m == new[0][5] for _, _, u, m in audit if m is not None)
    raw = rows(db_url, InboundMessage.text, InboundMessage.status, InboundMessage.user_id)
    assert raw == [("今天下午拜访了明德食品邱总，报价60万已发，预计月底签，下周三再去", "done", "R01")]


def test_undo_button_removes_everything_the_log_created(chat, db_url):
    before = (count(db_url, Activity.__table__), count(db_url, Deal.__table__), count(db_url, DealEvent.__table__))
    r = one(chat, "R01", "今天拜访了明德食品邱总，报价60万")
    undo = next(b for b in r.buttons if b.label == "撤销")
    u = one(chat, "R01", press=undo.id)
    assert u.text.startswith("↩️ 已撤销") and "杭州明德食品集团有限公司" in u.text
    after = (count(db_url, Activity.__table__), count(db_url, Deal.__table__), count(db_url, DealEvent.__table__))
    assert after == before
    assert ("delete", "activity") in {(a, e) for a, e in rows(db_url, AuditEntry.action, AuditEntry.entity)}
    again = one(chat, "R01", press=undo.id)  # a second tap does nothing
    assert "没有可以撤销" in again.text
    assert count(db_url, Activity.__table__) == before[0]


def test_undo_in_words_restores_an_existing_deal(chat, db_url):
    one(chat, "R01", "明德建材张伟电话，进入商务谈判，金额40万")
    assert rows(db_url, Deal.amount_cents, where=Deal.id == "D1") == [(40000000,)]
    u = one(chat, "R01", "撤销")
    assert u.text.startswith("↩️")
    assert rows(db_url, Deal.amount_cents, where=Deal.id == "D1") == [(30000000,)]
    assert rows(db_url, DealEvent.stage, where=DealEvent.deal_id == "D1") == [("qualified",)]


def test_edit_in_words_applies_to_the_last_record(chat, db_url):
    one(chat, "R01", "今天拜访了明德食品邱总，报价60万，预计月底签")
    r = one(chat, "R01", "金额改成65万")
    assert "¥650,000" in r.text and r.text.startswith("✏️")
    assert rows(db_url, Deal.amount_cents, where=Deal.customer_id == "C1") == [(65000000,)]
    r = one(chat, "R01", "日期是昨天")
    assert "11-19" in r.text.splitlines()[1]
    acts = rows(db_url, Activity.occurred_on, where=Activity.message_id.is_not(None))
    assert [str(a[0]) for a in acts] == ["2026-11-19"]
    r = one(chat, "R01", "不是明德食品，是明德建材")
    assert "南京明德建材有限公司" in r.text and "邱建" not in r.text  # 邱建 works at 明德食品
    acts = rows(db_url, Activity.customer_id, Activity.occurred_on, where=Activity.message_id.is_not(None))
    assert [(a[0], str(a[1])) for a in acts] == [("C2", "2026-11-19")]
    assert rows(db_url, Deal.amount_cents, where=Deal.id == "D1") == [(65000000,)]  # moved onto 明德建材's deal
    assert count(db_url, Deal.__table__) == 1  # 明德食品's new deal was taken back


def test_edit_button_then_words(chat, db_url):
    r = one(chat, "R01", "今天拜访了明德食品邱总")
    edit = next(b for b in r.buttons if b.label == "修改")
    p = one(chat, "R01", press=edit.id)
    assert "金额改成65万" in p.text
    r = one(chat, "R01", "跟进改到下周一")
    assert "⏰ 跟进 11-23（周一）" in r.text


def test_ambiguous_customer_asks_once_and_the_choice_saves(chat, db_url):
    n = count(db_url, Activity.__table__)
    q = one(chat, "R01", "今天拜访了安泰，聊了需求")
    assert "安泰" in q.text and "哪" in q.text
    labels = [b.label for b in q.buttons]
    assert any("安泰教育" in x for x in labels) and any("安泰建材" in x for x in labels) and labels[-1] == "取消"
    assert count(db_url, Activity.__table__) == n  # nothing guessed
    pick = next(b for b in q.buttons if "深圳安泰建材" in b.label)
    r = one(chat, "R01", press=pick.id)
    assert r.text.startswith("✅ 已记录 拜访 · 深圳安泰建材有限公司")
    assert rows(db_url, Activity.customer_id, where=Activity.message_id.is_not(None)) == [("C4",)]
    assert count(db_url, ConversationState.__table__) == 1  # the question is gone, the undo stays
    assert "过期" in one(chat, "R01", press=pick.id).text  # answering twice saves nothing more
    assert count(db_url, Activity.__table__) == n + 1


def test_choice_by_number_and_cancel(chat, db_url):
    q = one(chat, "R01", "今天拜访了安泰")
    idx = next(i for i, b in enumerate(q.buttons, 1) if "安泰教育" in b.label)
    r = one(chat, "R01", str(idx))
    assert "杭州安泰教育科技有限公司" in r.text
    one(chat, "R01", "昨天拜访了安泰")
    c = one(chat, "R01", "取消")
    assert "取消" in c.text
    assert count(db_url, Activity.__table__) == 3


def test_new_customer_is_confirmed_then_created_for_the_speaker(chat, db_url):
    q = one(chat, "R01", "今天拜访了星河科技的李总，聊了合作")
    assert "星河科技" in q.text and "新建" in q.buttons[0].label
    assert rows(db_url, Customer.id, where=Customer.name.contains("星河")) == []
    r = one(chat, "R01", press=q.buttons[0].id)
    assert "🆕" in r.text
    cust = rows(db_url, Customer.id, Customer.owner_id, Customer.created_on, where=Customer.name.contains("星河"))
    assert len(cust) == 1 and cust[0][1] == "R01" and str(cust[0][2]) == "2026-11-20"
    assert rows(db_url, Contact.name, where=Contact.customer_id == cust[0][0]) == [("李总",)]
    one(chat, "R01", "撤销")
    assert rows(db_url, Customer.id, where=Customer.name.contains("星河")) == []


def test_question_gets_text_and_chart(chat, tmp_path):
    r = one(chat, "M1", "本月各销售的拜访量")
    assert "王磊" in r.text
    assert r.chart_png and r.chart_png.startswith(b"\x89PNG")


def test_help_followups_and_claim(chat, db_url):
    assert "认领" in one(chat, "R01", "帮助").text
    f = one(chat, "R01", "今天要跟进谁")  # due today: 明德建材 (11-20); 明德食品 (11-18) is overdue, its own list
    assert "南京明德建材有限公司" in f.text and "杭州明德食品集团有限公司" not in f.text
    assert "杭州明德食品集团有限公司" in one(chat, "R01", "逾期跟进的客户有哪些").text
    c = one(chat, "R02", "认领 华信电子")
    assert "已认领" in c.text
    assert rows(db_url, Customer.owner_id, where=Customer.id == "C5") == [("R02",)]
    c2 = one(chat, "R01", "认领 华信电子")
    assert c2.text == "这个客户不在公海里，已有负责人。" and "陈静" not in c2.text  # owned now; no rep named to a rep
    assert "陈静" in one(chat, "M1", "认领 华信电子").text  # their manager sees whose it is
    assert rows(db_url, Customer.owner_id, where=Customer.id == "C5") == [("R02",)]


def test_unknown_user_is_refused_and_nothing_changes(chat, db_url):
    n = count(db_url, Activity.__table__)
    r = one(chat, "ZZ9", "今天拜访了明德食品邱总")
    assert "管理员" in r.text
    assert count(db_url, Activity.__table__) == n
    assert rows(db_url, InboundMessage.status) == [("refused",)]


def test_english_log_and_reply(chat):
    r = one(chat, "R01", "Met Mary Walker (CTO) at Acme yesterday. Budget about $150k, demo next Tuesday.")
    assert r.text.startswith("✅ Saved visit · Acme Robotics Inc. · Mary Walker(CTO) · 11-19")
    assert "$150,000" in r.text and [b.label for b in r.buttons] == ["Undo", "Edit"]


def test_chat_jsonl_contract(db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    script = tmp_path / "conv.jsonl"
    lines = [{"text": "今天拜访了明德食品邱总，报价60万"}, {"text": "金额改成65万"}, {"text": "本月各销售的拜访量", "as": "M1"},
             {"text": "hello", "as": "NOPE"}, "not json", {"press": "undo:1-zzzz", "as": "R01"}]
    script.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines))
    out = subprocess.run([sys.executable, "-m", "bot.cli", "--db", db_url, "--now", NOW, "--as", "R01", "chat",
                          "--jsonl", str(script), "--chart-dir", str(tmp_path / "ch")],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 0, out.stderr
    got = [json.loads(x) for x in out.stdout.splitlines()]
    assert [g["in"] for g in got] == [1, 2, 3, 4, 5, 6]
    first = got[0]["replies"][0]
    assert set(first) == {"text", "buttons", "chart"} and first["chart"] is None
    assert [b["label"] for b in first["buttons"]] == ["撤销", "修改"]
    assert "¥650,000" in got[1]["replies"][0]["text"]
    chart = got[2]["replies"][0]["chart"]
    assert chart and chart.endswith(".png") and (tmp_path / "ch").exists()
    assert "NOPE" in got[3]["replies"][0]["text"]
    assert "error" in got[4]
    assert got[5]["replies"][0]["buttons"] == []


def test_pending_questions_expire_after_30_minutes_and_undo_after_a_day(chat, db_url):
    from datetime import timedelta
    q = one(chat, "R01", "今天拜访了安泰")
    chat.fixed_now = chat.ctx.now() + timedelta(minutes=31)
    assert "过期" in one(chat, "R01", press=q.buttons[0].id).text
    r = one(chat, "R01", "今天拜访了明德食品邱总")
    chat.fixed_now += timedelta(hours=25)
    assert "没有可以撤销" in one(chat, "R01", press=r.buttons[0].id).text
    assert count(db_url, Activity.__table__) == 3


def test_another_user_cannot_press_my_buttons(chat, db_url):
    r = one(chat, "R01", "今天拜访了明德食品邱总")
    assert "没有可以撤销" in one(chat, "R02", press=r.buttons[0].id).text
    assert count(db_url, Activity.__table__) == 3


def test_interactive_terminal(db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    out = subprocess.run([sys.executable, "-m", "bot.cli", "--db", db_url, "--now", NOW, "--as", "R01", "chat"],
                         input="今天拜访了安泰\n1\n撤销\n", capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "[1] 杭州安泰教育科技有限公司" in out.stdout
    assert "✅ 已记录 拜访 · 杭州安泰教育科技有限公司" in out.stdout
    assert "↩️ 已撤销" in out.stdout
    assert "Traceback" not in out.stderr


def test_jsonl_presses_by_word_number_or_label(chat, db_url):
    q = one(chat, "R01", "今天拜访了安泰")
    r = one(chat, "R01", press="深圳安泰建材有限公司")
    assert "深圳安泰建材有限公司" in r.text and r.text.startswith("✅")
    u = one(chat, "R01", press="undo")
    assert u.text.startswith("↩️")
    one(chat, "R01", "今天拜访了安泰")
    assert "杭州安泰教育科技有限公司" in one(chat, "R01", press="1").text
    assert "请直接说" in one(chat, "R01", press="修改").text
    assert q.buttons  # the first question had choices


def test_pending_questions_answered_in_words(chat, db_url):
    one(chat, "R01", "今天拜访了安泰")
    r = one(chat, "R01", "安泰建材")
    assert r.text.startswith("✅ 已记录 拜访 · 深圳安泰建材有限公司")
    q = one(chat, "R01", "今天拜访了星河科技的李总")
    assert q.buttons[0].id.startswith("new:")
    r = one(chat, "R01", "好的")
    assert "🆕" in r.text
    one(chat, "R01", "今天拜访了云帆物流的王总")
    assert "取消" in one(chat, "R01", "算了").text
    assert rows(db_url, Customer.id, where=Customer.name.contains("云帆")) == []


def test_slash_commands(chat, db_url):
    assert "认领" in one(chat, "R01", "/help").text
    assert "到期跟进" in one(chat, "R01", "/followups").text
    assert "已认领" in one(chat, "R02", "/claim 华信电子").text
    one(chat, "R01", "今天拜访了明德食品邱总")
    assert one(chat, "R01", "/undo").text.startswith("↩️")
    assert "认领" in one(chat, "R01", "/whatever").text


def test_two_processes_never_act_on_one_message_twice(db_url, tmp_path):
    import threading

    from bot.dispatcher import Dispatcher
    from bot.replies import InboundMessage
    s = Settings()
    load_team(db_url, tmp_path, s.org.tz)
    n = count(db_url, Activity.__table__)
    msg = InboundMessage(channel="terminal", external_id="same-1", chat_id="R01", sender="R01",
                         text="今天拜访了明德食品邱总，报价60万")
    first = Dispatcher(make_engine(db_url), s)
    mid = first.receive(msg)
    assert mid is not None and first.receive(msg) is None
    results = []
    workers = [Dispatcher(make_engine(db_url), s) for _ in range(3)]
    threads = [threading.Thread(target=lambda d=d: results.append(d.process(mid, msg))) for d in workers]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(r is not None for r in results) == 1
    assert count(db_url, Activity.__table__) == n + 1


def test_undo_keeps_what_later_messages_still_use(chat, db_url):
    q = one(chat, "R01", "今天拜访了星河科技的李总，报价20万")
    first = one(chat, "R01", press=q.buttons[0].id)
    assert "🆕" in first.text
    second = one(chat, "R01", "星河科技李总电话，进入商务谈判")
    assert second.text.startswith("✅")
    u = one(chat, "R01", press=first.buttons[0].id)  # undo the first, older record
    assert u.text.startswith("↩️")
    cust = rows(db_url, Customer.id, where=Customer.name.contains("星河"))
    assert len(cust) == 1  # still used by the second record
    assert rows(db_url, DealEvent.stage, where=DealEvent.message_id.is_not(None)) == [("negotiation",)]
    assert len(rows(db_url, Deal.id, where=Deal.customer_id == cust[0][0])) == 1


def test_records_keep_the_original_message_after_a_choice_or_an_edit(chat, db_url):
    q = one(chat, "R01", "今天拜访了安泰")
    one(chat, "R01", press=q.buttons[0].id)
    one(chat, "R01", "日期是昨天")
    got = rows(db_url, Activity.summary, Activity.message_id, where=Activity.message_id.is_not(None))
    assert len(got) == 1
    first = rows(db_url, InboundMessage.id, where=InboundMessage.text == "今天拜访了安泰")[0][0]
    assert got[0][1] == first
    assert "深圳" not in got[0][0] and "日期" not in got[0][0]


def test_contacts_match_by_surname_and_title_only(chat, db_url):
    r = one(chat, "R01", "今天拜访了明德食品邱总")
    assert "邱建(总经理)" in r.text
    from storage.records import find_contact
    with make_engine(db_url).connect() as conn:
        assert find_contact(conn, "C1", "邱经理")["id"] == "P1"
        assert find_contact(conn, "C1", "邱建")["id"] == "P1"
        assert find_contact(conn, "C1", "邱明") is None  # another 邱, not 邱建
        assert find_contact(conn, "C6", "Ms. Walker")["id"] == "P3"
        assert find_contact(conn, "C6", "John Walkman") is None


def test_edit_in_one_word_asks_what_to_change(chat):
    assert "没有可以修改" in one(chat, "R01", "修改").text
    one(chat, "R01", "今天拜访了明德食品邱总")
    assert "金额改成65万" in one(chat, "R01", "修改").text
    assert "⏰ 跟进 11-23（周一）" in one(chat, "R01", "跟进改到下周一").text
