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
