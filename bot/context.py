"""What every command runs with: settings, the database engine, the clock and the speaker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from sqlalchemy import Engine

from domain.errors import UserError
from domain.settings import Settings
from storage.db import make_engine, upgrade


@dataclass
class AppContext:
    """Settings + engine + fixed clock (`--now`) + speaker (`--as`)."""

    settings: Settings
    db_url: str
    fixed_now: datetime | None = None
    as_user: str | None = None
    _upgraded: bool = field(default=False, repr=False)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.db_url)

    def ready_engine(self) -> Engine:
        """The engine with the schema brought up to date (once per process)."""
        if not self._upgraded:
            upgrade(self.engine)
            self._upgraded = True
        return self.engine

    def now(self) -> datetime:
        """The current time in the org zone (fixed by --now when given)."""
        tz = self.settings.org.tz
        return (self.fixed_now or datetime.now(tz)).astimezone(tz)

    def today(self) -> date:
        return self.now().date()


def parse_now(value: str | None, tz) -> datetime | None:
    """Parse an ISO 8601 --now value; a value without offset is taken in the org zone."""
    if value is None or value == "":
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"not an ISO 8601 time: {value!r} (e.g. 2026-11-20T18:00:00+08:00)") from None
    return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt
