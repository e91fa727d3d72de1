"""Day phrases of captured messages (CONTRACT.md "Relative dates"): each phrase read as a past
day (`back`, for the activity date) and as a coming day (`ahead`, for follow-up and close dates)."""

from __future__ import annotations

from datetime import date, time

import pytest

from intents.dates import find_dates, later_today

FRI = date(2026, 11, 20)
SUN = date(2026, 11, 22)
DEC31 = date(2026, 12, 31)

CASES = [
    # phrase, today, back, ahead
    ("今天", FRI, "2026-11-20", "2026-11-20"), ("today", FRI, "2026-11-20", "2026-11-20"),
    ("昨天", FRI, "2026-11-19", None), ("yesterday", FRI, "2026-11-19", None), ("前天", FRI, "2026-11-18", None),
    ("明天", FRI, None, "2026-11-21"), ("tomorrow", FRI, None, "2026-11-21"), ("后天", FRI, None, "2026-11-22"),
    ("周三", FRI, "2026-11-18", "2026-11-25"), ("星期五", FRI, "2026-11-20", "2026-11-27"),
    ("礼拜天", FRI, "2026-11-15", "2026-11-22"), ("Wednesday", FRI, "2026-11-18", "2026-11-25"),
    ("上周五", FRI, "2026-11-13", None), ("上礼拜三", FRI, "2026-11-11", None), ("last Friday", FRI, "2026-11-13", None),
    ("下周三", FRI, None, "2026-11-25"), ("下礼拜一", FRI, None, "2026-11-23"), ("next Tuesday", FRI, None, "2026-11-24"),
    ("by Mon", FRI, None, "2026-11-23"), ("on Wed", FRI, "2026-11-18", "2026-11-25"), ("by Friday", FRI, None, "2026-11-27"),
    ("本周五", FRI, "2026-11-20", "2026-11-20"), ("this Friday", FRI, "2026-11-20", "2026-11-20"),
    ("本周三", FRI, "2026-11-18", None), ("这周日", FRI, None, "2026-11-22"),
    ("下周三", SUN, None, "2026-11-25"), ("周一", SUN, "2026-11-16", "2026-11-23"),
    ("月底", FRI, None, "2026-11-30"), ("end of month", FRI, None, "2026-11-30"), ("end of the month", FRI, None, "2026-11-30"),
    ("下月底", FRI, None, "2026-12-31"), ("end of next month", FRI, None, "2026-12-31"), ("下个月底", FRI, None, "2026-12-31"),
    ("年底", FRI, None, "2026-12-31"), ("end of year", FRI, None, "2026-12-31"), ("year-end", FRI, None, "2026-12-31"),
    # next year said alone: its last day, a close date ("推迟到明年", "pushed to next year")
    ("推迟到明年", FRI, None, "2027-12-31"),
    # a weekday before 回款 / 回复 / 回访 is a day (五回 alone is five times)
    ("上周五回款", FRI, "2026-11-13", None), ("周四回复", FRI, "2026-11-19", "2026-11-26"), ("pushed to next year", FRI, None, "2027-12-31"),
    ("延期到明年", FRI, None, "2027-12-31"), ("明年再签", FRI, None, "2027-12-31"), ("来年采购", FRI, None, "2027-12-31"),
    ("postponed until next year", FRI, None, "2027-12-31"), ("will sign next year", FRI, None, "2027-12-31"),
    # the week after next: its Monday
    ("下下周", FRI, None, "2026-11-30"), ("下下个礼拜", FRI, None, "2026-11-30"), ("the week after next", FRI, None, "2026-11-30"),
    ("11月底", FRI, None, "2026-11-30"), ("10月底", FRI, "2026-10-31", "2027-10-31"),
    ("10月8号", FRI, "2026-10-08", "2027-10-08"), ("12月3日", FRI, "2025-12-03", "2026-12-03"),
    ("9.16", FRI, "2026-09-16", "2027-09-16"), ("12/15", FRI, "2025-12-15", "2026-12-15"),
    ("2026-12-10", FRI, None, "2026-12-10"), ("2026年10月1日", FRI, "2026-10-01", None),
    ("Sep 30", FRI, "2026-09-30", "2027-09-30"), ("Oct 15", FRI, "2026-10-15", "2027-10-15"),
    ("December 3rd", FRI, "2025-12-03", "2026-12-03"), ("3 Dec", FRI, "2025-12-03", "2026-12-03"),
    ("四季度", FRI, None, "2026-12-31"), ("Q4", FRI, None, "2026-12-31"), ("end of Q4", FRI, None, "2026-12-31"),
    ("Q3", FRI, None, "2027-09-30"), ("三季度", FRI, None, "2027-09-30"), ("明年一季度", FRI, None, "2027-03-31"),
    ("下季度", FRI, None, "2027-03-31"), ("next quarter", FRI, None, "2027-03-31"), ("本季度", FRI, None, "2026-12-31"),
    ("3天后", FRI, None, "2026-11-23"), ("三天后", FRI, None, "2026-11-23"), ("in 3 days", FRI, None, "2026-11-23"),
    ("两周后", FRI, None, "2026-12-04"), ("in two weeks", FRI, None, "2026-12-04"), ("in 2 weeks", FRI, None, "2026-12-04"),
    ("一个月后", FRI, None, "2026-12-20"), ("in a month", FRI, None, "2026-12-20"), ("a week from now", FRI, None, "2026-11-27"),
    ("下个月", FRI, None, "2026-12-31"), ("next month", FRI, None, "2026-12-31"), ("3月", FRI, None, "2027-03-31"),
    ("12月", FRI, None, "2026-12-31"), ("2027年1月", FRI, None, "2027-01-31"), ("in March", FRI, None, "2027-03-31"),
    ("下周", FRI, None, "2026-11-23"), ("next week", FRI, None, "2026-11-23"),
    ("下个月初", FRI, None, "2026-12-01"), ("12月中", FRI, "2025-12-15", "2026-12-15"),
    ("the 25th", FRI, "2026-10-25", "2026-11-25"), ("15号", FRI, "2026-11-15", "2026-12-15"),
    ("月底", DEC31, "2026-12-31", "2026-12-31"), ("下月底", DEC31, None, "2027-01-31"), ("Q1", DEC31, None, "2027-03-31"),
    ("下周三", DEC31, None, "2027-01-06"), ("1月5号", DEC31, "2026-01-05", "2027-01-05"),
]


