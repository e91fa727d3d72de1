from sqlalchemy import inspect

from storage.db import current_revision, ping, upgrade


def test_migrated_schema_has_every_table(engine):
    names = set(inspect(engine).get_table_names())
    for t in ("users", "customers", "contacts", "deals", "deal_events", "activities", "targets",
              "inbound_messages", "audit_log", "conversation_state", "outbox"):
        assert t in names
    assert current_revision(engine) is not None
    assert ping(engine)


def test_upgrade_is_idempotent(engine):
    before = current_revision(engine)
    upgrade(engine)
    assert current_revision(engine) == before


def test_migrations_match_the_models(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import storage.models  # noqa: F401

    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from storage.db import make_engine

    eng = make_engine(sqlite_url)
    with eng.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    import pytest

    with pytest.raises(IntegrityError), eng.begin() as conn:
        conn.execute(text("INSERT INTO contacts (id, customer_id, name) VALUES ('P1', 'NO-SUCH', 'x')"))
