"""Migrated databases for tests, built once per session and copied per test.

Running the Alembic migrations costs ~0.1 s per SQLite file and ~1-2 s per PostgreSQL schema; with
thousands of database tests that dominated the suite. Instead the real `upgrade()` runs once per
session: on SQLite into a template file that each test gets a private copy of; on PostgreSQL into a
template schema while the statements it sends are recorded, and each test's fresh schema replays
them (the same DDL, same order, one transaction). Every test still has a database of its own.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

from storage.db import make_engine, upgrade
from storage.models import SQLModel


class SqliteTemplate:
    """A migrated SQLite file copied for each test."""

    def __init__(self, folder: Path, base: SqliteTemplate | None = None,
                 fill: Callable[[Engine], object] | None = None) -> None:
        """Migrate a new file, or copy `base`; then `fill` it (e.g. import a bundle) once."""
        self.path = folder / "template.db"
        if base is not None:
            base.copy_to(self.path)
        eng = make_engine(f"sqlite:///{self.path}")
        if base is None:
            upgrade(eng)
        if fill is not None:
            fill(eng)
        with eng.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        eng.dispose()

    def copy_to(self, target: Path) -> str:
        """A URL of a private copy of the migrated database at `target`."""
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


def _recorded_upgrade(eng: Engine) -> list[str]:
    """Run the migrations on `eng`, returning the statements that changed the schema."""
    seen: list[tuple[str, object]] = []

    def _record(_conn, _cur, statement, parameters, _ctx, _many) -> None:
        seen.append((statement, parameters))

    event.listen(eng, "before_cursor_execute", _record)
    try:
        upgrade(eng)
    finally:
        event.remove(eng, "before_cursor_execute", _record)
    ddl = [s for s, p in seen if not s.lstrip().upper().startswith("SELECT")]
    if any(p for s, p in seen if s in ddl):
        raise RuntimeError("migration statements with parameters cannot be replayed")
    return ddl


class PostgresTemplate:
    """The DDL of a full migration, recorded once, replayed into each fresh schema."""

    def __init__(self, admin_url: str, schema_url) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.schema_url = schema_url
        schema = self.create_schema()
        eng = make_engine(schema_url(schema))
        try:
            self.ddl = _recorded_upgrade(eng)
        finally:
            eng.dispose()
            self.drop_schema(schema)

    def create_schema(self) -> str:
        schema = "t_" + uuid.uuid4().hex[:12]
        with self.admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        return schema

    def drop_schema(self, schema: str) -> None:
        with self.admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    def new_schema(self) -> str:
        """A fresh schema holding the migrated tables (and alembic_version at head)."""
        schema = self.create_schema()
        eng = create_engine(self.schema_url(schema))
        try:
            with eng.begin() as conn:
                for statement in self.ddl:
                    conn.exec_driver_sql(statement)
        finally:
            eng.dispose()
        return schema

    def filled_schema(self, fill: Callable[[Engine], object]) -> str:
        """A migrated schema that `fill` has written into (kept for cloning; drop it when done)."""
        schema = self.new_schema()
        eng = make_engine(self.schema_url(schema))
        try:
            fill(eng)
        finally:
            eng.dispose()
        return schema

    def clone(self, source: str) -> str:
        """A fresh migrated schema holding a copy of every row of `source` (sequences moved on)."""
        schema = self.new_schema()
        with self.admin.begin() as c:
            present = set(c.execute(text("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = :s"), {"s": source}).scalars())
            for table in [t for t in SQLModel.metadata.sorted_tables if t.name in present]:
                c.execute(text(f'INSERT INTO "{schema}"."{table.name}" SELECT * FROM "{source}"."{table.name}"'))
                for col in table.primary_key.columns:
                    seq = c.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                    {"t": f'"{schema}"."{table.name}"', "c": col.name}).scalar()
                    if seq:
                        c.execute(text(f'SELECT setval(:s, (SELECT COALESCE(MAX("{col.name}"), 0) + 1 '
                                       f'FROM "{schema}"."{table.name}"), false)'), {"s": seq})
        return schema
