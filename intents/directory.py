"""Customer and contact index: finds which customer a message names, and whom the rep met.

Built from plain records (no database here). Keys are full names, aliases, names without the
city and legal form ("远航电子"), brands ("远航"), their prefixes ("众诚医疗") and pinyin of the
longer keys; a message is scanned against a dict of keys, so cost does not grow with the number
of customers. Light typos go through a bigram index + rapidfuzz with a margin over the runner-up.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

from intents.lexicon import CITY_WORDS, INDUSTRY_WORDS, NAME_CUT_WORDS
from intents.mentions import COMPOUND_SURNAMES, SURNAMES, person_mentions
from intents.normalize import fold
from intents.romanized import pinyin_words, romanized_spans

CITIES = CITY_WORDS
_CITY_RE = re.compile(r"^(" + "|".join(sorted(CITIES, key=len, reverse=True)) + r")[市省]?")
LEGAL_SUFFIX = re.compile(
    r"(集团股份有限公司|股份有限公司|集团有限公司|有限责任公司|有限公司|集团公司|集团|股份公司|公司|"
    r"[ ,]+(?:co\.?,? )?(?:ltd\.?|limited|inc\.?|llc|corp\.?|corporation|gmbh|plc|co\.?|group|holdings))+$")
INDUSTRY = INDUSTRY_WORDS
_EN_GENERIC = {"the", "global", "international", "china", "group", "systems", "software", "technologies",
               "technology", "tech", "solutions", "services", "logistics", "industries", "trading", "company"}
FULL, PREFIX, SHORT = 3, 2, 1
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class CustomerRecord:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    owner_id: str | None = None


@dataclass(frozen=True)
class ContactRecord:
    id: str
    customer_id: str
    name: str
    title: str | None = None


@dataclass(frozen=True)
class DealInfo:
    """An open deal of a customer (what a deal update can go to)."""

    id: str
    customer_id: str
    title: str = ""
    stage: str = "lead"
    amount: float = 0.0
    currency: str = "CNY"
    owner_id: str | None = None


@dataclass(frozen=True)
class ContractInfo:
    """A contract of a customer with what is still owed on it (amount − payments received)."""

    id: str
    customer_id: str
    deal_id: str | None = None
    title: str = ""
    amount: float = 0.0
    currency: str = "CNY"
    owed: float = 0.0


@dataclass
class CustomerMatch:
    """The customer a message names: resolved (`customer_id`), ambiguous (`candidates`) or unknown."""

    span: tuple[int, int]
    said: str
    customer_id: str | None = None
    name: str | None = None
    candidates: list[str] = field(default_factory=list)
    contact: ContactRecord | None = None  # the contact that settled it, if one did
    out_of_view: bool = False  # the name fits only customers the speaker may not see


_WORD_NAMES = {"will", "may", "mark", "bill", "grace", "hope", "joy", "chase", "rose", "faith", "august", "june", "april",
               "max", "sue", "rich", "frank", "art", "dawn", "summer", "page", "lane", "young", "long", "king", "wood"}


_SAID = r"(?:said|says|told|asked|wants|mentioned|confirmed|agreed|replied|called|emailed)\b"


def _by_first_name(text: str, people: list[ContactRecord]) -> list[tuple[int, ContactRecord]]:
    """(position, contact) for a capitalised Latin first name in `text` that one contact alone has."""
    firsts: dict[str, list[ContactRecord]] = {}
    for p in people:
        parts = p.name.split()
        if len(parts) >= 2 and parts[0].isascii() and parts[0].isalpha() and len(parts[0]) >= 3 \
                and parts[0].lower() not in _WORD_NAMES:
            firsts.setdefault(parts[0].capitalize(), []).append(p)
    out = []
    for first, owners in firsts.items():
        m = re.search(rf"\b{first}\b", text) or re.search(rf"\b{first.lower()}\b(?=\s+{_SAID})", text)
        if m and len(owners) == 1:  # "david said …" typed in lower case is still the one David
            out.append((m.start(), owners[0]))
    return out


def _core(name: str) -> str:
    """The name without city and legal form: 南京远航电子有限公司 → 远航电子 (`name` folded)."""
    n = LEGAL_SUFFIX.sub("", name.strip())
    n2 = _CITY_RE.sub("", n)
    return n2 if len(n2) >= 2 and not _ONLY_INDUSTRY.fullmatch(n2) else n  # 朝阳科技: 朝阳 is the brand


_INDUSTRY_END = re.compile("(?:" + "|".join(INDUSTRY) + ")$")
_ONLY_INDUSTRY = re.compile("(?:" + "|".join(INDUSTRY) + ")+")


def _brand(core: str) -> str | None:
    b = core
    while True:
        m = _INDUSTRY_END.search(b)
        if not m or m.start() < 2:
            break
        b = b[: m.start()]
    if b != core:
        return b
    return core[:2] if len(core) >= 4 and _CJK.match(core[:2]) and _CJK.match(core[1]) else None


def name_keys(name: str, aliases: Iterable[str] = ()) -> dict[str, int]:
    """Every key a customer can be called by, with its strength (FULL, PREFIX or SHORT)."""
    keys: dict[str, int] = {}

    def put(k: str, rank: int) -> None:
        k = k.strip()
        if len(k) >= 2 and (_CJK.search(k) or len(k) >= 3):
            keys[k] = max(rank, keys.get(k, 0))

    for n in (name, *aliases):
        f = fold(n).strip()
        put(f, FULL)
        core = _core(f)
        put(LEGAL_SUFFIX.sub("", f), FULL)
        put(core, FULL)
        if _CJK.search(core):
            brand = _brand(core)
            if brand:
                put(brand, SHORT)
                city = _CITY_RE.match(LEGAL_SUFFIX.sub("", f))
                if city:
                    put(city.group(1) + brand, PREFIX)
                for k in range(len(brand) + 1, len(core)):
                    put(core[:k], PREFIX)
        else:
            first = core.split()[0] if core.split() else ""
            if first not in _EN_GENERIC and first != core:
                put(first, SHORT)
    return keys


def full_name(name: str) -> bool:
    """A contact name specific enough to stand for its customer: 2+ CJK chars with a known
    surname, or a Latin first + last name."""
    if _CJK.match(name):
        return len(name) >= 2 and (name[0] in SURNAMES or name[:2] in COMPOUND_SURNAMES)
    return len(name.split()) >= 2


def _word_bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] does not cut a Latin word."""
    left = start == 0 or not (text[start - 1].isascii() and text[start - 1].isalnum())
    right = end >= len(text) or not (text[end].isascii() and text[end].isalnum())
    return left and right


