"""Help and "didn't get that" texts whose examples name the org's own customers.

A newcomer who copies an example must meet a customer the bot knows: the examples name one of
the speaker's own customers with one of its contacts (one they may see when they own none), a
second customer for the "not X, it is Y" edit, and a public-pool customer to claim — read from
the database when the text is asked for, each by a form no other customer shares. With an empty database the texts keep
their built-in names.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, or_, select

from bot.conversation_texts import t
from storage.models import Contact, Customer
from storage.visibility import user_role, visible_for_role

CJK = re.compile(r"[\u3400-\u9fff]")
LEGAL_TAIL = re.compile(r"(股份)?有限(责任)?公司$|集团$|\s*(Co\.,?\s*)?(Ltd\.?|Inc\.?|LLC|Corp\.?)$")
DEFAULTS = {
    "zh": {"customer": "明德食品", "contact": "邱总", "other": "明德建材", "pool": "华信电子"},
    "en": {"customer": "Acme", "contact": "Mary Walker", "other": "Apex", "pool": "Acme"},
}
TEXTS = ("help", "unknown", "no_customer", "claim_which")
SAMPLE = 200  # customers looked at: enough to find one with a contact, cheap on any org


def short_name(name: str, aliases: str) -> str:
    """What a rep would write: the first alias, else the name without its legal-form tail."""
    first = next((a.strip() for a in (aliases or "").split("|") if a.strip()), "")
    return first or LEGAL_TAIL.sub("", name).strip() or name


def contact_form(name: str, lang: str) -> str:
    """'邱总' for 邱建 in Chinese (how reps say it), the full name otherwise."""
    if lang == "zh" and CJK.match(name) and len(name) in (2, 3):
        return f"{name[0]}总"
    return name


def _fits(name: str, lang: str) -> bool:
    return bool(CJK.search(name)) == (lang == "zh")


def example_names(engine: Engine | Connection, uid: str | None, lang: str) -> dict[str, str]:
    """Names for the examples in `lang`, from the data; the built-in ones where it has none.

    Only customers the speaker may see, their own first; each named by a form that fits no
    other customer (the first alias or the name without its legal form, else the full name)."""
    if isinstance(engine, Engine):
        with engine.connect() as conn:
            return example_names(conn, uid, lang)
    conn = engine
    names = dict(DEFAULTS["en" if lang == "en" else "zh"])
    role = user_role(conn, uid) if uid else None
    visible = visible_for_role(conn, uid, role) if role else set()
    own = select(Customer.id, Customer.name, Customer.aliases).where(Customer.owner_id.is_not(None))
    if visible is not None:
        own = own.where(Customer.owner_id.in_(sorted(visible)))
    owned = conn.execute(own.order_by(Customer.owner_id != (uid or ""), Customer.id).limit(SAMPLE)).all()
    pool = conn.execute(select(Customer.id, Customer.name, Customer.aliases).where(Customer.owner_id.is_(None))
                        .order_by(Customer.id).limit(SAMPLE)).all()
    ids = [c.id for c in owned]
    people = conn.execute(select(Contact.customer_id, Contact.name).where(Contact.customer_id.in_(ids))
                          .order_by(Contact.customer_id, Contact.id)).all() if ids else []
    contact_of: dict[str, str] = {}
    for cid, person in people:
        contact_of.setdefault(cid, person)
    chosen = _pick(owned, lang, contact_of)
    if chosen is not None:
        names["customer"] = said_name(conn, chosen)
        if chosen.id in contact_of:
            names["contact"] = contact_form(contact_of[chosen.id], lang)
        other = next((c for c in [*owned, *pool] if c.id != chosen.id and _fits(c.name, lang)), None)
        if other is not None:
            names["other"] = said_name(conn, other)
    in_pool = next((c for c in pool if _fits(c.name, lang)), pool[0] if pool else None)
    if in_pool is not None:
        names["pool"] = said_name(conn, in_pool)
        if chosen is None:  # nothing of their own to name: a pool customer, which everyone sees
            names["customer"] = names["pool"]
    return names


def said_name(conn: Connection, customer) -> str:
    """The short form when no other customer's name or alias contains it, else the stored name."""
    short = short_name(customer.name, customer.aliases)
    if short == customer.name:
        return short
    pattern = f"%{short}%"
    clash = conn.execute(select(Customer.id).where(Customer.id != customer.id,
                                                   or_(Customer.name.like(pattern), Customer.aliases.like(pattern)))
                         .limit(1)).first()
    return customer.name if clash else short


def _pick(owned: list, lang: str, contact_of: dict[str, str]):
    """The first owned customer in the language with a contact; then in the language; then any."""
    for test in (lambda c: _fits(c.name, lang) and c.id in contact_of, lambda c: _fits(c.name, lang),
                 lambda c: True):
        found = next((c for c in owned if test(c)), None)
        if found is not None:
            return found
    return None


def example_text(engine: Engine | Connection, key: str, lang: str, uid: str | None = None) -> str:
    """A text whose examples name the org's own customers (`help`, `unknown`, `no_customer`,
    `claim_which`), in `lang`."""
    return t(lang, key, **example_names(engine, uid, lang))
