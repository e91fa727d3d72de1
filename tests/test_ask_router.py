"""One router: the chat, `salesbot parse` and `salesbot ask` decide "question or log" the same way.
A question form (a breakdown of a measure, a list, a lookup, a ranking, a comparison) is a question
even when it names a customer or a contact; a report of work stays a log. In chat, a question is
answered exactly as `ask` answers it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answering import answer_question
from domain.settings import Settings
from intents.directory import ContactRecord, CustomerRecord, Directory
from intents.registry import classify
from tests.bot_support import NOW, terminal_chat

TODAY = date(2026, 11, 20)
DIRECTORY = Directory(
    [CustomerRecord("C1", "杭州明德食品集团有限公司", ("明德食品",), "R01"),
     CustomerRecord("C6", "Acme Robotics Inc.", ("Acme",), "R01")],
    [ContactRecord("P1", "C1", "邱建", "总经理"), ContactRecord("P3", "C6", "Mary Walker", "CTO")],
    ["王磊", "陈静", "李经理"],
)

DIRECTORY_WITH_DEAL = Directory(
    [CustomerRecord("C2", "南京明德建材有限公司", ("明德建材",), "R01")], [], ["王磊"])

QUESTIONS = [
    "各阶段商机数量", "每周拜访量", "上周华南组各销售拜访量", "本月各销售跟进次数排名", "本月拜访量环比",
    "明德食品邱总电话多少", "明德食品最近怎么样", "查一下明德食品的跟进记录", "王磊今天干了啥", "Acme的联系人有哪些",
    "谁还欠款", "本月回款明细", "今年成交金额前5的客户",
    "visits by rep this week", "weekly visits", "how is Acme doing", "top 5 customers by revenue",
    "activities this week vs last week",
]
LOGS = [
    "今天拜访了明德食品邱总，聊了报价",
    "明德食品邱总说下周要看方案，问我们价格多少",
    "电话联系了Acme的Mary Walker，对方在比价",
    "visited Acme today, met Mary Walker, sent the quote",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_question_forms_are_questions(text):
    assert classify(text, "R01", TODAY, DIRECTORY).intent == "query"


@pytest.mark.parametrize("text", LOGS)
def test_reports_of_work_stay_logs(text):
    assert classify(text, "R01", TODAY, DIRECTORY).intent == "log"


@pytest.fixture
def chat(db_url, tmp_path):
    return terminal_chat(db_url, tmp_path)


@pytest.mark.parametrize(("text", "asker"), [
    ("各阶段商机数量", "M1"), ("每周拜访量", "M1"), ("上周一组各销售拜访量", "U0"), ("明德食品邱总电话多少", "R01"),
    ("王磊本周干了啥", "M1"), ("weekly visits", "M1"), ("哪几笔分期超期了", "M1"), ("how much is overdue", "U0"),
])
def test_chat_answers_a_question_as_ask_does(chat, db_url, text, asker):
    from storage.db import make_engine

    replies = chat.say(asker, text=text)
    assert len(replies) == 1
    res = answer_question(make_engine(db_url), Settings(), text, asker, chat.now())
    assert replies[0].text == res.text
    assert res.metric is not None or res.list is not None
    assert chat.now().isoformat().startswith(NOW[:10])


@pytest.mark.parametrize("text", [
    # a known measure broken down by a group, or compared across the periods said, naming no customer
    "按区域看应收", "应收款 按销售", "各销售的转化率怎么样", "receivables per rep", "win rate by rep please",
    "这周和上周比 电话量", "本季度跟上季度比一下成交金额", "visits this month against last month",
])
def test_a_shaped_measure_is_a_question(text):
    assert classify(text, "R01", TODAY, DIRECTORY).intent == "query"


@pytest.mark.parametrize("text", [
    # money past due: installments, payments, "how much is overdue" — questions in chat as in ask
    "哪几笔分期超期了", "逾期的分期有哪些", "有哪些款逾期没回", "逾期多少钱",
    "past due payments", "overdue installments", "How much is overdue right now?", "which installments are late",
])
def test_money_past_due_is_a_question(text):
    assert classify(text, "R01", TODAY, DIRECTORY).intent == "query"


@pytest.mark.parametrize("text", ["拜访了两家客户，比较顺利", "今天打了3个电话，比昨天多"])
def test_a_report_with_a_comparison_word_stays_no_question(text):
    assert classify(text, "R01", TODAY, DIRECTORY).intent != "query"


@pytest.mark.parametrize(("text", "asker"), [("按销售看应收", "M1"), ("本月和上个月比 拜访量", "M1"),
                                             ("receivables by rep", "M1")])
def test_chat_answers_a_shaped_measure_as_ask_does(chat, db_url, text, asker):
    from storage.db import make_engine

    replies = chat.say(asker, text=text)
    res = answer_question(make_engine(db_url), Settings(), text, asker, chat.now())
    assert len(replies) == 1 and replies[0].text == res.text
    assert res.metric is not None


# an edit of a deal said as a request is an update: the chat records it, `ask` says so and gives no number
EDIT_REQUESTS = ["把明德建材的商机金额改成80万", "明德建材那个单子金额改为45万", "把明德建材的阶段改成谈判",
                 "change 明德建材's deal amount to 500k", "update the 明德建材 deal stage to negotiation"]


@pytest.mark.parametrize("text", EDIT_REQUESTS)
def test_an_edit_request_is_an_update_for_the_one_router(text):
    assert classify(text, "R01", TODAY, DIRECTORY_WITH_DEAL).intent == "log"


@pytest.mark.parametrize("text", EDIT_REQUESTS)
def test_ask_says_an_edit_request_is_an_update_with_no_number(chat, db_url, text):
    from storage.db import make_engine

    res = answer_question(make_engine(db_url), Settings(), text, "R01", chat.now())
    assert (res.metric, res.list, res.value, res.series, res.rows) == (None, None, None, None, None)
    assert ("更新" in res.text) if res.lang == "zh" else ("update" in res.text), res.text


@pytest.mark.parametrize("text", ["上周拜访量", "近30天拜访量", "这周谁没有跟进", "visit count last week",
                                  "contract value signed this month", "本月签合同的金额"])
def test_a_measure_or_who_question_is_never_a_visit_or_an_edit(text):
    parsed = classify(text, "R01", TODAY, DIRECTORY)
    assert parsed.intent == "query" and (parsed.command is None or parsed.command.name != "edit")