@lru_cache(maxsize=65536)
def _syllable(ch: str) -> str:
    return lazy_pinyin(ch)[0] if _CJK.match(ch) else ch


def _pinyin(text: str) -> str:
    """Toneless pinyin, char by char (cached), so homophone typos meet the same key."""
    return "".join(map(_syllable, text))


class Directory:
    """Customers and contacts, indexed for message matching."""

    def __init__(self, customers: Iterable[CustomerRecord], contacts: Iterable[ContactRecord] = (),
                 colleagues: Iterable[str] = (), deals: Iterable[DealInfo] | None = None,
                 contracts: Iterable[ContractInfo] = (), views: dict[str, frozenset[str] | None] | None = None):
        """`deals`: open deals (None: not known, so no deal is chosen); `contracts`: contracts with what
        is owed; `views`: per user, the owners whose customers they may see (None: all), besides the
        public pool; no `views`: no limits."""
        self.customers: dict[str, CustomerRecord] = {}
        self.deals_known = deals is not None
        self.deals: dict[str, list[DealInfo]] = defaultdict(list)
        for d in deals or ():
            self.deals[d.customer_id].append(d)
        self.contracts: dict[str, list[ContractInfo]] = defaultdict(list)
        for contract in contracts:
            self.contracts[contract.customer_id].append(contract)
        self.views = views or {}
        self._last_scan: tuple[str, list] | None = None
        self.keys: dict[str, dict[str, int]] = defaultdict(dict)
        self._pinyin: dict[str, set[str]] | None = None
        self._brand_pinyin: dict[str, set[str]] | None = None
        self._bigrams: dict[str, set[int]] | None = None
        self.fuzzy_names: list[tuple[str, str]] = []  # (customer id, core of its name or an alias)
        keys = self.keys
        for c in customers:
            self.customers[c.id] = c
            for k, rank in name_keys(c.name, c.aliases).items():
                ids = keys[k]
                if ids.get(c.id, 0) < rank:
                    ids[c.id] = rank
            for core in dict.fromkeys(_core(fold(n)) for n in (c.name, *c.aliases)):
                if len(core) >= 2:
                    self.fuzzy_names.append((c.id, core))
        self.max_key = max((len(k) for k in self.keys), default=0)
        by_first: dict[str, set[int]] = defaultdict(set)
        for k in self.keys:
            by_first[k[0]].add(len(k))
        self.key_lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in by_first.items()}
        self.contacts: dict[str, list[ContactRecord]] = defaultdict(list)
        self.contact_names: dict[str, list[ContactRecord]] = defaultdict(list)
        for p in contacts:
            self.contacts[p.customer_id].append(p)
            if p.name and len(p.name.strip()) >= 2:
                self.contact_names[fold(p.name).strip()].append(p)
        self.max_contact = max((len(k) for k in self.contact_names), default=0)
        self.colleagues = {fold(n).strip() for n in colleagues if n and n.strip()}  # our own people: never contacts

    def __len__(self) -> int:
        return len(self.customers)

    @property
    def pinyin(self) -> dict[str, set[str]]:
        """Pinyin of the longer Chinese keys → customer ids (built on first use)."""
        if self._pinyin is None:
            index: dict[str, set[str]] = defaultdict(set)
            for k, ids in self.keys.items():
                if len(k) >= 3 and _CJK.search(k):
                    strong = [c for c, rank in ids.items() if rank >= PREFIX]
                    if strong:
                        index[_pinyin(k)].update(strong)
            self._pinyin = index
        return self._pinyin

    @property
    def brand_pinyin(self) -> dict[str, set[str]]:
        """Pinyin of the two-character Chinese short forms (凯达 → kaida) → customer ids."""
        if self._brand_pinyin is None:
            index: dict[str, set[str]] = defaultdict(set)
            for k, ids in self.keys.items():
                if len(k) == 2 and _CJK.fullmatch(k[0]) and _CJK.fullmatch(k[1]):
                    index[_pinyin(k)].update(ids)
            self._brand_pinyin = index
        return self._brand_pinyin

    @property
    def bigrams(self) -> dict[str, set[int]]:
        """Character bigrams of the core names → positions in `fuzzy_names` (built on first use)."""
        if self._bigrams is None:
            index: dict[str, set[int]] = defaultdict(set)
            for k, (_cid, core) in enumerate(self.fuzzy_names):
                for i in range(len(core) - 1):
                    index[core[i:i + 2]].add(k)
            self._bigrams = index
        return self._bigrams

    # ---------- customers ----------

    def _scan(self, folded: str, text: str) -> list[tuple[int, int, dict[str, int]]]:
        """Leftmost-longest key matches (word boundaries kept for Latin keys; a Latin short form
        made up from a name, not given as an alias, must be written capitalised); the last text's
        matches are kept (one message is scanned by several readers)."""
        last = self._last_scan
        if last is not None and last[0] == text:
            return last[1]
        out = self._scan_keys(folded, text)
        self._last_scan = (text, out)
        return out

    def _scan_keys(self, folded: str, text: str) -> list[tuple[int, int, dict[str, int]]]:
        out = []
        i, n = 0, len(folded)
        while i < n:
            hit = None
            lengths = self.key_lengths.get(folded[i])
            if lengths and (folded[i].isalnum() or _CJK.match(folded[i])):
                for length in lengths:  # only the lengths some key starting with this character has
                    j = i + length
                    if j > n:
                        continue
                    ids = self.keys.get(folded[i:j])
                    if ids is None:
                        continue
                    if folded[i].isascii() and ((i > 0 and folded[i - 1].isascii() and folded[i - 1].isalnum())
                                               or (j < n and folded[j].isascii() and folded[j].isalnum())):
                        continue
                    if folded[i].isascii() and text[i].islower() and max(ids.values()) == SHORT:
                        continue
                    if max(ids.values()) < FULL and folded[j - 1:j + 1] in NAME_CUT_WORDS:
                        continue  # 万泰电话: the key would cut 电话 in half; a shorter key reads 万泰
                    hit = (i, j, ids)
                    break
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out

    # ---------- who may see what ----------

    def view(self, speaker_id: str | None) -> frozenset[str] | None:
        """The owners whose customers `speaker_id` may see besides the pool (None: everyone)."""
        if not self.views or speaker_id is None:
            return None
        return self.views.get(speaker_id, frozenset())

    def may_see(self, customer_id: str, speaker_id: str | None) -> bool:
        view = self.view(speaker_id)
        c = self.customers.get(customer_id)
        return c is not None and (view is None or c.owner_id is None or c.owner_id in view)

    def open_deals(self, customer_id: str) -> list[DealInfo]:
        return list(self.deals.get(customer_id, ()))

    def owed_contracts(self, customer_id: str) -> list[ContractInfo]:
        return [k for k in self.contracts.get(customer_id, ()) if k.owed > 0.005]

    def _visible_hits(self, hits, speaker_id):
        view = self.view(speaker_id)
        if view is None:
            return hits, []
        seen, hidden = [], []
        for start, end, ids in hits:
            kept = {i: r for i, r in ids.items()
                    if self.customers[i].owner_id is None or self.customers[i].owner_id in view}
            (seen if kept else hidden).append((start, end, kept or ids))
        return seen, hidden

    def find_customer(self, text: str, speaker_id: str | None = None) -> CustomerMatch | None:
        """The customer named in `text`: the strongest key among the customers the speaker may see,
        their own first; a name that fits only customers out of their view is `out_of_view`."""
        folded = fold(text)
        hits = self._scan(folded, text)
        if not hits:
            hits = self._sound_alike(folded) or self._romanized(folded, text) or self._fuzzy(folded)
        if not hits:
            return None
        seen, hidden = self._visible_hits(hits, speaker_id)
        if not seen:
            start, end, _ids = max(hidden, key=lambda h: (max(h[2].values()), h[1] - h[0], -h[0]))
            return CustomerMatch(span=(start, end), said=text[start:end], out_of_view=True)
        start, end, ids = max(seen, key=lambda h: (max(h[2].values()), h[1] - h[0], -h[0]))
        if self._someone_elses(folded, start, end, hits, ids):
            return CustomerMatch(span=(start, end), said=text[start:end], out_of_view=True)
        return self._resolve(folded, text, start, end, ids, speaker_id)

    def _someone_elses(self, folded: str, start: int, end: int, hits, ids: dict[str, int]) -> bool:
        """东莞天瑞的林总 with 天瑞 in view and 天瑞医疗器械 (where 林总 works) out of it: the person said
        settles the reading out of view, so the one in view is no guess to make."""
        every: dict[str, int] = next((h[2] for h in hits if h[0] == start and h[1] == end), {})
        dropped = sorted(set(every) - set(ids))
        return bool(dropped) and self._settle_by_contact(folded, dropped) is not None \
            and self._settle_by_contact(folded, sorted(ids)) is None

    def find_customers(self, text: str, speaker_id: str | None = None) -> list[CustomerMatch]:
        """Every customer named in `text`, left to right, one match per name written (round-ups)."""
        folded = fold(text)
        hits = self._scan(folded, text)
        seen, hidden = self._visible_hits(hits, speaker_id)
        out = [self._resolve(folded, text, s, e, ids, speaker_id) for s, e, ids in seen]
        out += [CustomerMatch(span=(s, e), said=text[s:e], out_of_view=True) for s, e, _ids in hidden]
        return sorted(out, key=lambda m: m.span)

    def _resolve(self, folded: str, text: str, start: int, end: int, ids: dict[str, int],
                 speaker_id: str | None) -> CustomerMatch:
        said = text[start:end]
        if len(ids) > 1 and len(ids) <= 20:  # a stored contact named in full picks among every reading
            named = {p.customer_id: p for p in self.find_contacts(folded, list(ids)) if full_name(fold(p.name).strip())}
            if len(named) == 1:
                p = next(iter(named.values()))
                return CustomerMatch(span=(start, end), said=said, customer_id=p.customer_id,
                                     name=self.customers[p.customer_id].name, contact=p)
        best = max(ids.values())
        pool = sorted(i for i, r in ids.items() if r == best)
        if best == FULL and len(pool) < len(ids) and self._alias_only(folded[start:end], pool):
            pool = sorted(ids)  # 恒晟: an alias of some, the short form of others' names: every one fits
        own = [i for i in pool if self.customers[i].owner_id == speaker_id] if speaker_id else []
        pool = own or pool
        if len(pool) == 1:
            cid = pool[0]
            return CustomerMatch(span=(start, end), said=said, customer_id=cid, name=self.customers[cid].name)
        settled = self._settle_by_contact(folded, pool)
        if settled:
            cid = settled.customer_id
            return CustomerMatch(span=(start, end), said=said, customer_id=cid, name=self.customers[cid].name,
                                 contact=settled)
        return CustomerMatch(span=(start, end), said=said, candidates=pool)

    def _alias_only(self, key: str, ids: list[str]) -> bool:
        """`key` is a full key of these customers only through an alias (none is called so by name)."""
        return not any(name_keys(self.customers[i].name).get(key.strip()) == FULL for i in ids)

    def customer_by_contact(self, text: str, speaker_id: str | None = None) -> CustomerMatch | None:
        """When no customer is named: the one customer whose stored contact is named in full
        (the speaker's own customers first)."""
        folded = fold(text)
        people = [p for p in self.find_contacts(folded) if full_name(fold(p.name).strip())
                  and self.may_see(p.customer_id, speaker_id)]
        if not people:
            return None
        return self._contact_match(text, folded, people, speaker_id)

    def customer_by_first_name(self, text: str, speaker_id: str | None) -> CustomerMatch | None:
        """"call Grace": the one contact of the speaker's own customers with that Latin first name."""
        own = [p for cid, c in self.customers.items() if c.owner_id == speaker_id and speaker_id
               for p in self.contacts.get(cid, ())]
        firsts: dict[str, list[ContactRecord]] = {}
        for p in own:
            parts = p.name.split()
            if len(parts) >= 2 and parts[0].isascii() and parts[0].isalpha() and len(parts[0]) >= 3:
                firsts.setdefault(parts[0].capitalize(), []).append(p)
        # a first name that is also a word (Grace, Will) counts only capitalised and not first in the text
        hits = [(m.start(), owners[0]) for first, owners in firsts.items() if len(owners) == 1
                for m in [re.search(rf"(?<=\S\s)\b{first}\b" if first.lower() in _WORD_NAMES else rf"\b{first}\b", text)]
                if m]
        if len(hits) != 1:
            return None
        at, p = hits[0]
        c = self.customers[p.customer_id]
        first = p.name.split()[0]
        return CustomerMatch(span=(at, at + len(first)), said=text[at:at + len(first)], customer_id=c.id, name=c.name,
                             contact=p)

    def _contact_match(self, text: str, folded: str, people: list[ContactRecord],
                       speaker_id: str | None) -> CustomerMatch | None:
        own = [p for p in people if self.customers.get(p.customer_id) and self.customers[p.customer_id].owner_id == speaker_id]
        chosen = own or people
        if len({p.customer_id for p in chosen}) != 1 or chosen[0].customer_id not in self.customers:
            return None
        p = chosen[0]
        at = folded.find(fold(p.name).strip())
        c = self.customers[p.customer_id]
        return CustomerMatch(span=(at, at + len(p.name.strip())), said=text[at:at + len(p.name.strip())],
                             customer_id=c.id, name=c.name, contact=p)

    def _settle_by_contact(self, folded: str, pool: list[str]) -> ContactRecord | None:
        """The one stored contact (by name, or by surname + title: 唐厂长) that picks one of `pool`."""
        found = {p.customer_id: p for p in self.find_contacts(folded, pool)}
        if not found:
            for person in person_mentions(folded):
                if person.surname:
                    for cid in pool:
                        same = [c for c in self.contacts.get(cid, ()) if c.name.startswith(person.surname)]
                        if len(same) == 1:
                            found.setdefault(cid, same[0])
        return next(iter(found.values())) if len(found) == 1 else None

    def _sound_alike(self, folded: str) -> list[tuple[int, int, dict[str, int]]]:
        """Keys written with homophones (明得食品 for 明德食品)."""
        out = []
        for run in re.finditer(r"[\u4e00-\u9fff]{3,}", folded):
            chars = run.group(0)
            syll = [_syllable(ch) for ch in chars]
            for i in range(len(chars)):
                for j in range(min(len(chars), i + 10), i + 2, -1):
                    ids = self.pinyin.get("".join(syll[i:j]))
                    if ids:
                        out.append((run.start() + i, run.start() + j, {c: PREFIX for c in ids}))
                        break
        return out

    def _romanized(self, folded: str, text: str = "") -> list[tuple[int, int, dict[str, int]]]:
        """Chinese names spelt in Latin letters (nanshan training → 南山培训; Kaida → 凯达, when
        exactly one customer's short form sounds so)."""
        out: list[tuple[int, int, dict[str, int]]] = []
        for start, end, spelt in romanized_spans(folded):
            ids = self.pinyin.get(spelt)
            if ids and not any(start < e and s < end for s, e, _ in out):
                out.append((start, end, {c: PREFIX for c in ids}))
        if not out and text:
            for start, end, word in pinyin_words(folded, text):
                ids = self.brand_pinyin.get(word)
                if ids and len(ids) == 1:
                    out.append((start, end, {c: SHORT for c in ids}))
        return out

    def _fuzzy(self, folded: str, min_score: float = 80.0, margin: float = 8.0) -> list[tuple[int, int, dict[str, int]]]:
        """A light typo: candidates share rare bigrams with the text; rapidfuzz decides, with a margin."""
        grams = {folded[i:i + 2] for i in range(len(folded) - 1)}
        votes: Counter[int] = Counter()
        for g in grams:
            names = self.bigrams.get(g)
            if names and len(names) <= 300:
                votes.update(names)
        best: dict[str, tuple[float, str, int, int]] = {}
        for k, v in votes.most_common(50):
            cid, core = self.fuzzy_names[k]
            if v < max(2, (min(len(core), len(folded)) - 1) // 2):
                continue
            al = fuzz.partial_ratio_alignment(core, folded)
            if al is None or (core.isascii() and not _word_bounded(folded, al.dest_start, al.dest_end)):
                continue
            if cid not in best or al.score > best[cid][0]:
                best[cid] = (al.score, cid, al.dest_start, al.dest_end)
        scored = list(best.values())
        if not scored:
            return []
        scored.sort(reverse=True)
        top = scored[0]
        runner = next((s for s in scored[1:] if s[1] != top[1]), None)
        if top[0] < min_score or (runner and top[0] - runner[0] < margin):
            return []
        return [(top[2], top[3], {top[1]: PREFIX})]

    # ---------- contacts ----------

    def find_contacts(self, text: str, customer_ids: Iterable[str] | None = None) -> list[ContactRecord]:
        """Stored contacts named in `text` (of those customers, or of anyone), left to right."""
        folded = fold(text)
        allowed = set(customer_ids) if customer_ids is not None else None
        out: list[tuple[int, ContactRecord]] = []  # (position, contact)
        if allowed is not None and len(allowed) <= 20:
            for cid in allowed:
                for p in self.contacts.get(cid, ()):
                    pos = folded.find(fold(p.name).strip()) if p.name else -1
                    if pos >= 0 and len(p.name.strip()) >= 2:
                        out.append((pos, p))
            if not out:  # "Anna said …": a capitalised first name only one of those contacts has
                out = _by_first_name(text, [p for cid in allowed for p in self.contacts.get(cid, ())])
            return [p for _, p in sorted(out, key=lambda t: t[0])]
        i, n = 0, len(folded)
        hits: list[ContactRecord] = []
        while i < n:
            for j in range(min(n, i + self.max_contact), i + 1, -1):
                people = self.contact_names.get(folded[i:j])
                if people:
                    hits.extend(p for p in people if allowed is None or p.customer_id in allowed)
                    i = j - 1
                    break
            i += 1
        return hits

    def resolve_contact(self, written: str, customer_id: str) -> ContactRecord | None:
        """The stored contact of that customer meant by `written`: by name, or the only one with
        the surname of 张总 / 王经理."""
        stored = self.find_contacts(written, [customer_id])
        if stored:
            return stored[0]
        for person in person_mentions(written):
            if person.surname:
                same = [c for c in self.contacts.get(customer_id, ()) if c.name.startswith(person.surname)]
                return same[0] if len(same) == 1 else None
        word = written.strip().lower()
        if re.fullmatch(r"[a-z][a-z'-]+", word):  # "Mary" for Mary Walker
            same = [c for c in self.contacts.get(customer_id, ()) if c.name.lower().split()[:1] == [word]]
            return same[0] if len(same) == 1 else None
        return None

    def contacts_of(self, customer_id: str) -> list[ContactRecord]:
        return list(self.contacts.get(customer_id, ()))
