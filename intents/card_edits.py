"""Business cards: a change to a proposed card said in words ("职位是采购总监", "电话 139…", "公司是X",
"title is Purchasing Director", "email: a@b.com"). Pure rules: a field word (the card labels of
intents.cards plus a few spoken ones), an optional linking word, then the value; a bare e-mail address
or mobile number is that field. Returns {field: value} or {} when the words change no field."""

from __future__ import annotations

import re

from intents.cards import CN_MOBILE, EMAIL, LABELS

# spoken field words beside the card labels (data, per language)
SPOKEN: dict[str, tuple[str, ...]] = {
    "name": ("名字", "姓名", "他叫", "她叫", "名字叫"),
    "title": ("职位", "职务", "头衔", "title", "job title", "position", "role"),
    "company": ("公司", "公司名", "单位", "客户", "company", "customer", "firm"),
    "mobile": ("手机", "手机号", "手机号码", "mobile", "cell", "mobile number", "cell phone"),
    "phone": ("电话", "座机", "电话号码", "phone", "tel", "telephone", "landline", "phone number"),
    "email": ("邮箱", "邮件", "电子邮箱", "email", "e-mail", "mail"),
    "address": ("地址", "address"),
}
LINKS = r"(?:应该是|应为|改为|改成|换成|是|为|叫|is|should\s+be|to|=|：|:)"
FIELDS = ("name", "title", "company", "mobile", "phone", "email", "address")
FREE_TEXT = ("name", "title", "company", "address")  # any words: only after a linking word


def _words() -> list[tuple[str, str]]:
    """(word, field) pairs, longest words first so '手机号码' wins over '手机'."""
    pairs = {(w.lower(), f) for f in FIELDS for w in SPOKEN.get(f, ()) + LABELS.get(f, ()) if len(w) > 1}
    return sorted(pairs, key=lambda p: -len(p[0]))


WORDS = _words()
LEAD = re.compile(r"^\s*(?:把|将|change|set|the|its|his|her|\s)*", re.I)


def _clean(value: str) -> str:
    return value.strip().strip("。.!！,，;；\"'“”「」").strip()


def parse_card_edit(text: str) -> dict[str, str]:
    """The fields a sentence changes; several may be said at once, split by ，/;/and."""
    out: dict[str, str] = {}
    for part in re.split(r"[；;，,\n]|\s+and\s+|(?<=\d)\s*[、]\s*", text):
        got = _one(part)
        if got:
            out.setdefault(got[0], got[1])
    return out


def _one(part: str) -> tuple[str, str] | None:
    said = LEAD.sub("", part)
    low = said.lower()
    for word, fld in WORDS:
        if not low.startswith(word):
            continue
        rest = said[len(word):]
        m = re.match(rf"^\s*(?:的|'s)?\s*({LINKS})?\s*(.+)$", rest, re.I)
        value = _clean(m.group(2)) if m else ""
        if word.isascii() and rest[:1].isalpha():
            continue  # 'emailed', 'titled': not the field word
        if fld in FREE_TEXT and not (m and m.group(1)) and not word.endswith("叫"):
            return None  # '公司那边说…', '客户说…': words about them, not a new value
        if fld == "phone" and (m := CN_MOBILE.fullmatch(value)) is not None:
            fld = "mobile"  # a mobile number said as 电话 / phone is the mobile
        stored = _value(fld, value) if value else None
        return (fld, stored) if stored else None
    bare = _clean(said)
    if (m := EMAIL.fullmatch(bare.replace(" ", ""))) is not None:
        return "email", m.group(0)
    if (m := CN_MOBILE.fullmatch(bare)) is not None:
        return "mobile", re.sub(r"[\s-]", "", m.group(1))
    return None


def _value(fld: str, value: str) -> str | None:
    """The value as stored: numbers without spaces inside a mobile, a whole e-mail address."""
    if fld == "mobile":
        digits = re.sub(r"[\s-]", "", value)
        return digits if digits.lstrip("+").isdigit() and len(digits) >= 7 else None
    if fld == "phone":
        return value if sum(ch.isdigit() for ch in value) >= 7 else None
    if fld == "email":
        m = EMAIL.search(value.replace(" ", ""))
        return m.group(0) if m else None
    return value[:120]
