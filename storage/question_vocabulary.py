"""The organisation's vocabulary for question understanding, read from the database."""

from __future__ import annotations

from sqlalchemy import Engine, select

from intents.questions import QuestionVocabulary
from storage.models import Customer, User


def _values(rows, i: int) -> list[str]:
    return sorted({str(r[i]).strip() for r in rows if r[i] is not None and str(r[i]).strip()})


def load_question_vocabulary(engine: Engine) -> QuestionVocabulary:
    """Names of users and teams, and the stored tiers, regions, industries and sources."""
    users, customers = User.__table__, Customer.__table__
    with engine.connect() as conn:
        people = conn.execute(select(users.c.id, users.c.name, users.c.role, users.c.team)).all()
        # one scan for the four attributes: their distinct combinations are few
        attrs = conn.execute(select(customers.c.tier, customers.c.region, customers.c.industry,
                                    customers.c.source).distinct()).all()
    return QuestionVocabulary(
        reps={name.strip(): uid for uid, name, _, _ in people if name and name.strip()},
        roles={uid: role for uid, _, role, _ in people},
        teams=_values(people, 3),
        tiers=_values(attrs, 0),
        regions=_values(attrs, 1),
        industries=_values(attrs, 2),
        sources=_values(attrs, 3),
    )
