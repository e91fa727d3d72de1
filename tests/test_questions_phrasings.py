"""More phrasings of questions, against an org with other names than tests/test_questions.py:
kind nouns as the counted thing (zh/en, singular/plural), a rep's sales in English, two reps
sharing a short name, and every metric, grouping and filter of METRICS.md.
Today is Wednesday 2026-11-18."""

from __future__ import annotations

from datetime import date

import pytest

from domain.types import Filters, MetricQuery, Period
from intents.questions import QuestionVocabulary, ambiguous_names, understand_question

TODAY = date(2026, 11, 18)
VOCAB = QuestionVocabulary(
    reps={"石娜涵": "R1", "王英秀": "R2", "林晓燕": "R3", "王晓燕": "R4", "Grace Brown": "R5", "雷杰亮": "R6",
          "杨艳亮": "M1", "宋欣华": "M2", "于亮秀": "AD"},
    roles={"R1": "rep", "R2": "rep", "R3": "rep", "R4": "rep", "R5": "rep", "R6": "rep",
           "M1": "manager", "M2": "manager", "AD": "admin"},
    user_teams={"R1": "华东组", "R2": "华东组", "R3": "华东组", "R4": "华南组", "R5": "华南组", "R6": "华南组",
                "M1": "华东组", "M2": "华南组"},
    teams=["华东组", "华南组"],
    tiers=["A", "B", "C"],
    regions=["华东", "华南", "华北"],
    industries=["软件", "医疗", "制造"],
    sources=["展会", "官网", "转介绍", "公众号"],
)


def P(start: str, end: str) -> Period:
    return Period(start=date.fromisoformat(start), end=date.fromisoformat(end))


TODAY_ONLY = P("2026-11-18", "2026-11-18")
YESTERDAY = P("2026-11-17", "2026-11-17")
THIS_WEEK = P("2026-11-16", "2026-11-18")
LAST_WEEK = P("2026-11-09", "2026-11-15")
THIS_MONTH = P("2026-11-01", "2026-11-18")
LAST_MONTH = P("2026-10-01", "2026-10-31")
THIS_QUARTER = P("2026-10-01", "2026-11-18")
LAST_QUARTER = P("2026-07-01", "2026-09-30")
THIS_YEAR = P("2026-01-01", "2026-11-18")
EIGHT_WEEKS = P("2026-09-28", "2026-11-18")
SIX_MONTHS = P("2026-06-01", "2026-11-18")
FOURTEEN_DAYS = P("2026-11-05", "2026-11-18")
LAST_7_DAYS = P("2026-11-12", "2026-11-18")
LAST_30_DAYS = P("2026-10-20", "2026-11-18")
WHOLE_MONTH = P("2026-11-01", "2026-11-30")


def q(metric, period=None, group=None, **filters) -> MetricQuery:
    return MetricQuery(metric=metric, period=period, group_by=group, filters=Filters(**filters))


