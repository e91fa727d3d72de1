"""Edits in words to the record just saved: "金额改成65万", "不是明德食品，是明德建材",
"日期是昨天", "跟进改到下周一", "stage should be negotiation", "actually it was yesterday",
"amount 650k", "follow up on Friday instead", "不对，是65万", "not Acme, it was Apex".

An edit is a field word, a change verb and a value ("date was yesterday"), a value alone after a
change verb ("it was a call", "改成电话"), or a contrast ("不是X，是Y" / "Y, not X"). `parse_edit`
returns a typed `EditRequest` (the field and its new value, resolved with the same normalisers as
capture: dates by slot, money, the directory for customers), or None when the text is no edit;
`edit_form` tells which of these forms a text has, so the registry can tell an edit from a log.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel

from domain.types import Kind, Stage
from intents.dates import find_dates
from intents.directory import Directory
from intents.lexicon import KIND_PATTERNS, STAGE_PATTERNS
from intents.mentions import new_company
from intents.money import find_money
from intents.normalize import fold

FIELD_WORDS: list[tuple[str, str]] = [
    ("close_date", r"签约日期|签约时间|预计签约(?:日期|时间)?|成交日期|成交时间|预计成交(?:日期|时间)?|签单日期|签单时间|"
                   r"close date|closing date|expected close(?: date)?|close"),
    ("followup_date", r"跟进日期|跟进时间|下次跟进(?:时间|日期)?|回访日期|回访时间|下次联系(?:时间)?|跟进|回访|"
                      r"next follow[- ]?up(?: date)?|follow[- ]?ups?(?: date| day)?|next step date|next contact"),
    ("date", r"拜访日期|拜访时间|日期|时间|日子|visit date|meeting date|date|day|the (?:meeting|call|visit|demo)"),
    ("amount", r"金额|价格|预算|合同额|合同金额|报价|金额数|amount|deal amount|deal value|deal size|value|price|budget"),
    ("currency", r"币种|货币|currency"),
    ("stage", r"阶段|商机阶段|状态|stage|deal stage|status"),
    ("kind", r"类型|方式|拜访方式|kind|type|activity type|activity"),
    ("contact", r"联系人|对接人|见的人|见的是|contact person|contact|person"),
    ("customer", r"客户名称|客户名|客户|公司|customer|company|account|client"),
    ("summary", r"内容|摘要|备注|summary|notes?"),
]
_FIELDS = "|".join(w for _, w in FIELD_WORDS)
# fields whose value is checked (a date, money, a stage): only these may follow their word bare ("amount 650k")
_CHECKED = {"close_date", "followup_date", "date", "amount", "currency", "stage", "kind"}

# leading "that was wrong" words and trailing "instead" words around an edit
_LEAD = re.compile(r"^\s*(?:(?:不对|不是的|错了|说错了|写错了|搞错了|记错了|弄错了|更正(?:一下)?|纠正(?:一下)?|其实|哦|噢|啊|呃|抱歉|"
                   r"(?:sorry|oops|no|nope|wait|correction|actually|my bad|my mistake|typo|ah|oh)\b)\s*[,，、:：.。!！;；-]*\s*)+", re.I)
_TAIL = re.compile(r"\s*(?:instead|actually|please|pls|then|才对|就行|就好|吧)?\s*[。.!！~～]*\s*$", re.I)

_VERB = (r"(?:改成|改为|改到|改在|改|换成|换到|更正为|更改为|修改为|调整为|调整到|应该是|应该为|应为|应是|其实是|实际是|是|为|=|:|：|"
         r"\s+(?:should (?:be|have been)|should'?ve been|needs? to be|is actually|was actually|is|was|were|to|"
         r"changed? to|moved? to|on|for|by|at)\s+)")
# 刚才那条客户写错了 应该是聚力: "the last entry's" before the field, "was wrong" after it
_FIELD_EDIT = re.compile(rf"^\s*(?:把|将)?\s*(?:(?:刚才|刚刚|上一条|上条)(?:那条|那个)?(?:记录)?的?)?\s*(?:the\s+|my\s+)?({_FIELDS})"
                         rf"(?:\s*(?:写错了|记错了|搞错了|错了|不对)\s*[,，、]?)?(?:\s*(?:应该|改|换))?\s*{_VERB}\s*(.+?)\s*$", re.I)
_FIELD_BARE = re.compile(rf"^\s*(?:the\s+)?({_FIELDS})\s*[:：]?\s*(.+?)\s*$", re.I)
_CHANGE_TO = re.compile(rf"^\s*(?:change|set|update|make|move|push|correct)\s+(?:the\s+|my\s+)?({_FIELDS})\s+(?:to|as|for)\s+(.+?)\s*$",
                        re.I)
_VALUE_ONLY = re.compile(r"^\s*(?:改成|改为|改到|换成|应该是|应为|更正为|其实是|实际是|是|"
                         r"(?:it\s+)?(?:should (?:be|have been)|should'?ve been|was|were)\s|it\s+is\s|it'?s\s|make it\s|change it to\s|"
                         r"change to\s|set it to\s|i meant\s|i mean\s|我是说|我说的是|意思是)\s*(.+?)\s*$", re.I)
_NOT_BUT = re.compile(r"^\s*(?:不是|并不是|not\b)\s*(.+?)\s*[，,;；]?\s*(?:而是|是|it\s+was|it'?s|it\s+is|but|should be|[，,;；])\s*(.+?)\s*$", re.I)
_BUT_NOT = re.compile(r"^\s*(.+?)\s*[，,;；]\s*(?:而)?(?:不是|not\b)\s*(.{1,24}?)\s*$", re.I)
_WRONG_FIELD = re.compile(rf"^\s*(?:(?:wrong|incorrect)\s+(?:the\s+)?({_FIELDS})|(?:the\s+)?({_FIELDS})\s*(?:错了|写错了|记错了|填错了|不对|"
                          r"is wrong|was wrong))\s*[,，、:：;；-]*\s*(?:it\s+was|it'?s|it\s+is|should\s+be|should\s+have\s+been|"
                          r"was|应该是|应为|是)?\s*(.+?)\s*$", re.I)
_FIELD_NOT_BUT = re.compile(rf"^\s*(?:the\s+)?({_FIELDS})\s*(?:不是|并不是|is not|isn'?t|wasn'?t|was not|not)\s*(.+?)\s*[，,;；]?\s*"
                            r"(?:而是|是|it\s+was|it'?s|it\s+is|but)\s*(.+?)\s*$", re.I)
_THEN_FOLLOW = re.compile(r"^\s*(?:改到|改成|换到)?\s*(.+?)\s*(?:再)?(?:跟进|回访|联系)(?:一下|吧)?\s*$")
_NOT_OLD = re.compile(r"\s*[，,;；]?\s*(?:而不是|不是|\bnot\b|\brather than\b|\binstead of\b).*$", re.I)
_NAME_LIKE = re.compile(r"^(?:[\u4e00-\u9fff]{2,16}|[A-Z][\w&'.-]*(?:\s+[A-Z&][\w&'.-]*){0,4})$")

# a question ("时间是多少", "is that a call?") or a remark ("was a good meeting", "amount is fine") is no edit
_NOT_AN_EDIT = re.compile(r"[?？]\s*$|[吗呢嘛]\s*[。.!！]*$|多少|哪(?:天|个|些|里|位|家)|什么|怎么|几(?:号|点|天|个|次|时)|"
                          r"不错|很好|挺好|顺利|愉快|成功|开心|\b(?:what|when|which|who|whom|how|why|good|great|nice|productive|"
                          r"useful|fun|bad|long|short|quick|fine|ok|okay|awesome|tough|hard|positive|negative|successful|"
                          r"interesting|busy|helpful)\b", re.I)

EditForm = Literal["field", "contrast", "bare", "value"]


class EditRequest(BaseModel):
    """One field of the last record and its new value (only that field is set)."""

    field: str
    raw: str
    customer: str | None = None
    customer_id: str | None = None
    candidates: list[str] | None = None
    out_of_view: bool = False  # the new customer named is one the speaker may not see: nothing to change
    amount: float | None = None
    currency: str | None = None
    stage: Stage | None = None
    close_date: dt.date | None = None
    date: dt.date | None = None
    followup_date: dt.date | None = None
    contact: str | None = None
    kind: Kind | None = None
    summary: str | None = None


def _core(text: str) -> str:
    """The text without "不对，" / "actually" in front and "instead" / "才对" behind."""
    return _TAIL.sub("", _LEAD.sub("", text or "", count=1))


def _field_of(word: str) -> str:
    w = fold(word)
    for name, pattern in FIELD_WORDS:
        if re.fullmatch(pattern, w, re.I):
            return name
    return "summary"


def edit_form(text: str) -> EditForm | None:
    """Which edit form a text has: "field" (field word + change verb + value), "contrast" (不是X，是Y),
    "bare" (field word + value, "amount 650k"), "value" (a value after a change verb, "it was a call";
    also "Y, not X"), or None. Only the syntax: `parse_edit` says whether the value resolves."""
    core = _core(text)
    if _NOT_AN_EDIT.search(core):
        return None
    if _NOT_BUT.match(core) or _FIELD_NOT_BUT.match(core):
        return "contrast"
    if _WRONG_FIELD.match(core) or _FIELD_EDIT.match(core) or _CHANGE_TO.match(core):
        return "field"
    m = _FIELD_BARE.match(core)
    if m and _field_of(m.group(1)) in _CHECKED:
        return "bare"
    if _VALUE_ONLY.match(core) or _BUT_NOT.match(core) or _THEN_FOLLOW.match(core):
        return "value"
    return None


def _value(field: str, value: str, today: date, directory: Directory | None, speaker_id: str | None,
           currency: str | None) -> dict[str, Any] | None:
    value = _NOT_OLD.sub("", value) or value  # "65万不是60万": the new value is the first
    if field in ("date", "followup_date", "close_date"):
        found = find_dates(value, today)
        if not found:
            return None
        d = found[0].back if field == "date" else found[0].ahead
        return {field: d or found[0].back or found[0].ahead}
    if field == "amount":
        money = find_money(value) or find_money("金额 " + value)
        if not money:
            return None
        return {"amount": money[0].amount, "currency": money[0].currency or currency}
    if field == "currency":
        m = re.search(r"\b(usd|cny|rmb|eur|gbp|jpy|hkd)\b", fold(value))
        cur = {"美元": "USD", "美金": "USD", "人民币": "CNY", "元": "CNY", "欧元": "EUR", "港币": "HKD"}.get(
            value.strip(), m.group(1).upper().replace("RMB", "CNY") if m else None)
        return {"currency": cur} if cur else None
    if field == "stage":
        folded = fold(value)
        for stage in ("lost", "won", "negotiation", "proposal", "qualified", "lead"):
            if STAGE_PATTERNS[stage].search(folded) or folded.strip() == stage:
                return {"stage": stage}
        return None
    if field == "kind":
        folded = fold(value)
        for kind, pattern in KIND_PATTERNS.items():
            if pattern.search(folded) or folded.strip() == kind:
                return {"kind": kind}
        return None
    if field == "customer":
        return _customer(value, directory, speaker_id)
    value = value.strip(" \"'“”「」")
    return {field: value} if value else None


def _customer(value: str, directory: Directory | None, speaker_id: str | None) -> dict[str, Any] | None:
    value = value.strip(" \"'“”「」")
    match = directory.find_customer(value, speaker_id) if directory else None
    if match is None:
        guess = new_company(value)
        if guess:
            return {"customer": guess[1], "customer_id": None}
        return {"customer": value, "customer_id": None} if _NAME_LIKE.match(value) else None
    if match.customer_id:
        return {"customer": match.name, "customer_id": match.customer_id}
    if match.out_of_view:
        return {"customer": match.said, "customer_id": None, "out_of_view": True}
    return {"customer": match.said, "customer_id": None, "candidates": match.candidates}


def parse_edit(text: str, *, speaker_id: str | None = None, now: datetime | date | None = None,
               directory: Directory | None = None, settings: Any = None, currency: str | None = None) -> EditRequest | None:
    """The edit a message asks for, or None when it is no edit (or its value does not resolve).
    `currency` is the record's currency, for money said without one (else the amount alone changes)."""
    tz = getattr(getattr(settings, "org", None), "tz", None)
    if isinstance(now, datetime):
        today = (now.astimezone(tz) if tz is not None and now.tzinfo else now).date()
    else:
        today = now or date.today()
    cur = currency  # money without a currency keeps the record's ("amount 650k" on a dollar deal)
    core = _core(text)
    if _NOT_AN_EDIT.search(core):
        return None
    m = _FIELD_NOT_BUT.match(core)
    if m:
        field = _field_of(m.group(1))
        got = _value(field, m.group(3), today, directory, speaker_id, cur)
        return EditRequest(field=field, raw=text, **got) if got else None
    m = _NOT_BUT.match(core)
    if m:
        return _guess_field(m.group(2), text, today, directory, speaker_id, cur, old=m.group(1))
    w = _WRONG_FIELD.match(core)
    if w:
        field = _field_of(w.group(1) or w.group(2))
        got = _value(field, w.group(3), today, directory, speaker_id, cur)
        return EditRequest(field=field, raw=text, **got) if got else None
    m = _FIELD_EDIT.match(core) or _CHANGE_TO.match(core)
    if not m:
        bare = _FIELD_BARE.match(core)
        m = bare if bare and _field_of(bare.group(1)) in _CHECKED else None
    if m:
        field = _field_of(m.group(1))
        got = _value(field, m.group(2), today, directory, speaker_id, cur)
        return EditRequest(field=field, raw=text, **got) if got else None
    v = _VALUE_ONLY.match(core)
    if v:
        return _guess_field(v.group(1), text, today, directory, speaker_id, cur)
    v = _BUT_NOT.match(core)
    if v and _replaceable(v.group(2), today, directory, speaker_id):
        return _guess_field(v.group(1), text, today, directory, speaker_id, cur, old=v.group(2))
    v = _THEN_FOLLOW.match(core)  # "下周三再跟进": the follow-up day
    if v:
        got = _value("followup_date", v.group(1), today, directory, speaker_id, cur)
        return EditRequest(field="followup_date", raw=text, **got) if got else None
    return None


