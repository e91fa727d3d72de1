"""Managers' and reps' questions → a typed MetricQuery (METRICS.md), rule-based.

Simplified and traditional Chinese and English. The text is normalised (half-width,
simplified), then read in layers: known names (reps, teams, tiers, regions, industries,
sources) are found and blanked, the period phrase is read (`intents.question_periods`, over
the shared grammar `intents.timegrammar`) and blanked, then the metric, the grouping and
the activity kind are read from what is left. Nothing of the text ever reaches SQL: the
result holds only enum keys, dates and stored values taken from the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

from pypinyin import lazy_pinyin

from domain.types import AS_OF_NOW_METRICS, PIPELINE_METRICS, Filters, Kind, MetricQuery, Period
from intents.normalize import normalize
from intents.question_periods import (
    TIME_GROUPS,
    bare_days,
    current_unit,
    default_period,
    question_period,
    series_period,
    time_unit,
)
from intents.question_words import (
    CLOSE_WORD,
    COUNT_CUE,
    GROUP_PATTERNS,
    HOSTILE_PATTERN,
    INDUSTRY_WORDS,
    KIND_PATTERNS,
    METRIC_PATTERNS,
    MONEY_WORD,
    NOT_A_COUNT,
    PIPELINE_COUNT,
    REGION_WORDS,
    SELF_PATTERN,
    SOURCE_WORDS,
    TODO_PATTERN,
    TREND_PATTERN,
    UNDEFINED_PATTERN,
)
from intents.timegrammar import PeriodMatch

MAX_QUESTION_CHARS = 300
BLANK = "\u2002"  # an en space: blanks a recognised phrase without joining its neighbours


@dataclass
class QuestionVocabulary:
    """What the organisation calls things: stored names and values (loaded from the DB)."""

    reps: dict[str, str] = field(default_factory=dict)  # user name -> user id (every user)
    roles: dict[str, str] = field(default_factory=dict)  # user id -> role
    user_teams: dict[str, str] = field(default_factory=dict)  # user id -> team ("杨艳亮组" is theirs)
    teams: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    _matchers: list | None = field(default=None, repr=False, compare=False)  # compiled names, built on first use


@dataclass
class Reading:
    """The question being read: folded text with spans blanked as they are recognised."""

    text: str
    filters: dict[str, str] = field(default_factory=dict)
    several: set[str] = field(default_factory=set)  # filter keys named more than once ("A组和B组")
    named: dict[str, list[str]] = field(default_factory=dict)  # every value named, per filter key
    ambiguous: list[str] = field(default_factory=list)  # short names several users share ("晓燕")
    hidden: str | None = None  # a customer named that the asker may not see

    def blank(self, start: int, end: int) -> None:
        self.text = self.text[:start] + BLANK * (end - start) + self.text[end:]


def is_hostile(text: str) -> bool:
    """Text that tries to drive the database or a model (SQL, 'ignore previous instructions')."""
    return bool(HOSTILE_PATTERN.search(normalize(text)))


def understand_question(text: str, *, asker_id: str, today: date, vocab: QuestionVocabulary) -> MetricQuery | None:
    """The MetricQuery a question asks for, or None when it maps to no metric (or is hostile)."""
    if not text or not text.strip() or len(text) > MAX_QUESTION_CHARS:
        return None
    norm = fold_question(text)
    if is_hostile(norm) or TODO_PATTERN.search(norm):
        return None
    reading = Reading(norm)
    find_names(reading, vocab)
    return metric_query(reading, asker_id=asker_id, today=today, vocab=vocab)[0]


def fold_question(text: str) -> str:
    """The question as the rules read it: normalised, English abbreviations spelt out."""
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0).lower()], normalize(text))


def metric_query(reading: Reading, *, asker_id: str, today: date,
                 vocab: QuestionVocabulary) -> tuple[MetricQuery | None, PeriodMatch | None]:
    """The metric query of a question whose names were found (`reading`), and the period phrase read."""
    if UNDEFINED_PATTERN.search(reading.text):  # "发票开了没", "response time to new leads": not a metric we have
        return None, None
    metric, implied_kind = find_metric(reading.text)
    noun_kind = None
    if metric is None:  # "本周的电话", "demos by team": a kind noun is the counted thing
        noun_kind = _kind_noun(reading.text)
        if noun_kind is None:
            return None, None
        metric, implied_kind = ("visits", None) if noun_kind == "visit" else ("activities", noun_kind)
    if metric == "pipeline_amount" and PIPELINE_COUNT.search(reading.text):
        metric = "open_deals"  # "how many deals are expected to close this month"
    pipeline = metric in PIPELINE_METRICS
    group = _find_group(reading.text, metric)
    if metric == "pipeline_amount" and group == "stage" and _DEAL_NOUN.search(reading.text) \
            and not MONEY_WORD.search(reading.text):
        metric = "open_deals"  # "商机阶段分布", "各阶段商机": deals counted by stage
    if metric == "won_amount" and group == "stage" and not _WON_WORD.search(reading.text):
        metric = "pipeline_amount"  # "各阶段有多少钱": only open deals spread over stages
    if metric == "new_deals" and MONEY_WORD.search(reading.text):
        return None, None  # the amount of new deals is no metric of METRICS.md
    for key in ("rep", "team", "tier", "region", "industry", "source"):
        if key in reading.several:  # two teams named: compare them, grouped by team
            reading.filters.pop(key)
            group = group or key
    said = reading.text
    match = question_period(said, today, pipeline)
    period = None
    if match is not None:
        period = match.period
        reading.blank(*match.span)
    elif (n := bare_days(reading.text)) is not None:
        period = Period(start=today - timedelta(days=n - 1), end=today)
    elif group is not None and group not in TIME_GROUPS and (unit := time_unit(said)):
        period = current_unit(unit, today, pipeline)  # "weekly visits by rep": this week, by rep
    if noun_kind and not _counts_kind(said, group, period, today):
        return None, None
    if period is not None and period.start > today and metric not in PIPELINE_METRICS:
        # nothing dated after now counts: "下个月能签多少钱" asks what is expected to close then
        if metric not in _PIPELINE_COUNTERPART or not CLOSE_WORD.search(said):
            return None, None
        metric = _PIPELINE_COUNTERPART[metric]
        ahead = question_period(said, today, True)
        period = ahead.period if ahead is not None else period  # "吕总的电话", "明天的会议几点开始": not a question about numbers
    filters = Filters(**reading.filters)
    kinds = _kinds(reading.text)
    if len(kinds) > 1 and metric in ("activities", "visits", "inactive_reps"):  # "demos vs calls"
        metric, implied_kind = ("activities", None) if metric != "inactive_reps" else (metric, None)
        group = group or ("kind" if metric == "activities" else None)
    elif metric in ("activities", "inactive_reps") and (kind := implied_kind or next(iter(kinds), None)):
        if group != "kind":
            filters.kind = cast(Kind, kind)  # the kind patterns name only activity kinds
    if filters.rep is None and vocab.roles.get(asker_id) == "rep" and SELF_PATTERN.search(reading.text):
        filters.rep = asker_id
    query = complete_query(metric, group, period, filters, today, said=said, explicit=match is not None)
    return query, match


_PIPELINE_COUNTERPART = {"won_amount": "pipeline_amount", "won_deals": "open_deals"}
_DEAL_NOUN = re.compile(r"商机|机会|项目|单子|\b(deals?|opportunit(y|ies)|opps?)\b", re.IGNORECASE)
_WON_WORD = re.compile(r"签|成交|赢|成单|开单|业绩|销售额|\b(won|closed|sold|signed|booked|revenue|sales)\b", re.IGNORECASE)
_ABBREVIATIONS = {"qtr": "quarter", "qtrs": "quarters", "mth": "month", "mths": "months", "wk": "week",
                  "wks": "weeks", "yr": "year", "yrs": "years", "ytd": "this year", "mtd": "this month",
                  "qtd": "this quarter", "wtd": "this week"}
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b", re.IGNORECASE)


def complete_query(metric: str, group: str | None, period: Period | None, filters: Filters, today: date,
                   *, said: str = "", explicit: bool = True) -> MetricQuery:
    """Apply the METRICS.md series and default-period rules to what a question said."""
    group, period = series_period(said, metric, group, period, today, explicit=explicit and period is not None)
    if period is None:
        period = default_period(metric, today)
    if metric in AS_OF_NOW_METRICS:
        period = None
    if (metric == "inactive_reps" and group is not None) or (metric == "overdue_followups" and group in TIME_GROUPS):
        group = None  # a list of reps already / as of today
    return MetricQuery(metric=metric, period=period, group_by=group, filters=filters)


# ---------- names from the vocabulary ----------

# ASCII, CJK, punctuation (the BLANK too) and full-width forms: where re.IGNORECASE equates two letters only
# when their lower cases are equal (not ı and i, ſ and s, K and k), so a text a name matches contains it lower-cased
_PLAIN = re.compile(r"[\x00-\x7f\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]*")


def _needle(form: str) -> str:
    """What a text matching `form` case-blindly contains: its lower case ('' when that is not sure)."""
    return form.lower() if _PLAIN.fullmatch(form) else ""


def _name_patterns(name: str, aliases: tuple[str, ...] = ()) -> list[tuple[re.Pattern[str], str]]:
    """Each form's pattern with its needle (see _needle)."""
    out = []
    for word in (name, *aliases):
        w = normalize(word).strip()
        if not w:
            continue
        if w.isascii():  # whole words, plural allowed ("referrals" for "Referral")
            out.append((re.compile(r"(?<![A-Za-z0-9])" + re.escape(w) + r"(s|es)?(?![A-Za-z0-9])", re.IGNORECASE),
                        _needle(w)))
        else:
            out.append((re.compile(re.escape(w), re.IGNORECASE), _needle(w)))
    return out


