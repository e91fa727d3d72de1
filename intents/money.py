"""Amounts of money in reps' messages: 50万, 5w, 三十五万, 八十八万八, 一百万零五千, 5万4千6百, 80个w,
¥1,280,000, $80k, 1.2M RMB, 80 grand, two hundred thousand dollars.

Only money context counts: a currency sign or word, a money magnitude (万/w/k/M/grand), or a
plain number right after a money word (金额/预算/报价/budget/price...). Dates (any span
`intents.dates` reads as a day, readable or not), counts, percentages and phone numbers never
become amounts. A negative amount (-5万, 负5万) or one above 1e11 in any currency is returned
with `plausible=False`; `pick_amount` never picks one (the caller may ask instead).
Shares of a price (30%, 百分之三十, 三成, 3成5) are no amounts: `find_shares` reads them as fractions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import cn2an

from intents.dates import find_dates
from intents.normalize import fold


@dataclass(frozen=True)
class Money:
    """An amount found in a text; `currency` is None when the text names none."""

    span: tuple[int, int]
    amount: float
    currency: str | None
    said: str
    plausible: bool = True  # False for a negative amount or one above PLAUSIBLE_MAX


PLAUSIBLE_MAX = 1e11


_CUR_PREFIX = {"¥": "CNY", "￥": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "$": "USD", "us$": "USD",
               "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "hk$": "HKD", "hkd": "HKD",
               "jpy": "JPY", "s$": "SGD", "sgd": "SGD", "a$": "AUD", "aud": "AUD", "c$": "CAD", "cad": "CAD"}
_CUR_SUFFIX = {"元": "CNY", "块": "CNY", "块钱": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY",
               "usd": "USD", "美元": "USD", "美金": "USD", "刀": "USD", "dollars": "USD", "dollar": "USD",
               "bucks": "USD", "eur": "EUR", "欧元": "EUR", "euros": "EUR", "gbp": "GBP", "英镑": "GBP",
               "hkd": "HKD", "港币": "HKD", "港元": "HKD", "日元": "JPY", "日币": "JPY", "円": "JPY", "yen": "JPY",
               "jpy": "JPY", "新币": "SGD", "新加坡元": "SGD", "sgd": "SGD", "澳元": "AUD", "澳币": "AUD", "aud": "AUD",
               "加元": "CAD", "加币": "CAD", "cad": "CAD", "韩元": "KRW", "krw": "KRW", "新台币": "TWD", "台币": "TWD",
               "twd": "TWD"}
_SCALE = {"万": 1e4, "w": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "千": 1e3, "k": 1e3,
          "m": 1e6, "mn": 1e6, "mm": 1e6, "mil": 1e6, "million": 1e6, "grand": 1e3, "bn": 1e9, "billion": 1e9}

_NUM = r"[0-9]+(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零一二三四五六七八九]+)?"
_PRE = r"us\$|hk\$|s\$|a\$|c\$|[¥￥$€£]|rmb|cny|usd|eur|gbp|hkd|jpy|sgd|aud|cad|人民币"
_SCALE_RE = r"十万|百万|千万|万|亿|千|million|billion|grand|mil|mn|mm|bn|w|k|m"
_SUF = (r"块钱|元|块|rmb|cny|usd|美元|美金|刀|dollars|dollar|bucks|eur|欧元|euros|gbp|英镑|hkd|港币|港元|人民币"
        r"|日元|日币|円|yen|jpy|新加坡元|新币|sgd|澳元|澳币|aud|加元|加币|cad|韩元|krw|新台币|台币|twd")
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
_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])|(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])"
                    r"|(?<![0-9])0[0-9]{2,3}[- ][0-9]{3,4}[- ]?[0-9]{4}(?![0-9])|(?<![0-9])[48]00-?[0-9]{3}-?[0-9]{4}(?![0-9])"
                    r"|\+?\(?(?:86|852|853|886|1|44)\)?[- ]?[0-9]{2,4}[- ][0-9]{3,4}[- ]?[0-9]{3,4}(?![0-9])")
_DAY_SPANS_TODAY = date(2000, 1, 3)  # date spans do not depend on the day they are read on
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")  # 12,000 / 176,700: money written in thousands
_NEGATIVE = re.compile(r"(?:(?<![0-9a-z.,)])-|负|减少?|亏损?|minus\s?)\s?$")

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ARABIC = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
# after a trailing bare digit: it is a count or a time, not the abbreviated next unit (5万3个月)
_TRAILING_NOT_MONEY = re.compile(r"\s*(?:个|家|人|位|台|套|件|次|天|日|号|周|月|年|点|倍|折|%|成(?![交功本员立果为绩都品熟型长年人就批套]))")


def read_compound(s: str, i: int) -> tuple[float, int] | None:
    """A Chinese-style amount at s[i:] with its magnitudes: 八十八万八 (888,000), 一百万零五千,
    一万三 (13,000), 5万4千6百 (54,600), 3亿5千万, 80个w. (value, end) or None when no 万/亿 is said."""
    total = below = sec = 0.0
    num: float | None = None
    last, zero, big, single, j = 1.0, False, False, False, i
    while j < len(s):
        ch, nxt = s[j], s[j + 1:j + 2]
        arabic = _ARABIC.match(s, j)
        if arabic and num is None:
            num, single, j = float(arabic.group(0).replace(",", "")), len(arabic.group(0)) == 1, arabic.end()
        elif ch in "零〇" and num is None:
            zero, j = True, j + 1  # 一百万零五千: the next figure is said in full
        elif ch in _ZH_DIGITS and num is None:
            num, single, j = float(_ZH_DIGITS[ch]), True, j + 1
        elif ch in _ZH_DIGITS and num is not None and s[j - 1] in _ZH_DIGITS and _ZH_DIGITS[ch] == num + 1:
            j += 1  # 五六十万: a rough range, keep its lower bound
        elif ch in _ZH_SMALL and (num is not None or ch == "十"):
            sec += (num if num is not None else 1) * _ZH_SMALL[ch]
            num, last, zero, j = None, _ZH_SMALL[ch], False, j + 1
        elif ch == "个" and nxt in ("万", "亿", "w") and (num is not None or sec):
            j += 1
        elif (ch == "万" or (ch == "w" and not re.match(r"[a-z]", nxt))) and (num is not None or sec):
            below += (sec + (num or 0)) * 1e4
            sec, num, last, zero, big, j = 0.0, None, 1e4, False, True, j + 1
        elif ch == "亿" and (num is not None or sec or below):
            total += (below + sec + (num or 0)) * 1e8
            below, sec, num, last, zero, big, j = 0.0, 0.0, None, 1e8, False, True, j + 1
        else:
            break
    if not big:
        return None
    value = total + below + sec
    if num is not None:
        if _TRAILING_NOT_MONEY.match(s, j):  # 5万3个月: the 3 counts months
            return value, _back_to_unit(s, i, j)
        value += num * last / 10 if (single and not zero and last >= 100) else num  # 一万三 = 13,000
    return value, j


def _back_to_unit(s: str, i: int, j: int) -> int:
    """The end of the amount before a trailing count (5万3个月 → 5万)."""
    while j > i and s[j - 1] not in "万亿w十百千":
        j -= 1
    return j


_EN_WORD_NUM = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1}
_EN_WORD_SCALE = {"hundred": 100, "thousand": 1e3, "grand": 1e3, "million": 1e6, "billion": 1e9}
_EN_WORDS = re.compile(
    r"\b(?:(?:half\s+a|" + "|".join(sorted(_EN_WORD_NUM, key=len, reverse=True)) + r"|hundred|thousand|million|billion|grand)"
    r"(?:[\s-]+(?:and\s+)?|\b))+", re.IGNORECASE | re.ASCII)


def _en_words_value(said: str) -> float | None:
    """two hundred thousand / half a million / one point... : a value when a thousand or more is said."""
    total = current = 0.0
    toks = re.findall(r"half\s+a|[a-z]+", said.lower())
    if not any(t in ("thousand", "million", "billion", "grand") for t in toks):
        return None
    for t in toks:
        if t == "and":
            continue
        if t == "half a":
            current += 0.5
        elif t in _EN_WORD_NUM:
            current += _EN_WORD_NUM[t]
        elif t == "hundred":
            current = (current or 1) * 100
        elif t in _EN_WORD_SCALE:
            total += (current or 1) * _EN_WORD_SCALE[t]
            current = 0
    return total + current or None


_NEIGHBOURS = re.compile("(一二|两三|二三|三四|四五|五六|六七|七八|八九)")


def _lower_of_neighbours(num: str) -> str:
    """五六十 / 三四 / 七八千: two neighbouring numerals say a rough range; keep the lower (the conservative figure)."""
    return _NEIGHBOURS.sub(lambda m: m.group(1)[0], num)


def _value(num: str) -> float | None:
    if re.fullmatch(r"[0-9,]+(?:\.[0-9]+)?", num):
        return float(num.replace(",", ""))
    num = _lower_of_neighbours(num)
    if num[:1] in "十百千":
        num = "一" + num  # 百来万 / 十几万: a bare unit is one of it
    try:
        return float(cn2an.cn2an(num.replace("两", "二"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _blocked_spans(folded: str, text: str, blocked: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    days = [d.span for d in find_dates(text, _DAY_SPANS_TODAY, keep_unreadable=True)]
    return list(blocked or []) + days + [m.span() for m in _PHONE.finditer(folded)]


def _money(text: str, folded: str, start: int, end: int, amount: float, currency: str | None) -> Money:
    sign = _NEGATIVE.search(folded[max(0, start - 4):start])
    negative = sign is not None
    if sign:  # -5万 / 负5万: the sign is part of what was said
        amount, start = -amount, max(0, start - 4) + sign.start()
    return Money(span=(start, end), amount=round(amount, 2), currency=currency, said=text[start:end].strip(),
                 plausible=not negative and abs(amount) <= PLAUSIBLE_MAX)


def find_money(text: str, blocked: list[tuple[int, int]] | None = None) -> list[Money]:
    """Amounts of money in `text`, left to right; spans in `blocked`, day phrases and phone numbers
    are skipped."""
    folded = fold(text)
    blocked = _blocked_spans(folded, text, blocked)
    out: list[Money] = []
    value: float | None
    done = -1  # where the last amount (which may run past its regex match: 5万4千6百) ended
    for m in _MONEY.finditer(folded):
        start, end = m.start("num"), m.end()
        if m.group("pre"):
            start = m.start("pre")
        if m.start("num") < done or any(s < m.end("num") and m.start("num") < e for s, e in blocked):
            continue
        prev = folded[m.start("num") - 1:m.start("num")]
        if prev.isdigit() or prev == ".":
            continue  # the tail of a longer number
        pre, scale, suf = m.group("pre"), m.group("scale"), m.group("suf")
        compound = None if m.group("approx") else read_compound(folded, m.start("num"))
        if compound and compound[1] > m.end("scale" if scale else "num"):
            value, stop = compound  # 八十八万八 / 5万4千6百 / 80个w
            tail = _TAIL_SUFFIX.match(folded, stop)
            end, suf = (tail.end(), tail.group("suf")) if tail else (stop, None)
            currency = _CUR_SUFFIX.get(suf) if suf else (_CUR_PREFIX.get(pre) if pre else None)
            out.append(_money(text, folded, start, end, value, currency))
            done = end
            continue
        rng = _RANGE.match(folded, m.end("num")) if not (scale or suf) else None
        if rng:  # 50到80万 / 50-80万: the first bound takes the second's unit
            scale, suf = rng.group("scale"), rng.group("suf")
        num = m.group("num")
        if m.group("approx") and not scale:
            continue  # 20多个 is a count; only 20多万 / 十来万 is an (approximate) amount
        value = _value(num)
        if not value:
            continue
        arabic = re.fullmatch(r"[0-9,.]+", num) is not None
        if not (pre or suf or scale):
            # a bare number is money only right after a money word or written in thousands (45,000), and
            # never a count or a share
            if not arabic or _NOT_MONEY_AFTER.match(folded, m.end("num")):
                continue
            word = _MONEY_WORDS.search(folded[max(0, m.start("num") - 14):m.start("num")])
            grouped = _GROUPED.fullmatch(num) is not None
            if not (word or grouped) or _COUNTED.match(folded, m.end("num")) \
                    or (word and word.group(1) in ("for", "ask", "asking") and value < 100):
                continue  # asked for 3 references: a count of things
        if scale in ("m", "k", "mn", "mm") and not (pre or suf) and _NOT_MONEY_AFTER.match(folded, m.end()):
            continue  # 20k users, 3m long
        amount = value * (_SCALE[scale] if scale else 1)
        currency = _CUR_PREFIX.get(pre) if pre else None
        if suf:
            currency = _CUR_SUFFIX.get(suf, currency)
        out.append(_money(text, folded, start, end, amount, currency))
        done = end
    return sorted(out + _english_word_amounts(text, folded, blocked, out), key=lambda x: x.span)


_TAIL_SUFFIX = re.compile(rf"\s?(?P<suf>{_SUF})(?![a-z])")
_EN_BIG_WORD = re.compile(r"thousand|million|billion|grand")
_EN_WORD_CONTEXT = re.compile(rf"(?:{_PRE})\s?$")
_EN_WORD_AFTER = re.compile(rf"\s?(?:{_SUF})(?![a-z])")


def _english_word_amounts(text: str, folded: str, blocked: list[tuple[int, int]], found: list[Money]) -> list[Money]:
    """two hundred thousand dollars / budget of half a million: amounts in words, with money context."""
    out: list[Money] = []
    if not _EN_BIG_WORD.search(folded):
        return out
    for m in _EN_WORDS.finditer(folded):
        start, end = m.start(), m.end()
        said = folded[start:end].rstrip(" -")
        end = start + len(said)
        value = _en_words_value(said)
        if value is None or any(s < end and start < e for s, e in blocked + [x.span for x in found]):
            continue
        pre = _EN_WORD_CONTEXT.search(folded[max(0, start - 4):start])
        suf = _EN_WORD_AFTER.match(folded, end)
        word = _MONEY_WORDS.search(folded[max(0, start - 14):start])
        if not (pre or suf or word) or _COUNTED.match(folded, end):
            continue  # "two thousand users": a count
        currency = _CUR_PREFIX.get(pre.group(0).strip()) if pre else None
        if suf:
            currency = _CUR_SUFFIX.get(suf.group(0).strip(), currency)
            end = suf.end()
        begin = pre.start() + max(0, start - 4) if pre else start
        out.append(_money(text, folded, begin, end, value, currency))
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
    with a count is their product. A range (50到80万) keeps its lower bound: the conservative figure.
    An implausible amount (negative, above 1e11) is never picked."""
    found = [m for m in found if m.plausible]
    if not found:
        return None
    folded = fold(text)
    picked = found[0]
    for money in found:
        before = folded[max(0, money.span[0] - 8):money.span[0]]
        if re.search(r"(调整为|调整到|改为|改成|改到|调到|更新为|更新到|变成|降到|降至|涨到|升到|提到|砍到|谈到|最终|最后|now|to|"
                     r"→|->|=>|⇒|➡|⟶)\s*$", before):
            picked = money
            break
    return _unit_total(folded, picked) or picked


