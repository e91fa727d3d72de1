"""Amounts of money in reps' messages: 50万, 5w, 三十五万, ¥1,280,000, $80k, 1.2M RMB, 80 grand.

Only money context counts: a currency sign or word, a money magnitude (万/w/k/M/grand), or a
plain number right after a money word (金额/预算/报价/budget/price...). Dates, counts,
percentages and phone numbers never become amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from intents.normalize import fold


@dataclass(frozen=True)
class Money:
    """An amount found in a text; `currency` is None when the text names none."""

    span: tuple[int, int]
    amount: float
    currency: str | None
    said: str


_CUR_PREFIX = {"¥": "CNY", "￥": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "$": "USD", "us$": "USD",
               "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "hk$": "HKD", "hkd": "HKD"}
_CUR_SUFFIX = {"元": "CNY", "块": "CNY", "块钱": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY",
               "usd": "USD", "美元": "USD", "美金": "USD", "刀": "USD", "dollars": "USD", "dollar": "USD",
               "bucks": "USD", "eur": "EUR", "欧元": "EUR", "euros": "EUR", "gbp": "GBP", "英镑": "GBP",
               "hkd": "HKD", "港币": "HKD", "港元": "HKD"}
_SCALE = {"万": 1e4, "w": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "千": 1e3, "k": 1e3,
          "m": 1e6, "mn": 1e6, "mm": 1e6, "mil": 1e6, "million": 1e6, "grand": 1e3, "bn": 1e9, "billion": 1e9}

_NUM = r"[0-9]+(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零一二三四五六七八九]+)?"
_PRE = r"us\$|hk\$|[¥￥$€£]|rmb|cny|usd|eur|gbp|hkd|人民币"
_SCALE_RE = r"十万|百万|千万|万|亿|千|million|billion|grand|mil|mn|mm|bn|w|k|m"
_SUF = r"块钱|元|块|rmb|cny|usd|美元|美金|刀|dollars|dollar|bucks|eur|欧元|euros|gbp|英镑|hkd|港币|港元|人民币"
_MONEY = re.compile(
    rf"(?P<pre>{_PRE})?\s?(?P<num>{_NUM})(?P<approx>来|多|几|余)?\s?(?P<scale>{_SCALE_RE})?(?![a-z])\s?(?P<suf>{_SUF})?(?![a-z])"
)
# words after which a plain number is money
_MONEY_WORDS = re.compile(
    r"(金额|预算|报价|价格|总价|合同额|合同金额|单价|成交价|订单|投资|费用|budget|price|priced|quote|quoted|amount|deal size|"
    r"worth|value|valued|contract|deal|pricing|offer|ask(?:ing)?|for)\s*(?:is|of|at|about|around|为|是|约|大约|大概|在|:)?\s*[:：]?\s*$"
)
# what may follow a number that makes it a count, a share or a time, not money
_NOT_MONEY_AFTER = re.compile(
    r"\s*(%|％|个|家|人|位|台|套|件|次|天|日|号|周|月|年|点|倍|折|小时|分钟|楼|层|平|米|公里|户|条|张|users?|people|seats?|"
    r"licen[cs]es?|units?|days?|weeks?|months?|years?|hours?|percent|pcs|x\b|st\b|nd\b|rd\b|th\b)")
_COUNTED = re.compile(r"\s*(?!(?:dollars|bucks|euros|grand)\b)[a-z]{2,}s\b")  # 3 references, 12 machines
_RANGE = re.compile(rf"\s*(?:到|至|-|~|～|—|–)\s*(?:{_NUM})\s?(?P<scale>{_SCALE_RE})(?![a-z])\s?(?P<suf>{_SUF})?")
_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])|(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])")


def _value(num: str) -> float | None:
    if re.fullmatch(r"[0-9,]+(?:\.[0-9]+)?", num):
        return float(num.replace(",", ""))
    if num[:1] in "十百千":
        num = "一" + num  # 百来万 / 十几万: a bare unit is one of it
    try:
        return float(cn2an.cn2an(num.replace("两", "二"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def find_money(text: str, blocked: list[tuple[int, int]] | None = None) -> list[Money]:
    """Amounts of money in `text`, left to right; spans in `blocked` (dates) are skipped."""
    folded = fold(text)
    blocked = list(blocked or []) + [m.span() for m in _PHONE.finditer(folded)]
    out: list[Money] = []
    for m in _MONEY.finditer(folded):
        start, end = m.start("num"), m.end()
        if m.group("pre"):
            start = m.start("pre")
        if any(s < m.end("num") and m.start("num") < e for s, e in blocked):
            continue
        pre, scale, suf = m.group("pre"), m.group("scale"), m.group("suf")
        rng = _RANGE.match(folded, m.end("num")) if not (scale or suf) else None
        if rng:  # 50到80万 / 50-80万: the first bound takes the second's unit
            scale, suf = rng.group("scale"), rng.group("suf")
        prev = folded[m.start("num") - 1:m.start("num")]
        if prev.isdigit() or prev == ".":
            continue  # the tail of a longer number
        num = m.group("num")
        if m.group("approx") and not scale:
            continue  # 20多个 is a count; only 20多万 / 十来万 is an (approximate) amount
        value = _value(num)
        if not value:
            continue
        arabic = re.fullmatch(r"[0-9,.]+", num) is not None
        if not (pre or suf or scale):
            # a bare number is money only right after a money word, and never a count or a share
            if not arabic or _NOT_MONEY_AFTER.match(folded, m.end("num")):
                continue
            word = _MONEY_WORDS.search(folded[max(0, m.start("num") - 14):m.start("num")])
            if not word or _COUNTED.match(folded, m.end("num")) or (word.group(1) in ("for", "ask", "asking") and value < 100):
                continue  # asked for 3 references: a count of things
        if scale in ("m", "k", "mn", "mm") and not (pre or suf) and _NOT_MONEY_AFTER.match(folded, m.end()):
            continue  # 20k users, 3m long
        amount = value * (_SCALE[scale] if scale else 1)
        currency = _CUR_PREFIX.get(pre) if pre else None
        if suf:
            currency = _CUR_SUFFIX.get(suf, currency)
        out.append(Money(span=(start, end), amount=round(amount, 2), currency=currency, said=text[start:end].strip()))
    return out


_UNITS_ZH = r"个|套|台|件|位|户|人|份|把|张|只"
_UNITS_EN = r"seats?|users?|licen[cs]es?|units?|accounts?|sets?|pcs|pieces?|boxes|devices?|machines?|terminals?|nodes?|servers?"
# a price of one: 单价2000 / 每套5万 / $1,200 each / $50 per seat / @ $99 (a bare "at $50k" is a total)
_UNIT_BEFORE = re.compile(rf"(单价|每(?:{_UNITS_ZH}|个?账号|个?用户)|@)\s*(?:是|为|约|大概|:|：)?\s*$")
_UNIT_AFTER = re.compile(rf"^\s*(?:each\b|apiece\b|a piece\b|per (?:{_UNITS_EN}|head|person|seat)\b|/\s*(?:{_UNITS_EN}|{_UNITS_ZH})|"
                         rf"(?:一|每)(?:{_UNITS_ZH}))")
# how many: 10个账号 / 共3套 / 30 seats (not 3个月 / 2个小时 / 5个人天)
_QUANTITY = re.compile(rf"(?<![0-9.$¥￥€£])(?!(?<=[0-9],)[0-9]{{3}}(?![0-9]))([0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+|[一二两三四五六七八九十]+)\s*(?:(?:{_UNITS_ZH})(?!月|小时|星期|礼拜|工作日|季度|钟|点|人天|人月)|"
                       rf"(?:{_UNITS_EN})\b)")


def _unit_total(folded: str, money: Money) -> Money | None:
    """单价2000，10个账号 / 30 seats at $1,200 each / 每套5万，共3套: a unit price times the one
    quantity the message gives is the deal's total (None when it is no unit price or the count is unclear)."""
    s, e = money.span
    if money.amount >= 1e7 or not (_UNIT_BEFORE.search(folded[max(0, s - 6):s]) or _UNIT_AFTER.match(folded[e:e + 14])):
        return None
    counts = {q.group(1) for q in _QUANTITY.finditer(folded) if not (s <= q.start() < e)}
    if len(counts) != 1:
        return None
    n = _value(counts.pop())
    if not n or n != int(n) or n < 2 or n > 100000:
        return None
    return Money(span=money.span, amount=round(money.amount * n, 2), currency=money.currency, said=money.said)


def pick_amount(text: str, found: list[Money]) -> Money | None:
    """The amount a message sets: the one after 调整为/改成/降到/now…, else the first; a unit price
    with a count is their product. A range (50到80万) keeps its lower bound: the conservative figure."""
    if not found:
        return None
    folded = fold(text)
    picked = found[0]
    for money in found:
        before = folded[max(0, money.span[0] - 8):money.span[0]]
        if re.search(r"(调整为|调整到|改为|改成|变成|降到|降至|涨到|升到|提到|砍到|谈到|最终|最后|now|to)\s*$", before):
            picked = money
            break
    return _unit_total(folded, picked) or picked
