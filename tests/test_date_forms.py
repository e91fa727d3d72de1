"""Every day form of CONTRACT.md "Relative dates", by class and language (zh, Cantonese, en).

Expected days were worked out by hand on a calendar: Friday 2026-11-20 (its ISO week runs
Mon 16 .. Sun 22 November; next week 23 .. 29; the week after 30 Nov .. 6 Dec; last week
9 .. 15; the week before 2 .. 8) and Monday 2027-01-04 (last week 28 Dec .. 3 Jan; next week 11 .. 17 Jan).
`back` is the reading as an activity's day, `ahead` as a follow-up or close date.
"""

from __future__ import annotations

from datetime import date

import pytest

from intents.dates import find_dates, unreadable_days

FRI = date(2026, 11, 20)
MON = date(2027, 1, 4)

# phrase, today, back, ahead
ZH = [
    ("周三", FRI, "2026-11-18", "2026-11-25"),
    ("星期天", FRI, "2026-11-15", "2026-11-22"),
    ("下周三", FRI, None, "2026-11-25"),
    ("下周一", FRI, None, "2026-11-23"),
    ("本周五", FRI, "2026-11-20", "2026-11-20"),
    ("下下周三", FRI, None, "2026-12-02"),
    ("下下周一", FRI, None, "2026-11-30"),
    ("上周五", FRI, "2026-11-13", None),
    ("上上周三", FRI, "2026-11-04", None),
    ("后天", FRI, None, "2026-11-22"),
    ("大后天", FRI, None, "2026-11-23"),
    ("5天后", FRI, None, "2026-11-25"),
    ("十天后", FRI, None, "2026-11-30"),
    ("3天以后", FRI, None, "2026-11-23"),
    ("两周后", FRI, None, "2026-12-04"),
    ("两个星期后", FRI, None, "2026-12-04"),
    ("半个月后", FRI, None, "2026-12-05"),
    ("3天前", FRI, "2026-11-17", None),
    ("三天前", FRI, "2026-11-17", None),
    ("两天前", FRI, "2026-11-18", None),
    ("一周前", FRI, "2026-11-13", None),
    ("一个礼拜前", FRI, "2026-11-13", None),
    ("下个月", FRI, None, "2026-12-31"),
    ("3月", FRI, None, "2027-03-31"),
    ("明年3月", FRI, None, "2027-03-31"),
    ("月底", FRI, None, "2026-11-30"),
    ("本月底", FRI, None, "2026-11-30"),
    ("下月底", FRI, None, "2026-12-31"),
    ("年底", FRI, None, "2026-12-31"),
    ("一季度", FRI, None, "2027-03-31"),
    ("第三季度", FRI, None, "2027-09-30"),
    ("季度末", FRI, None, "2026-12-31"),
    ("下季度", FRI, None, "2027-03-31"),
    ("3月5日", FRI, "2026-03-05", "2027-03-05"),
    ("三月五号", FRI, "2026-03-05", "2027-03-05"),
    ("十一月三十号", FRI, "2025-11-30", "2026-11-30"),
    ("12月31日", FRI, "2025-12-31", "2026-12-31"),
    ("3/5", FRI, "2026-03-05", "2027-03-05"),
    ("5号", FRI, "2026-11-05", "2026-12-05"),
    ("上个月5号", FRI, "2026-10-05", None),
    ("下个月10号", FRI, None, "2026-12-10"),
    ("2027-03-05", FRI, None, "2027-03-05"),
    ("2026年3月5日", FRI, "2026-03-05", None),
    ("2027年1月8号", FRI, None, "2027-01-08"),
    ("二零二六年三月五日", FRI, "2026-03-05", None),
    ("二〇二七年三月一日", FRI, None, "2027-03-01"),
    ("週三", FRI, "2026-11-18", "2026-11-25"),
    ("下週五", FRI, None, "2026-11-27"),
    ("下周的周三", FRI, None, "2026-11-25"),
    ("上个星期 礼拜二", FRI, "2026-11-10", None),
]

