"""CSV bundle import and export (CONTRACT.md). Import is one transaction: every row is
checked, all errors are reported as `FILE:LINE: reason`, and nothing is written unless the
whole bundle is good. Rows are upserted by key, so importing twice changes nothing."""

from __future__ import annotations

import csv
import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Index, Select, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, col

from storage import bundle_fast as bf
from storage import bundle_models as bm
from storage import bundle_rows as br
from storage.checkins import any_checkin, checkin_label
from storage.models import (
    Activity,
    AuditEntry,
    Contact,
    Contract,
    Customer,
    Deal,
    DealEvent,
    Installment,
    Payment,
    Target,
    User,
)

BATCH = 5000
MAX_ERRORS = 50
# a file this large loads into a table with its secondary indexes dropped and rebuilt once after,
# unless the table already holds many more rows than the file brings (then rebuilding costs more)
BULK_BYTES = 4_000_000
BULK_ROW_BYTES = 100  # a generous guess of a row's size, to estimate a file's rows
CACHE_KIB = 256 * 1024  # SQLite page cache during an import (the default is 2 MiB)

# file -> (table, conflict key); the row's model and checker are bundle_models.MODELS / bundle_rows.CHECKS
_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "users.csv": ("users", ("id",)),
    "customers.csv": ("customers", ("id",)),
    "contacts.csv": ("contacts", ("id",)),
    "deals.csv": ("deals", ("id",)),
    "deal_events.csv": ("deal_events", ("deal_id", "at", "stage")),
    "activities.csv": ("activities", ("id",)),
    "targets.csv": ("targets", ("user_id", "metric", "start", "end")),
    "contracts.csv": ("contracts", ("id",)),
    "installments.csv": ("installments", ("contract_id", "due_on")),
    "payments.csv": ("payments", ("id",)),
}


class BundleError(Exception):
    """The bundle was refused; `errors` holds every `FILE:LINE: reason` found (up to a limit)."""

    def __init__(self, errors: list[str], more: int = 0):
        self.errors = errors
        self.more = more
        tail = f"\n... and {more} more" if more else ""
        super().__init__("\n".join(errors) + tail)


class _Errors(list[str]):
    """`FILE:LINE: reason` lines, keeping the first MAX_ERRORS and counting the rest."""

    total = 0

    def append(self, line: str) -> None:
        self.total += 1
        if len(self) < MAX_ERRORS:
            super().append(line)


def _to_sqlite_datetime(v: datetime | None) -> str | None:
    return None if v is None else bf.sqlite_datetime(v)


def _to_sqlite_date(v: date | None) -> str | None:
    return None if v is None else v.isoformat()


class _Writer:
    """Batched upserts through the DBAPI executemany, with values in each backend's own form."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"

    def _converter(self, sample: object) -> Callable[[Any], Any] | None:
        """How values like `sample` are passed to this backend (decided once per column)."""
        if self.sqlite and isinstance(sample, datetime):
            return _to_sqlite_datetime
        if self.sqlite and isinstance(sample, date):
            return _to_sqlite_date
        return None

    def upsert(self, table: str, key: tuple[str, ...], rows: list[br.Row]) -> None:
        """Insert `rows` (dicts with the same keys, in the same order), updating rows whose key exists."""
        if not rows:
            return
        cols = list(rows[0])
        convs = [(i, f) for i, c in enumerate(cols)
                 if (f := self._converter(next((r[c] for r in rows if r[c] is not None), None)))]
        params = [list(r.values()) for r in rows]
        for i, f in convs:
            for values in params:
                values[i] = f(values[i])
        self.insert_values(table, key, cols, params)

    def insert_values(self, table: str, key: tuple[str, ...], cols: Sequence[str],
                      params: Sequence[Sequence[Any]]) -> None:
        """`upsert` of rows given as values of `cols`, already in this backend's form."""
        q = lambda c: f'"{c}"'  # noqa: E731
        updates = [c for c in cols if c not in key]
        sql = (f"INSERT INTO {table} ({', '.join(map(q, cols))}) VALUES ({', '.join([self.mark] * len(cols))}) "
               f"ON CONFLICT ({', '.join(map(q, key))}) DO "
               + (f"UPDATE SET {', '.join(f'{q(c)} = excluded.{q(c)}' for c in updates)}" if updates else "NOTHING"))
        cursor = self.conn.connection.cursor()  # the DBAPI's own executemany, in this transaction
        try:
            cursor.executemany(sql, params)
        finally:
            cursor.close()

    def drop_secondary_indexes(self, table: str) -> list[Index]:
        """Drop the table's non-unique indexes (to be rebuilt once after a bulk load); returns them."""
        indexes = [ix for ix in SQLModel.metadata.tables[table].indexes if not ix.unique]
        for ix in indexes:
            ix.drop(self.conn)
        return indexes

    def create_indexes(self, indexes: list[Index]) -> None:
        for ix in indexes:
            ix.create(self.conn)

    def set_managers(self, pairs: list[tuple[str | None, str]]) -> None:
        if pairs:
            self.conn.exec_driver_sql(f"UPDATE users SET manager_id = {self.mark} WHERE id = {self.mark}", pairs)


