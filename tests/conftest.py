"""Shared fixtures: a fresh, migrated database per test on SQLite and, when
SALESBOT_TEST_POSTGRES_URL is set, on PostgreSQL (a schema of its own per test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from storage.db import make_engine, normalise_url, upgrade

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
        url = f"sqlite:///{tmp_path / 'test.db'}"
        upgrade(make_engine(url))
        yield url
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _pg_schema_url(schema)
    eng = make_engine(url)
    upgrade(eng)
    eng.dispose()
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    """An engine on the per-test database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A migrated SQLite file only (for tests that need no backend matrix)."""
    url = f"sqlite:///{tmp_path / 'only.db'}"
    upgrade(make_engine(url))
    return url
