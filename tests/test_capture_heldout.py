"""Phenomena found by held-out probes against other orgs, one table row per message: approximate
amounts, stage words, weekdays after a future verb, signing dates, titles before names, ...
Today is Wednesday 2026-11-18 unless a case says otherwise (directory: tests.capture_support)."""

from __future__ import annotations

from datetime import date

import pytest

from intents.directory import CustomerRecord, Directory
from intents.registry import classify
from tests.capture_support import directory, mismatches

WED = date(2026, 11, 18)
DEC30 = date(2026, 12, 30)
DIR = directory()
V, D = "visit", "deal"
LOG = "log"

CASES: list[tuple[str, date, str, dict]] = [
    # --- approximate amounts: N来万 / N多万 / 十来万 / 百来万 are about N×10,000 ---
    ("R1", WED, "华龙机械林志强 电话，预算20来万", {"intent": LOG, D: {"customer_id": "K01", "amount": 200000, "currency": "CNY"}}),
    ("R1", WED, "华龙机械 预算20多万，年底前采购", {"intent": LOG, D: {"customer_id": "K01", "amount": 200000, "close_date": "2026-12-31"}}),
    ("R1", WED, "瑞祥医药马丽 拜访 预算 100来万", {"intent": LOG, D: {"customer_id": "K12", "amount": 1000000}}),
    ("R2", WED, "金石环保 欧阳明 电话沟通，三十多万的预算", {"intent": LOG, D: {"customer_id": "K06", "amount": 300000}}),
    ("R1", WED, "海川物流冯涛 电话，预算十来万", {"intent": LOG, V: {"customer_id": "K13", "kind": "call"}, D: {"customer_id": "K13", "amount": 100000}}),
    ("R1", WED, "德信建设付强 拜访 预算百来万", {"intent": LOG, D: {"customer_id": "K15", "amount": 1000000}}),
    ("R1", WED, "蓝海网络宋佳怡 开会，预算二十几万", {"intent": LOG, D: {"customer_id": "K04", "amount": 200000}}),
    ("R1", WED, "华龙机械 预算两百来万", {"intent": LOG, D: {"customer_id": "K01", "amount": 2000000}}),
    ("R1", WED, "华龙机械林志强 电话，20多个人参加培训", {"intent": LOG, V: {"customer_id": "K01"}, D: None}),
    # --- stage words: 意向 → qualified, "a lead" → lead; "moved to X" is where the deal is now ---
    ("R1", WED, "瑞祥医药 意向客户 预算 5w 左右", {"intent": LOG, D: {"customer_id": "K12", "stage": "qualified", "amount": 50000}}),
    ("R1", WED, "华龙机械 有采购意向", {"intent": LOG, D: {"customer_id": "K01", "stage": "qualified"}}),
    ("R1", WED, "华龙机械 没有意向", {"intent": LOG, D: None}),
    ("R1", WED, "Visited Blue Harbor today, met Emily Carter. Early stage lead, maybe 1.5 million.", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter"}, D: {"customer_id": "K07", "stage": "lead", "amount": 1500000}}),
    ("R1", WED, "Northstar is a lead now", {"intent": LOG, V: None, D: {"customer_id": "K09", "stage": "lead"}}),
    ("R1", WED, "Northstar: new lead", {"intent": LOG, D: {"customer_id": "K09", "stage": "lead"}}),
    ("R1", WED, "Northstar moved to negotiation", {"intent": LOG, V: None, D: {"customer_id": "K09", "stage": "negotiation"}}),
    ("R1", WED, "Northstar moved to the proposal stage", {"intent": LOG, V: None, D: {"customer_id": "K09", "stage": "proposal"}}),
    ("R1", WED, "Phone call with Tom Baker from Blue Harbor, moving to negotiation, close by end of next month", {"intent": LOG, V: {"customer_id": "K07", "kind": "call", "contact": "Tom Baker"}, D: {"stage": "negotiation", "close_date": "2026-12-31"}}),
    ("R1", WED, "Northstar: need to move to negotiation", {"intent": LOG, D: None}),
    ("R1", WED, "瑞祥医药 马丽 开会 报价 5w 两周后签", {"intent": LOG, V: {"customer_id": "K12", "kind": "meeting"}, D: {"stage": "proposal", "amount": 50000, "close_date": "2026-12-02"}}),
    ("R1", WED, "visited Blue Harbor today, met Mr. Li, quote 400k sent", {"intent": LOG, D: {"customer_id": "K07", "stage": "proposal", "amount": 400000}}),
    # --- an English weekday after a future verb is the follow-up; with another coming day it is the activity ---
    ("R1", WED, "Northstar: 20% discount requested, 5 licenses, call again Friday", {"intent": LOG, V: {"customer_id": "K09", "date": "2026-11-18", "followup_date": "2026-11-20"}}),
    # a day still to come governs these: plans on that day (CONTRACT.md "Done or planned by the clause's tense")
    ("R1", WED, "Northstar: see them Thursday", {"intent": LOG, V: None, "records": [{"type": "activity", "status": "planned", "date": "2026-11-19", "followup_date": None}]}),
    ("R1", WED, "Northstar: will call them Friday", {"intent": LOG, V: None, "records": [
        {"type": "activity", "status": "planned", "kind": "call", "date": "2026-11-20", "followup_date": None}]}),
    ("R1", WED, "Northstar: see them again Thursday", {"intent": LOG, V: None, "records": [{"type": "activity", "status": "planned", "date": "2026-11-19", "followup_date": None}]}),
    ("R1", WED, "Northstar: meet on Tuesday next", {"intent": LOG, V: None, "records": [{"type": "activity", "status": "planned", "date": "2026-11-24", "followup_date": None}]}),
    ("R1", WED, "Meeting w/ Emily Carter at Blue Harbor on Tuesday, moved to negotiation, $75,000, follow up in 3 days",
     {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter", "kind": "meeting", "date": "2026-11-17", "followup_date": "2026-11-21"},
      D: {"stage": "negotiation", "amount": 75000, "currency": "USD"}}),
    # --- signing phrases give the close date; a negated one gives no date at all ---
    ("R1", WED, "Had a call with Northstar this morning - they approved budget of 1.2M RMB, contract to be signed next month",
     {"intent": LOG, V: {"customer_id": "K09", "kind": "call", "followup_date": None}, D: {"amount": 1200000, "currency": "CNY", "close_date": "2026-12-31"}}),
    ("R1", WED, "上周三拜访了华龙机械林志强，需求确认，明年3月采购", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-11"}, D: {"stage": "qualified", "close_date": "2027-03-31"}}),
    ("R1", WED, "瑞祥医药马丽 电话，明年3月签", {"intent": LOG, D: {"customer_id": "K12", "close_date": "2027-03-31"}}),
    ("R1", DEC30, "瑞祥医药 马丽 电话，年底前签不了，推到明年3月", {"intent": LOG, V: {"kind": "call", "date": "2026-12-30", "followup_date": None}, D: {"customer_id": "K12", "close_date": "2027-03-31"}}),
    ("R1", WED, "瑞祥医药马丽 电话，月底前签不下来，下周再约", {"intent": LOG, V: {"followup_date": "2026-11-23"}, D: None}),
    # --- 成交 is a stage, never a person; 新客户 is not part of a name; titles before and after names ---
    ("R1", WED, "瑞祥医药成交，80w", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "won", "amount": 800000}}),
    ("R1", WED, "新客户星河科技，见了王总", {"intent": LOG, V: {"customer_id": None, "customer": "星河科技", "contact": "王总"}}),
    ("R1", WED, "今天拜访了新客户星河科技", {"intent": LOG, V: {"customer_id": None, "customer": "星河科技", "date": "2026-11-18"}}),
    ("R1", WED, "华龙机械 见了邱明", {"intent": LOG, V: {"customer_id": "K01", "contact": "邱明"}}),
    ("R1", WED, "华龙机械 见了张明，明天再联系", {"intent": LOG, V: {"contact": "张明", "followup_date": "2026-11-19"}}),
    ("R1", WED, "今天陌拜了杭州云帆智能科技，见了总经理周平", {"intent": LOG, V: {"customer": "杭州云帆智能科技", "contact": "周平"}}),
    ("R1", WED, "华龙机械 见了李强经理", {"intent": LOG, V: {"customer_id": "K01", "contact": "李强经理"}}),
    ("R1", WED, "Visited Hooli this morning, met their CFO Tom Wilson. New opportunity.", {"intent": LOG, V: {"customer": "Hooli", "contact": "Tom Wilson"}, D: {"stage": "lead"}}),
    ("R1", WED, "Met Tom Wilson, CFO of Northwind Traders", {"intent": LOG, V: {"customer": "Northwind Traders", "contact": "Tom Wilson"}}),
    # --- a new English company does not swallow the verb before it ---
    ("R1", WED, "Visited Oakridge Systems, met their IT manager", {"intent": LOG, V: {"customer_id": None, "customer": "Oakridge Systems", "kind": "visit"}}),
    ("R1", WED, "Called Bluewave Tech, left a message", {"intent": LOG, V: {"customer": "Bluewave Tech", "kind": "call"}}),
    ("R1", WED, "Visited Oakridge Systems.", {"intent": LOG, V: {"customer": "Oakridge Systems"}}),
    ("R1", WED, "Emailed Granite Peak Holdings the brochure", {"intent": LOG, V: {"customer": "Granite Peak Holdings", "kind": "message"}}),
    # --- a bare count is not an amount ---
    ("R1", WED, "Called Northstar's Sarah Johnson, her number is 17527159351, she asked for 3 references", {"intent": LOG, V: {"customer_id": "K09", "kind": "call"}, D: None}),
    ("R1", WED, "Northstar: they asked for 12 machines", {"intent": LOG, D: None}),
    ("R1", WED, "Northstar: budget 50000 approved", {"intent": LOG, D: {"amount": 50000, "currency": "CNY"}}),
    ("R1", WED, "Northstar: quoted 48000 dollars", {"intent": LOG, D: {"stage": "proposal", "amount": 48000, "currency": "USD"}}),
    # --- 视频 is a meeting ---
    ("R1", WED, "华龙机械 林志强 视频 沟通 需求", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "kind": "meeting"}}),
    ("R1", WED, "华龙机械林志强 视频通话，聊了交付", {"intent": LOG, V: {"kind": "meeting"}}),
    # --- a phone number with only a coming visit: the rep phoned; 单子 is no person ---
    ("R1", WED, "华龙机械林总 电话 13812345678 明天上门", {"intent": LOG, V: None, "records": [
        {"type": "contact", "contact_id": "P01", "phone": "13812345678"},
        {"type": "activity", "status": "planned", "customer_id": "K01", "kind": "visit", "date": "2026-11-19"}]}),
    ("R1", WED, "新客户 宁波星海科技 王总 电话13812345678 拜访", {"intent": LOG, V: {"kind": "visit"}}),
    ("R1", WED, "瑞祥医药 的单子 丢了", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "lost"}}),
    # --- Chinese names spelt in Latin letters ---
    ("R1", WED, "visited haichuan logistics today, met Mr. Feng, quote 400k sent", {"intent": LOG, V: {"customer_id": "K13", "kind": "visit"}, D: {"customer_id": "K13", "stage": "proposal", "amount": 400000}}),
    ("R1", WED, "call with Lanhai Supply Chain about the API", {"intent": LOG, V: {"customer_id": "K03", "kind": "call"}}),
    ("R1", WED, "Met Mary at Ruixiang Yiyao", {"intent": LOG, V: {"customer_id": "K12", "contact": "Mary"}}),
    ("R1", WED, "long term plan with the team", {"intent": "unknown", V: None, D: None}),
    # --- own probes: company words end English names, 一定签, "next one on Monday", "X's buyer, Name" ---
    ("R1", WED, "Quick call with Greenfield Foods, they want a pilot in January", {"intent": LOG, V: {"customer": "Greenfield Foods", "contact": None, "kind": "call"}}),
    ("R1", WED, "华龙机械 客户说年底前一定签", {"intent": LOG, D: {"customer_id": "K01", "close_date": "2026-12-31"}}),
    ("R1", WED, "Northstar: they asked for 2 more demos, next one on Monday", {"intent": LOG, V: {"customer_id": "K09", "date": "2026-11-18", "followup_date": "2026-11-23"}, D: None}),
    ("R1", WED, "Lunch with Pacific Retail's buyer, Mike Wong", {"intent": LOG, V: {"customer": "Pacific Retail", "contact": "Mike Wong"}}),
    ("R1", WED, "Northstar: talked to their procurement manager Lisa Park", {"intent": LOG, V: {"customer_id": "K09", "contact": "Lisa Park"}}),
    ("R1", WED, "中聯新能源侯霞 視頻溝通，報價三十多萬已發", {"intent": LOG, V: {"customer": "中聯新能源", "contact": "侯霞", "kind": "meeting"}, D: {"stage": "proposal", "amount": 300000}}),
    # --- own probes (2): 下半年 as a close, mid/early <month>, "1.5 mil", a new company holding a stored short form ---
    ("R1", date(2026, 6, 30), "华龙机械 下半年采购，预算四十来万", {"intent": LOG, D: {"customer_id": "K01", "amount": 400000, "close_date": "2026-12-31"}}),
    ("R1", WED, "Northstar: decision expected by mid December", {"intent": LOG, V: None, D: {"customer_id": "K09", "close_date": "2026-12-15"}}),
    ("R1", WED, "Northstar: follow up early January", {"intent": LOG, V: {"followup_date": "2027-01-01"}}),
    ("R1", WED, "Met with the Northstar team yesterday afternoon - they're keen, about 1.5 mil", {"intent": LOG, V: {"customer_id": "K09", "date": "2026-11-17"}, D: {"amount": 1500000}}),
    ("R1", WED, "新客户苏州华龙精工，陌拜，见了厂长老刘", {"intent": LOG, V: {"customer_id": None, "customer": "苏州华龙精工", "contact": "老刘", "kind": "visit"}}),
    ("R1", WED, "went to see Apex Robotics in Suzhou, met the GM David Wu", {"intent": LOG, V: {"customer": "Apex Robotics", "contact": "David Wu"}}),
    # --- own probes (3): a signing on a coming day is not won; "sent X the revised quote" ---
    ("R1", WED, "华龙机械 本周四 上门 签合同", {"intent": LOG, V: None, D: None, "records": [  # a visit still to come: a plan
        {"type": "activity", "status": "planned", "customer_id": "K01", "kind": "visit", "date": "2026-11-19"}]}),
    ("R1", WED, "华龙机械 今天上门 签合同 30万", {"intent": LOG, D: {"customer_id": "K01", "stage": "won", "amount": 300000}}),
    ("R1", WED, "Sent Northstar the revised quote ($52,500), they'll sign next Friday", {"intent": LOG, D: {"customer_id": "K09", "stage": "proposal", "amount": 52500, "currency": "USD", "close_date": "2026-11-27"}}),
]


