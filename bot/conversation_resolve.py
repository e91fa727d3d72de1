"""Before one message's records are written: every customer, deal and contract they touch is one the
speaker may write on (storage.authority), and whatever is still open — which customer, a new customer,
which deal, which contract — is asked as one short question with buttons (the whole message is kept
with the question and saved on the answer). Records that cannot be kept (a loss of a deal that is not
open, a payment with no contract owed) are dropped with a note; a wrong amount is asked about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from bot import conversation_state as state
from bot.conversation_texts import STAGE, money, short_date, t
from bot.help_examples import example_text
from bot.replies import Button, Reply
from domain.types import DealRecord, ParseResult, PaymentRecord
from storage import authority, records
from storage import record_writes as writes
from storage.authority import Authority
from storage.finance import customer_contracts

MAX_AMOUNT = 1e11  # beyond any plausible deal, in any currency (issue 15): asked, never saved
IMPLAUSIBLE_TRACE = "implausible"  # a rule name the engine may put in the trace for an amount it doubts
# what the engine says besides the records (ParseResult.notes)
OUT_OF_VIEW, LOST_NOT_OPEN, AMOUNT_REJECTED, DATE_UNREADABLE = ("out_of_view", "lost_not_open", "amount_rejected",
                                                                 "date_unreadable")
# notes said beside what is saved (or alone, when nothing is): note -> text key
SAID_NOTES = {"invoice": "invoice", "payment_overdue": "payment_not_yet", "payment_promised": "payment_not_yet"}


class Stop(Exception):
    """Resolution ends with these replies and nothing written."""

    def __init__(self, replies: list[Reply]) -> None:
        super().__init__("stop")
        self.replies = replies


@dataclass
class Origin:
    """Where the records came from and what was already answered: the message (not a later tap), the
    record being edited (`replace`), and new customer names the speaker agreed to create."""

    message_id: int
    text: str
    replace: dict | None = None
    approved: list[str] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {"message_id": self.message_id, "text": self.text, "replace": self.replace,
                "approved": self.approved}

    @classmethod
    def of(cls, pending: dict) -> Origin:
        return cls(pending.get("message_id") or 0, pending.get("text") or "", pending.get("replace"),
                   list(pending.get("approved") or []))


def rebuild(parse: ParseResult, recs: list) -> ParseResult:
    """A ParseResult of `recs` whose visit/deal views follow them."""
    return ParseResult(intent="log", records=recs, trace=list(parse.trace), engine=parse.engine)


def resolve(conn: Connection, turn: Any, auth: Authority, parse: ParseResult, origin: Origin
            ) -> tuple[ParseResult, list[str]]:
    """The parse with every customer, deal and contract settled, and the notes to add to the receipt.
    Raises Stop with the question or refusal to send instead."""
    recs = [r.model_copy(deep=True) for r in parse.records]
    if not recs:
        raise Stop([Reply(example_text(conn, "no_customer", turn.lang, turn.uid))])
    notes: list[str] = []
    if OUT_OF_VIEW in parse.notes:  # the engine saw a customer the speaker may not see: nothing of it
        hidden = [r for r in recs if getattr(r, "out_of_view", False)]
        kept = [r for r in recs if not getattr(r, "out_of_view", False)]
        if not hidden or not kept:
            raise Stop([Reply(t(turn.lang, "not_yours"))])
        recs = kept  # a round-up naming one customer outside the view keeps the others, and says so
        notes.append(t(turn.lang, "not_yours_some"))
    _check_amounts(turn, parse, recs)
    _settle_customers(conn, turn, auth, parse, recs, origin, notes)
    for i, r in enumerate(recs):
        if r is None:
            continue
        if r.type == "activity" and r.status == "planned" and r.date is None:
            raise Stop([Reply(t(turn.lang, "which_day"))])
        if r.type == "activity" and r.date is None and DATE_UNREADABLE in parse.notes:
            raise Stop([Reply(t(turn.lang, "which_day_done"))])  # never today by default
        if r.type == "payment" and r.amount is None:
            raise Stop([Reply(t(turn.lang, "payment_amount"))])
        if r.type == "deal":
            _settle_deal(conn, turn, auth, parse, recs, i, origin, notes)
        elif r.type == "payment":
            _settle_payment(conn, turn, auth, parse, recs, i, origin, notes)
        elif r.type == "contract" and r.deal_id and not authority.may_change_deal(conn, auth, r.deal_id):
            raise Stop([Reply(t(turn.lang, "not_yours"))])
    loss_said = t(turn.lang, "loss_not_open", name="").strip()
    if LOST_NOT_OPEN in parse.notes and not any(n.endswith(loss_said) for n in notes):
        names = {r.customer for r in recs if r is not None and r.customer}
        notes.append(t(turn.lang, "loss_not_open", name=names.pop()) if len(names) == 1
                     else t(turn.lang, "loss_not_open_any"))
    for key in dict.fromkeys(SAID_NOTES[n] for n in parse.notes if n in SAID_NOTES):
        notes.append(t(turn.lang, key))
    kept = [r for r in recs if r is not None]
    if not kept:
        raise Stop([Reply("\n".join(notes))])
    return rebuild(parse, kept), notes


# ---------- amounts ----------

def _check_amounts(turn: Any, parse: ParseResult, recs: list) -> None:
    """An amount below zero, beyond any plausible deal, or one the engine rejected is asked about."""
    flagged = AMOUNT_REJECTED in parse.notes or any(IMPLAUSIBLE_TRACE in step for step in parse.trace)
    for r in recs:
        cur = getattr(r, "currency", None) or turn.settings.org.currency
        rejected = getattr(r, "amount_rejected", None)
        if rejected is not None:
            raise Stop([Reply(t(turn.lang, "amount_check", amount=money(rejected, cur)))])
        amounts = [getattr(r, "amount", None)] + [i.amount for i in getattr(r, "installments", [])]
        for a in amounts:
            if a is not None and (flagged or a < 0 or a >= MAX_AMOUNT):
                raise Stop([Reply(t(turn.lang, "amount_check", amount=money(a, cur)))])
    if flagged:
        raise Stop([Reply(t(turn.lang, "amount_check_any"))])


# ---------- customers ----------

def _settle_customers(conn: Connection, turn: Any, auth: Authority, parse: ParseResult, recs: list,
                      origin: Origin, notes: list[str]) -> None:
    for r in recs:
        if r.customer_id and not authority.may_write_customer(conn, auth, r.customer_id):
            raise Stop([Reply(t(turn.lang, "not_yours"))])
        if r.customer_id and not r.customer:  # chosen by a button: its stored name
            r.customer = (records.customer_row(conn, r.customer_id) or {}).get("name")
    for r in recs:
        if r.customer_id or not r.candidates:
            continue
        ids = authority.writable_customers(conn, auth, list(r.candidates))
        if not ids:
            raise Stop([Reply(t(turn.lang, "not_yours"))])
        if len(ids) == 1:
            row = records.customer_row(conn, ids[0])
            _set_customer(recs, r.customer, list(r.candidates), ids[0], row["name"] if row else r.customer)
            continue
        raise Stop([_ask_customer(conn, turn, auth, rebuild(parse, recs), origin, r.customer or "", ids)])
    for r in recs:
        if r is None or r.customer_id or not r.customer or r.customer in origin.approved:
            continue
        hidden = records.customers_matching(conn, r.customer)
        if hidden and not any(auth.may_write_customer(h["owner_id"]) for h in hidden):
            raise Stop([Reply(t(turn.lang, "not_yours"))])
        if _nothing_for_a_new_customer(turn, recs, r.customer, notes):
            continue
        raise Stop([_ask_new(conn, turn, rebuild(parse, [x for x in recs if x is not None]), origin, r.customer)])
    _inherit_customer(conn, turn, auth, recs)


def _nothing_for_a_new_customer(turn: Any, recs: list, name: str, notes: list[str]) -> bool:
    """A customer not yet known has no deal to lose and no contract to pay: those records go, with a note;
    True when nothing of that customer is left (no question to ask)."""
    left = False
    for i, r in enumerate(recs):
        if r is None or r.customer_id or r.customer != name:
            continue
        if r.type == "deal" and r.stage == "lost":
            _drop(recs, i, notes, t(turn.lang, "loss_not_open", name=name))
        elif r.type == "payment":
            _drop(recs, i, notes, t(turn.lang, "no_contract", name=name))
        else:
            left = True
    return not left


def _inherit_customer(conn: Connection, turn: Any, auth: Authority, recs: list) -> None:
    """A record naming no customer takes the message's one customer; a contact named alone ("邱总手机换了…")
    the one customer among the speaker's whose contact it is; with none at all, ask for it."""
    named = {(r.customer_id, r.customer) for r in recs if r is not None and (r.customer_id or r.customer)}
    for r in recs:
        if r is None or r.customer_id or r.customer:
            continue
        if not named and r.type == "contact" and r.name:
            found = writes.contacts_matching(conn, r.name, auth.visible)
            if len({c["customer_id"] for c in found}) == 1 and len(found) == 1:
                r.customer_id, r.customer, r.contact_id = (found[0]["customer_id"], found[0]["customer_name"],
                                                           found[0]["id"])
                continue
        if len(named) != 1:
            raise Stop([Reply(example_text(conn, "no_customer", turn.lang, turn.uid))])
        r.customer_id, r.customer = next(iter(named))


