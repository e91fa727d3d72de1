"""The one home of the stage and kind labels shown to people, in Chinese and English.

Receipts, answers, charts and the digest all label a stage or kind from these tables, so the same
stage reads the same everywhere (METRICS.md: 线索 / 需求确认 / 方案报价 / 商务谈判 / 赢单 / 输单).
"""

from __future__ import annotations

STAGE_LABELS: dict[str, dict[str, str]] = {
    "zh": {"lead": "线索", "qualified": "需求确认", "proposal": "方案报价", "negotiation": "商务谈判",
           "won": "赢单", "lost": "输单"},
    "en": {"lead": "lead", "qualified": "qualified", "proposal": "proposal", "negotiation": "negotiation",
           "won": "won", "lost": "lost"},
}
KIND_LABELS: dict[str, dict[str, str]] = {
    "zh": {"visit": "拜访", "call": "电话", "meeting": "会议", "demo": "演示", "message": "消息"},
    "en": {"visit": "visit", "call": "call", "meeting": "meeting", "demo": "demo", "message": "message"},
}
KIND_PLURALS_EN: dict[str, str] = {"visit": "visits", "call": "calls", "meeting": "meetings", "demo": "demos",
                                   "message": "messages"}


def stage_label(stage: str, lang: str) -> str:
    """The stage's label in `lang` (zh when unknown), or the key itself for an unknown stage."""
    return STAGE_LABELS.get(lang, STAGE_LABELS["zh"]).get(stage, stage)


def kind_label(kind: str, lang: str) -> str:
    """The kind's label in `lang` (zh when unknown), or the key itself for an unknown kind."""
    return KIND_LABELS.get(lang, KIND_LABELS["zh"]).get(kind, kind)
