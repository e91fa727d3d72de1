"""Phenomena found by the third held-out round, one table row per message.
Today is Wednesday 2026-11-18 unless a case says otherwise (directory: tests.capture_support)."""

from __future__ import annotations

from datetime import date

import pytest

from intents.registry import classify
from tests.capture_support import directory, mismatches

WED = date(2026, 11, 18)
DIR = directory()
V, D = "visit", "deal"
LOG = "log"

CASES: list[tuple[str, date, str, dict]] = [
    # --- a contact named beside a deal's state (lost, in negotiation) is its source, no activity ---
    ("R1", WED, "瑞祥医药马丽说项目黄了", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "lost"}}),
    ("R1", WED, "瑞祥醫藥馬麗說專案黃了", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "lost"}}),
    ("R1", WED, "华龙机械林志强 商务谈判中，金额降到38万", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "negotiation", "amount": 380000}}),
    ("R2", WED, "海川物流冯涛，项目黄了", {"intent": LOG, V: None, D: {"customer_id": "K13", "stage": "lost"}}),
    # ... but a met/called contact, a past day, or a quote handed over still is one
    ("R2", WED, "见了海川物流冯涛，项目黄了", {"intent": LOG, V: {"customer_id": "K13", "contact": "冯涛"}, D: {"stage": "lost"}}),
    ("R1", WED, "昨天华龙机械林志强 谈判中", {"intent": LOG, V: {"contact": "林志强", "date": "2026-11-17"}, D: {"stage": "negotiation"}}),
    ("R1", WED, "华龙机械林志强：报价 ¥268,000 已提交", {"intent": LOG, V: {"contact": "林志强"}, D: {"stage": "proposal"}}),
    # --- stage words with an adverb inside, and English "requirements confirmed" ---
    ("R1", WED, "上周五在华龙机械开会，林志强在，需求基本确认", {"intent": LOG, V: {"customer_id": "K01", "kind": "meeting", "date": "2026-11-13"}, D: {"customer_id": "K01", "stage": "qualified"}}),
    ("R1", WED, "华龙机械需求已经确认", {"intent": LOG, D: {"customer_id": "K01", "stage": "qualified"}}),
    ("R1", WED, "华龙机械需求还没确认", {"intent": LOG, D: None}),
    ("R1", WED, "Northstar call with Sarah Johnson, requirements confirmed, close by Dec 20", {"intent": LOG, V: {"kind": "call"}, D: {"customer_id": "K09", "stage": "qualified", "close_date": "2026-12-20"}}),
    ("R1", WED, "Northstar: budget is now confirmed", {"intent": LOG, D: {"customer_id": "K09", "stage": "qualified"}}),
    ("R1", WED, "requirements not confirmed at Northstar", {"intent": LOG, D: None}),
    # --- 谈下来了 / 签下来了 / 拿下来了: closed it ---
    ("R3", WED, "Pinecrest续约谈下来了，$80k", {"intent": LOG, D: {"customer_id": "K08", "stage": "won", "amount": 80000, "currency": "USD"}}),
    ("R1", WED, "华龙机械终于签下来了", {"intent": LOG, D: {"customer_id": "K01", "stage": "won"}}),
    # --- what was done there names the kind: 来公司开会 is a meeting, a demo given on site a demo ---
    ("R1", WED, "瑞祥医药马丽昨天来公司开会，聊了合作框架", {"intent": LOG, V: {"customer_id": "K12", "kind": "meeting", "date": "2026-11-17"}}),
    ("R1", WED, "周一去华龙机械见了林志强，给他们做了产品演示", {"intent": LOG, V: {"customer_id": "K01", "kind": "demo", "date": "2026-11-16"}}),
    ("R1", WED, "华龙机械林志强 今天上门，约了12月3号演示", {"intent": LOG, V: {"kind": "visit", "followup_date": "2026-12-03"}}),
    ("R1", WED, "Went to Northstar, met Sarah Johnson, they want a demo Tuesday", {"intent": LOG, V: {"kind": "visit"}}),
    # --- two day phrases: a bare weekday before a coming day ("this Friday") is the activity's ---
    ("R3", WED, "Pinecrest meeting on Monday, they asked for an onsite demo this Friday", {"intent": LOG, V: {"customer_id": "K08", "kind": "meeting", "date": "2026-11-16", "followup_date": "2026-11-20"}}),
    ("R1", WED, "Northstar call on Tuesday, Sarah wants a follow-up next Monday", {"intent": LOG, V: {"kind": "call", "date": "2026-11-17", "followup_date": "2026-11-23"}}),
    ("R3", WED, "Pinecrest demo this Friday", {"intent": LOG, V: None, "records": [  # a demo still to come: a plan
        {"type": "activity", "status": "planned", "kind": "demo", "date": "2026-11-20"}]}),
    # --- a Chinese brand in pinyin alone ("Qingsong"), when one customer's short form sounds so ---
    ("R1", WED, "Lost the Qingsong deal — budget frozen.", {"intent": LOG, V: None, D: {"customer_id": "K05", "stage": "lost"}}),
    ("R2", WED, "Jinshi signed, 50万", {"intent": LOG, D: {"customer_id": "K06", "stage": "won", "amount": 500000}}),
    ("R1", WED, "Called Dexin last Friday, price $30k, proposal stage", {"intent": LOG, V: {"customer_id": "K15", "kind": "call", "date": "2026-11-13"}, D: {"customer_id": "K15", "stage": "proposal"}}),
    ("R1", WED, "Visited Dexin Engineering yesterday", {"intent": LOG, V: {"customer_id": "K15", "date": "2026-11-17"}}),
    ("R2", WED, "Visited Haichuan yesterday", {"intent": LOG, V: {"customer_id": None, "date": "2026-11-17"}}),
    # ... and "Lost the X deal" is a lost deal for an unknown X too
    ("R1", WED, "Lost the Zorblax deal", {"intent": LOG, V: None, D: {"customer": "Zorblax", "customer_id": None, "stage": "lost"}}),
    ("R1", WED, "Won the Acme deal, 50k", {"intent": LOG, D: {"customer": "Acme", "stage": "won", "amount": 50000}}),
    # --- interest shown on a first contact is still a lead; a confirmed need is qualified ---
    ("R1", WED, "新客户苏州恒达光电，初步接触，李工对我们的方案感兴趣", {"intent": LOG, D: {"customer": "苏州恒达光电", "stage": "lead"}}),
    ("R1", WED, "First contact with Northstar, Sarah seemed very interested", {"intent": LOG, D: {"customer_id": "K09", "stage": "lead"}}),
    ("R1", WED, "华龙机械林志强对方案很感兴趣", {"intent": LOG, D: {"customer_id": "K01", "stage": "qualified"}}),
    ("R1", WED, "新线索 华龙机械 需求确认了", {"intent": LOG, D: {"customer_id": "K01", "stage": "qualified"}}),
]


@pytest.mark.parametrize(("user", "today", "text", "expect"), CASES, ids=[c[2][:40] for c in CASES])
def test_heldout3_phenomena(user: str, today: date, text: str, expect: dict) -> None:
    got = classify(text, user, today, DIR, "CNY").contract_json()
    assert not mismatches(got, expect), (text, mismatches(got, expect), got)


@pytest.mark.parametrize(("text", "command"), [
    ("刚才那条记错了，删掉", "undo"),
    ("刚刚那条写错了 删除吧", "undo"),
    ("上一条不对，撤销", "undo"),
    ("刚才那条客户写错了 应该是瑞祥医药", "edit"),
])
def test_heldout3_commands(text: str, command: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.intent == "command" and got.command is not None and got.command.name == command, (text, got)
