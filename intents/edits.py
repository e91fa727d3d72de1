"""Edits in words to the record just saved: "金额改成65万", "不是明德食品，是明德建材",
"日期是昨天", "跟进改到下周一", "stage should be negotiation", "change the amount to $80k".

`parse_edit` returns a typed `EditRequest` (the field and its new value, resolved with the same
normalisers as capture), or None when the text is no edit.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from intents.dates import find_dates
from intents.directory import Directory
from intents.lexicon import KIND_PATTERNS, STAGE_PATTERNS
from intents.mentions import new_company
from intents.money import find_money
from intents.normalize import fold
from intents.types import Kind, Stage

FIELD_WORDS: list[tuple[str, str]] = [
    ("close_date", r"签约日期|预计签约|成交日期|签单日期|close date|closing date|expected close"),
    ("followup_date", r"跟进日期|跟进时间|下次跟进|回访日期|跟进|回访|follow[- ]?up(?: date)?|next step date"),
    ("date", r"日期|时间|拜访日期|date|day"),
    ("amount", r"金额|价格|预算|合同额|报价|amount|value|price|budget|deal size"),
    ("currency", r"币种|货币|currency"),
    ("stage", r"阶段|状态|stage|status"),
    ("kind", r"类型|方式|kind|type"),
    ("contact", r"联系人|对接人|见的人|contact|person"),
    ("customer", r"客户|公司|customer|company|account"),
    ("summary", r"内容|摘要|备注|summary|notes?"),
]
_VERB = r"\s*(?:改成|改为|改到|换成|更正为|更改为|修改为|应该是|应为|是|=|:|：|\s+(?:should be|is|to)\s+|\s+changed? to\s+)\s*"
_FIELD_EDIT = re.compile(rf"^\s*(?:把|将)?\s*(?:the\s+)?({'|'.join(w for _, w in FIELD_WORDS)})(?:\s*(?:应该|改|换))?{_VERB}(.+?)\s*[。.!！]?\s*$", re.I)
_CHANGE_TO = re.compile(rf"^\s*(?:change|set|update|make)\s+(?:the\s+)?({'|'.join(w for _, w in FIELD_WORDS)})\s+to\s+(.+?)\s*[.!]?\s*$", re.I)
_VALUE_ONLY = re.compile(r"^\s*(?:改成|改为|换成|应该是|应为|更正为|(?:should be|make it|change it to)\s)\s*(.+?)\s*[。.!！]?\s*$", re.I)
_NOT_BUT = re.compile(r"^\s*(?:不是|not)\s*(.+?)\s*[，,;；]?\s*(?:而是|是|it'?s|but)\s*(.+?)\s*[。.!！]?\s*$", re.I)


class EditRequest(BaseModel):
    """One field of the last record and its new value (only that field is set)."""

    field: str
    raw: str
    customer: str | None = None
    customer_id: str | None = None
    candidates: list[str] | None = None
    amount: float | None = None
    currency: str | None = None
    stage: Stage | None = None
    close_date: dt.date | None = None
    date: dt.date | None = None
    followup_date: dt.date | None = None
    contact: str | None = None
    kind: Kind | None = None
    summary: str | None = None


def _field_of(word: str) -> str:
    w = fold(word)
    for name, pattern in FIELD_WORDS:
        if re.fullmatch(pattern, w, re.I):
            return name
    return "summary"


def _value(field: str, value: str, raw: str, today: date, directory: Directory | None, speaker_id: str | None,
           currency: str) -> dict[str, Any] | None:
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
        m = re.search(r"[a-z]{3}", fold(value))
        cur = {"美元": "USD", "美金": "USD", "人民币": "CNY", "元": "CNY"}.get(value.strip(), m.group(0).upper() if m else None)
        return {"currency": cur} if cur else None
    if field == "stage":
        for stage in ("lost", "won", "negotiation", "proposal", "qualified", "lead"):
            if STAGE_PATTERNS[stage].search(fold(value)) or fold(value).strip() == stage:
                return {"stage": stage}
        return None
    if field == "kind":
        for kind, pattern in KIND_PATTERNS.items():
            if pattern.search(fold(value)) or fold(value).strip() == kind:
                return {"kind": kind}
        return None
    if field == "customer":
        return _customer(value, directory, speaker_id)
    return {field: value.strip()}


def _customer(value: str, directory: Directory | None, speaker_id: str | None) -> dict[str, Any]:
    match = directory.find_customer(value, speaker_id) if directory else None
    if match is None:
        guess = new_company(value)
        return {"customer": guess[1] if guess else value.strip(), "customer_id": None}
    if match.customer_id:
        return {"customer": match.name, "customer_id": match.customer_id}
    return {"customer": match.said, "customer_id": None, "candidates": match.candidates}


def parse_edit(text: str, *, speaker_id: str | None = None, now: datetime | date | None = None,
               directory: Directory | None = None, settings: Any = None, currency: str | None = None) -> EditRequest | None:
    """The edit a message asks for, or None when it is no edit."""
    tz = getattr(getattr(settings, "org", None), "tz", None)
    if isinstance(now, datetime):
        today = (now.astimezone(tz) if tz is not None and now.tzinfo else now).date()
    else:
        today = now or date.today()
    cur = currency or (getattr(getattr(settings, "org", None), "currency", None) or "CNY")
    m = _NOT_BUT.match(text)
    if m:
        got = _customer(m.group(2), directory, speaker_id)
        return EditRequest(field="customer", raw=text, **got)
    m = _FIELD_EDIT.match(text) or _CHANGE_TO.match(text)
    if not m:
        v = _VALUE_ONLY.match(text)
        return _guess_field(v.group(1), text, today, directory, speaker_id, cur) if v else None
    field = _field_of(m.group(1))
    got = _value(field, m.group(2), text, today, directory, speaker_id, cur)
    if not got:
        return None
    return EditRequest(field=field, raw=text, **got)


def _guess_field(value: str, raw: str, today: date, directory: Directory | None, speaker_id: str | None,
                 currency: str) -> EditRequest | None:
    """"改成电话" / "should be $80k": the field follows from what the value is."""
    folded = fold(value)
    if find_money(value):
        field = "amount"
    elif any(STAGE_PATTERNS[s].search(folded) for s in STAGE_PATTERNS):
        field = "stage"
    elif any(p.search(folded) for p in KIND_PATTERNS.values()):
        field = "kind"
    elif find_dates(value, today):
        field = "date" if find_dates(value, today)[0].back else "followup_date"
    elif directory is not None and directory.find_customer(value, speaker_id) or new_company(value):
        field = "customer"
    else:
        return None
    got = _value(field, value, raw, today, directory, speaker_id, currency)
    return EditRequest(field=field, raw=raw, **got) if got else None


def looks_like_edit(text: str) -> bool:
    """True when the text reads as an edit of the last record (no customer of its own)."""
    return bool(_NOT_BUT.match(text) or _FIELD_EDIT.match(text) or _CHANGE_TO.match(text) or _VALUE_ONLY.match(text))
