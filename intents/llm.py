"""The optional LLM engine: any OpenAI-compatible endpoint through langchain-openai.

The model fills `LLMReading` with the message's words as written (customer, contact) and the
verbatim phrases for dates and amounts; our offline normalisers resolve those phrases, our
directory maps the customer to an id, and the result is validated. Any error, timeout or
invalid output returns None so that the caller falls back to the offline engine.
`structured_call` is the generic helper (also used for questions).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from domain.settings import secret
from domain.types import DealUpdate, Kind, ParseResult, Stage, Visit
from intents.dates import find_dates
from intents.directory import Directory
from intents.mentions import new_company
from intents.money import find_money
from intents.normalize import fold

log = logging.getLogger(__name__)
Method = Literal["json_schema", "function_calling", "json_mode"]


def pick_method(llm_settings: Any) -> Method:
    """The structured-output method: the setting, or by provider/endpoint when "auto"."""
    method = getattr(llm_settings, "method", "auto") or "auto"
    if method != "auto":
        return method
    base = (getattr(llm_settings, "base_url", "") or "").lower()
    return "json_schema" if not base or "api.openai.com" in base else "function_calling"


def structured_call(llm_settings: Any, schema: type[BaseModel], system: str, user: str) -> BaseModel | None:
    """Ask the configured model to fill `schema`; None on any error, timeout or invalid output."""
    if getattr(llm_settings, "provider", "none") != "openai":
        return None
    try:
        from langchain_openai import ChatOpenAI

        method = pick_method(llm_settings)
        model = ChatOpenAI(model=llm_settings.model or "gpt-4o-mini", base_url=llm_settings.base_url or None,
                           api_key=secret(getattr(llm_settings, "api_key", None)) or "not-needed",
                           timeout=llm_settings.timeout,
                           max_retries=0, temperature=0)
        if method == "json_mode":
            system = f"{system}\nAnswer with one JSON object only, matching this JSON schema:\n" \
                     f"{json.dumps(schema.model_json_schema(), ensure_ascii=False)}"
        runnable = model.with_structured_output(schema, method=method)
        got = runnable.invoke([("system", system), ("human", user)])
        if isinstance(got, schema):
            return got
        return schema.model_validate(got) if isinstance(got, dict) else None
    except (ValidationError, ValueError, TypeError) as e:
        log.warning("LLM output rejected: %s", str(e).splitlines()[0] if str(e) else type(e).__name__)
        return None
    except Exception as e:  # network, timeout, HTTP errors, parser errors of any provider
        log.warning("LLM call failed: %s: %s", type(e).__name__, str(e).splitlines()[0] if str(e) else "")
        return None


class LLMVisit(BaseModel):
    customer: str | None = Field(None, description="the customer company exactly as written in the message")
    contact: str | None = Field(None, description="the person met/called, as written (e.g. 张总, Mary Walker)")
    kind: Kind | None = Field(None, description="visit (on site), call, meeting (incl. video), demo, message (wechat/email/sms)")
    date_phrase: str | None = Field(None, description="verbatim words saying when it happened (e.g. 昨天, last Friday); null if not said")
    summary: str | None = Field(None, description="short summary in the message's language")
    next_step: str | None = Field(None, description="the next step as written, if any")
    followup_phrase: str | None = Field(None, description="verbatim words for when to follow up (e.g. 下周三, in 2 weeks)")


class LLMDeal(BaseModel):
    customer: str | None = Field(None, description="the customer company exactly as written")
    stage: Stage | None = Field(None, description="lead, qualified, proposal, negotiation, won, lost; null if not said")
    amount_phrase: str | None = Field(None, description="verbatim amount with its unit/currency (e.g. 50万, $80k); null if none")
    close_phrase: str | None = Field(None, description="verbatim words for the expected close/sign date (e.g. 月底, Q4)")
    lost_reason: str | None = None


class LLMReading(BaseModel):
    intent: Literal["log", "query", "command", "unknown"]
    visit: LLMVisit | None = None
    deal: LLMDeal | None = None


SYSTEM = (
    "You read one chat message from a sales rep (Chinese or English) for a CRM. intent: 'log' when it reports "
    "a customer activity and/or a deal update; 'query' when it asks a question about sales figures; 'command' "
    "for help/undo/cancel; 'unknown' for chit-chat. visit: the activity that happened (null if none). deal: "
    "present only when the message says something about a deal (stage, amount, close date, won or lost). "
    "Copy dates and amounts VERBATIM from the message into the *_phrase fields; never compute dates or convert "
    "amounts. Copy names exactly as written."
)


def _verbatim(phrase: str | None, text: str) -> str | None:
    if not phrase or fold(phrase).strip() not in fold(text):
        return None
    return phrase


def _day(phrase: str | None, text: str, today: date, back: bool) -> date | None:
    phrase = _verbatim(phrase, text)
    if not phrase:
        return None
    found = find_dates(phrase, today)
    if not found:
        return None
    return found[0].back if back else found[0].ahead


def _customer(written: str | None, text: str, speaker_id: str | None, directory: Directory):
    if not written:
        return None, None, None
    match = directory.find_customer(written, speaker_id)
    if match is None:
        guess = new_company(written)
        return (guess[1] if guess else written.strip()), None, None
    if match.customer_id:
        return match.name, match.customer_id, None
    settled = directory.find_customer(text, speaker_id)  # a contact in the message may settle it
    if settled and settled.customer_id and settled.customer_id in match.candidates:
        return settled.name, settled.customer_id, None
    return match.said, None, match.candidates


def reading_to_result(reading: LLMReading, text: str, speaker_id: str | None, today: date,
                      directory: Directory, currency: str, offline: ParseResult) -> ParseResult | None:
    """Resolve the model's phrases with the offline normalisers; None when the reading is unusable."""
    if reading.intent != "log":
        return ParseResult(intent=reading.intent, command=offline.command) if reading.intent == offline.intent \
            or reading.intent in ("query", "unknown") else None
    if reading.visit is None and reading.deal is None:
        return None
    visit = deal = None
    if reading.visit is not None:
        v = reading.visit
        name, cid, cands = _customer(v.customer, text, speaker_id, directory)
        contact = v.contact.strip() if v.contact and fold(v.contact).strip() in fold(text) else None
        contact_id = None
        stored = directory.resolve_contact(contact, cid) if cid and contact else None
        if stored:
            contact, contact_id = stored.name, stored.id
        visit = Visit(customer=name, customer_id=cid, candidates=cands, contact=contact, contact_id=contact_id,
                      kind=v.kind or "visit", date=_day(v.date_phrase, text, today, back=True),
                      summary=(v.summary or text).strip(), next_step=v.next_step,
                      followup_date=_day(v.followup_phrase, text, today, back=False))
    if reading.deal is not None:
        d = reading.deal
        name, cid, cands = _customer(d.customer or (reading.visit.customer if reading.visit else None), text,
                                     speaker_id, directory)
        money = find_money(_verbatim(d.amount_phrase, text) or "") if d.amount_phrase else []
        if d.amount_phrase and not money:
            money = find_money("金额 " + (_verbatim(d.amount_phrase, text) or ""))
        deal = DealUpdate(customer=name, customer_id=cid, candidates=cands, stage=d.stage,
                          amount=money[0].amount if money else None,
                          currency=(money[0].currency or currency) if money else None,
                          close_date=_day(d.close_phrase, text, today, back=False), lost_reason=d.lost_reason)
        if deal.stage is None and deal.amount is None and deal.close_date is None:
            deal = None
    visit = _fill(visit, offline.visit)
    if visit is not None and visit.date is None:
        visit.date = today
    return ParseResult(intent="log", visit=visit, deal=_fill(deal, offline.deal), engine="llm")


def _fill(part, rules):
    """Fields the model left empty, taken from the offline reading of the same customer."""
    if part is None or rules is None or part.customer_id != rules.customer_id:
        return part
    gaps = {k: v for k, v in rules.model_dump().items() if v is not None and getattr(part, k) is None}
    return part.model_copy(update=gaps)


def llm_parse(llm_settings: Any, text: str, speaker_id: str | None, today: date, directory: Directory,
              currency: str, offline: ParseResult) -> ParseResult | None:
    """The LLM reading of a message, resolved and validated; None to fall back to `offline`."""
    user = f"Today is {today.isoformat()} ({today:%A}). Message: {text}"
    reading = structured_call(llm_settings, LLMReading, SYSTEM, user)
    if not isinstance(reading, LLMReading):
        return None
    return reading_to_result(reading, text, speaker_id, today, directory, currency, offline)
