"""The per-test databases copied from session templates (tests/dbtemplate.py) are what a real
migration and a real `import` give: same tables, columns, indexes and constraints, same rows,
serial ids that go on after the copied ones, and no test sees another's writes."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text

from storage.db import current_revision, make_engine, upgrade
from tests.conftest import DEV_FIXTURE, _pg_schema_url


def _shape(url: str) -> dict:
    """Tables -> (columns with types and nullability, indexes, foreign keys), read by SQLAlchemy."""
    eng = make_engine(url)
    try:
        insp = inspect(eng)
        return {t: ({(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(t)},
                    {(i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(t)},
                    {(tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                     for f in insp.get_foreign_keys(t)})
                for t in insp.get_table_names()}
    finally:
        eng.dispose()


@pytest.fixture
def fresh_url(db_url, tmp_path, request) -> Iterator[str]:
    """A database of the same kind as db_url, migrated by a real `upgrade()` (no template)."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        upgrade(make_engine(url))
        yield url
        return
    template = request.getfixturevalue("_pg_template")
    schema = template.create_schema()
    try:
        url = _pg_schema_url(schema)
        eng = make_engine(url)
        upgrade(eng)
        eng.dispose()
        yield url
    finally:
        template.drop_schema(schema)


def test_copied_schema_is_the_migrated_schema(db_url, fresh_url):
    got, want = _shape(db_url), _shape(fresh_url)
    assert "alembic_version" in got and "activities" in got and "checkins" in got
    assert got == want
    eng = make_engine(db_url)
    assert current_revision(eng) == current_revision(make_engine(fresh_url)) is not None
    upgrade(eng)  # already at head: nothing to do, nothing fails
    eng.dispose()


def _csv_rows(name: str) -> int:
    with (DEV_FIXTURE / name).open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


@pytest.mark.parametrize("table", ["users", "customers", "contacts", "deals", "deal_events", "activities",
                                   "targets", "contracts", "installments", "payments"])
def test_dev_copy_holds_every_fixture_row(dev_engine, table):
    with dev_engine.connect() as c:
        assert c.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() == _csv_rows(f"{table}.csv")


def test_dev_copy_serial_ids_go_on_after_the_copied_rows(dev_engine):
    with dev_engine.begin() as c:
        top = c.execute(text("SELECT MAX(id) FROM deal_events")).scalar_one()
        deal = c.execute(text("SELECT id FROM deals ORDER BY id LIMIT 1")).scalar_one()
        c.execute(text("INSERT INTO deal_events (deal_id, at, on_date, stage) "
                       "VALUES (:d, '2031-01-02 10:00:00+08', '2031-01-02', 'won')"), {"d": deal})
        new = c.execute(text("SELECT MAX(id) FROM deal_events")).scalar_one()
    assert top > 300 and new == top + 1


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_gets_its_own_copy(dev_engine, round_):
    """Run twice: the second run must not see the first's delete."""
    with dev_engine.begin() as c:
        before = c.execute(text("SELECT COUNT(*) FROM targets")).scalar_one()
        c.execute(text("DELETE FROM targets"))
    assert before == _csv_rows("targets.csv") > 0
