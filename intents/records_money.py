"""Deal, contract and payment records: the deal the message names, won means signed (with its
payment plan), and money received on the right contract."""

from __future__ import annotations

import re

from domain.types import (
    ContractRecord,
    DealRecord,
    PaymentRecord,
)
from intents.capture import LogFacts
from intents.clauses import (
    negated,
)
from intents.dates import find_dates
from intents.deal_choice import DealChoice, choose_contract, choose_deal, new_deal_title
from intents.installments import contract_amount, installments, is_first_part, share_of, terms_money
from intents.lexicon import STAGE_ORDER, STAGE_PATTERNS
from intents.lexicon_records import (
    INVOICE,
    SHARE,
    VAGUE_INTEREST,
    compile_words,
)
from intents.money import bare_amount, find_money, pick_amount
from intents.normalize import fold
from intents.record_context import Context, customer_fields, sane_amount

_CANCEL = re.compile(r"取消|cancel|called off")
_QUOTE_REVISED = re.compile(r"(?:报价|价格|金额|报的价)(?:已经?)?(?:更新|调整|调|改|变更|降|涨|提)(?:成|到|为)|"
                            r"\b(?:quote|price|pricing|proposal)\s+(?:is\s+|was\s+)?(?:updated|revised|changed|raised|lowered|now)\b|"
                            r"\b(?:revised|updated|new) (?:quote|price|pricing)\b")
_BACKWARD = re.compile(r"退回|回退|退到|倒退|降(?:回|到|级)|重新回到|打回|\b(?:back to|moved? back|went back|reverted?|downgrad\w*|step(?:ped)? back)\b")
_INTEREST = compile_words(VAGUE_INTEREST)


def payment_record(paid: list[str], facts: LogFacts, ctx: Context, new_contract: bool = False,
             of_amount: float | None = None, first_part: float | None = None) -> None:
    body = "，".join(paid)
    cust = facts.customer
    dates = find_dates(body, ctx.today, ctx.date_order)
    found = find_money(body, blocked=[d.span for d in dates])
    if new_contract:  # "签了 30万 分三期 首付已到账": the 30万 is the contract's, not the money received
        found = terms_money(body, found)
    money = pick_amount(body, found)
    rejected = next((m for m in found if not getattr(m, "plausible", True)), None)
    if money is None and rejected is None and not (new_contract and found != find_money(body, [d.span for d in dates])):
        money = bare_amount(body, [d.span for d in dates])  # 打款了 4000: beside money received, a number is its amount
        if money is not None:
            ctx.rule("payment.bare_number_is_amount")
    rec = PaymentRecord(**customer_fields(cust))
    rec.amount = sane_amount(money.amount if money else (rejected.amount if rejected else None), ctx, rec)
    rec.currency = (money.currency or ctx.currency) if money else None
    if rec.amount is None and of_amount is not None:  # "20% deposit received": a share of the contract signed
        part = next((p for m in SHARE.finditer(fold(body)) if (p := share_of(m)) is not None), None)
        if part is not None:
            rec.amount, rec.currency = round(of_amount * part, 2), facts.deal.currency if facts.deal else None
            rec.currency = rec.currency or (facts.money.currency if facts.money else None) or ctx.currency
    if rec.amount is None and first_part is not None and is_first_part(body):  # 分三期 首付已到账: the first part
        rec.amount = first_part
        rec.currency = (facts.deal.currency if facts.deal else None) or ctx.currency
        ctx.rule("payment.first_part_of_the_plan")
    # the day said in the payment's clauses, else a past day said elsewhere in its segment (上周五回款了，10.7万)
    rec.received_on = next((d.back for d in dates if d.back), None) \
        or next((d.back for d in facts.dates if d.back and not d.ahead and not d.vague), ctx.today)
    if new_contract:  # money on the contract this message signs: the bot links it to that one
        cid, candidates, rule = None, None, "payment.on_the_contract_just_signed"
    else:
        cid, candidates, rule = choose_contract(body, cust.customer_id if cust else None, ctx.directory)
    rec.contract_id, rec.contract_candidates = cid, candidates
    ctx.rule("payment.received")
    ctx.rule(rule)
    ctx.add(rec)


