"""The conversation as a demanding rep and manager use it: undo twice, edits after an undo, edits
that do not fit the record, chit-chat, follow-ups by period and by owner, audit rows of edits,
and the examples the bot itself suggests actually working."""

from __future__ import annotations

import re

import pytest

from bot.conversation_texts import T
from storage.models import Activity, AuditEntry, Deal, DealEvent, InboundMessage
from tests.bot_support import count, one, rows, terminal_chat


@pytest.fixture
def chat(db_url, tmp_path):
    return terminal_chat(db_url, tmp_path)


def test_undo_twice_in_words_never_reaches_an_older_record(chat, db_url):
    one(chat, "R01", "今天拜访了明德食品邱总")
    one(chat, "R01", "明德建材张伟电话，进入商务谈判，金额40万")
    assert one(chat, "R01", "撤销").text.startswith("↩️ 已撤销：电话 · 南京明德建材有限公司")
    again = one(chat, "R01", "撤销")
    assert "已经撤销" in again.text and "南京明德建材有限公司" in again.text
    kept = rows(db_url, Activity.customer_id, where=Activity.message_id.is_not(None))
    assert kept == [("C1",)]  # the first log is still there
    edit = one(chat, "R01", "金额改成65万")
    assert "已经撤销" in edit.text
    assert "已经撤销" in one(chat, "R01", "修改").text
    assert rows(db_url, Deal.amount_cents, where=Deal.id == "D1") == [(30000000,)]
    assert count(db_url, Deal.__table__) == 1  # no deal made for 明德食品 by the edit
    r = one(chat, "R01", "今天拜访了安泰教育")  # a new log: edits reach it again
    assert "¥650,000" in one(chat, "R01", "金额改成65万").text
    assert r.text.startswith("✅")


def test_undoing_an_older_record_by_its_button_leaves_the_latest_undoable(chat, db_url):
    first = one(chat, "R01", "今天拜访了明德食品邱总")
    one(chat, "R01", "今天拜访了安泰教育")
    assert "杭州明德食品" in one(chat, "R01", press=first.buttons[0].id).text
    u = one(chat, "R01", "撤销")
    assert u.text.startswith("↩️") and "安泰教育" in u.text
    assert rows(db_url, Activity.id, where=Activity.message_id.is_not(None)) == []


def test_english_undo_twice_and_edit_after_undo_answer_in_english(chat):
    one(chat, "R01", "Met Mary Walker at Acme today, budget $150k")
    assert one(chat, "R01", "undo").text.startswith("↩️ Undone: visit · Acme")
    assert one(chat, "R01", "undo").text.startswith("That one is already undone (visit · Acme")
    assert "nothing to edit" in one(chat, "R01", "amount should be $80k").text


def test_an_edit_of_a_visit_field_on_a_deal_only_record_says_so(chat, db_url):
    r = one(chat, "R01", "明德建材进入商务谈判，金额40万")
    assert r.text.startswith("✅ 已记录 南京明德建材有限公司")
    for text in ("日期是昨天", "跟进改到下周一", "改成电话"):
        got = one(chat, "R01", text)
        assert "只记了商机" in got.text and "南京明德建材有限公司" in got.text
    assert rows(db_url, Deal.amount_cents, where=Deal.id == "D1") == [(40000000,)]
    assert "¥450,000" in one(chat, "R01", "金额改成45万").text


def test_chit_chat_gets_a_short_friendly_answer_and_saves_nothing(chat, db_url):
    n = count(db_url, Activity.__table__)
    assert one(chat, "R01", "你好").text.startswith("您好，王磊")
    assert one(chat, "R01", "谢谢！").text == "不客气 🙂"
    assert one(chat, "R01", "thanks a lot").text == "You're welcome 🙂"
    assert one(chat, "R01", "Good morning").text.startswith("Hi 王磊")
    assert one(chat, "R01", "👍👍").text == "👌"
    assert "没太明白" in one(chat, "R01", "。。。").text
    assert "didn't get that" in one(chat, "R01", "asdkjh qweoiu zxcmn").text
    assert count(db_url, Activity.__table__) == n


