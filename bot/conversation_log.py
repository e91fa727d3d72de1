"""Saving a message's records: resolution (conversation_resolve: authority, one short question when a
customer, deal or contract is open), the writes of every record in the caller's transaction
(conversation_records), the receipt (bot.receipts) with Undo / Edit, undo of the whole message,
"my last records", repeats within 10 minutes, and edits in words that re-save the last record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from bot import conversation_state as state
from bot import receipts
from bot.conversation_records import Writer
from bot.conversation_resolve import Origin, Stop, answered, rebuild, resolve
from bot.conversation_texts import t
from bot.replies import Button, InboundMessage, Reply
from domain.settings import Settings
from domain.types import ActivityRecord, ContractRecord, DealRecord, ParseResult, PaymentRecord
from storage import record_undo
from storage.authority import Authority

VISIT_FIELDS = {"date", "followup_date", "contact", "kind", "summary", "next_step"}


@dataclass
class Turn:
    """One inbound message being handled: who, where, when, which stored message, which language."""

    user: dict
    msg: InboundMessage
    message_id: int
    now: datetime
    lang: str
    settings: Settings

    @property
    def uid(self) -> str:
        return self.user["id"]

    @property
    def chat_key(self) -> str:
        return self.msg.chat_key


REPEAT_WINDOW = timedelta(minutes=10)
RECENT_MAX = 9
RECENT_BUTTONS = 5


def save_or_ask(conn: Connection, turn: Turn, parse: ParseResult, *, replace: dict | None = None,
                origin: Origin | None = None) -> list[Reply]:
    """Save every record of a clear message at once; ask one short question when something is open;
    refuse, writing nothing, when a customer, deal or contract is not the speaker's to change."""
    origin = origin or Origin(message_id=(replace or {}).get("message_id") or turn.message_id,
                              text=(replace or {}).get("text") or turn.msg.text, replace=replace)
    auth = Authority.of(conn, turn.uid)
    try:
        settled, notes = resolve(conn, turn, auth, parse, origin)
    except Stop as stop:
        return stop.replies
    return [save(conn, turn, settled, origin, notes)]


def answer_pending(conn: Connection, turn: Turn, pending: dict, choice: int | None) -> list[Reply]:
    """Complete a pending question: `choice` indexes the candidates; None creates the new customer."""
    turn.lang = pending.get("lang", turn.lang)
    got = answered(pending, choice)
    if got is None:
        return [Reply(t(turn.lang, "expired"))]
    parse, origin = got
    return save_or_ask(conn, turn, parse, replace=origin.replace, origin=origin)


def _kept_customers(replace: dict | None, parse: ParseResult) -> list[dict]:
    used = {r.customer_id for r in parse.records if r.customer_id}
    return [e for e in (replace or {}).get("entries") or []
            if e.get("kind") == "customer" and e.get("customer_id") in used]


def _reuse(replace: dict | None) -> dict:
    """Ids an edit gives back to the records it re-saves: the activity and the deal the message created."""
    out: dict[str, str] = {}
    for e in (replace or {}).get("entries") or []:
        if e.get("kind") == "activity" and e.get("created") and "activity_id" not in out:
            out["activity_id"] = e["activity_id"]
        if e.get("kind") == "deal" and e.get("created") and "deal_id" not in out:
            out["deal_id"] = e["deal_id"]
    return out


