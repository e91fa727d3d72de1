"""The offline reading of a rep's message: customer, contact, kind, dates, stage and amount.

`read_log(...)` returns `LogFacts` (the visit and deal the message carries, plus how much
evidence of a log it holds); `intents.registry` turns that into a `ParseResult`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from domain.types import DealUpdate, Visit
from intents.dates import DateMention, find_dates, later_today
from intents.deal_choice import title_words
from intents.directory import LEGAL_SUFFIX, CustomerMatch, Directory
from intents.lexicon import (
    CLOSE_AFTER,
    CLOSE_AFTER_EN,
    CLOSE_BEFORE,
    FUTURE_MARK,
    KIND_PATTERNS,
    SIGN_OFF_APPROVAL,
    STAGE_ORDER,
    STAGE_PATTERNS,
)
from intents.lexicon_records import OBLIGED, WORD_OF
from intents.mentions import new_company, person_mentions
from intents.money import Money, find_money, pick_amount
from intents.normalize import fold
from intents.romanized import EN_TRADE

_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]|\.\s|\s[-–—]\s")
_FUTURE_AFTER = re.compile(r"^\s*(?:再|前|之前|以前|回复|答复|约|去一趟|要|会(?!议)|跟进|回访|联系|提交|签|复|到期|截止|出结果|"
                           r"(?:给|发|交|出|提供|准备)(?:他们|客户|对方|一版|一份|个)?(?:方案|报价|答复|回复|资料|合同|结果|反馈|消息|样品|demo|演示))")
_FUTURE_BEFORE = re.compile(r"(\bnext (?:one|time|meeting|call|visit|demo|session)|\bby|\buntil|\bbefore|\bdue|follow(?:ing)?[- ]?up(?: on)?|next step|reply|respond|get back(?: to \w+)?|"
                            r"\bexpects?|\bplan(?:ned)?|\bwill\b|'ll|\b(?:will|'ll)(?: [a-z]+){1,4}|\bschedul(?:ed|e)(?: for)?|\bset (?:up )?for|\bbooked(?: in)?(?: for)?|"
                            r"\b(?:try|trying|call|ring|ping|check|follow up) (?:[a-z]+ )?again|下次|约在|约了|定在|安排在|再|计划|打算|准备)\s*(?:on\s+|in\s+)?(?:the\s+)?$")
# weaker: "demo on Wednesday" is ahead unless the clause is in the past ("Gave a demo to X on Wednesday")
_FUTURE_BEFORE_WEAK = re.compile(r"(\bdemo|\bmeet(?:ing)?|\bcall|\bvisit|\bsee (?:them|him|her))\s*(?:\w+\s+){0,4}(?:on\s+|in\s+)?(?:the\s+)?$")
_PAST_HINT = re.compile(r"了|过|\b(?:met|visited|called|emailed|had|was|were|went|did|sent|showed|shown|demoed|talked|spoke|gave|"
                        r"took|saw|told|got|made|brought|ran|held|led|caught|left|came|drove|flew|ate)\b|ed\b")
_PAST_AFTER = re.compile(r"\s*(?:went|was|were|got|had|ran|happened|did)\b")
_KIND_FUTURE_BEFORE = re.compile(r"(要求|申请|希望|请求|再|下次|准备|计划|打算|约了?|安排|要|需要|想|will|to|plan(?:ning)? to|going to|schedule[d]?|next)\s*$")
# a reason joined by its word (因为…, because …, as …): English words whole (no "as" inside "purchase")
_LOST_REASON = re.compile(r"(?:因为|原因是?|由于|理由是?|\b(?:because|as|since|reason)\b)\s*[:：,，-]?\s*(.+)")
# a loss said by who was chosen instead (went with a competitor, chose X over us, 选了别家): the words are the reason
_CHOSE_OTHER = re.compile(r"went with|picked|chose|选了|选择了|用了|被")
# "they" leading the reason (they went with …, they chose to build in-house): the reason is what they did
_REASON_SUBJECT = re.compile(r"^they\s+(?=[a-z])", re.IGNORECASE)


@dataclass
class LogFacts:
    visit: Visit | None
    deal: DealUpdate | None
    customer: CustomerMatch | None
    evidence: int = 0  # customer, contact, kind, stage, amount found
    signals: dict[str, bool] = field(default_factory=dict)
    day: date | None = None  # the activity's own day when the message says one
    dates: list[DateMention] = field(default_factory=list)
    money: Money | None = None
    rejected: Money | None = None  # an implausible amount said (negative, above any deal): ask


def _clause(folded: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE_END.finditer(folded):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            return start, m.start()
    return start, len(folded)


# "demo on Friday", "demo scheduled for Friday", "meeting booked in for Thursday": a kind still to come
_KIND_THEN_DAY = re.compile(r"(?:(?:is |was |got |been )?(?:set|scheduled|booked|planned|confirmed|moved|arranged)(?: up| in)?)?\s*(?:on|at|for|in|is)?")
_PHONE_GIVEN = re.compile(r"电话\s*[:：]?\s*\+?[0-9][0-9 -]{6,}")


def _done_clause(folded: str, start: int, dates: Sequence[DateMention]) -> bool:
    """The clause at `start` tells of something done (做了产品演示), with no day or future word in it."""
    cs, ce = _clause(folded, start)
    part = folded[cs:ce]
    return bool(_PAST_HINT.search(part)) and not FUTURE_MARK.search(part) \
        and not any(cs <= d.span[0] < ce for d in dates)


def _kind(folded: str, futures: list[DateMention], dates: Sequence[DateMention] = ()) -> str | None:
    found: list[tuple[int, int, str]] = []
    for kind, pattern in KIND_PATTERNS.items():
        for m in pattern.finditer(folded):
            found.append((m.start(), -(m.end() - m.start()), kind))
    said: list[tuple[int, str]] = []
    for start, neg, kind in sorted(found):
        cs, ce = _clause(folded, start)
        end = start - neg
        if any(start - 5 <= d.span[1] <= start
               or (folded[start].isascii() and end <= d.span[0] < ce
                   and _KIND_THEN_DAY.fullmatch(folded[end:d.span[0]].strip()))
               for d in futures):
            continue
        if _KIND_FUTURE_BEFORE.search(folded[max(cs, start - 10):start]):
            continue
        said.append((cs, kind))
    if not said:
        # 肖总 电话 138…, 明天上门: nothing done now but a phone number given: the rep phoned
        return "call" if futures and _PHONE_GIVEN.search(folded) else None
    first_clause, kind = said[0]
    if kind == "visit" and any(k == "demo" and (c == first_clause or _done_clause(folded, c, dates)) for c, k in said):
        return "demo"  # 上门演示, 去X见了Y，做了产品演示: a demo done on site is a demo
    if kind == "visit" and any(c == first_clause and k == "meeting" for c, k in said):
        return "meeting"  # 来公司开会, 去X开会: the meeting says what was done there
    return kind


_STAGE_FUTURE = re.compile(r"(要|需要|准备|计划|打算|将|(?<![开约例周年晚早聚社])会|再|下周.?|明天|后天|下次|周[一二三四五六日天]|号|前)给?\s*$|给\s*$|\b(?:will|to|need to|needs to|going to)\s+(?:\w+\s+)?$")
# "moved to negotiation" says where the deal is now, not where it will go
_STAGE_MOVED = re.compile(r"\b(?:mov(?:ed|ing|es)|push(?:ed|ing)|advanc(?:ed|ing)|progress(?:ed|ing)|went|got|is now|now)\s+(?:in)?to\s+(?:the\s+)?$")
_PLAIN_WON = re.compile(r"(?<!续)(签约|签合同|签单|成交)(?!了吗|吗|前|之前|的可能|概率|时间|日期|仪式|流程|额|金额|率|量|价|单数|数|周期"
                        r"|\s*(?:要|又|可能|估计|得)?\s*(?:推|延|改|往后|挪|顺延|暂停|取消|搁置))")
_NOT_YET = re.compile(r"(去[^，,。；;了过]{0,12}?|预计|计划|准备|将|要|会|争取|等|待|希望|打算|能|可以|下周|下月|下个月|月底|年底|季度|前|号|日|月|周[一二三四五六日天]|没|未|不)\s*$")


_BRING = re.compile(r"^\s*(?:再|会|要)?\s*(?:带|发|给|交|送|提供|提交|出|做)")


def _coming(folded: str, m: re.Match, futures: Sequence[DateMention]) -> bool:
    """下周三带报价过去 / 报价下周三发过去: the stage word is something a coming day will bring."""
    for d in futures:
        if 0 <= m.start() - d.span[1] <= 5 and _BRING.match(folded[d.span[1]:m.start()]):
            return True
        if d.span[0] == m.end() and _BRING.match(folded[d.span[1]:d.span[1] + 4]):
            return True
    return False


def _day_done(folded: str, start: int, days: Sequence[DateMention]) -> bool:
    """上门 周三 报价 (said on Wednesday or after): the day right before the stage word is the
    activity's own day (today, a past day only, or a day a kind word names), not one still to come."""
    for d in days:
        if d.back and folded[d.span[1]:start].strip() == "" and \
                (d.ahead is None or d.back == d.ahead or _kind_before(folded, d.span[0])):
            return True
    return False


