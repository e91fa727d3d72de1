"""Records of a rep's message (CONTRACT.md "Records"): the clause pipeline's last step.

The message is cut into clauses and grouped per customer (`intents.clauses`); each customer's
segment is read for its slots (`intents.capture.read_log`), and named rules turn it into records:
money received is a payment, an invoice nothing, contact details a contact, a deal update goes to
the deal the message names (`intents.deal_choice`), a win also makes its contract with the payment
plan said, and an activity is done or planned by its clauses' tense (`intents.records_activity`,
`intents.records_money`). Every rule that fires is named in the trace (`salesbot parse --explain`);
what the bot should say besides the records is in `ParseResult.notes`: out_of_view, lost_not_open,
invoice, payment_promised, payment_overdue, amount_rejected, date_unreadable, contact_left.
"""

from __future__ import annotations

import re
from datetime import date

from intents.capture import LogFacts, read_log
from intents.clauses import (
    Segment,
    day_led_parts,
    is_activity,
    plan_heading,
    segments,
    split_clauses,
)
from intents.contact_details import contact_record, has_contact_details, strip_details
from intents.dates import find_dates
from intents.directory import SHORT, CustomerMatch, full_name
from intents.installments import terms_money
from intents.lexicon import KIND_PATTERNS, STAGE_PATTERNS
from intents.lexicon_records import (
    DUNNING,
    INVOICE,
    JOB_TITLE_EN,
    JOB_TITLE_ZH,
    PAYMENT_OVERDUE,
    PAYMENT_PROMISED,
    PAYMENT_RECEIVED,
    PLAN_TERMS,
    REST,
    SHARE,
    SIGNED_SAID,
    UPFRONT,
    compile_words,
)
from intents.money import bare_amount, find_money
from intents.normalize import fold
from intents.record_context import Context, Reading, customer_fields
from intents.records_activity import activity_record
from intents.records_money import deal_record, payment_record

_INVOICE = compile_words(INVOICE)
# each searched on its own: joined into one pattern they hide their first characters from the regex engine
_MONEY_OR_DETAILS = (DUNNING, PAYMENT_RECEIVED, PAYMENT_PROMISED, PAYMENT_OVERDUE, _INVOICE)
_PLAIN_SIGNED = compile_words(SIGNED_SAID)
_ALREADY = re.compile(r"已|了|\b(?:received|paid|came in|arrived|got)\b")


def read_records(text: str, ctx: Context, whole: LogFacts) -> Reading:
    """Every record the message holds, in the order said."""
    ctx.plan_head = plan_heading(text)
    matches = [m for m in ctx.directory.find_customers(text, ctx.speaker_id) if not _inside_words(m, text, whole, ctx)]
    matches = _same_customer(matches) or _by_contacts(text, ctx)
    keys = {m.customer_id or fold(m.said) for m in matches}
    if len(keys) <= 1:
        ctx.rule("segment.one_customer")
        _segment_records(text, whole, ctx)
        return ctx.reading
    segs = segments(text, matches)
    ctx.several = True
    ctx.rule(f"segment.customers:{len(segs)}")
    previous_day: date | None = None
    for seg in segs:
        for r in seg.rules:
            ctx.rule(r)
        seg_text = seg.text
        # 明天上午去A，下午去B: a time with no day of its own is today's only when no other day came before
        said = ctx.carry_plan or previous_day
        ctx.bare_times = said is None or said == ctx.today
        facts = _read(seg_text, ctx)
        if seg.shared and segs.index(seg) > 0:  # "today: A …; tmrw visit B": B's own day outranks the head's
            own = _read(seg.own_text, ctx)
            if own.dates and len(own.dates) < len(facts.dates):
                seg_text, facts = seg.own_text, own
                ctx.rule("segment.own_day_over_head")
        facts.customer = seg.customer  # the segment's customer, whatever else its words look like
        before = len(ctx.reading.records)
        _segment_records(seg_text, facts, ctx, seg=seg)
        ctx.carry_plan = None
        for rec in ctx.reading.records[before:]:  # a clause with no day of its own: the day said before
            if rec.type == "activity" and rec.status == "done":
                if not facts.dates and previous_day is not None:
                    rec.date = previous_day
                    ctx.rule("activity.day_from_previous_clause")
                previous_day = rec.date
            elif rec.type == "activity":
                ctx.carry_plan = rec.date or ctx.today
    _respectively(text, whole, ctx)
    return ctx.reading