def save(conn: Connection, turn: Turn, parse: ParseResult, origin: Origin, notes: list[str] | None = None) -> Reply:
    """Write the settled records (replacing `origin.replace`, the message being edited) and answer with
    the receipt. Rows keep the message the records came from; an edit's audit rows name the edit."""
    replace = origin.replace
    mid = origin.message_id or turn.message_id
    amid = turn.message_id if replace else mid
    kept = _kept_customers(replace, parse)
    if replace:
        kept_ids = {e["customer_id"] for e in kept}
        undo_rec = {**replace, "entries": [e for e in replace.get("entries") or []
                                           if not (e.get("kind") == "customer" and e.get("customer_id") in kept_ids)]}
        record_undo.undo_saved(conn, undo_rec, by=turn.uid, at=turn.now, message_id=turn.message_id)
        if replace.get("id"):
            state.take(conn, replace["id"], turn.uid, turn.now)
    writer = Writer(conn, turn, message_id=mid, audit_message_id=amid, source=origin.text or turn.msg.text,
                    reuse=_reuse(replace))
    parse = writer.new_customers(parse, kept)
    entries = writer.write(parse)
    if not any(e.get("show") for e in entries):  # nothing a receipt could show (e.g. a contract of no amount)
        return Reply("\n".join(notes or [t(turn.lang, "nothing_saved")]))
    first = next((r.customer_id for r in parse.records if r.customer_id), None)
    rec: dict[str, Any] = {"type": "saved", "entries": entries, "customer_id": first, "message_id": mid,
                           "lang": turn.lang, "text": origin.text, "saved_on": turn.now.date().isoformat(),
                           "parse": parse.model_dump(mode="json", exclude={"command"})}
    state.drop_pending(conn, turn.uid, turn.chat_key, ("edit",))  # a new record ends an open "what to change?"
    sid = state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="undo", payload=rec, now=turn.now,
                    ttl=state.UNDO_TTL)
    lines = receipts.lines(turn.lang, shows(rec), turn.now.date())
    if replace:
        lines.insert(0, t(turn.lang, "edited"))
    lines += notes or []
    still = state.latest(conn, turn.uid, turn.chat_key, "pending", turn.now)
    if still and still.get("type") in ("customer", "claim", "deal", "contract") and still.get("name") \
            and not still.get("reminded"):
        key = {"deal": "still_open_deal", "contract": "still_open_contract"}.get(
            still.get("type"), "still_open_choice" if still.get("candidates") else "still_open_new")
        lines.append(t(turn.lang, key, name=still["name"]))
        state.update(conn, still["id"], {"reminded": True})  # once: later replies stay short
    return Reply("\n".join(lines),
                 [Button(f"undo:{sid}", t(turn.lang, "undo")), Button(f"edit:{sid}", t(turn.lang, "edit"))])


def shows(rec: dict) -> list[dict]:
    """The receipt lines' data of a saved message."""
    return [e["show"] for e in rec.get("entries") or [] if e.get("show")]


def what_of(conn: Connection, lang: str, rec: dict) -> str:
    """A saved message in one line, without the ✅ label ("拜访 · 客户 · 11-20", "+ N more")."""
    return receipts.summary(lang, shows(rec)) or rec.get("text", "")[:40]


def undo(conn: Connection, turn: Turn, rec: dict) -> Reply:
    """Undo every record of one saved message (already taken from the state table). When it was the latest,
    an "undone" marker remembers it, so a second "撤销" or an edit in words does not reach an older one."""
    lang = rec.get("lang", turn.lang)
    what = what_of(conn, lang, rec)
    record_undo.undo_saved(conn, rec, by=turn.uid, at=turn.now, message_id=turn.message_id)
    newer = state.latest(conn, turn.uid, turn.chat_key, "undo", turn.now)
    if newer is None or state.row_number(newer["id"]) < state.row_number(rec["id"]):
        state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="undone", payload={"what": what, "lang": lang},
                  now=turn.now, ttl=state.UNDO_TTL, replace=True)
    return Reply(t(lang, "undone", what=what))


def recent(conn: Connection, turn: Turn) -> list[dict]:
    """This user's saved messages in this chat that can still be undone, newest first."""
    return state.live(conn, turn.uid, turn.chat_key, "undo", turn.now, RECENT_MAX)