# a celebration mark says the thing happened: 周一签约仪式 🎉 (said on Wednesday) was this Monday
_CELEBRATED = re.compile(r"[🎉🎊🍾🥂🥳]|撒花|庆祝|圆满(?:完成|结束|成功)?|\b(?:celebrat\w*|hooray|yay)\b")
_CEREMONY = re.compile(r"签约仪式|签字仪式|签约典礼|签约会|\bsigning ceremony\b")


# a reminder of a thing to do (提醒我周五把合同寄回去): no signing said
_REMINDED = re.compile(r"提醒我|记得|别忘了|\bremind me\b")
# stamping or sending a contract back is a signing only once done (合同已盖章 / 盖好章了 / 盖章寄回来了)
_STAMPED = re.compile(r"盖|寄回")
# "the signed contract": signed as an adjective of a document is no signing said
_SIGNED_DOC = re.compile(r"^\s+(?:contract|copy|copies|agreement|po|order|version|documents?|paperwork|papers|sow|nda)\b")


_GOING_TO_SIGN = re.compile(r"(?:去|过去|前往|赶去)[^，,。；;了过]{0,12}$")


def _not_done_yet(folded: str, m: re.Match) -> bool:
    """A win word of something still to do: under an obligation or a deadline (之前把…, need to …), a
    stamping or sending back not said done, or "signed" describing a document. A win word inside a sign-off
    on a scope, a budget or a design (pilot scope signed off, 需求确认书签了) is an approval, no signing."""
    cs, ce = _clause(folded, m.start())
    if any(a.start() < m.end() and m.start() < a.end() for a in SIGN_OFF_APPROVAL.finditer(folded, cs, ce)):
        return True
    if OBLIGED.search(folded[cs:m.end()]) or _REMINDED.search(folded[cs:m.start()]):
        return True
    word = m.group(0)
    if "了" not in word and _GOING_TO_SIGN.search(folded[cs:m.start()]):
        return True  # 下午去瑞祥签单 / 现在过去签合同: going there to sign, not signed yet
    if _STAMPED.search(word) and not re.search(r"已|好|完", word) and "了" not in folded[m.end():ce]:
        return True
    return word == "signed" and bool(_SIGNED_DOC.match(folded[m.end():]))