CASES: list[tuple[str, str, MetricQuery]] = [
    # a kind noun alone, or with a count word, is the number of activities of that kind
    ("最近14天每天的电话", "M2", q("activities", FOURTEEN_DAYS, "day", kind="call")),
    ("本月的演示次数", "AD", q("activities", THIS_MONTH, kind="demo")),
    ("上周会议数", "AD", q("activities", LAST_WEEK, kind="meeting")),
    ("本周各销售电话数", "M1", q("activities", THIS_WEEK, "rep", kind="call")),
    ("本周每个人的电话", "M1", q("activities", THIS_WEEK, "rep", kind="call")),
    ("本周的邮件", "AD", q("activities", THIS_WEEK, kind="message")),
    ("这个月发了多少微信", "M1", q("activities", THIS_MONTH, kind="message")),
    ("上週會議次數", "M1", q("activities", LAST_WEEK, kind="meeting")),
    ("每週演示次數", "M1", q("activities", EIGHT_WEEKS, "week", kind="demo")),
    ("本月各团队的电话量", "AD", q("activities", THIS_MONTH, "team", kind="call")),
    ("演示按销售", "M1", q("activities", THIS_MONTH, "rep", kind="demo")),
    ("昨天的通话", "M1", q("activities", YESTERDAY, kind="call")),
    ("今天开了几个会", "M2", q("activities", TODAY_ONLY, kind="meeting")),
    ("石娜涵上周打了几个电话", "M1", q("activities", LAST_WEEK, kind="call", rep="R1")),
    ("我这周开了几次会", "R1", q("activities", THIS_WEEK, kind="meeting", rep="R1")),
    ("華東組本週的電話", "AD", q("activities", THIS_WEEK, kind="call", team="华东组")),
    ("A类客户的拜访次数", "AD", q("visits", THIS_MONTH, tier="A")),
    ("本月短信条数", "AD", q("activities", THIS_MONTH, kind="message")),
    ("demos this month by team", "AD", q("activities", THIS_MONTH, "team", kind="demo")),
    ("last 30 days calls by rep", "AD", q("activities", LAST_30_DAYS, "rep", kind="call")),
    ("how many emails did we send last week", "AD", q("activities", LAST_WEEK, kind="message")),
    ("how many meetings did we have this week", "M1", q("activities", THIS_WEEK, kind="meeting")),
    ("how many visits did we make this month", "M1", q("visits", THIS_MONTH)),
    ("how many calls did the team make yesterday", "M1", q("activities", YESTERDAY, kind="call")),
    ("calls per rep last week", "M1", q("activities", LAST_WEEK, "rep", kind="call")),
    ("calls made yesterday", "M1", q("activities", YESTERDAY, kind="call")),
    ("weekly demos", "M1", q("activities", EIGHT_WEEKS, "week", kind="demo")),
    ("Grace's calls this week", "M2", q("activities", THIS_WEEK, kind="call", rep="R5")),
    ("my calls this week", "R1", q("activities", THIS_WEEK, kind="call", rep="R1")),
    ("phone calls by team last month", "AD", q("activities", LAST_MONTH, "team", kind="call")),
    ("email count by rep this month", "M1", q("activities", THIS_MONTH, "rep", kind="message")),
    ("daily meetings over the last 7 days", "M1", q("activities", LAST_7_DAYS, "day", kind="meeting")),
    ("Demos in Q3 by region", "AD", q("activities", LAST_QUARTER, "region", kind="demo")),
    # a rep's sales, said many ways
    ("how much did 雷杰亮 sell this month", "M2", q("won_amount", THIS_MONTH, rep="R6")),
    ("how much has Grace sold this year", "M2", q("won_amount", THIS_YEAR, rep="R5")),
    ("how much revenue did 石娜涵 bring in last month", "M1", q("won_amount", LAST_MONTH, rep="R1")),
    ("Grace Brown's revenue last quarter", "M2", q("won_amount", LAST_QUARTER, rep="R5")),
    ("revenue for 王英秀 this quarter", "M1", q("won_amount", THIS_QUARTER, rep="R2")),
    ("雷杰亮's sales", "M2", q("won_amount", THIS_MONTH, rep="R6")),
    ("石娜涵卖了多少", "M1", q("won_amount", THIS_MONTH, rep="R1")),
    ("雷杰亮這個月賣了多少錢", "M2", q("won_amount", THIS_MONTH, rep="R6")),
    ("how much did I sell this month", "R1", q("won_amount", THIS_MONTH, rep="R1")),
    ("what did Grace sell last week", "M2", q("won_amount", LAST_WEEK, rep="R5")),
    ("sales by 王英秀 this year", "M1", q("won_amount", THIS_YEAR, rep="R2")),
    ("how much did each rep sell this quarter", "AD", q("won_amount", THIS_QUARTER, "rep")),
    # every other metric with groupings and filters
    ("华南组上个月赢了几单", "AD", q("won_deals", LAST_MONTH, team="华南组")),
    ("软件行业今年的转化率", "AD", q("win_rate", THIS_YEAR, industry="软件")),
    ("展会来源的商机金额", "AD", q("pipeline_amount", None, source="展会")),
    ("医疗行业客户的平均成交金额", "AD", q("avg_deal_size", THIS_MONTH, industry="医疗")),
    ("华北区域本季度新增客户", "AD", q("new_leads", THIS_QUARTER, region="华北")),
    ("各级别客户的在手商机数", "AD", q("open_deals", None, "tier")),
    ("上个月各行业输单数", "AD", q("lost_deals", LAST_MONTH, "industry")),
    ("本季度各来源的新增商机", "AD", q("new_deals", THIS_QUARTER, "source")),
    ("weighted pipeline by rep", "M1", q("weighted_pipeline", None, "rep")),
    ("sales cycle by team this year", "AD", q("sales_cycle_days", THIS_YEAR, "team")),
    ("本月各团队目标完成率", "AD", q("target_attainment", THIS_MONTH, "team")),
    ("how many overdue follow-ups does Grace have", "M2", q("overdue_followups", None, rep="R5")),
    ("逾期跟进按团队", "AD", q("overdue_followups", None, "team")),
    ("who hasn't made any calls in the last 7 days", "M1", q("inactive_reps", LAST_7_DAYS, kind="call")),
    ("本週誰沒有打電話", "M1", q("inactive_reps", THIS_WEEK, kind="call")),
    ("哪些人这周没有演示", "M1", q("inactive_reps", THIS_WEEK, kind="demo")),
    ("reps with no meetings this week", "M1", q("inactive_reps", THIS_WEEK, kind="meeting")),
    ("new customers from referrals this quarter", "AD", q("new_leads", THIS_QUARTER, source="转介绍")),
    ("win rate for tier A customers this year", "AD", q("win_rate", THIS_YEAR, tier="A")),
    ("華南區域的業績", "AD", q("won_amount", THIS_MONTH, region="华南")),
    ("pipeline for 华东组 closing this month", "AD", q("pipeline_amount", WHOLE_MONTH, team="华东组")),
    ("石娜涵的加权管道", "M1", q("weighted_pipeline", None, rep="R1")),
    ("我上个月的输单数", "R1", q("lost_deals", LAST_MONTH, rep="R1")),
    ("my average deal size this quarter", "R1", q("avg_deal_size", THIS_QUARTER, rep="R1")),
    ("new deals created last week by rep", "M1", q("new_deals", LAST_WEEK, "rep")),
    ("本月每周的赢单数", "M1", q("won_deals", THIS_MONTH, "week")),
    ("Q3 visits by region", "AD", q("visits", LAST_QUARTER, "region")),
    ("每月的拜访趋势", "M1", q("visits", SIX_MONTHS, "month")),
    ("公众号来源的客户这个月有多少", "AD", q("new_leads", THIS_MONTH, source="公众号")),
    ("制造业上季度的成交额按销售", "AD", q("won_amount", LAST_QUARTER, "rep", industry="制造")),
    ("C类客户的赢率", "AD", q("win_rate", THIS_MONTH, tier="C")),
    ("open deals in 华南 by stage", "AD", q("open_deals", None, "stage", region="华南")),
    # activities over customers, colloquial targets, idle reps, sales cycle said backwards
    ("本周跟进了多少个客户", "M1", q("activities", THIS_WEEK)),
    ("这个月联系了几家客户", "M1", q("activities", THIS_MONTH)),
    ("how active was the team this week", "M1", q("activities", THIS_WEEK)),
    ("下个月要签的单子有多少", "AD", q("open_deals", P("2026-12-01", "2026-12-31"))),
    ("我们离目标还差多少", "M1", q("target_attainment", THIS_MONTH)),
    ("我还差多少完成目标", "R1", q("target_attainment", THIS_MONTH, rep="R1")),
    ("今天还有谁没动", "M1", q("inactive_reps", TODAY_ONLY)),
    ("展会带来多少客户", "AD", q("new_leads", THIS_MONTH, source="展会")),
    ("成交一单平均要多少天", "AD", q("sales_cycle_days", THIS_MONTH)),
    ("签单要多久", "AD", q("sales_cycle_days", THIS_MONTH)),
    ("今年哪个销售业绩最好", "AD", q("won_amount", THIS_YEAR, "rep")),
    ("哪位同事本月拜访最多", "M1", q("visits", THIS_MONTH, "rep")),
    # two kinds compare kinds; a phone or video conference is a meeting; "which rep"
    ("demos vs calls this week", "M1", q("activities", THIS_WEEK, "kind")),
    ("本周拜访和电话各多少", "M1", q("activities", THIS_WEEK, "kind")),
    ("本周开了几次电话会议", "M1", q("activities", THIS_WEEK, kind="meeting")),
    ("video calls this month", "M1", q("activities", THIS_MONTH, kind="meeting")),
    ("which rep has the biggest pipeline", "AD", q("pipeline_amount", None, "rep")),
    ("这周演示做了几场", "M1", q("activities", THIS_WEEK, kind="demo")),
    ("上个月打了多少通电话", "M1", q("activities", LAST_MONTH, kind="call")),
    ("近兩週的電話數", "M1", q("activities", FOURTEEN_DAYS, kind="call")),
    ("emails sent by 石娜涵 last week", "M1", q("activities", LAST_WEEK, kind="message", rep="R1")),
    ("How many calls has each team made this month?", "AD", q("activities", THIS_MONTH, "team", kind="call")),
    ("list reps who did not visit anyone yesterday", "M1", q("inactive_reps", YESTERDAY, kind="visit")),
    ("month-to-date visits by rep", "M1", q("visits", THIS_MONTH, "rep")),
    # customers added vs customers acted on; a person's team
    ("how many customers did 石娜涵 add this month", "M1", q("new_leads", THIS_MONTH, rep="R1")),
    ("how many customers did we visit this week", "M1", q("visits", THIS_WEEK)),
    ("how many clients did we call last week", "M1", q("activities", LAST_WEEK, kind="call")),
    ("how many customers did we contact this week", "M1", q("activities", THIS_WEEK)),
    ("how many customers do we have from referrals", "AD", q("new_leads", THIS_MONTH, source="转介绍")),
    ("宋欣华团队的业绩", "AD", q("won_amount", THIS_MONTH, team="华南组")),
    ("杨艳亮组本月拜访量", "AD", q("visits", THIS_MONTH, team="华东组")),
    ("Grace's team revenue this quarter", "AD", q("won_amount", THIS_QUARTER, team="华南组")),
    ("宋欣华的业绩", "AD", q("won_amount", THIS_MONTH, rep="M2")),
    # kind verbs, and quota before "who didn't"
    ("who demoed the most this quarter", "M1", q("activities", THIS_QUARTER, "rep", kind="demo")),
    ("how many times did we meet customers last week", "M1", q("activities", LAST_WEEK, kind="meeting")),
    ("who emailed the most", "M1", q("activities", THIS_MONTH, "rep", kind="message")),
    ("how often did 石娜涵 call customers last month", "M1", q("activities", LAST_MONTH, kind="call", rep="R1")),
    ("how many calls were made last week", "M1", q("activities", LAST_WEEK, kind="call")),
    ("number of meetings per week", "M1", q("activities", EIGHT_WEEKS, "week", kind="meeting")),
    ("which reps haven't texted anyone this week", "M1", q("inactive_reps", THIS_WEEK, kind="message")),
    ("who didn't meet their quota this month", "M1", q("target_attainment", THIS_MONTH, "rep")),
    ("谁没有完成目标", "M1", q("target_attainment", THIS_MONTH, "rep")),
    # contracts signed are the contract amount, never revenue (won deals)
    ("how much did we sign in contracts last month", "AD", q("contract_amount", LAST_MONTH)),
    ("How much in contracts did 石娜涵 sign this year?", "M1", q("contract_amount", THIS_YEAR, rep="R1")),
    ("how much contract value did the team sign last week", "M1", q("contract_amount", LAST_WEEK)),
    ("上个月合同签了多少", "AD", q("contract_amount", LAST_MONTH)),
    ("华南组本月合同一共签了多少钱", "AD", q("contract_amount", THIS_MONTH, team="华南组")),
    ("how much did we sign last month", "AD", q("won_amount", LAST_MONTH)),  # no contract word: revenue
    # "没<kind>的销售/人" without 谁 is the reps inactive in that kind
    ("上周没打电话的销售", "M1", q("inactive_reps", LAST_WEEK, kind="call")),
    ("本周没开会的人", "M1", q("inactive_reps", THIS_WEEK, kind="meeting")),
    ("这周没拜访的销售", "M1", q("inactive_reps", THIS_WEEK, kind="visit")),
    # year/month/quarter-to-date words (年初至今, 今年以来, 月初到现在, 本季度以来, YTD)
    ("年初至今的成交金额", "M1", q("won_amount", THIS_YEAR)),
    ("今年以来签了多少钱", "M1", q("won_amount", THIS_YEAR)),
    ("YTD revenue", "M1", q("won_amount", THIS_YEAR)),
    ("月初到现在的拜访量", "M1", q("visits", THIS_MONTH)),
    ("本季度以来的成交金额", "M1", q("won_amount", THIS_QUARTER)),
]