def _read(text: str, ctx: Context) -> LogFacts:
    """The log facts of part of the message, read with the message's day, clock and settings."""
    return read_log(text, ctx.speaker_id, ctx.today, ctx.directory, ctx.currency, ctx.date_order, ctx.clock,
                    ctx.bare_times)


_RESPECTIVELY = re.compile(r"分别|各自|\brespectively\b")


def _respectively(text: str, whole: LogFacts, ctx: Context) -> None:
    """明天和后天分别去X和Y / Monday and Tuesday respectively: the days pair with the customers in order."""
    acts = [r for r in ctx.reading.records if r.type == "activity"]
    days = [d for d in whole.dates if not d.unreadable]
    if not _RESPECTIVELY.search(fold(text)) or len(days) < 2 or len(days) != len(acts) \
            or len({r.customer_id or r.customer for r in acts}) != len(acts):
        return
    for rec, d in zip(acts, days, strict=True):
        day = d.ahead if rec.status == "planned" else d.back
        if day is not None:
            rec.date = day
    ctx.rule("activity.days_respectively")


def _inside_words(m: CustomerMatch, text: str, whole: LogFacts, ctx: Context) -> bool:
    """A short form that straddles a day or a deal word is no customer: 今天成交 holds 天成, 说明天 明天."""
    ranks = ctx.directory.keys.get(fold(m.said).strip(), {})
    if not ranks or max(ranks.values()) != SHORT:
        return False
    s, e = m.span
    folded = fold(text)
    spans = [d.span for d in whole.dates]
    spans += [x.span() for p in (*STAGE_PATTERNS.values(), *KIND_PATTERNS.values()) for x in p.finditer(folded)]
    return any(a < e and s < b for a, b in spans)


def _by_contacts(text: str, ctx: Context) -> list[CustomerMatch]:
    """No customer named: stored contacts named in full stand for theirs (今天见了郭秀军和闫军)."""
    folded = fold(text)
    out = []
    for p in ctx.directory.find_contacts(folded):
        name = fold(p.name).strip()
        at = folded.find(name)
        c = ctx.directory.customers.get(p.customer_id)
        if at < 0 or c is None or not full_name(name) or not ctx.directory.may_see(c.id, ctx.speaker_id):
            continue
        out.append(CustomerMatch(span=(at, at + len(name)), said=text[at:at + len(name)], customer_id=c.id,
                                 name=c.name, contact=p))
    by_customer: dict[str | None, list[CustomerMatch]] = {}
    for m in out:
        by_customer.setdefault(m.customer_id, []).append(m)
    if any(len({q.contact.id for q in ms if q.contact}) > 1 for ms in by_customer.values()):
        return []  # two people of one customer: leave it to the one-customer reading
    return sorted(out, key=lambda m: m.span) if len(by_customer) > 1 else []


def _same_customer(matches: list[CustomerMatch]) -> list[CustomerMatch]:
    """A short form that fits a customer the message names in full is that customer (明德食品…明德那边)."""
    named = {m.customer_id: m for m in matches if m.customer_id}
    out = []
    for m in matches:
        hit = [named[c] for c in m.candidates if c in named]
        if not m.customer_id and len(hit) == 1:
            m = CustomerMatch(span=m.span, said=m.said, customer_id=hit[0].customer_id, name=hit[0].name)
        out.append(m)
    return out


_DAYS_JOIN = re.compile(r"[\s,，、;；:：.。&]*(?:(?:and|和|及|与|跟)[\s,，、]*)?")


