"""The question vocabulary read from the database, and its cache seeing changes at once."""

from __future__ import annotations

from sqlalchemy import update

from storage.models import Customer
from storage.question_vocabulary import load_question_vocabulary
from tests.metrics_support import team


def test_vocabulary_holds_stored_names_and_values(engine):
    team(engine)
    v = load_question_vocabulary(engine)
    assert v.reps["Alice"] == "R1" and v.reps["Mia"] == "M1"
    assert v.roles["R1"] == "rep" and v.roles["A0"] == "admin"
    assert v.teams == ["East", "South"]
    assert v.user_teams["R3"] == "East" and v.user_teams["M2"] == "South" and "A0" not in v.user_teams
    assert v.tiers == ["A", "B", "C"]
    assert v.regions == ["North", "South", "West"]
    assert v.industries == ["Energy", "Retail"]
    assert v.sources == ["Fair", "Referral", "Web"]


def test_new_users_and_customers_are_seen_at_once(engine):
    w = team(engine)
    assert "Eve" not in load_question_vocabulary(engine).reps
    w.user("R9", "Eve", team="North", manager="M1")
    v = load_question_vocabulary(engine)
    assert v.reps["Eve"] == "R9" and "North" in v.teams
    w.customer("C9", "R9", created="2026-11-19", region="Central")
    assert "Central" in load_question_vocabulary(engine).regions


def test_an_edit_is_seen_once_the_cache_is_old(engine):
    """An edit that keeps the counts is picked up when the cached copy is older than max_age."""
    team(engine)
    load_question_vocabulary(engine)
    with engine.begin() as conn:
        conn.execute(update(Customer.__table__).where(Customer.__table__.c.id == "C1").values(industry="Mining"))
    assert "Mining" in load_question_vocabulary(engine, max_age=0).industries
