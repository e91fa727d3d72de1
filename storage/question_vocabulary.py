"""The organisation's vocabulary for question understanding, read from the database.

Reading the distinct regions, industries and sources scans the customers table, so the
vocabulary is cached per database for a short while and re-read at once when the users or
customers change (a cheap, index-backed fingerprint is checked on every call)."""

from __future__ import annotations

import time

from sqlalchemy import Engine, func, select

from intents.questions import QuestionVocabulary
from storage.models import Customer, User

MAX_AGE_SECONDS = 60.0
_CACHE: dict[str, tuple[tuple, float, QuestionVocabulary]] = {}


def _values(rows, i: int) -> list[str]:
    return sorted({str(r[i]).strip() for r in rows if r[i] is not None and str(r[i]).strip()})


def _fingerprint(conn) -> tuple:
    users, customers = User.__table__, Customer.__table__
    return tuple(conn.execute(select(
        select(func.count()).select_from(users).scalar_subquery(),
        select(func.count()).select_from(customers).scalar_subquery(),
        select(func.max(customers.c.created_on)).scalar_subquery(),
    )).one())


def _read(conn) -> QuestionVocabulary:
    users, customers = User.__table__, Customer.__table__
    people = conn.execute(select(users.c.id, users.c.name, users.c.role, users.c.team)).all()
    distinct = {col.name: [v for (v,) in conn.execute(select(col).where(col.is_not(None)).distinct())]
                for col in (customers.c.tier, customers.c.region, customers.c.industry, customers.c.source)}
    clean = lambda vs: sorted({str(v).strip() for v in vs if str(v).strip()})  # noqa: E731
    return QuestionVocabulary(
        reps={name.strip(): uid for uid, name, _, _ in people if name and name.strip()},
        roles={uid: role for uid, _, role, _ in people},
        user_teams={uid: str(team).strip() for uid, _, _, team in people if team and str(team).strip()},
        teams=_values(people, 3),
        tiers=clean(distinct["tier"]),
        regions=clean(distinct["region"]),
        industries=clean(distinct["industry"]),
        sources=clean(distinct["source"]),
    )


def load_question_vocabulary(engine: Engine, *, max_age: float = MAX_AGE_SECONDS) -> QuestionVocabulary:
    """Names of users and teams, and the stored tiers, regions, industries and sources."""
    key = engine.url.render_as_string(hide_password=False)
    with engine.connect() as conn:
        mark = _fingerprint(conn)
        hit = _CACHE.get(key)
        if hit and hit[0] == mark and time.monotonic() - hit[1] < max_age:
            return hit[2]
        vocab = _read(conn)
    _CACHE[key] = (mark, time.monotonic(), vocab)
    return vocab