YUE = [
    ("聽日", FRI, None, "2026-11-21"),
    ("听日", FRI, None, "2026-11-21"),
    ("聽朝", FRI, None, "2026-11-21"),
    ("琴日", FRI, "2026-11-19", None),
    ("尋日", FRI, "2026-11-19", None),
    ("寻日", FRI, "2026-11-19", None),
    ("琴晚", FRI, "2026-11-19", None),
    ("今日", FRI, "2026-11-20", "2026-11-20"),
    ("後日", FRI, None, "2026-11-22"),
    ("后日", FRI, None, "2026-11-22"),
    ("大後日", FRI, None, "2026-11-23"),
    ("前日", FRI, "2026-11-18", None),
    ("下個禮拜三", FRI, None, "2026-11-25"),
    ("下礼拜三", FRI, None, "2026-11-25"),
    ("禮拜五", FRI, "2026-11-20", "2026-11-27"),
    ("上個禮拜二", FRI, "2026-11-10", None),
    ("呢個禮拜五", FRI, "2026-11-20", "2026-11-20"),
    ("下個月尾", FRI, None, "2026-12-31"),
    ("三日後", FRI, None, "2026-11-23"),
    ("噚日", FRI, "2026-11-19", None),
    ("前晚", FRI, "2026-11-18", None),
    ("今個禮拜五", FRI, "2026-11-20", "2026-11-20"),
    ("下個月頭", FRI, None, "2026-12-01"),
    ("出年三月", FRI, None, "2027-03-31"),
    ("舊年十二月", FRI, "2025-12-31", None),
    ("今個月尾", FRI, None, "2026-11-30"),
    ("呢個月10號", FRI, "2026-11-10", None),
    ("旧年底", FRI, "2025-12-31", None),
]

EN = [
    ("Wednesday", FRI, "2026-11-18", "2026-11-25"),
    ("next Wednesday", FRI, None, "2026-11-25"),
    ("next Wed", FRI, None, "2026-11-25"),
    ("this Friday", FRI, "2026-11-20", "2026-11-20"),
    ("last Tuesday", FRI, "2026-11-10", None),
    ("this coming Monday", FRI, None, "2026-11-23"),
    ("Wednesday after next", FRI, None, "2026-12-02"),
    ("the day after tomorrow", FRI, None, "2026-11-22"),
    ("in 5 days", FRI, None, "2026-11-25"),
    ("10 days from now", FRI, None, "2026-11-30"),
    ("in two weeks", FRI, None, "2026-12-04"),
    ("in a couple of weeks", FRI, None, "2026-12-04"),
    ("in a fortnight", FRI, None, "2026-12-04"),
    ("3 days ago", FRI, "2026-11-17", None),
    ("three days ago", FRI, "2026-11-17", None),
    ("two days ago", FRI, "2026-11-18", None),
    ("a week ago", FRI, "2026-11-13", None),
    ("2 weeks ago", FRI, "2026-11-06", None),
    ("next month", FRI, None, "2026-12-31"),
    ("in March", FRI, None, "2027-03-31"),
    ("end of month", FRI, None, "2026-11-30"),
    ("end of next month", FRI, None, "2026-12-31"),
    ("end of year", FRI, None, "2026-12-31"),
    ("by Q2", FRI, None, "2027-06-30"),
    ("end of the quarter", FRI, None, "2026-12-31"),
    ("next quarter", FRI, None, "2027-03-31"),
    ("end of next quarter", FRI, None, "2027-03-31"),
    ("March 5", FRI, "2026-03-05", "2027-03-05"),
    ("March 5th", FRI, "2026-03-05", "2027-03-05"),
    ("5 Mar", FRI, "2026-03-05", "2027-03-05"),
    ("5th of December", FRI, "2025-12-05", "2026-12-05"),
    ("December 1st", FRI, "2025-12-01", "2026-12-01"),
    ("the 27th", FRI, "2026-10-27", "2026-11-27"),
    ("on the 5th", FRI, "2026-11-05", "2026-12-05"),
    ("the 20th", FRI, "2026-11-20", "2026-11-20"),
    ("Tue May 9", FRI, "2026-05-09", "2027-05-09"),
    ("Friday Dec 4", FRI, "2025-12-04", "2026-12-04"),
    ("Thursday, 3 December", FRI, "2025-12-03", "2026-12-03"),
    ("1/1/2026", FRI, "2026-01-01", None),
    ("12/25/2026", FRI, None, "2026-12-25"),
    ("Jan 8th, 2027", FRI, None, "2027-01-08"),
    ("March the 5th", FRI, "2026-03-05", "2027-03-05"),
    ("the first of August", FRI, "2026-08-01", "2027-08-01"),
    ("March twenty-fifth", FRI, "2026-03-25", "2027-03-25"),
    ("the twenty fifth of December", FRI, "2025-12-25", "2026-12-25"),
    # a weekday of a named week, and the end of a week (its Friday)
    ("Tuesday next week", FRI, None, "2026-11-24"),
    ("next week Tuesday", FRI, None, "2026-11-24"),
    ("last week Tuesday", FRI, "2026-11-10", None),
    ("Thursday this week", FRI, "2026-11-19", None),
    ("end of next week", FRI, None, "2026-11-27"),
    ("EOW", FRI, "2026-11-20", "2026-11-20"),
    ("a couple days ago", FRI, "2026-11-18", None),
]