def test_a_pending_edit_answered_with_something_else_asks_again(chat, db_url):
    r = one(chat, "R01", "今天拜访了明德食品邱总")
    one(chat, "R01", press=r.buttons[1].id)
    assert "没看懂要改什么" in one(chat, "R01", "随便说点什么").text
    assert "11-23（周一）" in one(chat, "R01", "跟进改到下周一").text


def test_followups_by_period_and_with_owners_for_a_manager(chat):
    one(chat, "R01", "今天拜访了明德食品邱总，周日再去")  # 明德食品 is due 11-22 now, no longer overdue
    today = one(chat, "R01", "今天要跟进谁").text  # answered as `ask` answers it: due today only
    assert "2026-11-20 · 南京明德建材有限公司" in today and "杭州明德食品" not in today
    week = one(chat, "R01", "这周要跟进谁").text  # this week runs to Sunday 11-22
    assert week.startswith("待跟进客户（2）") and "2026-11-22 · 杭州明德食品集团有限公司" in week
    assert one(chat, "R01", "who should I follow up with this week").text.startswith("Follow-ups due (2)")
    team = one(chat, "M1", "今天要跟进谁").text
    assert "南京明德建材有限公司（王磊）" in team


def test_an_edit_is_audited_under_the_edit_message_while_rows_keep_the_original(chat, db_url):
    one(chat, "R01", "今天拜访了明德食品邱总，报价60万")
    one(chat, "R01", "金额改成65万")
    ids = dict(rows(db_url, InboundMessage.text, InboundMessage.id))
    first, edit = ids["今天拜访了明德食品邱总，报价60万"], ids["金额改成65万"]
    assert {m for (m,) in rows(db_url, Activity.message_id, where=Activity.message_id.is_not(None))} == {first}
    by_edit = rows(db_url, AuditEntry.action, AuditEntry.entity, where=AuditEntry.message_id == edit)
    assert {("delete", "activity"), ("create", "activity"), ("create", "deal")} <= set(by_edit)
    by_first = rows(db_url, AuditEntry.action, AuditEntry.entity, where=AuditEntry.message_id == first)
    assert ("create", "activity") in by_first and ("delete", "activity") not in by_first


def test_a_close_date_in_another_year_shows_the_year(chat):
    r = one(chat, "R01", "明德建材报价40万，预计2027年3月15日签")
    assert "预计 2027-03-15 成交" in r.text
    r = one(chat, "R01", "今天拜访了明德食品邱总，报价60万，预计月底签")
    assert "预计 11-30 成交" in r.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_edit_example_the_bot_suggests_works(chat, lang):
    """The quoted examples in the edit prompt and in 'edit unclear' are understood as edits."""
    examples = set(re.findall(r"「([^」]+)」" if lang == "zh" else r'"([^"]+)"',
                              T[lang]["edit_prompt"] + T[lang]["edit_unclear"]))
    assert len(examples) >= 4
    log = "今天拜访了明德食品邱总，报价60万" if lang == "zh" else "Met Mary Walker at Acme today, budget $150k"
    for ex in sorted(examples):
        one(chat, "R01", log)
        ex = ex.replace("明德食品", "明德食品").replace("Acme, it's Apex", "Acme, it's Apex")
        r = one(chat, "R01", ex)
        if "明德建材" in ex or "Apex" in ex:  # a customer change: saved or asked about
            assert r.text.startswith(("✏️", "No customer", "没找到")), (ex, r.text)
        else:
            assert r.text.startswith("✏️"), (ex, r.text)


def test_two_logs_moving_one_deal_to_one_stage_at_one_fixed_clock_both_save(chat, db_url):
    """`salesbot chat --now` plays every message at one instant: a second event of the same stage must not clash."""
    assert one(chat, "R01", "明德建材进入商务谈判，金额40万").text.startswith("✅")
    r = one(chat, "R01", "明德建材张伟电话，商务谈判中，金额改到45万")
    assert r.text.startswith("✅") and "¥450,000" in r.text
    assert "¥500,000" in one(chat, "R01", "金额改成50万").text
    got = rows(db_url, DealEvent.stage, DealEvent.amount_cents, where=DealEvent.message_id.is_not(None))
    assert sorted(got) == [("negotiation", 40000000), ("negotiation", 50000000)]
    assert rows(db_url, Deal.amount_cents, where=Deal.id == "D1") == [(50000000,)]


