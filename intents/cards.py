"""Business cards: pick a contact's fields out of the text lines OCR read off a card.

Pure rules over the lines (text and the height of each line on the card), in Chinese and
English: labelled values first ("手机：", "Mobile:", "E:"), then by shape — an e-mail address,
a mobile number, a landline, a company by its legal-form word, a title by the title lexicon,
an address by its place words, and the name as the largest short line that is none of these.
A picture whose lines give no name, or neither a way to reach the person nor a company, is
not a card (`is_card` is False) and nothing is proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# ---------- lexicons (data, per language) ----------

LABELS: dict[str, tuple[str, ...]] = {
    "mobile": ("手机", "移动电话", "mobile", "mob", "cell", "m"),
    "phone": ("电话", "座机", "办公电话", "tel", "phone", "office", "t", "p"),
    "fax": ("传真", "fax", "f"),
    "email": ("邮箱", "电子邮箱", "电邮", "e-mail", "email", "mail", "e"),
    "address": ("地址", "公司地址", "address", "addr", "add", "a"),
    "web": ("网址", "网站", "web", "website", "www", "w", "url"),
    "company": ("公司", "company"),
    "title": ("职位", "职务", "title", "position"),
    "name": ("姓名", "name"),
}
COMPANY_WORDS = re.compile(
    r"(有限责任公司|股份有限公司|有限公司|集团|公司|研究院|研究所|事务所|工作室|商行|门市部|中心|医院|学校|银行)$"
    r"|\b(Inc|Ltd|LLC|LLP|PLC|Corp|Corporation|Co|Company|Group|GmbH|AG|S\.?A|Limited|Holdings|Technologies|Labs)\b\.?",
    re.I)
TITLE_WORDS = re.compile(
    r"(董事长|副?总裁|总经理|副总经理|总监|经理|主管|主任|部长|科长|处长|工程师|设计师|顾问|助理|专员|代表|合伙人|创始人|"
    r"秘书|会计|采购|销售|店长|院长|校长|教授|律师|医生|董事|总工|厂长)"
    r"|\b(CEO|CTO|CFO|COO|CIO|CMO|VP|SVP|EVP|President|Vice|Director|Manager|Engineer|Officer|Head|Lead|Founder|"
    r"Co-?founder|Partner|Consultant|Specialist|Representative|Executive|Chairman|Owner|Principal|Associate|"
    r"Analyst|Architect|Designer|Buyer|Purchasing|Sales|Account|Procurement)\b", re.I)
ADDRESS_WORDS = re.compile(
    r"(省|市|区|县|镇|路|街|道|号|大厦|大楼|广场|园区|室|层|楼)"
    r"|\b(\d+\s+\w+.*\b(St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Lane|Ln|Dr|Drive|Way|Suite|Floor)\b"
    r"|[A-Z]{2}\s+\d{5}|Suite\s+\d+|P\.?O\.? Box)", re.I)

# common Chinese surnames (compound ones first): a Chinese name on a card starts with one
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "尉迟", "公孙", "长孙", "夏侯",
                     "端木", "独孤", "南宫", "西门", "宇文", "司徒", "申屠", "澹台")
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂"
    "章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解"
    "牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎"
    "甄丛仲虞敖巩明佘池查麻苑迟邝")
DATE_SHAPE = re.compile(r"\b\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
WEB = re.compile(r"\b(www\.|https?://)\S+|\b[\w-]+\.(com|cn|net|org|io)(\.cn)?\b", re.I)
CN_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)")
PHONE = re.compile(r"(\+?\(?\d[\d\s()\-./]{5,}\d)")
CJK = re.compile(r"[\u3400-\u9fff]")
ZH_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")
EN_NAME = re.compile(r"^(?:[A-Z][a-zA-Z'\-]+\.?\s+){1,3}[A-Z][a-zA-Z'\-]+$")
LABEL_SPLIT = re.compile(r"^\s*([A-Za-z\-]{1,8}|[\u3400-\u9fff]{2,6})\s*[:：]\s*(.+)$")
LABEL_GLUED = re.compile(r"^(手机|电话|座机|传真|邮箱|地址|网址)\s*(.+)$")


@dataclass(frozen=True)
class CardLine:
    """One line OCR read: its text and its height on the card (larger type is taller)."""

    text: str
    height: float = 0.0


@dataclass
class CardFields:
    """What a card says about its person (None: not on the card)."""

    name: str | None = None
    title: str | None = None
    company: str | None = None
    mobile: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    rules: list[str] = field(default_factory=list)  # which rule set each field (for tests and --explain)

    @property
    def is_card(self) -> bool:
        return self.name is not None and any((self.mobile, self.phone, self.email, self.company))

    def as_dict(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in ("name", "title", "company", "mobile", "phone", "email", "address")}


def _label_of(word: str) -> str | None:
    w = word.strip().lower().rstrip(".")
    return next((key for key, words in LABELS.items() if w in words), None)


def _split_label(text: str) -> tuple[str | None, str]:
    """('mobile', '138…') for '手机：138…' / 'M: 138…' / '手机138…'; (None, text) otherwise."""
    m = LABEL_SPLIT.match(text)
    if m and (key := _label_of(m.group(1))):
        return key, m.group(2).strip()
    m = LABEL_GLUED.match(text)
    if m and (key := _label_of(m.group(1))):
        return key, m.group(2).strip()
    return None, text.strip()


def _digits(text: str) -> str:
    """A number as written, with its separators normalised to single spaces."""
    return re.sub(r"\s+", " ", text.replace("（", "(").replace("）", ")")).strip()


def _mobile(text: str) -> str | None:
    """A mainland mobile number (11 digits from 13…19, +86 allowed); None beside another country code."""
    if re.search(r"\+(?!\s*86)\s*\d", text):
        return None
    m = CN_MOBILE.search(text)
    return re.sub(r"[\s-]", "", m.group(1)) if m else None


def _phone(text: str) -> str | None:
    if DATE_SHAPE.search(text):
        return None
    m = PHONE.search(text)
    if not m or sum(ch.isdigit() for ch in m.group(1)) < 7:
        return None
    return _digits(m.group(1))


def _set(f: CardFields, key: str, value: str | None, rule: str) -> bool:
    if value and key == "title":  # '技术总监| CTO' → '技术总监 | CTO'
        value = re.sub(r"\s*[|｜]\s*", " | ", value).strip(" |")
    if value and getattr(f, key) is None:
        setattr(f, key, value)
        f.rules.append(f"{key}:{rule}")
        return True
    return False


def _labelled(f: CardFields, key: str, value: str) -> bool:
    """A value after its label; True when the line is used up."""
    if key == "mobile":
        return _set(f, "mobile", _mobile(value) or _phone(value), "label")
    if key == "phone":
        mobile = _mobile(value)
        return _set(f, "mobile", mobile, "label") if mobile and f.mobile is None else _set(f, "phone", _phone(value), "label")
    if key == "email":
        m = EMAIL.search(value.replace(" ", ""))
        return _set(f, "email", m.group(0) if m else None, "label")
    if key in ("address", "company", "title", "name"):
        return _set(f, key, value, "label")
    return key in ("fax", "web")  # read and left out


def _name_and_title(f: CardFields, text: str, height: float, names: list[tuple[float, str]]) -> None:
    """'邱建 总经理' / '邱建总经理' / 'Mary Walker, CTO': a name and a title on one line."""
    if CJK.match(text):
        for n in (2, 3, 4):
            name, rest = text[:n], text[n:].strip()
            if rest and TITLE_WORDS.match(rest) and _looks_like_name(name):
                names.append((height, name))
                _set(f, "title", rest, "beside name")
                return
    for sep in (r"\s*[,，|/]\s*", r"\s+"):
        parts = re.split(sep, text, maxsplit=1)
        if len(parts) == 2 and TITLE_WORDS.search(parts[1]) and _looks_like_name(parts[0]):
            names.append((height, parts[0]))
            _set(f, "title", parts[1], "beside name")
            return


def _looks_like_name(text: str) -> bool:
    if COMPANY_WORDS.search(text) or TITLE_WORDS.search(text) or any(ch.isdigit() for ch in text):
        return False
    if ZH_NAME.match(text):
        return text[0] in SURNAMES or text.startswith(COMPOUND_SURNAMES)
    return bool(EN_NAME.match(text))


def pick_fields(lines: list[CardLine]) -> CardFields:
    """The card's fields from its OCR lines, in reading order."""
    f = CardFields()
    names: list[tuple[float, str]] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        key, value = _split_label(text)
        if key is not None and _labelled(f, key, value):
            continue
        if (m := EMAIL.search(text.replace(" ", ""))) and _set(f, "email", m.group(0), "shape"):
            continue
        if WEB.search(text) and not CJK.search(text):
            continue
        if _set(f, "mobile", _mobile(text), "shape"):
            continue
        if sum(ch.isdigit() for ch in text) >= 7 and not ADDRESS_WORDS.search(text) and _set(f, "phone", _phone(text), "shape"):
            continue
        if _looks_like_name(text):
            names.append((line.height, text))
        elif COMPANY_WORDS.search(text) and not TITLE_WORDS.fullmatch(text):
            _set(f, "company", text, "legal form")
        elif TITLE_WORDS.search(text) and len(text) <= 40 and not ADDRESS_WORDS.search(text):
            if not _name_and_title_found(f, text, line.height, names):
                _set(f, "title", text, "lexicon")
        elif ADDRESS_WORDS.search(text) and (CJK.search(text) or any(ch.isdigit() for ch in text)):
            _set(f, "address", text, "place words")
    if names:
        tallest = max(names, key=lambda hn: hn[0])
        _set(f, "name", _tidy_name(tallest[1]), "largest short line")
    return f


def _name_and_title_found(f: CardFields, text: str, height: float, names: list[tuple[float, str]]) -> bool:
    before = len(names)
    _name_and_title(f, text, height, names)
    return len(names) > before


def _tidy_name(name: str) -> str:
    return re.sub(r"\s+", "" if CJK.search(name) else " ", name).strip()