def _load_known(conn: Connection) -> br.Known:
    return br.Known(
        users=set(conn.scalars(select(col(User.id)))),
        customers=set(conn.scalars(select(col(Customer.id)))),
        contact_customer={i: c for i, c in conn.execute(select(col(Contact.id), col(Contact.customer_id)))},
        deals=set(conn.scalars(select(col(Deal.id)))),
        deal_customer={i: c for i, c in conn.execute(select(col(Deal.id), col(Deal.customer_id)))},
        contract_amount={i: a for i, a in conn.execute(select(col(Contract.id), col(Contract.amount_cents)))},
        plan=_stored_plans(conn),
    )


def _stored_plans(conn: Connection) -> dict[str, dict[date, int]]:
    plans: dict[str, dict[date, int]] = {}
    for cid, due, cents in conn.execute(select(col(Installment.contract_id), col(Installment.due_on),
                                               col(Installment.amount_cents))):
        plans.setdefault(cid, {})[due] = cents
    return plans


Chunk = tuple[list[str], list[tuple[int, list[str]]]]  # the file's header, then (line number, cells) per row


def _rows(path: Path, columns: tuple[str, ...], errors: _Errors) -> Iterator[Chunk]:
    """The data rows in chunks of BATCH, each row's cells as read (bundle_models.cells makes them
    what the row models take); header and file problems (encoding, broken quoting, a wrong number
    of fields) go to `errors` with the file and line."""
    try:
        yield from _read_rows(path, columns, errors)
    except UnicodeDecodeError as e:
        errors.append(f"{path.name}: is not UTF-8 text ({e.reason}; it may be GBK or another encoding); "
                      "save it as UTF-8 (e.g. 'CSV UTF-8' in Excel) and import again")
    except csv.Error as e:  # a field beyond the csv module's own limit, or broken quoting
        errors.append(f"{path.name}:{_line_of(e, 1)}: cannot be read as CSV ({e}); fields may hold at most "
                      f"{bm.MAX_FIELD:,} characters")


def _line_of(e: csv.Error, default: int) -> int:
    return getattr(e, "line", default)


def _read_rows(path: Path, columns: tuple[str, ...], errors: _Errors) -> Iterator[Chunk]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        try:
            first = next(reader, None)
        except csv.Error as e:
            e.line = reader.line_num  # type: ignore[attr-defined]
            raise
        if first is None:
            return
        header = [h.strip() for h in first]
        missing = [c for c in columns if c not in header and c not in br.OPTIONAL_COLUMNS]
        unknown = [h for h in header if h not in columns]
        if missing or unknown:
            what = "; ".join(x for x in (missing and f"missing columns {', '.join(missing)}",
                                         unknown and f"unknown columns {', '.join(unknown)}") if x)
            errors.append(f"{path.name}:1: {what}")
            return
        line = reader.line_num
        width = len(header)
        chunk: list[tuple[int, list[str]]] = []
        try:
            for values in reader:
                start, line = line + 1, reader.line_num
                if len(values) != width:
                    if any(v.strip() for v in values):
                        errors.append(f"{path.name}:{start}: expected {width} fields, found {len(values)}")
                    continue
                if values[0].strip() or any(v.strip() for v in values):  # (a row of empty cells is skipped)
                    chunk.append((start, values))
                    if len(chunk) == BATCH:
                        yield header, chunk
                        chunk = []
        except (csv.Error, UnicodeDecodeError) as e:
            if isinstance(e, csv.Error):
                e.line = line + 1  # type: ignore[attr-defined]
            if chunk:  # the rows read before it are checked first, as ever
                yield header, chunk
            raise
        if chunk:
            yield header, chunk