def _only_days(clause: str, ctx: Context) -> bool:
    """The clause is only days (and joiners): "Jan 10 and Mar 10", "1月10日、3月10日"."""
    days = find_dates(clause, ctx.today, ctx.date_order)
    if not days:
        return False
    rest, at = [], 0
    for d in days:
        rest.append(clause[at:d.span[0]])
        at = d.span[1]
    rest.append(clause[at:])
    return all(_DAYS_JOIN.fullmatch(fold(r)) for r in rest)


def _segment_records(text: str, facts: LogFacts, ctx: Context, seg: Segment | None = None) -> None:
    """The records of one customer's clauses."""
    cust = facts.customer
    ctx.contact_said, ctx.paid_on_signing = False, []
    if cust is not None and cust.out_of_view:
        ctx.note("out_of_view")
        ctx.rule("customer.out_of_view")
    clauses = [c.text for c in split_clauses(text)]
    won = facts.deal is not None and facts.deal.stage == "won"
    paid, invoiced, details, given, rest, chased, owed = [], [], [], [], [], [], []
    full, whole = text, fold(text)
    as_said = not (won or any(p.search(whole) for p in _MONEY_OR_DETAILS) or has_contact_details(whole))
    if as_said:
        clauses = []  # nothing of money or contact details anywhere: every clause is read as it is
    prev_terms = False
    for c in clauses:
        f = fold(c)
        terms = won and (SHARE.search(f) or REST.search(f) or UPFRONT.search(f) or PLAN_TERMS.search(f)
                         or (prev_terms and _only_days(c, ctx)))  # "in 2 installments: Jan 10 and Mar 10": their days
        prev_terms = bool(terms)
        said = has_contact_details(f, whole)
        if terms:
            ctx.rule("contract.terms_clause")  # read by the contract, never a follow-up or a payment
            plan_only = PLAN_TERMS.search(f) and not (SHARE.search(f) or UPFRONT.search(f) or terms_money(c, find_money(c)))
            if plan_only:  # "paid in 3 installments" / 分三期付: how it will be paid, nothing received yet
                ctx.rule("contract.plan_terms_are_no_payment")
            elif PAYMENT_RECEIVED.search(f) and not PAYMENT_PROMISED.search(f) and _ALREADY.search(f):
                ctx.paid_on_signing.append(c)  # 首付36万已到账: that instalment is also money received
            head = c[:min((m.start() for p in (SHARE, REST, UPFRONT, PLAN_TERMS) for m in [p.search(f)] if m), default=0)]
            if STAGE_PATTERNS["won"].search(fold(head)) or _PLAIN_SIGNED.search(fold(head)):
                rest.append(head)  # 瑞祥签了 合同3万4 分两期…: the win said before the terms stays a win
        elif DUNNING.search(f):
            ctx.rule("activity.dunning")  # 打电话催款 / chased the payment: asking for money is contact, no payment
            rest.append(c)
            chased.append(c)
        elif PAYMENT_OVERDUE.search(f) and not PAYMENT_RECEIVED.search(PAYMENT_OVERDUE.sub(" ", f)):
            ctx.rule("payment.overdue_is_no_record")  # 款还没到 / late on payment: nothing received
            ctx.note("payment_overdue")
            owed.append(c)
        elif PAYMENT_PROMISED.search(f):
            ctx.rule("payment.promised_is_nothing_yet")  # 下周打款: no money received, no activity
            ctx.note("payment_promised")
            owed.append(c)
            if won or any(p.search(f) for p in STAGE_PATTERNS.values() if p is not STAGE_PATTERNS["won"]):
                rest.append(c)  # 签了 40万 年底前回款: the win is said all the same
        elif PAYMENT_RECEIVED.search(f):
            paid.append(c)
        elif _INVOICE.search(f) and not PAYMENT_RECEIVED.search(f):
            invoiced.append(c)
        elif said == "update":
            details.append(c)
            if is_activity(strip_details(f)):  # 联系人：刘洋 电话: the call is said too
                rest.append(c)
        else:
            rest.append(c)
            if said == "given":
                given.append(c)
    if as_said:
        parts = day_led_parts(text, facts.dates) if facts.customer is not None else None
        for part in parts or [text]:  # 昨天打了电话 … 今天微信联系上了: one activity per day said
            one = facts
            if parts:
                one = _read(part, ctx)
                one.customer = facts.customer
                ctx.rule("activity.one_per_day_said")
            activity_record(part, one, ctx)
        deal_record(text, facts, ctx, full)
        return
    if paid or invoiced or chased or owed:  # "尾款今天到账了，8万" / "开了票，13万": a bare amount beside them is theirs
        bare = [c for c in rest if _only_money(c, cust)]  # beside money promised or owed: the sum owed, no deal's
        rest = [c for c in rest if c not in bare]
        if paid or invoiced:
            (paid or invoiced).extend(bare)
        elif bare and (won or any(p.search(fold(c)) for c in rest for p in STAGE_PATTERNS.values())):
            rest = [c for c in clauses if c in rest or c in bare]  # 签了，40万，年底前回款: the amount is the deal's
        elif bare:
            ctx.rule("payment.sum_owed_is_no_deal_amount")
    if paid:
        payment_record(paid, facts, ctx)
    if details or given:
        rec = contact_record(full, cust, ctx.directory, customer_fields(cust))  # the person may stand apart
        if rec is not None:
            ctx.rule("contact.details")
            ctx.add(rec)
            ctx.contact_said = True
    if invoiced:
        ctx.note("invoice")
        ctx.rule("invoice.not_money")
    if details and rest and is_activity(fold("，".join(rest))):
        rest = [c for c in clauses if c in rest or c in details]  # 拜访X，对接人是王芳: she is the one met
    if rest != clauses:  # a clause left out, or cut to the head before its payment terms
        if not rest or not _says_more(rest, cust):
            return
        body = "，".join(rest)
        if cust is not None and fold(cust.said) not in fold(body):
            body = cust.said + "，" + body
        facts = _read(body, ctx)
        if cust is not None:
            facts.customer = cust
        text = body
    activity_record(text, facts, ctx)
    if chased:  # 月底前要把19万3的款催回来: the money chased is owed, never a deal's amount or closing day
        ctx.rule("deal.money_chased_is_no_deal")
        kept = [c for c in rest if c not in chased]
        if not kept or not _says_more(kept, cust):
            return
        text = "，".join(kept)
        if cust is not None and fold(cust.said) not in fold(text):
            text = cust.said + "，" + text
        facts = read_log(text, ctx.speaker_id, ctx.today, ctx.directory, ctx.currency, ctx.date_order)
        if cust is not None:
            facts.customer = cust
    deal_record(text, facts, ctx, full)


def _bare_detail(clause: str) -> str:
    """A clause without its phones, emails and job titles."""
    f = strip_details(fold(clause))
    return JOB_TITLE_EN.sub(" ", JOB_TITLE_ZH.sub(" ", f))


def _only_money(clause: str, cust: CustomerMatch | None) -> bool:
    f = fold(clause)
    money = find_money(clause)
    if not money:  # "paid the 2nd installment, 12000": a plain number alone in its clause, beside money words
        plain = bare_amount(clause)
        money = [plain] if plain is not None else []
    if not money:
        return False
    for m in money:
        f = f.replace(fold(m.said), " ")
    if cust is not None:
        f = f.replace(fold(cust.said), " ")
    return len(f.strip(" ，,。.!！:：的了共计约大概about")) <= 3


def _says_more(rest: list[str], cust: CustomerMatch | None) -> bool:
    """The clauses left after a payment / invoice / contact say an activity or a deal of their own."""
    body = _bare_detail("，".join(rest))
    if cust is not None:
        body = body.replace(fold(cust.said), "")
    return is_activity(body) or bool(find_money(body)) or any(p.search(body) for p in STAGE_PATTERNS.values())


