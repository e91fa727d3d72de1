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
from typing import Any, Literal, cast

from pydantic import BaseModel, Field, ValidationError

from domain.settings import secret
from domain.types import DealUpdate, Kind, ParseResult, Stage, Visit
from intents.dates import find_dates
from intents.directory import Directory
from intents.lexicon import STAGE_PATTERNS
from intents.llm_http import capped_client
from intents.mentions import new_company
from intents.money import Money, find_money
from intents.normalize import fold

log = logging.getLogger(__name__)
Method = Literal["json_schema", "function_calling", "json_mode"]


def pick_method(llm_settings: Any) -> Method:
    """The structured-output method: the setting, or by provider/endpoint when "auto"."""
    method = getattr(llm_settings, "method", "auto") or "auto"
    if method != "auto":
        return cast(Method, method)  # the settings accept only these methods
    base = (getattr(llm_settings, "base_url", "") or "").lower()
    return "json_schema" if not base or "api.openai.com" in base else "function_calling"


def structured_call(llm_settings: Any, schema: type[BaseModel], system: str, user: str) -> BaseModel | None:
    """Ask the configured model to fill `schema`; None on any error, timeout or invalid output."""
    if getattr(llm_settings, "provider", "none") != "openai":
        return None
    try:
        from langchain_openai import ChatOpenAI

        method = pick_method(llm_settings)
        if method == "json_mode":
            system = f"{system}\nAnswer with one JSON object only, matching this JSON schema:\n" \
                     f"{json.dumps(schema.model_json_schema(), ensure_ascii=False)}"
        with capped_client(llm_settings.timeout) as client:  # the answer is read at most 1 MB
            model = ChatOpenAI(model=llm_settings.model or "gpt-4o-mini", base_url=llm_settings.base_url or None,
                               api_key=secret(getattr(llm_settings, "api_key", None)) or "not-needed",
                               timeout=llm_settings.timeout, max_retries=0, temperature=0, http_client=client)
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


# caps on what the model may hand us as free text (a hostile endpoint could return megabytes)
CAPS = {"summary": 500, "next_step": 200, "lost_reason": 200, "contact": 40, "customer": 80, "phrase": 40}
MAX_AMOUNT = 1e11  # no plausible deal is larger, in any currency