def test_english_with_chinese_names_is_answered_in_english_and_chinese_with_english_names_in_chinese(chat, db_url):
    r = one(chat, "R01", "Met 邱总 at 明德食品 today, they want a quote for 600k")
    assert r.text.startswith("✅ Saved visit · 杭州明德食品集团有限公司"), r.text
    assert [b.label for b in r.buttons] == ["Undo", "Edit"]
    r = one(chat, "R01", "今天拜访了Acme的Mary Walker，预算15万美元")
    assert r.text.startswith("✅ 已记录 拜访 · Acme Robotics Inc. · Mary Walker(CTO)"), r.text
    assert one(chat, "R01", "claim 华信电子").text.startswith("✅ Claimed 南京华信电子有限公司")


def test_a_number_or_an_emoji_is_answered_in_the_language_of_the_conversation(chat):
    q = one(chat, "R01", "Visited Antai today")
    assert q.text.startswith(("\"", "No customer")), q.text  # an English question about 安泰
    assert one(chat, "R01", "9").text.startswith("Sorry")  # no such choice: English still
    assert one(chat, "R01", "👍").text == "👌"
    assert one(chat, "R01", "7").text.startswith("Sorry")


def test_a_second_log_keeps_the_open_question_and_reminds_of_it(chat, db_url):
    q = one(chat, "R01", "今天拜访了安泰，聊了需求")
    assert "哪" in q.text
    r = one(chat, "R01", "明德食品邱总电话，下周一再联系")
    assert r.text.startswith("✅ 已记录 电话 · 杭州明德食品集团有限公司")
    assert r.text.splitlines()[-1].startswith("❓ 还有一条待确认：「安泰」")
    idx = next(i for i, b in enumerate(q.buttons, 1) if "安泰建材" in b.label)
    done = one(chat, "R01", str(idx))
    assert done.text.startswith("✅ 已记录 拜访 · 深圳安泰建材有限公司") and "❓" not in done.text
    got = rows(db_url, Activity.customer_id, where=Activity.message_id.is_not(None))
    assert sorted(got) == [("C1",), ("C4",)]
    one(chat, "R01", press=done.buttons[1].id)  # 修改 on the latest does not drop another open question
    q2 = one(chat, "R01", "拜访了安泰")
    assert "金额改成65万" not in q2.text and "哪" in q2.text


def test_a_new_customer_question_answered_no_or_with_a_name(chat, db_url):
    q = one(chat, "R01", "今天拜访了新客户杭州云帆科技")
    assert "杭州云帆科技" in q.text
    assert "取消" in one(chat, "R01", "不要").text
    assert rows(db_url, Activity.id, where=Activity.message_id.is_not(None)) == []
    one(chat, "R01", "今天拜访了新客户杭州云帆科技")
    r = one(chat, "R01", "杭州云帆科技有限公司")  # the name written out in full
    assert r.text.startswith("✅ 已记录 拜访 · 🆕 杭州云帆科技有限公司")
    from storage.models import Customer
    assert rows(db_url, Customer.owner_id, where=Customer.name == "杭州云帆科技有限公司") == [("R01",)]
    one(chat, "R01", "今天拜访了新客户苏州蓝海机电")
    r = one(chat, "R01", "明德建材")  # no: it was an existing customer
    assert r.text.startswith("✅ 已记录 拜访 · 南京明德建材有限公司")
    assert rows(db_url, Customer.id, where=Customer.name.contains("蓝海")) == []
    one(chat, "R01", "Visited Bluewave Tech today")
    assert "cancelled" in one(chat, "R01", "never mind").text


def test_the_open_question_is_recalled_once_not_under_every_reply(chat):
    one(chat, "R01", "今天拜访了安泰")
    assert "❓" in one(chat, "R01", "明德食品邱总电话").text
    assert "❓" not in one(chat, "R01", "明德建材张伟电话").text
    assert "深圳安泰建材" in one(chat, "R01", "安泰建材").text  # still answerable by name