def _set_customer(recs: list, written: str | None, candidates: list[str] | None, cid: str | None,
                  name: str | None) -> None:
    for r in recs:
        if r.customer_id is None and r.customer == written and (candidates is None or r.candidates == candidates
                                                                 or not r.candidates):
            r.customer_id, r.customer, r.candidates = cid, name, None


def _ask(conn: Connection, turn: Any, parse: ParseResult, origin: Origin, kind: str, name: str,
         candidates: list[str], question: str, labels: list[str], target: int | None = None) -> Reply:
    payload = {"type": kind, "parse": parse.model_dump(mode="json", exclude={"command"}), "lang": turn.lang,
               "name": name, "asked": name, "candidates": candidates, "labels": labels, "target": target,
               **origin.payload()}
    sid = state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="pending", payload=payload, now=turn.now,
                    ttl=state.PENDING_TTL)
    buttons = [Button(f"pick:{sid}:{i}", label) for i, label in enumerate(labels)]
    if not candidates:
        buttons = [Button(f"new:{sid}", t(turn.lang, "create", name=name))]
    return Reply(question, buttons + [Button(f"cancel:{sid}", t(turn.lang, "cancel"))])


def _ask_customer(conn: Connection, turn: Any, auth: Authority, parse: ParseResult, origin: Origin, name: str,
                  ids: list[str]) -> Reply:
    rows = records.customers_by_ids(conn, ids[:8])
    labels = [r["name"] + (f"（{r['owner_name']}）" if auth.shows_owner_names and r["owner_id"]
                           and r["owner_id"] != turn.uid and r["owner_name"] else "") for r in rows]
    return _ask(conn, turn, parse, origin, "customer", name, [r["id"] for r in rows],
                t(turn.lang, "which_customer", name=name), labels)


