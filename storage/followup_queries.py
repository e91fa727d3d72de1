"""Follow-up queries for nudges and "my follow-ups": in SQL, newest activity per customer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, and_, func, select

from storage.models import Activity, Customer, User

A = Activity.__table__
C = Customer.__table__
U = User.__table__


def latest_activity_per_customer():
    """Subquery (customer_id, followup_date, user_id) of each customer's most recent done activity (a plan
    is no activity yet)."""
    ranked = select(A.c.customer_id, A.c.followup_date, A.c.user_id,
                    func.row_number().over(partition_by=A.c.customer_id,
                                           order_by=(A.c.occurred_at.desc(), A.c.id.desc())).label("rn")
                    ).where(A.c.status == "done").subquery()
    return select(ranked.c.customer_id, ranked.c.followup_date, ranked.c.user_id).where(ranked.c.rn == 1).subquery()


def overdue_by_owner(conn: Connection, today: date, limit_per_owner: int = 5) -> dict[str, list[tuple[str, date]]]:
    """Owner id -> [(customer name, follow-up date)] of customers whose latest follow-up date is before today."""
    last = latest_activity_per_customer()
    q = (select(C.c.owner_id, C.c.name, last.c.followup_date)
         .join(last, last.c.customer_id == C.c.id)
         .where(and_(C.c.owner_id.is_not(None), last.c.followup_date.is_not(None), last.c.followup_date < today))
         .order_by(C.c.owner_id, last.c.followup_date, C.c.name))
    out: dict[str, list[tuple[str, date]]] = {}
    for owner, name, due in conn.execute(q):
        bucket = out.setdefault(owner, [])
        if len(bucket) < limit_per_owner:
            bucket.append((name, due))
    return out


def reps_without_activity(conn: Connection, day: date) -> list[tuple[str, str, str | None, str | None]]:
    """(id, name, telegram_id, wecom_userid) of reps who logged nothing on `day`."""
    logged = select(A.c.user_id).where(A.c.occurred_on == day, A.c.status == "done")
    q = (select(U.c.id, U.c.name, U.c.telegram_id, U.c.wecom_userid)
         .where(U.c.role == "rep", U.c.id.not_in(logged)).order_by(U.c.id))
    return [tuple(r) for r in conn.execute(q)]


def user_channels(conn: Connection, user_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """User id -> (telegram_id, wecom_userid)."""
    q = select(U.c.id, U.c.telegram_id, U.c.wecom_userid).where(U.c.id.in_(user_ids))
    return {r[0]: (r[1], r[2]) for r in conn.execute(q)}
