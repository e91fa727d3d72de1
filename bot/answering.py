"""The one entry point for questions: text → MetricQuery → numbers (SQL) → text + chart.

The command line (`salesbot ask`), the chat bot and the digest all call `answer_question`.
The question text is only ever read by the rule-based understanding (or, when configured,
an LLM filling a typed query of enum keys); what reaches SQL is the typed query, and the
asker's visibility is applied by the metrics layer whatever was asked.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from opencc import OpenCC
from sqlalchemy import Engine

from bot.answer_text import (
    answer_text,
    answer_title,
    cannot_group_text,
    format_value,
    help_text,
    which_one_text,
)
from bot.chart_counts import chart_counts
from charts import render_chart
from domain.errors import UserError
from domain.settings import Settings
from domain.types import MetricAnswer, MetricQuery, Period, SeriesPoint
from intents.normalize import normalize
from intents.questions import (
    QuestionVocabulary,
    ambiguous_names,
    is_hostile,
    understand_question,
    without_names,
)
from storage.metrics import MetricError, compute
from storage.question_vocabulary import load_question_vocabulary

log = logging.getLogger(__name__)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")
_S2T = OpenCC("s2t")


class UnknownAsker(UserError):
    """The asker is not a user of this organisation."""


@dataclass
class AskResult:
    """An answer: the short text, the numbers and, when worth a picture, the chart."""

    text: str
    metric: str | None = None
    period: Period | None = None
    group_by: str | None = None
    value: float | None = None
    series: list[SeriesPoint] | None = None
    chart_path: Path | None = None
    chart_png: bytes | None = None
    query: MetricQuery | None = None
    lang: str = "zh"

    def contract_json(self) -> dict:
        """The CONTRACT.md `salesbot ask` object."""
        return {
            "text": self.text,
            "metric": self.metric,
            "period": ({"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
                       if self.period else None),
            "group_by": self.group_by,
            "value": self.value,
            "series": ([{"label": p.label, "value": p.value} for p in self.series]
                       if self.series is not None else None),
            "chart": str(self.chart_path) if self.chart_path else None,
        }


def question_language(question: str, default: str = "zh", vocab: QuestionVocabulary | None = None) -> str:
    """'zh' when the question has Chinese characters, 'en' when it is English words only.
    With the vocabulary, names are left out first: "how much did 雷杰亮 sell" is English."""
    if vocab is not None:
        rest = without_names(question, vocab)
        if _LATIN.search(rest) or _CJK.search(rest):
            question = rest
    if _CJK.search(question):
        return "zh"
    if _LATIN.search(question):
        return "en"
    return default


def answer_question(engine: Engine, settings: Settings, question: str, asker_id: str, now: datetime,
                    chart_dir: Path | None = None, *, vocab: QuestionVocabulary | None = None) -> AskResult:
    """Answer `question` for `asker_id` as of `now`; write a PNG into `chart_dir` for a series.

    Raises UnknownAsker when `asker_id` is not a user. A question that maps to no metric
    gets the help text and no number. A question in traditional characters is answered in them."""
    res = _answer(engine, settings, question, asker_id, now, chart_dir, vocab)
    if res.lang == "zh" and is_traditional(question or ""):
        res.text = _S2T.convert(res.text)
    return res


def is_traditional(text: str) -> bool:
    """True when the text uses traditional characters (which simplify to something else)."""
    return any(normalize(ch) != ch for ch in _CJK.findall(text))


def _answer(engine: Engine, settings: Settings, question: str, asker_id: str, now: datetime,
            chart_dir: Path | None, vocab: QuestionVocabulary | None) -> AskResult:
    org = settings.org
    if now.tzinfo is None:
        now = now.replace(tzinfo=org.tz)
    today = now.astimezone(org.tz).date()
    vocab = vocab or load_question_vocabulary(engine)
    if asker_id not in vocab.roles:
        raise UnknownAsker(f"unknown user: {asker_id}")
    lang = question_language(question or "", org.language, vocab)
    try:
        query = understand_question(question or "", asker_id=asker_id, today=today, vocab=vocab)
    except Exception:  # a reading bug must never reach the user: answer with the help text
        log.exception("question understanding failed for %r", question)
        query = None
    if query is None and settings.llm.provider == "openai" and question and not is_hostile(question):
        query = _llm_query(settings, question, asker_id, today, vocab)
    if query is None:
        return AskResult(text=help_text(lang), lang=lang)
    if unclear := ambiguous_names(question, vocab):  # "晓燕" for 林晓燕 and 王晓燕: ask, never widen
        return AskResult(text=which_one_text(unclear[0].said, unclear[0].names, lang), lang=lang, query=query)
    try:
        answer = compute(engine, query, asker_id, now, org)
    except MetricError:
        why = cannot_group_text(query.metric, query.group_by, lang) if query.group_by else ""
        return AskResult(text=f"{why}\n\n{help_text(lang)}".strip(), lang=lang, query=query)
    res = _result(answer, today, vocab, lang, org.currency, chart_dir,
                  chart_counts(engine, answer, asker_id, now, org))
    if query.metric in RATE_PARTS and answer.series is None and answer.value is not None:
        res.text += _parts(engine, query, asker_id, now, settings, lang)
    if vocab.roles.get(asker_id) == "rep" and query.filters.rep not in (None, asker_id):
        res.text += ("\n(You can see only your own data.)" if lang == "en" else "\n（你只能查看自己的数据）")
    return res


# ratio metrics whose parts make the text clearer: "本周转化率 42.9%（3 赢 / 4 输）"
RATE_PARTS = {"win_rate": ("won_deals", "lost_deals"), "avg_deal_size": ("won_deals", None)}


def _parts(engine: Engine, query: MetricQuery, asker_id: str, now: datetime, settings: Settings, lang: str) -> str:
    first, second = RATE_PARTS[query.metric]
    a = compute(engine, query.model_copy(update={"metric": first}), asker_id, now, settings.org).value or 0
    if second is None:
        return f" ({a:.0f} deals)" if lang == "en" else f"（{a:.0f} 单）"
    b = compute(engine, query.model_copy(update={"metric": second}), asker_id, now, settings.org).value or 0
    return f" ({a:.0f} won / {b:.0f} lost)" if lang == "en" else f"（{a:.0f} 赢 / {b:.0f} 输）"


def _result(answer: MetricAnswer, today, vocab: QuestionVocabulary, lang: str, currency: str,
            chart_dir: Path | None, counts: dict | None = None) -> AskResult:
    names = {uid: name for name, uid in vocab.reps.items()}
    q = answer.query
    res = AskResult(text=answer_text(answer, today, names, lang, currency), metric=q.metric, period=q.period,
                    group_by=q.group_by, value=answer.value if answer.series is None else None,
                    series=answer.series, query=q, lang=lang)
    if answer.series is not None:
        res.chart_png = render_chart(answer, lang=lang, title=answer_title(answer, today, names, lang),
                                     value_format=lambda v: format_value(q.metric, v, lang, currency, short=True),
                                     **(counts or {}))
        if chart_dir is not None and res.chart_png:
            chart_dir.mkdir(parents=True, exist_ok=True)
            res.chart_path = (chart_dir / f"ask-{q.metric}-{uuid.uuid4().hex[:10]}.png").resolve()
            res.chart_path.write_bytes(res.chart_png)
    return res


def _llm_query(settings: Settings, question: str, asker_id: str, today, vocab) -> MetricQuery | None:
    """Ask the configured LLM to fill a typed query (enum keys only); None when it cannot."""
    try:
        from intents.question_llm import llm_question_query
    except ImportError:  # the LLM path is optional
        return None
    try:
        return llm_question_query(settings.llm, question, asker_id=asker_id, today=today, vocab=vocab)
    except Exception:  # an LLM failure must never break the answer: fall back to the help text
        log.warning("LLM question understanding failed", exc_info=True)
        return None
