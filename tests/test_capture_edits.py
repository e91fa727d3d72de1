"""Commands and edits in words: typed requests the bot acts on."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from intents.edits import parse_edit
from intents.registry import classify
from tests.capture_support import directory

DIR = directory()
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FRI = date(2026, 11, 20)


@pytest.mark.parametrize("text,name,argument", [
    ("帮助", "help", None), ("/help", "help", None), ("怎么用", "help", None), ("what can you do?", "help", None),
    ("/start", "start", None), ("撤销", "undo", None), ("撤销上一条", "undo", None), ("undo", "undo", None),
    ("撤回刚才的", "undo", None), ("取消", "cancel", None), ("算了", "cancel", None), ("cancel", "cancel", None),
    ("认领 青松药业", "claim", "青松药业"), ("claim Pinecrest", "claim", "Pinecrest"),
    ("今天要跟进谁", "followups", None), ("我的跟进", "followups", None), ("my follow-ups", "followups", None),
    ("金额改成65万", "edit", "金额改成65万"), ("不是华龙机械，是华龙传媒", "edit", "不是华龙机械，是华龙传媒"),
    ("日期是昨天", "edit", "日期是昨天"), ("跟进改到下周一", "edit", "跟进改到下周一"),
    ("change the amount to $80k", "edit", "change the amount to $80k"),
    # cancelling what is pending, taking back the last entry, in English and Chinese
    ("cancel that", "cancel", None), ("取消刚才那条", "cancel", None), ("取消上一条", "cancel", None), ("cancel", "cancel", None),
    ("/start", "start", None), ("撤销上一条", "undo", None),
    ("undo my last entry", "undo", None), ("delete the last one", "undo", None), ("remove that", "undo", None),
    ("Undo the last log please", "undo", None), ("scratch that", "undo", None), ("delete that entry", "undo", None),
    ("删掉刚刚那条", "undo", None), ("刚才那条删掉", "undo", None), ("删除最后一条", "undo", None), ("undo that", "undo", None),
    ("删掉上一条", "undo", None), ("cancel that", "cancel", None),
    ("刚才那条记错了，删掉", "undo", None), ("刚刚那条写错了 删除吧", "undo", None), ("上一条不对，撤销", "undo", None),
    ("刚才那条客户写错了 应该是瑞祥医药", "edit", "刚才那条客户写错了 应该是瑞祥医药"),
])
def test_commands(text, name, argument):
    res = classify(text, "R1", FRI, DIR)
    intent = "query" if name == "followups" else "command"  # asking who is due is a question (a list)
    assert res.intent == intent and res.visit is None and res.deal is None
    assert (res.command.name, res.command.argument) == (name, argument)
    assert res.contract_json() == {"intent": intent, "visit": None, "deal": None, "records": []}


@pytest.mark.parametrize("text", ["你好", "hi", "Hello!", "早上好", "你好呀", "您好", "good morning"])
def test_greetings_are_chit_chat_not_commands(text):
    res = classify(text, "R1", FRI, DIR, "CNY")
    assert res.intent == "unknown", (text, res)
    assert res.command is None


@pytest.mark.parametrize("text", ["删掉华龙机械的联系人周敏", "remove Northstar's old address, visited them today"])
def test_deleting_a_named_thing_is_no_undo(text):
    assert classify(text, "R1", FRI, DIR, "CNY").intent != "command"


@pytest.mark.parametrize("text,field,values", [
    ("金额改成65万", "amount", {"amount": 650000, "currency": None}),
    ("金额应该是 $80k", "amount", {"amount": 80000, "currency": "USD"}),
    ("amount should be 1.2M RMB", "amount", {"amount": 1200000, "currency": "CNY"}),
    ("日期是昨天", "date", {"date": date(2026, 11, 19)}),
    ("日期改成周三", "date", {"date": date(2026, 11, 18)}),
    ("跟进改到下周一", "followup_date", {"followup_date": date(2026, 11, 23)}),
    ("follow-up date should be Dec 3", "followup_date", {"followup_date": date(2026, 12, 3)}),
    ("签约日期改为月底", "close_date", {"close_date": date(2026, 11, 30)}),
    ("阶段改成谈判", "stage", {"stage": "negotiation"}),
    ("stage should be won", "stage", {"stage": "won"}),
    ("类型改成电话", "kind", {"kind": "call"}),
    ("联系人是周敏", "contact", {"contact": "周敏"}),
    ("不是华龙机械，是华龙传媒", "customer", {"customer": "北京华龙传媒股份有限公司", "customer_id": "K02"}),
    ("不是蓝海供应链，是蓝海网络", "customer", {"customer_id": "K04"}),
    ("客户改成宁波星海光电科技有限公司", "customer", {"customer": "宁波星海光电科技有限公司", "customer_id": None}),
    ("客户应该是瑞祥", "customer", {"customer_id": None, "candidates": ["K11", "K12"]}),
    ("改成电话", "kind", {"kind": "call"}),
    ("应该是65万", "amount", {"amount": 650000, "currency": None}),
    ("金额改成65万元", "amount", {"amount": 650000, "currency": "CNY"}),
    ("改成谈判", "stage", {"stage": "negotiation"}),
    ("改成昨天", "date", {"date": date(2026, 11, 19)}),
    ("改成下周三", "followup_date", {"followup_date": date(2026, 11, 25)}),
    ("改成华龙传媒", "customer", {"customer_id": "K02"}),
    ("should be $80k", "amount", {"amount": 80000, "currency": "USD"}),
    # edits in words: a correction word in front, "instead" behind, a bare field word, a value alone
    ("actually it was yesterday", "date", {"date": date(2026, 11, 19)}),
    ("date was yesterday", "date", {"date": date(2026, 11, 19)}),
    ("sorry, the date should have been Wednesday", "date", {"date": date(2026, 11, 18)}),
    ("follow up on Friday instead", "followup_date", {"followup_date": date(2026, 11, 27)}),
    ("next follow-up should be Dec 3", "followup_date", {"followup_date": date(2026, 12, 3)}),
    ("amount 650k", "amount", {"amount": 650000, "currency": None}),
    ("budget: $1.2M", "amount", {"amount": 1200000, "currency": "USD"}),
    ("金额65万", "amount", {"amount": 650000}),
    ("是昨天", "date", {"date": date(2026, 11, 19)}),
    ("不对，是65万", "amount", {"amount": 650000}),
    ("错了，应该是下周二跟进", "followup_date", {"followup_date": date(2026, 11, 24)}),
    ("it was a call", "kind", {"kind": "call"}),
    ("是电话沟通的", "kind", {"kind": "call"}),
    ("oops, it was a zoom meeting", "kind", {"kind": "meeting"}),
    ("contact should be Michael Smith", "contact", {"contact": "Michael Smith"}),
    ("the contact was Emily Carter", "contact", {"contact": "Emily Carter"}),
    ("联系人是王经理", "contact", {"contact": "王经理"}),
    ("跟进时间改成月底", "followup_date", {"followup_date": date(2026, 11, 30)}),
    ("金额应该是65万不是60万", "amount", {"amount": 650000}),
    ("不是60万，是65万", "amount", {"amount": 650000}),
    ("65万，不是60万", "amount", {"amount": 650000}),
    ("close date should be end of March", "close_date", {"close_date": date(2027, 3, 31)}),
    ("预计成交时间改到年底", "close_date", {"close_date": date(2026, 12, 31)}),
    ("stage should be negotiation", "stage", {"stage": "negotiation"}),
    ("应该是谈判阶段", "stage", {"stage": "negotiation"}),
    ("change the stage to proposal", "stage", {"stage": "proposal"}),
    ("not Pinecrest, it was Clearpath", "customer", {"customer": "Clearpath", "customer_id": None}),
    ("not Pinecrest, it's Northstar", "customer", {"customer_id": "K09"}),
    ("Northstar, not Pinecrest", "customer", {"customer_id": "K09"}),
    ("客户应该是德信建设", "customer", {"customer_id": "K15"}),
    ("客户是星海光电", "customer", {"customer": "星海光电", "customer_id": None}),
    ("I meant yesterday", "date", {"date": date(2026, 11, 19)}),
    ("我是说昨天", "date", {"date": date(2026, 11, 19)}),
    ("wrong date, it was Tuesday", "date", {"date": date(2026, 11, 17)}),
    ("金额写错了，应该是65万", "amount", {"amount": 650000}),
    ("联系人不是周敏，是林志强", "contact", {"contact": "林志强"}),
    ("客户不是华龙传媒是华龙机械", "customer", {"customer_id": "K01"}),
    ("the meeting was on Wednesday", "date", {"date": date(2026, 11, 18)}),
    ("下周三再跟进", "followup_date", {"followup_date": date(2026, 11, 25)}),
    ("不是拜访，是电话", "kind", {"kind": "call"}),
    ("it was a call, not a visit", "kind", {"kind": "call"}),
    ("make it 700k", "amount", {"amount": 700000}),
    ("move the follow-up to next Tuesday", "followup_date", {"followup_date": date(2026, 11, 24)}),
    # "the last entry's <field> was wrong, it should be …"
    ("刚才那条客户写错了 应该是瑞祥医药", "customer", {"customer_id": "K12"}),
    ("刚才那条金额写错了，应该是50万", "amount", {"amount": 500000}),
    ("上一条的日期错了 是昨天", "date", {"date": date(2026, 11, 19)}),
])
def test_edit_requests(text, field, values):
    req = parse_edit(text, speaker_id="R1", now=NOW, directory=DIR)
    assert req is not None and req.field == field and req.raw == text
    for key, value in values.items():
        assert getattr(req, key) == value, key
    unset = {"amount", "stage", "date", "followup_date", "close_date", "kind", "contact"} - set(values) - {"currency"}
    assert all(getattr(req, k) is None for k in unset)


@pytest.mark.parametrize("text", ["金额改成很多", "日期是哪天", "随便聊聊", "拜访了华龙机械", "改成随便", "是的", "it was great",
                                  "not bad, it was a good week", "date night was fun", "contact me tomorrow",
                                  "amount of work is huge", "跟进一下", "was a good meeting", "it was a productive call",
                                  "is that a call?", "是谈判吗", "时间是多少", "amount is fine", "was yesterday fun"])
def test_not_an_edit(text):
    assert parse_edit(text, speaker_id="R1", now=NOW, directory=DIR) is None


@pytest.mark.parametrize("text", [
    "actually it was yesterday", "amount 650k", "it was a call", "是昨天", "不对，是65万", "contact should be Emily Carter",
    "客户应该是德信建设", "not Pinecrest, it was Clearpath", "Northstar, not Pinecrest", "follow up on Friday instead",
    "联系人是周敏", "应该是谈判阶段",
    "刚才那条客户写错了 应该是瑞祥医药", "刚才那条金额写错了，应该是50万", "上一条的日期错了 是昨天",
    "瑞祥医药，不是华龙机械", "65万，不是60万", "周敏，不是林志强", "不是林志强，是周敏",
])
def test_edits_in_words_are_edit_commands(text):
    res = classify(text, "R1", FRI, DIR)
    assert res.intent == "command" and res.command.name == "edit" and res.command.argument == text


@pytest.mark.parametrize("text", [
    "it was a call with Northstar about pricing", "是昨天拜访的华龙机械", "Blue Harbor amount 650k",
    "金额65万 华龙机械签了", "was at Pinecrest today, met Lucas Green", "the meeting was on Wednesday with Pinecrest",
    "amount should be 80k for Northstar",
])
def test_an_edit_shaped_message_with_a_customer_and_an_activity_is_a_log(text):
    res = classify(text, "R1", FRI, DIR)
    assert res.intent == "log" and (res.visit or res.deal).customer_id is not None


@pytest.mark.parametrize("text", ["华龙机械，不是决策人", "华龙机械 林志强，不是决策人", "Northstar, not the decision maker"])
def test_not_a_role_is_a_note_not_a_contrast_edit(text):
    # a contrast edit needs a replaceable value on both sides
    res = classify(text, "R1", FRI, DIR, "CNY")
    assert res.intent == "log" and res.visit is not None and res.visit.customer_id in ("K01", "K09"), res


def test_a_deal_update_naming_a_customer_is_a_log():
    res = classify("华龙机械金额改成65万", "R1", FRI, DIR)
    assert res.intent == "log" and res.deal.customer_id == "K01" and res.deal.amount == 650000


@pytest.mark.parametrize("text,name,argument", [
    ("what's due this week", "followups", None), ("who do I need to follow up with today", "followups", None),
    ("follow-ups this week", "followups", None), ("any follow-ups due tomorrow?", "followups", None),
    ("which customers do I need to follow up this week", "followups", None),
    ("这周要跟进哪些客户", "followups", None), ("今天有哪些客户要跟进", "followups", None), ("下周该联系谁", "followups", None),
    ("我要认领青松药业", "claim", "青松药业"), ("帮我认领青松药业", "claim", "青松药业"), ("认领一下青松药业", "claim", "青松药业"),
    ("I'd like to claim Pinecrest", "claim", "Pinecrest"), ("can I claim 青松药业?", "claim", "青松药业"),
    ("认领了华辰", "claim", "华辰"), ("我认领了华龙机械", "claim", "华龙机械"), ("认领一下华龙机械", "claim", "华龙机械"),
    ("认领下海川物流", "claim", "海川物流"), ("认领华龙机械", "claim", "华龙机械"), ("/claim Northstar", "claim", "Northstar"),
])
def test_commands_said_in_a_sentence(text, name, argument):
    res = classify(text, "R1", FRI, DIR)
    assert res.intent == ("query" if name == "followups" else "command")
    assert (res.command.name, res.command.argument) == (name, argument)


@pytest.mark.parametrize("text", ["本周跟进了哪些客户", "who did I follow up with today", "how much is due to close this month",
                                  "how many follow-ups did we do this week", "我认领的客户有哪些"])
def test_questions_about_follow_ups_done_or_claimed_are_no_commands(text):
    assert classify(text, "R1", FRI, DIR).intent == "query"


@pytest.mark.parametrize("text", ["认领了吗", "我认领了哪些客户"])
def test_claim_questions_are_no_claims(text):
    res = classify(text, "R1", FRI, DIR, "CNY")
    assert res.command is None or res.command.name != "claim", res


def test_edit_to_a_customer_out_of_view_is_flagged():
    from tests.capture_support import records_directory

    req = parse_edit("不是华龙机械，是东方电气", speaker_id="R1", now=date(2026, 11, 20), directory=records_directory())
    assert req.field == "customer" and req.customer_id is None and req.out_of_view  # 东方电气 is R3's
