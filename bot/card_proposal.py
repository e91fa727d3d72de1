"""A business card read from a photo (bot.cards) becomes a proposal: the contact's fields and the
customer — an existing one the speaker may write on (by name, alias or short form: "远航物流" for
"宁波远航物流有限公司") or a new one to create — with buttons 保存 / 修改 / 取消. The proposal is a
pending question (conversation_state, type "card"); an edit in words ("职位是采购总监", "company is X",
intents.card_edits) shows it again; Save writes through the capture path (a ContactRecord settled by
conversation_resolve and written by conversation_records, with audit rows, a receipt and Undo).
A card of a customer the speaker may not write on is refused without showing anything of it.

    propose(conn, turn=…, fields=…)                 # the action of a card photo
    is_card_press(press) / press(conn, turn=…, press=…, services=…)
    answer(turn, pending, text, services)            # a typed reply while the proposal is open
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import Connection, select

from bot import conversation_log as clog
from bot import conversation_state as state
from bot.conversation_resolve import Origin
from bot.conversation_texts import t
from bot.replies import Button, Reply
from domain.types import ContactRecord, ParseResult
from intents.card_edits import parse_card_edit
from storage import records
from storage.authority import Authority
from storage.models import Customer

CUS = Customer.__table__
PRESS = re.compile(r"^(save|edit):card:(\d+-[0-9a-f]+)$")
FIELDS = ("name", "title", "company", "mobile", "phone", "email", "address")
LEGAL_FORM = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$"
                        r"|\b(inc|ltd|llc|llp|plc|corp|corporation|co|company|limited|gmbh|group|holdings)\b\.?", re.I)
SAVE_WORDS = {"保存", "存", "存吧", "保存吧", "存一下", "好", "好的", "是", "是的", "对", "确认", "可以", "行",
              "save", "save it", "yes", "y", "ok", "okay", "sure", "keep it", "go ahead"}
CANCEL_WORDS = {"取消", "不", "不用", "不用了", "不要", "不存", "算了", "算了吧", "放弃", "cancel", "no", "n", "nope",
                "don't", "dont", "never mind", "forget it", "discard"}
TEXTS: dict[str, dict[str, str]] = {
    "zh": {"head": "📇 名片：", "sep": "：", "existing": "客户：{name}（已有客户）",
           "new": "新建客户「{name}」？（保存时创建，归你名下）", "no_company": "客户：名片上没有公司 —— 请说「公司是…」",
           "ask": "保存为联系人吗？", "save": "保存", "edit": "修改",
           "edit_prompt": "请直接说要改的，例如「职位是采购总监」「电话 139…」「公司是…」。",
           "need_company": "还不知道是哪家公司的联系人，请说「公司是…」。",
           "need_name": "名片上没读到姓名，请说「名字是…」。",
           "known": "{name} 已是这个客户的联系人：保存会更新职位、电话、邮箱。"},
    "en": {"head": "📇 Business card:", "sep": ": ", "existing": "Customer: {name} (existing)",
           "new": "Create customer \"{name}\"? (created on Save, owned by you)",
           "no_company": "Customer: no company on the card — say \"company is …\"",
           "ask": "Save as a contact?", "save": "Save", "edit": "Edit",
           "edit_prompt": "Say what to change, e.g. \"title is Purchasing Director\", \"phone 139…\", "
                          "\"company is …\".",
           "need_company": "I don't know the contact's company yet; say \"company is …\".",
           "need_name": "I couldn't read a name on the card; say \"name is …\".",
           "known": "{name} is already a contact of this customer: Save updates the title, phone and e-mail."},
}
LABELS = {"zh": {"name": "姓名", "title": "职位", "company": "公司", "mobile": "手机", "phone": "电话", "email": "邮箱",
                 "address": "地址"},
          "en": {"name": "Name", "title": "Title", "company": "Company", "mobile": "Mobile", "phone": "Phone",
                 "email": "E-mail", "address": "Address"}}
Action = Callable[[Connection], list[Reply]]


def _say(lang: str, key: str, **kw: Any) -> str:
    return TEXTS["zh" if lang == "zh" else "en"][key].format(**kw)


# ---------- the customer a card's company names ----------

def core_name(name: str) -> str:
    """A company name without its legal form, spaces and punctuation, lower case ("Acme Robotics Inc." →
    "acmerobotics", "宁波远航物流有限公司" → "宁波远航物流")."""
    s = LEGAL_FORM.sub("", name.strip())
    s = LEGAL_FORM.sub("", s.strip(" .,，"))
    return re.sub(r"[\s.,，·&'()（）-]+", "", s).lower()


def _fits(card: str, stored: str) -> bool:
    if not card or not stored:
        return False
    least = 2 if not stored.isascii() else 3
    return card == stored or (len(stored) >= least and stored in card) or (len(card) >= least and card in stored)


def customers_of_company(conn: Connection, company: str) -> list[dict]:
    """Stored customers the company names (by name or alias, full or short form), the closest first:
    an equal short form, then the longest stored form contained in the card's."""
    key = core_name(company)
    found: list[tuple[int, dict]] = []
    for r in conn.execute(select(CUS.c.id, CUS.c.name, CUS.c.aliases, CUS.c.owner_id)).mappings():
        forms = [core_name(n) for n in [r["name"], *(r["aliases"] or "").split("|")] if n]
        hits = [f for f in forms if _fits(key, f)]
        if hits:
            score = 10_000 if key in hits else max(len(f) for f in hits)
            found.append((score, {"id": r["id"], "name": r["name"], "owner_id": r["owner_id"]}))
    return [row for _, row in sorted(found, key=lambda sr: -sr[0])]


