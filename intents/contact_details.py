"""Contact details said in a message: a person's phone, email or title, given or corrected
("加个联系人 王芳 采购 13800001111", "黎总手机换了 139…", "Mary's new email is …")."""

from __future__ import annotations

import re

from domain.types import ContactRecord
from intents.directory import CustomerMatch, Directory
from intents.lexicon_records import (
    CONTACT_ADD,
    CONTACT_CHANGE,
    EMAIL,
    JOB_TITLE_EN,
    JOB_TITLE_ZH,
    PHONE,
    compile_words,
)
from intents.mentions import Person, person_mentions
from intents.normalize import fold

_ADD = compile_words(CONTACT_ADD)
_FIELD_VALUE = re.compile(r"(?:(?:电话|手机号?|座机|邮箱|phone|mobile|tel|cell|email|e-mail)\s*(?:号码)?\s*(?:是|is|:|：)?\s*)?"
                          r"(?:" + PHONE.pattern + "|" + EMAIL.pattern + ")")
_LATIN_NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")
_NOT_FIRST = {"add", "new", "contact", "the", "our", "their", "his", "her", "mr", "ms", "mrs", "dr"}
_PROMOTED = re.compile(r"(?:现在是|升为|升任|提拔为|调任|调为|改任|升职为|升职成|换成了?|改成了?|改为|now (?:the |a |an )?|promoted to (?:the |a )?|"
                       r"new title(?: is)?:? )")
_CHANGE = compile_words(CONTACT_CHANGE)
_RELATION = re.compile(r"(?<=[\u4e00-\u9fff])的(?:同事|助理|秘书|下属|手下|领导|上级|老板|副手)|"
                       r"['’]s\s+(?:colleague|assistant|secretary|deputy|boss|manager|report)\b")


def has_contact_details(folded: str, context: str | None = None) -> str | None:
    """`update` when the clause is about a person's details (加个联系人, 手机换了, new email),
    `given` when it only carries a phone or an email beside other news, else None. A change word
    may stand in another clause of the same message (`context`): 闫军升职了，现在是副总经理."""
    change = _CHANGE.search(folded) or (context is not None and _CHANGE.search(context))
    if _ADD.search(folded) or (change and (PHONE.search(folded) or EMAIL.search(folded)
                                           or JOB_TITLE_ZH.search(folded) or JOB_TITLE_EN.search(folded))):
        return "update"
    promoted = _PROMOTED.search(folded)
    if promoted and (JOB_TITLE_ZH.match(folded, promoted.end()) or JOB_TITLE_EN.match(folded, promoted.end())):
        return "update"  # Mary Walker now VP Engineering
    if PHONE.search(folded) or EMAIL.search(folded):
        return "given"
    return None


def strip_details(folded: str) -> str:
    """The clause without its contact-detail words and numbers (黎总电话换了 139… is no call)."""
    for pattern in (_FIELD_VALUE, _ADD, _CHANGE):
        folded = pattern.sub(" ", folded)
    return folded