@pytest.mark.parametrize(("question", "asker", "expected"), CASES, ids=[c[0] for c in CASES])
def test_phrasing_maps_to_query(question, asker, expected):
    got = understand_question(question, asker_id=asker, today=TODAY, vocab=VOCAB)
    assert got == expected


@pytest.mark.parametrize("question", [
    "帮我查一下吕总的电话", "给客户发个微信", "明天的会议几点开始", "石娜涵的电话是多少",
    "call 雷杰亮 tomorrow", "what's Grace's phone number", "今天下午的会议取消了吗", "本周的会议安排",
    "昨天那个电话是谁打的", "what meetings do I have tomorrow", "show me the email from yesterday",
    "上周五的会议纪要", "明天几点开会", "schedule a demo next week",
])
def test_a_kind_noun_outside_a_count_question_is_not_a_metric(question):
    assert understand_question(question, asker_id="M1", today=TODAY, vocab=VOCAB) is None


@pytest.mark.parametrize(("question", "short", "names"), [
    ("晓燕这个月拜访了几次", "晓燕", ["林晓燕", "王晓燕"]),
    ("how much did 晓燕 sell this month", "晓燕", ["林晓燕", "王晓燕"]),
    ("曉燕的業績", "晓燕", ["林晓燕", "王晓燕"]),
])
def test_a_short_name_two_reps_share_is_ambiguous(question, short, names):
    found = ambiguous_names(question, VOCAB)
    assert [(a.said, sorted(a.names)) for a in found] == [(short, names)]


