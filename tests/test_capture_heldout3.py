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
]


@pytest.mark.parametrize(("user", "today", "text", "expect"), CASES, ids=[c[2][:40] for c in CASES])
def test_heldout3_phenomena(user: str, today: date, text: str, expect: dict) -> None:
    got = classify(text, user, today, DIR, "CNY").contract_json()
    assert not mismatches(got, expect), (text, mismatches(got, expect), got)
