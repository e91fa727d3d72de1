"""Ranked matchers that decide what a message is: a command, chit-chat, a question or a log.

Each matcher looks at the message and either returns a typed `ParseResult` or passes; they run
in rank order (commands, edits, chit-chat, questions, logs), so a question is `query` even when
it says 拜访, and help/undo/cancel are commands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from domain.types import Command, ParseResult
from intents.capture import LogFacts, read_log
from intents.command_phrases import COMMAND_PHRASES
from intents.contact_details import has_contact_details
from intents.directory import Directory
from intents.edits import edit_form, parse_edit
from intents.lexicon import CHITCHAT, COMMANDS, METRIC_WORDS, QUESTION_MARK
from intents.normalize import fold
from intents.question_declines import corrected, request_decline
from intents.question_lists import CLOSING_DEALS, CONTRACTS_OVERDUE
from intents.question_shapes import asks_shaped_measure
from intents.question_words import METRIC_PATTERNS, OWN_NUMBERS, QUESTION_FORM
from intents.record_context import Context, Reading
from intents.records import read_records


@dataclass
class Message:
    """A message under reading, with the log facts computed once on demand."""

    text: str
    folded: str
    speaker_id: str | None
    today: date
    directory: Directory
    currency: str
    date_order: str = "mdy"
    clock: time | None = None  # the local time the message was sent at, when known
    _facts: LogFacts | None = None

    @property
    def facts(self) -> LogFacts:
        if self._facts is None:
            self._facts = read_log(self.text, self.speaker_id, self.today, self.directory, self.currency,
                                   self.date_order, self.clock)
        return self._facts


Matcher = Callable[[Message], "ParseResult | None"]
MATCHERS: list[tuple[int, str, Matcher]] = []


def matcher(rank: int, name: str) -> Callable[[Matcher], Matcher]:
    """Register a matcher; lower ranks run first."""
    def register(fn: Matcher) -> Matcher:
        MATCHERS.append((rank, name, fn))
        MATCHERS.sort(key=lambda t: t[0])
        return fn
    return register


@matcher(10, "command")
def _command(msg: Message) -> ParseResult | None:
    for name, pattern in (*COMMAND_PHRASES, *COMMANDS):
        m = pattern.search(msg.folded)
        if m:
            if name == "followups" and msg.facts.customer is not None:
                continue
            arg = msg.text[m.start(2):m.end(2)].strip() if name in ("claim", "release") and m.lastindex and m.lastindex >= 2 else None
            # 今天要跟进谁 / my follow-ups is a question (a list); the chat still answers it as the follow-ups command
            intent = "query" if name == "followups" else "command"
            return ParseResult(intent=intent, command=Command(name=name, argument=arg or None))
    return None


@matcher(20, "edit")
def _edit(msg: Message) -> ParseResult | None:
    """"金额改成65万", "it was a call", "不是X，是Y", "contact should be X" are edits of the last record; a
    message that names a customer besides ("the meeting was on Wednesday with Acme") is a log, and a
    bare or loose form ("amount 650k", "是昨天") is an edit only when its value resolves."""
    form = edit_form(msg.text)
    if form is None or (form in ("bare", "value") and _INTERROGATIVE.search(msg.folded)):
        return None  # "这周谁没有跟进": a question, never an edit of the last record
    req = parse_edit(msg.text, speaker_id=msg.speaker_id, now=msg.today, directory=msg.directory,
                     currency=msg.currency)
    if req is None and (form in ("bare", "value") or msg.facts.customer):
        return None
    if req is not None and msg.facts.customer and req.field not in ("customer", "contact"):
        return None
    return ParseResult(intent="command", command=Command(name="edit", argument=msg.text.strip()))


@matcher(30, "chitchat")
def _chitchat(msg: Message) -> ParseResult | None:
    if CHITCHAT.match(msg.folded) or not msg.folded.strip():
        return ParseResult(intent="unknown")
    return None


_INTERROGATIVE = re.compile(r"(几家|几次|几个|几单|几位|几笔|多少|哪些|哪几|哪个|哪家|哪位|谁|排名|排行|统计|汇总|占比|趋势|对比)|"
                            r"\b(how many|how much|top \d+)\b|^\s*(which|who|what|show me|list|compare|rank|give me)\b")


_TRAILING_Q = re.compile(r"[?？]\s*$|[吗呢]\s*[?？]?\s*$")
_DEAL_QUESTION = re.compile(r"(到哪一?步|什么阶段|哪个阶段|进展如何|进度如何|进展怎么样|情况如何|怎么样了|什么情况|啥情况|"
                            r"有没有进展|还有戏吗|能签吗)|\b(?:what stage|which stage|where are we with|any news on|"
                            r"how is (?:the )?\w+(?: \w+)? (?:going|doing)|status of)\b")
_REPORTED = re.compile(r"问|想知道|咨询|关心|担心|\b(?:asked|asks|wants to know|wondering|inquired)\b")


_FINANCE = frozenset({"contract_amount", "collected_amount", "receivables", "overdue_receivables", "collection_rate"})
# a kind word made a measure (拜访量, 跟进次数, visit count): what is counted, not what was done
MEASURE_NOUN = re.compile(r"(拜访|跟进|活动|电话|通话|会议|演示|回访)(量|次数|总数|数量)|"
                          r"\b(visit|call|meeting|demo|activity|follow[\s-]?up)\s+(count|volume|numbers|totals?)\b")


def _finance_measure(folded: str) -> bool:
    """The first metric the question words name is one of the contracts-and-payments metrics."""
    return next((metric for pattern, metric, _ in METRIC_PATTERNS if pattern.search(folded)), None) in _FINANCE


@matcher(40, "query")
def _query(msg: Message) -> ParseResult | None:
    f = msg.folded
    s = msg.facts.signals
    strong_log = s.get("customer") and (s.get("contact") or s.get("kind") or s.get("stage") or s.get("money"))
    reported = s.get("customer") and _REPORTED.search(f)  # the customer asked: the rep reports it
    if request_decline(f) == "task" or ((CLOSING_DEALS.search(f) or CONTRACTS_OVERDUE.search(f)) and not s.get("customer")):
        return ParseResult(intent="query")  # "帮我写封邮件": declined by the answer; "下个月要签的单子", "past due payments": lists
    if QUESTION_FORM.search(f) and not reported:  # one router with `ask`: a question form is a question
        return ParseResult(intent="query")
    if not s.get("customer") and asks_shaped_measure(f, msg.today):  # 按销售看应收 / 本月和上个月比 拜访量
        return ParseResult(intent="query")
    if _DEAL_QUESTION.search(f) and not reported:  # 明德那单到哪一步了 / where are we with Acme
        return ParseResult(intent="query")
    if _INTERROGATIVE.search(f) and not (strong_log or reported):
        return ParseResult(intent="query")
    if _TRAILING_Q.search(f) and not reported:
        return ParseResult(intent="query")
    if QUESTION_MARK.search(f) and not (strong_log or reported):
        return ParseResult(intent="query")
    if METRIC_WORDS.search(f) and not (s.get("contact") or s.get("money") or s.get("kind") or s.get("stage")):
        return ParseResult(intent="query")
    if not (s.get("customer") or s.get("money")) and _finance_measure(f):  # "contract value signed this month"
        return ParseResult(intent="query")
    if MEASURE_NOUN.search(f) and not s.get("customer"):  # "上周拜访量", "近30天拜访量": a count, never a visit
        return ParseResult(intent="query")
    if OWN_NUMBERS.search(f) and not s.get("customer"):  # "我的商机", "my deals", "我今天记了几条"
        return ParseResult(intent="query")
    if not s.get("customer") and len(f) <= 60 and (fixed := corrected(f)) and METRIC_WORDS.search(fixed):
        return ParseResult(intent="query")  # "conversoin rate last month": a misspelt metric word
    return None


@matcher(50, "log")
def _log(msg: Message) -> ParseResult | None:
    """Everything the message says to record (intents.records); nothing to record is no log."""
    facts = msg.facts
    if not facts.customer and facts.evidence < 2 and not facts.signals.get("kind") \
            and not has_contact_details(msg.folded):
        return None
    ctx = Context(speaker_id=msg.speaker_id, today=msg.today, directory=msg.directory, currency=msg.currency,
                  reading=Reading(), date_order=msg.date_order, clock=msg.clock)
    reading = read_records(msg.text, ctx, facts)
    if not reading.records:
        if "lost_not_open" in reading.notes:  # a loss of a deal that is not open: said, nothing to record
            return ParseResult(intent="log", trace=reading.trace, notes=reading.notes)
        return ParseResult(intent="unknown", trace=reading.trace, notes=reading.notes)
    return ParseResult(intent="log", records=reading.records, trace=reading.trace, notes=reading.notes)


def classify(text: str, speaker_id: str | None, today: date, directory: Directory, currency: str = "CNY",
             date_order: str = "mdy", clock: time | None = None) -> ParseResult:
    """What a message means, by the offline rules (`clock`: the local time it was sent at, when known)."""
    msg = Message(text=text or "", folded=fold(text or ""), speaker_id=speaker_id, today=today,
                  directory=directory, currency=currency, date_order=date_order, clock=clock)
    for _rank, _name, fn in MATCHERS:
        got = fn(msg)
        if got is not None:
            return got
    return ParseResult(intent="unknown")


# a change asked for with its new value: 改成/改为/调到 80万, change/update/set … to …
_CHANGE_TO = re.compile(r"(改成|改为|改到|更新为|更新成|更新到|调整为|调整成|调成|调到|设为|设成|设置为|换成|变更为|变成)"
                        r"|\b(change|update|set|move|switch|mark)\b.{0,50}\b(to|as)\b", re.IGNORECASE)


def is_update_request(text: str, speaker_id: str | None, today: date, directory: Directory,
                      currency: str = "CNY") -> bool:
    """An edit said as a request ("把X的商机金额改成80万", "change Acme's deal amount to 50k") that this router
    takes for something to record or an edit: the chat records it; a question command says it is an update."""
    if not _CHANGE_TO.search(fold(text or "")):
        return False
    routed = classify(text, speaker_id, today, directory, currency)
    return routed.intent == "log" or (routed.command is not None and routed.command.name == "edit")