def _ask_new(conn: Connection, turn: Any, parse: ParseResult, origin: Origin, name: str) -> Reply:
    return _ask(conn, turn, parse, origin, "customer", name, [], t(turn.lang, "new_customer", name=name), [])


# ---------- deals ----------

def _drop(recs: list, i: int, notes: list[str], note: str) -> None:
    recs[i] = None
    notes.append(note)


def _settle_deal(conn: Connection, turn: Any, auth: Authority, parse: ParseResult, recs: list, i: int,
                 origin: Origin, notes: list[str]) -> None:
    r: DealRecord = recs[i]
    lost = r.stage == "lost"
    name = r.customer or ""
    if r.deal_id:
        row = writes.deal_row(conn, r.deal_id)
        if row is None or row["customer_id"] != r.customer_id:
            r.deal_id = None
        elif not authority.may_change_deal(conn, auth, r.deal_id):
            raise Stop([Reply(t(turn.lang, "not_yours"))])
        elif lost and row["stage"] in records.CLOSED and not _moved_by(origin.replace, r.deal_id):
            return _drop(recs, i, notes, t(turn.lang, "loss_not_open", name=name))
        else:
            return None
    if r.new and not lost:
        return None
    if r.customer_id is None:  # a customer being created has no deal yet
        if lost:
            return _drop(recs, i, notes, t(turn.lang, "loss_not_open", name=name))
        r.new = True
        return None
    open_ = writes.open_deals(conn, r.customer_id)
    if r.deal_candidates:
        open_ = [d for d in open_ if d["id"] in r.deal_candidates] or open_
    mine = [d for d in open_ if authority.may_change_deal(conn, auth, d["id"])]
    if not open_:
        if lost:
            return _drop(recs, i, notes, t(turn.lang, "loss_not_open", name=name))
        r.new = True
    elif not mine:
        raise Stop([Reply(t(turn.lang, "not_yours"))])
    elif len(mine) == 1:
        r.deal_id, r.deal_candidates = mine[0]["id"], None
    else:
        raise Stop([_ask_deal(conn, turn, parse, recs, i, origin, name, mine)])
    return None