def _team_aliases(team: str) -> tuple[str, ...]:
    base = re.sub(r"(团队|小组|组|队|team)$", "", normalize(team), flags=re.IGNORECASE).strip()
    if not base or base == normalize(team) or len(base) < 2:
        return ()
    out = [base + s for s in ("团队", "小组", "组", "队", " team", "team")]
    for en in REGION_WORDS.get(base, ()):  # "华南组" is also "the South China team", "south team"
        words = en.removeprefix("the ").split()
        out += [f"{en} team", f"{words[0]} team"] if len(words) > 1 else [f"{en} team"]
    return tuple(out)


_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{3,4}")


def _short_forms(vocab: QuestionVocabulary) -> dict[str, list[str]]:
    """The short forms people use for users: an English first name ('Tom' for 'Tom Baker'),
    a Chinese given name ('晓燕' for '林晓燕'), each with the users who carry it."""
    short: dict[str, list[str]] = {}
    for name, uid in vocab.reps.items():
        name = name.strip()
        if " " in name:
            first = name.split()[0]
            if len(first) >= 3:
                short.setdefault(first.lower(), []).append(uid)
        elif _CJK_NAME.fullmatch(name):
            short.setdefault(name[-2:], []).append(uid)
    full = {normalize(n).strip().lower() for n in vocab.reps}
    return {alias: uids for alias, uids in short.items() if alias not in full}