def import_bundle(engine: Engine, folder: str | Path, tz: tzinfo, *, by: str | None = None,
                  bulk_bytes: int = BULK_BYTES) -> dict[str, int]:
    """Import a bundle folder in one transaction; returns rows per file. Raises BundleError.

    A file of `bulk_bytes` or more is loaded with its table's secondary indexes dropped and
    rebuilt once at the end (in the same transaction: a refused bundle leaves them as they were;
    on PostgreSQL the table is locked for the import's duration)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BundleError([f"{folder}: not a folder"])
    present = [name for name in _TABLES if (folder / name).is_file()]
    if not present:
        raise BundleError([f"{folder}: no bundle files (expected {', '.join(_TABLES)})"])
    with engine.connect() as conn, _bulk_load(conn), conn.begin():
        run = _Import(conn, tz, bulk_bytes)
        for name in present:
            try:
                run.file(folder / name)
            except DBAPIError as e:  # what the checks let through and the database would not store
                conn.rollback()
                raise BundleError([f"{name}: the database refused a row: {_first_line(e)}"]) from None
        _check_plans(run.known, run.contract_lines, run.errors)
        if not run.errors:
            _check_references(conn, [f for f in present if f not in run.all_fast], run.errors)
        if run.errors:
            conn.rollback()
            raise BundleError(list(run.errors), run.errors.total - len(run.errors))
        conn.execute(insert(AuditEntry).values(
            at=datetime.now(UTC), user_id=by if by in run.known.users else None, action="import", entity="bundle",
            entity_id=str(folder)[-64:], after=json.dumps(run.counts)))
    return run.counts


def _first_line(e: DBAPIError) -> str:
    return str(e.orig).strip().splitlines()[0] if e.orig is not None else type(e).__name__


@contextmanager
def _bulk_load(conn: Connection) -> Iterator[None]:
    """Settings for one bulk load, put back after it (the transaction is begun inside):

    - Python's cyclic garbage collector is paused: the load makes no reference cycles, and
      collecting through millions of short-lived rows costs a fifth of the time;
    - on SQLite, a page cache large enough that the load does not spill to disk mid-way, and
      foreign keys checked once per file at the end (`_check_references`) instead of row by row
      (every reference is checked against what is known before a row is written, too)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        if conn.dialect.name != "sqlite":
            yield
            return
        raw = conn.connection.driver_connection  # usable after the transaction was rolled back, too
        assert raw is not None
        cache = int(raw.execute("PRAGMA cache_size").fetchone()[0])
        keys = int(raw.execute("PRAGMA foreign_keys").fetchone()[0])
        raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        raw.execute("PRAGMA foreign_keys = OFF")  # (outside a transaction, as it must be)
        try:
            yield
        finally:
            raw.execute(f"PRAGMA cache_size = {cache}")
            raw.execute(f"PRAGMA foreign_keys = {keys}")
            if int(raw.execute("PRAGMA foreign_keys").fetchone()[0]) != keys:
                conn.invalidate()  # never hand the pool a connection without its foreign keys
    finally:
        if collecting:
            gc.enable()


def _check_references(conn: Connection, files: list[str], errors: _Errors) -> None:
    """SQLite's own foreign key check of the tables the bundle wrote (on SQLite, where the load
    runs with foreign keys off); a row it finds is refused as the database would have."""
    if conn.dialect.name != "sqlite":
        return
    for name in files:
        table = _TABLES[name][0]
        bad = conn.exec_driver_sql(f"PRAGMA foreign_key_check({table})").first()
        if bad is not None:
            errors.append(f"{name}: the database refused a row: FOREIGN KEY constraint failed "
                          f"({table} row {bad[1]} refers to a missing {bad[2]} row)")


