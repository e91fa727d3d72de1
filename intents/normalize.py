"""Text normalisation for matching: full-width → half-width, traditional → simplified.

Every function here keeps the length of the text (one character in, one character out), so
a span found in the normalised text is also the span of the same words in the original.
"""

from __future__ import annotations

from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
# characters opencc leaves alone that reps still write in traditional/variant form
_EXTRA = {"週": "周", "禮": "礼", "拜": "拜", "裏": "里", "祇": "只",
          # Cantonese particles, read as their Mandarin twins (去咗 → 去了, 佢哋 → 他们, 冇 → 没)
          "咗": "了", "佢": "他", "哋": "们", "嘅": "的", "唔": "不", "冇": "没", "喺": "在", "嚟": "来", "睇": "看"}


@lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII
        return chr(code - 0xFEE0)
    if code == 0x3000:  # ideographic space
        return " "
    if code < 0x2E80:  # nothing to convert below the CJK blocks
        return ch
    if ch in _EXTRA:
        return _EXTRA[ch]
    out = _T2S.convert(ch)
    return out if len(out) == 1 else ch


class _Table(dict):
    """A str.translate table filled on first sight of each character."""

    def __init__(self, lower: bool) -> None:
        super().__init__()
        self.lower = lower

    def __missing__(self, code: int) -> str:
        ch = _char(chr(code))
        if self.lower:
            low = ch.lower()
            ch = low if len(low) == 1 else ch
        self[code] = ch
        return ch


_NORMALIZE = _Table(lower=False)
_FOLD = _Table(lower=True)


def normalize(text: str) -> str:
    """Half-width, simplified text of the same length as `text` (the original stays untouched)."""
    return text.translate(_NORMALIZE)


def fold(text: str) -> str:
    """`normalize` plus lower-casing, still of the same length (for case-blind matching)."""
    return text.translate(_FOLD)