def settle_customer(conn: Connection, auth: Authority, company: str | None) -> tuple[str, str | None, str | None]:
    """("mine", id, name) for a customer the speaker may write on; ("new", None, company) for none stored;
    ("hidden", None, None) when only others' customers fit; ("none", None, None) with no company."""
    if not company or not core_name(company):
        return "none", None, None
    fits = customers_of_company(conn, company)
    mine = [r for r in fits if auth.may_write_customer(r["owner_id"])]
    if mine:
        return "mine", mine[0]["id"], mine[0]["name"]
    return ("hidden", None, None) if fits else ("new", None, company.strip())


# ---------- the proposal ----------

def propose(conn: Connection, *, turn: Any, fields: dict[str, str | None], message_id: int | None = None,
            text: str | None = None) -> list[Reply]:
    """Show the card as a contact to save and keep it as the open question (replacing an earlier card)."""
    lang = turn.lang
    state.drop_pending(conn, turn.uid, turn.chat_key, ("card",))
    how, cid, name = settle_customer(conn, Authority.of(conn, turn.uid), fields.get("company"))
    if how == "hidden":
        return [Reply(t(lang, "not_yours"))]
    payload = {"type": "card", "fields": {k: fields.get(k) for k in FIELDS}, "customer_id": cid, "customer": name,
               "lang": lang, "message_id": message_id or turn.message_id, "text": text or turn.msg.text}
    sid = state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="pending", payload=payload, now=turn.now,
                    ttl=state.PENDING_TTL)
    sep = _say(lang, "sep")
    lines = [_say(lang, "head")]
    lines += [f"{LABELS['zh' if lang == 'zh' else 'en'][k]}{sep}{fields[k]}" for k in FIELDS if fields.get(k)]
    lines.append(_say(lang, {"mine": "existing", "new": "new", "none": "no_company"}[how], name=name or ""))
    known = records.find_contact(conn, cid, fields["name"]) if cid and fields.get("name") else None
    if known is not None and known["name"] == fields["name"]:
        lines.append(_say(lang, "known", name=known["name"]))
    lines.append(_say(lang, "ask"))
    return [Reply("\n".join(lines), [Button(f"save:card:{sid}", _say(lang, "save")),
                                     Button(f"edit:card:{sid}", _say(lang, "edit")),
                                     Button(f"cancel:{sid}", t(lang, "cancel"))])]


