"""Chinese company names written in Latin letters: "nanshan training", "Hengda Logistics",
"nanshan peixun". Each candidate span comes with the toneless pinyin it stands for, so the
directory can look it up among the pinyin of its Chinese keys."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

# English trade words → the Chinese word a company name ends with
EN_TRADE: dict[str, str] = {
    "training": "培训", "logistics": "物流", "tech": "科技", "technology": "科技", "technologies": "科技",
    "software": "软件", "electronics": "电子", "electronic": "电子", "education": "教育", "consulting": "咨询",
    "medical": "医疗", "trading": "贸易", "trade": "贸易", "commerce": "商贸", "machinery": "机械", "food": "食品",
    "foods": "食品", "pharma": "药业", "pharmaceutical": "药业", "chemical": "化工", "chemicals": "化工",
    "materials": "材料", "auto": "汽车", "automotive": "汽车", "energy": "能源", "construction": "建设",
    "network": "网络", "networks": "网络", "media": "传媒", "environmental": "环保", "equipment": "设备",
    "smart": "智能", "intelligent": "智能", "biotech": "生物科技", "information": "信息", "info": "信息",
    "supply chain": "供应链", "building materials": "建材", "new energy": "新能源", "textile": "纺织",
    "textiles": "纺织", "hotel": "酒店", "hotels": "酒店", "packaging": "包装", "precision": "精密",
    "optoelectronics": "光电", "freight": "货运", "forwarding": "货运", "engineering": "工程", "semiconductor": "半导体", "automation": "自动化", "industrial": "实业",
}
_TRADE_RE = "|".join(sorted(map(re.escape, EN_TRADE), key=len, reverse=True))
_WORD = re.compile(r"[a-z]+")
# a word made only of pinyin syllables (no tones): used to keep English words out of brand parts
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uai|ian|iao|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|"
    r"ua|uo|ui|ue|er|a|o|e|i|u|v)")


def _is_pinyin(word: str) -> bool:
    return re.fullmatch(f"(?:{_SYLLABLE.pattern})+", word) is not None and len(word) >= 2


@lru_cache(maxsize=256)
def trade_pinyin(zh: str) -> str:
    """Toneless pinyin of a Chinese trade word."""
    return "".join(lazy_pinyin(zh))


def romanized_spans(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, pinyin) for runs of Latin words that may spell a Chinese name, longest first
    at each start: pinyin words, optionally followed by an English trade word or by more pinyin."""
    words = list(_WORD.finditer(folded))
    out: list[tuple[int, int, str]] = []
    for i, first in enumerate(words):
        if not _is_pinyin(first.group(0)):
            continue
        brand = ""
        for j in range(i, min(i + 3, len(words))):
            w = words[j]
            if j > i and folded[words[j - 1].end():w.start()].strip():
                break  # words must be next to each other
            if not _is_pinyin(w.group(0)):
                break
            brand += w.group(0)
            trade = re.match(rf"\s+({_TRADE_RE})\b", folded[w.end():])
            if trade:
                out.append((first.start(), w.end() + trade.end(), brand + trade_pinyin(EN_TRADE[trade.group(1)])))
            if j > i:
                out.append((first.start(), w.end(), brand))
    return sorted(out, key=lambda t: (t[0], t[0] - t[1]))


def pinyin_words(folded: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for single capitalised words of two or more pinyin syllables
    ("Kaida", "Ruikang"): a Chinese brand written alone in Latin letters."""
    out = []
    for w in _WORD.finditer(folded):
        word = w.group(0)
        if text[w.start()].isupper() and re.fullmatch(f"(?:{_SYLLABLE.pattern}){{2,}}", word):
            out.append((w.start(), w.end(), word))
    return out
