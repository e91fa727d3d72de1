"""Rankings, comparisons, grouping by customer, stale customers, the shape check and out-of-view
answers, Chinese and English, on SQLite and PostgreSQL, against tests/ask_support.py's bundle.
Expected numbers are counted by hand from the bundle rows (see the comments)."""

from __future__ import annotations

import pytest

from tests.ask_support import ask, load, pairs

# (question, asker, metric, expected series in rank order, limit)
RANKINGS = [
    # visits in November: 王磊 A1 A8 = 2, 陈静 A4 = 1, 刘洋 A6 = 1
    ("本月各销售拜访量排名", "M1", "visits", [("王磊", 2), ("陈静", 1)], None),
    ("本月谁拜访最多", "A0", "visits", [("王磊", 2)], 1),
    ("who made the most visits this month", "A0", "visits", [("王磊", 2)], 1),
    # activities this week (11-16..20): 王磊 A1 A2 A8 = 3, 陈静 A4 = 1, 刘洋 0
    ("这周跟进最少的是谁", "A0", "activities", [("刘洋", 0)], 1),
    ("bottom 2 reps by activities this week", "A0", "activities", [("刘洋", 0), ("陈静", 1)], 2),
    # won this year by customer: Acme D3 300k, 明德 D5 80k
    ("今年成交金额前2的客户", "A0", "won_amount", [("Acme Robotics Ltd", 300000.0), ("上海明德科技有限公司", 80000.0)], 2),
    ("top 1 customer by revenue this year", "A0", "won_amount", [("Acme Robotics Ltd", 300000.0)], 1),
    # visits this month by customer: 明德 2 (A1, A8), Acme 1, 远航 1
    ("top 1 customers by visits this month", "A0", "visits", [("上海明德科技有限公司", 2)], 1),
    # top N said after the superlative; exactly N rows, a tie across the cut in the reps' order (陈静 before 刘洋)
    ("这个月拜访最多的两个人", "A0", "visits", [("王磊", 2), ("陈静", 1)], 2),
    ("top 1 rep by activities this week", "A0", "activities", [("王磊", 3)], 1),
    ("拜访最少的销售 本月", "A0", "visits", [("陈静", 1)], 1),
    ("worst rep by visits this month", "A0", "visits", [("陈静", 1)], 1),
    ("本月拜访量前两名", "A0", "visits", [("王磊", 2), ("陈静", 1)], 2),
    ("top 2 reps by visits this month", "A0", "visits", [("王磊", 2), ("陈静", 1)], 2),
    ("本月拜访最少的一个人", "A0", "visits", [("陈静", 1)], 1),
    # customers tied across the cut (Acme 1, 远航 1) in the by-customer order (stored name)
    ("top 2 customers by visits this month", "A0", "visits", [("上海明德科技有限公司", 2), ("Acme Robotics Ltd", 1)], 2),
    ("本月拜访次数前两名的客户", "A0", "visits", [("上海明德科技有限公司", 2), ("Acme Robotics Ltd", 1)], 2),
    # a ranking with no measure is revenue: won this year by customer
    ("who are our top 2 customers this year", "A0", "won_amount",
     [("Acme Robotics Ltd", 300000.0), ("上海明德科技有限公司", 80000.0)], 2),
]


@pytest.fixture
def bundle(engine, tmp_path):
    load(engine, tmp_path / "bundle")
    return engine


@pytest.mark.parametrize(("question", "asker", "metric", "expected", "limit"), RANKINGS, ids=[c[0] for c in RANKINGS])
def test_rankings_are_ordered_and_cut(bundle, question, asker, metric, expected, limit):
    res = ask(bundle, question, asker)
    assert res.metric == metric, res.text
    assert pairs(res) == expected
    assert res.limit == limit and res.value is None


