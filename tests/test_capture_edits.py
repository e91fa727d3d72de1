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
])
def test_commands(text, name, argument):
    res = classify(text, "R1", FRI, DIR)
    assert res.intent == "command" and res.visit is None and res.deal is None
    assert (res.command.name, res.command.argument) == (name, argument)
    assert res.contract_json() == {"intent": "command", "visit": None, "deal": None}


@pytest.mark.parametrize("text,field,values", [
    ("金额改成65万", "amount", {"amount": 650000, "currency": "CNY"}),
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
    ("应该是65万", "amount", {"amount": 650000, "currency": "CNY"}),
    ("改成谈判", "stage", {"stage": "negotiation"}),
    ("改成昨天", "date", {"date": date(2026, 11, 19)}),
    ("改成下周三", "followup_date", {"followup_date": date(2026, 11, 25)}),
    ("改成华龙传媒", "customer", {"customer_id": "K02"}),
    ("should be $80k", "amount", {"amount": 80000, "currency": "USD"}),
])
def test_edit_requests(text, field, values):
    req = parse_edit(text, speaker_id="R1", now=NOW, directory=DIR)
    assert req is not None and req.field == field and req.raw == text
    for key, value in values.items():
        assert getattr(req, key) == value, key
    unset = {"amount", "stage", "date", "followup_date", "close_date", "kind", "contact"} - set(values) - {"currency"}
    assert all(getattr(req, k) is None for k in unset)


@pytest.mark.parametrize("text", ["金额改成很多", "日期是哪天", "随便聊聊", "拜访了华龙机械", "改成随便"])
def test_not_an_edit(text):
    assert parse_edit(text, speaker_id="R1", now=NOW, directory=DIR) is None


def test_a_deal_update_naming_a_customer_is_a_log():
    res = classify("华龙机械金额改成65万", "R1", FRI, DIR)
    assert res.intent == "log" and res.deal.customer_id == "K01" and res.deal.amount == 650000
