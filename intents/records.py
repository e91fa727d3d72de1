"""Records of a rep's message (CONTRACT.md "Records"): the clause pipeline's last step.

The message is cut into clauses and grouped per customer (`intents.clauses`); each customer's
segment is read for its slots (`intents.capture.read_log`), and named rules turn it into records:
money received is a payment, an invoice nothing, contact details a contact, a deal update goes to
the deal the message names (`intents.deal_choice`), a win also makes its contract with the payment
plan said, and an activity is done or planned by its clauses' tense. Every rule that fires is
named in the trace (`salesbot parse --explain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from domain.types import (
    ActivityRecord,
    ContractRecord,
    DealRecord,
    PaymentRecord,
    Visit,
)
from intents.capture import LogFacts, read_log
from intents.clauses import (
    Segment,
    activity_verb,
    is_activity,
    is_reminder,
    negated,
    segments,
    split_clauses,
    tense,
)
from intents.contact_details import contact_record, has_contact_details, strip_details
from intents.dates import find_dates, unreadable_days
from intents.deal_choice import DealChoice, choose_contract, choose_deal, new_deal_title
from intents.directory import CustomerMatch, Directory, full_name
from intents.installments import contract_amount, installments, share_of
from intents.lexicon import KIND_PATTERNS, STAGE_PATTERNS
from intents.lexicon_records import (
    INVOICE,
    JOB_TITLE_EN,
    JOB_TITLE_ZH,
    NO_NEWS,
    PAYMENT_OVERDUE,
    PAYMENT_PROMISED,
    PAYMENT_RECEIVED,
    PLAN_TERMS,
    REPORTED,
    RESCHEDULED,
    REST,
    SHARE,
    UPFRONT,
    compile_words,
)
from intents.money import find_money, pick_amount
from intents.normalize import fold

MAX_AMOUNT = 1e11
RECORD_MARK = "=> "  # a trace step that closes the rules of one record
_INVOICE = compile_words(INVOICE)
_REPORTED = compile_words(REPORTED)
_ALREADY = re.compile(r"已|了|\b(?:received|paid|came in|arrived|got)\b")
_CANCEL = re.compile(r"取消|cancel|called off")
_PLAN_KIND_ORDER = ("demo", "meeting", "call", "message", "visit")


@dataclass
class Reading:
    records: list = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Context:
    speaker_id: str | None
    today: date
    directory: Directory
    currency: str
    reading: Reading
    date_order: str = "mdy"
    several: bool = False  # the message names several customers
    contact_said: bool = False  # the segment gave a person's details
    paid_on_signing: list[str] = field(default_factory=list)  # terms clauses that say the money came
    carry_plan: date | None = None  # the day of the plan said just before (明天上午拜访A，下午拜访B)

    def rule(self, name: str) -> None:
        self.reading.trace.append(name)

    def add(self, rec) -> None:
        """Keep a record; the trace marks it, so `--explain` shows the rules that made each record."""
        self.reading.records.append(rec)
        self.reading.trace.append(f"{RECORD_MARK}{rec.type}")

    def note(self, name: str) -> None:
        if name not in self.reading.notes:
            self.reading.notes.append(name)


def sane_amount(amount: float | None, ctx: Context, rec) -> float | None:
    """An amount below zero or beyond any plausible deal is never recorded: the bot asks."""
    if amount is None:
        return None
    if amount < 0 or amount > MAX_AMOUNT:
        rec.amount_rejected = amount
        ctx.note("amount_rejected")
        ctx.rule("amount.implausible")
        return None
    return amount


def read_records(text: str, ctx: Context, whole: LogFacts) -> Reading:
    """Every record the message holds, in the order said."""
    matches = _same_customer(ctx.directory.find_customers(text, ctx.speaker_id)) or _by_contacts(text, ctx)
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
        facts = read_log(seg.text, ctx.speaker_id, ctx.today, ctx.directory, ctx.currency, ctx.date_order)
        facts.customer = seg.customer  # the segment's customer, whatever else its words look like
        before = len(ctx.reading.records)
        _segment_records(seg.text, facts, ctx, seg=seg)
        ctx.carry_plan = None
        for rec in ctx.reading.records[before:]:  # a clause with no day of its own: the day said before
            if rec.type == "activity" and rec.status == "done":
                if not facts.dates and previous_day is not None:
                    rec.date = previous_day
                    ctx.rule("activity.day_from_previous_clause")
                previous_day = rec.date
            elif rec.type == "activity":
                ctx.carry_plan = rec.date or ctx.today
    return ctx.reading


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
    by_customer = {}
    for m in out:
        by_customer.setdefault(m.customer_id, []).append(m)
    if any(len({q.contact.id for q in ms}) > 1 for ms in by_customer.values()):
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


def _customer_fields(m: CustomerMatch | None) -> dict:
    if m is None:
        return {"customer": None, "customer_id": None, "candidates": None}
    return {"customer": m.name or m.said, "customer_id": m.customer_id, "candidates": m.candidates or None,
            "out_of_view": m.out_of_view}


def _segment_records(text: str, facts: LogFacts, ctx: Context, seg: Segment | None = None) -> None:
    """The records of one customer's clauses."""
    cust = facts.customer
    ctx.contact_said, ctx.paid_on_signing = False, []
    if cust is not None and cust.out_of_view:
        ctx.note("out_of_view")
        ctx.rule("customer.out_of_view")
    clauses = [c.text for c in split_clauses(text)]
    won = facts.deal is not None and facts.deal.stage == "won"
    paid, invoiced, details, given, rest = [], [], [], [], []
    full, whole = text, fold(text)
    for c in clauses:
        f = fold(c)
        terms = won and (SHARE.search(f) or REST.search(f) or UPFRONT.search(f) or PLAN_TERMS.search(f))
        said = has_contact_details(f, whole)
        if terms:
            ctx.rule("contract.terms_clause")  # read by the contract, never a follow-up or a payment
            if PAYMENT_RECEIVED.search(f) and not PAYMENT_PROMISED.search(f) and _ALREADY.search(f):
                ctx.paid_on_signing.append(c)  # 首付36万已到账: that instalment is also money received
        elif PAYMENT_OVERDUE.search(f) and not PAYMENT_RECEIVED.search(PAYMENT_OVERDUE.sub(" ", f)):
            ctx.rule("payment.overdue_is_no_record")  # 款还没到 / late on payment: nothing received
            ctx.note("payment_overdue")
        elif PAYMENT_PROMISED.search(f):
            ctx.rule("payment.promised_is_nothing_yet")  # 下周打款: no money received, no activity
            ctx.note("payment_promised")
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
    if paid or invoiced:  # "尾款今天到账了，8万" / "开了票，13万": a bare amount beside them is theirs
        bare = [c for c in rest if _only_money(c, cust)]
        rest = [c for c in rest if c not in bare]
        (paid or invoiced).extend(bare)
    if paid:
        _payment(paid, facts, ctx)
    if details or given:
        rec = contact_record(full, cust, ctx.directory, _customer_fields(cust))  # the person may stand apart
        if rec is not None:
            ctx.rule("contact.details")
            ctx.add(rec)
            ctx.contact_said = True
    if invoiced:
        ctx.note("invoice")
        ctx.rule("invoice.not_money")
    if details and rest and is_activity(fold("，".join(rest))):
        rest = [c for c in clauses if c in rest or c in details]  # 拜访X，对接人是王芳: she is the one met
    if len(rest) < len(clauses):
        if not rest or not _says_more(rest, cust):
            return
        body = "，".join(rest)
        if cust is not None and fold(cust.said) not in fold(body):
            body = cust.said + "，" + body
        facts = read_log(body, ctx.speaker_id, ctx.today, ctx.directory, ctx.currency, ctx.date_order)
        if cust is not None:
            facts.customer = cust
        text = body
    _activity(text, facts, ctx)
    _deal(text, facts, ctx, full)