# a signing still to come said as an estimate or an expectation (估计月底签, 预计下周能签下来, 争取签下来,
# 有望年底签约, should be signed by Friday, expected to sign): a close date, never a win. An expectation
# word says it alone; a hedge (估计, 应该, 可能) only with a coming day or a can / will after it (应该签了 alone
# may be a guess of a signing done)
_EXPECT_ZH = r"预计|预期|争取|力争|打算|计划|准备|有望|希望|期望|目标是"
_HEDGE_ZH = r"估计|应该|应当|可能|大概|也许|或许|说不定"
_EXPECTED_BEFORE = re.compile(rf"(?:{_EXPECT_ZH}|(?P<hedge>{_HEDGE_ZH}))[^，,。；;！!？?已]{{0,10}}$|"
                              r"\b(?:should|expect(?:ed|s)?\s+(?:to|it to|them to)|likely\s+to|hop(?:e|es|ing)\s+to|hopefully|"
                              r"aim(?:s|ing)?\s+to|plan(?:s|ned|ning)?\s+to|set\s+to|due\s+to|on\s+track\s+to|going\s+to|will|'ll|"
                              r"would|could|might|may|must|need(?:s)?\s+to)\s+(?:(?:be|get|have|probably|likely|definitely|)\s*"
                              r"(?:it|them|this|that|the \w+)?\s*){0,3}$")
_MODAL_ZH = re.compile(r"能|会|要|可以|就")
_SIGN_WORD = re.compile(r"签|sign")


def _expected(folded: str, m: re.Match, days: Sequence[DateMention]) -> bool:
    """The win word `m` is a signing still expected: an expectation before it in its clause, or a hedge
    with a coming day or a can / will between it and the word, or a hedge before a word with no 了."""
    cs, _ce = _clause(folded, m.start())
    e = _EXPECTED_BEFORE.search(folded, cs, m.start())
    if e is None:
        return False
    if e.group("hedge") is None:
        return True
    between = folded[e.end("hedge"):m.start()]
    return "了" not in m.group(0) or bool(_MODAL_ZH.search(between)) or \
        any(d.ahead is not None and e.end("hedge") <= d.span[0] and d.span[1] <= m.start() for d in days)


def _signing_ahead(folded: str, start: int, days: Sequence[DateMention]) -> bool:
    """A signing said still to come after `start` (价格谈下来了，估计月底签 / 谈下来了，月底签): what came before
    was no signing."""
    return any(_expected(folded, s, days) or (
        not folded.startswith("了", s.end()) and
        any(d.back is None and d.ahead is not None and 0 <= s.start() - d.span[1] <= 3 for d in days))
        for s in _SIGN_WORD.finditer(folded, start))


# the price agreed (价格谈下来了, 折扣谈下来了): a step of the negotiation, no signing
_PRICE_AGREED = re.compile(r"(?:价格|价钱|价|折扣|优惠|条款|费用|单价|报价)(?:也|终于|基本|都)?$")


