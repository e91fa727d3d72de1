"""The organisation's vocabulary for question understanding, read from the database."""

from __future__ import annotations

from sqlalchemy import Engine, select

from intents.questions import QuestionVocabulary
from storage.models import Customer, User


def _distinct(conn, column) -> list[str]:
    rows = conn.execute(select(column).where(column.is_not(None)).distinct())
    return sorted({str(v).strip() for (v,) in rows if v is not None and str(v).strip()})


def load_question_vocabulary(engine: Engine) -> QuestionVocabulary:
    """Names of users and teams, and the stored tiers, regions, industries and sources."""
    users, customers = User.__table__, Customer.__table__
    with engine.connect() as conn:
        people = conn.execute(select(users.c.id, users.c.name, users.c.role)).all()
        return QuestionVocabulary(
            reps={name.strip(): uid for uid, name, _ in people if name and name.strip()},
            roles={uid: role for uid, _, role in people},
            teams=_distinct(conn, users.c.team),
            tiers=_distinct(conn, customers.c.tier),
            regions=_distinct(conn, customers.c.region),
            industries=_distinct(conn, customers.c.industry),
            sources=_distinct(conn, customers.c.source),
        )
