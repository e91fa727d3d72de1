"""People and companies written in a message that the directory may not know.

`person_mentions` finds 张总 / 王经理 / 陈工 (surname + title), full Chinese names after
见了/和/跟/联系 (and titles like CTO), and English names (Mary Walker, Mr. Smith).
`new_company` finds a company that is not in the directory: X科技, X有限公司, Foo Inc, or a
capitalised English name after "at"/"visited".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intents.lexicon import CITY_WORDS, INDUSTRY_WORDS
from intents.normalize import normalize

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "长孙", "宇文", "司徒", "夏侯")
ZH_TITLES = ("总经理", "副总", "总监", "总裁", "总工", "总", "经理", "工程师", "工", "处长", "处", "局长", "局", "主任", "老师",
             "博士", "董事长", "董", "部长", "科长", "院长", "厂长", "主管", "老板", "书记", "秘书长", "律师", "医生", "教授",
             "助理", "姐", "哥", "先生", "女士", "小姐", "总助", "行长", "校长", "所长")
_TITLE_RE = "|".join(sorted(ZH_TITLES, key=len, reverse=True))
_SURNAME_TITLE = re.compile(rf"((?:{'|'.join(COMPOUND_SURNAMES)})|[\u4e00-\u9fff])({_TITLE_RE})(?!部|价|结|体|共|额|计|数|之|而言|的来说|监管)")
# words after which a person's name follows
_ZH_TRIGGER = re.compile(r"((?:对接人|联系人|负责人|决策人)(?:是|为|:|：)?|名叫|叫做|(?<=[理监管总师长人购务])叫|新来的|新任|认识了|见了|见到|见|约了|约见|和|跟|与|同|联系了?|拜访了?|陪|找了?|给|问了?|met|with|emailed|called|to|(?:采购|技术|财务|行政|销售|市场|运营|项目|人事|生产|质量|研发|信息|工程|it|IT)部(?:门)?的?)\s*"
                         r"(?:(?:cto|ceo|cfo|coo|cio|it|采购|技术|财务|行政|销售|市场|运营|项目|人事|生产)?(?!部)"
                         r"(?:总经理|副总经理|副总|董事长|总裁|总监|经理|负责人|主管|总|部长|老板|主任|工程师|厂长|院长|校长|处长|科长|director|manager|head)?\s*)?", re.I)
_TITLE_WORDS = re.compile(r"^(?:cto|ceo|cfo|coo|cio|vp|it|采购|技术|财务|行政|总监|经理|负责人|主管|部长|老板|主任|工程师)+\s*", re.I)
_TITLE_AT = re.compile(_TITLE_RE)
_XIAO_LAO = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[见了和跟与约找购术务长总理监人板]))(小|老)([\u4e00-\u9fff])(?=[^\u4e00-\u9fff]|$|[说聊讲电来发回在也都])")
_NOT_XIAO_LAO = set("单板师总家人客户号样本事")
_NOT_GIVEN = re.compile(r"单子|成交|成单|成功|成本|意向|计划|准备|预计|确认|需要|安排|全款|程序|流程|方面|单位|管理|项目|高层|方案|项目|合同|金额|价格|报价|单价|总价|需求|预算|周期|总部|那边|这边|公司|团队|老板|商机|时间|文件|资料|样品|付款|回款|发票|安装|调试|上线|明年|明天|后天")
_FUNCTION_CHARS = set("和与同向时从对把被在给也都就还的了上下是有为以及但而")
_NAME_STOP = set("了的说在和跟与是也都就还去来到把被给对从向等们，,。.;；:：!！?？ 电微拜见聊谈沟介讨确签报发打做看今昨明前后上下再约那这要已对方说表态反馈")
_EN_NAME = re.compile(r"\b(?!(?:Met|Meet|Called|Call|Visited|Visit|Emailed|Texted|Saw|Had|Spoke|Talked|Meeting|Lunch|Dinner|Pinged)\b)(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)")
_EN_NAME_BEFORE = re.compile(r"(?:\b(?:met|meet|meeting|with|w/|emailed|email|called|call|to|texted|pinged|saw|contact|见了?|和|跟|约了?|联系)\s*(?:(?:the|their|our|his|her)\s+)?(?:cto|ceo|cfo|coo|cio|vp|gm|general manager|it director|it manager|director|manager|head of \w+)?,?\s*|(?:'s|\btheir|\bthe|\bour|\bhis|\bher)\s+(?:\w+\s+)?(?:buyer|founder|owner|boss|engineer|manager|director|head|contact|cto|ceo|cfo|coo|cio|vp)\s*,?\s*)$", re.I)
_EN_FIRST_NAME = re.compile(r"(?:\b(?i:met|meeting with|emailed|called|texted|pinged|spoke (?:to|with)|talked (?:to|with)|call with|lunch with|dinner with|meeting w/?|call w/?|spoke w/?|talked w/?|chat w/?|met w/?)\s+|(?<=\s)w/\s*|(?:见了?|和|跟|约了?|联系了?|的))"
                            r"([A-Z][a-z]{2,})\b(?!\s+[A-Z])")
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "june", "july", "august", "september", "october", "november", "december",
              "next", "last", "this", "the", "proposal", "quote", "demo", "call", "meeting", "strong", "lost", "won"}


@dataclass(frozen=True)
class Person:
    span: tuple[int, int]
    name: str
    surname: str | None = None  # set for surname + title (张总)


# common given-name characters that also start a word that ends a name (明天, 方案)
_STOP_ONLY_BEFORE = {"明": "天年早晚日儿后", "方": "案面便"}


def _may_be_given(text: str, j: int) -> bool:
    ch = text[j]
    if ch in _STOP_ONLY_BEFORE:
        return text[j + 1:j + 2] not in tuple(_STOP_ONLY_BEFORE[ch]) or j + 1 >= len(text)
    return ch not in _NAME_STOP


def _zh_full_name(text: str, i: int) -> int:
    """End of a Chinese full name starting at i (surname + 1-2 chars), or i when none."""
    if text[i:i + 2] in COMPOUND_SURNAMES:
        j = i + 2
    elif text[i:i + 1] in SURNAMES and text[i:i + 1] not in _FUNCTION_CHARS:
        j = i + 1
    else:
        return i
    if _TITLE_AT.match(text, j):
        return i
    given = 0
    while (j < len(text) and given < 2 and re.match(r"[\u4e00-\u9fff]", text[j]) and _may_be_given(text, j)
           and text[j:j + 2] not in ("一起", "一同", "一块", "一道", "一直", "一下", "一共")):
        if given and (t := _TITLE_AT.match(text, j)) and (len(t.group(0)) > 1 or text[j] == "总"):
            break  # 李强经理: the name ends where a title starts
        j, given = j + 1, given + 1
    if given and j < len(text) and text[j:j + 1] in "总经工" and given == 2:
        return i  # 王经理-like: a title, not a name
    return j if given >= 1 else i


def _company_like(norm: str, i: int, j: int) -> bool:
    """陶瓷厂 / 五金店: a trade ending in or right after the words is part of a company, not a name."""
    return bool(_CO_END_AT.search(norm[i:j]) or _CO_END_AT.match(norm, j))


def person_mentions(text: str, exclude: tuple[int, int] | None = None) -> list[Person]:
    """People written in `text` (not from the directory), left to right."""
    norm = normalize(text)
    out: list[Person] = []

    def clash(s: int, e: int) -> bool:
        return (exclude is not None and s < exclude[1] and exclude[0] < e) or any(s < p.span[1] and p.span[0] < e for p in out)

    for m in _SURNAME_TITLE.finditer(norm):
        if m.group(1) in SURNAMES or m.group(1) in COMPOUND_SURNAMES:
            if not clash(m.start(), m.end()):
                out.append(Person(span=m.span(), name=text[m.start():m.end()], surname=m.group(1)))
    for m in _XIAO_LAO.finditer(norm):  # 小李 / 老王
        if m.group(2) in SURNAMES and m.group(2) not in _NOT_XIAO_LAO and not clash(m.start(), m.end()):
            out.append(Person(span=m.span(), name=text[m.start():m.end()], surname=m.group(2)))
    for m in _ZH_TRIGGER.finditer(norm):
        i = m.end()
        j = _zh_full_name(norm, i)
        title = _TITLE_AT.match(norm, j) if j - i >= 2 else None
        if title and len(title.group(0)) > 1 or (title and title.group(0) == "总"):
            j = title.end()  # 李强经理: the name as written, with its title
        if j - i >= 2 and not clash(i, j) and norm[j:j + 1] not in ("总", "经", "工") and not _NOT_GIVEN.match(norm, i) \
                and not _company_like(norm, i, j):
            out.append(Person(span=(i, j), name=text[i:j]))
    if exclude:  # a name right after the customer: 天启教育程波 / 远航新能源 蔡婷敏 / 远航电子的郭秀军
        i = exclude[1]
        while i < len(norm) and norm[i] in " 的:：,，":
            i += 1
        if norm.startswith(("那边", "这边", "方面"), i):
            i += 2
        title = _TITLE_WORDS.match(norm[i:])
        i += title.end() if title else 0
        j = _zh_full_name(norm, i)
        boundary = j >= len(norm) or not re.match(r"[\u4e00-\u9fff]", norm[j])
        if j - i >= 2 and boundary and not clash(i, j) and not _NOT_GIVEN.match(norm, i) and not _company_like(norm, i, j):
            out.append(Person(span=(i, j), name=text[i:j]))
    for m in _EN_NAME.finditer(text):
        words = m.group(0).lower().replace(".", "").split()
        if any(w in _NOT_NAMES for w in words) or clash(*m.span()) or re.fullmatch(_EN_CO_WORDS, m.group(0).split()[-1]):
            continue
        titled = words[0] in ("mr", "ms", "mrs", "dr", "prof")
        if titled or _EN_NAME_BEFORE.search(text[:m.start()]) or re.match(r"\s*\(", text[m.end():]):
            out.append(Person(span=m.span(), name=m.group(0)))
    for m in _EN_FIRST_NAME.finditer(text):  # "met John", "见了Mary": a first name after a person verb
        if m.group(1).lower() not in _NOT_NAMES and not clash(*m.span(1)):
            out.append(Person(span=m.span(1), name=m.group(1)))
    return sorted(out, key=lambda p: p.span[0])


_CO_STRONG = ("有限责任公司|股份有限公司|集团有限公司|有限公司|科技|集团|公司|股份|实业|贸易|工厂|医院|学校|大学|银行|研究院|研究所|"
              "事务所|商行|酒店|药业|制药")
_CO_WEAK = "|".join(w for w in INDUSTRY_WORDS if w not in ("发展", "国际", "股份", "集团", "管理", "服务", "设计", "技术", "信息", "数据", "系统", "工程", "商务", "智能", "网络", "云"))
# a trade ending that closes a name (佛山宏达陶瓷厂, 义乌恒通小商品批发部, 顺德美佳家具店) but is no department or title
CO_END = ("制品厂|加工厂|厂(?![长区家商房里子方])|批发部|经营部|门市部|营业部|门诊部|工作室|中心|专卖店|旗舰店|便利店|商店|超市|商行|"
          "商城|数码城|电器城|购物中心|广场|旅行社|幼儿园|会所|俱乐部|卫生院|门诊|诊所|药房|药店|店(?<![门分开]店)(?![长里面铺员])")
_CO_END_AT = re.compile(CO_END)
_CO_WORD = rf"(?:{CO_END}|{_CO_STRONG}|制品|{_CO_WEAK})"
# one word then any more (the same as (?:…)+): a pattern that opens on its words' first characters lets the regex
# engine jump to them (so 店 checks the character before it after itself, the same match)
_CO_RE = re.compile(rf"{_CO_WORD}{_CO_WORD}*")
_CO_STRONG_RE = re.compile(rf"(?:{CO_END}|{_CO_STRONG})")
_CO_LEFT_STOP = set("叫了的在去见拜访给和跟与到从向对把被是说，,。.;；:：!！?？ 又再跑陪约拿签丢聊谈讨论趟俾畀搵")
_TIME_PREFIX = re.compile(r"^(?:新客户|新客戶|潜在客户|意向客户|客户|新公司|今天|昨天|前天|明天|后天|今早|今晚|上午|下午|晚上|早上|刚才|刚刚|上周|下周|本周|这周|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天])+")
_CO_TRIGGER = re.compile(r"(新客户|新客戶|一家新的?客户|潜在客户|拜访了?|陌拜了?|去了?|到了?|在|给|和|跟|与|见了?|联系了?|约了?|visited|at)\s*$")
_CITY_START = re.compile("^(" + "|".join(sorted(CITY_WORDS, key=len, reverse=True)) + ")")
_EN_CO = re.compile(r"(?:\b(?i:(at|visited|visiting|visit|from|for|of|lost\s+the|won\s+the|lost|won|signed|closed)|(to|with|called|emailed|call))\s+|^)((?:[A-Z][A-Za-z0-9&'.-]*)(?:\s+[A-Z][A-Za-z0-9&'.-]*){0,3})")
_EN_CO_WORDS = ("Inc|Ltd|LLC|Corp|Corporation|Co|Group|Technologies|Tech|Systems|Labs|Software|Logistics|Holdings|Industries|GmbH|PLC|"
                "Foods|Capital|Partners|Trading|Medical|Analytics|Solutions|Consulting|Motors|Energy|Pharma|Networks|Media|"
                "Retail|Bank|Robotics|Electronics|Manufacturing|Ventures|Enterprises|Insurance|Hospital|University")
_EN_CO_SUFFIX = re.compile(rf"\b({_EN_CO_WORDS})\b\.?")


_LEAD_VERBS = {"visited", "visiting", "visit", "called", "call", "met", "meet", "emailed", "texted", "phoned", "saw",
               "pinged", "contacted", "lost", "won", "signed", "closed", "at", "with", "from", "for", "of", "and"}


def _across_he(norm: str, i: int) -> int:
    """苏州天和精密 / 泰和网络 / 中山美的专卖店: 和 or 的 inside a brand, not "and"/"of", when a city
    (or, for 和, a lone character) precedes it."""
    if i < 2 or norm[i - 1] not in "和的" or not re.match(r"[\u4e00-\u9fff]", norm[i - 2]) or norm[i - 2] in _CO_LEFT_STOP | set("我他她你们"):
        return i
    k = i - 1
    while k > 0 and re.match(r"[\u4e00-\u9fff]", norm[k - 1]) and norm[k - 1] not in _CO_LEFT_STOP:
        k -= 1
    t = _TIME_PREFIX.match(norm[k:i - 1])  # 新客户天和精密: measure the name without 新客户
    brand = k + (t.end() if t else 0)
    return k if ((i - 1 - brand == 1 and norm[i - 1] == "和") or _CITY_START.match(norm[brand:])) else i


def new_company(text: str) -> tuple[tuple[int, int], str] | None:
    """A company written in `text` that looks like one (X科技 / X有限公司 / Foo Inc / "at Foo")."""
    norm = normalize(text)
    for m in _CO_RE.finditer(norm):
        i = m.start()
        while i > 0 and re.match(r"[\u4e00-\u9fff]", norm[i - 1]) and norm[i - 1] not in _CO_LEFT_STOP:
            i -= 1
        i = _across_he(norm, i)
        t = _TIME_PREFIX.match(norm[i:])  # (^ anchors at the slice start, not at a pos argument)
        if t and i + t.end() < m.start():
            i += t.end()
        if m.start() - i < 2:
            continue
        strong = _CO_STRONG_RE.search(m.group(0))
        opening = not norm[:i].strip(" ：:")  # 中联新能源侯霞 视频沟通: a company opens the message
        if strong or _CITY_START.match(norm[i:]) or _CO_TRIGGER.search(norm[:i]) or opening:
            return (i, m.end()), text[i:m.end()]
    for m in _EN_CO_SUFFIX.finditer(text):
        k = m.start()
        words = re.findall(r"[A-Z][A-Za-z0-9&'-]*\s+$", text[:k])
        if words:
            start = k - len(words[0])
            while True:
                prev = re.search(r"[A-Z][A-Za-z0-9&'-]*\s+$", text[:start])
                if not prev or prev.group(0).strip().lower() in _NOT_NAMES | _LEAD_VERBS:
                    break
                start = prev.start()
            if text[start:k].split()[0].lower() in _LEAD_VERBS:
                continue  # "Visited Tech": the only word before the suffix is a verb
            end = m.end() if m.group(1) in ("Inc", "Ltd", "Co", "Corp") else m.end(1)
            return (start, end), text[start:end].strip()
    for m in _EN_CO.finditer(text):
        name = m.group(3).strip(" .")
        if m.group(2) and len(name.split()) > 1:
            continue  # "with John Smith" is a person; "with Hooli" may be a company
        first = name.split()[0].lower()
        if first in _NOT_NAMES or first in ("i", "we", "he", "she", "they", "it", "a", "an", "met", "visited", "called"):
            continue
        if m.group(0).strip() == name and not re.match(r"\s*[:：\-–—]", text[m.end():]):
            continue  # a capitalised word at the start is a company only as "Foo: ..." / "Foo - ..."
        return m.span(3), name
    return None