def _bare_detail(clause: str) -> str:
    """A clause without its phones, emails and job titles."""
    f = strip_details(fold(clause))
    return JOB_TITLE_EN.sub(" ", JOB_TITLE_ZH.sub(" ", f))


def _only_money(clause: str, cust: CustomerMatch | None) -> bool:
    f = fold(clause)
    money = find_money(clause)
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


def _payment(paid: list[str], facts: LogFacts, ctx: Context, new_contract: bool = False,
             of_amount: float | None = None) -> None:
    body = "，".join(paid)
    cust = facts.customer
    dates = find_dates(body, ctx.today, ctx.date_order)
    found = find_money(body, blocked=[d.span for d in dates])
    money = pick_amount(body, found)
    rejected = next((m for m in found if not getattr(m, "plausible", True)), None)
    rec = PaymentRecord(**_customer_fields(cust))
    rec.amount = sane_amount(money.amount if money else (rejected.amount if rejected else None), ctx, rec)
    rec.currency = (money.currency or ctx.currency) if money else None
    if rec.amount is None and of_amount is not None:  # "20% deposit received": a share of the contract signed
        part = next((p for m in SHARE.finditer(fold(body)) if (p := share_of(m)) is not None), None)
        if part is not None:
            rec.amount, rec.currency = round(of_amount * part, 2), facts.deal.currency if facts.deal else None
            rec.currency = rec.currency or (facts.money.currency if facts.money else None) or ctx.currency
    rec.received_on = next((d.back for d in dates if d.back), ctx.today)
    if new_contract:  # money on the contract this message signs: the bot links it to that one
        cid, candidates, rule = None, None, "payment.on_the_contract_just_signed"
    else:
        cid, candidates, rule = choose_contract(body, cust.customer_id if cust else None, ctx.directory)
    rec.contract_id, rec.contract_candidates = cid, candidates
    ctx.rule("payment.received")
    ctx.rule(rule)
    ctx.add(rec)


