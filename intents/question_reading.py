"""A question read whole: a list, a customer lookup, or a metric with its shape (ranking,
comparison), or a decline with the reason — the one reading the command line and the chat share.

Layers: the customer and contact named (from the directory), the known names (reps, teams, …),
then the list rules (`intents.question_lists`), else the metric (`intents.questions`) and its
shape (`intents.question_shapes`). A question that asks for a list, a ranking, a comparison or
a reason is never answered with one total: when it cannot be answered so, it is declined."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.types import AS_OF_NOW_METRICS, PIPELINE_METRICS, Filters, MetricQuery, Period
from intents.directory import Directory
from intents.lexicon import CITY_WORDS
from intents.mentions import person_mentions
from intents.normalize import fold
from intents.question_declines import contacts_in_view, corrected, request_decline, written_name
from intents.question_lists import (
    CLOSING_DEALS,
    CONTACT_DETAIL,
    COUNTING,
    CUSTOMER_NOUN,
    DEAL_NOUN,
    LIST_CUE,
    REASON_WORD,
    ListRequest,
    own_doings,
    read_list,
    stale_days,
)
from intents.question_periods import bare_days, question_period
from intents.question_shapes import (
    Comparison,
    Ranking,
    asks_comparison,
    compared_periods,
    compares_periods,
    ranked_noun,
    ranks_by_customers,
    read_comparison,
    read_ranking,
    unit_of_said,
)
from intents.question_words import GROUP_PATTERNS, SELF_PATTERN, TODO_PATTERN, UNSUPPORTED_GROUP
from intents.questions import (
    BLANK,
    MAX_QUESTION_CHARS,
    QuestionVocabulary,
    Reading,
    find_metric,
    find_names,
    fold_question,
    is_hostile,
    kinds_in,
    metric_query,
)

NOT_COMPARABLE = PIPELINE_METRICS | AS_OF_NOW_METRICS | {"inactive_reps", "receivables"}
RANKABLE_GROUPS = ("customer", "rep", "team", "tier", "region", "industry", "source", "kind", "stage")


@dataclass
class Question:
    """What a question asks. Exactly one of `listing`, `query` is set, or `decline` says why neither."""

    query: MetricQuery | None = None
    listing: ListRequest | None = None
    ranking: Ranking | None = None
    comparison: Comparison | None = None
    customer_id: str | None = None  # a customer a metric question names: its row of the by-customer answer
    days: int | None = None  # stale_customers: N days
    decline: str | None = None  # 'unknown', 'compare_now', 'shape', 'which_customer', 'hidden'
    candidates: tuple[str, ...] = ()
    hidden: str | None = None  # the customer named that the asker may not see
    zeros: bool = False  # "谁没有…": only the groups with nothing
    only: tuple[str, ...] = ()  # the group labels the question named ("王磊和陈静"): only those are shown
    period_said: str | None = None  # the period word said ("this_month"): names dates several words fit


# a person the bot could not resolve: a Latin full name said as an owner, or a user-id-like token
UNKNOWN_PERSON = re.compile(r"(?<![A-Za-z0-9])(?P<who>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)(?='s\b|’s\b)"
                            r"|(?<![A-Za-z0-9])(?P<id>[A-Z][0-9]{2,3})(?![A-Za-z0-9])")


def read_question(text: str, *, asker_id: str, today: date, vocab: QuestionVocabulary,
                  directory: Directory | None = None) -> Question:
    """The whole reading of a question (see the module doc)."""
    if not text or not text.strip() or len(text) > MAX_QUESTION_CHARS:
        return Question(decline="unknown")
    norm = fold_question(text)
    if is_hostile(norm):
        return Question(decline="unknown")
    if (why := request_decline(norm)) is not None:  # "帮我写封催款邮件", "如果降价…会…": no data asked
        return Question(decline=why)
    reading = Reading(norm)
    customer_id, candidates = _customer(reading, asker_id, directory)
    if reading.hidden:  # a customer only others may see: say so, give nothing
        return Question(decline="hidden", hidden=reading.hidden)
    find_names(reading, vocab)
    if (who := UNKNOWN_PERSON.search(reading.text)) is not None:  # "Zhang Wei's pipeline", "R99干了啥": never the team's
        return Question(decline="unknown_person", hidden=who.group("who") or who.group("id"))
    contact_ids, surname = _contacts(reading, customer_id, directory)
    if contact_ids and customer_id is None and directory is not None:
        contact_ids, hidden = contacts_in_view(directory, contact_ids, asker_id)
        if hidden is not None:  # "程波电话多少", a contact of others' customers only: say so, reveal nothing
            return Question(decline="hidden", hidden=hidden)
    said = reading.text
    counting = bool(COUNTING.search(CONTACT_DETAIL.sub(" ", said) if (contact_ids or surname) else said))
    mine = bool(SELF_PATTERN.search(said)) or own_doings(said, customer=customer_id is not None or bool(candidates),
                                                         contact=bool(contact_ids or surname), rep="rep" in reading.filters)
    # records compared across periods are counted: "Acme activities this month vs last month" is no list of rows
    compared = asks_comparison(said) and read_comparison(said, None, today, pipeline=False) is not None
    listing = read_list(said, customer=customer_id is not None or bool(candidates), contact=bool(contact_ids or surname),
                        rep="rep" in reading.filters or mine, counting=counting or compared)
    if listing is None and not counting and CLOSING_DEALS.search(said) and question_period(said, today, True):
        listing = ListRequest(list="deals", which="closing")  # "下个月要签的单子": the deals closing then
    if listing is not None and listing.list == "activities" and listing.which in ("rep", "all") \
            and "rep" not in reading.filters and mine:
        reading.filters["rep"] = asker_id  # "what did I do yesterday": the asker's own
        listing.which = "rep"
    if listing is not None and listing.list != "deals" and read_ranking(said) is not None:
        listing = None  # "top 3 customers by payments received": a ranking of a metric, not rows
    if listing is not None and (listing.list, listing.which) == ("customers", "all") and _measured(said):
        listing = None  # "哪些客户贡献了收入": a measure by customer, not the customer list
    if listing is not None and listing.list in ("deals", "customers", "payments") and _breakdown(said):
        listing = None  # "哪个阶段的商机最多", "新客户来自哪些渠道": a breakdown, not rows
    if listing is not None and (listing.list, listing.which) == ("payments", "balance") \
            and question_period(said, today, True) is not None:
        return Question(decline="shape")  # "下个月有款要收": installments due in a period are no list we keep
    if listing is not None:
        if candidates and listing.list in ("customers", "activities", "contacts") and listing.which in ("one", "customer"):
            return Question(decline="which_customer", candidates=candidates)
        return Question(listing=_complete_list(listing, reading, said, today, customer_id, contact_ids, surname))
    if TODO_PATTERN.search(norm):
        return Question(decline="unknown")
    query, match = metric_query(reading, asker_id=asker_id, today=today, vocab=vocab)
    if query is None and read_ranking(said) is not None and find_metric(said)[0] is None \
            and ranked_noun(said) is None:  # "top 3 customers", "前三名是谁": by revenue; "客户最多": declined
        reading.text += BLANK + "业绩"
        query, match = metric_query(reading, asker_id=asker_id, today=today, vocab=vocab)
    if query is None and (fixed := corrected(text)) is not None:  # "拜方量", "conversoin": a misspelt metric word
        again = read_question(fixed, asker_id=asker_id, today=today, vocab=vocab, directory=directory)
        if again.decline != "unknown":
            return again
    if query is None or (ranks_by_customers(said) and query.metric not in _COUNTS_CUSTOMERS):
        return Question(decline="unknown")  # "谁手上客户最多": a count of owned customers is no metric, never the pipeline
    if candidates:  # "华信今年拜访了几次" with two 华信: ask which, never the whole team's number
        return Question(query=query, decline="which_customer", candidates=candidates)
    out = _shaped(query, match, said, today, customer_id)
    key = out.query.group_by if out.query is not None else None
    if key in reading.several and key in ("rep", "team"):  # "王磊和陈静本月拜访量对比": those two, side by side
        out.only = tuple(vocab_names(vocab, reading.named[key]) if key == "rep" else reading.named[key])
        if out.comparison is not None and out.comparison.how == "previous" \
                and not compares_periods(said, today, pipeline=False):
            out.comparison = None  # the names are compared, not the periods ("邱怡和于磊本月拜访量和上月比": both)
            if out.query is not None:  # it is: the key is its grouping
                out.query.period = match.period if match else out.query.period
    return out


def vocab_names(vocab: QuestionVocabulary, ids: list[str]) -> list[str]:
    """The stored names of users by id."""
    by_id = {uid: name for name, uid in vocab.reps.items()}
    return [by_id.get(i, i) for i in ids]


def _shaped(query: MetricQuery, match, said: str, today: date, customer_id: str | None) -> Question:
    """The metric question with its ranking or comparison; a decline when its shape cannot be kept."""
    out = Question(query=query, period_said=match.said if match else None)
    out.zeros = bool(_NONE_DONE.search(said)) and query.metric in _COUNTED
    if query.metric == "stale_customers":
        out.days = stale_days(said) or 30
    if REASON_WORD.search(said) or (UNSUPPORTED_GROUP.search(said) and query.group_by is None):
        return Question(decline="shape")  # "why is the win rate low", "各季度": no one total answers it
    ranking = read_ranking(said) if query.metric != "inactive_reps" else None
    if query.metric in NOT_COMPARABLE and asks_comparison(said):
        return Question(query=query, decline="compare_now")
    comparing = read_comparison(said, query.period, today, pipeline=query.metric in PIPELINE_METRICS,
                                asked_unit=unit_of_said(match.said) if match else "month")
    if comparing is not None and compared_periods(said, today, pipeline=query.metric in PIPELINE_METRICS) > 2:
        return Question(query=query, decline="compare_two")  # "本周和上周、上上周比": one answer compares two periods
    if comparing is not None:
        if query.metric in NOT_COMPARABLE:
            return Question(query=query, decline="compare_now")
        period, out.comparison = comparing
        query.period = period
    if query.metric in ("receivables", "overdue_receivables", "collected_amount") and query.group_by == "rep" \
            and _OWES.search(said) and not _REP_WORD.search(said):
        query.group_by = "customer"  # "who owes us the most": customers owe, not reps
    if out.zeros and query.group_by is None:
        query.group_by = "rep"  # "本月谁没有新增客户": the reps with none
    if ranking is not None and not out.zeros:
        if query.group_by is None:
            query.group_by = "customer" if CUSTOMER_NOUN.search(said) else "rep"
        if query.group_by in RANKABLE_GROUPS:
            out.ranking = ranking
    if query.group_by is None and LIST_CUE.search(said) and CUSTOMER_NOUN.search(said) \
            and query.metric in _BY_CUSTOMER and customer_id is None:
        query.group_by = "customer"  # "which customers brought in revenue": by customer
    if customer_id is not None and query.group_by is None and query.metric not in ("inactive_reps", "new_leads"):
        query.group_by = "customer"
        out.customer_id = customer_id
    if query.group_by is None and query.metric != "inactive_reps" and LIST_CUE.search(said) \
            and (DEAL_NOUN.search(said) or CUSTOMER_NOUN.search(said)):
        return Question(decline="shape")  # "哪些客户…" asks for rows, not one total
    return out


_COUNTS_CUSTOMERS = frozenset({"new_leads", "stale_customers", "overdue_followups"})
_BY_CUSTOMER = frozenset({"activities", "visits", "won_amount", "won_deals", "lost_deals", "new_deals", "pipeline_amount",
                          "weighted_pipeline", "open_deals", "contract_amount", "collected_amount", "receivables",
                          "overdue_receivables"})


_NONE_DONE = re.compile(r"(谁|哪些?(个|位)?(销售|人|同事)).{0,8}(还)?(没有?|未|一个都没|一单都没|一次都没)|\bwho\s+(has\s*n[o']t|hasn't|have\s*n[o']t|haven't|didn't|did\s+not)\b",
                        re.IGNORECASE)
_COUNTED = frozenset({"new_leads", "new_deals", "won_deals", "lost_deals", "won_amount", "contract_amount",
                      "collected_amount"})
_BREAKDOWN_GROUPS = frozenset({"stage", "rep", "team", "region", "industry", "source", "tier", "kind", "customer"})
_OWES = re.compile(r"欠|回款|付款|打款|\bowes?\b|\bowed\b|\bpaid\b|\bpays?\b", re.IGNORECASE)
_REP_WORD = re.compile(r"销售|业务员|同事|\b(reps?|sales\s*(people|persons?|reps?)|salespe(rson|ople))\b", re.IGNORECASE)


def _breakdown(said: str) -> bool:
    """The text asks for a breakdown by a grouping other than customer ('哪个阶段', '哪些渠道', 'by rep')."""
    if not _BREAKDOWN_CUE.search(said):
        return False
    return any(group in _BREAKDOWN_GROUPS and pattern.search(said) for pattern, group in GROUP_PATTERNS)


_BREAKDOWN_CUE = re.compile(r"哪(个|些|几个|一个|类)(阶段|销售|人|团队|组|区域|地区|渠道|来源|行业|级别|类型)|各|按|每个|分布|来自"
                            r"|\b(by|per|across)\b|\bwhich\s+(stages?|teams?|regions?|sources?|channels?|industr(y|ies)|tiers?|reps?)\b",
                            re.IGNORECASE)


def _measured(said: str) -> bool:
    """The text names a measure other than counting customers ('收入', 'visits', 'pipeline')."""
    metric, _kind = find_metric(said)
    return metric in _BY_CUSTOMER


def _customer(reading: Reading, asker_id: str, directory: Directory | None) -> tuple[str | None, tuple[str, ...]]:
    """The customer the question names (blanked), or the candidates when a short form fits several."""
    if directory is None or not len(directory) or not _names_a_customer(directory, reading.text):
        return None, ()
    m = directory.find_customer(reading.text, asker_id)
    if m is None:
        return None, ()
    key = fold(m.said).strip()
    if len(key) < 2 or (key not in directory.keys and len(key) < 4) or _GENERIC.fullmatch(key):
        return None, ()
    if getattr(m, "out_of_view", False) and not written_name(directory, reading.text):
        return None, ()  # only a sound-alike of a name others may see ("天气" ~ 天启): no customer named
    reading.blank(*m.span)
    if getattr(m, "out_of_view", False):
        reading.hidden = m.said.strip()
        return None, ()
    if m.customer_id:
        return m.customer_id, ()
    return None, tuple(m.candidates)


def _names_a_customer(directory: Directory, text: str) -> bool:
    """Whether a stored name, alias or short form — as written, in homophones or in pinyin — is in the
    text. A question is not read for typos (the directory's fuzzy pass): that costs a scan of every
    name, and a near miss in a question would answer about the wrong customer."""
    folded = fold(text)
    scan = getattr(directory, "_scan", None)
    if scan is None:
        return True
    return bool(scan(folded, text) or directory._sound_alike(folded) or directory._romanized(folded, text))


_GENERIC = re.compile(r"(客户|公司|集团|科技|销售|团队|商机|项目|合同|回款|the|our|my|customers?|deals?)", re.IGNORECASE)


def _contacts(reading: Reading, customer_id: str | None, directory: Directory | None) -> tuple[tuple[str, ...], str | None]:
    """Contacts the question names: stored ones (of the customer, or anyone's by full name), or a
    surname with a title ('黎总') to look up among the visible customers."""
    if directory is None:
        return (), None
    text = reading.text
    if customer_id:
        found = directory.find_contacts(text, [customer_id])
        if not found:
            for person in person_mentions(text):
                p = directory.resolve_contact(person.name, customer_id)
                if p is not None:
                    found = [p]
                    break
        return tuple(p.id for p in found), None
    if not CONTACT_DETAIL.search(text):
        return (), None
    full = [p for p in directory.find_contacts(text) if len(p.name.strip()) >= 2]
    if full:
        return tuple(p.id for p in full), None
    for person in person_mentions(text):
        if person.surname:
            return (), person.surname
    return (), None


_ONE = re.compile(r"哪(个|一个|笔|一笔|单)|最大的(一|那)?(单|笔|个)(?!.{0,2}(有哪些|哪些))|\bwhich\s+(one|deal)\b|\bthe\s+(biggest|largest)\b(?!\s+\d)"
                  r"|\b(biggest|largest)\s+(deal|one|win|loss)\b(?!s)", re.IGNORECASE)
_AHEAD_LISTS = {("deals", "closing"), ("deals", "open"), ("deals", "biggest"), ("followups", "due")}
_DEFAULT_THIS_MONTH = ("won", "lost", "new", "received")


def _complete_list(req: ListRequest, reading: Reading, said: str, today: date, customer_id: str | None,
                   contact_ids: tuple[str, ...], surname: str | None) -> ListRequest:
    """Fill the list's period, filters, customer, contacts and limit from the rest of the reading."""
    ahead = (req.list, req.which) in _AHEAD_LISTS
    match = question_period(said, today, ahead)
    if match is not None:
        req.period = match.period
    elif (n := bare_days(said)) is not None and req.which not in ("stale",):
        req.period = Period(start=today.fromordinal(today.toordinal() - n + 1), end=today)
    if req.period is not None and not ahead and req.period.end > today:
        req.period = Period(start=req.period.start, end=today) if req.period.start <= today else None
    if req.list == "deals" and req.which == "open" and req.period is not None:
        req.which = "closing"
    if req.which == "stale":
        req.days = req.days or 30
        req.period = None
    if req.which in _DEFAULT_THIS_MONTH and req.period is None:
        req.period = Period(start=today.replace(day=1), end=today)
    if req.list == "followups" and req.which == "due" and req.period is None:
        req.period = Period(start=today, end=today)
    if req.order == "amount" and req.limit is None:
        ranking = read_ranking(said)
        req.limit = ranking.limit if ranking else (1 if _ONE.search(said) else None)
    if req.list == "activities" and req.which in ("rep", "all") and req.period is None:
        req.period = Period(start=today, end=today)
    filters = dict(reading.filters)
    if req.list == "activities" and len(kinds := kinds_in(said)) == 1:
        filters["kind"] = kinds[0]  # "王磊这周拜访了哪些客户", "上周五的拜访记录"
    req.filters = Filters(**{k: v for k, v in filters.items() if k in Filters.model_fields})
    if req.list == "customers" and req.filters.region is None:
        req.place = next((c for c in CITY_WORDS if len(c) >= 2 and c in said), None)
    req.customer_id = customer_id
    req.contact_ids = contact_ids
    req.contact_surname = surname
    if req.which == "biggest":
        ranking = read_ranking(said)
        req.limit = ranking.limit if ranking and ranking.limit else 5
    return req