def _cap(value: str | None, key: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value[:CAPS[key]] or None


def _verbatim(phrase: str | None, text: str) -> str | None:
    phrase = _cap(phrase, "phrase")
    if not phrase or fold(phrase) not in fold(text):
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


class Unsupported(Exception):
    """The model named something the message does not say: the built-in reading wins."""


def _in_message(directory: Directory, text: str, speaker_id: str | None, offline: ParseResult) -> set[str]:
    """Customer ids the message itself names (as written, alias or short form), by our own reading."""
    ids: set[str] = set()
    finder = getattr(directory, "find_customers", None)
    matches = finder(text, speaker_id) if finder else [directory.find_customer(text, speaker_id)]
    for m in matches:
        if m is not None:
            ids.update([m.customer_id] if m.customer_id else m.candidates or [])
    for rec in [*offline.records, offline.visit, offline.deal]:
        cid = getattr(rec, "customer_id", None) if rec is not None else None
        ids.update([cid] if cid else (getattr(rec, "candidates", None) or []) if rec is not None else [])
    return ids


def _may_see(directory: Directory, customer_id: str, speaker_id: str | None) -> bool:
    check = getattr(directory, "may_see", None)
    return True if check is None else bool(check(customer_id, speaker_id))


def _customer(written: str | None, text: str, speaker_id: str | None, directory: Directory, offline: ParseResult):
    """(name, id, candidates) of the customer the model names, checked like a stranger's word: it
    must be written in the message (as is, or the stored customer the message names by alias or
    short form) and visible to the speaker; else Unsupported."""
    written = _cap(written, "customer")
    if not written:
        return None, None, None
    said = fold(written) in fold(text)
    match = directory.find_customer(written, speaker_id)
    if match is None or getattr(match, "out_of_view", False):
        if match is not None or not said:
            raise Unsupported(f"customer {written!r} is not in the message or not visible")
        guess = new_company(written)
        return (guess[1] if guess else written), None, None
    named = _in_message(directory, text, speaker_id, offline)
    if match.customer_id:
        if not _may_see(directory, match.customer_id, speaker_id) or match.customer_id not in named:
            raise Unsupported(f"customer {match.customer_id} is not named in the message or not visible")
        return match.name, match.customer_id, None
    cands = [c for c in match.candidates if _may_see(directory, c, speaker_id) and c in named]
    if not cands:
        raise Unsupported(f"customer {written!r} is not named in the message")
    settled = directory.find_customer(text, speaker_id)  # a contact in the message may settle it
    if settled and settled.customer_id and settled.customer_id in cands:
        return settled.name, settled.customer_id, None
    return match.said, None, cands


def _stage(said: str | None, text: str, offline_stage: str | None) -> str | None:
    """The model's stage when words of the message say it (our stage lexicon), else the rules' stage."""
    if said is None or said == offline_stage:
        return offline_stage if said is None else said
    pattern = STAGE_PATTERNS.get(said)
    return said if pattern is not None and pattern.search(fold(text)) else offline_stage


def _amount(phrase: str | None, text: str) -> Money | None:
    """The amount of a phrase written in the message that our money reader finds in the message too."""
    phrase = _verbatim(phrase, text)
    if not phrase:
        return None
    said = find_money(phrase) or find_money("金额 " + phrase)
    in_text = {round(m.amount, 2) for m in find_money(text)}
    for m in said:
        if round(m.amount, 2) in in_text and 0 < m.amount < MAX_AMOUNT:
            return m
    return None


def reading_to_result(reading: LLMReading, text: str, speaker_id: str | None, today: date,
                      directory: Directory, currency: str, offline: ParseResult) -> ParseResult | None:
    """Resolve the model's phrases with the offline normalisers and check every claim against the
    message; None (the built-in reading wins) when the reading is unusable or names a customer the
    message does not."""
    if reading.intent != "log":
        return ParseResult(intent=reading.intent, command=offline.command) if reading.intent == offline.intent \
            or reading.intent in ("query", "unknown") else None
    if reading.visit is None and reading.deal is None:
        return None
    if offline.intent in ("query", "command"):
        return None  # a question or a command is never turned into a record by the model
    if _beyond_two(offline) or getattr(offline, "notes", None):
        return None  # records the model's schema cannot carry, or something to tell the speaker: the rules win
    try:
        visit = _visit(reading.visit, text, speaker_id, today, directory, offline)
        deal = _deal(reading, text, speaker_id, today, directory, currency, offline)
    except Unsupported as e:
        log.info("LLM reading not supported by the message: %s", e)
        return None
    visit = _fill(visit, offline.visit)
    if visit is not None and visit.date is None:
        visit.date = today
    return ParseResult(intent="log", visit=visit, deal=_fill(deal, offline.deal), engine="llm")


def _beyond_two(offline: ParseResult) -> bool:
    """The rules' reading has records beyond one done activity and one deal (a plan, a contract,
    a payment, a contact, a round-up of several customers)."""
    kinds = [(r.type, getattr(r, "status", None)) for r in offline.records]
    return any(k not in (("activity", "done"), ("deal", None)) for k in kinds) or len(kinds) != len(set(kinds))


def _visit(v: LLMVisit | None, text: str, speaker_id: str | None, today: date, directory: Directory,
           offline: ParseResult) -> Visit | None:
    if v is None:
        return None
    name, cid, cands = _customer(v.customer, text, speaker_id, directory, offline)
    contact = _cap(v.contact, "contact")
    contact = contact if contact and fold(contact) in fold(text) else None
    contact_id = None
    stored = directory.resolve_contact(contact, cid) if cid and contact else None
    if stored:
        contact, contact_id = stored.name, stored.id
    return Visit(customer=name, customer_id=cid, candidates=cands, contact=contact, contact_id=contact_id,
                 kind=v.kind or "visit", date=_day(v.date_phrase, text, today, back=True),
                 summary=_cap(v.summary, "summary") or text.strip()[:CAPS["summary"]],
                 next_step=_cap(v.next_step, "next_step"),
                 followup_date=_day(v.followup_phrase, text, today, back=False))


def _deal(reading: LLMReading, text: str, speaker_id: str | None, today: date, directory: Directory,
          currency: str, offline: ParseResult) -> DealUpdate | None:
    d = reading.deal
    if d is None:
        return None
    name, cid, cands = _customer(d.customer or (reading.visit.customer if reading.visit else None), text,
                                 speaker_id, directory, offline)
    rules = offline.deal if offline.deal is not None and offline.deal.customer_id == cid else None
    money = _amount(d.amount_phrase, text)
    stage = _stage(d.stage, text, rules.stage if rules else None)
    deal = DealUpdate(customer=name, customer_id=cid, candidates=cands, stage=stage,
                      amount=money.amount if money else None,
                      currency=(money.currency or currency) if money else None,
                      close_date=_day(d.close_phrase, text, today, back=False),
                      lost_reason=_cap(d.lost_reason, "lost_reason") if stage == "lost" else None)
    if deal.stage is None and deal.amount is None and deal.close_date is None:
        return None
    return deal


def _fill(part, rules):
    """Fields the model left empty, taken from the offline reading of the same customer."""
    if part is None or rules is None or part.customer_id != rules.customer_id:
        return part
    fields = type(part).model_fields
    gaps = {k: v for k, v in rules.model_dump().items() if k in fields and v is not None and getattr(part, k) is None}
    return part.model_copy(update=gaps)


def llm_parse(llm_settings: Any, text: str, speaker_id: str | None, today: date, directory: Directory,
              currency: str, offline: ParseResult) -> ParseResult | None:
    """The LLM reading of a message, resolved and validated; None to fall back to `offline`."""
    user = f"Today is {today.isoformat()} ({today:%A}). Message: {text}"
    reading = structured_call(llm_settings, LLMReading, SYSTEM, user)
    if not isinstance(reading, LLMReading):
        return None
    return reading_to_result(reading, text, speaker_id, today, directory, currency, offline)