def _short_names(vocab: QuestionVocabulary) -> dict[str, list[str]]:
    """Each user's full name plus their short forms that no one else shares."""
    out: dict[str, list[str]] = {uid: [name] for name, uid in vocab.reps.items()}
    for alias, uids in _short_forms(vocab).items():
        if len(uids) == 1:
            out[uids[0]].append(alias)
    return out


def _romanized(name: str) -> tuple[str, ...]:
    """The pinyin forms of a Chinese full name: family name first or last, given name joined."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        return ()
    family, *given = lazy_pinyin(name)
    joined = "".join(given)
    return (f"{family} {joined}", f"{joined} {family}", f"{family}{joined}", " ".join([family, *given]))


def _matchers(vocab: QuestionVocabulary) -> list[tuple[re.Pattern[str], str, str, str]]:
    """(pattern, filter key, stored value, needle) for every name of the vocabulary, compiled once per
    vocabulary; a short form several users share has the key 'ambiguous' and itself as the value. The
    needle is a literal every match contains lower-cased: a pattern whose needle is not in the text is
    not run."""
    if vocab._matchers is not None:
        return vocab._matchers
    out: list[tuple[re.Pattern[str], str, str, str]] = []
    for uid, names in _short_names(vocab).items():  # the full name first, then short forms
        out += [(p, "rep", uid, n) for p, n in _name_patterns(names[0])]
    out += [(p, "team", t, n) for t in vocab.teams for p, n in _name_patterns(t, _team_aliases(t))]
    out += [(p, "region", r, n) for r in vocab.regions for p, n in _name_patterns(r, REGION_WORDS.get(r, ()))]
    out += [(p, "industry", i, n) for i in vocab.industries for p, n in _name_patterns(i, INDUSTRY_WORDS.get(i, ()))]
    out += [(p, "source", x, n) for x in vocab.sources for p, n in _name_patterns(x, SOURCE_WORDS.get(x, ()))]
    for tier in vocab.tiers:
        t = re.escape(normalize(tier))
        out.append((re.compile(
            rf"(?<![A-Za-z0-9]){t}\s*(类|级|档|等)|(?<![A-Za-z0-9]){t}(?=客户)"
            rf"|\btier[\s-]*{t}\b|\b{t}[\s-]*(tier|level|class|grade)\b|\b{t}\s+(customers|accounts|clients)\b",
            re.IGNORECASE), "tier", tier, _needle(normalize(tier))))
    # short forms last: a stored team, region, … name of the same length wins over a given name
    out += [(p, "rep", uid, n) for uid, names in _short_names(vocab).items() for name in names[1:]
            for p, n in _name_patterns(name)]
    out += [(p, "ambiguous", alias, n) for alias, uids in _short_forms(vocab).items() if len(uids) > 1
            for p, n in _name_patterns(alias)]
    # a user said by id ("R06") or by the pinyin of the full name ("Jiang Yangwen", "Yangwen Jiang")
    out += [(p, "rep", uid, n) for name, uid in vocab.reps.items() for p, n in _name_patterns(uid, _romanized(name))]
    vocab._matchers = out
    return out


@dataclass(frozen=True)
class AmbiguousName:
    """A short name in a question that several users share: what was said and their full names."""

    said: str
    names: tuple[str, ...]
    ids: tuple[str, ...]


def ambiguous_names(text: str, vocab: QuestionVocabulary) -> list[AmbiguousName]:
    """Short names in `text` that fit several users ('晓燕' for 林晓燕 and 王晓燕), in order said;
    a full name that contains the short form ('王晓燕') is not ambiguous."""
    if not text or len(text) > MAX_QUESTION_CHARS:
        return []
    norm = normalize(text).lower()
    forms = _short_forms(vocab)
    if not any(len(uids) > 1 and alias in norm for alias, uids in forms.items()):
        return []  # no shared short form is in the text: nothing to ask
    reading = Reading(norm)
    find_names(reading, vocab)
    by_id = {uid: name for name, uid in vocab.reps.items()}
    out = []
    for alias in sorted(reading.ambiguous, key=norm.find):
        ids = tuple(sorted(forms[alias]))
        out.append(AmbiguousName(said=alias.title() if alias.isascii() else alias, names=tuple(by_id[i] for i in ids), ids=ids))
    return out


def without_names(text: str, vocab: QuestionVocabulary) -> str:
    """The (normalised) text with every known name blanked: what is left shows the asker's language."""
    if not text or len(text) > MAX_QUESTION_CHARS:
        return text or ""
    reading = Reading(normalize(text))
    find_names(reading, vocab)
    return reading.text