def _stage(folded: str, futures: Sequence[DateMention] = (),
           days: Sequence[DateMention] = ()) -> tuple[str | None, re.Match | None]:
    for terminal in ("lost", "won"):
        for m in STAGE_PATTERNS[terminal].finditer(folded):
            if terminal == "won" and (_not_done_yet(folded, m) or _expected(folded, m, days)):
                continue
            if terminal == "won" and not _SIGN_WORD.search(m.group(0)) and \
                    (_signing_ahead(folded, m.end(), days) or
                     (m.group(0).startswith("谈") and _PRICE_AGREED.search(folded, 0, m.start()))):
                continue
            return terminal, m
    ceremony = _CEREMONY.search(folded)
    if ceremony and _CELEBRATED.search(folded) and not futures:
        return "won", ceremony  # a celebrated signing ceremony with no coming day: signed
    for m in _PLAIN_WON.finditer(folded):
        cs, _ce = _clause(folded, m.start())
        coming = any(cs <= d.span[0] < m.start() for d in futures)  # 本周四 上门 签合同: not signed yet
        if not coming and not _NOT_YET.search(folded[max(cs, m.start() - 8):m.start()]) and not _expected(folded, m, days):
            return "won", m
    best = None
    for stage in STAGE_ORDER:
        for m in STAGE_PATTERNS[stage].finditer(folded):
            if stage == "proposal" and _coming(folded, m, futures):
                continue
            if not _STAGE_FUTURE.search(folded[max(0, m.start() - 6):m.start()]) \
                    or _day_done(folded, m.start(), days) \
                    or _STAGE_MOVED.search(folded[max(0, m.start() - 20):m.start()]):
                best = (stage, m)
                break
    if best and best[0] == "qualified" and _INTEREST_ONLY.fullmatch(best[1].group(0)):
        first = STAGE_PATTERNS["lead"].search(folded)
        if first:  # 初步接触，李工对方案感兴趣: interest on a first contact is still a lead
            return "lead", first
    return best if best else (None, None)


_INTEREST_ONLY = re.compile(r".*(?:兴趣|interested)")


def _lost_reason(text: str, folded: str, m: re.Match, customer: CustomerMatch | None = None) -> str | None:
    after = text[m.end():]
    if customer is not None and customer.span[0] >= m.end():  # "lost acme - went with …": the name is no reason
        after = text[m.end():customer.span[0]] + " " + text[customer.span[1]:]
    rest = re.sub(r"^[了啦\s，,。.!！;；:：\-—]+", "", after)
    if _CHOSE_OTHER.match(m.group(0)):
        rest = text[m.start():m.end()] + after  # "went with a competitor on price": who was chosen is the reason
    why = _LOST_REASON.search(rest) or _LOST_REASON.search(text[:m.start()])
    reason = _REASON_SUBJECT.sub("", (why.group(1) if why else rest).strip(" ，,。.!！;；"), count=1)
    return reason or None


_SIGN_AFTER_KIND = re.compile(r"^\s*(?:签|交|送|带|去|发|跟进)")


_FILLER = re.compile(r"\b(?:on|at|by|the|this|that|next|for|in|around|and|then|also)\b|[\s,，、:：.。;；-]+")


def _other_matter(folded: str, start: int, end: int) -> bool:
    """"visited X with Y, contract review on Monday": a day in a later clause about something else (words of its
    own, no kind word, no past marker) after the clause that says the activity is not the activity's day."""
    cs, ce = _clause(folded, start)
    if cs == 0 or not any(p.search(folded[:cs]) for p in KIND_PATTERNS.values()):
        return False
    own = folded[cs:start] + " " + folded[end:ce]
    if any(p.search(own) for p in KIND_PATTERNS.values()) or _PAST_HINT.search(own):
        return False
    return len(_FILLER.sub("", own)) >= 3


def _kind_follows(folded: str, end: int) -> bool:
    """周三上门 / 周六 电话 / 週五拜訪: a kind word right after the day makes it the activity's day
    (unless it goes on to something still to do: 周四上门签合同)."""
    i = end
    while i < len(folded) and folded[i] == " ":
        i += 1
    for pattern in KIND_PATTERNS.values():
        m = pattern.match(folded, i)
        if m and m.end() > i and not _SIGN_AFTER_KIND.match(folded[m.end():m.end() + 6]):
            return True
    return False


_DEAL_AFTER = re.compile(r"^\s*(?:有个|有一个|有|的)?\s*[0-9.一二三四五六七八九十百千万两]+\s*(?:万|w|k|m)?的?(?:项目|单子|单|订单|合同|采购|预算)")
# the rep's own work on a proposal or a quote (下个月出方案, 下周做报价): neither a closing nor a meeting with the customer
_OWN_WORK_AFTER = re.compile(r"^\s*(?:前|之前|以前|内)?\s*(?:再|会|要|就|先)?\s*(?:出|做|写|改|准备|整理)(?:一版|一份|一个|个|好|完)?"
                             r"(?:新的?|正式的?|详细的?)?(?:方案|报价单?|标书|计划书|建议书|预算表|样品|demo|演示)")
