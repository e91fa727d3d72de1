"""Edits in words through the real conversation (dispatcher, state table, SQL): each phrase changes
the record just saved, never makes a new one, and a message with a customer and an activity is
still a new log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from storage.db import make_engine
from storage.models import Activity, Contact, Customer, Deal
from tests.bot_support import terminal_chat


@pytest.fixture
def chat(db_url, tmp_path):
    return terminal_chat(db_url, tmp_path)


def say(chat, text, user="R01"):
    replies = chat.say(user, text=text)
    assert len(replies) == 1, replies
    return replies[0].text


def new_rows(db_url, *cols):
    """Rows of the activities the conversation wrote (the bundle's have no message id)."""
    with make_engine(db_url).connect() as c:
        return [tuple(r) for r in c.execute(select(*cols).where(Activity.message_id.is_not(None)))]


def deal_of(db_url, customer_id):
    with make_engine(db_url).connect() as c:
        return [tuple(r) for r in c.execute(select(Deal.amount_cents, Deal.currency, Deal.expected_close)
                                            .where(Deal.customer_id == customer_id))]


def test_english_edits_in_words_change_the_saved_record(chat, db_url):
    assert say(chat, "Met Mary Walker at Acme today, budget $150k").startswith("✅ Saved visit · Acme")
    assert "11-19" in say(chat, "actually it was yesterday")
    assert "Follow up 11-27" in say(chat, "follow up on Friday instead")
    r = say(chat, "amount 650k")
    assert r.startswith("✏️ Updated") and "$650,000" in r  # a dollar deal stays in dollars
    assert say(chat, "it was a call").startswith("✏️ Updated\n✅ Saved call · Acme")
    assert "Michael Smith" in say(chat, "contact should be Michael Smith")
    assert "closing 2027-03-31" in say(chat, "close date should be end of March")
    assert "Deal negotiation" in say(chat, "stage should be negotiation")
    rows = new_rows(db_url, Activity.customer_id, Activity.kind, Activity.occurred_on, Activity.followup_date)
    assert rows == [("C6", "call", date(2026, 11, 19), date(2026, 11, 27))]
    assert deal_of(db_url, "C6") == [(65000000, "USD", date(2027, 3, 31))]


def test_chinese_edits_in_words_change_the_saved_record(chat, db_url):
    assert say(chat, "今天拜访了明德食品邱总，报价60万").startswith("✅ 已记录 拜访 · 杭州明德食品集团有限公司")
    assert "11-19" in say(chat, "是昨天")
    assert "¥650,000" in say(chat, "不对，是65万")
    assert "王经理" in say(chat, "联系人是王经理")
    assert "跟进 11-30" in say(chat, "跟进时间改成月底")
    assert "¥700,000" in say(chat, "金额应该是70万不是65万")
    assert "商务谈判" in say(chat, "应该是谈判阶段")
    r = say(chat, "客户应该是明德建材")
    assert r.startswith("✏️ 已修改") and "南京明德建材有限公司" in r
    rows = new_rows(db_url, Activity.customer_id, Activity.occurred_on, Activity.followup_date)
    assert rows == [("C2", date(2026, 11, 19), date(2026, 11, 30))]


def test_a_contact_known_at_another_customer_is_an_edit_not_a_new_visit(chat, db_url):
    say(chat, "今天拜访了安泰教育")
    r = say(chat, "contact should be 邱建")  # 邱建 is 明德食品's contact: still an edit of this record
    assert r.startswith("✏️") and "杭州安泰教育科技有限公司" in r and "邱建" in r
    assert new_rows(db_url, Activity.customer_id) == [("C3",)]


def test_not_x_it_was_an_unknown_customer_asks_to_create_it(chat, db_url):
    say(chat, "Met Mary Walker at Acme today")
    assert "Clearpath" in say(chat, "not Acme, it was Clearpath")
    assert new_rows(db_url, Activity.customer_id) == [("C6",)]  # unchanged until answered
    assert say(chat, "yes").startswith("✏️ Updated")
    with make_engine(db_url).connect() as c:
        cid = c.execute(select(Customer.id).where(Customer.name == "Clearpath")).scalar_one()
    assert new_rows(db_url, Activity.customer_id) == [(cid,)]


def test_a_message_with_a_customer_and_an_activity_is_a_new_log(chat, db_url):
    say(chat, "今天拜访了明德食品邱总")
    r = say(chat, "是昨天拜访的安泰教育")
    assert r.startswith("✅ 已记录 拜访 · 杭州安泰教育科技有限公司")
    assert sorted(new_rows(db_url, Activity.customer_id)) == [("C1",), ("C3",)]


def test_an_edit_in_words_before_any_record_says_there_is_nothing_to_edit(chat, db_url):
    assert "Nothing to edit" in say(chat, "it was a call")
    assert "没有可以修改的记录" in say(chat, "不对，是65万")
    assert new_rows(db_url, Activity.id) == []
    with make_engine(db_url).connect() as c:
        assert c.execute(select(Contact.id).where(Contact.name == "王经理")).first() is None


def test_follow_ups_asked_in_a_sentence_list_the_period_asked(chat):
    week = say(chat, "what's due this week")  # this week: 明德食品 11-18 and 明德建材 11-20
    assert week.startswith("Follow-ups due (2):") and "2026-11-18" in week and "2026-11-20" in week
    assert say(chat, "这周要跟进哪些客户").startswith("待跟进客户（2）：")
    today = say(chat, "who do I need to follow up with today")  # due today only: 明德建材
    assert today.startswith("Follow-ups due (1):") and "南京明德建材有限公司" in today


def test_claim_said_in_a_sentence_claims_the_customer(chat, db_url):
    assert say(chat, "我要认领华信") == "✅ 已认领 南京华信电子有限公司，现在由您负责。"
    taken = say(chat, "I'd like to claim 华信电子", user="R02")
    assert taken == "That customer isn't in the public pool; someone already owns it." and "王磊" not in taken
    with make_engine(db_url).connect() as c:
        assert c.execute(select(Customer.owner_id).where(Customer.id == "C5")).scalar_one() == "R01"


def test_short_questions_about_own_numbers_are_answered(chat):
    assert say(chat, "我的商机") == "王磊 当前在手商机金额：¥300,000"
    assert say(chat, "my deals") == "Pipeline (王磊), open now: ¥300,000"
    say(chat, "今天拜访了安泰教育")
    assert say(chat, "what did I log today?") == "Activities (王磊), today: 1"
    assert say(chat, "我今天记了几条") == "王磊 今天跟进次数：1"
    assert say(chat, "本周在跟进的客户有多少") == "本周跟进次数：1"
    assert say(chat, "how much is in the funnel") == "Pipeline, open now: ¥300,000"


def test_a_new_log_while_a_create_question_is_open_is_a_new_log(chat, db_url):
    say(chat, "Met Mary Walker at Acme today")
    assert "Clearpath" in say(chat, "not Acme, it was Clearpath")
    r = say(chat, "今天拜访了明德食品邱总")
    assert r.startswith("✅ 已记录 拜访 · 杭州明德食品集团有限公司")
    assert sorted(new_rows(db_url, Activity.customer_id)) == [("C1",), ("C6",)]  # Acme's visit untouched


def test_a_bare_existing_name_answers_the_create_question(chat, db_url):
    say(chat, "Met Mary Walker at Acme today")
    say(chat, "not Acme, it was Clearpath")
    assert say(chat, "是明德建材").startswith("✏️")
    assert new_rows(db_url, Activity.customer_id) == [("C2",)]