@pytest.mark.parametrize("question", ["王晓燕这个月拜访了几次", "林晓燕的业绩", "本月拜访量", "雷杰亮的业绩"])
def test_a_full_name_or_no_name_is_not_ambiguous(question):
    assert ambiguous_names(question, VOCAB) == []
    got = understand_question(question, asker_id="M1", today=TODAY, vocab=VOCAB)
    assert got is not None


def test_a_stored_name_wins_over_a_given_name_of_the_same_length():
    vocab = QuestionVocabulary(reps={"张华东": "R1", "李华东": "R2", "陈华南": "R3"},
                               roles={"R1": "rep", "R2": "rep", "R3": "rep", "M": "manager"},
                               regions=["华东", "华南"])
    for text, region in (("华东的业绩", "华东"), ("华南的业绩", "华南")):
        assert ambiguous_names(text, vocab) == []
        got = understand_question(text, asker_id="M", today=TODAY, vocab=vocab)
        assert got.filters.region == region and got.filters.rep is None
    assert understand_question("陈华南的业绩", asker_id="M", today=TODAY, vocab=vocab).filters.rep == "R3"
    assert [a.names for a in ambiguous_names("张华东和李华东", vocab)] == []


def test_two_english_reps_sharing_a_first_name_are_ambiguous():
    vocab = QuestionVocabulary(reps={"Mary Walker": "E1", "Mary Jones": "E2", "Tom Li": "E3"},
                               roles={"E1": "rep", "E2": "rep", "E3": "rep", "M": "manager"})
    found = ambiguous_names("How much did Mary sell last month?", vocab)
    assert [(a.said, a.names) for a in found] == [("Mary", ("Mary Walker", "Mary Jones"))]
    assert ambiguous_names("Mary Jones's revenue", vocab) == []