def deal_record(text: str, facts: LogFacts, ctx: Context, full: str) -> None:
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
    if upd.lost_reason:
        upd = upd.model_copy(update={"lost_reason": clean_reason(upd.lost_reason)})
    if cust is not None and not cust.customer_id and (cust.candidates or cust.out_of_view):
        choice = DealChoice(rule="deal.customer_to_settle_first")  # 明德签了 with two 明德: ask which customer
    elif (cust is None or not cust.customer_id) and upd.stage == "lost" and ctx.directory.deals_known:
        choice = DealChoice(rule="deal.lost_not_open")  # no stored customer: no open deal to lose
    else:
        choice = choose_deal(text, cust.customer_id if cust else None, ctx.directory, upd.stage)
    if choice.rule in ("deal.new_none_open", "deal.unknown_customer") and _interest_only(text, upd, facts):
        ctx.rule("deal.interest_is_no_new_deal")  # 王总很感兴趣 / budget approved, no open deal: nothing to update
        return
    if upd.stage is None and upd.close_date is None and _INVOICED.search(fold(full)):
        ctx.rule("deal.invoice_amount_is_no_deal")  # 发票开了，8.1万: the sum is the invoice's, no deal amount
        return
    if choice.rule in ("deal.new_none_open", "deal.unknown_customer") and upd.stage is None and upd.amount is None:
        ctx.rule("deal.day_alone_is_no_new_deal")  # "might have budget in Q1": a day alone opens no deal
        return
    ctx.rule(choice.rule)
    if choice.rule == "deal.lost_not_open":
        ctx.note("lost_not_open")
        return
    if _steps_back(upd.stage, choice, ctx, text):
        upd = upd.model_copy(update={"stage": None})  # 报价更新到72万 on a deal in negotiation: the amount only
        ctx.rule("deal.implied_stage_never_backwards")
        if upd.amount is None and upd.close_date is None and facts.rejected is None:
            return
    title = choice.deal.title if choice.deal is not None else \
        (new_deal_title(text, cust.said if cust else None) if choice.new else None)
    rec = DealRecord(**{**upd.model_dump(exclude={"out_of_view", "amount_rejected"}), **customer_fields(cust)},
                     deal_id=choice.deal_id, deal_candidates=choice.candidates, new=choice.new, title=title)
    rec.amount = sane_amount(rec.amount, ctx, rec)
    if rec.amount is None and facts.rejected is not None:
        sane_amount(facts.rejected.amount, ctx, rec)
    if rec.amount is None:
        rec.currency = None
    ctx.add(rec)
    if upd.stage == "won":
        _contract(full, facts, rec, choice.deal, ctx)


# the deal named before the reason ("the annual purchase, budget cut", "德信扩容项目，价格原因"): whole words only, an
# English noun from its first letter (no "e" left of "purchase"), a Chinese one after the words it ends
_REASON_DEAL_HEAD = re.compile(r"^(?:(?:the|our|their|this|that|a|an)\s+)?(?:[^\s,，]+\s+){0,3}?"
                               r"(?:(?:deal|project|renewal|opportunity|contract|order|bid|tender|purchase|subscription|"
                               r"licen[cs]e|lead|pilot|rollout|expansion|upgrade|po)s?\b|"
                               r"[^\s,，]*?(?:项目|单子|订单|这单|那单|采购|合同))"
                               r"\s*(?=(?:to|over|because|due|as|since)\b|[,，;；:：-])", re.IGNORECASE)
_REASON_LEAD = re.compile(r"^(?:[,，;；:：-]\s*)?(?:(?:to|over|because of|due to)\s+)?(?:(?:a|an|the)\s+)?", re.IGNORECASE)


def clean_reason(reason: str) -> str | None:
    """A loss reason as said, without the deal it names or its joining words ("the Silverline deal to a
    competitor, price" → "competitor, price"), spaces collapsed."""
    text = re.sub(r"\s+", " ", reason).strip()
    text = _REASON_DEAL_HEAD.sub("", text, count=1)
    text = _REASON_LEAD.sub("", text, count=1).strip(" ,，.。!！;；")
    return text or None


def _steps_back(stage: str | None, choice: DealChoice, ctx: Context, text: str) -> bool:
    """A stage implied by quote / budget / need words, on deals already past it, and no word of a
    move back (退回到需求确认 / back to qualified): the stage stays where it is."""
    folded = fold(text)
    if stage not in STAGE_ORDER or _BACKWARD.search(folded):
        return False
    implied = _QUOTE_REVISED.search(folded) or not any(p.search(_INTEREST.sub(" ", folded)) for p in STAGE_PATTERNS.values())
    if not implied:  # 报价60万已发 / 需求确认了: a stage said outright stands
        return False
    ids = [choice.deal_id] if choice.deal_id else (choice.candidates or [])
    deals = {d.id: d for ds in ctx.directory.deals.values() for d in ds}
    stored = [deals[i].stage for i in ids if i in deals]
    rank = STAGE_ORDER.index
    past = [s in STAGE_ORDER and rank(s) >= rank(stage) for s in stored]  # won/lost deals are not open
    return bool(stored) and all(past) and any(rank(s) > rank(stage) for s in stored)


_INVOICED = compile_words(INVOICE)


def _interest_only(text: str, upd, facts: LogFacts) -> bool:
    """The update says interest or a budget and nothing more (no amount, no stage word of its own)."""
    if upd.stage != "qualified" or upd.amount is not None or facts.rejected is not None:
        return False
    folded = fold(text)
    rest = _INTEREST.sub(" ", folded)
    return rest != folded and not any(p.search(rest) for p in STAGE_PATTERNS.values())


def _contract(text: str, facts: LogFacts, deal: DealRecord, stored, ctx: Context) -> None:
    """Won means signed: the contract, with the payment plan said."""
    rec = ContractRecord(**customer_fields(facts.customer), deal_id=deal.deal_id)
    said = contract_amount(text)
    currency: str | None
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
        first = rec.installments[0].amount if rec.installments else None
        payment_record(ctx.paid_on_signing, facts, ctx, new_contract=True, of_amount=rec.amount, first_part=first)
