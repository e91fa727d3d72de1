"""Which deal (or contract) a message means: by the words of its title, else the only open one,
else none (the bot asks among the candidates); a renewal or a second order is a new deal."""

from __future__ import annotations

import re
from dataclasses import dataclass

from intents.directory import ContractInfo, DealInfo, Directory, name_keys
from intents.lexicon_records import DEAL_TITLE_EN, NEW_DEAL, TITLE_TAILS, compile_words
from intents.normalize import fold

_NEW_DEAL = compile_words(NEW_DEAL)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class DealChoice:
    deal_id: str | None = None
    candidates: list[str] | None = None
    new: bool = False
    rule: str = ""
    deal: DealInfo | None = None


def title_words(title: str, customer_name: str, aliases: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """Words of a deal or contract title that name it, strongest first: the title without the
    customer's own name ("晨光设备采购" → 设备采购), without a generic tail (二期项目 → 二期), and
    the last two characters of a four-character core (服务续约 → 续约)."""
    t = fold(title).strip()
    for key in sorted(name_keys(customer_name, aliases), key=len, reverse=True):
        if t.startswith(key) and len(t) - len(key) >= 2:
            t = t[len(key):].strip()
            break
    out = [(t, 3)] if len(t) >= 2 else []
    core = t
    for tail in TITLE_TAILS:
        if core.endswith(tail) and len(core) - len(tail) >= 2:
            core = core[: -len(tail)]
            out.append((core, 2))
            break
    if len(core) == 4 and _CJK.fullmatch(core[-1]) and _CJK.fullmatch(core[-2]):
        out.append((core[-2:], 1))
    return out


def _title_hits(folded: str, items: list, name: str, aliases: tuple[str, ...]) -> list:
    """The items whose title the message names, by the strongest word any of them matches."""
    best, hits = 0, []
    for item in items:
        score = 0
        for word, strength in title_words(item.title, name, aliases):
            if word in folded:
                score = max(score, strength)
        title = fold(item.title)
        for en, zh in DEAL_TITLE_EN.items():
            if re.search(rf"(?<![a-z]){re.escape(en)}(?![a-z])", folded) and any(z in title for z in zh):
                score = max(score, 2)
        if score > best:
            best, hits = score, [item]
        elif score == best and score:
            hits.append(item)
    return hits


def choose_deal(text: str, customer_id: str | None, directory: Directory, stage: str | None) -> DealChoice:
    """The deal a deal update goes to (CONTRACT.md "Which deal")."""
    folded = fold(text)
    if not directory.deals_known:
        return DealChoice(rule="deal.no_deal_data")
    if customer_id is None or customer_id not in directory.customers:
        return DealChoice(new=stage != "lost", rule="deal.unknown_customer")
    c = directory.customers[customer_id]
    open_deals = directory.open_deals(customer_id)
    named = _title_hits(folded, open_deals, c.name, c.aliases)
    if len(named) == 1:
        return DealChoice(deal_id=named[0].id, rule="deal.by_title", deal=named[0])
    if len(named) > 1:
        return DealChoice(candidates=[d.id for d in named], rule="deal.ask_among_titled")
    if _NEW_DEAL.search(folded) and stage != "lost":
        return DealChoice(new=True, rule="deal.new_by_word")
    if len(open_deals) == 1:
        return DealChoice(deal_id=open_deals[0].id, rule="deal.only_open", deal=open_deals[0])
    if open_deals:
        return DealChoice(candidates=[d.id for d in open_deals], rule="deal.ask_among_open")
    if stage == "lost":
        return DealChoice(rule="deal.lost_not_open")
    return DealChoice(new=True, rule="deal.new_none_open")


def choose_contract(text: str, customer_id: str | None, directory: Directory) -> tuple[str | None, list[str] | None, str]:
    """(contract id, candidates, rule) for money received: the contract named, else the only one owed."""
    if customer_id is None or customer_id not in directory.customers:
        return None, None, "payment.unknown_customer"
    c = directory.customers[customer_id]
    owed = directory.owed_contracts(customer_id)
    named: list[ContractInfo] = _title_hits(fold(text), owed, c.name, c.aliases)
    if len(named) == 1:
        return named[0].id, None, "payment.contract_by_title"
    if len(owed) == 1:
        return owed[0].id, None, "payment.only_owed_contract"
    pool = named or owed
    return None, ([k.id for k in pool] or None), "payment.ask_contract" if pool else "payment.no_contract_owed"


_GENERIC_NEW = re.compile(r"新机会|新商机|新项目|新需求|new opportunity|new deal|new project")
_TITLE_STOP = re.compile(r"[，,。.;；!！?？:：\s]|了|的|启动|开始|进入|推进|需要|要|也|又|预计|大概|约|金额|预算|报价|签|下月|明年|今年|about|around|expected|for|at|to|close")
# who the deal is with, said after the new-deal words (new deal w/ Acme:, new project for Acme -, 新项目 跟同舟：):
# never part of the title
_WITH_EN = re.compile(r"\s*(?:w/|with\b|for\b|at\b|from\b|of\b|@)\s*")
_WITH_ZH = re.compile(r"\s*(?:跟|和|与|同)?\s*")
_TITLE_SEP = re.compile(r"\s*(?:的)?\s*[:：,，\-–—]?\s*")
_NAMING_SEP = re.compile(r"\s*(?:[:：]|\s[\-–—])\s*")
_EN_TITLE_WORD = re.compile(r"\s*(?!(?:about|around|for|at|to|with|w|expected|close|closing|worth|of|in|by|on|per|est|"
                            r"estimated|budget|amount|value|deal)\b)([a-z][a-z0-9-]*|[0-9]+(?=\s+[a-z]))(?![/a-z0-9'’])")


def new_deal_title(text: str, customer: str | None = None) -> str | None:
    """What a new deal is called in the message: the renewal / second-order / new-project words and
    the noun right after them (第二批订单, 二期项目, phase 2 rollout), as written. Words that only say a deal is
    new (new deal, 新项目) give way to the words naming it after the customer it is with ("new deal w/ Acme:
    support contract" is "support contract"); the customer (`customer`, as written) and "w/" are never title words."""
    folded = fold(text)
    found = list(_NEW_DEAL.finditer(folded))
    if not found:
        return None
    m = next((x for x in found if not _GENERIC_NEW.fullmatch(x.group(0))), found[0])
    start, end = m.start(), m.end()
    named = _after_customer(folded, end, fold(customer) if customer else None)
    if _GENERIC_NEW.fullmatch(m.group(0)) and named is not None:
        words = _title_words(folded, named)
        if words > named:
            return text[named:words].strip(" :：,，-") or None
    if named is None:  # no customer or colon after the words: the noun right after them
        end = _title_words(folded, end, 2)
    return text[start:end].strip() or None


def _after_customer(folded: str, pos: int, customer: str | None) -> int | None:
    """Where the words after `pos` go on past who the deal is with (w/ Acme:, 跟同舟的) or a colon: None when
    neither is said there (a linking word alone is no customer)."""
    link = (_WITH_EN if folded[pos - 1:pos].isascii() else _WITH_ZH).match(folded, pos)
    for at in (len(folded) - len(folded[pos:].lstrip()), link.end() if link else pos):
        if customer and folded.startswith(customer, at):  # (同舟 may start with 同 "with")
            sep = _TITLE_SEP.match(folded, at + len(customer))
            return sep.end() if sep else at + len(customer)
    said = _NAMING_SEP.match(folded, pos)
    return said.end() if said else None  # "new deal: support contract": the words after the colon


def _title_words(folded: str, pos: int, most: int = 4) -> int:
    """The end of the title words from `pos`: up to `most` English words (no linking word, amount or "w/"), or
    up to six Chinese characters before a stop (ten for the words naming a new deal after its customer)."""
    end = pos
    if re.match(r"\s*[a-z]", folded[pos:]):
        for _ in range(most):
            w = _EN_TITLE_WORD.match(folded, end)
            if not w:
                break
            end = w.end()
        return end
    while end < len(folded) and end - pos < 6 + (most > 2) * 4 and _CJK.match(folded[end]) and not _TITLE_STOP.match(folded, end):
        end += 1
    return end