_SEND = re.compile(r"发(?:个|一下|一份|一版)?(?:报价|方案|资料|合同|邮件|消息|样品)|\bsend\b|\bemail\b")


def _plan_kind(folded: str) -> str:
    found = {k for k, p in KIND_PATTERNS.items() if p.search(folded)}
    if not found and _SEND.search(folded):
        return "message"
    return next((k for k in _PLAN_KIND_ORDER if k in found), "visit")


def _activity(text: str, facts: LogFacts, ctx: Context) -> None:
    visit = facts.visit or _plan_only(text, facts, ctx)
    if visit is None:
        return
    if _bare_name(text, facts):
        ctx.rule("activity.bare_name_is_no_log")
        return
    parts = split_clauses(text)
    clauses = [(fold(c.text), [d for d in facts.dates if c.start <= d.span[0] < c.end]) for c in parts]
    starts = {id(days): c.start for (_f, days), c in zip(clauses, parts, strict=True)}
    acts = [(c, days) for c, days in clauses if is_activity(strip_details(c))]
    if (acts and all(negated(c) for c, _days in acts)) or (not acts and any(negated(c) for c, _days in clauses)):
        moved = RESCHEDULED.search(fold(text))
        day = next((d.ahead for d in facts.dates if moved and d.span[0] >= moved.start() and d.ahead), None)
        if day is None:
            ctx.rule("activity.negated")
            return
        rec = ActivityRecord(**{**visit.model_dump(exclude={"out_of_view"}), **_customer_fields(facts.customer)})
        rec.status, rec.date, rec.followup_date, rec.next_step = "planned", day, None, None
        ctx.rule("activity.rescheduled")  # 没去成，改到周四: the plan on the new day
        ctx.add(rec)
        return
    if ctx.several and not acts and not facts.dates and not facts.signals.get("contact") and facts.deal is None:
        ctx.rule("activity.mention_only")  # 邱总说远航那边也在找他们: a name mentioned, nothing done with it
        return
    if not acts and facts.deal is None and not facts.signals.get("contact") and not facts.dates \
            and NO_NEWS.search(fold(text)) and not _REPORTED.search(fold(text)):
        ctx.rule("activity.no_news")  # 明德食品的合同还没签 / Acme still thinking: a note, no activity
        return
    if ctx.contact_said and not acts and not (facts.deal and (facts.deal.stage or facts.deal.amount)):
        ctx.rule("activity.contact_details_only")  # 新来了个采购经理叫孙丽丽，手机…: details, no visit
        return
    ahead = any(d.ahead and d.ahead != d.back for d in facts.dates)
    marks = [tense(c, has_day_ahead=ahead) for c, _days in clauses]
    if facts.day is None:  # no day of the activity itself was said: a coming day may be the plan's
        marks = [_coming_day(c, days, starts[id(days)], m) for (c, days), m in zip(clauses, marks, strict=True)]
    marks = _carried(marks)
    chosen = [m for (c, _days), m in zip(clauses, marks, strict=True) if not acts or (c, _days) in acts]
    if acts and "done" in marks:
        chosen.append("done")  # "call with X, spoke to Y, will send …": something in it was done
    reminder = any(is_reminder(c) for c, _days in clauses)
    carried = ctx.carry_plan is not None and chosen and all(m == "neutral" for m in chosen)
    if carried:
        chosen = ["planned"]  # 明天上午拜访A，下午拜访B / 下周一去A，周三去B: still the plan's tense
    if not acts and facts.deal is not None and not reminder:
        chosen = ["done"]  # 林总 报价60万 下周二再聊: news of a deal from someone is something that happened
    fields = {**visit.model_dump(exclude={"out_of_view"}), **_customer_fields(facts.customer)}
    rec = ActivityRecord(**fields)
    if chosen and all(m == "planned" for m in chosen):
        plan = acts or clauses
        days = [d for _c, ds in plan for d in ds] or facts.dates
        day = next((d.ahead for d in days if d.ahead), None)  # the plan's day, read ahead
        if day is None and carried:
            day = ctx.carry_plan
        rec.status, rec.date = "planned", day if day is not None else visit.followup_date
        rec.followup_date, rec.next_step = None, None
        rec.kind = _plan_kind(" ".join(c for c, _days in plan))
        ctx.rule("activity.planned" + (":reminder" if reminder else ""))
    else:
        ctx.rule("activity.done" + ("+followup" if visit.followup_date else ""))
        if facts.day is None and unreadable_days(text, ctx.today, ctx.date_order):
            rec.date = None  # a day phrase the engine cannot read is never today: the bot asks
            ctx.note("date_unreadable")
            ctx.rule("activity.day_unreadable")
    ctx.add(rec)