def _moved_by(replace: dict | None, deal_id: str) -> bool:
    """The message being edited is what closed this deal (its re-save undoes that first)."""
    return any(e.get("kind") == "deal" and e.get("deal_id") == deal_id and e.get("event_id")
               for e in (replace or {}).get("entries") or [])


def _ask_deal(conn: Connection, turn: Any, parse: ParseResult, recs: list, i: int, origin: Origin, name: str,
              deals: list[dict]) -> Reply:
    labels = []
    for d in deals[:8]:
        parts = [d["title"] or name, STAGE[turn.lang].get(d["stage"], d["stage"])]
        if d["amount_cents"]:
            parts.append(money(d["amount_cents"] / 100, d["currency"]))
        labels.append(" · ".join(parts))
    return _ask(conn, turn, rebuild(parse, [x for x in recs if x is not None]), origin, "deal", name,
                [d["id"] for d in deals[:8]], t(turn.lang, "which_deal", name=name), labels,
                target=_index_without_drops(recs, i))


def _index_without_drops(recs: list, i: int) -> int:
    return sum(1 for x in recs[:i] if x is not None)


# ---------- payments ----------

def _settle_payment(conn: Connection, turn: Any, auth: Authority, parse: ParseResult, recs: list, i: int,
                    origin: Origin, notes: list[str]) -> None:
    r: PaymentRecord = recs[i]
    name = r.customer or ""
    if r.contract_id:
        row = writes.contract_row(conn, r.contract_id)
        if row is not None and row["customer_id"] == r.customer_id:
            if not authority.may_change_contract(conn, auth, r.contract_id):
                raise Stop([Reply(t(turn.lang, "not_yours"))])
            return None
        r.contract_id = None
    if any(x is not None and x.type == "contract" and x.customer == r.customer and x.customer_id == r.customer_id
           for x in recs):
        return None  # paid on the contract this message signs: linked when written
    owed = customer_contracts(conn, r.customer_id, turn.now.date(), owed_only=True) if r.customer_id else []
    if r.contract_candidates:
        owed = [c for c in owed if c.id in r.contract_candidates] or owed
    mine = [c for c in owed if authority.may_change_contract(conn, auth, c.id)]
    if not owed:
        return _drop(recs, i, notes, t(turn.lang, "no_contract", name=name))
    if not mine:
        raise Stop([Reply(t(turn.lang, "not_yours"))])
    if len(mine) == 1:
        r.contract_id = mine[0].id
        return None
    labels = [" · ".join(p for p in (c.title or name, t(turn.lang, "signed", d=short_date(c.signed_on)),
                                     t(turn.lang, "balance", b=money(c.balance_cents / 100, c.currency))) if p)
              for c in mine[:8]]
    raise Stop([_ask(conn, turn, rebuild(parse, [x for x in recs if x is not None]), origin, "contract", name,
                     [c.id for c in mine[:8]], t(turn.lang, "which_contract", name=name), labels,
                     target=_index_without_drops(recs, i))])


# ---------- answers ----------

def answered(pending: dict, choice: int | None) -> tuple[ParseResult, Origin] | None:
    """The pending message's parse with the answer applied (None: the choice is out of range)."""
    parse = ParseResult.model_validate(pending["parse"])
    origin = Origin.of(pending)
    recs = [r.model_copy(deep=True) for r in parse.records]
    cands = pending.get("candidates") or []
    kind = pending.get("type")
    if choice is not None and not 0 <= choice < len(cands):
        return None
    if kind == "customer":
        asked = pending.get("asked") or pending.get("name")
        if choice is None:
            name = pending.get("name") or asked
            _set_customer(recs, asked, None, None, name)
            origin.approved.append(name)
        else:
            _set_customer(recs, asked, None, cands[choice], None)
        return rebuild(parse, recs), origin
    target = pending.get("target")
    if choice is None or target is None or not 0 <= target < len(recs):
        return None
    if kind == "deal":
        recs[target].deal_id, recs[target].deal_candidates = cands[choice], None
    elif kind == "contract":
        recs[target].contract_id, recs[target].contract_candidates = cands[choice], None
    return rebuild(parse, recs), origin