def test_grouped_by_customer_shows_only_non_zero_customers_by_stored_name(bundle):
    res = ask(bundle, "visits by customer this month", "A0")
    assert res.group_by == "customer"
    assert sorted(pairs(res)) == sorted([("上海明德科技有限公司", 2), ("Acme Robotics Ltd", 1), ("广州远航电子有限公司", 1)])


# (question, asker, metric, value, compared value, change, compared period)
COMPARISONS = [
    # visits 11-01..20: A1 A8 A4 A6 = 4; 10-01..20 (the fair cut): A7 = 1
    ("本月拜访量环比", "A0", "visits", 4, 1, 3, ("2026-10-01", "2026-10-20")),
    ("visits this month vs last month", "A0", "visits", 4, 1, 3, ("2026-10-01", "2026-10-20")),
    # activities 11-16..20: A1 A2 A4 A8 = 4; last week cut to Mon..Fri 11-09..13: A9 = 1
    ("activities this week vs last week", "A0", "activities", 4, 1, 3, ("2026-11-09", "2026-11-13")),
    # two named periods said in order compare as said: the whole of last week (A9 = 1)
    ("上周和本周跟进次数对比", "A0", "activities", 4, 1, 3, ("2026-11-09", "2026-11-15")),
    # won amount November 300k (D3); November 2025 nothing
    ("这个月的成交额同比怎么样", "A0", "won_amount", 300000.0, 0.0, 300000.0, ("2025-11-01", "2025-11-20")),
    ("revenue this month year over year", "A0", "won_amount", 300000.0, 0.0, 300000.0, ("2025-11-01", "2025-11-20")),
    # won deals in October: D5 = 1; in September: none (two whole named months compare as said)
    ("上个月赢单数比9月份多还是少", "A0", "won_deals", 1, 0, 1, ("2026-09-01", "2026-09-30")),
    # one period said after vs / 比: it is the compared one, the asked one is now
    ("visits vs last month", "A0", "visits", 4, 1, 3, ("2026-10-01", "2026-10-20")),
    ("拜访量比上个月怎么样", "A0", "visits", 4, 1, 3, ("2026-10-01", "2026-10-20")),
    # two periods named side by side (和 / and): the later one asked, this year so far vs the whole of last year
    ("今年和去年的成交额", "A0", "won_amount", 380000.0, 0.0, 380000.0, ("2025-01-01", "2025-12-31")),
    # visits in November so far: A1 A8 A4 A6 = 4; the whole of October: A7 = 1 (the same days would be too)
    ("本月和上月的拜访量", "A0", "visits", 4, 1, 3, ("2026-10-01", "2026-10-31")),
    # activities 11-16..20: A1 A2 A4 A8 = 4; all of last week 11-09..15: A9 = 1
    ("activities this week and last week", "A0", "activities", 4, 1, 3, ("2026-11-09", "2026-11-15")),
    # visits last week 11-09..15: none; the week before 11-02..08: A6 (11-03)
    ("上周的拜访量比上上周", "A0", "visits", 0, 1, -1, ("2026-11-02", "2026-11-08")),
    # "up from last month": November so far (A1 A8 A4 A6) vs 10-01..20 (A7)
    ("visits up from last month?", "A0", "visits", 4, 1, 3, ("2026-10-01", "2026-10-20")),
    # 同比去年: won this year D3 300k + D5 80k; the same days of 2025: nothing
    ("成交额同比去年", "A0", "won_amount", 380000.0, 0.0, 380000.0, ("2025-01-01", "2025-11-20")),
]


@pytest.mark.parametrize(("question", "asker", "metric", "value", "other", "change", "span"), COMPARISONS,
                         ids=[c[0] for c in COMPARISONS])
def test_comparisons_give_both_periods_and_the_change(bundle, question, asker, metric, value, other, change, span):
    res = ask(bundle, question, asker)
    assert res.metric == metric and res.value == pytest.approx(value), res.text
    comp = res.compare
    assert comp is not None and comp["value"] == pytest.approx(other) and comp["change"] == pytest.approx(change)
    assert (comp["period"]["start"], comp["period"]["end"]) == span