_OWN_WORK_BEFORE = re.compile(r"\b(?:prepar\w*|put(?:ting)? together|writ\w*|draft\w*|work(?:ing)? on|finish\w*|do|doing)\s+"
                              r"(?:(?:the|a|an|our|their|new|final|formal|detailed|revised)\s+)*(?:proposal|quote|quotation|bid|deck|sow)s?\s+"
                              r"(?:by|in|for|around|during|within|over)?\s*(?:the\s+)?$")
_FOLLOW_VERB_AFTER = re.compile(r"^\s*(?:前|之前|以前)?\s*(?:再|跟进|回访|联系|答复|回复|约|沟通|确认|提交|给|发|见|去|过去|拜访|上门)")
# a day the customer will pay on (下周付, 月底打款): money promised, no follow-up
_PAY_AFTER = re.compile(r"^\s*(?:前|之前)?\s*(?:会|能|就|再)?\s*(?:付|打款|回款|到账|汇款|转账|结款|\bpay\b|\bwill pay\b)")
# money said before a day it arrives on (全款下周到, 尾款月底前进来): the money's day, no follow-up
_ARRIVES_AFTER = re.compile(r"^\s*(?:前|之前|内)?\s*(?:会|能|就|应该|也)?\s*(?:到|进来|打过来|转过来|汇过来)(?![访场店厂公司我这])")
_MONEY_BEFORE = re.compile(r"款|钱|首付|定金|订金")
# a day followed by a contact again (下周二再电话跟进) is a follow-up, whatever deal word comes before it
_AGAIN_AFTER = re.compile(r"^\s*(?:再|跟进|回访|\bfollow[- ]?up\b|\bcheck in\b)")
# a stretch then a closing again (明年再签, 下个月再采购): the deal's close, no follow-up of the rep
_AGAIN_CLOSE = re.compile(r"^\s*再\s*(?:签|采购|下单|成交|续约|续签)")
_YEAR_WORD = re.compile(r"(?:明年|今年|后年|next year'?s?|this year'?s?)\s*$")
_LAST_DAYS = re.compile(r"^\s*(?:的)?(?:最后一天|最后几天|最后一周|最后冲刺|最后一个工作日)")
_PUSHED_TO = re.compile(r"(推迟到|延期到|延迟到|推到|延到|顺延到|改到|\b(?:pushed|postponed|delayed|moved|slipped|pushing|moving)\b(?:\s+\w+){0,3}\s+(?:to|until|into))\s*$")
def _kind_before(folded: str, start: int) -> bool:
    """on the phone Thu / f2f wed / 上门 周三: a kind word right before the day makes it the activity's day."""
    head = re.sub(r"(?:\s+on)?\s*$", "", folded[max(0, start - 24):start])
    return bool(head) and any(m.end() == len(head) and m.end() > m.start()
                              for pattern in KIND_PATTERNS.values() for m in pattern.finditer(head))


_NEGATED_CLOSE = re.compile(r"^\s*(?:前|之前|以前|内)?\s*(?:签约|签单|签|成交|采购|下单|落地|定)(?:不|没)")


