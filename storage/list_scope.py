"""Who asks a list question and what they may see, as of when (shared by the list modules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Scope:
    """Who asks and what they may see, as of when."""

    asker: str
    role: str | None
    visible: set[str] | None  # None: everyone (admin)
    now: datetime
    today: date
    later_deals: bool = True  # some deal or stage event is dated after now (the clock set back)