def test_a_grouped_comparison_compares_each_group(bundle):
    res = ask(bundle, "各组本月成交额和上月比一下", "A0")  # 东组 300k (D3) vs 10-01..20: 80k (D5); 南组 0 vs 0
    assert pairs(res) == [("东组", 300000.0), ("南组", 0.0)]
    assert [(p["label"], p["value"]) for p in res.compare["series"]] == [("东组", 80000.0), ("南组", 0.0)]
    assert res.compare["change"] is None


@pytest.mark.parametrize("question", ["在手商机环比", "pipeline vs last month", "逾期跟进和上周比"])
def test_as_of_now_metrics_say_they_cannot_be_compared(bundle, question):
    res = ask(bundle, question, "A0")
    assert res.value is None and res.series is None and res.compare is None
    assert "无法与过去比较" in res.text or "can't be compared" in res.text


@pytest.mark.parametrize(("question", "value"), [
    ("超过30天没跟进的客户有几个", 1),  # C6 only (no activity, created 01-10)
    ("超过两周没跟进的客户有多少", 2),  # C6, and C4 (last visit 11-03)
    ("how many customers have not been contacted in 2 weeks", 2),
])
def test_stale_customers_take_n_from_the_question(bundle, question, value):
    res = ask(bundle, question, "A0")
    assert (res.metric, res.value, res.period) == ("stale_customers", value, None)


@pytest.mark.parametrize(("question", "asker", "who"), [
    ("南组本月成交额多少", "M1", "南组"),
    ("刘洋这个月拜访了几次", "M1", "刘洋"),
    ("how many visits did 王磊 make this week", "M2", "王磊"),
    ("陈静本月业绩", "R1", "陈静"),
    # a user said by the pinyin of the name or by id is that user (刘洋 R3 is 南组's)
    ("Liu Yang's visits this month", "M1", "刘洋"),
    ("liu yang这个月拜访了几次", "M1", "刘洋"),
    ("R3本月业绩", "M1", "刘洋"),
])
def test_outside_the_askers_view_says_so_with_no_value(bundle, question, asker, who):
    res = ask(bundle, question, asker)
    assert res.value is None and res.series is None and res.rows is None
    assert who in res.text and ("看不到" in res.text or "can't see" in res.text)


@pytest.mark.parametrize("question", [
    "为什么这个月转化率这么低", "why is the win rate so low", "明天天气怎么样", "帮我写一封邮件给客户", "仓库里还有多少库存",
])
def test_what_cannot_be_answered_is_declined_without_a_number(bundle, question):
    res = ask(bundle, question, "A0")
    assert res.metric is None and res.list is None and res.value is None and res.series is None


def test_which_customers_with_a_measure_is_that_measure_by_customer(bundle):
    res = ask(bundle, "今年哪些客户贡献了收入", "A0")  # D3 Acme 300k, D5 明德 80k
    assert res.metric == "won_amount" and res.group_by == "customer"
    assert pairs(res) == [("Acme Robotics Ltd", 300000.0), ("上海明德科技有限公司", 80000.0)]


def test_who_has_none_lists_the_reps_with_nothing(bundle):
    res = ask(bundle, "本月谁没有赢单", "A0")  # only 陈静 won (D3)
    assert res.metric == "won_deals" and pairs(res) == [("王磊", 0), ("刘洋", 0)]


def test_a_breakdown_is_a_metric_not_a_list(bundle):
    res = ask(bundle, "本月新客户来自哪些渠道", "A0")  # C2 (官网) is November's only new customer
    assert (res.metric, res.group_by, res.list) == ("new_leads", "source", None) and pairs(res) == [("官网", 1)]