def _slots(text: str, folded: str, dates: list[DateMention], has_deal_words: bool, today: date):
    """(activity date, follow-up date, close date, follow-up clause) from the day phrases, by slot."""
    activity = followup = close = None
    step, followup_vague = None, False
    for d in dates:
        s, e = d.span
        after, before = folded[e:e + 12], _YEAR_WORD.sub("", folded[max(0, s - 40):s])  # 推迟到明年Q2
        if _NEGATED_CLOSE.match(after):
            continue  # 年底前签不了: a day that will not happen is neither a close nor a follow-up
        if d.vague and _LAST_DAYS.match(after):
            continue  # Q4最后一天 / 年底最后冲刺: when the message is written, not a date it sets
        if d.back and activity is None and _CELEBRATED.search(folded) \
                and not (re.match(r"\s*(?:再|要|会|将|准备|计划|打算|前|之前)", after) or _FUTURE_BEFORE.search(before)):
            activity = d.back  # 周一签约仪式 🎉: celebrated, so already held
            continue
        if d.ahead and ((d.vague and _AGAIN_CLOSE.match(after)) or not _AGAIN_AFTER.match(after)
                        and (CLOSE_AFTER.match(after) or CLOSE_AFTER_EN.match(after) or CLOSE_BEFORE.search(before))):
            if close is None or _PUSHED_TO.search(before):  # 推到 Q1 replaces the close it moves
                close = d.ahead
                continue
        future = bool(_FUTURE_AFTER.match(after) or _FUTURE_BEFORE.search(before))
        if future and d.back is not None and d.back == d.ahead and not _FUTURE_BEFORE.search(before) \
                and "了" in folded[e:_clause(folded, s)[1]]:
            future = False  # 今天约了喝茶 / 今天再去了一趟: today's own activity, done (了), no follow-up of today
        if not future and d.back != d.ahead and _FUTURE_BEFORE_WEAK.search(before):
            cs, ce = _clause(folded, s)
            # "meeting on Monday, … demo this Friday": a coming day said later makes this one the activity's
            later_ahead = any(o.span[0] > s and o.back is None and o.ahead for o in dates)
            future = not _PAST_HINT.search(folded[cs:s]) and not _PAST_AFTER.match(folded[e:ce]) and not later_ahead
        if d.back and d.ahead and d.back != d.ahead and (d.ahead - d.back).days > 31 and (today - d.back).days > 60 \
                and (d.ahead - today) < (today - d.back) and not _PAST_HINT.search(folded[slice(*_clause(folded, s))]):
            future = True  # "12月3日" in November: a coming day, not one a year ago ("9/12" in December: September's)
        if d.back and (d.ahead is None or (d.back == d.ahead and not future)):
            if activity is None:
                activity = d.back
                continue
        if d.back and d.ahead and not future:
            cs, ce = _clause(folded, s)
            only_ahead = any(o is not d and o.back is None and o.ahead for o in dates)
            if activity is None and not _other_matter(folded, s, e) and (_PAST_HINT.search(folded[cs:ce]) or not has_deal_words or only_ahead
                                     or _kind_follows(folded, e) or _kind_before(folded, s)
                                     or (folded[s].isascii() and not FUTURE_MARK.search(folded[cs:ce]))):
                activity = d.back
                continue
        if d.ahead is None:
            continue
        if d.vague and close is None and has_deal_words and (
                "季" in d.said or "q" in d.said.lower() or _DEAL_AFTER.match(folded[e:_clause(folded, s)[1]])):
            close = d.ahead  # Q1 采购 / 年底有个200万的项目: the stretch the deal lands in
        elif _PAY_AFTER.match(after) or (_ARRIVES_AFTER.match(after) and _MONEY_BEFORE.search(folded, _clause(folded, s)[0], s)):
            continue  # 他说下周付 / they'll pay next week: the money's day, no follow-up of the rep
        elif d.ahead <= today and not future and not d.vague:
            continue  # 昨天打了电话 今天微信联系上了 / 这周进入谈判: today, said of no next step, is no follow-up
        elif followup is None or (followup_vague and not d.vague and close is None and has_deal_words):
            if followup is not None:  # 年底前… 下周二再过去: the stretch is the close, the day the follow-up
                close = followup
            followup, followup_vague = d.ahead, d.vague
            cs, ce = _clause(folded, s)
            step = text[cs:ce].strip(" ，,。.;；") or None
        elif close is None and has_deal_words and d.vague:
            close = d.ahead
    return activity, followup, close, step


# a person said to be away (卢总不在, Mary was out): not the one met
_ABSENT = re.compile(r"\s*(?:不在|没在|出差|休假|请假|外出|生病|没见到|没见着|\b(?:is|was) (?:out|away|off|sick)\b|"
                     r"\bwasn'?t (?:there|in|around)\b|\bnot (?:in|there|around)\b|\bout of (?:the )?office\b|\bon leave\b)")


def _absent(folded: str, name: str) -> bool:
    at = folded.find(name)
    return at >= 0 and bool(_ABSENT.match(folded, at + len(name)))


def _contact(text: str, directory: Directory, match: CustomerMatch | None,
             dates: Sequence[DateMention] = ()) -> tuple[str | None, str | None, int]:
    """(contact as written or stored, stored contact id, evidence 0/1); a day word (周四) is no one."""
    folded = fold(text)
    if match and match.contact and not _absent(folded, fold(match.contact.name).strip()):
        return match.contact.name, match.contact.id, 1
    ids = [match.customer_id] if match and match.customer_id else (match.candidates if match else [])
    if ids:
        stored = [p for p in directory.find_contacts(text, ids) if not _absent(folded, fold(p.name).strip())]
        if stored:
            return stored[0].name, stored[0].id, 1
    people = [p for p in person_mentions(text, exclude=match.span if match else None)
              if fold(p.name).strip() not in directory.colleagues and not _ABSENT.match(folded, p.span[1])
              and not any(d.span[0] <= p.span[0] and p.span[1] <= d.span[1] for d in dates)]
    if not people:
        return None, None, 0
    p = people[0]
    known = directory.resolve_contact(p.name, match.customer_id) if match and match.customer_id else None
    return (known.name, known.id, 1) if known else (p.name, None, 1)


