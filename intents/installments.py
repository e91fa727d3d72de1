"""A contract's amount and payment plan as a message says them ("合同120万，首付30%下月10号前到账",
"分三期，每季度末", "50% upfront, rest on delivery"): shares resolved to money, a due day not said
left null."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from domain.types import Installment
from intents.clauses import split_clauses
from intents.dates import find_dates
from intents.lexicon_records import CONTRACT_AMOUNT, EVERY, PLAN_TERMS, REST, SHARE, UPFRONT
from intents.money import Money, find_money
from intents.normalize import fold
from intents.timegrammar import month_end

_ZH_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _zh_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s in _ZH_DIGIT:
        return _ZH_DIGIT[s]
    m = re.fullmatch(r"([一二三四五六七八九])?十([一二三四五六七八九])?", s)
    if m:
        return _ZH_DIGIT.get(m.group(1) or "一", 1) * 10 + (_ZH_DIGIT.get(m.group(2) or "", 0))
    return None


def contract_amount(text: str) -> Money | None:
    """The money said as the contract's amount (合同120万, contract value $180k), if any."""
    folded = fold(text)
    for money in find_money(text, blocked=[d.span for d in find_dates(text, date(2000, 1, 1))]):
        if CONTRACT_AMOUNT.search(folded[max(0, money.span[0] - 20):money.span[0]]):
            return money
    return None


def terms_money(text: str, found: Sequence[Money]) -> list[Money]:
    """The amounts of a payment term, not the contract's said before it ("签了 30万 分三期 首付已到账": none;
    "20k upfront" / "首付20万": that one). Without any term word, every amount."""
    f = fold(text)
    marks = [m for p in (SHARE, REST, UPFRONT, PLAN_TERMS, _FIRST_PART) for m in [p.search(f)] if m]
    if not marks:
        return list(found)
    first = min(marks, key=lambda m: m.start())
    after = [m for m in found if m.span[0] >= first.start()]
    if after or SHARE.search(f) or not (UPFRONT.match(f, first.start()) or REST.match(f, first.start())):
        return after
    return [m for m in found if len(f[m.span[1]:first.start()].strip()) <= 1]  # "20k upfront": its own


def is_first_part(text: str) -> bool:
    """首付 / 第一期 / deposit / first installment: the first part of the plan."""
    f = fold(text)
    return bool(UPFRONT.search(f) or _FIRST_PART.search(f))


def share_of(m: re.Match) -> float | None:
    """The fraction a SHARE match says (30% → 0.3, 一半 → 0.5, 三成 → 0.3)."""
    return _share(m)


def _share(m: re.Match) -> float | None:
    if m.group("pct"):
        return float(m.group("pct")) / 100
    if m.group("zhpct"):
        n = _zh_number(m.group("zhpct"))
        return n / 100 if n else None
    if m.group("tenths"):
        return _ZH_DIGIT[m.group("tenths")] / 10
    if m.group("half"):
        return 0.5
    if m.group("third"):
        return 1 / 3
    return None


