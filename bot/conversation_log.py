"""Saving a rep's log: customer resolution (one short question when ambiguous or new), the
writes (activity, contact, deal and stage event, customer) in the caller's transaction, the
"what was saved" reply with Undo / Edit, undo, and edits that re-save the last record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from bot import conversation_state as state
from bot.conversation_texts import KIND, STAGE, day_with_weekday, money, short_date, t
from bot.replies import Button, InboundMessage, Reply
from domain.settings import Settings
from domain.types import ParseResult
from storage import records

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


def _customer_of(parse: ParseResult) -> tuple[str | None, str | None, list[str]]:
    """(customer_id, name as written, candidate ids) from the visit or the deal update."""
    for part in (parse.visit, parse.deal):
        if part is not None and part.customer_id:
            return part.customer_id, part.customer, []
    for part in (parse.visit, parse.deal):
        if part is not None and part.candidates:
            return None, part.customer, list(part.candidates)
    for part in (parse.visit, parse.deal):
        if part is not None and part.customer:
            return None, part.customer, []
    return None, None, []


def set_customer(parse: ParseResult, customer_id: str | None, name: str | None) -> ParseResult:
    """A copy of `parse` pointing at one customer."""
    p = parse.model_copy(deep=True)
    for part in (p.visit, p.deal):
        if part is not None:
            part.customer_id, part.customer, part.candidates = customer_id, name, None
    return p


def save_or_ask(conn: Connection, turn: Turn, parse: ParseResult, *, replace: dict | None = None) -> list[Reply]:
    """Save a clear log at once; ask one short question when the customer is ambiguous or new."""
    cid, name, candidates = _customer_of(parse)
    if cid:
        return [save(conn, turn, parse, replace=replace)]
    if not name:
        return [Reply(t(turn.lang, "no_customer"))]
    payload: dict[str, Any] = {"type": "customer", "parse": parse.model_dump(mode="json", exclude={"command"}),
                               "lang": turn.lang, "name": name, "replace": replace, "message_id": turn.message_id,
                               "text": (replace or {}).get("text") or turn.msg.text}
    if candidates:
        rows = [records.customer_row(conn, c) for c in candidates[:8]]
        rows = [r for r in rows if r]
        owners = records.user_names(conn, [r["owner_id"] for r in rows if r["owner_id"]])
        payload["candidates"] = [r["id"] for r in rows]
        sid = state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="pending", payload=payload,
                        now=turn.now, ttl=state.PENDING_TTL)
        buttons = [Button(f"pick:{sid}:{i}", r["name"] + (f"（{owners[r['owner_id']]}）" if r["owner_id"] in owners
                                                          else ""))
                   for i, r in enumerate(rows)]
        buttons.append(Button(f"cancel:{sid}", t(turn.lang, "cancel")))
        return [Reply(t(turn.lang, "which_customer", name=name), buttons)]
    payload["candidates"] = []
    sid = state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="pending", payload=payload, now=turn.now,
                    ttl=state.PENDING_TTL)
    return [Reply(t(turn.lang, "new_customer", name=name),
                  [Button(f"new:{sid}", t(turn.lang, "create", name=name)),
                   Button(f"cancel:{sid}", t(turn.lang, "cancel"))])]


def answer_pending(conn: Connection, turn: Turn, pending: dict, choice: int | None) -> list[Reply]:
    """Complete a pending customer question: `choice` indexes the candidates; None creates the new customer."""
    parse = ParseResult.model_validate(pending["parse"])
    turn.lang = pending.get("lang", turn.lang)
    if choice is None:
        name = pending["name"]
        cid = records.create_customer(conn, name=name, owner_id=turn.uid, at=turn.now, tz=turn.settings.org.tz,
                                      by=turn.uid, message_id=pending.get("message_id"))
        return [save(conn, turn, set_customer(parse, cid, name), replace=pending.get("replace"), created=cid,
                     message_id=pending.get("message_id"), text=pending.get("text"))]
    cands = pending.get("candidates") or []
    if not 0 <= choice < len(cands):
        return [Reply(t(turn.lang, "expired"))]
    row = records.customer_row(conn, cands[choice])
    if row is None:
        return [Reply(t(turn.lang, "expired"))]
    return [save(conn, turn, set_customer(parse, row["id"], row["name"]), replace=pending.get("replace"),
                 message_id=pending.get("message_id"), text=pending.get("text"))]


def _amount_cents(conn: Connection, turn: Turn, parse: ParseResult, customer_id: str) -> tuple[int | None, str]:
    deal = parse.deal
    org = turn.settings.org
    cur = (deal.currency or org.currency).upper() if deal else org.currency
    existing = records.deal_currency(conn, customer_id, turn.uid)
    if deal is None or deal.amount is None:
        return None, existing or cur
    amount = float(deal.amount)
    if existing and existing != cur:
        amount = amount * org.rate(cur) / org.rate(existing)
        cur = existing
    return round(amount * 100), cur


def save(conn: Connection, turn: Turn, parse: ParseResult, *, replace: dict | None = None,
         created: str | None = None, message_id: int | None = None, text: str | None = None) -> Reply:
    """Write the log (replacing `replace`, the record being edited) and answer with what was saved.
    `message_id` / `text` are those of the message the log came from (not of a later button tap or edit)."""
    tz = turn.settings.org.tz
    mid = message_id or (replace or {}).get("message_id") or turn.message_id
    amid = turn.message_id if replace else mid  # an edit's audit rows name the edit's message
    source = text or (replace or {}).get("text") or turn.msg.text
    if parse.visit is not None and parse.visit.date is None:
        parse = parse.model_copy(deep=True)
        parse.visit.date = turn.now.date()  # type: ignore[union-attr]
    cid = _customer_of(parse)[0]
    if cid is None:
        return Reply(t(turn.lang, "no_customer"))
    reuse = replace or {}
    kept_customer = bool(replace and replace.get("customer_created") and replace["customer_id"] == cid)
    if replace:
        records.undo_saved(conn, dict(replace, customer_created=False) if kept_customer else replace,
                           by=turn.uid, at=turn.now, message_id=turn.message_id)
        if replace.get("id"):
            state.take(conn, replace["id"], turn.uid, turn.now)
    cust = records.customer_row(conn, cid)
    if cust is None:
        return Reply(t(turn.lang, "expired"))
    rec: dict[str, Any] = {"type": "saved", "customer_id": cid, "customer_created": bool(created) or kept_customer,
                           "message_id": mid, "lang": turn.lang, "text": source, "saved_on": turn.now.date().isoformat(),
                           "parse": parse.model_dump(mode="json", exclude={"command"})}
    v = parse.visit
    if v is not None:
        contact_id = v.contact_id
        if contact_id:
            known = records.contact_row(conn, contact_id)
            if known is None or known["customer_id"] != cid:
                # a contact of another customer (the customer was edited): keep only a match at this one
                found = records.find_contact(conn, cid, v.contact) if v.contact else None
                contact_id = found["id"] if found else None
        elif v.contact:
            found = records.find_contact(conn, cid, v.contact)
            if found:
                contact_id = found["id"]
            else:
                contact_id = records.create_contact(conn, customer_id=cid, name=v.contact, at=turn.now, by=turn.uid,
                                                    message_id=amid)
                rec["contact_created"] = True
        day = v.date or turn.now.date()
        occurred = records.activity_time(day, turn.now, tz)
        rec["activity_id"] = records.create_activity(
            conn, user_id=turn.uid, customer_id=cid, contact_id=contact_id, kind=v.kind, occurred_at=occurred, tz=tz,
            summary=v.summary or source[:500], next_step=v.next_step or "", followup=v.followup_date,
            at=turn.now, message_id=mid, activity_id=reuse.get("activity_id"), audit_message_id=amid)
        rec["contact_id"] = contact_id
    d = parse.deal
    if d is not None and (d.stage or d.amount is not None or d.close_date):
        cents, cur = _amount_cents(conn, turn, parse, cid)
        reuse_deal = (reuse.get("deal") or {})
        rec["deal"] = records.apply_deal_update(
            conn, customer_id=cid, customer_name=cust["name"], user_id=turn.uid, stage=d.stage, amount_cents=cents,
            currency=cur, close_date=d.close_date, at=turn.now, tz=tz, message_id=mid,
            deal_id=reuse_deal.get("deal_id") if reuse_deal.get("created") else None, audit_message_id=amid)
    state.drop_pending(conn, turn.uid, turn.chat_key, ("edit",))  # a new record ends an open "what to change?"
    sid = state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="undo", payload=rec, now=turn.now,
                    ttl=state.UNDO_TTL)
    head = t(turn.lang, "edited") if replace else None
    text = describe(conn, turn.lang, rec, cust["name"])
    text = f"{head}\n{text}" if head else text
    still = state.latest(conn, turn.uid, turn.chat_key, "pending", turn.now)
    if still and still.get("type") in ("customer", "claim") and still.get("name") and not still.get("reminded"):
        key = "still_open_choice" if still.get("candidates") else "still_open_new"
        text += "\n" + t(turn.lang, key, name=still["name"])
        state.update(conn, still["id"], {"reminded": True})  # once: later replies stay short
    return Reply(text,
                 [Button(f"undo:{sid}", t(turn.lang, "undo")), Button(f"edit:{sid}", t(turn.lang, "edit"))])


def _as_date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def describe(conn: Connection, lang: str, rec: dict, customer_name: str) -> str:
    """✅ 已记录 拜访 · 客户 · 联系人 · 11-20 / 📈 商机 … / ⏰ 跟进 …"""
    parse = ParseResult.model_validate(rec["parse"])
    new = "🆕 " if rec.get("customer_created") else ""
    lines = []
    v = parse.visit
    if v is not None and rec.get("activity_id"):
        parts = [KIND[lang].get(v.kind, v.kind), new + customer_name]
        if rec.get("contact_id"):
            c = records.contact_row(conn, rec["contact_id"])
            if c:
                parts.append(f"{c['name']}({c['title']})" if c["title"] else c["name"])
        parts.append(short_date(v.date) if v.date else "")
        lines.append(f"{t(lang, 'saved')} " + " · ".join(p for p in parts if p))
    else:
        lines.append(f"{t(lang, 'saved')} {new}{customer_name}")
    deal = rec.get("deal")
    if deal:
        parts = [STAGE[lang].get(deal["stage"], deal["stage"])]
        if deal.get("amount_cents"):
            parts.append(money(deal["amount_cents"] / 100, deal.get("currency") or "CNY"))
        close = _as_date(deal.get("expected_close"))
        if close and deal["stage"] not in ("won", "lost"):
            saved_on = _as_date(rec.get("saved_on"))
            shown = short_date(close) if saved_on is None or close.year == saved_on.year else close.isoformat()
            parts.append(t(lang, "close", d=shown))
        if parse.deal and parse.deal.lost_reason:
            parts.append(t(lang, "lost_reason", r=parse.deal.lost_reason))
        lines.append(f"{t(lang, 'deal')} " + " · ".join(parts))
    if v is not None and v.followup_date:
        lines.append(f"{t(lang, 'followup')} {day_with_weekday(v.followup_date, lang)}")
    return "\n".join(lines)


def what_of(conn: Connection, lang: str, rec: dict) -> str:
    """The first line of a saved record's description, without the ✅ label ("拜访 · 客户 · 11-20")."""
    cust = records.customer_row(conn, rec["customer_id"])
    what = describe(conn, lang, rec, cust["name"] if cust else rec["customer_id"]).splitlines()[0]
    return what.replace(t(lang, "saved"), "").strip()