def contact_record(text: str, customer: CustomerMatch | None, directory: Directory, fields: dict) -> ContactRecord | None:
    """The contact record of `text` (stored contact when it is one), or None when no one is named."""
    folded = fold(text)
    phone = PHONE.search(folded)
    email = EMAIL.search(folded)
    cid = customer.customer_id if customer else None
    stored = None
    span = None
    added = _ADD.search(folded)
    added = _RELATION.search(folded) or added  # 蒋晓的同事 王丽 / Tom's colleague Anna: the one after
    if customer is not None and customer.contact is not None \
            and not (added and folded.find(fold(customer.contact.name)) < added.start()):
        stored = customer.contact
    if stored is None and cid:
        found = directory.find_contacts(text, [cid])
        if added:  # "Mary Walker left, new contact is Tom Hill": the one after the new-contact words
            found = [p for p in found if folded.find(fold(p.name)) >= added.start()]
        stored = found[0] if found else None
    exclude = customer.span if customer and customer.span else None
    people = [p for p in person_mentions(text, exclude=exclude)
              if fold(p.name).strip() not in directory.colleagues and not (phone and phone.start() <= p.span[0] < phone.end())
              and not (added and p.span[0] < added.start())]
    rel = _RELATION.search(folded)
    if rel and not any(p.span[0] >= rel.end() for p in people):  # 蒋晓的同事 王丽: the name right after
        people = [p for p in person_mentions(text, exclude=rel.span()) if p.span[0] >= rel.end()] + people
    if not people:  # "Add contact at Acme: John Lee, CFO": a capitalised first and last name
        people = [Person(span=m.span(1), name=m.group(1)) for m in _LATIN_NAME.finditer(text)
                  if not (exclude and exclude[0] <= m.start(1) < exclude[1])
                  and not (added and m.start(1) < added.start())
                  and m.group(1).split()[0].lower() not in _NOT_FIRST]
    if stored is None and people and cid:
        stored = directory.resolve_contact(people[0].name, cid)
    if stored is not None:
        at = folded.find(fold(stored.name))
        span = (at, at + len(stored.name)) if at >= 0 else (people[0].span if people else None)
    elif people:
        span = people[0].span
    if stored is None and not people:
        return None
    title = _title(text, folded, span) or _new_title(text, folded) or _title_before(text, folded, span, added) \
        or _title_stated(text, folded, span)
    title = _with_department(text, folded, span, title)
    rec = ContactRecord(**fields)
    rec.contact_id = stored.id if stored else None
    rec.name = stored.name if stored else people[0].name
    rec.title = title
    rec.phone = re.sub(r"[^0-9+]", "", phone.group(0)) if phone else None
    rec.email = email.group(0) if email else None
    return rec


_DEPARTMENT_BEFORE = re.compile(r"((?:采购|技术|财务|行政|销售|市场|运营|项目|人事|生产|质量|研发|信息|工程|it)部)(?:门)?的?\s*$")


def _with_department(text: str, folded: str, span: tuple[int, int] | None, title: str | None) -> str | None:
    """采购部黄伟 / 采购部 周敏 经理: the department written before the person belongs to their title
    (采购部, 采购部经理)."""
    if span is None:
        return title
    dept = _DEPARTMENT_BEFORE.search(folded[:span[0]])
    if dept is None:
        return title
    name = text[dept.start(1):dept.end(1)]
    if title is None or fold(title) == fold(name)[:-1]:
        return name
    return title if fold(title).startswith(fold(name)[:-1]) else name + title


def _title_before(text: str, folded: str, span: tuple[int, int] | None, added: re.Match | None) -> str | None:
    """A title between the new-contact words and the person: 新来了个采购经理叫孙丽丽 / new CTO is Jason Wu."""
    if span is None or added is None or added.start() > span[0]:
        return None
    window = folded[added.start():span[0]]
    t = JOB_TITLE_ZH.search(window) or JOB_TITLE_EN.search(window)
    return text[added.start() + t.start():added.start() + t.end()] if t else None


def _new_title(text: str, folded: str) -> str | None:
    """A title said as the person's new one: 现在是副总经理, promoted to VP Sales."""
    m = _PROMOTED.search(folded)
    if not m:
        return None
    t = JOB_TITLE_ZH.match(folded, m.end()) or JOB_TITLE_EN.match(folded, m.end())
    return text[t.start():t.end()] if t else None


_TITLE_STATED = re.compile(r"(?:(?<![a-z])是|担任|职位\s*[:：是]?|\b(?:title\s*[:：]?|is (?:the |their |our |now )?|works as (?:an? |the )?))\s*")


def _title_stated(text: str, folded: str, span: tuple[int, int] | None) -> str | None:
    """A title said later in the message (李总电话 137… 是技术总监 / …, she is the procurement manager)."""
    for m in _TITLE_STATED.finditer(folded, span[1] if span else 0):
        t = JOB_TITLE_ZH.match(folded, m.end()) or JOB_TITLE_EN.match(folded, m.end())
        if t:
            return text[t.start():t.end()]
    return None


def _title(text: str, folded: str, span: tuple[int, int] | None) -> str | None:
    """A job title written right after the person (王芳 采购经理), or anywhere in an English clause."""
    after = folded[span[1]:] if span else folded
    m = re.match(r"[\s,，(（:：]*(?:是|任|,? the|is)?\s*", after)
    start = (span[1] if span else 0) + (m.end() if m else 0)
    t = JOB_TITLE_ZH.match(folded, start) or JOB_TITLE_EN.match(folded, start)
    return text[t.start():t.end()] if t else None
