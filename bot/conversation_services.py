"""The services the conversation calls but does not own: message understanding (intents),
edit parsing, and question answering (charts). Kept in one place so the core stays small."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from domain.settings import Settings
from domain.types import ParseResult

log = logging.getLogger("salesbot.conversation")
VOCAB_TTL = 60.0

# words around a bare name given as an answer: "是明德建材", "就那个明德吧", "it's the Acme one"
FILLER = re.compile(r"(?i)[\s，,。.!！?？~～]|就是|是|就|那个|这个|那家|这家|吧|呢|啊|呀|的|选|要|"
                    r"\bit'?s\b|\bthe\b|\bone\b|\bplease\b|\bthat\b")


@dataclass
class Answer:
    """A question's answer as the chat shows it."""

    text: str
    chart_png: bytes | None = None
    chart_path: str | None = None


class Services:
    """Understander + customer directory (cached, refreshed after writes) + question answering."""

    def __init__(self, engine: Engine, settings: Settings, chart_dir: str | Path | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.chart_dir = Path(chart_dir) if chart_dir else None
        self._lock = threading.Lock()
        self._understander: Any = None
        self._vocab: Any = None
        self._vocab_at = 0.0

    def understander(self) -> Any:
        with self._lock:
            if self._understander is None:
                from intents.understand import Understander
                self._understander = Understander(self.settings)
            return self._understander

    def directory(self) -> Any:
        """The customer/contact directory used to resolve names (rebuilt by storage when tables change)."""
        from storage.directory_query import load_directory
        return load_directory(self.engine)

    def vocabulary(self) -> Any:
        """The question vocabulary (rep and team names...), cached for a minute."""
        with self._lock:
            if self._vocab is None or time.monotonic() - self._vocab_at > VOCAB_TTL:
                from storage.question_vocabulary import load_question_vocabulary
                self._vocab = load_question_vocabulary(self.engine)
                self._vocab_at = time.monotonic()
            return self._vocab

    def warm(self) -> None:
        """Build the understander, directory and vocabulary now rather than on the first message."""
        try:
            self.understander()
            self.directory()
            self.vocabulary()
        except Exception:
            log.exception("warming up the understanding failed")

    def invalidate(self) -> None:
        """Something the caches hold changed (customers are re-read by storage on their own)."""

    def find_customer(self, text: str, user_id: str) -> tuple[str | None, str | None, list[str]]:
        """(customer_id, stored name, candidate ids) for a name as written, via the directory."""
        m = self.directory().find_customer(text, user_id)
        if m is None:
            return None, None, []
        return m.customer_id, m.name or m.said, list(m.candidates or [])

    def customer_named_alone(self, text: str, user_id: str) -> str | None:
        """The customer id when `text` is nothing but a customer's name ("明德食品", "是明德建材", "the
        Acme one"): an answer to "which one?", not a new message that merely names a customer."""
        m = self.directory().find_customer(text, user_id)
        if m is None or m.customer_id is None:
            return None
        rest = FILLER.sub("", text[:m.span[0]] + " " + text[m.span[1]:])
        return m.customer_id if not rest else None

    def parse(self, text: str, user_id: str, now: datetime) -> ParseResult:
        """What a message means."""
        return self.understander().parse(text, user_id, now, self.directory())

    def parse_edit(self, text: str, user_id: str, now: datetime) -> dict[str, Any] | None:
        """An edit in words ("金额改成65万", "不是明德食品，是明德建材", "日期是昨天") as a dict of
        changes for conversation_log.apply_changes, or None when the text is no edit."""
        from intents import edits
        req = edits.parse_edit(text, speaker_id=user_id, now=now, directory=self.directory(),
                               settings=self.settings)
        if req is None:
            return None
        return edit_changes(req)

    def period_end(self, text: str, today: date) -> date | None:
        """The last day of the period a message names ("这周要跟进谁" → Sunday), or None."""
        from intents.question_periods import question_period
        found = question_period(text, today, True)
        return found.period.end if found else None

    def answer(self, question: str, asker_id: str, now: datetime) -> Answer:
        """A question's answer text and chart."""
        from bot.answering import answer_question
        res = answer_question(self.engine, self.settings, question, asker_id, now, self.chart_dir,
                              vocab=self.vocabulary(), routed=True)  # the chat routed it as a question
        png = getattr(res, "chart_png", None)
        path = getattr(res, "chart_path", None)
        return Answer(text=res.text, chart_png=png, chart_path=str(path) if path else None)


def edit_changes(req: Any) -> dict[str, Any]:
    """The fields an EditRequest sets, as plain changes."""
    data = req.model_dump() if hasattr(req, "model_dump") else dict(vars(req))
    if data.get("out_of_view"):  # a customer the speaker may not see: that alone, nothing to apply
        return {"out_of_view": True}
    return {k: v for k, v in data.items() if v is not None and k not in ("kind", "field", "raw", "out_of_view")} | (
        {"kind": data["kind"]} if data.get("kind") in ("visit", "call", "meeting", "demo", "message") else {})