def _plan_only(text: str, facts: LogFacts, ctx: Context) -> Visit | None:
    """计划下周拜访X: read_log took the day as a closing, but a verb governed by a plan word is a plan."""
    if facts.customer is None:
        return None
    folded = fold(text)
    moved = negated(folded) and RESCHEDULED.search(folded)  # 没去成华龙机械，改到周二
    if not is_activity(folded) or (tense(folded) != "planned" and not moved):
        return None
    ctx.rule("activity.plan_without_visit_slot")
    cust = facts.customer
    return Visit(customer=cust.name or cust.said, customer_id=cust.customer_id, candidates=cust.candidates or None,
                 summary=text.strip())


_AGAIN = re.compile(r"再|又|还要|回访|跟进|\b(?:again|follow[- ]?up|next step|next time)\b")


def _coming_day(folded: str, days: list, start: int, mark: str) -> str:
    """A neutral clause whose activity is set on a day still to come is a plan: 这周三去X (a day only
    ahead, before the verb); "Meeting with Acme on Thursday" (the day read ahead, no again/follow-up)."""
    if mark != "neutral":
        return mark
    verb = activity_verb(folded)
    if verb is None or _AGAIN.search(folded) or _REPORTED.search(folded):
        return mark  # "X wants a demo on Monday": they said so, to the rep: done, with its follow-up
    for d in days:
        at = d.span[0] - start
        if d.ahead and d.back is None and not d.vague and at < verb.start():
            return "planned"
        if verb.group(0).isascii() and d.ahead and d.ahead != d.back and not d.vague and at > verb.start():
            return "planned"
    return mark


def _carried(marks: list[str]) -> list[str]:
    """A neutral clause after a planned one is part of the plan (明天：去A，再去B / Tomorrow: visit A, call B)."""
    out, last = [], None
    for m in marks:
        out.append("planned" if m == "neutral" and last == "planned" else m)
        last = out[-1]
    return out


def _bare_name(text: str, facts: LogFacts) -> bool:
    """Only a customer's name (with particles): nothing to record."""
    s = facts.signals
    if s.get("kind") or s.get("contact") or s.get("stage") or s.get("money") or s.get("date") or not facts.customer:
        return False
    rest = fold(text).replace(fold(facts.customer.said), "")
    return len(rest.strip(" ，,。.!！?？~～:：的了呢吧啊呀哦嘛")) == 0


