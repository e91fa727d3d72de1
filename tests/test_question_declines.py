"""Questions that ask for no stored number (requests to the bot, what-ifs), names out of view that
are only sound-alikes, contacts out of view, closing-deal lists without a list word, and misspelt
metric words. Expected rows are read by hand from tests/ask_support.py (now: Friday 2026-11-20)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from intents.directory import CustomerRecord, Directory
from intents.question_declines import corrected, request_decline
from intents.registry import classify
from tests.ask_support import ask, ids, load
from tests.bot_support import terminal_chat


@pytest.fixture
def bundle(engine, tmp_path):
    load(engine, tmp_path / "bundle")
    return engine


TASKS = [
    "帮我给恒通物流写一封跟进邮件", "麻烦你帮忙起草一份报价单给明德", "替我给长青发个微信消息", "提醒大家周五前把周报交了",
    "please write an email to Acme about the renewal", "can you draft a reminder for the team",
    "remind everyone to log their visits",
]
HYPOTHETICALS = [
    "如果下个月多招两个销售能多签几单", "假如把价格提高5%，成交额会怎样", "要是明德的单子丢了，本月业绩还剩多少",
    "what if we doubled the marketing budget", "if we hired two more reps how many deals would we close",
]
PREDICTIONS = [
    "下季度哪个销售能拿第一", "明年谁会是业绩冠军", "这个月我们能完成目标吗", "本季度的任务会不会完成",
    "which team is going to come first this year", "are we going to make our quota this month",
    "can the team reach its goal this quarter", "who'll sell the most in December",
    # who will leave or buy again
    "which customers will churn next quarter", "哪些客户下个月可能流失", "which accounts are likely to churn",
    "哪些客户明年会不续约",
]
NOT_DECLINED = ["帮我看看本月业绩", "给我列一下哪些客户欠款", "今天给恒通发了一封邮件", "本周发了几封邮件",
                "show me my deals", "which emails did we send this week", "主要是哪些客户贡献了收入",
                # what is expected to close, the forecast, attainment so far and who came first are defined
                "下个月预计能签多少钱", "how much will we close next month", "下个月的预测", "forecast for next quarter",
                "我们离目标还差多少", "本月销冠是谁", "who closed the most last month"]
# a ranking by a thing METRICS.md does not count: declined, never this month's revenue by rep
UNKNOWN_MEASURES = ["谁名下的客户最多", "谁手上客户最多", "哪个团队的客户最少", "谁的朋友最多",
                    "who owns the most accounts", "which rep has the most contacts", "which rep has the most customers"]


@pytest.mark.parametrize("text", TASKS)
def test_a_request_to_the_bot_is_declined_with_no_number(bundle, text):
    assert request_decline(text) == "task"
    res = ask(bundle, text, "M1")
    assert res.metric is None and res.list is None and res.value is None and res.rows is None
    assert ("不能" in res.text) if res.lang == "zh" else ("can't" in res.text)


@pytest.mark.parametrize("text", HYPOTHETICALS)
def test_a_what_if_is_declined_with_no_number(bundle, text):
    assert request_decline(text) == "hypothetical"
    res = ask(bundle, text, "M1")
    assert res.metric is None and res.list is None and res.value is None


@pytest.mark.parametrize("text", PREDICTIONS)
def test_a_prediction_is_declined_with_no_number(bundle, text):
    assert request_decline(text) == "prediction"
    res = ask(bundle, text, "M1")
    assert res.metric is None and res.list is None and res.value is None and res.series is None
    assert ("预测" in res.text) if res.lang == "zh" else ("predict" in res.text)


@pytest.mark.parametrize("text", UNKNOWN_MEASURES)
def test_a_ranking_by_an_unknown_measure_is_declined(bundle, text):
    res = ask(bundle, text, "A0")
    assert res.metric is None and res.list is None and res.value is None and res.series is None and res.limit is None


@pytest.mark.parametrize(("text", "metric", "group"), [
    ("前两名是谁", "won_amount", "rep"), ("top 2 customers", "won_amount", "customer"),
    ("哪个销售新增客户最多", "new_leads", "rep"), ("谁拜访的客户最多", "visits", "rep"),
])
def test_a_ranking_naming_no_other_measure_keeps_its_reading(bundle, text, metric, group):
    res = ask(bundle, text, "A0")
    assert (res.metric, res.group_by) == (metric, group), res.text


@pytest.mark.parametrize("text", NOT_DECLINED)
def test_questions_and_logs_are_no_request(text):
    assert request_decline(text) is None


def test_a_request_in_chat_writes_nothing(db_url, tmp_path):
    chat = terminal_chat(db_url, tmp_path)
    from storage.db import make_engine

    engine = make_engine(db_url)
    count = text("SELECT count(*) FROM activities")
    with engine.connect() as conn:
        before = conn.execute(count).scalar_one()
    for said in ("帮我给明德食品写一封催款邮件", "麻烦帮我起草一份方案发给安泰教育", "please draft an email to Acme"):
        replies = chat.say("M1", text=said)
        assert len(replies) == 1 and ("不能" in replies[0].text or "can't" in replies[0].text)
        replies = chat.say("R01", text=said)
        assert len(replies) == 1 and not replies[0].buttons
    with engine.connect() as conn:
        assert conn.execute(count).scalar_one() == before


@pytest.mark.parametrize(("text", "asker", "expected"), [
    ("下个月要签的单子", "A0", ["D2"]),  # open, expected 2026-12-20
    ("下个月要签的单子", "M2", []),  # 南组: D7 closes in November
    ("本月要成交的商机", "A0", ["D7", "D1"]),  # 11-28 then 11-30 (D3 won, D5 won, D4 lost)
    ("deals closing next month", "A0", ["D2"]),
    ("opportunities expected to close this month", "M1", ["D1"]),  # 东组: D1; D7 is 南组's
])
def test_deals_closing_in_a_period_are_a_list(bundle, text, asker, expected):
    res = ask(bundle, text, asker)
    assert (res.list, res.metric) == ("deals", None), res.text
    assert ids(res) == expected and res.value == len(expected)


def test_a_closing_list_in_chat_is_the_list(db_url, tmp_path):
    chat = terminal_chat(db_url, tmp_path)
    reply = chat.say("M1", text="下个月要签的单子")[0]
    assert "没太明白" not in reply.text and "商机" in reply.text


@pytest.mark.parametrize(("text", "asker", "name"), [
    ("邱建电话多少", "M1", "邱建"),  # 远航 (C4) is 刘洋's, 南组
    ("邱建的职位是什么", "R1", "邱建"),
    ("Mary Walker phone number", "R3", "Mary Walker"),  # Acme (C3) is 陈静's
    ("黎明的电话是多少", "R3", "黎明"),  # 明德 (C1) is 王磊's
    ("what is 黎明's phone number", "M2", "黎明"),
])
def test_a_contact_outside_the_view_is_said_so_without_the_customer(bundle, text, asker, name):
    res = ask(bundle, text, asker)
    assert res.rows is None and res.value is None and res.list is None
    assert name in res.text and ("看不到" in res.text or "can't see" in res.text)
    assert not any(c in res.text for c in ("远航", "明德", "Acme"))


def test_a_contact_in_view_is_listed(bundle):
    res = ask(bundle, "邱建电话多少", "R3")
    assert res.list == "contacts" and ids(res) == ["P4"] and "13700000004" in res.text


@pytest.fixture
def weather_bundle(bundle):
    """One more customer of 刘洋 (南组) whose short name sounds like 天气 (weather): 天启 (tiānqǐ)."""
    with bundle.begin() as conn:
        conn.execute(text("INSERT INTO customers (id, name, aliases, owner_id, created_at, created_on) VALUES "
                          "('C9', '上海天启电子有限公司', '天启电子', 'R3', '2026-01-01 02:00:00.000000', '2026-01-01')"))
    return bundle


@pytest.mark.parametrize("said", ["明天上海天气怎么样", "上海天气预报说周末下雨吗", "what's the 上海天气 like"])
def test_a_sound_alike_of_a_hidden_customer_is_not_out_of_view(weather_bundle, said):
    res = ask(weather_bundle, said, "R1")
    assert "看不到" not in res.text and "can't see" not in res.text
    assert res.value is None and res.metric is None and res.rows is None


@pytest.mark.parametrize("said", ["上海天启电子最近怎么样", "恒通物流最近怎么样"])
def test_a_hidden_customer_written_out_is_still_out_of_view(weather_bundle, said):
    res = ask(weather_bundle, said, "R3" if "恒通" in said else "R1")
    assert "看不到" in res.text and res.rows is None


@pytest.mark.parametrize(("text", "fixed"), [
    ("本月拜方量多少", "本月拜访量多少"), ("上周跟近次数", "上周跟进次数"), ("本季度回宽多少", "本季度回款多少"),
    ("conversoin rate last month", "conversion rate last month"), ("revenu this quarter", "revenue this quarter"),
    ("piepline by stage", "pipeline by stage"),
])
def test_misspelt_metric_words_are_repaired(text, fixed):
    assert corrected(text) == fixed


@pytest.mark.parametrize("text", ["明天上海天气怎么样", "我的上级是谁", "which rep is going to quit next", "讲个笑话",
                                  "last month visits", "what meals did we have"])
def test_nothing_else_is_repaired(text):
    assert corrected(text) is None


@pytest.mark.parametrize(("text", "metric", "value"), [
    ("本月拜方量多少", "visits", 4),  # A1, A4, A6, A8 (A10 is planned)
    ("本月跟近次数", "activities", 6),  # A1, A2, A4, A6, A8, A9 done in November (A10, A11 planned)
    ("visitts this month", "visits", 4),
])
def test_a_misspelt_metric_is_answered(bundle, text, metric, value):
    res = ask(bundle, text, "A0")
    assert (res.metric, res.value) == (metric, value)


@pytest.mark.parametrize("text", ["明天上海天气怎么样", "给我讲个笑话", "公司股价多少", "which rep is going to quit next"])
def test_an_unknown_question_stays_without_a_number(bundle, text):
    res = ask(bundle, text, "M1")
    assert res.metric is None and res.list is None and res.value is None


ROUTER_DIRECTORY = Directory([CustomerRecord("C1", "杭州明德食品集团有限公司", ("明德食品",), "R01")], [], ["王磊"])


@pytest.mark.parametrize(("said", "intent"), [
    ("帮我给明德食品写封跟进邮件", "query"),  # a request: answered (declined), never recorded
    ("please draft a follow-up email to 明德食品", "query"),
    ("下个月要签的单子", "query"),
    ("deals closing this month", "query"),
    ("conversoin rate last month", "query"),  # a misspelt metric word
    ("revenu this quarter", "query"),
    ("visitted 明德食品 today, talked pricing", "log"),
    ("帮明德食品整理需求文档", "log"),  # work done for a customer stays a log
    ("今天帮明德食品做了方案", "log"),
    ("给我们的客户明德食品发了报价", "log"),
    ("明德食品下个月要签的单子推迟到明年了", "log"),
])
def test_the_router_sends_requests_and_closing_lists_to_questions_only(said, intent):
    assert classify(said, "R01", date(2026, 11, 20), ROUTER_DIRECTORY).intent == intent
