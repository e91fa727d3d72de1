"""Phenomena found by the second held-out round (and own probes after it), one table row per
message. Today is Wednesday 2026-11-18 unless a case says otherwise (directory: tests.capture_support)."""

from __future__ import annotations

from datetime import date

import pytest

from intents.directory import ContactRecord, CustomerRecord, Directory
from intents.edits import parse_edit
from intents.registry import classify
from tests.capture_support import directory, mismatches

WED = date(2026, 11, 18)
SAT = date(2026, 11, 21)
SUN = date(2026, 11, 22)
DEC31 = date(2026, 12, 31)
DIR = directory()
V, D = "visit", "deal"
LOG = "log"

CASES: list[tuple[str, date, str, dict]] = [
    # --- C1: a bare weekday right before the kind word is the activity's day, even with deal content ---
    ("R1", SAT, "华龙机械 林志强 周三上门 报价方案 18万", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-18", "followup_date": None}, D: {"stage": "proposal", "amount": 180000}}),
    ("R2", SUN, "海川物流 冯涛 周六 电话 需求确认 预算40w左右", {"intent": LOG, V: {"customer_id": "K13", "kind": "call", "date": "2026-11-21", "followup_date": None}, D: {"amount": 400000}}),
    ("R1", SAT, "週五拜訪瑞祥汽車 唐建國 談判中 金額３２萬", {"intent": LOG, V: {"customer_id": "K11", "date": "2026-11-20", "followup_date": None}, D: {"stage": "negotiation", "amount": 320000}}),
    ("R1", SUN, "周六拜访华龙机械 报价20万", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-21", "followup_date": None}, D: {"amount": 200000}}),
    ("R2", SAT, "海川物流 周四开会 谈判中", {"intent": LOG, V: {"date": "2026-11-19", "followup_date": None}, D: {"stage": "negotiation"}}),
    # --- C2: a weekday word between the customer and the kind word is no contact ---
    ("R2", SAT, "海川物流 周四 开会 谈判中 合同68w 月底签", {"intent": LOG, V: {"customer_id": "K13", "contact": None, "date": "2026-11-19"}, D: {"close_date": "2026-11-30"}}),
    ("R2", SAT, "海川物流 周五 电话 聊了合同", {"intent": LOG, V: {"contact": None, "kind": "call", "date": "2026-11-20"}}),
    ("R1", SAT, "瑞祥医药 星期四 开会", {"intent": LOG, V: {"customer_id": "K12", "contact": None, "kind": "meeting"}}),
    # --- C7/C8: a trade ending (厂/批发部/店/中心/工作室) closes a new company's name; 新客户 X never
    #     attaches to a stored customer whose name lacks what X says ---
    ("R1", WED, "电话了新客户 佛山华龙陶瓷厂 有意向", {"intent": LOG, V: {"customer_id": None, "customer": "佛山华龙陶瓷厂", "contact": None, "kind": "call"}, D: {"customer_id": None, "stage": "qualified"}}),
    ("R1", WED, "新客户 华龙陶瓷 拜访了", {"intent": LOG, V: {"customer_id": None, "customer": "华龙陶瓷", "contact": None}}),
    ("R1", WED, "新客户 佛山海川 电话", {"intent": LOG, V: {"customer_id": None, "customer": "佛山海川", "kind": "call"}}),
    ("R1", WED, "新客户 瑞祥医药 拜访了", {"intent": LOG, V: {"customer_id": "K12"}}),
    ("R1", WED, "电话了一家新客户 东莞瑞丰五金制品厂 有意向 预算12万", {"intent": LOG, V: {"customer": "东莞瑞丰五金制品厂"}, D: {"customer": "东莞瑞丰五金制品厂", "amount": 120000}}),
    ("R1", WED, "陌拜 义乌恒通小商品批发部", {"intent": LOG, V: {"customer": "义乌恒通小商品批发部", "kind": "visit"}}),
    ("R1", WED, "去了新客户 顺德美佳家具店 见了老板", {"intent": LOG, V: {"customer": "顺德美佳家具店", "kind": "visit"}}),
    ("R1", WED, "新客户 杭州云图设计工作室 加了微信", {"intent": LOG, V: {"customer": "杭州云图设计工作室", "kind": "message"}}),
    ("R1", WED, "拜访了李强厂长 聊了扩产", {"intent": LOG, V: {"customer": None, "contact": "李强厂长"}}),
    # --- C3: a deal-only message's 月底/年底 is its closing time: no visit ---
    ("R1", DEC31, "年底最后一天 华龙机械签了！合同40万", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "won", "amount": 400000}}),
    ("R1", DEC31, "华龙机械签了 合同40万 年底", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "won", "close_date": "2026-12-31"}}),
    ("R1", WED, "月底前 华龙机械签了 40万", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "won", "close_date": None}}),
    ("R1", WED, "华龙机械签了 40万 年底前回款", {"intent": LOG, V: None, D: {"stage": "won", "amount": 400000}}),
    ("R1", WED, "华龙机械 报价40万 争取月底", {"intent": LOG, V: None, D: {"stage": "proposal", "close_date": "2026-11-30"}}),
    ("R1", WED, "华龙机械 报价40万 周五再联系", {"intent": LOG, V: {"followup_date": "2026-11-20"}, D: {"stage": "proposal"}}),
    # --- C4: "emailed ... the proposal / revised quote" is a proposal sent by message ---
    ("R1", WED, "Emailed Emily Carter at Blue Harbor the revised quote, $95k, she'll get back by Friday", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter", "kind": "message", "followup_date": "2026-11-20"}, D: {"stage": "proposal", "amount": 95000, "currency": "USD"}}),
    ("R1", WED, "Northstar: emailed the proposal, 22k USD", {"intent": LOG, V: {"kind": "message"}, D: {"customer_id": "K09", "stage": "proposal", "amount": 22000}}),
    ("R1", WED, "Blue Harbor: emailed quote $90k", {"intent": LOG, D: {"stage": "proposal", "amount": 90000}}),
    ("R1", WED, "Northstar proposal emailed", {"intent": LOG, D: {"customer_id": "K09", "stage": "proposal"}}),
    ("R1", WED, "Northstar: emailed Sarah asking about the proposal timeline", {"intent": LOG, V: {"kind": "message"}, D: None}),
    # --- C5: an English bare weekday after a future phrase is a follow-up; a voicemail is a call ---
    ("R1", WED, "call with 林志强 (华龙机械), demo scheduled Friday", {"intent": LOG, V: {"customer_id": "K01", "kind": "call", "date": "2026-11-18", "followup_date": "2026-11-20"}}),
    ("R1", WED, "left a voicemail for Sarah Johnson @ Northstar, will try again Thursday", {"intent": LOG, V: {"customer_id": "K09", "kind": "call", "date": "2026-11-18", "followup_date": "2026-11-19"}}),
    ("R1", WED, "Northstar no answer, try again Thursday", {"intent": LOG, V: {"kind": "call", "date": "2026-11-18", "followup_date": "2026-11-19"}}),
    ("R1", WED, "Northstar: will email the proposal Friday", {"intent": LOG, V: None, "records": [
        {"type": "activity", "status": "planned", "kind": "message", "date": "2026-11-20"}]}),
    ("R1", WED, "Blue Harbor: demo booked in for Friday", {"intent": LOG, V: None, "records": [
        {"type": "activity", "status": "planned", "kind": "demo", "date": "2026-11-20"}]}),
    ("R1", WED, "Blue Harbor: demo on Friday went well", {"intent": LOG, V: {"kind": "demo", "date": "2026-11-13", "followup_date": None}}),
    ("R1", WED, "Northstar: met Sarah Johnson Friday, will send the proposal", {"intent": LOG, V: {"date": "2026-11-13", "followup_date": None}}),
    # --- Cantonese particles read as Mandarin: 去咗 = 去了, 佢哋 = 他们, 落单 = 下单 ---
    ("R1", WED, "去咗華龍機械 見咗林志強 佢哋話下個月落單 大概十五萬", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "kind": "visit", "date": "2026-11-18"}, D: {"amount": 150000, "close_date": "2026-12-31"}}),
    # --- C9: an English signing verb after a Chinese day phrase (年底前 sign); budget 已批 ---
    ("R1", WED, "今天拜访了华龙机械 林志强 cfo 说 budget 已批 45w 年底前 sign", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "followup_date": None}, D: {"stage": "qualified", "amount": 450000, "close_date": "2026-12-31"}}),
    ("R1", WED, "华龙机械 月底前 we sign", {"intent": LOG, D: {"close_date": "2026-11-30"}}),
    # --- C10: Q4最后一天 is when the message is written; 推到 Q1 replaces the close it moves ---
    ("R1", DEC31, "Q4最后一天 Northstar 打电话 Sarah Johnson 说 Q4 签不了了 推到 Q1", {"intent": LOG, V: {"customer_id": "K09", "kind": "call", "date": "2026-12-31", "followup_date": None}, D: {"close_date": "2027-03-31"}}),
    ("R1", WED, "华龙机械 原定月底签 推到下个月", {"intent": LOG, D: {"close_date": "2026-12-31"}}),
    ("R1", WED, "Northstar: was closing this month, pushed to Q1", {"intent": LOG, D: {"close_date": "2027-03-31"}}),
    # --- C11: "w Anna" / "w/ Anna": a first name after the "with" shorthand ---
    ("R1", WED, "Northstar: phone call w Sarah, new opportunity around 2 million RMB, early stage", {"intent": LOG, V: {"customer_id": "K09", "contact": "Sarah Johnson", "kind": "call"}, D: {"stage": "lead", "amount": 2000000, "currency": "CNY"}}),
    ("R1", WED, "Blue Harbor, coffee w/ Emily today", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter"}}),
    ("R1", WED, "Blue Harbor: meeting w Jason about the rollout", {"intent": LOG, V: {"customer_id": "K07", "contact": "Jason", "kind": "meeting"}}),
    # --- C12: a quote a coming day will bring is no proposal yet ---
    ("R1", WED, "拜访华龙机械 林志强 聊技术方案 下周三带报价过去", {"intent": LOG, V: {"customer_id": "K01", "followup_date": "2026-11-25"}, D: None}),
    ("R1", WED, "拜访华龙机械 林志强 下周三发报价", {"intent": LOG, V: {"followup_date": "2026-11-25"}, D: None}),
    ("R1", WED, "拜访华龙机械 林志强 报价下周三带过去", {"intent": LOG, V: {"followup_date": "2026-11-25"}, D: None}),
    ("R1", WED, "拜访华龙机械 林志强 带了报价过去", {"intent": LOG, D: {"stage": "proposal"}}),
    ("R1", WED, "海川物流冯涛 腾讯会议 需求确认 下周二出方案", {"intent": LOG, D: {"customer_id": "K13", "stage": "qualified"}}),
    ("R1", WED, "拜访华龙机械 林志强 报价30万 下周三再聊", {"intent": LOG, V: {"followup_date": "2026-11-25"}, D: {"stage": "proposal", "amount": 300000}}),
    # --- a trial or demo the customer asks for is not one given (the visit stays a visit) ---
    ("R1", SUN, "周五去了华龙机械 见了林志强 CTO 对方要求试用", {"intent": LOG, V: {"kind": "visit", "date": "2026-11-20"}}),
    ("R1", WED, "华龙机械 林志强 试用了一周 反馈不错", {"intent": LOG, V: {"kind": "demo"}}),
    # --- own probes: 和 inside a new brand (苏州天和精密模具厂); 意向不错 is interest ---
    ("R1", SAT, "新客户 苏州天和精密模具厂 陌拜 老板姓胡 意向不错", {"intent": LOG, V: {"customer_id": None, "customer": "苏州天和精密模具厂", "kind": "visit"}, D: {"stage": "qualified"}}),
    ("R1", WED, "拜访了新客户天和精密 聊得不错", {"intent": LOG, V: {"customer": "天和精密"}}),
    ("R1", WED, "华龙机械 林志强 意向不大", {"intent": LOG, D: None}),
    # --- own probes: a run-on dictation; 上系统 is a close verb; a stretch then a day: close then follow-up ---
    ("R1", WED, "今天下午去了华龙机械见了林志强聊得挺好他们准备年底前上系统预算大概六十万左右下周二我再过去一趟", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "kind": "visit", "date": "2026-11-18", "followup_date": "2026-11-24"}, D: {"amount": 600000, "close_date": "2026-12-31"}}),
    ("R1", WED, "华龙机械 林总 报价60万 月底 下周二再聊", {"intent": LOG, V: {"followup_date": "2026-11-24"}, D: {"stage": "proposal", "close_date": "2026-11-30"}}),
    # --- own probes: 来访 is a visit (周二来访 on a Friday is that Tuesday); a first name one contact has ---
    ("R1", date(2026, 11, 27), "瑞祥医药 马丽 周二来访 参观工厂 预算30-40万", {"intent": LOG, V: {"customer_id": "K12", "kind": "visit", "date": "2026-11-24", "followup_date": None}}),
    ("R1", WED, "Blue Harbor - Emily said budget frozen till Q2", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter"}}),
    ("R1", WED, "Blue Harbor - Tom called back", {"intent": LOG, V: {"contact": "Tom Baker", "kind": "call"}}),
    # --- own probes: a kind word right before the day (on the phone Thu, f2f wed); yday/tmrw ---
    ("R1", SAT, "Northstar: Sarah Johnson on the phone Thu, wants pricing for 500 units, prob ~$60k", {"intent": LOG, V: {"kind": "call", "date": "2026-11-19", "followup_date": None}, D: {"amount": 60000, "currency": "USD"}}),
    ("R1", SAT, "northstar - sarah johnson - f2f wed - they're ready to move to contract, 120k usd", {"intent": LOG, V: {"customer_id": "K09", "kind": "visit", "date": "2026-11-18"}, D: {"amount": 120000}}),
    ("R1", SAT, "coffee w Emily Carter yday, Blue Harbor", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter", "date": "2026-11-20"}}),
    ("R1", SAT, "Blue Harbor: call Tom tmrw", {"intent": LOG, V: None, "records": [
        {"type": "activity", "status": "planned", "kind": "call", "date": "2026-11-22"}]}),
    ("R1", SAT, "Blue Harbor: sat down with Tom Baker, all good", {"intent": LOG, V: {"date": "2026-11-21", "followup_date": None}}),
    # --- own probes: 推迟到明年Q2; 预算 批咗; 年底有个200万的项目 is a close; 月底再联系 stays a follow-up;
    #     an English bare day in a clause with no future word is the activity's day ---
    ("R1", SUN, "瑞祥医药 马丽 周三电话 推迟到明年Q2", {"intent": LOG, V: {"date": "2026-11-18", "followup_date": None}, D: {"close_date": "2027-06-30"}}),
    ("R1", SUN, "瑞祥医药 马总 說 預算 批咗 50萬", {"intent": LOG, D: {"stage": "qualified", "amount": 500000}}),
    ("R1", SUN, "华龙机械 林志强 周五 请吃饭 关系拉近了 年底有个200万的项目", {"intent": LOG, V: {"date": "2026-11-20", "followup_date": None}, D: {"amount": 2000000, "close_date": "2026-12-31"}}),
    ("R1", SUN, "华龙机械 月底再联系 预算50万", {"intent": LOG, V: {"followup_date": "2026-11-30"}, D: {"amount": 500000, "close_date": None}}),
    ("R1", SUN, "Blue Harbor - zoom w their principal fri, pilot for 2 schools, 30k usd", {"intent": LOG, V: {"kind": "meeting", "date": "2026-11-20", "followup_date": None}, D: {"amount": 30000}}),
    # --- own probes: more new-company shapes (叫X, 旅行社/数码城/专卖店, 美的 across 的 after a city);
    #     a full legal name naming another city and trade is not the stored one ---
    ("R1", WED, "陌拜了一家新客户 叫深圳鑫达电子商行 老板娘姓陈 要了名片", {"intent": LOG, V: {"customer": "深圳鑫达电子商行", "kind": "visit"}}),
    ("R1", WED, "新客户叫做 海口蓝天旅行社 电话联系了", {"intent": LOG, V: {"customer": "海口蓝天旅行社", "kind": "call"}}),
    ("R1", WED, "去了 新开的 华强北数码城 见了店长", {"intent": LOG, V: {"customer": "华强北数码城"}}),
    ("R1", WED, "今天陌拜 中山美的专卖店 店长很热情", {"intent": LOG, V: {"customer": "中山美的专卖店"}}),
    ("R1", WED, "新客户 长沙湘江体检中心 主任 刘红 电话 有采购意向 预算20万左右", {"intent": LOG, V: {"customer": "长沙湘江体检中心", "contact": "刘红", "kind": "call"}, D: {"stage": "qualified", "amount": 200000}}),
    ("R1", WED, "拜访 佛山华龙陶瓷有限公司 见了李总", {"intent": LOG, V: {"customer_id": None, "customer": "佛山华龙陶瓷有限公司", "contact": "李总"}}),
    ("R1", WED, "拜访 上海华龙精密机械有限公司 见了林总", {"intent": LOG, V: {"customer_id": "K01"}}),
    # --- "nothing" is no "not": a log, not a contrast edit ---
    ("R1", WED, "Had lunch w/ Tom Baker from Blue Harbor, nothing concrete yet", {"intent": LOG, V: {"customer_id": "K07", "contact": "Tom Baker"}}),
    ("R1", WED, "met Tom at Blue Harbor, nothing yet", {"intent": LOG, V: {"customer_id": "K07"}}),
]


@pytest.mark.parametrize(("user", "today", "text", "expect"), CASES, ids=[c[2][:40] for c in CASES])
def test_heldout2_phenomena(user: str, today: date, text: str, expect: dict) -> None:
    got = classify(text, user, today, DIR, "CNY").contract_json()
    assert not mismatches(got, expect), (text, mismatches(got, expect), got)


@pytest.mark.parametrize(("text", "command"), [
    # C6: English and Chinese ways of taking back the last entry
    ("undo my last entry", "undo"), ("delete the last one", "undo"), ("remove that", "undo"), ("Undo the last log please", "undo"),
    ("scratch that", "undo"), ("delete that entry", "undo"), ("删掉刚刚那条", "undo"), ("刚才那条删掉", "undo"), ("删除最后一条", "undo"),
    ("undo that", "undo"), ("删掉上一条", "undo"), ("cancel that", "cancel"),
])
def test_undo_commands(text: str, command: str) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.intent == "command" and got.command is not None and got.command.name == command, (text, got)


@pytest.mark.parametrize("text", ["删掉华龙机械的联系人周敏", "remove Northstar's old address, visited them today"])
def test_not_undo(text: str) -> None:
    assert classify(text, "R1", WED, DIR, "CNY").intent != "command"


# two customers share the short form "Harbor"; a contact (even by first name) settles which one
HARBOR_DIR = Directory([
    CustomerRecord(id="B1", name="Harbor Components GmbH", aliases=("Harbor",), owner_id="S1"),
    CustomerRecord(id="B2", name="Harbor Logistics Inc", aliases=("Harbor",), owner_id="S1"),
], [ContactRecord(id="Q1", customer_id="B1", name="Peter Taylor", title="GM"),
    ContactRecord(id="Q2", customer_id="B2", name="Laura Clark", title="Ops")])


@pytest.mark.parametrize(("text", "customer_id", "contact"), [
    ("Harbor: Peter T. says they'll sign by end of Q1, 250k", "B1", "Peter Taylor"),
    ("Harbor: Laura said no", "B2", "Laura Clark"),
    ("Harbor: nobody answered", None, None),
])
def test_contact_settles_short_form(text: str, customer_id: str | None, contact: str | None) -> None:
    visit = classify(text, "S1", WED, HARBOR_DIR, "CNY").visit
    assert visit is not None and visit.customer_id == customer_id and visit.contact == contact, visit


@pytest.mark.parametrize(("text", "field", "values"), [
    # "the last entry's <field> was wrong, it should be …" is an edit of that field
    ("刚才那条客户写错了 应该是瑞祥医药", "customer", {"customer_id": "K12"}),
    ("刚才那条金额写错了，应该是50万", "amount", {"amount": 500000}),
    ("上一条的日期错了 是昨天", "date", {"date": date(2026, 11, 17)}),
])
def test_last_entry_field_edits(text: str, field: str, values: dict) -> None:
    got = classify(text, "R1", WED, DIR, "CNY")
    assert got.intent == "command" and got.command is not None and got.command.name == "edit", (text, got)
    edit = parse_edit(text, now=WED, directory=DIR, speaker_id="R1", currency="CNY")
    assert edit is not None and edit.field == field and all(getattr(edit, k) == v for k, v in values.items()), edit
