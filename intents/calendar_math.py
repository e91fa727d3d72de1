"""Kept for older imports: the calendar arithmetic and number words now live in `intents.timegrammar`."""

from __future__ import annotations

from intents.timegrammar import (  # noqa: F401
    EN_MONTH,
    EN_MONTH_RE,
    EN_NUM,
    EN_NUMBER,
    EN_WEEKDAY,
    EN_WEEKDAY_RE,
    ORDINAL,
    ZH_NUM,
    ZH_WEEKDAY,
    add_months,
    add_months_day,
    monday,
    month_end,
    number,
    quarter_bounds,
    quarter_of,
    safe_date,
)