def _replaceable(old: str, today: date, directory: Directory | None, speaker_id: str | None) -> bool:
    """"Y, not X" is a contrast edit only when X is a value a field could hold (an amount, stage, kind,
    day, customer or known contact): "华龙机械，不是决策人" notes a fact about the contact, it edits nothing."""
    if _field_of_value(old, today, directory, speaker_id) is not None:
        return True
    return bool(directory is not None and directory.find_contacts(old))


def _field_of_value(value: str, today: date, directory: Directory | None, speaker_id: str | None) -> str | None:
    """The field a bare value fills: money → amount, a stage word → stage, 电话 → kind, a day → date
    (a past day) or follow-up (a coming one), a company → customer."""
    folded = fold(value)
    if find_money(value):
        return "amount"
    if any(STAGE_PATTERNS[s].search(folded) for s in STAGE_PATTERNS):
        return "stage"
    if any(p.search(folded) for p in KIND_PATTERNS.values()):
        return "kind"
    found = find_dates(value, today)
    if found:
        return "date" if found[0].back else "followup_date"
    if directory is not None and directory.find_customer(value, speaker_id) or new_company(value):
        return "customer"
    return None


def _guess_field(value: str, raw: str, today: date, directory: Directory | None, speaker_id: str | None,
                 currency: str | None, old: str | None = None) -> EditRequest | None:
    """"改成电话" / "should be $80k" / "不是60万，是65万": the field follows from what the value is
    (or, in a contrast, from what the old value was: "not Pinecrest, it was Clearpath" is the customer)."""
    value = _NOT_OLD.sub("", value) or value
    field = _field_of_value(value, today, directory, speaker_id)
    if field is None and old is not None:
        field = _field_of_value(old, today, directory, speaker_id) or "customer"
        if field not in ("customer", "kind", "stage"):
            return None
    if field is None:
        return None
    got = _value(field, value, today, directory, speaker_id, currency)
    return EditRequest(field=field, raw=raw, **got) if got else None


def looks_like_edit(text: str) -> bool:
    """True when the text has the form of an edit of the last record (see `edit_form`)."""
    return edit_form(text) is not None