_BARE_NUMBER = re.compile(r"(?<![0-9.,])[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|(?<![0-9.,])[1-9][0-9]{2,8}(?:\.[0-9]+)?(?![0-9])")
# what a plain number counts when it is no money: 4000台, 30%, 2026年, 15号, 3点
_BARE_NOT_MONEY = re.compile(r"\s*(?:[%％年月号日点时分秒天周个台套件人次期/:：.-]|pcs|units?|users?|seats?|licen[cs]es?)")


def bare_amount(text: str, blocked: list[tuple[int, int]] | None = None) -> Money | None:
    """A plain number with no unit (打款了 4000): an amount only where the caller knows money is meant; day
    phrases, phone numbers, counts (4000台) and shares (30%) are skipped."""
    folded = fold(text)
    spans = _blocked_spans(folded, text, blocked)
    for m in _BARE_NUMBER.finditer(folded):
        if any(s < m.end() and m.start() < e for s, e in spans) or _BARE_NOT_MONEY.match(folded, m.end()):
            continue
        return Money(span=m.span(), amount=float(m.group(0).replace(",", "")), currency=None, said=text[m.start():m.end()])
    return None


@dataclass(frozen=True)
class Share:
    """A share of a price or an amount (a payment term): 30% / 百分之三十 / 三成 → 0.3."""

    span: tuple[int, int]
    fraction: float
    said: str


