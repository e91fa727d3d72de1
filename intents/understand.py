"""`Understander`: reads a message with the LLM engine when one is configured, else (or when it
fails) with the offline rules."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any

from domain.types import ParseResult
from intents.directory import Directory
from intents.registry import classify

log = logging.getLogger(__name__)


class Understander:
    """Message → ParseResult, with the org's zone and currency from settings (plain values)."""

    def __init__(self, settings: Any = None, *, currency: str | None = None, tz: Any = None) -> None:
        org = getattr(settings, "org", None)
        self.currency = currency or getattr(org, "currency", None) or "CNY"
        self.date_order = getattr(org, "date_order", None) or "mdy"
        self.tz = tz or getattr(org, "tz", None)
        self.llm = getattr(settings, "llm", None)

    def _today(self, now: datetime | date) -> date:
        if isinstance(now, datetime):
            return (now.astimezone(self.tz) if self.tz and now.tzinfo else now).date()
        return now

    def _clock(self, now: datetime | date) -> time | None:
        if isinstance(now, datetime):
            return (now.astimezone(self.tz) if self.tz and now.tzinfo else now).time()
        return None

    def parse_offline(self, text: str, speaker_id: str | None, now: datetime | date, directory: Directory) -> ParseResult:
        """The rule-based reading (no network); the time of day of `now` tells a plan for later today."""
        return classify(text, speaker_id, self._today(now), directory, self.currency, self.date_order,
                        self._clock(now))

    def parse(self, text: str, speaker_id: str | None, now: datetime | date, directory: Directory) -> ParseResult:
        """What the message means: LLM when configured (validated, with fallback), else offline."""
        offline = self.parse_offline(text, speaker_id, now, directory)
        if self.llm is None or getattr(self.llm, "provider", "none") == "none":
            return offline
        if offline.command is not None:
            return offline  # commands (and the follow-ups list asked as a question) are exact words; no model
        try:
            from intents.llm import llm_parse
            got = llm_parse(self.llm, text, speaker_id, self._today(now), directory, self.currency, offline)
        except Exception:  # any failure of the optional engine falls back to the rules
            log.warning("LLM parse failed; using the offline engine", exc_info=True)
            got = None
        return got if got is not None else offline
