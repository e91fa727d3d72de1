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


def test_migration_0005_keeps_existing_activities_done(engine):
    """Down to 0004 (before activity status and contracts) and up again: rows written under the
    old schema come back `done`, with no email and no contracts."""
    from sqlalchemy import text

    from storage.db import upgrade as up

    _downgrade(engine, "0004")
    names = set(inspect(engine).get_table_names())
    assert "contracts" not in names and "payments" not in names
    assert "status" not in {c["name"] for c in inspect(engine).get_columns("activities")}
    with engine.begin() as c:
        c.execute(text("INSERT INTO users (id, name, role) VALUES ('U1', 'u', 'rep')"))
        c.execute(text("INSERT INTO customers (id, name, aliases, created_at, created_on) "
                       "VALUES ('C1', 'c', '', '2026-11-01 02:00:00.000000', '2026-11-01')"))
        c.execute(text("INSERT INTO contacts (id, customer_id, name) VALUES ('P1', 'C1', 'p')"))
        c.execute(text("INSERT INTO activities (id, user_id, customer_id, kind, occurred_at, occurred_on, summary, "
                       "next_step) VALUES ('A1', 'U1', 'C1', 'visit', '2026-11-01 02:00:00.000000', '2026-11-01', "
                       "'s', '')"))
    up(engine)
    assert (current_revision(engine) or "") >= "0005"
    with engine.connect() as c:
        assert c.execute(text("SELECT status FROM activities WHERE id = 'A1'")).scalar_one() == "done"
        assert c.execute(text("SELECT email FROM contacts WHERE id = 'P1'")).scalar_one() is None
        assert c.execute(text("SELECT COUNT(*) FROM contracts")).scalar_one() == 0
    index_cols = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("activities")}
    assert index_cols["ix_activities_user_on_kind"] == ["user_id", "occurred_on", "kind", "status"]
    assert index_cols["ix_activities_status_on"] == ["status", "occurred_on"]


def _downgrade(engine, revision: str) -> None:
    from alembic import command

    from storage.db import alembic_config

    command.downgrade(alembic_config(engine), revision)