class _Import:
    """One import: what is known so far, the errors found, and the rows written per file."""

    def __init__(self, conn: Connection, tz: tzinfo, bulk_bytes: int):
        self.tz = tz
        self.bulk_bytes = bulk_bytes
        self.known = _load_known(conn)
        self.writer = _Writer(conn)
        self.errors = _Errors()
        self.counts: dict[str, int] = {}
        self.contract_lines: dict[str, int] = {}
        self.stamps = bf.Stamps(tz)
        # files whose every batch took the fast path, which checked each reference against the ids
        # known (stored, or earlier in the bundle): SQLite's foreign key check of them would find nothing
        self.all_fast: set[str] = set()

    def file(self, path: Path) -> None:
        table = _TABLES[path.name][0]
        dropped = self.writer.drop_secondary_indexes(table) if self._bulk(path, table) else []
        self._load(path)
        if dropped and not self.errors:
            self.writer.create_indexes(dropped)  # (on errors the transaction is rolled back: they come back)

    def _bulk(self, path: Path, table: str) -> bool:
        size = path.stat().st_size
        if size < self.bulk_bytes:
            return False
        stored = self.writer.conn.execute(select(func.count()).select_from(SQLModel.metadata.tables[table]))
        return stored.scalar_one() <= 2 * size // BULK_ROW_BYTES

    def _load(self, path: Path) -> None:
        name = path.name
        table, key = _TABLES[name]
        model, check = bm.MODELS[name], br.CHECKS[name]
        seen: set[object] = set()
        batch: list[br.Row] = []
        managers: list[tuple[int, str, str | None]] = []
        unique_ids: dict[str, dict[str, int]] = {"telegram_id": {}, "wecom_userid": {}}
        n = 0
        key_of = itemgetter(*key)
        remember = _REMEMBER.get(table)
        known, tz, errors = self.known, self.tz, self.errors
        fast = all_fast = name == "activities.csv" and self.writer.sqlite
        cells = bm.cells
        for header, raw in _rows(path, br.FILES[name] + br.TRAILING.get(name, ()), errors):
            if fast and (values := bf.activities(header, raw, known, self.stamps, seen)) is not None:
                n += len(values)  # (a plainly good batch in the usual form: see bundle_fast)
                if not errors:
                    self.writer.insert_values(table, key, bf.ACTIVITY_COLUMNS, values)
                continue
            all_fast = False
            chunk = [(line, c) for line, v in raw if (c := cells(header, v))]
            # a chunk's cells go through the file's model in one call; then row by row: references, duplicates
            for (line, _cells), checked in zip(chunk, bm.validate_many(model, [c for _l, c in chunk]), strict=True):
                try:
                    if isinstance(checked, str):
                        raise br.RowError(checked)
                    row = check(checked, known, tz)
                    k = key_of(row)
                    if k in seen:
                        shown = k if isinstance(k, tuple) else (k,)
                        raise br.RowError(f"duplicate {'/'.join(key)} {'/'.join(map(str, shown))}")
                    seen.add(k)
                    if table == "users":
                        _unique_channel_ids(row, line, unique_ids)
                        managers.append((line, row["id"], row.pop("manager_id")))
                except br.RowError as e:
                    errors.append(f"{name}:{line}: {e}")
                    continue
                n += 1
                if remember is not None:
                    remember(row, known)
                if table == "contracts":
                    self.contract_lines[row["id"]] = line
                if not errors:
                    batch.append(row)
            if not errors:
                self.writer.upsert(table, key, batch)
            batch = []
        if table == "users":
            for line, _uid, mgr in managers:
                if mgr is not None and mgr not in known.users:
                    errors.append(f"{name}:{line}: manager_id {mgr!r}: no such user")
            if not errors:
                self.writer.set_managers([(m, u) for _l, u, m in managers])
        self.counts[name] = n
        if all_fast:
            self.all_fast.add(name)


def _unique_channel_ids(row: br.Row, line: int, firsts_by_col: dict[str, dict[str, int]]) -> None:
    for column, firsts in firsts_by_col.items():
        value = row[column]
        if value is not None:
            if value in firsts:
                raise br.RowError(f"{column} {value!r} is also on line {firsts[value]}")
            firsts[value] = line


def _remember_deal(row: br.Row, known: br.Known) -> None:
    known.deals.add(row["id"])
    known.deal_customer[row["id"]] = row["customer_id"]


def _remember_installment(row: br.Row, known: br.Known) -> None:
    known.plan.setdefault(row["contract_id"], {})[row["due_on"]] = row["amount_cents"]


# what a row of a table adds to what later rows may refer to
_REMEMBER: dict[str, Callable[[br.Row, br.Known], None]] = {
    "users": lambda row, known: known.users.add(row["id"]),
    "customers": lambda row, known: known.customers.add(row["id"]),
    "contacts": lambda row, known: known.contact_customer.__setitem__(row["id"], row["customer_id"]),
    "deals": _remember_deal,
    "contracts": lambda row, known: known.contract_amount.__setitem__(row["id"], row["amount_cents"]),
    "installments": _remember_installment,
}


def _check_plans(known: br.Known, contract_lines: dict[str, int], errors: _Errors) -> None:
    """A contract of the bundle whose (stored or imported) plan adds up to more than its amount."""
    for cid, line in contract_lines.items():
        total = sum(known.plan.get(cid, {}).values())
        if total > known.contract_amount[cid]:
            errors.append(f"contracts.csv:{line}: amount {_fmt_money(known.contract_amount[cid])} is below "
                          f"its installments, which add up to {_fmt_money(total)}")


# ---------- export ----------