def undo(conn: Connection, turn: Turn, rec: dict) -> Reply:
    """Undo one saved record (already taken from the state table). When it was the latest record, an
    "undone" marker remembers it, so a second "撤销" or an edit in words does not reach an older record."""
    lang = rec.get("lang", turn.lang)
    what = what_of(conn, lang, rec)
    records.undo_saved(conn, rec, by=turn.uid, at=turn.now, message_id=turn.message_id)
    newer = state.latest(conn, turn.uid, turn.chat_key, "undo", turn.now)
    if newer is None or state.row_number(newer["id"]) < state.row_number(rec["id"]):
        state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="undone", payload={"what": what, "lang": lang},
                  now=turn.now, ttl=state.UNDO_TTL, replace=True)
    return Reply(t(lang, "undone", what=what))


def apply_changes(parse: ParseResult, changes: dict[str, Any]) -> ParseResult:
    """A copy of the saved parse with an edit's changes (amount, currency, stage, close_date, date,
    followup_date, contact, kind, summary, customer_id/customer/candidates)."""
    p = parse.model_copy(deep=True)
    if "customer" in changes or "customer_id" in changes:
        for part in (p.visit, p.deal):
            if part is not None:
                part.customer_id = changes.get("customer_id")
                part.customer = changes.get("customer")
                part.candidates = changes.get("candidates") or None
    deal_keys = {"amount", "currency", "stage", "close_date", "lost_reason"}
    if deal_keys & changes.keys():
        if p.deal is None:
            from domain.types import DealUpdate
            src = p.visit
            p.deal = DealUpdate(customer=src.customer if src else None, customer_id=src.customer_id if src else None)
        for k in deal_keys & changes.keys():
            setattr(p.deal, k, changes[k])
    for k in VISIT_FIELDS:
        if k in changes and p.visit is not None:
            setattr(p.visit, k, changes[k])
            if k == "contact":
                p.visit.contact_id = None
    return p
