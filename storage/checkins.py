"""Check-ins (外勤签到): a location a rep shared, kept with the on-site visit it belongs to — the
rep's latest on-site activity of that day, or the next one the rep logs within two hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from storage.models import Activity, Checkin, Customer, User
from storage.visibility import visible_user_ids

checkins = Checkin.__table__
activities = Activity.__table__
customers = Customer.__table__
users = User.__table__

ON_SITE_KINDS = ("visit", "meeting", "demo")  # activities done in person, where a check-in belongs
ATTACH_WINDOW = timedelta(hours=2)  # a check-in waits this long for the visit the rep logs next


@dataclass
class CheckinRow:
    """One check-in as listed: who, where, when and the visit it went with."""

    id: int
    user_id: str
    user_name: str
    lat: float
    lon: float
    label: str
    at: datetime
    activity_id: str | None
    customer: str | None


def add(conn: Connection, *, user_id: str, lat: float, lon: float, label: str, at: datetime,
        message_id: int | None, activity_id: str | None) -> int:
    """Store one check-in; its id."""
    res = conn.execute(insert(checkins).values(user_id=user_id, lat=lat, lon=lon, label=label, at=at,
                                               message_id=message_id, activity_id=activity_id))
    key = res.inserted_primary_key
    assert key is not None  # an INSERT of one row always reports its key
    return int(key[0])


def latest_at(conn: Connection, user_id: str) -> datetime | None:
    """When the user last checked in (None: never)."""
    return conn.execute(select(checkins.c.at).where(checkins.c.user_id == user_id)
                        .order_by(checkins.c.at.desc()).limit(1)).scalar_one_or_none()


def visit_of_day(conn: Connection, user_id: str, day: date) -> tuple[str, str] | None:
    """(activity id, customer name) of the rep's latest done on-site activity on `day`, or None."""
    row = conn.execute(
        select(activities.c.id, customers.c.name)
        .join(customers, customers.c.id == activities.c.customer_id)
        .where(activities.c.user_id == user_id, activities.c.occurred_on == day,
               activities.c.status == "done", activities.c.kind.in_(ON_SITE_KINDS))
        .order_by(activities.c.occurred_at.desc(), activities.c.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def attach_waiting(conn: Connection, user_id: str, now: datetime) -> list[str]:
    """Give each check-in the rep shared in the last two hours, not yet with a visit, to the first done
    on-site activity the rep logged after it (from a later message); the labels attached."""
    waiting = conn.execute(
        select(checkins.c.id, checkins.c.label, checkins.c.message_id)
        .where(checkins.c.user_id == user_id, checkins.c.activity_id.is_(None),
               checkins.c.message_id.is_not(None), checkins.c.at >= now - ATTACH_WINDOW, checkins.c.at <= now)
        .order_by(checkins.c.at)).all()
    attached = []
    for cid, label, mid in waiting:
        act = conn.execute(
            select(activities.c.id)
            .where(activities.c.user_id == user_id, activities.c.message_id > mid,
                   activities.c.status == "done", activities.c.kind.in_(ON_SITE_KINDS))
            .order_by(activities.c.message_id, activities.c.occurred_at, activities.c.id).limit(1)
        ).scalar_one_or_none()
        if act is not None:
            conn.execute(update(checkins).where(checkins.c.id == cid).values(activity_id=act))
            attached.append(label)
    return attached


def any_checkin(conn: Connection) -> bool:
    """True when some activity has a check-in (exports then write the `checkin` column)."""
    return conn.execute(select(checkins.c.id).where(checkins.c.activity_id.is_not(None)).limit(1)).first() is not None


def checkin_label():
    """A column for a select over activities: the label of the activity's latest check-in (NULL: none)."""
    return (select(checkins.c.label).where(checkins.c.activity_id == activities.c.id)
            .order_by(checkins.c.at.desc(), checkins.c.id.desc()).limit(1).scalar_subquery())


def labels_by_activity(conn: Connection, activity_ids: list[str] | None = None) -> dict[str, str]:
    """The check-in label of each activity that has one (the latest, when several); all when ids is None."""
    q = select(checkins.c.activity_id, checkins.c.label).where(checkins.c.activity_id.is_not(None))
    if activity_ids is not None:
        if not activity_ids:
            return {}
        q = q.where(checkins.c.activity_id.in_(activity_ids))
    out: dict[str, str] = {}
    for aid, label in conn.execute(q.order_by(checkins.c.at, checkins.c.id)):
        out[aid] = label or ""
    return out


def in_view(conn: Connection, asker_id: str, start: datetime, end: datetime) -> list[CheckinRow]:
    """The check-ins in [start, end) of the users the asker may see, oldest first."""
    seen = visible_user_ids(conn, asker_id)
    q = (select(checkins.c.id, checkins.c.user_id, users.c.name, checkins.c.lat, checkins.c.lon,
                checkins.c.label, checkins.c.at, checkins.c.activity_id, customers.c.name)
         .join(users, users.c.id == checkins.c.user_id)
         .outerjoin(activities, activities.c.id == checkins.c.activity_id)
         .outerjoin(customers, customers.c.id == activities.c.customer_id)
         .where(checkins.c.at >= start, checkins.c.at < end))
    if seen is not None:
        q = q.where(checkins.c.user_id.in_(sorted(seen)))
    return [CheckinRow(*r) for r in conn.execute(q.order_by(checkins.c.at, checkins.c.id))]