def _period_ends(unit: str, first: date, n: int) -> list[date]:
    """`n` successive ends of months / quarters / years, from the one holding `first`."""
    out, d = [], first
    for _ in range(n):
        if unit == "month":
            end = month_end(d.year, d.month)
        elif unit == "quarter":
            q_last_month = ((d.month - 1) // 3 + 1) * 3
            end = month_end(d.year, q_last_month)
        else:
            end = date(d.year, 12, 31)
        out.append(end)
        d = end + timedelta(days=1)
    return out


def _unit(m: re.Match) -> str:
    word = m.group("zh") or m.group("en") or m.group("en2") or ""
    if "季" in word or word.startswith("quarter"):
        return "quarter"
    if "月" in word or word.startswith("month"):
        return "month"
    return "year"


def _equal_parts(f: str, amount: float | None, signed_on: date, listed: Sequence[date] = ()) -> list[Installment] | None:
    m = PLAN_TERMS.search(f)
    if not m:
        return None
    n = _zh_number(m.group("n")) if m.group("n") else (int(m.group("en")) if m.group("en").isdigit()
                                                          else _EN_NUM.get(m.group("en")))
    if not n or n > 24:
        return None
    every = EVERY.search(f)
    dues: Sequence[date | None]  # a day not said is None
    if every:
        dues = _period_ends(_unit(every), signed_on, n)
    else:  # 分两期 12月15号和1月15号: one day said per part
        dues = list(listed) if len(listed) == n else [None] * n
        if len(listed) == 1 < n and _FIRST_PART.search(f):
            dues = [listed[0]] + [None] * (n - 1)  # 分三期 首期下月5号: the first part's day only
    part = round(amount / n, 2) if amount is not None else None
    return [Installment(due_on=d, amount=part) for d in dues]


def installments(text: str, amount: float | None, signed_on: date, today: date,
                 date_order: str = "mdy") -> list[Installment]:
    """The payment plan said in `text` for a contract of `amount` signed on `signed_on`."""
    folded = fold(text)
    said = _said_parts(text, amount, signed_on, today, date_order)
    if said:  # 分两期：12月31日前付60%，明年3月底前付40%: the parts said win over equal ones
        return said
    listed = [d.ahead for d in find_dates(text, today, date_order) if d.ahead]
    return _equal_parts(folded, amount, signed_on, listed) or []


_FIRST_PART = re.compile(r"首期|第一期|头期|第一笔|首笔|\bfirst (?:installment|instalment|payment|tranche)\b")
_ON_SIGNING = re.compile(r"签约(?:时|后)?(?:付|支付)|签合同(?:时|后)?(?:付|支付)|签字时|\bon signing\b|\bat signing\b|"
                         r"(?<=[0-9%] )now\b|\bimmediately\b|\bon signature\b|立即|立刻|马上|当天")
_EACH = re.compile(r"(?:每期|每次|每笔|各|\beach\b|\bper\b)\s*$")


def _parts(clause: str) -> list[str]:
    """A clause cut where a second share or the rest begins ("40% upfront by Dec 15 rest in Q1")."""
    f = fold(clause)
    marks = sorted((m.start(), m.end(), p is REST) for p in (SHARE, REST) for m in p.finditer(f))
    has: set[str]
    cuts, last_end, has = [0], None, set()
    for at, end, is_rest in marks:
        # 剩余70% / 余款…付清: one part; "40% … rest" / "50% on signing 50% in March": two
        if has and len(f[last_end:at].strip()) >= 2 and ("share" in has or not is_rest):  # 30%预付 70%上线后
            cuts.append(at)
            has = set()
        has.add("rest" if is_rest else "share")
        last_end = end
    cuts.append(len(clause))
    return [clause[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if clause[a:b].strip()]


def _said_parts(text: str, amount: float | None, signed_on: date, today: date, date_order: str) -> list[Installment]:
    """Each part the message spells out: a share, an amount or the rest, with its due day."""
    out: list[Installment] = []
    for part in (p for c in split_clauses(text) for p in _parts(c.text)):
        f = fold(part)
        share, rest, upfront = SHARE.search(f), REST.search(f), UPFRONT.search(f)
        if not (share or rest or upfront) or (share and _EACH.search(f[:share.start()])):
            continue  # 每期一半 / 各一半: equal parts, read by _equal_parts
        dates = find_dates(part, today, date_order)
        said = [m for m in terms_money(part, find_money(part, blocked=[d.span for d in dates]))
                if not CONTRACT_AMOUNT.search(f[max(0, m.span[0] - 20):m.span[0]])]  # "签了 30万 分三期 首付…"
        if share and (ratio := _share(share)) is not None:
            value = round(amount * ratio, 2) if amount is not None else None
        elif said:
            value = said[0].amount
        elif rest:
            value = round(amount - sum(i.amount or 0 for i in out), 2) if amount is not None else None
        else:
            continue
        due = next((d.ahead for d in dates if d.ahead), None)
        if due is None and upfront and _ON_SIGNING.search(f):
            due = signed_on  # 签约时付30% / 30% now: due the day it is signed; a bare 首付 / deposit has no day
        out.append(Installment(due_on=due, amount=value))
    return out