@pytest.mark.parametrize("phrase,today,back,ahead", CASES)
def test_day_phrases(phrase, today, back, ahead):
    found = find_dates(phrase, today)
    assert len(found) == 1, found
    d = found[0]
    assert (d.back and d.back.isoformat(), d.ahead and d.ahead.isoformat()) == (back, ahead)
    assert d.span == (0, len(phrase)) or phrase[d.span[0]:d.span[1]] == d.said


@pytest.mark.parametrize("text", ["报价12.8万", "本周一共拜访3家", "打了3个电话", "1.5M RMB", "折扣 15%", "3个客户", "seats: 20",
                                  # next year alone, with no move to it nor a closing in it, names no day
                                  "说明年可能有新项目", "要等明年预算", "来年", "next year they may have a new project"])
def test_no_day(text):
    assert find_dates(text, FRI) == []


@pytest.mark.parametrize("text,said", [
    ("visit on the 21st confirmed", "the 21st"), ("on the 3rd with Sarah", "the 3rd"),
    ("9/12 met Sarah", "9/12"), ("11/2 met them at the expo", "11/2"),
])
def test_a_word_after_a_day_leaves_it_a_day(text, said):
    assert [d.said for d in find_dates(text, FRI)] == [said]


@pytest.mark.parametrize("text", ["got the 2nd payment", "the 3rd floor", "paid 9/12k"])
def test_an_ordinal_or_an_amount_is_no_day(text):
    assert find_dates(text, FRI) == []


def test_several_phrases_in_order():
    got = find_dates("上周五拜访了鼎新食品王总，周三再去一趟，预计月底签", date(2026, 11, 17))
    assert [d.said for d in got] == ["上周五", "周三", "月底"]
    assert got[0].back == date(2026, 11, 13) and got[1].ahead == date(2026, 11, 18) and got[2].ahead == date(2026, 11, 30)


# ---------- a time of today still to come when the message is sent makes today a coming day ----------

@pytest.mark.parametrize("text,clock,said", [
    ("今天傍晚去拜访", time(9, 0), ["今天傍晚"]),
    ("下午三点开会", time(8, 30), ["下午三点"]),
    ("晚上请他们吃饭", time(17, 0), ["晚上"]),
    ("this afternoon we see them", time(10, 0), ["this afternoon"]),
    ("call them at 4pm today", time(13, 0), ["at 4pm today"]),
    ("上午见客户，下午去工厂", time(9, 30), ["上午", "下午"]),
])
def test_a_time_still_to_come_is_today_ahead(text, clock, said):
    got = later_today(text, find_dates(text, FRI), FRI, clock)
    assert [d.said for d in got] == said, got
    assert all(d.later_today and d.back is None and d.ahead == FRI for d in got), got


@pytest.mark.parametrize("text,clock", [
    ("今天上午去拜访", time(13, 0)),     # the morning is over: today as it was
    ("下午三点开会", time(16, 0)),
    ("met them this morning", time(12, 30)),
])
def test_a_time_gone_by_changes_nothing(text, clock):
    found = find_dates(text, FRI)
    assert later_today(text, found, FRI, clock) == found


@pytest.mark.parametrize("text", ["明天下午去拜访", "周一上午开会", "tomorrow at 3pm call them", "昨天去了 下午又去"])
def test_a_time_of_another_day_stays_that_days(text):
    found = find_dates(text, FRI)
    got = later_today(text, found, FRI, time(8, 0))
    assert got == found and not any(d.later_today for d in got), got


def test_a_bare_time_follows_the_day_said_elsewhere():
    assert later_today("下午去工厂", [], FRI, time(9, 0), bare=False) == []
    assert [d.ahead for d in later_today("下午去工厂", [], FRI, time(9, 0))] == [FRI]


# ---------- bare weekdays after a week said ("本周计划：周二…，周四…") are that week's days ----------

@pytest.mark.parametrize("text,today,days", [
    ("本周安排：周二华龙，周四德信", date(2026, 11, 16), [(None, "2026-11-17"), (None, "2026-11-19")]),
    ("下周计划：周一拜访A，周三拜访B", FRI, [(None, "2026-11-23"), (None, "2026-11-25")]),
    ("this week: Monday Acme, Thursday Initech", date(2026, 11, 18), [("2026-11-16", None), (None, "2026-11-19")]),
    ("next week - Tuesday Acme, Friday Globex", FRI, [(None, "2026-11-24"), (None, "2026-11-27")]),
])
def test_weekdays_under_a_week_heading_are_that_weeks(text, today, days):
    got = find_dates(text, today)
    assert [(d.back and d.back.isoformat(), d.ahead and d.ahead.isoformat()) for d in got] == days, got
    assert not any(d.weekday for d in got), got


@pytest.mark.parametrize("text,said", [("下周去拜访", ["下周"]), ("这周很忙，月底前要签", ["这周", "月底"])])
def test_a_week_without_weekdays_after_it_stays(text, said):
    assert [d.said for d in find_dates(text, FRI)] == said