def is_card_press(press: str | None) -> bool:
    return bool(press) and PRESS.match(press.strip()) is not None  # type: ignore[union-attr]


def press(conn: Connection, *, turn: Any, press: str, services: Any) -> list[Reply]:
    """保存 saves the proposal; 修改 asks what to change (the proposal stays open)."""
    m = PRESS.match(press.strip())
    if not m:
        return [Reply(t(turn.lang, "expired"))]
    if m[1] == "save":
        return save(conn, turn=turn, sid=m[2], services=services)
    pending = state.get(conn, m[2], turn.uid, turn.now)
    if not pending or pending.get("type") != "card":
        return [Reply(t(turn.lang, "expired"))]
    return [Reply(_say(pending.get("lang", turn.lang), "edit_prompt"))]


def answer(turn: Any, pending: dict, text: str, services: Any) -> Action | None:
    """A typed reply to an open card: save / cancel in words, or a change of its fields."""
    low = text.lower().strip(" 。.!！")
    if low in ("1", "2", "3"):  # the buttons as numbered lines (channels without buttons)
        verb = ("save", "edit", "cancel")[int(low) - 1]
        if verb == "cancel":
            return partial(_cancel, turn=turn, sid=pending["id"])
        return partial(press, turn=turn, press=f"{verb}:card:{pending['id']}", services=services)
    if low in SAVE_WORDS:
        return partial(save, turn=turn, sid=pending["id"], services=services)
    if low in CANCEL_WORDS:
        return partial(_cancel, turn=turn, sid=pending["id"])
    changes = parse_card_edit(text)
    return partial(_edit, turn=turn, sid=pending["id"], changes=changes) if changes else None


def _cancel(conn: Connection, *, turn: Any, sid: str) -> list[Reply]:
    pending = state.take(conn, sid, turn.uid, turn.now)
    return [Reply(t((pending or {}).get("lang", turn.lang), "cancelled" if pending else "nothing_pending"))]


def _edit(conn: Connection, *, turn: Any, sid: str, changes: dict[str, str]) -> list[Reply]:
    pending = state.take(conn, sid, turn.uid, turn.now)
    if not pending or pending.get("type") != "card":
        return [Reply(t(turn.lang, "expired"))]
    turn.lang = pending.get("lang", turn.lang)
    fields = {**pending["fields"], **changes}
    return propose(conn, turn=turn, fields=fields, message_id=pending.get("message_id"), text=pending.get("text"))


def save(conn: Connection, *, turn: Any, sid: str, services: Any) -> list[Reply]:
    """Write the contact (and its new customer, owned by the speaker) through the capture path."""
    records.lock_user(conn, turn.uid)
    pending = state.take(conn, sid, turn.uid, turn.now)
    if not pending or pending.get("type") != "card":
        return [Reply(t(turn.lang, "expired"))]
    turn.lang = lang = pending.get("lang", turn.lang)
    fields = pending["fields"]
    how, cid, name = settle_customer(conn, Authority.of(conn, turn.uid), fields.get("company"))
    if how == "hidden":
        return [Reply(t(lang, "not_yours"))]
    missing = "need_name" if not fields.get("name") else "need_company" if how == "none" else None
    if missing:  # the proposal stays open for the missing field
        state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="pending", payload=_payload(pending),
                  now=turn.now, ttl=state.PENDING_TTL)
        return [Reply(_say(lang, missing))]
    rec = ContactRecord(customer=name, customer_id=cid, name=fields["name"], title=fields.get("title"),
                        phone=fields.get("mobile") or fields.get("phone"), email=fields.get("email"))
    origin = Origin(message_id=pending.get("message_id") or turn.message_id, text=pending.get("text") or "",
                    approved=[name] if how == "new" and name else [])
    replies = clog.save_or_ask(conn, turn, ParseResult(intent="log", records=[rec], trace=["card"]), origin=origin)
    services.invalidate()
    return replies


def _payload(pending: dict) -> dict:
    return {k: v for k, v in pending.items() if k not in ("id", "kind", "chat_key")}
