"""The one entry point for questions: text → MetricQuery → numbers (SQL) → text + chart.

The command line (`salesbot ask`), the chat bot and the digest all call `answer_question`.
The question text is only ever read by the rule-based understanding (or, when configured,
an LLM filling a typed query of enum keys); what reaches SQL is the typed query, and the
asker's visibility is applied by the metrics layer whatever was asked.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from opencc import OpenCC
from sqlalchemy import Engine

from bot.answer_text import (
    GROUP_NAMES,
    KIND_COUNTS,
    answer_text,
    answer_title,
    cannot_group_text,
    display_order,
    filter_words,
    format_value,
    help_text,
    period_name,
    unknown_person_text,
    which_one_text,
)
from bot.chart_counts import chart_counts
from bot.list_text import (
    compare_line,
    compare_series_lines,
    decline_text,
    list_text,
    lookup_text,
    out_of_view_text,
    same_days_name,
)
from charts import render_chart
from domain.errors import UserError
from domain.settings import Settings
from domain.types import PIPELINE_METRICS, RATIO_METRICS, MetricAnswer, MetricQuery, Period, SeriesPoint
from intents.directory import Directory
from intents.normalize import normalize
from intents.question_lists import ListRequest
from intents.question_reading import Question, read_question
from intents.question_shapes import Ranking
from intents.questions import (
    QuestionVocabulary,
    ambiguous_names,
    is_hostile,
    without_names,
)
from intents.registry import is_update_request
from storage.directory_query import load_directory
from storage.lists import list_rows
from storage.metric_scope import customer_names, outside_view
from storage.metrics import MetricError, compute
from storage.question_vocabulary import load_question_vocabulary
from storage.visibility import visible_user_ids

log = logging.getLogger(__name__)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")
_S2T = OpenCC("s2t")


class UnknownAsker(UserError):
    """The asker is not a user of this organisation."""


@dataclass
class AskResult:
    """An answer: the short text, the numbers (or the rows of a list) and, when worth a picture, the chart."""

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
    list: str | None = None
    rows: list[dict] | None = None
    limit: int | None = None
    compare: dict | None = None

    def contract_json(self) -> dict:
        """The CONTRACT.md `salesbot ask` object."""
        return {
            "text": self.text,
            "list": self.list,
            "rows": self.rows,
            "limit": self.limit,
            "compare": self.compare,
            "metric": self.metric,
            "period": _period_json(self.period),
            "group_by": self.group_by,
            "value": self.value,
            "series": _series_json(self.series),
            "chart": str(self.chart_path) if self.chart_path else None,
        }


class ShapedAnswer(MetricAnswer):
    """A metric answer with its ranking cut (`limit`) and comparison (`compare`), as the charts read them."""

    limit: int | None = None
    compare: dict | None = None
    ranked: bool = False  # the series is in rank order: shown as it is
    period_said: str | None = None  # the period word the question used ("this_month"): names its dates


def _period_json(p: Period | None) -> dict | None:
    return {"start": p.start.isoformat(), "end": p.end.isoformat()} if p else None


def _series_json(series: list[SeriesPoint] | None) -> list[dict] | None:
    return [{"label": p.label, "value": p.value} for p in series] if series is not None else None


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
                    chart_dir: Path | None = None, *, vocab: QuestionVocabulary | None = None,
                    routed: bool = False) -> AskResult:
    """Answer `question` for `asker_id` as of `now`; write a PNG into `chart_dir` for a series.

    Raises UnknownAsker when `asker_id` is not a user. A question that maps to no metric
    gets the help text and no number. A question in traditional characters is answered in them.
    Unless the caller already `routed` it as a question (the chat), an edit said as a request that the one
    router (intents.registry) takes for an update is said to be one, with no number."""
    res = _answer(engine, settings, question, asker_id, now, chart_dir, vocab, routed)
    if res.lang == "zh" and is_traditional(question or ""):
        res.text = _S2T.convert(res.text)
    return res


def is_traditional(text: str) -> bool:
    """True when the text uses traditional characters (which simplify to something else)."""
    return any(normalize(ch) != ch for ch in _CJK.findall(text))


def _returned_to_pool(engine: Engine, settings: Settings, question: str, asker_id: str, today, lang: str):
    """The customers that went back to the public pool in a period (bot/pool_commands.py), as a list."""
    from bot.pool_commands import returned_question

    with engine.connect() as conn:
        got = returned_question(conn, question, asker_id, today, settings.org.tz, lang,
                                settings.pool.return_after_days)
    if got is None:
        return None
    return AskResult(text=got["text"], list="customers", rows=got["rows"], value=len(got["rows"]),
                     period=Period(start=got["start"], end=got["end"]), lang=lang)


def _answer(engine: Engine, settings: Settings, question: str, asker_id: str, now: datetime,
            chart_dir: Path | None, vocab: QuestionVocabulary | None, routed: bool = False) -> AskResult:
    org = settings.org
    if now.tzinfo is None:
        now = now.replace(tzinfo=org.tz)
    today = now.astimezone(org.tz).date()
    vocab = vocab or load_question_vocabulary(engine)
    if asker_id not in vocab.roles:
        raise UnknownAsker(f"unknown user: {asker_id}")
    lang = question_language(question or "", org.language, vocab)
    if not routed and is_update_request(question or "", asker_id, today, _directory(engine), org.currency):
        return AskResult(text=decline_text("update", lang), lang=lang)  # "把X的金额改成80万": recorded in chat
    back = _returned_to_pool(engine, settings, question or "", asker_id, today, lang)  # "本周退回公海的客户"
    if back is not None:
        return back
    try:
        asked = read_question(question or "", asker_id=asker_id, today=today, vocab=vocab,
                              directory=_directory(engine))
    except Exception:  # a reading bug must never reach the user: answer with the help text
        log.exception("question understanding failed for %r", question)
        asked = Question(decline="unknown")
    if asked.decline == "unknown" and settings.llm.provider == "openai" and question and not is_hostile(question):
        query = _llm_query(settings, question, asker_id, today, vocab)
        asked = Question(query=query) if query is not None else asked
    if asked.decline == "unknown_person":
        return AskResult(text=unknown_person_text(asked.hidden or "", lang), lang=lang)
    if asked.decline == "hidden":
        return AskResult(text=out_of_view_text(asked.hidden or "", lang), lang=lang)
    if asked.decline == "which_customer" and asked.candidates:
        with engine.connect() as conn:
            names = customer_names(conn, list(asked.candidates))
        return AskResult(text=_which_customer_text([names.get(c, c) for c in asked.candidates], lang), lang=lang)
    if asked.decline is not None:
        why = decline_text(asked.decline, lang)
        return AskResult(text=f"{why}\n\n{help_text(lang)}".strip(), lang=lang, query=asked.query)
    if unclear := ambiguous_names(question, vocab):  # "晓燕" for 林晓燕 and 王晓燕: ask, never widen
        return AskResult(text=which_one_text(unclear[0].said, unclear[0].names, lang), lang=lang, query=asked.query)
    filters = asked.listing.filters if asked.listing is not None else asked.query.filters
    hidden = None
    if filters.rep or filters.team:
        with engine.connect() as conn:
            hidden = outside_view(conn, visible_user_ids(conn, asker_id), filters)
    if hidden is not None:
        names = {uid: name for name, uid in vocab.reps.items()}
        return AskResult(text=out_of_view_text(names.get(hidden, hidden), lang), lang=lang, query=asked.query)
    if asked.listing is not None:
        return answer_list(engine, asked.listing, asker_id, now, org, lang)
    return _answer_metric(engine, settings, asked, asker_id, now, chart_dir, vocab, lang)


DIRECTORY_SECONDS = 3.0  # a burst of questions (a JSONL run, a busy chat) reads the customer directory once
_DIRECTORIES: weakref.WeakKeyDictionary[Engine, tuple[float, Directory]] = weakref.WeakKeyDictionary()


def _directory(engine: Engine) -> Directory:
    """The customer/contact directory (storage.directory_query), reused for a few seconds."""
    hit = _DIRECTORIES.get(engine)
    if hit is not None and time.monotonic() - hit[0] < DIRECTORY_SECONDS:
        return hit[1]
    directory = load_directory(engine)
    _DIRECTORIES[engine] = (time.monotonic(), directory)
    return directory


def _answer_metric(engine: Engine, settings: Settings, asked: Question, asker_id: str, now: datetime,
                   chart_dir: Path | None, vocab: QuestionVocabulary, lang: str) -> AskResult:
    org = settings.org
    today = now.astimezone(org.tz).date()
    query = asked.query
    assert query is not None
    try:
        answer = compute(engine, query, asker_id, now, org, days=asked.days or 30)
        shaped = ShapedAnswer(**answer.model_dump())
        customer = None
        if asked.customer_id is not None:
            shaped, customer = _one_customer(engine, shaped, asked.customer_id)
        if asked.only and shaped.series is not None:  # "王磊和陈静…": the named ones side by side
            shaped = shaped.model_copy(update={"series": [p for p in shaped.series if p.label in asked.only]})
        if asked.zeros and shaped.series is not None:  # "谁没有新增客户": the groups with nothing
            shaped = shaped.model_copy(update={"series": [p for p in shaped.series if not p.value]})
        if asked.ranking is not None and shaped.series is not None:
            shaped = _ranked(shaped, asked.ranking)
        if asked.comparison is not None:
            other = compute(engine, query.model_copy(update={"period": asked.comparison.period}), asker_id, now, org,
                            days=asked.days or 30)
            if asked.customer_id is not None:  # the named customer's figure then too, not every customer's
                other, _ = _one_customer(engine, ShapedAnswer(**other.model_dump()), asked.customer_id)
            if asked.only and other.series is not None:  # "王磊和陈静…和上月比": those two then too
                other = other.model_copy(update={"series": [p for p in other.series if p.label in asked.only]})
            shaped.compare = _compare(shaped, other, asked.comparison.period)
    except MetricError:
        why = cannot_group_text(query.metric, query.group_by, lang) if query.group_by in GROUP_NAMES else ""
        return AskResult(text=f"{why}\n\n{help_text(lang)}".strip(), lang=lang, query=query)
    shaped.period_said = asked.period_said
    if shaped.series:  # the JSON series in the order the text and the chart show it
        shaped = shaped.model_copy(update={"series": display_order(shaped)})
    res = _result(shaped, today, vocab, lang, org.currency, chart_dir,
                  chart_counts(engine, shaped, asker_id, now, org))
    res.limit, res.compare = shaped.limit, shaped.compare
    if shaped.compare is not None:
        res.text = _compare_text(shaped, today, vocab, lang, org.currency, asked.comparison.how)
    if customer:
        res.text = f"{customer} · {res.text}"
    if query.metric in RATE_PARTS and shaped.series is None and shaped.value is not None:
        res.text += _parts(engine, query, asker_id, now, settings, lang)
    return res


def _which_customer_text(names: list[str], lang: str) -> str:
    if lang == "en":
        return "Several customers fit that name: " + "; ".join(names) + ". Which one do you mean? Please use the full name."
    return "有几个客户都对得上：" + "、".join(names) + "。请问是哪一家？请用全称再问一次。"


def _one_customer(engine: Engine, answer: ShapedAnswer, customer_id: str) -> tuple[ShapedAnswer, str | None]:
    """The by-customer answer reduced to the one customer the question names (0 when it has none),
    and that customer's name."""
    with engine.connect() as conn:
        name = customer_names(conn, [customer_id]).get(customer_id)
    value = next((p.value for p in answer.series or [] if p.label == name), None)
    if value is None and answer.query.metric not in RATIO_METRICS:
        value = 0
    query = answer.query.model_copy(update={"group_by": None})
    return ShapedAnswer(query=query, value=value, series=None), name


