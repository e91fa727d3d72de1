"""Amounts of money: only in money context, with the currency said (or none)."""

from __future__ import annotations

import pytest

from intents.dates import find_dates
from intents.money import find_money, find_shares, pick_amount

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


# Chinese amounts said with their magnitudes, the way reps type them (values worked out by hand)
COMPOUND_ZH = [
    ("成交价八十八万八", 888000, None),  # 88万 + 8千: a trailing digit is the next unit down
    ("合同一百万零五千", 1005000, None),  # 零: the next figure is said in full
    ("首单一万三", 13000, None),
    ("预算两万五", 25000, None),
    ("嘉禾八万五成交了", 85000, None),  # 五成交 is 五 + 成交, no share (五成)
    ("三万二成功签下", 32000, None),
    ("合同六万五成本价", 65000, None),
    ("报价三万五千元", 35000, "CNY"),
    ("5万4千6百", 54600, None),
    ("尾款1万2千", 12000, None),
    ("预算3万5", 35000, None),
    ("80个w的单子", 800000, None),
    ("八个亿的项目", 800000000, None),
    ("3亿5千万", 350000000, None),
    ("12万元", 120000, "CNY"),
    ("十二万", 120000, None),
    ("一百万零五", 1000005, None),
]

MAGNITUDES_EN = [
    ("budget ¥80k", 80000, "CNY"),
    ("they offered $80k", 80000, "USD"),
    ("80 grand", 80000, None),
    ("deal size 1.5m", 1500000, None),
    ("two hundred thousand dollars", 200000, "USD"),
    ("budget of half a million", 500000, None),
    ("a budget of three hundred and fifty thousand", 350000, None),
    ("two hundred thousand美元", 200000, "USD"),
    ("$80k的单子", 80000, "USD"),
]


@pytest.mark.parametrize("text,amount,currency", COMPOUND_ZH + MAGNITUDES_EN)
def test_compound_amounts(text, amount, currency):
    got = find_money(text)
    assert len(got) == 1, got
    assert (got[0].amount, got[0].currency, got[0].plausible) == (amount, currency, True)
    assert text[got[0].span[0]:got[0].span[1]].strip() == got[0].said


@pytest.mark.parametrize("text,amount", [("预算5万3个月内签", 50000), ("价格20万3家在比", 200000)])
def test_a_count_after_an_amount_is_not_its_tail(text, amount):
    assert [m.amount for m in find_money(text)] == [amount]


NEVER_MONEY = [
    "电话 139-1234-5678", "call +86 139 1234 5678", "2027-03-05见", "3/5 见面", "1/1/2026", "13/45",
    "two thousand users", "十二个人", "三成", "百分之三十", "30 percent",
]


@pytest.mark.parametrize("text", NEVER_MONEY)
def test_phones_dates_counts_and_shares_are_never_amounts(text):
    assert find_money(text) == []


IMPLAUSIBLE = [("退款-5万", -50000), ("亏了负5万", -50000), ("预算5000亿亿", 5e11), ("报价1200000000000元", 1.2e12),
               ("deal worth $200 billion", 2e11)]


@pytest.mark.parametrize("text,amount", IMPLAUSIBLE)
def test_negative_or_implausible_amounts_are_flagged_and_never_picked(text, amount):
    got = find_money(text)
    assert [(m.amount, m.plausible) for m in got] == [(amount, False)]
    assert pick_amount(text, got) is None
    if amount < 0:
        assert got[0].said[0] in "-负"


def test_a_plausible_amount_is_picked_past_an_implausible_one():
    text = "报价-5万不对，是50万"
    assert pick_amount(text, find_money(text)).amount == 500000


SHARES = [
    ("首付30%", 0.3), ("百分之三十预付", 0.3), ("首付三成", 0.3), ("尾款三成半", 0.35), ("3成5尾款", 0.35),
    ("尾款百分之二十五", 0.25), ("30 percent upfront", 0.3), ("12.5% on delivery", 0.125),
]


@pytest.mark.parametrize("text,fraction", SHARES)
def test_shares_for_payment_terms(text, fraction):
    got = find_shares(text)
    assert [s.fraction for s in got] == [fraction]
    assert find_money(text) == []


@pytest.mark.parametrize("text", ["成交了", "三成交", "完成任务", "success rate"])
def test_no_share(text):
    assert find_shares(text) == []


RANGES = [
    # a range keeps its lower bound (the conservative figure), however it is written
    ("预算50到80万", 500000), ("50-80万", 500000), ("三到五万", 30000), ("预算五六十万", 500000), ("三四万的小单", 30000),
    ("七八千块", 7000), ("一二十万", 100000), ("预算1.2~1.5亿", 120000000),
    ("$50-80k", 50000), ("50k-80k", 50000), ("budget 1.2-1.5m", 1200000), ("between 50k and 80k", 50000),
]


@pytest.mark.parametrize("text,amount", RANGES)
def test_ranges_keep_the_lower_bound(text, amount):
    assert pick_amount(text, find_money(text)).amount == amount


def test_a_range_of_amounts_is_not_a_date():
    assert find_dates("budget 1.2-1.5m", __import__("datetime").date(2026, 11, 20)) == []


@pytest.mark.parametrize("text", ["1e10万1e10万", "一亿亿亿", "万", "亿", "999999999999999999999万", "¥", "$k", "百分之一百二十",
                                  "3成10", "一百万零", "5万零"])
def test_odd_amounts_never_raise(text):
    for t in (text, f"预算{text}", text * 3):
        got = find_money(t)
        pick_amount(t, got)
        assert all(s.fraction <= 1 for s in find_shares(t))


@pytest.mark.parametrize("text,amount,currency", [
    ("100万日元", 1000000, "JPY"), ("2000円", 2000, "JPY"), ("预算30万新币", 300000, "SGD"), ("S$50k", 50000, "SGD"),
    ("50万台币", 500000, "TWD"), ("一万港元", 10000, "HKD"), ("budget 20k AUD", 20000, "AUD"),
])
def test_other_currencies_are_named(text, amount, currency):
    got = find_money(text)
    assert [(m.amount, m.currency) for m in got] == [(amount, currency)]


@pytest.mark.parametrize("text", ["座机 021 6488 1234", "热线400-820-8820", "call 800 123 4567"])
def test_more_phone_numbers_are_never_amounts(text):
    assert find_money(text) == []


# ---------- a plain number written in thousands (12,000) is money; a count of things stays a count ----------

@pytest.mark.parametrize("text,amount", [
    ("paid the 2nd installment, 12,000", 12000),
    ("signed, 45,000", 45000),
    ("新项目 智能仓储 93,500", 93500),
    ("尾款 1,250,000.50", 1250000.5),
])
def test_a_number_in_thousands_is_money(text, amount):
    got = find_money(text)
    assert [round(m.amount, 2) for m in got] == [amount]


@pytest.mark.parametrize("text", ["2,000 employees", "12,000 users on the platform", "采购1,200台", "来了1,500人",
                                  "on Dec 15, 2026", "12000"])
def test_a_count_in_thousands_or_a_plain_number_is_no_money(text):
    dates = find_dates(text, __import__("datetime").date(2026, 11, 20))
    assert find_money(text, blocked=[d.span for d in dates]) == []