@pytest.mark.parametrize(("user", "today", "text", "expect"), CASES, ids=[c[2][:40] for c in CASES])
def test_heldout_phenomena(user: str, today: date, text: str, expect: dict) -> None:
    got = classify(text, user, today, DIR, "CNY").contract_json()
    assert not mismatches(got, expect), (text, mismatches(got, expect), got)


@pytest.mark.parametrize(("text", "command"), [
    ("cancel that", "cancel"), ("取消刚才那条", "cancel"), ("取消上一条", "cancel"), ("cancel", "cancel"),
    ("/start", "start"), ("撤销上一条", "undo"),
    # greetings are chit-chat: intent unknown, like any other small talk
    ("你好", None), ("hi", None), ("Hello!", None), ("早上好", None), ("你好呀", None), ("您好", None), ("good morning", None),
])
def test_commands_and_greetings(text: str, command: str | None) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.intent == ("command" if command else "unknown"), (text, got)
    assert (got.command.name if got.command else None) == command


# 恒达 is an alias of H1 and H2 and the short form of H3's name; 德润 likewise for D1..D3
ALIAS_DIR = Directory([
    CustomerRecord(id="H1", name="东莞恒达国际货运有限公司", aliases=("恒达国际货运", "恒达"), owner_id="S1"),
    CustomerRecord(id="H2", name="厦门恒达软件股份有限公司", aliases=("恒达软件", "恒达"), owner_id="S1"),
    CustomerRecord(id="H3", name="珠海恒达生物科技有限公司", aliases=("恒达生物科技",), owner_id="S1"),
    CustomerRecord(id="D1", name="杭州德润科技有限公司", aliases=("德润科技",), owner_id="S2"),
    CustomerRecord(id="D2", name="广州德润电子有限公司", aliases=("德润电子", "德润"), owner_id="S3"),
    CustomerRecord(id="D3", name="南京德润物流有限公司", aliases=("德润物流", "德润"), owner_id="S4"),
    CustomerRecord(id="G1", name="杭州鼎丰汽车零部件有限公司", aliases=("鼎丰汽车零部件",), owner_id="S1"),
    CustomerRecord(id="G2", name="珠海鼎丰教育咨询有限公司", aliases=("鼎丰教育咨询",), owner_id="S5"),
    CustomerRecord(id="G3", name="杭州鼎丰科技有限公司", aliases=("鼎丰科技",), owner_id="S6"),
])


@pytest.mark.parametrize(("user", "text", "customer_id", "candidates"), [
    ("S1", "去了恒达，见了采购", None, ["H1", "H2", "H3"]),   # all three are the speaker's own
    ("S9", "拜访了德润", None, ["D1", "D2", "D3"]),           # none is the speaker's: every one that fits
    ("S2", "拜访了德润", "D1", None),                         # exactly one of the speaker's own fits
    ("S3", "拜访了德润", "D2", None),
    ("S9", "拜访了德润物流", "D3", None),                     # a longer, exact alias settles it
    ("S1", "11/16 拜访了鼎丰汽车，客户要求周四演示", "G1", None),  # a prefix of one name's core
    ("S9", "拜访了鼎丰汽车", "G1", None),
    ("S9", "拜访了鼎丰", None, ["G1", "G2", "G3"]),
])
def test_alias_and_short_form_candidates(user: str, text: str, customer_id: str | None, candidates: list[str] | None) -> None:
    visit = classify(text, user, WED, ALIAS_DIR, "CNY").visit
    assert visit is not None and visit.customer_id == customer_id
    assert sorted(visit.candidates or []) == sorted(candidates or [])