def _ranked(answer: ShapedAnswer, ranking: Ranking) -> ShapedAnswer:
    """The series in rank order (descending, or ascending for 'worst'), cut to the limit (METRICS.md "cut to
    N"): values tied across the cut keep the order of the grouped answer (the sort is stable)."""
    asc = ranking.order == "asc"
    points = sorted(answer.series or [], key=lambda p: (p.value is None, (p.value or 0) if asc else -(p.value or 0)))
    if ranking.limit is not None and ranking.limit > 0:  # exactly N rows; ties keep the grouped answer's order
        points = points[:ranking.limit]
    return answer.model_copy(update={"series": points, "limit": ranking.limit, "ranked": True})


def _compare(answer: ShapedAnswer, other: MetricAnswer, period: Period) -> dict:
    """CONTRACT.md `compare`: the compared period, its value or series, and the change (ungrouped)."""
    change = None
    if answer.series is None and answer.value is not None and other.value is not None:
        change = round(answer.value - other.value, 10)
    series = other.series
    if series is not None and answer.query.group_by == "customer":
        keep = {p.label for p in answer.series or []} | {p.label for p in series}
        series = [p for p in series if p.label in keep]
    return {"period": _period_json(period), "value": other.value if other.series is None else None,
            "series": _series_json(series), "change": change}