def recent_reply(conn: Connection, turn: Turn) -> Reply:
    """"我最近的记录" / "my last records": numbered, newest first, with an Undo button each."""
    got = recent(conn, turn)
    if not got:
        return Reply(t(turn.lang, "recent_none"))
    lines = [t(turn.lang, "recent_head")]
    buttons = []
    for n, rec in enumerate(got, start=1):
        lines.append(f"{n}. {what_of(conn, turn.lang, rec)}")
        if n <= RECENT_BUTTONS:
            buttons.append(Button(f"undo:{rec['id']}", f"{t(turn.lang, 'undo')} {n}"))
    return Reply("\n".join(lines), buttons)


def sent_recently(conn: Connection, turn: Turn, kind: str = "undo") -> bool:
    """The same user saved the same text within REPEAT_WINDOW (any chat, any process: the state table);
    with kind "pending": the same text is waiting for an answer to its question."""
    text = turn.msg.text.strip()
    return any((rec.get("text") or "").strip() == text
               for rec in state.since(conn, turn.uid, kind, turn.now - REPEAT_WINDOW, turn.now))


def apply_changes(parse: ParseResult, changes: dict[str, Any]) -> ParseResult:
    """A copy of the saved parse with an edit's changes: customer (the records of the message's first
    customer), amount, currency, stage, close_date, lost_reason (the first deal; an amount with no deal
    goes to the payment, else the contract; a deal is added when there is none of them), date,
    followup_date, contact, kind, summary, next_step (the first done activity, else the first activity)."""
    recs = [r.model_copy(deep=True) for r in parse.records]
    if "customer" in changes or "customer_id" in changes:
        _move_customer(recs, changes)
    money_keys = {"amount", "currency"} & changes.keys()
    deal_keys = {"amount", "currency", "stage", "close_date", "lost_reason"} & changes.keys()
    deal = next((r for r in recs if isinstance(r, DealRecord)), None)
    paid = next((r for r in recs if isinstance(r, (PaymentRecord, ContractRecord))), None)
    if deal is None and paid is not None and deal_keys == money_keys and money_keys:
        for k in money_keys:  # "金额改成25万" after a payment: the payment's amount, never a deal's
            setattr(paid, k, changes[k])
    elif deal_keys:
        if deal is None:
            src = recs[0] if recs else None
            deal = DealRecord(customer=src.customer if src else None, customer_id=src.customer_id if src else None)
            recs.append(deal)
        signed = next((r for r in recs if isinstance(r, ContractRecord) and r.customer_id == deal.customer_id), None)
        if signed is not None and "amount" in changes and signed.amount in (None, deal.amount):
            signed.amount = changes["amount"]  # the contract of a win follows the deal's amount
            signed.currency = changes.get("currency", signed.currency)
        for k in deal_keys:
            setattr(deal, k, changes[k])
    acts = [r for r in recs if isinstance(r, ActivityRecord)]
    act = next((r for r in acts if r.status == "done"), acts[0] if acts else None)
    if act is not None and "date" in changes:  # a round-up's visits of one day move together
        for other in acts:
            if other is not act and other.status == act.status and other.date == act.date:
                other.date = changes["date"]
    for k in VISIT_FIELDS & changes.keys():
        if act is not None:
            setattr(act, k, changes[k])
            if k == "contact":
                act.contact_id = None
    return rebuild(parse, recs) if recs else parse


def _move_customer(recs: list, changes: dict[str, Any]) -> None:
    """"不是X，是Y": the records of the message's first customer go to Y; their deal and contract are
    chosen again."""
    first = next(((r.customer_id, r.customer) for r in recs), (None, None))
    for r in recs:
        if (r.customer_id, r.customer) != first:
            continue
        r.customer_id, r.customer = changes.get("customer_id"), changes.get("customer")
        r.candidates = list(changes["candidates"]) if changes.get("candidates") else None
        if isinstance(r, DealRecord):
            r.deal_id, r.deal_candidates, r.new = None, None, False
        if isinstance(r, ContractRecord):
            r.deal_id = None
        if isinstance(r, PaymentRecord):
            r.contract_id = None
