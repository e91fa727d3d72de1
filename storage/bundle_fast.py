"""A fast path for a batch of activities.csv rows (the big file of a bundle) on SQLite: the rows
go straight from the CSV reader's cells to the values SQLite stores, as tuples, checked in plain
Python without building a model per row.

It is a conservative acceptor: it takes a batch only when every row of it is plainly good in
the common form (the columns in CONTRACT.md order, timestamps like `2026-05-22T08:01:00+08:00`,
known references, no duplicate id) and then stores exactly what the model path
(storage.bundle_models.ActivityRow, storage.bundle_rows.check_activity) would. Anything else,
even a row that might be good, answers None and the batch goes through the model path, which
gives every error its usual reason."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from storage import bundle_models as bm
from storage import bundle_rows as br

# the columns activities are written with, in this order (as storage.bundle_rows.check_activity gives them)
ACTIVITY_COLUMNS = ("id", "user_id", "customer_id", "contact_id", "kind", "occurred_at", "occurred_on", "summary",
                    "next_step", "followup_date", "status")
_HEADERS = (br.FILES["activities.csv"], br.FILES["activities.csv"] + br.TRAILING["activities.csv"])
_KINDS = frozenset(bm.KINDS)
_STATUSES = frozenset(bm.ACTIVITY_STATUSES)
# a timestamp in the usual form, years safely inside bundle_models.YEARS (others take the model path)
_STAMP = re.compile(r"(19\d\d|2[01]\d\d)-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d[+-]([01]\d|2[0-3]):[0-5]\d")
_DAY = re.compile(r"(19\d\d|2[01]\d\d)-\d\d-\d\d")
_KEY, _FIELD = bm.MAX_KEY, bm.MAX_FIELD


def sqlite_datetime(v: datetime) -> str:
    """UTCDateTime's form on SQLite: naive UTC with microseconds."""
    return v.astimezone(UTC).isoformat(" ", "microseconds")[:26]


class Stamps:
    """Timestamp and date cells seen in this import, as SQLite stores them (many rows share one)."""

    def __init__(self, tz: tzinfo):
        self.tz = tz
        self.stamps: dict[str, tuple[str, str]] = {}  # cell -> (occurred_at, its local date)
        self.days: dict[str, bool] = {}  # cell -> is a real date in the years taken
        # a cell's hour with its whole-hour offset -> (that hour in UTC, to the hour; its local date), or
        # None for no real time, False for an hour spanning two local dates or offsets (then cell by cell)
        self.hours: dict[str, tuple[str, str] | bool | None] = {}

    def stamp(self, cell: str) -> tuple[str, str] | None:
        if _STAMP.fullmatch(cell) is None:
            return None
        if cell.endswith(":00"):  # a whole-hour offset: a minute and second are the same in UTC
            key = cell[:13] + cell[19:]
            hour = self.hours[key] if key in self.hours else self._hour(key, cell[:13] + ":00:00" + cell[19:])
            if hour is None:
                return None
            if hour:
                utc, day = hour  # type: ignore[misc]
                out = self.stamps[cell] = (utc + cell[13:19] + ".000000", day)
                return out
        at = _parse(cell)
        if at is None:
            return None
        out = self.stamps[cell] = (sqlite_datetime(at), at.astimezone(self.tz).date().isoformat())
        return out

    def _hour(self, key: str, start_cell: str) -> tuple[str, str] | bool | None:
        start = _parse(start_cell)
        hour: tuple[str, str] | bool | None = None
        if start is not None:
            first, last = start.astimezone(self.tz), (start + timedelta(minutes=59, seconds=59)).astimezone(self.tz)
            hour = ((sqlite_datetime(start)[:13], first.date().isoformat())
                    if first.date() == last.date() and first.utcoffset() == last.utcoffset() else False)
        self.hours[key] = hour
        return hour

    def day(self, cell: str) -> bool:
        ok = _DAY.fullmatch(cell) is not None
        if ok:
            try:
                date.fromisoformat(cell)
            except ValueError:
                ok = False
        self.days[cell] = ok
        return ok


def _parse(cell: str) -> datetime | None:
    """A timestamp cell of the usual form (_STAMP) in the years taken, or None."""
    try:
        at = datetime.fromisoformat(cell)
    except ValueError:  # e.g. a day past the month's end: the model says why
        return None
    return at if 1900 < at.year < 2200 else None  # (1900-01-01 in UTC+8 is still 1899 in UTC)


def activities(header: list[str], chunk: list[tuple[int, list[str]]], known: br.Known, stamps: Stamps,
               seen: set[object]) -> list[tuple[str | None, ...]] | None:
    """The batch's rows as ACTIVITY_COLUMNS values, or None when some row needs the model path.
    The batch's ids are added to `seen` only when the batch is taken."""
    if tuple(header) not in _HEADERS:
        return None
    users, customers, contact_customer = known.users, known.customers, known.contact_customer
    stamp_of, day_ok = stamps.stamps.get, stamps.days.get
    out: list[tuple[str | None, ...]] = []
    ids: set[str] = set()
    for _line, values in chunk:
        if "\x00" in "".join(values):
            return None
        cells = list(map(str.strip, values))
        aid, uid, cid, pid, kind, at, summary, step, followup, status = cells[:10]
        if (not aid or len(aid) > _KEY or len(uid) > _KEY or len(cid) > _KEY or len(pid) > _KEY
                or uid not in users or cid not in customers or kind not in _KINDS
                or len(summary) > _FIELD or len(step) > _FIELD or aid in ids):
            return None
        if pid:
            if contact_customer.get(pid) != cid:
                return None
        if len(cells) > 10 and len(cells[10]) > _FIELD:
            return None
        when = stamp_of(at) or stamps.stamp(at)
        if when is None:
            return None
        if followup:
            ok = day_ok(followup)
            if not (ok or (ok is None and stamps.day(followup))):
                return None
        if status:
            if status not in _STATUSES:
                return None
        else:
            status = "done"
        ids.add(aid)
        out.append((aid, uid, cid, pid or None, kind, when[0], when[1], summary, step, followup or None, status))
    if not seen.isdisjoint(ids):
        return None
    seen.update(ids)
    return out