def _longer_new_company(text: str, match: CustomerMatch, directory: Directory) -> CustomerMatch:
    """苏州天成精工 holds 天成 but says a city and a trade the stored 天成 does not have: a new company."""
    guess = new_company(text)
    if not guess or guess[0] == match.span or not (guess[0][0] <= match.span[0] and match.span[1] <= guess[0][1]):
        return match
    folded = fold(text)
    if _names_own_deal(folded[match.span[1]:], match, directory):
        return match  # 晨光食品设备采购项目: the stored customer's own deal title follows its name
    if _DEMONSTRATIVE.match(folded, match.span[1]):
        return match  # 海川那个设备采购: "that … of 海川" points into the customer, it is no longer name
    if folded[max(0, guess[0][0] - 1):guess[0][0] + 1] in _VERB_COMPLEMENT:
        return match  # 没去成华龙机械: 成 completes the verb, it is no part of a name
    extra = LEGAL_SUFFIX.sub("", (folded[guess[0][0]:match.span[0]] + folded[match.span[1]:guess[0][1]]).replace(" ", ""))
    names = [LEGAL_SUFFIX.sub("", fold(directory.customers[i].name))
             for i in ([match.customer_id] if match.customer_id else match.candidates)]
    words = re.findall(r"[a-z]+", folded[guess[0][0]:match.span[0]] + " " + folded[match.span[1]:guess[0][1]])
    if words and all(w in EN_TRADE and all(EN_TRADE[w] in n for n in names) for w in words):
        return match  # Lixin Freight: the trade word the stored 立信国际货运 says in Chinese
    # mostly characters the stored names lack (a typo like 华龙精蜜机械 shares most of them)
    if names and extra and all(sum(ch in n for ch in extra) * 2 < len(extra) for n in names):
        return CustomerMatch(span=guess[0], said=guess[1])
    return match


_DEMONSTRATIVE = re.compile(r"\s*(?:的)?(?:那个|这个|那笔|这笔|那单|这单|那件|那项|那套)")
_VERB_COMPLEMENT = {"去成", "见成", "谈成", "办成", "做成", "签成", "约成"}


def _names_own_deal(after: str, match: CustomerMatch, directory: Directory) -> bool:
    """The words right after a customer's name start the title of one of its open deals."""
    c = directory.customers.get(match.customer_id) if match.customer_id else None
    if c is None:
        return False
    return any(after.startswith(w) for d in directory.open_deals(c.id)
               for w, strength in title_words(d.title, c.name, c.aliases) if strength >= 2)


_NEW_MARK = re.compile(r"(?:新客户|新公司|新的客户|潜在客户|\bnew (?:customer|client|prospect|account))\s*[:：,，]?\s*(?:叫|是|名叫)?\s*$")
_RUN_STOP = set("了的在去见拜访给和跟与到说电微聊谈签报约有想要今昨明")


def _named_new_customer(text: str, match: CustomerMatch, directory: Directory) -> CustomerMatch:
    """新客户 佛山宏达 / 新客户 宏达陶瓷: a name written as a new customer that says more than a stored
    customer holds is that new company, never the stored one it contains."""
    folded = fold(text)
    start = match.span[0]
    while start > 0 and re.match(r"[\u4e00-\u9fff]", folded[start - 1]) and folded[start - 1] not in _RUN_STOP \
            and not _NEW_MARK.search(folded[:start]):
        start -= 1
    if not _NEW_MARK.search(folded[:start]) or not re.match(r"[\u4e00-\u9fff]", folded[match.span[0]]):
        return match
    end = match.span[1]
    while end < len(folded) and re.match(r"[\u4e00-\u9fff]", folded[end]) and folded[end] not in _RUN_STOP:
        end += 1
    extra = (folded[start:match.span[0]] + folded[match.span[1]:end])
    names = [fold(directory.customers[i].name) for i in ([match.customer_id] if match.customer_id else match.candidates)]
    if extra and names and not any(all(ch in n for ch in extra) for n in names):
        return CustomerMatch(span=(start, end), said=text[start:end])
    return match


_STATE_STAGES = ("lost", "negotiation", "won")
_WENT = re.compile(r"(?<![发寄传转递送过回出])去|拜访|上门|见了|见到|\b(?:went|visited|met|stopped by|dropped by)\b")


def _activity_said(dates: list[DateMention], activity: date | None) -> bool:
    """A past day placed in the activity slot (昨天 X 林总 谈判中) says something happened."""
    return activity is not None and any(d.back == activity for d in dates)