_TEAM_AFTER = re.compile(r"\s*(的)?\s*(团队|小组|组|队|部门)|\s*('s|’s)?\s+team\b", re.IGNORECASE)


def find_names(reading: Reading, vocab: QuestionVocabulary) -> None:
    """Record filters for the longest non-overlapping known names, and blank them."""
    text = reading.text
    plain = bool(_PLAIN.fullmatch(text))  # case-blind matching is lower-casing here: needles apply
    lowered = text.lower()
    cands = [(m.start(), m.end(), rank, key, value)
             for rank, (pattern, key, value, needle) in enumerate(_matchers(vocab))
             if not plain or needle in lowered for m in pattern.finditer(text)]
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))  # longest; then full names before short forms
    taken: list[tuple[int, int]] = []
    for s, e, _, key, value in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        if key == "rep" and (team := vocab.user_teams.get(value)) and (m := _TEAM_AFTER.match(reading.text, e)):
            key, value, e = "team", team, m.end()  # "宋欣华团队的业绩", "Grace's team": that person's team
        reading.blank(s, e)
        if key == "ambiguous":
            if value not in reading.ambiguous:
                reading.ambiguous.append(value)
            continue
        if value not in reading.named.setdefault(key, []):
            reading.named[key].append(value)
        if reading.filters.setdefault(key, value) != value:
            reading.several.add(key)


# ---------- metric, kind, grouping ----------

def find_metric(text: str) -> tuple[str | None, str | None]:
    for pattern, metric, kind in METRIC_PATTERNS:
        if pattern.search(text):
            return metric, kind
    return None, None


def _kind_noun(text: str) -> str | None:
    """The activity kind a question names when no metric word was found ('电话', 'demos')."""
    if NOT_A_COUNT.search(text):
        return None
    return next(iter(_kinds(text)), None)


def kinds_in(text: str) -> list[str]:
    """The distinct activity kinds a text names (see _kinds)."""
    return _kinds(text)


def _kinds(text: str) -> list[str]:
    """The distinct activity kinds a text names, the more specific phrase first ('电话会议' is a meeting)."""
    found: list[str] = []
    for pattern, kind in KIND_PATTERNS:
        while m := pattern.search(text):
            text = text[:m.start()] + BLANK * (m.end() - m.start()) + text[m.end():]
            if kind not in found:
                found.append(kind)
    return found


def _counts_kind(said: str, group: str | None, period: Period | None, today: date) -> bool:
    """A kind noun is counted when the question has a count word, a grouping or a period
    ('打了多少电话', '每天的电话', 'calls by rep', '本周的邮件'), and the period is not all ahead."""
    if period is not None and period.start > today:
        return False
    return bool(COUNT_CUE.search(said) or group is not None or period is not None
                or TREND_PATTERN.search(said))


def _find_group(text: str, metric: str) -> str | None:
    for pattern, group in GROUP_PATTERNS:
        if group == "rep" and metric == "inactive_reps":
            continue
        if pattern.search(text):
            return group
    return None