def test_two_named_reps_are_compared_side_by_side(bundle):
    res = ask(bundle, "王磊和陈静本月拜访量对比", "M1")  # 王磊 A1 A8, 陈静 A4; no period comparison
    assert (res.metric, res.group_by, res.compare) == ("visits", "rep", None)
    assert pairs(res) == [("王磊", 2), ("陈静", 1)]


@pytest.mark.parametrize("question", ["王磊和陈静本月跟进次数和上月比", "王磊 and 陈静 activities this month vs last month"])
def test_two_named_reps_compared_with_a_period_said_compare_both(bundle, question):
    res = ask(bundle, question, "M1")  # 11-01..20: 王磊 A1 A2 A8, 陈静 A4 A9; 10-01..20: 王磊 A3, 陈静 A5
    assert (res.metric, res.group_by) == ("activities", "rep")
    assert pairs(res) == [("王磊", 3), ("陈静", 2)]
    assert res.compare is not None and res.compare["period"] == {"start": "2026-10-01", "end": "2026-10-20"}
    assert [(p["label"], p["value"]) for p in res.compare["series"]] == [("王磊", 1), ("陈静", 1)]


@pytest.mark.parametrize("question", ["谁这个月回款了", "which customers paid us this month"])
def test_who_paid_is_by_customer(bundle, question):
    res = ask(bundle, question, "A0")  # November: PY1 Acme 50k, PY3 远航 20k
    assert (res.metric, res.group_by) == ("collected_amount", "customer")
    assert sorted(pairs(res)) == sorted([("Acme Robotics Ltd", 50000.0), ("广州远航电子有限公司", 20000.0)])


def test_who_owes_the_most_is_a_customer(bundle):
    res = ask(bundle, "who owes us the most", "A0")  # K1 Acme 300k − 50k; K3 远航 120k − 20k
    assert (res.metric, res.group_by, res.limit) == ("receivables", "customer", 1)
    assert pairs(res) == [("Acme Robotics Ltd", 250000.0)]


def test_a_named_customer_narrows_a_metric_to_that_customer(bundle):
    res = ask(bundle, "明德科技本月拜访了几次", "R1")  # A1, A8
    assert (res.metric, res.value, res.series) == ("visits", 2, None) and "上海明德科技有限公司" in res.text
    res = ask(bundle, "how much did Acme sign this year", "A0")  # D3
    assert (res.metric, res.value) == ("won_amount", 300000.0)


@pytest.mark.parametrize(("question", "metric"), [
    ("本月回款多少", "collected_amount"), ("payments received this month", "collected_amount"),
    ("应收账款还有多少", "receivables"), ("how much is still owed to us", "receivables"),
    ("逾期回款有多少", "overdue_receivables"), ("overdue receivables", "overdue_receivables"),
    ("今年的回款率", "collection_rate"), ("collection rate this year", "collection_rate"),
    ("本季度签约额", "contract_amount"), ("contract value signed this quarter", "contract_amount"),
])
def test_finance_words_map_to_the_finance_metrics(bundle, question, metric):
    res = ask(bundle, question, "A0")
    assert res.metric == metric, res.text


# money past due (K1: 100k due 11-10, 50k paid 11-12 → 50k; nothing else is due before 11-20)
@pytest.mark.parametrize("question", [
    "How much is overdue right now?", "how much money is past due", "what's the total overdue", "overdue installments total",
    "逾期多少钱", "逾期的款一共多少", "分期逾期了多少钱", "超期未收的金额有多少",
])
def test_money_said_with_overdue_is_the_overdue_receivable(bundle, question):
    res = ask(bundle, question, "A0")
    assert (res.metric, res.value) == ("overdue_receivables", 50000.0), res.text


@pytest.mark.parametrize(("question", "value"), [
    ("逾期跟进有几个", 3), ("how many follow-ups are overdue", 3), ("超期未跟进的客户数", 3),
])
def test_follow_ups_said_with_overdue_stay_follow_ups(bundle, question, value):
    res = ask(bundle, question, "A0")  # C4 11-10, C2 11-18, C6 planned 11-18
    assert (res.metric, res.value) == ("overdue_followups", value), res.text