def _fmt_money(cents: int | None) -> str:
    if cents is None:
        return ""
    return str(cents // 100) if cents % 100 == 0 else str(Decimal(cents) / 100)


def _fmt_num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def export_bundle(engine: Engine, folder: str | Path, tz: tzinfo) -> dict[str, int]:
    """Write every table as a bundle (same files and columns as import); returns rows per file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    def ts(v: datetime) -> str:
        local = v.astimezone(tz)
        return local.isoformat(timespec="seconds" if local.microsecond == 0 else "microseconds")

    def d(v: date | None) -> str:
        return v.isoformat() if v else ""

    def s(v: object) -> str:
        return "" if v is None else str(v)

    def pick(*attrs: Any) -> Select[Any]:
        return select(*[col(a) for a in attrs])

    specs: dict[str, tuple[Select[Any], Callable[[Sequence[Any]], list[str]]]] = {
        "users.csv": (pick(User.id, User.name, User.role, User.team, User.manager_id, User.telegram_id,
                           User.wecom_userid).order_by(col(User.id)), lambda r: [s(x) for x in r]),
        "customers.csv": (pick(Customer.id, Customer.name, Customer.aliases, Customer.tier, Customer.industry,
                               Customer.region, Customer.source, Customer.owner_id, Customer.created_at)
                          .order_by(col(Customer.id)), lambda r: [s(x) for x in r[:8]] + [ts(r[8])]),
        "contacts.csv": (pick(Contact.id, Contact.customer_id, Contact.name, Contact.title, Contact.phone,
                              Contact.email).order_by(col(Contact.id)), lambda r: [s(x) for x in r]),
        "deals.csv": (pick(Deal.id, Deal.customer_id, Deal.title, Deal.owner_id, Deal.amount_cents, Deal.currency,
                           Deal.expected_close, Deal.created_at).order_by(col(Deal.id)),
                      lambda r: [s(r[0]), s(r[1]), s(r[2]), s(r[3]), _fmt_money(r[4]), s(r[5]), d(r[6]), ts(r[7])]),
        "deal_events.csv": (pick(DealEvent.deal_id, DealEvent.at, DealEvent.stage, DealEvent.amount_cents,
                                 DealEvent.by, DealEvent.reason)
                            .order_by(col(DealEvent.deal_id), col(DealEvent.at), col(DealEvent.id)),
                            lambda r: [s(r[0]), ts(r[1]), s(r[2]), _fmt_money(r[3]), s(r[4]), s(r[5])]),
        "activities.csv": (pick(Activity.id, Activity.user_id, Activity.customer_id, Activity.contact_id,
                                Activity.kind, Activity.occurred_at, Activity.summary, Activity.next_step,
                                Activity.followup_date, Activity.status).add_columns(checkin_label())
                           .order_by(col(Activity.id)),
                           lambda r: [s(x) for x in r[:5]] + [ts(r[5]), s(r[6]), s(r[7]), d(r[8]), s(r[9]),
                                                              s(r[10])]),
        "targets.csv": (pick(Target.user_id, Target.metric, Target.start, Target.end, Target.value)
                        .order_by(col(Target.user_id), col(Target.metric), col(Target.start), col(Target.end)),
                        lambda r: [s(r[0]), s(r[1]), d(r[2]), d(r[3]), _fmt_num(r[4])]),
        "contracts.csv": (pick(Contract.id, Contract.customer_id, Contract.deal_id, Contract.owner_id, Contract.title,
                               Contract.amount_cents, Contract.currency, Contract.signed_on)
                          .order_by(col(Contract.id)),
                          lambda r: [s(x) for x in r[:5]] + [_fmt_money(r[5]), s(r[6]), d(r[7])]),
        "installments.csv": (pick(Installment.contract_id, Installment.due_on, Installment.amount_cents)
                             .order_by(col(Installment.contract_id), col(Installment.due_on)),
                             lambda r: [s(r[0]), d(r[1]), _fmt_money(r[2])]),
        "payments.csv": (pick(Payment.id, Payment.contract_id, Payment.received_on, Payment.amount_cents,
                              Payment.by).order_by(col(Payment.id)),
                         lambda r: [s(r[0]), s(r[1]), d(r[2]), _fmt_money(r[3]), s(r[4])]),
    }
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for name, (query, fmt) in specs.items():
            n = 0
            cols = br.FILES[name] + (br.TRAILING.get(name, ()) if name == "activities.csv" and any_checkin(conn) else ())
            with (folder / name).open("w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(cols)
                for row in conn.execution_options(stream_results=True, yield_per=BATCH).execute(query):
                    w.writerow(fmt(row)[:len(cols)])
                    n += 1
            counts[name] = n
    return counts


def table_fingerprint(conn: Connection) -> dict[str, int]:
    """Row counts of the bundle tables (used by tests to show nothing changed)."""
    return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t, _k in _TABLES.values()}