# a Monday just after New Year
NEW_YEAR = [
    ("周五", MON, "2027-01-01", "2027-01-08"),
    ("上周五", MON, "2027-01-01", None),
    ("下周三", MON, None, "2027-01-13"),
    ("下下周一", MON, None, "2027-01-18"),
    ("周一", MON, "2027-01-04", "2027-01-11"),
    ("年底", MON, None, "2027-12-31"),
    ("季度末", MON, None, "2027-03-31"),
    ("Q4", MON, None, "2027-12-31"),
    ("12月30日", MON, "2026-12-30", "2027-12-30"),
    ("3天前", MON, "2027-01-01", None),
    ("琴日", MON, "2027-01-03", None),
    ("Friday", MON, "2027-01-01", "2027-01-08"),
    ("Monday", MON, "2027-01-04", "2027-01-11"),
    ("last Friday", MON, "2027-01-01", None),
    ("the 2nd", MON, "2027-01-02", "2027-02-02"),
    ("Dec 28", MON, "2026-12-28", "2027-12-28"),
    # a year said relative to this one (去年 / 明年 / 前年 / 后年) or written, kept
    ("去年12月20日", MON, "2026-12-20", None),
    ("去年底", MON, "2026-12-31", None),
    ("去年下半年", MON, "2026-12-31", None),
    ("明年3月底", MON, None, "2028-03-31"),
    ("明年Q1", MON, None, "2028-03-31"),
    ("后年一季度", MON, None, "2029-03-31"),
    ("2026年Q4", MON, "2026-12-31", None),
    ("Q3 of 2027", MON, None, "2027-09-30"),
    ("下个月5号", MON, None, "2027-02-05"),
    ("上个月底", MON, "2026-12-31", None),
    ("end of January", MON, None, "2027-01-31"),
]

# day-first orgs (`org.date_order = "dmy"`)
DAY_FIRST = [
    ("3/5", FRI, "2026-05-03", "2027-05-03"),
    ("25/12", FRI, "2025-12-25", "2026-12-25"),
    ("1/12/2026", FRI, None, "2026-12-01"),
    ("3 March", FRI, "2026-03-03", "2027-03-03"),
]

# a day phrase inside a message: the first day phrase found is the one meant
IN_MESSAGES = [
    ("上周五拜访了鼎新食品王总", FRI, "2026-11-13", None),
    ("下下周三去做演示", FRI, None, "2026-12-02"),
    ("琴日去咗见陈生", FRI, "2026-11-19", None),
    ("聽日再打電話俾佢", FRI, None, "2026-11-21"),
    ("Met Acme on Tue May 9 about the rollout", FRI, "2026-05-09", "2027-05-09"),
    ("called Lina 3 days ago, no answer", FRI, "2026-11-17", None),
    ("follow up Wednesday after next", FRI, None, "2026-12-02"),
    ("1/1/2026签的合同", FRI, "2026-01-01", None),
    ("next Wednesday的demo", FRI, None, "2026-11-25"),
    ("Tuesday next week的会", FRI, None, "2026-11-24"),
]

ALL = ZH + YUE + EN + NEW_YEAR + IN_MESSAGES


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@pytest.mark.parametrize("phrase,today,back,ahead", ALL)
def test_day_forms(phrase, today, back, ahead):
    found = find_dates(phrase, today)
    assert found, phrase
    first = found[0]
    assert (_iso(first.back), _iso(first.ahead)) == (back, ahead)
    assert phrase[first.span[0]:first.span[1]] == first.said and not first.unreadable


@pytest.mark.parametrize("phrase,today,back,ahead", ZH + YUE + EN + NEW_YEAR)
def test_a_phrase_is_one_mention_to_its_end(phrase, today, back, ahead):
    found = find_dates(phrase, today)
    assert len(found) == 1 and found[0].span[1] == len(phrase), found


@pytest.mark.parametrize("phrase,today,back,ahead", DAY_FIRST)
def test_day_first_org(phrase, today, back, ahead):
    found = find_dates(phrase, today, date_order="dmy")
    assert len(found) == 1, found
    assert (_iso(found[0].back), _iso(found[0].ahead)) == (back, ahead)