@pytest.mark.parametrize(("question", "said"), [
    ("Zhou Ming's pipeline", "Zhou Ming"), ("how many calls did Peter Brown's team make", "Peter Brown"),
    ("R77今天干了啥", "R77"), ("X123本月业绩", "X123"),
])
def test_a_person_not_known_is_declined_never_the_whole_scope(bundle, question, said):
    res = ask(bundle, question, "A0")
    assert res.value is None and res.series is None and res.rows is None
    assert said in res.text and ("不知道" in res.text or "don't know" in res.text)


# A comparison keeps every filter the figure alone keeps (kind, rep, team, tier, region, industry, source,
# customer), for both periods, and its text says what it counts and for whom.
# (question, asker, value, compared value, words the text must hold); counted from the bundle rows:
FILTERED_COMPARISONS = [
    # calls 11-16..20: A2; last week cut to 11-09..13: A9 (all activities: 4 vs 1)
    ("这周和上周比 电话量", "A0", 1, 1, "电话次数"),
    ("calls this week vs last week", "A0", 1, 1, "Calls"),
    # calls 11-01..20: A2 A9; 10-01..20: A3
    ("本月电话量环比", "A0", 2, 1, "电话次数"),
    # meetings 11-01..20: none; 10-01..20: A5 (10-20)
    ("meetings this month compared to last month", "A0", 0, 1, "Meetings"),
    # 王磊's visits: A1 A8; none in 10-01..20
    ("王磊本月拜访量和上月比", "M1", 2, 0, "王磊"),
    # 南组 (刘洋): A6 vs A7 (all visits: 4 vs 1)
    ("南组本月拜访量环比", "A0", 1, 1, "南组"),
    ("Liu Yang's visits this month vs last month", "A0", 1, 1, "刘洋"),
    # tier A (C1, C3): A1 A8 A4; none in 10-01..20
    ("A类客户本月拜访量环比", "A0", 3, 0, "A类客户"),
    # 华南 (C3 C4 C5) and 制造 (C3 C4): A4 A6 vs A7
    ("华南 visits this month vs last month", "A0", 2, 1, "华南"),
    ("制造业本月拜访和上月比", "A0", 2, 1, "制造"),
    # 官网 (C2 C4 C6): A6 vs A7
    ("官网客户本月拜访量环比", "A0", 1, 1, "官网"),
    # one customer: 明德 (C1) A1 A8 vs A3 (10-15); Acme (C3) A4 A9 vs A5 (10-20)
    ("明德科技本月跟进次数和上月比", "R1", 2, 1, "上海明德科技有限公司"),
    ("Acme activities this month vs last month", "A0", 2, 1, "Acme Robotics Ltd"),
]


@pytest.mark.parametrize(("question", "asker", "value", "other", "said"), FILTERED_COMPARISONS,
                         ids=[c[0] for c in FILTERED_COMPARISONS])
def test_a_comparison_keeps_the_filters_of_the_figure(bundle, question, asker, value, other, said):
    res = ask(bundle, question, asker)
    assert res.value == pytest.approx(value), res.text
    assert res.compare is not None and res.compare["value"] == pytest.approx(other), res.compare
    assert res.compare["change"] == pytest.approx(value - other)
    assert said in res.text, res.text


@pytest.mark.parametrize("question", [
    "本周拜访量和上周、上上周比", "本月成交额和上月、去年同期比", "上个月和这个月的成交额同比",
    "visits this week vs last week and the week before last", "compare revenue for September, October and November",
])
def test_more_than_two_periods_compared_are_declined_without_a_number(bundle, question):
    res = ask(bundle, question, "A0")  # one answer compares two periods; never two of the three, silently
    assert res.value is None and res.series is None and res.compare is None
    assert "两个时段" in res.text or "two periods" in res.text
