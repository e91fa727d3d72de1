"""Amounts of money: only in money context, with the currency said (or none)."""

from __future__ import annotations

import pytest

from intents.dates import find_dates
from intents.money import find_money, pick_amount

FOUND = [
    ("预算50万", 500000, None),
    ("小单 5w", 50000, None),
    ("报价12.8万", 128000, None),
    ("预算80w", 800000, None),
    ("三十五万", 350000, None),
    ("同意一百二十万的价格", 1200000, None),
    ("预计投资 3百万", 3000000, None),
    ("预计投资 3 百万", 3000000, None),
    ("两千万的大单", 20000000, None),
    ("1.5亿", 150000000, None),
    ("报价 ¥1,280,000 已提交", 1280000, "CNY"),
    ("￥36000", 36000, "CNY"),
    ("赢了 23.5万元", 235000, "CNY"),
    ("合同 8000元", 8000, "CNY"),
    ("五万块", 50000, "CNY"),
    ("人民币30万", 300000, "CNY"),
    ("budget $80k", 80000, "USD"),
    ("quote sent $45,000", 45000, "USD"),
    ("~1.2M RMB", 1200000, "CNY"),
    ("2.4m CNY", 2400000, "CNY"),
    ("about 80 grand", 80000, None),
    ("+¥90k upsell", 90000, "CNY"),
    ("USD 36,000", 36000, "USD"),
    ("20万美元", 200000, "USD"),
    ("3000美金", 3000, "USD"),
    ("roughly 50k", 50000, None),
    ("金额 880000", 880000, None),
    ("price is 12000", 12000, None),
    ("€50k", 50000, "EUR"),
    ("$1.5 million", 1500000, "USD"),
]


@pytest.mark.parametrize("text,amount,currency", FOUND)
def test_amounts(text, amount, currency):
    got = find_money(text)
    assert len(got) == 1, got
    assert abs(got[0].amount - amount) < 0.5 and got[0].currency == currency


NOT_MONEY = [
    "10月8号拜访", "9.16 见面", "打了3个电话", "折扣15%", "电话 13912345678", "座机 021-64881234", "来了5个人",
    "采购30台设备", "3天后回访", "两周后", "第2次拜访", "20 users", "3 meetings", "Q4", "2026年", "1楼会议室",
    "in 2 weeks", "下午3点", "三个月后", "7折",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text):
    dates = find_dates(text, __import__("datetime").date(2026, 11, 20))
    assert find_money(text, blocked=[d.span for d in dates]) == []


def test_span_points_into_original():
    text = "客户說預算大約 ３０万，下月底签"
    m = find_money(text)[0]
    assert m.amount == 300000 and text[m.span[0]:m.span[1]].strip() == "３０万"


def test_pick_amount_prefers_the_new_value():
    text = "价格从100万降到85万"
    assert pick_amount(text, find_money(text)).amount == 850000
    text = "报价60万，对方还价55万"
    assert pick_amount(text, find_money(text)).amount == 600000
    assert pick_amount("nothing", []) is None