_SHARE = re.compile(
    r"(?P<pct>[0-9]+(?:\.[0-9]+)?)\s?(?:%|％|percent\b|per cent\b)"
    r"|百分之(?P<zhpct>[0-9]+(?:\.[0-9]+)?|[零一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?)"
    r"|(?<![0-9零一二两三四五六七八九十])(?P<tenths>[1-9]|10|[一二两三四五六七八九十])\s?成(?P<half>半|[1-9一二三四五六七八九](?![0-9]))?"
    r"(?!交|功|本|员|立|果|为|绩|都|品|熟|型|长|年|人|就|批|套|交)")


def find_shares(text: str) -> list[Share]:
    """Shares in `text` as fractions: 30% (0.3), 百分之三十 (0.3), 三成 (0.3), 三成半 / 3成5 (0.35).
    For payment terms ("首付三成", "30% upfront"); a share is never an amount."""
    out: list[Share] = []
    for m in _SHARE.finditer(fold(text)):
        if m.group("pct") or m.group("zhpct"):
            raw = m.group("pct") or m.group("zhpct")
            value = _value(raw) if not re.fullmatch(r"[0-9.]+", raw) else float(raw)
            if value is None:
                continue
            fraction = value / 100
        else:
            tenths = _value(m.group("tenths"))
            extra = m.group("half")
            if tenths is None:
                continue
            fraction = tenths / 10 + (0.05 if extra == "半" else (_value(extra) or 0) / 100 if extra else 0)
        if 0 < fraction <= 1:
            out.append(Share(span=m.span(), fraction=round(fraction, 4), said=text[m.start():m.end()]))
    return out