def _deal(text: str, facts: LogFacts, ctx: Context, full: str) -> None:
    upd = facts.deal
    if upd is None:
        return
    cust = facts.customer
    plan = next((r for r in ctx.reading.records if r.type == "activity" and r.status == "planned"
                 and r.customer_id == (cust.customer_id if cust else None)), None)
    if plan is not None and upd.stage is None and upd.amount is None and facts.rejected is None \
            and upd.close_date in (None, plan.date):
        ctx.rule("deal.plan_day_is_no_close")  # 计划周四去X做演示: the day is the plan's, not a closing
        return
    if plan is not None and upd.stage not in (None, "won", "lost"):
        upd = upd.model_copy(update={"stage": None})  # 提醒我明天发报价: the quote is still to send
        ctx.rule("deal.stage_of_a_plan_is_intended")
        if upd.amount is None and upd.close_date is None and facts.rejected is None:
            return
    if upd.stage == "lost" and negated(fold(text)) and _CANCEL.search(fold(text)):
        ctx.rule("deal.cancelled_visit_is_no_loss")  # 拜访取消了: the visit, not the deal
        return
    if upd.lost_reason and cust is not None and not fold(upd.lost_reason).replace(fold(cust.said), "").strip(" ,，.。!！"):
        upd = upd.model_copy(update={"lost_reason": None})  # "Lost Acme": no reason given
    if cust is not None and not cust.customer_id and (cust.candidates or cust.out_of_view):
        choice = DealChoice(rule="deal.customer_to_settle_first")  # 明德签了 with two 明德: ask which customer
    elif (cust is None or not cust.customer_id) and upd.stage == "lost" and ctx.directory.deals_known:
        choice = DealChoice(rule="deal.lost_not_open")  # no stored customer: no open deal to lose
    else:
        choice = choose_deal(text, cust.customer_id if cust else None, ctx.directory, upd.stage)
    ctx.rule(choice.rule)
    if choice.rule == "deal.lost_not_open":
        ctx.note("lost_not_open")
        return
    title = choice.deal.title if choice.deal is not None else (new_deal_title(text) if choice.new else None)
    rec = DealRecord(**{**upd.model_dump(exclude={"out_of_view", "amount_rejected"}), **_customer_fields(cust)},
                     deal_id=choice.deal_id, deal_candidates=choice.candidates, new=choice.new, title=title)
    rec.amount = sane_amount(rec.amount, ctx, rec)
    if rec.amount is None and facts.rejected is not None:
        sane_amount(facts.rejected.amount, ctx, rec)
    if rec.amount is None:
        rec.currency = None
    ctx.add(rec)
    if upd.stage == "won":
        _contract(full, facts, rec, choice.deal, ctx)


def _contract(text: str, facts: LogFacts, deal: DealRecord, stored, ctx: Context) -> None:
    """Won means signed: the contract, with the payment plan said."""
    rec = ContractRecord(**_customer_fields(facts.customer), deal_id=deal.deal_id)
    said = contract_amount(text)
    if said is not None:
        amount, currency, rule = said.amount, said.currency or ctx.currency, "contract.amount_said"
    elif deal.amount is not None:
        amount, currency, rule = deal.amount, deal.currency, "contract.amount_of_deal_update"
    elif stored is not None and stored.amount:
        amount, currency, rule = stored.amount, stored.currency, "contract.amount_of_stored_deal"
    else:
        amount, currency, rule = None, None, "contract.amount_unknown"
    rec.amount = sane_amount(amount, ctx, rec)
    rec.currency = currency if rec.amount is not None else None
    rec.signed_on = facts.day or ctx.today
    rec.installments = installments(text, rec.amount, rec.signed_on, ctx.today, ctx.date_order)
    ctx.rule("contract.won_means_signed")
    ctx.rule(rule)
    if rec.installments:
        ctx.rule(f"contract.installments:{len(rec.installments)}")
    ctx.add(rec)
    if ctx.paid_on_signing:
        _payment(ctx.paid_on_signing, facts, ctx, new_contract=True, of_amount=rec.amount)