def _compare_text(answer: ShapedAnswer, today, vocab: QuestionVocabulary, lang: str, currency: str,
                  how: str = "named") -> str:
    q = answer.query
    comp = answer.compare or {}
    cperiod = Period.model_validate(comp["period"])
    pipeline = q.metric in PIPELINE_METRICS
    asked, compared = (period_name(q.period, today, lang, pipeline=pipeline, said=answer.period_said),
                       period_name(cperiod, today, lang, pipeline=pipeline))
    if how in ("previous", "last_year") and q.period is not None and q.period.end >= today:
        compared = same_days_name(asked, how, lang) or compared  # "上月同期", "same days last year"
    names = {uid: name for name, uid in vocab.reps.items()}
    if answer.series is None:  # what is counted and for whom, as the figure alone says it ('王磊 本周电话次数')
        kind = q.filters.kind if q.metric == "activities" else None
        unkinded = q.model_copy(update={"filters": q.filters.model_copy(update={"kind": None})})
        return compare_line(q.metric, answer.value, comp.get("value"), comp.get("change"), lang, currency,
                            asked, compared, measure=KIND_COUNTS[kind][1 if lang == "en" else 0] if kind else None,
                            who=filter_words(answer.model_copy(update={"query": unkinded}), names, lang))
    head = answer_title(answer, today, names, lang)
    other = [SeriesPoint(**p) for p in comp.get("series") or []]
    lines = [f"{head} (vs {compared}):" if lang == "en" else f"{head}（对比{compared}）："]
    return "\n".join(lines + compare_series_lines(q.metric, q.group_by, answer.series or [], other, lang, currency))