@pytest.mark.parametrize("phrase,back,ahead", [("3/5", "2026-03-05", "2027-03-05"), ("25/12", "2025-12-25", "2026-12-25")])
def test_month_first_by_default_and_an_impossible_month_reads_day_first(phrase, back, ahead):
    found = find_dates(phrase, FRI, date_order="mdy")
    assert (_iso(found[0].back), _iso(found[0].ahead)) == (back, ahead)


UNREADABLE = [
    # zh: a day said but not which one, or a day that does not exist
    "某天", "那天去拜访了恒通", "哪天再约", "上上上周几", "32号", "2月30日", "13月5日", "周八", "星期八",
    # zh: a past stretch with no day in it (a done activity's day is then asked, never today)
    "上周去拜访了恒通", "上周三次拜访", "上个月签的", "前几天聊过", "上個禮拜見咗佢",
    # en
    "the other day", "some day", "the 35th", "Feb 30", "13/45", "met them last week", "a few days ago", "last month",
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_an_unreadable_day_is_reported_never_today(text):
    got = unreadable_days(text, FRI)
    assert len(got) == 1, got
    d = got[0]
    assert d.unreadable and d.back is None and d.ahead is None
    assert text[d.span[0]:d.span[1]] == d.said
    assert all(m.back != FRI and m.ahead != FRI for m in find_dates(text, FRI))


@pytest.mark.parametrize("text", UNREADABLE)
def test_find_dates_lists_unreadable_days_only_when_asked(text):
    assert [d for d in find_dates(text, FRI) if d.unreadable] == []
    assert [d.said for d in find_dates(text, FRI, keep_unreadable=True) if d.unreadable] == \
        [d.said for d in unreadable_days(text, FRI)]


@pytest.mark.parametrize("text", ["今天拜访了恒通", "下周三再去", "报价12.8万", "3个客户", "完成了30%"])
def test_readable_messages_have_no_unreadable_day(text):
    assert unreadable_days(text, FRI) == []


NO_DAY = [
    # zh: a day word inside a longer word, a weekday word that counts, an address
    "然后日本客户来了", "目前日程很满", "打听日程", "提前日期", "今日头条的广告", "每周几次拜访", "这周三个客户",
    "8号楼会议室", "中山路32号", "3号线地铁",
    # en
    "24/7 support", "5 days trial", "one day workshop", "may I call you", "we sat down with them",
    "the first meeting", "we may second the motion",
    # zh: 出 of 推出 / 支出 is no 出年 (next year)
    "推出年度新品", "支出年度预算",
]


@pytest.mark.parametrize("text", NO_DAY)
def test_words_that_only_look_like_days(text):
    assert find_dates(text, FRI, keep_unreadable=True) == []


@pytest.mark.parametrize("phrase,today,back,ahead", [
    ("2月29日", FRI, "2024-02-29", "2028-02-29"),  # no leap day in 2026 or 2027: the ones around today
    ("Feb 29", FRI, "2024-02-29", "2028-02-29"),
    ("2月29日", date(2028, 2, 29), "2028-02-29", "2028-02-29"),
])
def test_leap_day(phrase, today, back, ahead):
    d = find_dates(phrase, today)[0]
    assert (_iso(d.back), _iso(d.ahead)) == (back, ahead)


ODD = ["9999年99月99日", "二零二六年十三月", "0/0", "00号", "99999天后", "99999 days ago", "0000-00-00", "2026-13-01",
       "下下下周三", "大大后天", "Q5", "第五季度", "十三月", "32/13/2026", "99/99", "the 0th", "May 0", "31 Apr",
       "明年2月29日", "1e10万1e10万", "一亿亿亿", "万", "3成10", "百分之一百二十"]


@pytest.mark.parametrize("text", ODD)
def test_odd_input_never_raises(text):
    for t in (text, f"客户说{text}再联系", text * 3):
        for d in find_dates(t, FRI, "dmy", keep_unreadable=True):
            assert d.unreadable or d.back or d.ahead


@pytest.mark.parametrize("text,said", [("周四（11/26）拜访", "周四（11/26）"), ("11月26日（周四）见", "11月26日（周四）"),
                                       ("Nov 26 (Thu) demo", "Nov 26 (Thu)"), ("Thu (Nov 26) demo", "Thu (Nov 26)")])
def test_a_weekday_beside_a_date_is_one_mention_with_its_brackets(text, said):
    found = find_dates(text, FRI)
    assert [d.said for d in found] == [said]
    assert (_iso(found[0].back), _iso(found[0].ahead)) == ("2025-11-26", "2026-11-26")
