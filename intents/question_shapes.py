"""The shape of a question beyond its metric (METRICS.md "Lists, rankings and comparisons"):
a ranking (top N, 前三, 谁第一, worst, 最少) and a comparison (环比, 同比, vs last week, two named
periods), each read from the normalised text by named word rules in both languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.types import Period
from intents.question_periods import question_period
from intents.question_words import COUNT_CUE, GROUP_PATTERNS, KIND_PATTERNS, METRIC_PATTERNS
from intents.timegrammar import ZH_NUM, PeriodMatch, add_months, find_periods, month_end, number, unit_period

_I = re.IGNORECASE
BLANK = "\u2002"  # an en space: blanks a period read without joining its neighbours (as intents.questions does)
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "twenty": 20}


@dataclass(frozen=True)
class Ranking:
    """A ranked answer: `limit` rows (None: all), highest first unless `order` is 'asc'."""

    limit: int | None
    order: str = "desc"


@dataclass(frozen=True)
class Comparison:
    """The period an answer is compared with, and how it was asked ('previous', 'last_year', 'named')."""

    period: Period
    how: str


# ---------- rankings ----------

# a number followed by a time unit is a period (last 7 days, 前三个月), never a ranking's limit
_NOT_UNIT_EN = r"(?![0-9]*\s*(days?|weeks?|fortnights?|months?|quarters?|years?)\b)"
_NOT_UNIT_ZH = r"(?![0-9零〇一二两三四五六七八九十百]*\s*(天|日|周|星期|礼拜|个?月|个星期|个礼拜|个季度|季度|年))"
_TOP_N = re.compile(rf"\b(top|best|biggest|largest|highest|first)\s+(?P<en>\d+|{'|'.join(_EN_NUM)})\b{_NOT_UNIT_EN}"
                    rf"|前\s*(?P<zh>{ZH_NUM}){_NOT_UNIT_ZH}\s*(名|位|个|家|大|强|笔|单|的)?", _I)
_BOTTOM_N = re.compile(rf"\b(bottom|worst|lowest|last)\s+(?P<en>\d+|{'|'.join(_EN_NUM)})\b{_NOT_UNIT_EN}"
                       rf"|(倒数|最后|后)\s*(?P<zh>{ZH_NUM}){_NOT_UNIT_ZH}\s*(名|位|个|家)?", _I)
# one person named by a superlative: 拜访最少的销售 / the worst rep / last-placed seller (singular)
_ONE_REP_ZH = r"的(销售|业务员|业务|同事|人)(?!们|都|各)"
_ONE_REP_EN = r"\s+(sales\s*)?(rep|seller|salesperson|performer|member)\b(?!s)"
_FIRST = re.compile(r"(谁|哪(个|位|家|一个|一位|一家)).{0,12}(第一|冠军|最[高多好大强猛快棒能会])"
                    r"|第一名|冠军|销冠|(最[高多好大强猛能会]).{0,6}(是谁|的是谁|是哪(个|位|家))"
                    rf"|最[多高好]{_ONE_REP_ZH}|\b(best|top)(?:[- ]performing)?{_ONE_REP_EN}"
                    r"|\bwho\b.{0,40}\b(most|best|highest|biggest|top)\b|\bwho('s| is)\s+(the\s+)?(top|best|number\s+one|no\.?\s*1)\b"
                    r"|\bwhich\s+\w+(\s+\w+)?\s+(has|had|did|made|brought|sold|closed|won|logged)\s+(the\s+)?(most|best|highest|biggest)\b", _I)
_LAST_ONE = re.compile(r"(谁|哪(个|位|家|一个|一位|一家)).{0,12}(倒数第一|垫底|最[少低差慢弱])"
                       r"|倒数第一|垫底|(最[少低差]).{0,6}(是谁|的是谁|是哪(个|位|家))"
                       rf"|最[少低差]{_ONE_REP_ZH}|\b(worst|lowest|bottom|last[- ]placed|least[- ]active){_ONE_REP_EN}"
                       r"|\bwho\b.{0,40}\b(least|fewest|lowest|worst)\b|\bwhich\s+\w+(\s+\w+)?\s+(has|had|did|made|sold|closed|won|logged)\s+(the\s+)?(least|fewest|lowest|worst)\b", _I)
_RANK_ALL = re.compile(r"排第几|第几名|排在第几|排名|排行|排序|\bwhat\s+rank\b|\bwhere\s+(do|does|did)\s+\w+\s+rank\b|龙虎榜|榜单|从高到低|从多到少|\brank(ing|ed|s)?\b|\bleaderboard\b|\bsorted\b")
_RANK_ASC = re.compile(r"从低到高|从少到多|倒序|\b(worst|least|fewest|lowest|bottom)\b|最[少低差]")
_MOST = re.compile(r"最[多高大好]|\b(most|biggest|largest|highest|best)\b", _I)


_MOST_N = re.compile(rf"最(?P<dir>[多高大好强少低差])的?\s*(?P<zh>{ZH_NUM})\s*(个|位|名|家|笔|单)|\bthe\s+(?P<en>\d+|{'|'.join(_EN_NUM)})\s+(reps?|customers?|people|teams?)\s+with\s+the\s+(?P<edir>most|fewest|least|highest|lowest)\b", _I)


def read_ranking(text: str) -> Ranking | None:
    """The ranking a question asks for, or None: 'top 5' / '前三' (5, 3), '谁第一' (1), '排名' (all),
    'bottom 3' / '最少的是谁' (ascending), '打电话最多的三个人' (3)."""
    if m := _MOST_N.search(text):
        n = _count(m)
        low = (m.group("dir") or "") in "少低差" and m.group("dir") is not None or (m.group("edir") or "") in ("fewest", "least", "lowest")
        if n:
            return Ranking(limit=n, order="asc" if low else "desc")
    if m := _BOTTOM_N.search(text):
        n = _count(m)
        if n:
            return Ranking(limit=n, order="asc")
    if m := _TOP_N.search(text):
        n = _count(m)
        if n:
            return Ranking(limit=n, order="asc" if _RANK_ASC.search(text) else "desc")
    if _LAST_ONE.search(text):
        return Ranking(limit=1, order="asc")
    if _FIRST.search(text):
        return Ranking(limit=1)
    if _RANK_ALL.search(text):
        return Ranking(limit=None, order="asc" if _RANK_ASC.search(text) else "desc")
    return None


# the thing a superlative counts, said as a noun before 最多/最少 ("哪个销售的客户最多") or after most/fewest
# ("the most customers"); "前三名是谁", "top 3 customers", "who is the best" name no such thing
_MEASURED = re.compile(r"(的|谁|哪(个|位|家|一个|一位)(销售|人|同事|团队|组)?)\s*(?P<zh>[\u4e00-\u9fff]{1,6}?)\s*(最多|最少)"
                       r"|\b(most|fewest|least)\s+(?P<en>[a-z][a-z-]+)", _I)


def ranked_noun(text: str) -> str | None:
    """The noun a ranking measures by ('客户' in '哪个销售的客户最多', 'customers' in 'who has the most customers'),
    or None when it names none."""
    m = _MEASURED.search(text)
    return (m.group("zh") or m.group("en")) if m else None


_CUSTOMERS = re.compile(r"^(手上|手里|手头|名下|负责)?(的)?(客户|公司)(数|数量)?$|^(customers|accounts|clients|companies)$", _I)


def ranks_by_customers(text: str) -> bool:
    """The ranking counts customers themselves ('谁手上客户最多', 'who has the most accounts'): what
    the owners hold, which no metric of METRICS.md counts (new_leads counts customers created in a period)."""
    noun = ranked_noun(text)
    return noun is not None and bool(_CUSTOMERS.match(noun.strip()))


def wants_most(text: str) -> bool:
    """'最多', 'biggest', 'the most': the question looks for the largest values."""
    return bool(_MOST.search(text))


def _count(m: re.Match[str]) -> int | None:
    said = (m.group("en") or m.group("zh") or "").lower()
    n = _EN_NUM.get(said) or number(said)
    return n if n and 0 < n <= 100 else None


# ---------- comparisons ----------

# a change said from a period: "up from last month", "down from last week", "how did calls change from last week"
_CHANGE_FROM = (r"\b(up|down|changed?|changes|increased?|increases|decreased?|decreases|grow(n|th)?|grew|dropped"
                r"|drops?|fell|fallen|falls?|rose|risen|rises?)\s+(or\s+(up|down)\s+)?from")
# a year earlier: 同比 / 去年同期 / 去年同月 / vs (the same month) last year; "over the last year" is a stretch
# of time ("revenue over the last year"), never a comparison, so "over" takes only "last year" or "the same …"
_YEAR_AGO = re.compile(r"同比|(去年|上年|上一年)(的)?同(期|月|季|季度|周|一?(个)?(月|季度|时期|时间|时候))"
                       r"|\b(vs\.?|versus|compared\s+(to|with)|than|against)\s+(the\s+)?(same\s+(period|time|month|week|quarter)\s+)?last\s+year\b"
                       r"|\bover\s+(the\s+same\s+(period|time|month|week|quarter)\s+)?last\s+year\b"
                       rf"|{_CHANGE_FROM}\s+(the\s+same\s+(period|time|month|week|quarter)\s+)?last\s+year\b"
                       r"|\byear[\s-]+(over|on)[\s-]+year\b|\byoy\b", _I)
_YEAR_AGO_UNITS = [("month", re.compile(r"同月|同一?个?月|same\s+month")), ("quarter", re.compile(r"同季|same\s+quarter")),
                   ("week", re.compile(r"同周|same\s+week"))]
_PREVIOUS = re.compile(r"环比|比上(个|一)?(月|周|星期|季度|季|年|天)|比(去年|昨天|前天|上上)|较(上|去年|昨天)"
                       r"|(和|跟|与|同|较|相比|对比)(上(个|一)?(月|周|星期|季度|季|年)|昨天|前一天)"
                       r"|上(个|一)?(月|周|星期|季度|季|年)(相比|比|对比|比较)|对比|比较|相比|比一下|比一比|比起来|多还是少|高还是低|涨了还是跌了|有没有(增长|下降|进步)"
                       r"|(和|跟|与|同).{1,10}(比|相比|对比|比较)"
                       r"|增长了?(多少|吗)|下降了?(多少|吗)|\b(vs\.?|versus|compared\s+(to|with)|comparison|compare|than|against)\b"
                       r"|\bover\s+(last|the\s+previous|the\s+prior|previous|prior)\s+(week|month|quarter|year)\b"
                       rf"|{_CHANGE_FROM}\b"
                       r"|\b(month|week|quarter)[\s-]+(over|on)[\s-]+(month|week|quarter)\b|\b(mom|wow|qoq)\b|\bchange\s+from\b", _I)
# the unit a comparison word names ("QoQ", "week over week", "周环比"): with no period said, the asked one is
# that unit so far
_UNIT_WORD = re.compile(r"\b(?P<en>week|month|quarter|year)[\s-]+(over|on)[\s-]+(?P=en)\b|\b(?P<abbr>wow|mom|qoq|yoy)\b"
                        r"|(?P<zh>周|月|季度?|年)环比", _I)
_UNITS = {"wow": "week", "mom": "month", "qoq": "quarter", "yoy": "year", "周": "week", "月": "month", "季": "quarter",
          "季度": "quarter", "年": "year"}


_CHANGE_FROM_WORD = re.compile(rf"(?P<change>{_CHANGE_FROM[:-4]})(?P<from>from)", _I)
_JOIN = re.compile(r"\s*(和|与|跟|同|及|对比|比|vs\.?|versus|and|,|，|、)\s*(的)?\s*", re.IGNORECASE)
# a comparison word just before the compared period ("比上周", "同比去年", "vs last month", "up from last week")
_COMPARED_WORDS = (r"比|较|相比|对比|相较于?|比较|同比|环比|\bvs\.?|\bversus|\bcompar(?:e|ed|es|ing)\s+(to|with)|\bthan|\bagainst"
                   rf"|\bover|{_CHANGE_FROM}")
_VERSUS_BEFORE = re.compile(rf"(和|跟|与|{_COMPARED_WORDS})\s*(the\s+)?$", re.IGNORECASE)


# the earlier period said as what the asked one is measured against ("本周比上周", "和上周比", "vs last week"),
# not merely listed beside it ("本月和上月的成交额", "this month and last month")
_RELATIVE_BEFORE = re.compile(rf"({_COMPARED_WORDS})\s*(the\s+)?$", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r"^\s*(的)?\s*(比|相比|对比|比较|差)")


def _relative(text: str, m: PeriodMatch) -> bool:
    """The period `m` is said as the one compared with (a comparison word just before or just after it)."""
    return bool(_RELATIVE_BEFORE.search(text[:m.span[0]]) or _RELATIVE_AFTER.search(text[m.span[1]:]))


_GROUP_HEAD = re.compile(r"^(各|每|按|分)|^(by|per|each)\b", _I)


def asks_shaped_measure(text: str, today: date) -> bool:
    """A measure the questions know, broken down ('按销售看应收', 'receivables per rep') or compared across
    periods said ('本月和上个月比 拜访量'): a question, never a log (the chat routes it as `ask` does)."""
    counted_kind = COUNT_CUE.search(text) and any(p.search(text) for p, _ in KIND_PATTERNS)  # 电话量 / calls count
    if not (counted_kind or any(p.search(text) for p, _, _ in METRIC_PATTERNS)):
        return False
    grouped = any((m := p.search(text)) and _GROUP_HEAD.search(m.group(0)) for p, _ in GROUP_PATTERNS)
    return grouped or (asks_comparison(text) and bool(find_periods(text, today)))


def asks_comparison(text: str) -> bool:
    """'环比', '同比', 'vs last month', '和上周比': the question compares periods."""
    return bool(_YEAR_AGO.search(text) or _PREVIOUS.search(text))


def read_comparison(text: str, asked: Period | None, today: date, *, pipeline: bool,
                    asked_unit: str | None = None) -> tuple[Period | None, Comparison] | None:
    """The comparison a question asks for: (the asked period, the compared one), or None.

    Two named periods ('上周和本周', '比8月份') compare as said, the later one being the asked one;
    '同比' / 'vs last year' is the same dates a year earlier; '环比' / 'vs last month' the previous
    unit of the same kind, cut to the same number of days when the asked period runs to today."""
    year_ago = _YEAR_AGO.search(text)
    found = _periods(text, today, pipeline)
    in_year_ago = False
    if year_ago:  # the year-ago phrase ("去年同期", "the same month last year") names the compared period only
        kept = [m for m in found if m.span[1] <= year_ago.start() or m.span[0] >= year_ago.end()]
        in_year_ago, found = len(kept) < len(found), kept
    if year_ago and in_year_ago and not found:
        # "revenue vs last year", "up from the same month last year": the unit it names, so far, a year earlier
        said = year_ago.group(0).lower()
        named = next((u for u, w in _YEAR_AGO_UNITS if w.search(said)), "year")  # 去年同期 / the same period: the year
        current = unit_period(named, 0, today, pipeline)
        return current, Comparison(period=_year_earlier(current), how="last_year")
    joined = len(found) >= 2 and _JOIN.fullmatch(text[found[0].span[1]:found[1].span[0]] or "")
    against = len(found) >= 2 and _relative(text, found[1])  # "上周的拜访量比上上周", "今年的回款比去年"
    if not year_ago and not _PREVIOUS.search(text) and not joined and not against:
        return None
    if len(found) >= 2 and not year_ago:
        a, b = sorted(found[:2], key=lambda p: p.period.start)
        if a.period != b.period:
            unit = unit_of_said(b.said) or _unit_of(b.period, today)  # "今年到现在": this year so far
            cut = previous_period(b.period, today, unit)
            # "this week vs last week", "本季度…和上季度比": the earlier period said after the asked one, as what it
            # is compared with, is its previous unit, cut to the same days (METRICS.md "X vs Y"); two periods
            # named side by side ("上周和本周", "本月和上月的成交额", "this month and last month") as said, whole
            if a.span[0] > b.span[0] and _relative(text, a) and unit and b.period.end >= today \
                    and a.period.start == cut.start:
                return b.period, Comparison(period=cut, how="previous")
            return b.period, Comparison(period=a.period, how="named")
    if len(found) == 1 and _VERSUS_BEFORE.search(text[:found[0].span[0]]) \
            and (unit := unit_of_said(found[0].said)) in ("week", "month", "quarter", "year") \
            and found[0].period.end < today:
        # "collections vs last month", "拜访量比上周", "同比去年", "up from last week": the period said is the
        # compared one; the asked one is now
        current = unit_period(unit, 0, today, pipeline)
        if year_ago:
            return current, Comparison(period=_year_earlier(current), how="last_year")
        return current, Comparison(period=previous_period(current, today, unit), how="previous")
    period: Period | None
    if found:
        period, unit = found[0].period, unit_of_said(found[0].said)
    elif (word := _UNIT_WORD.search(text)) is not None:  # "revenue QoQ", "周环比": that unit so far
        unit = _UNITS.get((word.group("abbr") or word.group("zh") or "").lower()) or (word.group("en") or "").lower()
        period = unit_period(unit, 0, today, pipeline)
    else:
        period, unit = asked, asked_unit
    if period is None:
        return None
    if year_ago:
        return period, Comparison(period=_year_earlier(period), how="last_year")
    return period, Comparison(period=previous_period(period, today, unit), how="previous")


def compared_periods(text: str, today: date, *, pipeline: bool) -> int:
    """How many distinct periods a comparison names, a year-ago word ('同比', '去年同期') counting as one:
    more than two ('本周和上周、上上周比', '本月和上月、去年同期比') is more than one answer can compare."""
    found = _periods(text, today, pipeline)
    year_ago = _YEAR_AGO.search(text)
    said = {(m.period.start, m.period.end) for m in found if not (year_ago and m.span[0] < year_ago.end() and year_ago.start() < m.span[1])}
    return len(said) + (1 if year_ago else 0)


_AND = re.compile(r"\band\b", _I)
_BETWEEN = re.compile(r"\bbetween\s*$", _I)


def compares_periods(text: str, today: date, *, pipeline: bool) -> bool:
    """The text compares periods in so many words — two periods said ('和上月比'), one said as the compared one
    ('比上月', 'vs last week'), a year-ago word, 环比 / QoQ — not only a bare 对比 / compare ('王磊和陈静本月拜访量对比',
    where the names are compared)."""
    found = _periods(text, today, pipeline)
    return bool(len(found) >= 2 or _YEAR_AGO.search(text) or _UNIT_WORD.search(text) or "环比" in text
                or any(_relative(text, m) for m in found))


def _periods(text: str, today: date, pipeline: bool) -> list[PeriodMatch]:
    """The periods a question says, in order, each read as the question's own period is (a range '11月1日到15日'
    or 'since March' is one period); a period inside a range or 'since' phrase said before it is part of it."""
    out: list[PeriodMatch] = []
    rest = _CHANGE_FROM_WORD.sub(lambda m: m.group("change") + BLANK * len(m.group("from")), text)  # "up from last week": no "since"
    try:
        while len(out) < 6 and (m := question_period(rest, today, pipeline)) is not None and m.span[1] > m.span[0]:
            s, e = m.span
            if m.said == "range" and _AND.search(rest[s:e]) and not _BETWEEN.search(rest[:s]):
                # "last week and this week": two periods named side by side, not the stretch between them
                out += [PeriodMatch(period=p.period, span=(p.span[0] + s, p.span[1] + s), said=p.said)
                        for p in find_periods(rest[s:e], today, pipeline=pipeline)]
            else:
                out.append(m)
            rest = rest[:s] + BLANK * (e - s) + rest[e:]
    except (ValueError, OverflowError):
        return []
    spans = [m for m in out if m.said in ("range", "since")]
    kept = [m for m in out if not any(r is not m and r.period.start <= m.period.start and m.period.end <= r.period.end
                                      for r in spans)]
    return sorted(kept, key=lambda m: m.span)


def _year_earlier(p: Period) -> Period:
    def back(d: date) -> date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:  # 29 February
            return d.replace(year=d.year - 1, day=28)
    return Period(start=back(p.start), end=back(p.end))


def previous_period(p: Period, today: date, unit: str | None = None) -> Period:
    """The previous unit of the period's kind (day, ISO week, month, quarter, year; else as many days
    just before); when the period runs to today, cut to the same number of days."""
    s, e = p.start, p.end
    days = (e - s).days + 1
    unit = unit or _unit_of(p, today)
    if unit is None or unit == "day":
        return Period(start=s - timedelta(days=days), end=s - timedelta(days=1))
    if unit == "week":
        start = s - timedelta(days=7)
    else:
        months = {"month": 1, "quarter": 3, "year": 12}[unit]
        y, m = add_months(s.year, s.month, -months)
        start = date(y, m, 1)
    whole_end = s - timedelta(days=1)
    if e >= today and e < _unit_end(s, unit):  # the period so far: the same number of days
        end = min(whole_end, start + timedelta(days=days - 1))
        if unit != "week" and e.day >= 28:  # to the end of a short month, not past it
            end = min(end, whole_end)
        return Period(start=start, end=end)
    return Period(start=start, end=whole_end)


def _unit_end(s: date, unit: str) -> date:
    if unit == "week":
        return s + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    y, m = add_months(s.year, s.month, months - 1)
    return month_end(y, m)


def _unit_of(p: Period, today: date) -> str | None:
    """The calendar unit a period is (whole, or so far when it runs to today), or None."""
    s, e = p.start, p.end
    if s == e and not (s.day == 1 and e == today):
        return "day"
    to_end = lambda unit: e == _unit_end(s, unit) or (e >= today and e < _unit_end(s, unit))  # noqa: E731
    if s.month == 1 and s.day == 1 and e.year == s.year and to_end("year") and (e.month > 3 or e == _unit_end(s, "year")):
        return "year"
    if s.day == 1 and s.month in (1, 4, 7, 10) and to_end("quarter") and (
            e == _unit_end(s, "quarter") or (e.year, e.month) != (s.year, s.month)):
        return "quarter"
    if s.day == 1 and to_end("month"):
        return "month"
    if s.weekday() == 0 and to_end("week"):
        return "week"
    return None


def unit_of_said(said: str | None) -> str | None:
    """The calendar unit a period phrase names ('this_month' → month, 'last_7_days' → None)."""
    said = said or ""
    if "days" in said:
        return None
    for unit in ("week", "month", "quarter", "year"):
        if unit in said:
            return unit
    return "day" if said in ("today", "yesterday", "day") else None
