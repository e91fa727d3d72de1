"""Shared fixtures: a fresh, migrated database per test on SQLite and, when
SALESBOT_TEST_POSTGRES_URL is set, on PostgreSQL (a schema of its own per test)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from storage.db import make_engine, normalise_url
from tests.dbtemplate import PostgresTemplate, SqliteTemplate

PG_URL = os.environ.get("SALESBOT_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV_FIXTURE = SHARED / "eval" / "dev" / "fixture2"
REPO = Path(__file__).resolve().parents[1]


def _pg_schema_url(schema: str) -> str:
    base = normalise_url(PG_URL)
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> Iterator[str]:
    """URL of an empty, migrated database (SQLite file, or a fresh PostgreSQL schema)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("_sqlite_template").copy_to(tmp_path / "test.db")
        return
    template = request.getfixturevalue("_pg_template")
    schema = template.new_schema()
    try:
        yield _pg_schema_url(schema)
    finally:
        template.drop_schema(schema)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> SqliteTemplate:
    """The migrations run once per session; each test gets a copy (tests/dbtemplate.py)."""
    return SqliteTemplate(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[PostgresTemplate]:
    """The migration DDL recorded once per session, replayed into each test's schema."""
    template = PostgresTemplate(normalise_url(PG_URL), _pg_schema_url)
    yield template
    template.admin.dispose()


def _import_dev_fixture(eng: Engine) -> None:
    from storage.bundle import import_bundle

    import_bundle(eng, DEV_FIXTURE, ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="session")
def _sqlite_dev_template(tmp_path_factory, _sqlite_template) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("dev_template"), _sqlite_template, _import_dev_fixture)


@pytest.fixture(scope="session")
def _pg_dev_template(_pg_template) -> Iterator[str]:
    schema = _pg_template.filled_schema(_import_dev_fixture)
    yield schema
    _pg_template.drop_schema(schema)


@pytest.fixture(params=BACKENDS)
def dev_db_url(request, tmp_path) -> Iterator[str]:
    """Like db_url, holding the dev fixture (fixture2) as `import` writes it (Asia/Shanghai): a
    private copy per test of a database imported once per session."""
    if request.param == "sqlite":
        yield request.getfixturevalue("_sqlite_dev_template").copy_to(tmp_path / "dev.db")
        return
    template = request.getfixturevalue("_pg_template")
    schema = template.clone(request.getfixturevalue("_pg_dev_template"))
    try:
        yield _pg_schema_url(schema)
    finally:
        template.drop_schema(schema)


@pytest.fixture
def dev_engine(dev_db_url) -> Iterator[Engine]:
    """An engine on the per-test copy of the imported dev fixture."""
    eng = make_engine(dev_db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    """An engine on the per-test database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_url(tmp_path, _sqlite_template) -> str:
    """A migrated SQLite file only (for tests that need no backend matrix)."""
    return _sqlite_template.copy_to(tmp_path / "only.db")