def read_log(text: str, speaker_id: str | None, today: date, directory: Directory, currency: str = "CNY",
             date_order: str = "mdy", clock: time | None = None, bare_times: bool = True) -> LogFacts:
    """Everything a rep's message says about a visit and a deal (offline rules). With the `clock` the
    message was sent at, a time of today still to come (今天下午 / 10点 / this afternoon) is a coming day
    (`intents.dates.later_today`; `bare_times`: a time with no day said before it is today's)."""
    folded = fold(text)
    dates = find_dates(text, today, date_order)
    if clock is not None:
        dates = later_today(text, dates, today, clock, bare_times)
    found = find_money(text, blocked=[d.span for d in dates])
    money = pick_amount(text, found)
    rejected = next((m for m in found if not getattr(m, 'plausible', True)), None)
    match = directory.find_customer(text, speaker_id)
    if match is not None and not match.contact:
        match = _named_new_customer(text, _longer_new_company(text, match, directory), directory)
    if match is None:
        guess = new_company(text)
        known = directory.customer_by_first_name(text, speaker_id) if guess else None
        if known is not None and guess is not None and known.span[0] < guess[0][1] and guess[0][0] < known.span[1]:
            match = known  # "remind me to call Grace": Grace is a contact of the rep's own, no new company
        elif guess:
            match = CustomerMatch(span=guess[0], said=guess[1])
        else:
            match = directory.customer_by_contact(text, speaker_id) or directory.customer_by_first_name(text, speaker_id)
    if match is not None:  # 明天医疗器械 / Tomorrow Labs: a day word inside the customer's name is no day
        dates = [d for d in dates if not (match.span[0] <= d.span[0] and d.span[1] <= match.span[1])]
    futures = [d for d in dates if d.back is None]
    stage, stage_m = _stage(folded, futures, dates)
    kind = _kind(folded, futures, dates)
    contact, contact_id, has_contact = _contact(text, directory, match, dates)
    if match is not None and match.candidates and contact_id:  # Skyline + Peter T.: the contact settles it
        owner = next((cid for cid in match.candidates if any(p.id == contact_id for p in directory.contacts.get(cid, ()))), None)
        if owner:
            match = CustomerMatch(span=match.span, said=match.said, customer_id=owner, name=directory.customers[owner].name)
    customer_name = (match.name or match.said) if match else None
    customer_id = match.customer_id if match else None
    candidates = (match.candidates or None) if match else None
    has_deal_words = bool(stage or money or re.search(r"签|合同|单子|项目|采购|预算|deal|contract|close|sign|budget|purchase", folded))
    activity, followup, close, step = _slots(text, folded, dates, has_deal_words, today)

    if followup and not kind and (stage or money) and \
            any(d.ahead == followup and (_OWN_WORK_AFTER.match(folded[d.span[1]:d.span[1] + 16]) or
                                         _OWN_WORK_BEFORE.search(folded, max(0, d.span[0] - 50), d.span[0])) for d in dates):
        followup = step = None  # 准备下个月出方案: the rep's own work on a coming day, no close and no visit
    if followup and not kind and (not has_contact or WORD_OF.search(folded)) and (stage or money) and any(d.vague and d.ahead == followup and not _FOLLOW_VERB_AFTER.match(folded[d.span[1]:d.span[1] + 12]) for d in dates):
        # 年底 腾达电子签了 40万 / 月底前 X 签了: a deal-only message's 月底/年底 is its closing time, not a visit
        if close is None and not (stage == "won" and followup > today):
            close = followup
        followup = step = None
    deal = None
    if stage or money or close:
        deal = DealUpdate(customer=customer_name, customer_id=customer_id, candidates=candidates, stage=stage,
                          amount=money.amount if money else None,
                          currency=(money.currency or currency) if money else None, close_date=close,
                          lost_reason=_lost_reason(text, folded, stage_m, match) if stage == "lost" and stage_m else None)
    visit = None
    # a contact named beside a deal's state (X梁思嘉说项目黄了, X石芳敏 商务谈判中) is its source, not an
    # activity; a quote handed to them (X邱波：报价已提交) or their word on timing still is
    # a day said with a win (上周五袁总那边签了) is the signing's day, no activity's: the contact is its source,
    # unless the rep went there (上周四去曹董那里把合同盖章拿回来了)
    if kind or followup or (has_contact and (stage not in _STATE_STAGES or (
            (stage != "won" or _WENT.search(folded)) and _activity_said(dates, activity)))) \
            or (deal is None and match is not None):
        visit = Visit(customer=customer_name, customer_id=customer_id, candidates=candidates, contact=contact,
                      contact_id=contact_id, kind=kind or "visit", date=activity or today,
                      summary=text.strip(), next_step=step if followup else None, followup_date=followup)
    evidence = sum(map(bool, (match, has_contact, kind, stage, money)))
    return LogFacts(visit=visit, deal=deal, customer=match, evidence=evidence, day=activity, dates=dates, money=money, rejected=rejected,
                    signals={"customer": match is not None, "contact": bool(has_contact), "kind": kind is not None,
                             "stage": stage is not None, "money": money is not None, "date": bool(dates)})
