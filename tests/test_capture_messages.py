"""Reps' messages of our own (beyond the shared cases), zh / traditional zh / en, each with its
expected fields. Today is Friday 2026-11-20 unless a case says otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from intents.registry import classify
from tests.capture_support import directory, mismatches

FRI = date(2026, 11, 20)
TUE = date(2026, 11, 17)
DEC30 = date(2026, 12, 30)
MAR4 = date(2026, 3, 4)
WED = date(2026, 11, 18)
SAT = date(2026, 11, 21)
SUN = date(2026, 11, 22)
DEC31 = date(2026, 12, 31)
DIR = directory()

V, D = "visit", "deal"
LOG = "log"

CASES: list[tuple[str, date, str, dict]] = [
    # --- customers: names, aliases, short forms, own first, contacts settle, ambiguity, new ---
    ("R1", FRI, "今天拜访了华龙机械林志强，聊了二期扩产", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "kind": "visit", "date": "2026-11-20"}, D: None}),
    ("R1", FRI, "去了华龙 见了周敏", {"intent": LOG, V: {"customer_id": "K01", "contact": "周敏", "kind": "visit"}, D: None}),
    ("R2", FRI, "去了华龙，跟老板聊了下", {"intent": LOG, V: {"customer_id": "K02"}}),
    ("R3", FRI, "拜访了华龙", {"intent": LOG, V: {"customer_id": None, "customer": "华龙", "candidates": ["K01", "K02"]}}),
    ("R1", FRI, "拜访了蓝海", {"intent": LOG, V: {"customer_id": None, "customer": "蓝海", "candidates": ["K03", "K04"]}}),
    ("R1", FRI, "蓝海 黄海涛 电话 沟通接口方案", {"intent": LOG, V: {"customer_id": "K03", "contact": "黄海涛", "kind": "call"}}),
    ("R1", FRI, "去蓝海见了宋佳怡", {"intent": LOG, V: {"customer_id": "K04", "contact": "宋佳怡"}}),
    ("R1", FRI, "瑞祥的唐厂长来电，问交期", {"intent": LOG, V: {"customer_id": "K11", "contact": ["唐厂长", "唐建国"], "kind": "call"}}),
    ("R1", FRI, "瑞祥那边说下周给答复", {"intent": LOG, V: {"customer_id": None, "customer": "瑞祥", "candidates": ["K11", "K12"], "followup_date": "2026-11-23"}}),
    ("R1", FRI, "瑞祥医药马丽微信发了资料", {"intent": LOG, V: {"customer_id": "K12", "contact": "马丽", "kind": "message"}}),
    ("R1", FRI, "海川物流冯涛电话，报价15万", {"intent": LOG, V: {"customer_id": "K13", "contact": "冯涛", "kind": "call"}, D: {"customer_id": "K13", "stage": "proposal", "amount": 150000, "currency": "CNY"}}),
    ("R1", FRI, "拜访海川", {"intent": LOG, V: {"customer_id": None, "candidates": ["K13", "K14"]}}),
    ("R3", FRI, "海川食品的单子黄了", {"intent": LOG, V: None, D: {"customer_id": "K14", "stage": "lost"}}),
    ("R1", FRI, "青松药业许文博 电话 需求确认", {"intent": LOG, V: {"customer_id": "K05", "contact": "许文博", "kind": "call"}, D: {"customer_id": "K05", "stage": "qualified"}}),
    ("R2", FRI, "青松那边初步接触，有个新机会", {"intent": LOG, D: {"customer_id": "K05", "stage": "lead"}}),
    ("R1", FRI, "上海华龙精密机械有限公司 签了 80万", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "won", "amount": 800000}}),
    ("R1", FRI, "華龍機械林志強 今天拜訪，確認需求", {"intent": LOG, V: {"customer_id": "K01", "contact": ["林志強", "林志强"], "date": "2026-11-20"}, D: {"stage": "qualified"}}),
    ("R1", FRI, "藍海網絡宋佳怡 視頻會議", {"intent": LOG, V: {"customer_id": "K04", "kind": "meeting"}}),
    ("R1", FRI, "拜访华龙精蜜机械，见了林志强", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强"}}),
    ("R2", FRI, "青松要业电话沟通了价格", {"intent": LOG, V: {"customer_id": "K05", "kind": "call"}}),
    ("R1", FRI, "东方电气袁总工 现场交流", {"intent": LOG, V: {"customer_id": "K10", "kind": "visit"}}),
    ("R2", FRI, "金石环保欧阳明 拜访 谈判中", {"intent": LOG, V: {"customer_id": "K06", "contact": "欧阳明"}, D: {"stage": "negotiation"}}),
    ("R1", FRI, "德信建设付强 上门 拿下了，合同额 230万", {"intent": LOG, V: {"customer_id": "K15", "contact": "付强"}, D: {"customer_id": "K15", "stage": "won", "amount": 2300000, "currency": "CNY"}}),
    ("R1", FRI, "今天陌拜了宁波星海光电科技有限公司，见了采购经理郑伟", {"intent": LOG, V: {"customer_id": None, "customer": ["宁波星海光电科技有限公司", "宁波星海光电科技"], "contact": "郑伟", "kind": "visit", "date": "2026-11-20"}}),
    ("R1", FRI, "昨天去了无锡天工精密，见了王总", {"intent": LOG, V: {"customer_id": None, "customer": ["无锡天工精密"], "contact": "王总", "date": "2026-11-19"}}),
    ("R1", FRI, "拜访合肥科讯信息技术有限公司 刘经理", {"intent": LOG, V: {"customer_id": None, "customer": ["合肥科讯信息技术有限公司"], "contact": "刘经理"}}),
    ("R2", FRI, "给青岛海天贸易公司打了电话", {"intent": LOG, V: {"customer_id": None, "customer": ["青岛海天贸易公司"], "kind": "call"}}),
    ("R1", FRI, "華龍機械林總來電，報價六十萬已發，預計月底簽", {"intent": LOG, V: {"customer_id": "K01", "kind": "call", "contact": ["林總", "林志强"]}, D: {"stage": "proposal", "amount": 600000, "close_date": "2026-11-30"}}),
    ("R1", FRI, "瑞祥醫藥簽了！一百二十萬", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "won", "amount": 1200000}}),
    ("R1", FRI, "藍海那邊說下禮拜給答覆", {"intent": LOG, V: {"candidates": ["K03", "K04"], "followup_date": "2026-11-23"}}),
    ("R1", FRI, "新客户 宁波星海科技 王总 电话13812345678 拜访", {"intent": LOG, V: {"customer": "宁波星海科技", "contact": "王总", "kind": "visit"}, D: None}),
    # a new English company does not swallow the verb before it
    ("R1", WED, "Visited Oakridge Systems, met their IT manager", {"intent": LOG, V: {"customer_id": None, "customer": "Oakridge Systems", "kind": "visit"}}),
    ("R1", WED, "Called Bluewave Tech, left a message", {"intent": LOG, V: {"customer": "Bluewave Tech", "kind": "call"}}),
    ("R1", WED, "Visited Oakridge Systems.", {"intent": LOG, V: {"customer": "Oakridge Systems"}}),
    ("R1", WED, "Emailed Granite Peak Holdings the brochure", {"intent": LOG, V: {"customer": "Granite Peak Holdings", "kind": "message"}}),
    # Chinese names spelt in Latin letters
    ("R1", WED, "visited haichuan logistics today, met Mr. Feng, quote 400k sent", {"intent": LOG, V: {"customer_id": "K13", "kind": "visit"}, D: {"customer_id": "K13", "stage": "proposal", "amount": 400000}}),
    ("R1", WED, "call with Lanhai Supply Chain about the API", {"intent": LOG, V: {"customer_id": "K03", "kind": "call"}}),
    ("R1", WED, "Met Mary at Ruixiang Yiyao", {"intent": LOG, V: {"customer_id": "K12", "contact": "Mary"}}),
    ("R1", WED, "long term plan with the team", {"intent": "unknown", V: None, D: None}),
    # company words end English names, 一定签, "next one on Monday", "X's buyer, Name"
    ("R1", WED, "Quick call with Greenfield Foods, they want a pilot in January", {"intent": LOG, V: {"customer": "Greenfield Foods", "contact": None, "kind": "call"}}),
    # 下半年 as a close, mid/early <month>, "1.5 mil", a new company holding a stored short form
    ("R1", WED, "新客户苏州华龙精工，陌拜，见了厂长老刘", {"intent": LOG, V: {"customer_id": None, "customer": "苏州华龙精工", "contact": "老刘", "kind": "visit"}}),
    # a trade ending (厂/批发部/店/中心/工作室) closes a new company's name; 新客户 X never
    #     attaches to a stored customer whose name lacks what X says
    ("R1", WED, "电话了新客户 佛山华龙陶瓷厂 有意向", {"intent": LOG, V: {"customer_id": None, "customer": "佛山华龙陶瓷厂", "contact": None, "kind": "call"}, D: {"customer_id": None, "stage": "qualified"}}),
    ("R1", WED, "新客户 华龙陶瓷 拜访了", {"intent": LOG, V: {"customer_id": None, "customer": "华龙陶瓷", "contact": None}}),
    ("R1", WED, "新客户 佛山海川 电话", {"intent": LOG, V: {"customer_id": None, "customer": "佛山海川", "kind": "call"}}),
    ("R1", WED, "新客户 瑞祥医药 拜访了", {"intent": LOG, V: {"customer_id": "K12"}}),
    ("R1", WED, "电话了一家新客户 东莞瑞丰五金制品厂 有意向 预算12万", {"intent": LOG, V: {"customer": "东莞瑞丰五金制品厂"}, D: {"customer": "东莞瑞丰五金制品厂", "amount": 120000}}),
    ("R1", WED, "陌拜 义乌恒通小商品批发部", {"intent": LOG, V: {"customer": "义乌恒通小商品批发部", "kind": "visit"}}),
    ("R1", WED, "去了新客户 顺德美佳家具店 见了老板", {"intent": LOG, V: {"customer": "顺德美佳家具店", "kind": "visit"}}),
    ("R1", WED, "新客户 杭州云图设计工作室 加了微信", {"intent": LOG, V: {"customer": "杭州云图设计工作室", "kind": "message"}}),
    ("R1", WED, "拜访了李强厂长 聊了扩产", {"intent": LOG, V: {"customer": None, "contact": "李强厂长"}}),
    # Cantonese particles read as Mandarin: 去咗 = 去了, 佢哋 = 他们, 落单 = 下单
    ("R1", WED, "去咗華龍機械 見咗林志強 佢哋話下個月落單 大概十五萬", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "kind": "visit", "date": "2026-11-18"}, D: {"amount": 150000, "close_date": "2026-12-31"}}),
    # 和 inside a new brand (苏州天和精密模具厂); 意向不错 is interest
    ("R1", SAT, "新客户 苏州天和精密模具厂 陌拜 老板姓胡 意向不错", {"intent": LOG, V: {"customer_id": None, "customer": "苏州天和精密模具厂", "kind": "visit"}, D: {"stage": "qualified"}}),
    ("R1", WED, "拜访了新客户天和精密 聊得不错", {"intent": LOG, V: {"customer": "天和精密"}}),
    # more new-company shapes (叫X, 旅行社/数码城/专卖店, 美的 across 的 after a city);
    #     a full legal name naming another city and trade is not the stored one
    ("R1", WED, "陌拜了一家新客户 叫深圳鑫达电子商行 老板娘姓陈 要了名片", {"intent": LOG, V: {"customer": "深圳鑫达电子商行", "kind": "visit"}}),
    ("R1", WED, "新客户叫做 海口蓝天旅行社 电话联系了", {"intent": LOG, V: {"customer": "海口蓝天旅行社", "kind": "call"}}),
    ("R1", WED, "去了 新开的 华强北数码城 见了店长", {"intent": LOG, V: {"customer": "华强北数码城"}}),
    ("R1", WED, "今天陌拜 中山美的专卖店 店长很热情", {"intent": LOG, V: {"customer": "中山美的专卖店"}}),
    ("R1", WED, "新客户 长沙湘江体检中心 主任 刘红 电话 有采购意向 预算20万左右", {"intent": LOG, V: {"customer": "长沙湘江体检中心", "contact": "刘红", "kind": "call"}, D: {"stage": "qualified", "amount": 200000}}),
    ("R1", WED, "拜访 佛山华龙陶瓷有限公司 见了李总", {"intent": LOG, V: {"customer_id": None, "customer": "佛山华龙陶瓷有限公司", "contact": "李总"}}),
    ("R1", WED, "拜访 上海华龙精密机械有限公司 见了林总", {"intent": LOG, V: {"customer_id": "K01"}}),
    # a Chinese brand in pinyin alone ("Qingsong"), when one customer's short form sounds so
    ("R1", WED, "Lost the Qingsong deal — budget frozen.", {"intent": LOG, V: None, D: {"customer_id": "K05", "stage": "lost"}}),
    ("R2", WED, "Jinshi signed, 50万", {"intent": LOG, D: {"customer_id": "K06", "stage": "won", "amount": 500000}}),
    ("R1", WED, "Called Dexin last Friday, price $30k, proposal stage", {"intent": LOG, V: {"customer_id": "K15", "kind": "call", "date": "2026-11-13"}, D: {"customer_id": "K15", "stage": "proposal"}}),
    ("R1", WED, "Visited Dexin Engineering yesterday", {"intent": LOG, V: {"customer_id": "K15", "date": "2026-11-17"}}),
    ("R2", WED, "Visited Haichuan yesterday", {"intent": LOG, V: {"customer_id": None, "date": "2026-11-17"}}),
    # ... and "Lost the X deal" is a lost deal for an unknown X too
    ("R1", WED, "Lost the Zorblax deal", {"intent": LOG, V: None, D: {"customer": "Zorblax", "customer_id": None, "stage": "lost"}}),
    ("R1", WED, "Won the Acme deal, 50k", {"intent": LOG, D: {"customer": "Acme", "stage": "won", "amount": 50000}}),
    # --- English ---
    ("R1", FRI, "Met Emily Carter at Blue Harbor today, they want a pilot in Q1", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter", "kind": "visit", "date": "2026-11-20"}}),
    ("R1", FRI, "blue harbor: call with Tom Baker, quote sent $48,000", {"intent": LOG, V: {"customer_id": "K07", "contact": "Tom Baker", "kind": "call"}, D: {"customer_id": "K07", "stage": "proposal", "amount": 48000, "currency": "USD"}}),
    ("R3", FRI, "Pinecrest signed! $120k", {"intent": LOG, V: None, D: {"customer_id": "K08", "stage": "won", "amount": 120000, "currency": "USD"}}),
    ("R3", FRI, "Lost Pinecrest Foods, they went with a competitor", {"intent": LOG, V: None, D: {"customer_id": "K08", "stage": "lost"}}),
    ("R1", FRI, "Emailed Sarah Johnson at Northstar the pricing sheet, follow up next Wednesday", {"intent": LOG, V: {"customer_id": "K09", "contact": "Sarah Johnson", "kind": "message", "followup_date": "2026-11-25"}}),
    ("R1", FRI, "Northstar – video call with Sarah Johnson yesterday, negotiating terms, close by end of December", {"intent": LOG, V: {"customer_id": "K09", "kind": "meeting", "date": "2026-11-19"}, D: {"stage": "negotiation", "close_date": "2026-12-31"}}),
    ("R2", FRI, "Visited Redwood this morning, met Mr. Hale. Budget around $2.5M, decision in Q1.", {"intent": LOG, V: {"customer_id": "K16", "contact": "Mr. Hale", "kind": "visit", "date": "2026-11-20"}, D: {"customer_id": "K16", "amount": 2500000, "currency": "USD", "close_date": "2027-03-31"}}),
    ("R1", FRI, "Visited Hooli today, met Gavin Belson. Strong interest.", {"intent": LOG, V: {"customer_id": None, "customer": "Hooli", "contact": "Gavin Belson", "kind": "visit"}}),
    ("R1", FRI, "Call with Acme Widgets Inc, spoke to Jane Doe, will send a proposal next week", {"intent": LOG, V: {"customer_id": None, "customer": ["Acme Widgets Inc", "Acme Widgets"], "kind": "call", "followup_date": "2026-11-23"}}),
    ("R1", FRI, "Demo for Northstar went well, they want 50 seats", {"intent": LOG, V: {"customer_id": "K09", "kind": "demo"}, D: None}),
    ("R1", FRI, "Northstar called, they approved 80 grand, expect to sign in 2 weeks", {"intent": LOG, V: {"customer_id": "K09", "kind": "call"}, D: {"amount": 80000, "close_date": "2026-12-04"}}),
    ("R2", FRI, "Redwood deal closed won, 1.2M RMB", {"intent": LOG, D: {"customer_id": "K16", "stage": "won", "amount": 1200000, "currency": "CNY"}}),
    ("R1", FRI, "texted Tom Baker from Blue Harbor, he'll reply by Tuesday", {"intent": LOG, V: {"customer_id": "K07", "kind": "message", "followup_date": "2026-11-24"}}),
    ("R1", FRI, "Blue Harbor meeting last Friday with Emily Carter", {"intent": LOG, V: {"customer_id": "K07", "kind": "meeting", "date": "2026-11-13"}}),
    ("R1", FRI, "Northstar: sent the quote, 2.4m CNY, follow up Dec 3", {"intent": LOG, V: {"customer_id": "K09", "followup_date": "2026-12-03"}, D: {"stage": "proposal", "amount": 2400000, "currency": "CNY"}}),
    ("R1", FRI, "Blue Harbor: budget +¥90k approved", {"intent": LOG, D: {"customer_id": "K07", "amount": 90000, "currency": "CNY"}}),
    ("R1", FRI, "Phoned Northstar, expected close Oct 15", {"intent": LOG, V: {"kind": "call"}, D: {"close_date": "2027-10-15"}}),
    ("R1", FRI, "met Emily Carter at blue harbor on Monday", {"intent": LOG, V: {"customer_id": "K07", "date": "2026-11-16"}}),
    ("R1", FRI, "Blue Harbor: demo this Friday", {"intent": LOG, V: {"customer_id": "K07"}}),
    ("R1", FRI, "Northstar wants to close end of Q4, about $45,000", {"intent": LOG, D: {"customer_id": "K09", "amount": 45000, "currency": "USD", "close_date": "2026-12-31"}}),
    ("R1", FRI, "Northstar said they will sign by end of next month", {"intent": LOG, D: {"customer_id": "K09", "close_date": "2026-12-31"}}),
    ("R1", FRI, "Blue Harbor call, follow up in 3 days", {"intent": LOG, V: {"kind": "call", "followup_date": "2026-11-23"}}),
    ("R1", FRI, "Blue Harbor call, next step Sep 30", {"intent": LOG, V: {"followup_date": "2027-09-30"}}),
    # --- dates: activity (looks back) ---
    ("R1", FRI, "昨天拜访华龙机械", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-19"}}),
    ("R1", FRI, "前天去了蓝海网络", {"intent": LOG, V: {"customer_id": "K04", "date": "2026-11-18"}}),
    ("R1", FRI, "上周五拜访了德信建设付强", {"intent": LOG, V: {"date": "2026-11-13"}}),
    ("R1", FRI, "周三拜访了德信建设", {"intent": LOG, V: {"date": "2026-11-18"}}),
    ("R1", FRI, "周一给东方电气打电话", {"intent": LOG, V: {"date": "2026-11-16", "kind": "call"}}),
    ("R1", FRI, "星期二去了瑞祥汽车", {"intent": LOG, V: {"customer_id": "K11", "date": "2026-11-17"}}),
    ("R1", FRI, "周六陪华龙机械的林总看了工厂", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-14"}}),
    ("R1", FRI, "礼拜天见了德信建设付强", {"intent": LOG, V: {"date": "2026-11-15"}}),
    ("R1", FRI, "上周三和蓝海网络开会", {"intent": LOG, V: {"date": "2026-11-11", "kind": "meeting"}}),
    ("R1", FRI, "11月18号拜访德信建设", {"intent": LOG, V: {"date": "2026-11-18"}}),
    ("R1", FRI, "11.16 去了华龙机械", {"intent": LOG, V: {"date": "2026-11-16"}}),
    ("R1", FRI, "本周一拜访了东方电气", {"intent": LOG, V: {"date": "2026-11-16"}}),
    ("R1", FRI, "今天上午拜访德信建设，下午又打了电话", {"intent": LOG, V: {"date": "2026-11-20", "kind": "visit"}}),
    ("R1", MAR4, "12月5号见了华龙机械林志强", {"intent": LOG, V: {"date": "2025-12-05"}}),
    ("R1", DEC30, "上周五拜访了华龙机械", {"intent": LOG, V: {"date": "2026-12-25"}}),
    ("R1", TUE, "上周五拜访了德信建设", {"intent": LOG, V: {"date": "2026-11-13"}}),
    ("R1", TUE, "周日去了德信建设", {"intent": LOG, V: {"date": "2026-11-15"}}),
    # a bare weekday right before the kind word is the activity's day, even with deal content
    ("R1", SAT, "华龙机械 林志强 周三上门 报价方案 18万", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-18", "followup_date": None}, D: {"stage": "proposal", "amount": 180000}}),
    ("R2", SUN, "海川物流 冯涛 周六 电话 需求确认 预算40w左右", {"intent": LOG, V: {"customer_id": "K13", "kind": "call", "date": "2026-11-21", "followup_date": None}, D: {"amount": 400000}}),
    ("R1", SAT, "週五拜訪瑞祥汽車 唐建國 談判中 金額３２萬", {"intent": LOG, V: {"customer_id": "K11", "date": "2026-11-20", "followup_date": None}, D: {"stage": "negotiation", "amount": 320000}}),
    ("R1", SUN, "周六拜访华龙机械 报价20万", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-21", "followup_date": None}, D: {"amount": 200000}}),
    ("R2", SAT, "海川物流 周四开会 谈判中", {"intent": LOG, V: {"date": "2026-11-19", "followup_date": None}, D: {"stage": "negotiation"}}),
    # a kind word right before the day (on the phone Thu, f2f wed); yday/tmrw
    ("R1", SAT, "Northstar: Sarah Johnson on the phone Thu, wants pricing for 500 units, prob ~$60k", {"intent": LOG, V: {"kind": "call", "date": "2026-11-19", "followup_date": None}, D: {"amount": 60000, "currency": "USD"}}),
    ("R1", SAT, "northstar - sarah johnson - f2f wed - they're ready to move to contract, 120k usd", {"intent": LOG, V: {"customer_id": "K09", "kind": "visit", "date": "2026-11-18"}, D: {"amount": 120000}}),
    ("R1", SAT, "coffee w Emily Carter yday, Blue Harbor", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter", "date": "2026-11-20"}}),
    ("R1", SAT, "Blue Harbor: call Tom tmrw", {"intent": LOG, V: None, "records": [
        {"type": "activity", "status": "planned", "kind": "call", "date": "2026-11-22"}]}),
    ("R1", SAT, "Blue Harbor: sat down with Tom Baker, all good", {"intent": LOG, V: {"date": "2026-11-21", "followup_date": None}}),
    # 推迟到明年Q2; 预算 批咗; 年底有个200万的项目 is a close; 月底再联系 stays a follow-up;
    #     an English bare day in a clause with no future word is the activity's day
    ("R1", SUN, "Blue Harbor - zoom w their principal fri, pilot for 2 schools, 30k usd", {"intent": LOG, V: {"kind": "meeting", "date": "2026-11-20", "followup_date": None}, D: {"amount": 30000}}),
    # two day phrases: a bare weekday before a coming day ("this Friday") is the activity's
    ("R3", WED, "Pinecrest meeting on Monday, they asked for an onsite demo this Friday", {"intent": LOG, V: {"customer_id": "K08", "kind": "meeting", "date": "2026-11-16", "followup_date": "2026-11-20"}}),
    ("R1", WED, "Northstar call on Tuesday, Sarah wants a follow-up next Monday", {"intent": LOG, V: {"kind": "call", "date": "2026-11-17", "followup_date": "2026-11-23"}}),
    ("R3", WED, "Pinecrest demo this Friday", {"intent": LOG, V: None, "records": [  # a demo still to come: a plan
        {"type": "activity", "status": "planned", "kind": "demo", "date": "2026-11-20"}]}),
    # 周末 is its Saturday (back: the latest one)
    ("R1", WED, "周末去了华龙机械", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-14", "followup_date": None}}),
    ("R1", WED, "Northstar: met Sarah over the weekend", {"intent": LOG, V: {"date": "2026-11-14"}}),
    ("R1", SUN, "华龙机械 周末拜访了林志强", {"intent": LOG, V: {"date": "2026-11-21"}}),
    ("R1", WED, "华龙机械 上周末拜访", {"intent": LOG, V: {"date": "2026-11-14"}}),
    # --- dates: follow-up (looks forward) ---
    ("R1", FRI, "拜访德信建设付强，下周三再约", {"intent": LOG, V: {"followup_date": "2026-11-25"}}),
    ("R1", FRI, "拜访德信建设，下礼拜一给方案", {"intent": LOG, V: {"followup_date": "2026-11-23"}}),
    ("R1", FRI, "德信建设电话，两周后回访", {"intent": LOG, V: {"followup_date": "2026-12-04", "kind": "call"}}),
    ("R1", FRI, "德信建设电话，3天后回访", {"intent": LOG, V: {"followup_date": "2026-11-23"}}),
    ("R1", FRI, "德信建设电话，十天后再联系", {"intent": LOG, V: {"followup_date": "2026-11-30"}}),
    ("R1", FRI, "德信建设电话，明天再打", {"intent": LOG, V: {"followup_date": "2026-11-21"}}),
    ("R1", FRI, "德信建设付强微信，后天发资料", {"intent": LOG, V: {"followup_date": "2026-11-22", "kind": "message"}}),
    ("R1", FRI, "拜访德信建设，周三再去一趟", {"intent": LOG, V: {"followup_date": "2026-11-25"}}),
    ("R1", TUE, "拜访德信建设，周三再去一趟", {"intent": LOG, V: {"date": "2026-11-17", "followup_date": "2026-11-18"}}),
    ("R1", FRI, "德信建设电话，12月3号前给答复", {"intent": LOG, V: {"followup_date": "2026-12-03"}}),
    ("R1", FRI, "德信建设电话，下个月初再联系", {"intent": LOG, V: {"followup_date": "2026-12-01"}}),
    ("R1", FRI, "拜访了华龙机械，本周五前给报价单", {"intent": LOG, V: {"followup_date": "2026-11-20"}}),
    ("R1", FRI, "华龙机械电话，下周回复", {"intent": LOG, V: {"followup_date": "2026-11-23"}}),
    ("R1", FRI, "华龙机械电话，一周后跟进", {"intent": LOG, V: {"followup_date": "2026-11-27"}}),
    ("R1", DEC30, "华龙机械电话，下周三再约", {"intent": LOG, V: {"followup_date": "2027-01-06"}}),
    ("R1", DEC30, "华龙机械电话，1月5号回访", {"intent": LOG, V: {"followup_date": "2027-01-05"}}),
    ("R1", FRI, "华龙机械林总 拜访 下次拜访时间：12月3日", {"intent": LOG, V: {"date": "2026-11-20", "followup_date": "2026-12-03"}}),
    ("R1", FRI, "10月8号拜访了华龙机械", {"intent": LOG, V: {"date": "2026-10-08"}}),
    # an English weekday after a future verb is the follow-up; with another coming day it is the activity
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
    # company words end English names, 一定签, "next one on Monday", "X's buyer, Name"
    ("R1", WED, "Northstar: they asked for 2 more demos, next one on Monday", {"intent": LOG, V: {"customer_id": "K09", "date": "2026-11-18", "followup_date": "2026-11-23"}, D: None}),
    # 下半年 as a close, mid/early <month>, "1.5 mil", a new company holding a stored short form
    ("R1", WED, "Northstar: follow up early January", {"intent": LOG, V: {"followup_date": "2027-01-01"}}),
    # an English bare weekday after a future phrase is a follow-up; a voicemail is a call
    ("R1", WED, "call with 林志强 (华龙机械), demo scheduled Friday", {"intent": LOG, V: {"customer_id": "K01", "kind": "call", "date": "2026-11-18", "followup_date": "2026-11-20"}}),
    ("R1", WED, "left a voicemail for Sarah Johnson @ Northstar, will try again Thursday", {"intent": LOG, V: {"customer_id": "K09", "kind": "call", "date": "2026-11-18", "followup_date": "2026-11-19"}}),
    ("R1", WED, "Northstar no answer, try again Thursday", {"intent": LOG, V: {"kind": "call", "date": "2026-11-18", "followup_date": "2026-11-19"}}),
    ("R1", WED, "Northstar: will email the proposal Friday", {"intent": LOG, V: None, "records": [
        {"type": "activity", "status": "planned", "kind": "message", "date": "2026-11-20"}]}),
    ("R1", WED, "Blue Harbor: demo booked in for Friday", {"intent": LOG, V: None, "records": [
        {"type": "activity", "status": "planned", "kind": "demo", "date": "2026-11-20"}]}),
    ("R1", WED, "Blue Harbor: demo on Friday went well", {"intent": LOG, V: {"kind": "demo", "date": "2026-11-13", "followup_date": None}}),
    ("R1", WED, "Northstar: met Sarah Johnson Friday, will send the proposal", {"intent": LOG, V: {"date": "2026-11-13", "followup_date": None}}),
    # a run-on dictation; 上系统 is a close verb; a stretch then a day: close then follow-up
    ("R1", WED, "今天下午去了华龙机械见了林志强聊得挺好他们准备年底前上系统预算大概六十万左右下周二我再过去一趟", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "kind": "visit", "date": "2026-11-18", "followup_date": "2026-11-24"}, D: {"amount": 600000, "close_date": "2026-12-31"}}),
    ("R1", WED, "华龙机械 林总 报价60万 月底 下周二再聊", {"intent": LOG, V: {"followup_date": "2026-11-24"}, D: {"stage": "proposal", "close_date": "2026-11-30"}}),
    # 推迟到明年Q2; 预算 批咗; 年底有个200万的项目 is a close; 月底再联系 stays a follow-up;
    #     an English bare day in a clause with no future word is the activity's day
    ("R1", SUN, "华龙机械 月底再联系 预算50万", {"intent": LOG, V: {"followup_date": "2026-11-30"}, D: {"amount": 500000, "close_date": None}}),
    # 周末 ahead is the coming Saturday; 年后 stays unset (no spec rule for the lunar new year)
    ("R1", WED, "华龙机械 周末再联系", {"intent": LOG, V: {"date": "2026-11-18", "followup_date": "2026-11-21"}}),
    ("R1", WED, "华龙机械 下周末见面", {"intent": LOG, V: None, "records": [{"type": "activity", "status": "planned", "date": "2026-11-28"}]}),
    ("R1", WED, "华龙机械 年后再联系", {"intent": LOG, V: {"date": "2026-11-18", "followup_date": None}}),
    # --- dates: close (looks forward) ---
    ("R1", FRI, "华龙机械电话，预计月底签", {"intent": LOG, D: {"close_date": "2026-11-30"}}),
    ("R1", FRI, "华龙机械 林总 拜访 下月底签约", {"intent": LOG, D: {"close_date": "2026-12-31"}}),
    ("R1", FRI, "德信建设预算300万，年底采购", {"intent": LOG, D: {"amount": 3000000, "close_date": "2026-12-31"}}),
    ("R1", FRI, "德信建设项目推迟到明年一季度", {"intent": LOG, D: {"close_date": "2027-03-31"}}),
    ("R1", FRI, "德信建设 预计四季度签", {"intent": LOG, D: {"close_date": "2026-12-31"}}),
    ("R1", FRI, "德信建设 预计Q2落地", {"intent": LOG, D: {"close_date": "2027-06-30"}}),
    ("R1", FRI, "德信建设 3月签合同", {"intent": LOG, D: {"close_date": "2027-03-31"}}),
    ("R1", FRI, "德信建设 11月底前签", {"intent": LOG, D: {"close_date": "2026-11-30"}}),
    ("R1", FRI, "德信建设 下个月签合同 金额50万", {"intent": LOG, D: {"close_date": "2026-12-31", "amount": 500000}}),
    ("R1", FRI, "德信建设 12月15号签约", {"intent": LOG, D: {"close_date": "2026-12-15"}}),
    ("R1", FRI, "德信建设 下周五签", {"intent": LOG, D: {"close_date": "2026-11-27"}}),
    ("R1", FRI, "德信建设 周三签", {"intent": LOG, D: {"close_date": "2026-11-25"}}),
    ("R1", FRI, "德信建设 下季度采购", {"intent": LOG, D: {"close_date": "2027-03-31"}}),
    ("R1", TUE, "德信建设 电话 5w 这周五前签", {"intent": LOG, V: {"kind": "call", "date": "2026-11-17"}, D: {"amount": 50000, "close_date": "2026-11-20"}}),
    ("R1", FRI, "德信建设 12.20 签约", {"intent": LOG, D: {"close_date": "2026-12-20"}}),
    # signing phrases give the close date; a negated one gives no date at all
    ("R1", WED, "Had a call with Northstar this morning - they approved budget of 1.2M RMB, contract to be signed next month",
     {"intent": LOG, V: {"customer_id": "K09", "kind": "call", "followup_date": None}, D: {"amount": 1200000, "currency": "CNY", "close_date": "2026-12-31"}}),
    ("R1", WED, "上周三拜访了华龙机械林志强，需求确认，明年3月采购", {"intent": LOG, V: {"customer_id": "K01", "date": "2026-11-11"}, D: {"stage": "qualified", "close_date": "2027-03-31"}}),
    ("R1", WED, "瑞祥医药马丽 电话，明年3月签", {"intent": LOG, D: {"customer_id": "K12", "close_date": "2027-03-31"}}),
    ("R1", DEC30, "瑞祥医药 马丽 电话，年底前签不了，推到明年3月", {"intent": LOG, V: {"kind": "call", "date": "2026-12-30", "followup_date": None}, D: {"customer_id": "K12", "close_date": "2027-03-31"}}),
    ("R1", WED, "瑞祥医药马丽 电话，月底前签不下来，下周再约", {"intent": LOG, V: {"followup_date": "2026-11-23"}, D: None}),
    # company words end English names, 一定签, "next one on Monday", "X's buyer, Name"
    ("R1", WED, "华龙机械 客户说年底前一定签", {"intent": LOG, D: {"customer_id": "K01", "close_date": "2026-12-31"}}),
    # 下半年 as a close, mid/early <month>, "1.5 mil", a new company holding a stored short form
    ("R1", date(2026, 6, 30), "华龙机械 下半年采购，预算四十来万", {"intent": LOG, D: {"customer_id": "K01", "amount": 400000, "close_date": "2026-12-31"}}),
    ("R1", WED, "Northstar: decision expected by mid December", {"intent": LOG, V: None, D: {"customer_id": "K09", "close_date": "2026-12-15"}}),
    # a deal-only message's 月底/年底 is its closing time: no visit
    ("R1", DEC31, "年底最后一天 华龙机械签了！合同40万", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "won", "amount": 400000}}),
    ("R1", DEC31, "华龙机械签了 合同40万 年底", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "won", "close_date": "2026-12-31"}}),
    ("R1", WED, "月底前 华龙机械签了 40万", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "won", "close_date": None}}),
    ("R1", WED, "华龙机械签了 40万 年底前回款", {"intent": LOG, V: None, D: {"stage": "won", "amount": 400000}}),
    ("R1", WED, "华龙机械 报价40万 争取月底", {"intent": LOG, V: None, D: {"stage": "proposal", "close_date": "2026-11-30"}}),
    ("R1", WED, "华龙机械 报价40万 周五再联系", {"intent": LOG, V: {"followup_date": "2026-11-20"}, D: {"stage": "proposal"}}),
    # an English signing verb after a Chinese day phrase (年底前 sign); budget 已批
    ("R1", WED, "今天拜访了华龙机械 林志强 cfo 说 budget 已批 45w 年底前 sign", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "followup_date": None}, D: {"stage": "qualified", "amount": 450000, "close_date": "2026-12-31"}}),
    ("R1", WED, "华龙机械 月底前 we sign", {"intent": LOG, D: {"close_date": "2026-11-30"}}),
    # Q4最后一天 is when the message is written; 推到 Q1 replaces the close it moves
    ("R1", DEC31, "Q4最后一天 Northstar 打电话 Sarah Johnson 说 Q4 签不了了 推到 Q1", {"intent": LOG, V: {"customer_id": "K09", "kind": "call", "date": "2026-12-31", "followup_date": None}, D: {"close_date": "2027-03-31"}}),
    ("R1", WED, "华龙机械 原定月底签 推到下个月", {"intent": LOG, D: {"close_date": "2026-12-31"}}),
    ("R1", WED, "Northstar: was closing this month, pushed to Q1", {"intent": LOG, D: {"close_date": "2027-03-31"}}),
    # 推迟到明年Q2; 预算 批咗; 年底有个200万的项目 is a close; 月底再联系 stays a follow-up;
    #     an English bare day in a clause with no future word is the activity's day
    ("R1", SUN, "瑞祥医药 马丽 周三电话 推迟到明年Q2", {"intent": LOG, V: {"date": "2026-11-18", "followup_date": None}, D: {"close_date": "2027-06-30"}}),
    ("R1", SUN, "华龙机械 林志强 周五 请吃饭 关系拉近了 年底有个200万的项目", {"intent": LOG, V: {"date": "2026-11-20", "followup_date": None}, D: {"amount": 2000000, "close_date": "2026-12-31"}}),
    # --- money ---
    ("R1", FRI, "华龙机械报价50万", {"intent": LOG, D: {"amount": 500000, "currency": "CNY", "stage": "proposal"}}),
    ("R1", FRI, "华龙机械预算12.8万", {"intent": LOG, D: {"amount": 128000, "currency": "CNY"}}),
    ("R1", FRI, "华龙机械预算三十五万", {"intent": LOG, D: {"amount": 350000}}),
    ("R1", FRI, "华龙机械 金额一百二十万", {"intent": LOG, D: {"amount": 1200000}}),
    ("R1", FRI, "华龙机械 报价 ¥1,280,000", {"intent": LOG, D: {"amount": 1280000, "currency": "CNY"}}),
    ("R1", FRI, "华龙机械 合同额 23.5万元", {"intent": LOG, D: {"amount": 235000, "currency": "CNY"}}),
    ("R1", FRI, "华龙机械 预计投资 3百万", {"intent": LOG, D: {"amount": 3000000}}),
    ("R1", FRI, "华龙机械 单子 5w", {"intent": LOG, D: {"amount": 50000}}),
    ("R1", FRI, "华龙机械 美元报价 $80k", {"intent": LOG, D: {"amount": 80000, "currency": "USD"}}),
    ("R1", FRI, "华龙机械 预算 20万美元", {"intent": LOG, D: {"amount": 200000, "currency": "USD"}}),
    ("R1", FRI, "华龙机械 金额 880000", {"intent": LOG, D: {"amount": 880000}}),
    ("R1", FRI, "华龙机械 价格从100万降到85万", {"intent": LOG, D: {"amount": 850000}}),
    ("R1", FRI, "华龙机械林志强电话，说要采购30台设备", {"intent": LOG, V: {"kind": "call"}, D: None}),
    # a phone number given and a meeting arranged for next week: the contact's phone and a plan, no visit done
    ("R1", FRI, "华龙机械林志强电话 13912345678 约了下周见面", {"intent": LOG, V: None, D: None, "records": [
        {"type": "contact", "contact_id": "P01", "phone": "13912345678"},
        {"type": "activity", "status": "planned", "customer_id": "K01", "date": "2026-11-23"}]}),
    ("R1", FRI, "华龙机械林志强说折扣要15%", {"intent": LOG, D: None}),
    ("R1", FRI, "华龙机械林志强 拜访 11月8号的会议纪要发了", {"intent": LOG, D: None}),
    ("R1", FRI, "华龙机械 两百万的单子签了", {"intent": LOG, D: {"stage": "won", "amount": 2000000}}),
    ("R1", FRI, "Blue Harbor: budget roughly 50k", {"intent": LOG, D: {"amount": 50000, "currency": "CNY"}}),
    ("R1", FRI, "Blue Harbor pricing USD 36,000", {"intent": LOG, D: {"amount": 36000, "currency": "USD"}}),
    ("R1", FRI, "Blue Harbor: 3 meetings so far, 20 users", {"intent": LOG, D: None}),
    # approximate amounts: N来万 / N多万 / 十来万 / 百来万 are about N×10,000
    ("R1", WED, "华龙机械林志强 电话，预算20来万", {"intent": LOG, D: {"customer_id": "K01", "amount": 200000, "currency": "CNY"}}),
    ("R1", WED, "华龙机械 预算20多万，年底前采购", {"intent": LOG, D: {"customer_id": "K01", "amount": 200000, "close_date": "2026-12-31"}}),
    ("R1", WED, "瑞祥医药马丽 拜访 预算 100来万", {"intent": LOG, D: {"customer_id": "K12", "amount": 1000000}}),
    ("R2", WED, "金石环保 欧阳明 电话沟通，三十多万的预算", {"intent": LOG, D: {"customer_id": "K06", "amount": 300000}}),
    ("R1", WED, "海川物流冯涛 电话，预算十来万", {"intent": LOG, V: {"customer_id": "K13", "kind": "call"}, D: {"customer_id": "K13", "amount": 100000}}),
    ("R1", WED, "德信建设付强 拜访 预算百来万", {"intent": LOG, D: {"customer_id": "K15", "amount": 1000000}}),
    ("R1", WED, "蓝海网络宋佳怡 开会，预算二十几万", {"intent": LOG, D: {"customer_id": "K04", "amount": 200000}}),
    ("R1", WED, "华龙机械 预算两百来万", {"intent": LOG, D: {"customer_id": "K01", "amount": 2000000}}),
    ("R1", WED, "华龙机械林志强 电话，20多个人参加培训", {"intent": LOG, V: {"customer_id": "K01"}, D: None}),
    # a bare count is not an amount
    ("R1", WED, "Called Northstar's Sarah Johnson, her number is 17527159351, she asked for 3 references", {"intent": LOG, V: {"customer_id": "K09", "kind": "call"}, D: None}),
    ("R1", WED, "Northstar: they asked for 12 machines", {"intent": LOG, D: None}),
    ("R1", WED, "Northstar: budget 50000 approved", {"intent": LOG, D: {"amount": 50000, "currency": "CNY"}}),
    ("R1", WED, "Northstar: quoted 48000 dollars", {"intent": LOG, D: {"stage": "proposal", "amount": 48000, "currency": "USD"}}),
    # 下半年 as a close, mid/early <month>, "1.5 mil", a new company holding a stored short form
    ("R1", WED, "Met with the Northstar team yesterday afternoon - they're keen, about 1.5 mil", {"intent": LOG, V: {"customer_id": "K09", "date": "2026-11-17"}, D: {"amount": 1500000}}),
    # --- stages ---
    ("R1", FRI, "华龙机械签约了", {"intent": LOG, V: None, D: {"stage": "won"}}),
    ("R1", FRI, "华龙机械赢单", {"intent": LOG, D: {"stage": "won"}}),
    ("R1", FRI, "华龙机械中标了 260万", {"intent": LOG, D: {"stage": "won", "amount": 2600000}}),
    ("R1", FRI, "华龙机械还没签，下周再谈", {"intent": LOG, V: {"followup_date": "2026-11-23"}}),
    ("R1", FRI, "华龙机械丢单了，价格太高", {"intent": LOG, D: {"stage": "lost"}}),
    ("R1", FRI, "华龙机械的项目黄了", {"intent": LOG, D: {"stage": "lost"}}),
    ("R1", FRI, "华龙机械选了竞品", {"intent": LOG, D: {"stage": "lost"}}),
    ("R1", FRI, "华龙机械进入商务谈判", {"intent": LOG, D: {"stage": "negotiation"}}),
    ("R1", FRI, "华龙机械在砍价", {"intent": LOG, D: {"stage": "negotiation"}}),
    ("R1", FRI, "华龙机械方案已发", {"intent": LOG, D: {"stage": "proposal"}}),
    ("R1", FRI, "华龙机械需求确认了", {"intent": LOG, D: {"stage": "qualified"}}),
    ("R1", FRI, "华龙机械新商机 初步接触", {"intent": LOG, D: {"stage": "lead"}}),
    ("R1", FRI, "Blue Harbor is now in negotiation", {"intent": LOG, D: {"customer_id": "K07", "stage": "negotiation"}}),
    ("R1", FRI, "Blue Harbor proposal sent, $60k", {"intent": LOG, D: {"stage": "proposal", "amount": 60000}}),
    ("R1", FRI, "We won Blue Harbor!", {"intent": LOG, D: {"customer_id": "K07", "stage": "won"}}),
    ("R1", FRI, "Blue Harbor qualified, budget approved", {"intent": LOG, D: {"stage": "qualified"}}),
    ("R1", FRI, "Blue Harbor: new opportunity for the analytics module", {"intent": LOG, D: {"stage": "lead"}}),
    ("R1", FRI, "Blue Harbor won't sign this year", {"intent": LOG, D: None}),
    ("R1", FRI, "华龙机械搞定了，合同额88万", {"intent": LOG, V: None, D: {"stage": "won", "amount": 880000}}),
    ("R1", FRI, "华龙机械没拿下，被友商截胡", {"intent": LOG, D: {"stage": "lost"}}),
    ("R1", FRI, "Northstar decided not to proceed this year", {"intent": LOG, D: {"customer_id": "K09", "stage": "lost"}}),
    ("R1", FRI, "lost contact with Emily Carter at Blue Harbor, emailed again", {"intent": LOG, V: {"kind": "message"}, D: None}),
    ("R1", FRI, "sent them a quote for $40k, Blue Harbor", {"intent": LOG, D: {"customer_id": "K07", "stage": "proposal", "amount": 40000}}),
    ("R1", FRI, "华龙机械林总 报了价 30万", {"intent": LOG, D: {"stage": "proposal", "amount": 300000}}),
    ("R1", FRI, "华龙机械在压价", {"intent": LOG, D: {"stage": "negotiation"}}),
    # stage words: 意向 → qualified, "a lead" → lead; "moved to X" is where the deal is now
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
    # a signing on a coming day is not won; "sent X the revised quote"
    ("R1", WED, "华龙机械 本周四 上门 签合同", {"intent": LOG, V: None, D: None, "records": [  # a visit still to come: a plan
        {"type": "activity", "status": "planned", "customer_id": "K01", "kind": "visit", "date": "2026-11-19"}]}),
    ("R1", WED, "华龙机械 今天上门 签合同 30万", {"intent": LOG, D: {"customer_id": "K01", "stage": "won", "amount": 300000}}),
    ("R1", WED, "Sent Northstar the revised quote ($52,500), they'll sign next Friday", {"intent": LOG, D: {"customer_id": "K09", "stage": "proposal", "amount": 52500, "currency": "USD", "close_date": "2026-11-27"}}),
    # "emailed ... the proposal / revised quote" is a proposal sent by message
    ("R1", WED, "Emailed Emily Carter at Blue Harbor the revised quote, $95k, she'll get back by Friday", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter", "kind": "message", "followup_date": "2026-11-20"}, D: {"stage": "proposal", "amount": 95000, "currency": "USD"}}),
    ("R1", WED, "Northstar: emailed the proposal, 22k USD", {"intent": LOG, V: {"kind": "message"}, D: {"customer_id": "K09", "stage": "proposal", "amount": 22000}}),
    ("R1", WED, "Blue Harbor: emailed quote $90k", {"intent": LOG, D: {"stage": "proposal", "amount": 90000}}),
    ("R1", WED, "Northstar proposal emailed", {"intent": LOG, D: {"customer_id": "K09", "stage": "proposal"}}),
    ("R1", WED, "Northstar: emailed Sarah asking about the proposal timeline", {"intent": LOG, V: {"kind": "message"}, D: None}),
    # a quote a coming day will bring is no proposal yet
    ("R1", WED, "拜访华龙机械 林志强 聊技术方案 下周三带报价过去", {"intent": LOG, V: {"customer_id": "K01", "followup_date": "2026-11-25"}, D: None}),
    ("R1", WED, "拜访华龙机械 林志强 下周三发报价", {"intent": LOG, V: {"followup_date": "2026-11-25"}, D: None}),
    ("R1", WED, "拜访华龙机械 林志强 报价下周三带过去", {"intent": LOG, V: {"followup_date": "2026-11-25"}, D: None}),
    ("R1", WED, "拜访华龙机械 林志强 带了报价过去", {"intent": LOG, D: {"stage": "proposal"}}),
    ("R1", WED, "海川物流冯涛 腾讯会议 需求确认 下周二出方案", {"intent": LOG, D: {"customer_id": "K13", "stage": "qualified"}}),
    ("R1", WED, "拜访华龙机械 林志强 报价30万 下周三再聊", {"intent": LOG, V: {"followup_date": "2026-11-25"}, D: {"stage": "proposal", "amount": 300000}}),
    # 和 inside a new brand (苏州天和精密模具厂); 意向不错 is interest
    ("R1", WED, "华龙机械 林志强 意向不大", {"intent": LOG, D: None}),
    # 推迟到明年Q2; 预算 批咗; 年底有个200万的项目 is a close; 月底再联系 stays a follow-up;
    #     an English bare day in a clause with no future word is the activity's day
    ("R1", SUN, "瑞祥医药 马总 說 預算 批咗 50萬", {"intent": LOG, D: {"stage": "qualified", "amount": 500000}}),
    # stage words with an adverb inside, and English "requirements confirmed"
    ("R1", WED, "上周五在华龙机械开会，林志强在，需求基本确认", {"intent": LOG, V: {"customer_id": "K01", "kind": "meeting", "date": "2026-11-13"}, D: {"customer_id": "K01", "stage": "qualified"}}),
    ("R1", WED, "华龙机械需求已经确认", {"intent": LOG, D: {"customer_id": "K01", "stage": "qualified"}}),
    ("R1", WED, "华龙机械需求还没确认", {"intent": LOG, D: None}),
    ("R1", WED, "Northstar call with Sarah Johnson, requirements confirmed, close by Dec 20", {"intent": LOG, V: {"kind": "call"}, D: {"customer_id": "K09", "stage": "qualified", "close_date": "2026-12-20"}}),
    ("R1", WED, "Northstar: budget is now confirmed", {"intent": LOG, D: {"customer_id": "K09", "stage": "qualified"}}),
    ("R1", WED, "requirements not confirmed at Northstar", {"intent": LOG, D: None}),
    # 谈下来了 / 签下来了 / 拿下来了: closed it
    ("R3", WED, "Pinecrest续约谈下来了，$80k", {"intent": LOG, D: {"customer_id": "K08", "stage": "won", "amount": 80000, "currency": "USD"}}),
    ("R1", WED, "华龙机械终于签下来了", {"intent": LOG, D: {"customer_id": "K01", "stage": "won"}}),
    # interest shown on a first contact is still a lead; a confirmed need is qualified
    ("R1", WED, "新客户苏州恒达光电，初步接触，李工对我们的方案感兴趣", {"intent": LOG, D: {"customer": "苏州恒达光电", "stage": "lead"}}),
    ("R1", WED, "First contact with Northstar, Sarah seemed very interested", {"intent": LOG, D: {"customer_id": "K09", "stage": "lead"}}),
    ("R1", WED, "华龙机械林志强对方案很感兴趣", {"intent": LOG, D: {"customer_id": "K01", "stage": "qualified"}}),
    ("R1", WED, "新线索 华龙机械 需求确认了", {"intent": LOG, D: {"customer_id": "K01", "stage": "qualified"}}),
    # 还在谈/在谈价格/谈判中 are negotiation; 有兴趣/感兴趣/interested ≈ 意向 (METRICS.md: qualified = 需求确认 / 意向);
    # a day a kind word names keeps 报价 a proposal
    ("R1", WED, "华龙机械 还在谈", {"intent": LOG, D: {"stage": "negotiation"}}),
    ("R1", WED, "华龙机械 在谈价格", {"intent": LOG, D: {"stage": "negotiation"}}),
    ("R1", WED, "华龙机械 谈判中", {"intent": LOG, D: {"stage": "negotiation"}}),
    ("R1", WED, "华龙机械 有兴趣", {"intent": LOG, D: {"stage": "qualified"}}),
    ("R1", WED, "华龙机械 林志强 很感兴趣", {"intent": LOG, D: {"stage": "qualified"}}),
    ("R1", WED, "Northstar: Sarah is interested", {"intent": LOG, D: {"stage": "qualified"}}),
    ("R1", WED, "Northstar: Sarah seems really interested in the rollout", {"intent": LOG, D: {"stage": "qualified"}}),
    ("R1", WED, "华龙机械 上门 周三 报价", {"intent": LOG, D: {"stage": "proposal"}}),
    ("R1", WED, "华龙机械 上门 周一 报价", {"intent": LOG, D: {"stage": "proposal"}}),
    # a celebrated 签约仪式 on a bare weekday was held: won; without the celebration, or on a coming day, it is the close
    ("R1", WED, "华龙机械 周一签约仪式 🎉", {"intent": LOG, V: None, D: {"stage": "won", "close_date": None}}),
    ("R1", WED, "华龙机械 签约仪式 🎉 周一", {"intent": LOG, D: {"stage": "won", "close_date": None}}),
    ("R1", WED, "Northstar signing ceremony Monday 🎉", {"intent": LOG, D: {"stage": "won", "close_date": None}}),
    ("R1", WED, "华龙机械 下周一签约仪式 🎉", {"intent": LOG, D: {"stage": None, "close_date": "2026-11-23"}}),
    ("R1", WED, "华龙机械 周一签约仪式", {"intent": LOG, D: {"stage": None, "close_date": "2026-11-23"}}),
    # --- kinds ---
    ("R1", FRI, "华龙机械林志强 上门拜访", {"intent": LOG, V: {"kind": "visit"}}),
    ("R1", FRI, "华龙机械林志强 来电", {"intent": LOG, V: {"kind": "call"}}),
    ("R1", FRI, "华龙机械林志强 电话会议", {"intent": LOG, V: {"kind": "meeting"}}),
    ("R1", FRI, "华龙机械林志强 腾讯会议过了一遍方案", {"intent": LOG, V: {"kind": "meeting"}}),
    ("R1", FRI, "给华龙机械林志强做了产品演示", {"intent": LOG, V: {"kind": "demo"}}),
    ("R1", FRI, "华龙机械开始试用了", {"intent": LOG, V: {"kind": "demo"}}),
    ("R1", FRI, "华龙机械林志强 邮件 发了合同草稿", {"intent": LOG, V: {"kind": "message"}}),
    ("R1", FRI, "华龙机械林志强 短信提醒付款", {"intent": LOG, V: {"kind": "message"}}),
    ("R1", FRI, "拜访华龙机械，约了下周演示", {"intent": LOG, V: {"kind": "visit", "followup_date": "2026-11-23"}}),
    ("R1", FRI, "上门给华龙机械演示了新版本", {"intent": LOG, V: {"kind": "demo"}}),
    ("R1", FRI, "Zoom with Blue Harbor team", {"intent": LOG, V: {"kind": "meeting"}}),
    ("R1", FRI, "Blue Harbor on-site workshop", {"intent": LOG, V: {"kind": "visit"}}),
    ("R1", FRI, "WeChat with Tom Baker of Blue Harbor", {"intent": LOG, V: {"kind": "message", "contact": "Tom Baker"}}),
    ("R1", FRI, "Gave Blue Harbor a demo", {"intent": LOG, V: {"kind": "demo"}}),
    # 视频 is a meeting
    ("R1", WED, "华龙机械 林志强 视频 沟通 需求", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强", "kind": "meeting"}}),
    ("R1", WED, "华龙机械林志强 视频通话，聊了交付", {"intent": LOG, V: {"kind": "meeting"}}),
    # company words end English names, 一定签, "next one on Monday", "X's buyer, Name"
    ("R1", WED, "中聯新能源侯霞 視頻溝通，報價三十多萬已發", {"intent": LOG, V: {"customer": "中聯新能源", "contact": "侯霞", "kind": "meeting"}, D: {"stage": "proposal", "amount": 300000}}),
    # a trial or demo the customer asks for is not one given (the visit stays a visit)
    ("R1", SUN, "周五去了华龙机械 见了林志强 CTO 对方要求试用", {"intent": LOG, V: {"kind": "visit", "date": "2026-11-20"}}),
    ("R1", WED, "华龙机械 林志强 试用了一周 反馈不错", {"intent": LOG, V: {"kind": "demo"}}),
    # 来访 is a visit (周二来访 on a Friday is that Tuesday); a first name one contact has
    ("R1", date(2026, 11, 27), "瑞祥医药 马丽 周二来访 参观工厂 预算30-40万", {"intent": LOG, V: {"customer_id": "K12", "kind": "visit", "date": "2026-11-24", "followup_date": None}}),
    # what was done there names the kind: 来公司开会 is a meeting, a demo given on site a demo
    ("R1", WED, "瑞祥医药马丽昨天来公司开会，聊了合作框架", {"intent": LOG, V: {"customer_id": "K12", "kind": "meeting", "date": "2026-11-17"}}),
    ("R1", WED, "周一去华龙机械见了林志强，给他们做了产品演示", {"intent": LOG, V: {"customer_id": "K01", "kind": "demo", "date": "2026-11-16"}}),
    ("R1", WED, "华龙机械林志强 今天上门，约了12月3号演示", {"intent": LOG, V: {"kind": "visit", "followup_date": "2026-12-03"}}),
    ("R1", WED, "Went to Northstar, met Sarah Johnson, they want a demo Tuesday", {"intent": LOG, V: {"kind": "visit"}}),
    # --- contacts as written ---
    ("R1", FRI, "德信建设张总拜访", {"intent": LOG, V: {"contact": "张总"}}),
    ("R1", FRI, "德信建设 王经理 电话", {"intent": LOG, V: {"contact": "王经理"}}),
    ("R1", FRI, "德信建设陈工 现场调试", {"intent": LOG, V: {"contact": "陈工"}}),
    ("R1", FRI, "拜访德信建设李处", {"intent": LOG, V: {"contact": "李处"}}),
    ("R1", FRI, "德信建设付总来电", {"intent": LOG, V: {"contact": ["付总", "付强"]}}),
    ("R1", FRI, "拜访德信建设 见了赵总监", {"intent": LOG, V: {"contact": "赵总监"}}),
    ("R1", FRI, "拜访德信建设 和财务总监钱伟聊了付款", {"intent": LOG, V: {"contact": "钱伟"}}),
    ("R1", FRI, "Visited Northstar, met Dr. Patel", {"intent": LOG, V: {"contact": "Dr. Patel"}}),
    ("R1", FRI, "拜访德信建设，对接人是王芳，聊了需求", {"intent": LOG, V: {"contact": "王芳"}}),
    ("R1", FRI, "德信建设 联系人：刘洋 电话", {"intent": LOG, V: {"contact": "刘洋", "kind": "call"}}),
    ("R1", FRI, "Northstar call with John Smith (CFO)", {"intent": LOG, V: {"contact": "John Smith"}}),
    # 成交 is a stage, never a person; 新客户 is not part of a name; titles before and after names
    ("R1", WED, "瑞祥医药成交，80w", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "won", "amount": 800000}}),
    ("R1", WED, "新客户星河科技，见了王总", {"intent": LOG, V: {"customer_id": None, "customer": "星河科技", "contact": "王总"}}),
    ("R1", WED, "今天拜访了新客户星河科技", {"intent": LOG, V: {"customer_id": None, "customer": "星河科技", "date": "2026-11-18"}}),
    ("R1", WED, "华龙机械 见了邱明", {"intent": LOG, V: {"customer_id": "K01", "contact": "邱明"}}),
    ("R1", WED, "华龙机械 见了张明，明天再联系", {"intent": LOG, V: {"contact": "张明", "followup_date": "2026-11-19"}}),
    ("R1", WED, "今天陌拜了杭州云帆智能科技，见了总经理周平", {"intent": LOG, V: {"customer": "杭州云帆智能科技", "contact": "周平"}}),
    ("R1", WED, "华龙机械 见了李强经理", {"intent": LOG, V: {"customer_id": "K01", "contact": "李强经理"}}),
    ("R1", WED, "Visited Hooli this morning, met their CFO Tom Wilson. New opportunity.", {"intent": LOG, V: {"customer": "Hooli", "contact": "Tom Wilson"}, D: {"stage": "lead"}}),
    ("R1", WED, "Met Tom Wilson, CFO of Northwind Traders", {"intent": LOG, V: {"customer": "Northwind Traders", "contact": "Tom Wilson"}}),
    # a phone number with only a coming visit: the rep phoned; 单子 is no person
    ("R1", WED, "华龙机械林总 电话 13812345678 明天上门", {"intent": LOG, V: None, "records": [
        {"type": "contact", "contact_id": "P01", "phone": "13812345678"},
        {"type": "activity", "status": "planned", "customer_id": "K01", "kind": "visit", "date": "2026-11-19"}]}),
    ("R1", WED, "新客户 宁波星海科技 王总 电话13812345678 拜访", {"intent": LOG, V: {"kind": "visit"}}),
    ("R1", WED, "瑞祥医药 的单子 丢了", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "lost"}}),
    # company words end English names, 一定签, "next one on Monday", "X's buyer, Name"
    ("R1", WED, "Lunch with Pacific Retail's buyer, Mike Wong", {"intent": LOG, V: {"customer": "Pacific Retail", "contact": "Mike Wong"}}),
    ("R1", WED, "Northstar: talked to their procurement manager Lisa Park", {"intent": LOG, V: {"customer_id": "K09", "contact": "Lisa Park"}}),
    # 下半年 as a close, mid/early <month>, "1.5 mil", a new company holding a stored short form
    ("R1", WED, "went to see Apex Robotics in Suzhou, met the GM David Wu", {"intent": LOG, V: {"customer": "Apex Robotics", "contact": "David Wu"}}),
    # a weekday word between the customer and the kind word is no contact
    ("R2", SAT, "海川物流 周四 开会 谈判中 合同68w 月底签", {"intent": LOG, V: {"customer_id": "K13", "contact": None, "date": "2026-11-19"}, D: {"close_date": "2026-11-30"}}),
    ("R2", SAT, "海川物流 周五 电话 聊了合同", {"intent": LOG, V: {"contact": None, "kind": "call", "date": "2026-11-20"}}),
    ("R1", SAT, "瑞祥医药 星期四 开会", {"intent": LOG, V: {"customer_id": "K12", "contact": None, "kind": "meeting"}}),
    # "w Anna" / "w/ Anna": a first name after the "with" shorthand
    ("R1", WED, "Northstar: phone call w Sarah, new opportunity around 2 million RMB, early stage", {"intent": LOG, V: {"customer_id": "K09", "contact": "Sarah Johnson", "kind": "call"}, D: {"stage": "lead", "amount": 2000000, "currency": "CNY"}}),
    ("R1", WED, "Blue Harbor, coffee w/ Emily today", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter"}}),
    ("R1", WED, "Blue Harbor: meeting w Jason about the rollout", {"intent": LOG, V: {"customer_id": "K07", "contact": "Jason", "kind": "meeting"}}),
    # 来访 is a visit (周二来访 on a Friday is that Tuesday); a first name one contact has
    ("R1", WED, "Blue Harbor - Emily said budget frozen till Q2", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter"}}),
    ("R1", WED, "Blue Harbor - Tom called back", {"intent": LOG, V: {"contact": "Tom Baker", "kind": "call"}}),
    # a contact named beside a deal's state (lost, in negotiation) is its source, no activity
    ("R1", WED, "瑞祥医药马丽说项目黄了", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "lost"}}),
    ("R1", WED, "瑞祥醫藥馬麗說專案黃了", {"intent": LOG, V: None, D: {"customer_id": "K12", "stage": "lost"}}),
    ("R1", WED, "华龙机械林志强 商务谈判中，金额降到38万", {"intent": LOG, V: None, D: {"customer_id": "K01", "stage": "negotiation", "amount": 380000}}),
    ("R2", WED, "海川物流冯涛，项目黄了", {"intent": LOG, V: None, D: {"customer_id": "K13", "stage": "lost"}}),
    # ... but a met/called contact, a past day, or a quote handed over still is one
    ("R2", WED, "见了海川物流冯涛，项目黄了", {"intent": LOG, V: {"customer_id": "K13", "contact": "冯涛"}, D: {"stage": "lost"}}),
    ("R1", WED, "昨天华龙机械林志强 谈判中", {"intent": LOG, V: {"contact": "林志强", "date": "2026-11-17"}, D: {"stage": "negotiation"}}),
    ("R1", WED, "华龙机械林志强：报价 ¥268,000 已提交", {"intent": LOG, V: {"contact": "林志强"}, D: {"stage": "proposal"}}),
    # --- a stored contact names the customer; reported questions; ranges ---
    ("R1", FRI, "唐建国来电，问交期", {"intent": LOG, V: {"customer_id": "K11", "contact": "唐建国", "kind": "call"}}),
    ("R3", FRI, "Lucas Green called, wants a discount", {"intent": LOG, V: {"customer_id": "K08", "contact": "Lucas Green", "kind": "call"}}),
    ("R1", FRI, "华龙机械林总问能给多少折扣", {"intent": LOG, V: {"customer_id": "K01", "contact": ["林总", "林志强"]}}),
    ("R1", FRI, "华龙机械预算在50到80万之间", {"intent": LOG, D: {"customer_id": "K01", "amount": [500000, 800000]}}),
    ("R1", FRI, "Closed Blue Harbor for $75k!", {"intent": LOG, V: None, D: {"customer_id": "K07", "stage": "won", "amount": 75000, "currency": "USD"}}),
    ("R1", FRI, "Northstar pushed the decision to next month", {"intent": LOG, D: {"customer_id": "K09", "close_date": "2026-12-31"}}),
    ("R1", FRI, "德信建设 付强 签约 120万", {"intent": LOG, D: {"stage": "won", "amount": 1200000}}),
    ("R1", FRI, "德信建设 预计下月签约", {"intent": LOG, D: {"stage": None, "close_date": "2026-12-31"}}),
    ("R1", FRI, "德信建设 付强 上门 预计 2027年1月 续签", {"intent": LOG, V: {"kind": "visit"}, D: {"close_date": "2027-01-31"}}),
    ("R1", FRI, "德信建设付强微信说合同下周走完流程", {"intent": LOG, V: {"kind": "message", "followup_date": "2026-11-23"}}),
    ("R1", FRI, "德信建设 第二次拜访 见了采购和技术负责人", {"intent": LOG, V: {"contact": None}}),
    ("R1", FRI, "帮我看下华龙机械的商机", {"intent": "query"}),
    ("R1", FRI, "在吗", {"intent": "unknown"}),
    ("R1", FRI, "拜访德信建设，见了采购小李", {"intent": LOG, V: {"contact": "小李"}}),
    ("R1", FRI, "德信建设 老王 电话 小单 3w", {"intent": LOG, V: {"contact": "老王", "kind": "call"}, D: {"amount": 30000}}),
    ("R2", FRI, "call with Hooli, they want a demo next week", {"intent": LOG, V: {"customer": "Hooli", "customer_id": None, "kind": "call", "followup_date": "2026-11-23"}}),
    ("R2", FRI, "Emailed the deck to John Smith at Initrode", {"intent": LOG, V: {"customer": "Initrode", "contact": "John Smith", "kind": "message"}}),
    ("R1", FRI, "华龙机械林总电话，需求确认，下周给报价", {"intent": LOG, V: {"followup_date": "2026-11-23"}, D: {"stage": "qualified"}}),
    ("R1", FRI, "瑞祥汽车 唐建国 微信 下月中旬采购", {"intent": LOG, V: {"kind": "message"}, D: {"close_date": "2026-12-15"}}),
    ("R1", FRI, "华龙机械丢单了，客户选择了友商", {"intent": LOG, D: {"stage": "lost", "lost_reason": "客户选择了友商"}}),
    ("R2", FRI, "华龙那边林志强说下周签", {"intent": LOG, V: {"customer_id": "K01", "contact": "林志强"}, D: {"close_date": "2026-11-23"}}),
    ("R1", FRI, "Met Emily at Blue Harbor yesterday", {"intent": LOG, V: {"customer_id": "K07", "contact": "Emily Carter", "date": "2026-11-19"}}),
    ("R1", FRI, "spoke to Jake from Northstar on the phone", {"intent": LOG, V: {"customer_id": "K09", "contact": "Jake", "kind": "call"}}),
    ("R1", FRI, "拜访了Blue Harbor的Tom", {"intent": LOG, V: {"customer_id": "K07", "contact": "Tom Baker"}}),
    ("R1", FRI, "和陈静一起拜访了德信建设", {"intent": LOG, V: {"customer_id": "K15", "contact": None}}),
    ("R1", FRI, "met Alice Wong and Emily Carter at Blue Harbor", {"intent": LOG, V: {"contact": "Emily Carter"}}),
    # --- intents: questions, commands, chit-chat ---
    ("R1", FRI, "我这个月拜访了多少次？", {"intent": "query", V: None, D: None}),
    ("R1", FRI, "本周谁没有拜访客户", {"intent": "query"}),
    ("R1", FRI, "上个月各组业绩", {"intent": "query"}),
    ("R1", FRI, "华龙机械最近一次拜访是什么时候？", {"intent": "query"}),
    ("R1", FRI, "how many visits did I log this week?", {"intent": "query"}),
    ("R1", FRI, "pipeline by stage", {"intent": "query"}),
    ("R1", FRI, "win rate last quarter", {"intent": "query"}),
    ("R1", FRI, "本季度转化率", {"intent": "query"}),
    ("R1", FRI, "华龙机械今年的成交额", {"intent": "query", V: None, D: None}),
    ("R1", FRI, "华东一组的成交额", {"intent": "query"}),
    ("R1", FRI, "How's the pipeline looking", {"intent": "query"}),
    ("R1", FRI, "Top 5 reps by revenue", {"intent": "query"}),
    ("R1", FRI, "华龙机械问我们的价格是多少", {"intent": LOG, V: {"customer_id": "K01"}}),
    ("R1", FRI, "华龙机械林总最近拜访过吗？", {"intent": "query", V: None, D: None}),
    ("R1", FRI, "华龙机械这个月拜访了几次", {"intent": "query"}),
    ("R1", FRI, "华龙机械林总电话，报价多少还没定", {"intent": LOG, V: {"kind": "call"}}),
    ("R1", FRI, "帮助", {"intent": "command"}),
    ("R1", FRI, "/help", {"intent": "command"}),
    ("R1", FRI, "help", {"intent": "command"}),
    ("R1", FRI, "撤销", {"intent": "command"}),
    ("R1", FRI, "undo", {"intent": "command"}),
    ("R1", FRI, "取消", {"intent": "command"}),
    ("R1", FRI, "cancel", {"intent": "command"}),
    ("R1", FRI, "认领 青松药业", {"intent": "command"}),
    ("R1", FRI, "今天要跟进谁", {"intent": "query"}),
    ("R1", FRI, "my follow-ups", {"intent": "query"}),
    ("R1", FRI, "金额改成65万", {"intent": "command"}),
    ("R1", FRI, "不是华龙机械，是华龙传媒", {"intent": "command"}),
    ("R1", FRI, "好的", {"intent": "unknown", V: None, D: None}),
    ("R1", FRI, "谢谢！", {"intent": "unknown"}),
    ("R1", FRI, "ok thanks", {"intent": "unknown"}),
    ("R1", FRI, "今天天气不错", {"intent": "unknown"}),
    ("R1", FRI, "收到，辛苦了", {"intent": "unknown"}),
    # "nothing" is no "not": a log, not a contrast edit
    ("R1", WED, "Had lunch w/ Tom Baker from Blue Harbor, nothing concrete yet", {"intent": LOG, V: {"customer_id": "K07", "contact": "Tom Baker"}}),
    ("R1", WED, "met Tom at Blue Harbor, nothing yet", {"intent": LOG, V: {"customer_id": "K07"}}),
]


@pytest.mark.parametrize("user,today,text,expect", CASES, ids=[c[2][:24] for c in CASES])
def test_message(user, today, text, expect):
    got = classify(text, user, today, DIR, "CNY").contract_json()
    assert not mismatches(got, expect), (text, mismatches(got, expect), got)


def test_enough_cases():
    assert len(CASES) >= 150