def answer_list(engine: Engine, req: ListRequest, asker_id: str, now: datetime, org, lang: str) -> AskResult:
    """A list answer (or a customer lookup): rows with ids, `value` the number of rows."""
    if req.list == "customers" and req.which == "one":
        return _lookup(engine, req, asker_id, now, org, lang)
    found = list_rows(engine, req, asker_id, now, org)
    text = list_text(req.list, req.which, found.rows, found.total, lang, org.currency)
    return AskResult(text=text, list=req.list, rows=found.rows, value=found.total, period=req.period, lang=lang)


def _lookup(engine: Engine, req: ListRequest, asker_id: str, now: datetime, org, lang: str) -> AskResult:
    """One customer at a glance: its row, with its open deals, balance, last activities, next follow-up."""
    found = list_rows(engine, req, asker_id, now, org)
    if not found.rows:
        return AskResult(text=decline_text("unavailable", lang), list="customers", rows=[], value=0, lang=lang)
    customer = found.rows[0]
    one = dict(customer_id=req.customer_id, filters=req.filters.model_copy(update={"rep": None, "team": None}))
    deals = list_rows(engine, ListRequest(list="deals", which="open", **one), asker_id, now, org, cap=10).rows
    owed = list_rows(engine, ListRequest(list="payments", which="balance", **one), asker_id, now, org, cap=50).rows
    acts = list_rows(engine, ListRequest(list="activities", which="customer", **one), asker_id, now, org, cap=3).rows
    today = now.astimezone(org.tz).date()
    ahead = Period(start=today, end=today.replace(year=today.year + 1))
    due = list_rows(engine, ListRequest(list="followups", which="due", period=ahead, **one), asker_id, now, org, cap=1).rows
    late = list_rows(engine, ListRequest(list="followups", which="overdue", **one), asker_id, now, org, cap=1).rows
    next_due = (late or due or [{}])[0].get("due")
    balance = sum(r.get("balance") or 0 for r in owed)
    text = lookup_text(customer, deals, balance, acts, next_due, lang, org.currency)
    return AskResult(text=text, list="customers", rows=[customer], value=1, lang=lang)


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
    if answer.series is not None or getattr(answer, "compare", None) is not None:
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
