"""List answers (METRICS.md "Lists"): the rows a list question shows, from what the asker may see,
with the metrics' filters, in the default order, each with its record's `id`.

    list_rows(engine, request, asker_id, now, org) -> ListRows

Every statement is LIMITed (`cap` rows; the total is counted apart only when the cap is reached) and
driven by an index (deals by expected close or stage event date, activities by customer or user and
day, payments by date, contracts by owner)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import (
    Boolean,
    Engine,
    Float,
    Integer,
    Numeric,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from domain.settings import OrgSettings
from intents.question_lists import ListRequest
from storage.checkins import checkin_label
from storage.list_money import contract_balances, payment_rows
from storage.list_scope import Scope
from storage.metric_core import money, read_clock
from storage.metric_scope import scope_conditions
from storage.metric_sql import OPEN_STAGES, closed_deals, deal_state
from storage.models import Activity, Contact, Customer, DealEvent, User
from storage.visibility import visible_for_role

activities = Activity.__table__
contacts = Contact.__table__
customers = Customer.__table__
events = DealEvent.__table__
users = User.__table__

LIST_CAP = 500


@dataclass
class ListRows:
    """The rows of a list answer (at most the cap) and how many there are in all."""

    rows: list[dict] = field(default_factory=list)
    total: int = 0


def list_rows(engine: Engine, req: ListRequest, asker_id: str, now: datetime, org: OrgSettings,
              cap: int = LIST_CAP) -> ListRows:
    """The rows answering `req` for `asker_id` as of `now`."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=org.tz)
    with engine.connect() as conn:
        role, clock = read_clock(conn, now, org, asker_id, deals_only=True)  # the lists check activities' times
        scope = Scope(asker=asker_id, role=role, visible=visible_for_role(conn, asker_id, role), now=clock.now,
                      today=clock.today, later_deals=clock.later_deals)
        if req.list == "payments":
            rows = (payment_rows if req.which == "received" else contract_balances)(conn, req, scope, org, cap)
            return ListRows(rows=[_plain(r) for r in rows], total=len(rows))
        builder = _BUILDERS.get(req.list)
        if builder is None:
            return ListRows()
        stmt, params = builder(req, scope, org)
        limit = min(cap, req.limit or (5 if req.which == "biggest" else cap))
        if req.list in _COUNTED_WITH_ROWS:
            # rows that cost a per-customer computation: their number comes with the first ones (a window
            # count), so a long list is read once
            result = conn.execute(stmt.add_columns(func.count().over().label("_total")).limit(limit), params)
            convert = _converter(stmt, list(result.keys())[:-1])
            got = [tuple(r) for r in result]
            total = got[0][-1] if got and not req.limit else len(got)
            return ListRows(rows=[convert(r[:-1]) for r in got], total=total)
        # index-driven rows: the LIMITed rows alone; counted apart only when the cut is reached
        result = conn.execute(stmt.limit(limit), params)
        convert = _converter(stmt, list(result.keys()))
        out = [convert(r) for r in result]
        total = len(out)
        if total == limit and not req.limit:
            total = conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery()), params).scalar_one()
        return ListRows(rows=out, total=total)


_NOT_DATES = (String, Integer, Float, Numeric, Boolean)


def _converter(stmt: Select, keys: list[str]) -> Callable[[Sequence], dict]:
    """Row (tuple) -> JSON-ready dict as _plain() makes it: dates as ISO strings, `x_cents` as `x` in
    money. Only the columns whose type may hold a date are looked at."""
    types = [c.type for c in stmt.selected_columns][:len(keys)]
    names = [k.removesuffix("_cents") for k in keys]
    cents = [k.removesuffix("_cents") for k in keys if k.endswith("_cents")]
    maybe_dates = [k for k, t in zip(keys, types, strict=True)
                   if not k.endswith("_cents") and not isinstance(t, _NOT_DATES)]

    def convert(row: Sequence) -> dict:
        out = dict(zip(names, row, strict=True))
        for k in maybe_dates:
            if isinstance(v := out[k], date):
                out[k] = v.isoformat()
        for k in cents:
            out[k] = _units(out[k])
        return out
    return convert


def _plain(row: dict) -> dict:
    """JSON-ready values: dates as ISO strings, cents as money."""
    out: dict[str, object] = {}
    for k, v in row.items():
        if k.endswith("_cents"):
            out[k.removesuffix("_cents")] = _units(v)
        elif isinstance(v, date | datetime):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out


def _units(cents) -> float:
    """Whole base-currency cents as units (list amounts are integer cents already)."""
    if cents is None:
        return 0.0
    return int(cents) / 100 if float(cents).is_integer() else money(cents)


def _params(req: ListRequest, scope: Scope, **extra) -> dict:
    values = {k: v for k, v in req.filters.model_dump().items() if v is not None}
    if scope.visible is not None:
        values["visible"] = sorted(scope.visible)
    if req.period is not None:
        values.update(start=req.period.start, end=req.period.end)
    values.update(now=scope.now, today=scope.today, **extra)
    return values


def _names(req: ListRequest) -> frozenset[str]:
    return frozenset(k for k, v in req.filters.model_dump().items() if v is not None and k != "kind")


def _owner_name(owner: ColumnElement) -> ColumnElement:
    return select(users.c.name).where(users.c.id == owner).scalar_subquery()


def _customer_name(cid: ColumnElement) -> ColumnElement:
    return select(customers.c.name).where(customers.c.id == cid).scalar_subquery()


# ---------- deals ----------

def _deals(req: ListRequest, scope: Scope, org: OrgSettings) -> tuple[Select, dict]:
    stmt = _deal_statement(req.which, _names(req), scope.visible is None, bool(req.customer_id), req.period is not None,
                           bool(req.stage), req.order, scope.later_deals, org.currency, tuple(sorted(org.rates.items())))
    return stmt, _params(req, scope, customer=req.customer_id, stage=req.stage)


@lru_cache(maxsize=128)
def _deal_statement(which: str, names: frozenset[str], everyone: bool, one_customer: bool, has_period: bool,
                    one_stage: bool, order: str | None, later: bool, currency: str,
                    rates: tuple[tuple[str, float], ...]) -> Select:
    """The deals list of a shape (values are bound parameters: customer, start, end, stage), built once."""
    from storage.models import Deal
    deals = Deal.__table__
    org = OrgSettings(currency=currency, rates=dict(rates))
    conds = scope_conditions(deals.c.owner_id, deals.c.customer_id, everyone, names)
    if one_customer:
        conds.append(deals.c.customer_id == bindparam("customer"))
    start: BindParameter[date] = bindparam("start")
    end: BindParameter[date] = bindparam("end")
    if which in ("won", "lost"):
        cd = closed_deals(org, conds, stages=(which,), has_period=has_period, later=later)
        cols = [cd.c.id, _deal_title(cd.c.id).label("title"), _customer_name(cd.c.customer_id).label("customer"),
                _owner_name(cd.c.owner_id).label("owner"), cd.c.amount.label("amount_cents"),
                cd.c.closed_on.label("date")]
        if which == "lost":
            reason = (select(events.c.reason).where(events.c.deal_id == cd.c.id, events.c.stage == "lost")
                      .order_by(events.c.at.desc()).limit(1).scalar_subquery())
            cols.append(reason.label("reason"))
        stmt = select(*cols).where(*([cd.c.closed_on >= start, cd.c.closed_on <= end] if has_period else []))
        by = (cd.c.amount.desc(), cd.c.closed_on.desc(), cd.c.id) if order == "amount" else (cd.c.closed_on.desc(), cd.c.id)
        return stmt.order_by(*by)
    day = deals.c.created_on if which == "new" else deals.c.expected_close
    if has_period:
        conds += [day >= start, day <= end]
    ds = deal_state(org, conds, later=later, materialized=False)
    where: list[ColumnElement[bool]] = [] if which == "new" else [ds.c.stage.in_(OPEN_STAGES)]
    if one_stage:
        where.append(ds.c.stage == bindparam("stage"))
    d, cu = deals.alias("dt"), customers.alias("cu")
    stmt = (select(ds.c.id, d.c.title, cu.c.name.label("customer"), users.c.name.label("owner"), ds.c.stage,
                   ds.c.amount.label("amount_cents"), ds.c.created_on, ds.c.expected_close)
            .select_from(ds.join(d, d.c.id == ds.c.id).join(cu, cu.c.id == ds.c.customer_id)
                         .outerjoin(users, users.c.id == ds.c.owner_id))
            .where(*where))
    if which == "new":  # deals created in the period, newest first
        return stmt.order_by(ds.c.created_on.desc(), ds.c.id)
    if which == "biggest":
        return stmt.order_by(ds.c.amount.desc(), ds.c.id)
    return stmt.order_by(ds.c.expected_close.is_(None), ds.c.expected_close, ds.c.amount.desc(), ds.c.id)


def _deal_title(deal_id: ColumnElement) -> ColumnElement:
    from storage.models import Deal
    deals = Deal.__table__
    return select(deals.c.title).where(deals.c.id == deal_id).scalar_subquery()


# ---------- customers ----------

def _last_done(cid: ColumnElement) -> ColumnElement:
    """The day of the customer's latest done activity up to now."""
    a = activities.alias("la")
    return (select(func.max(a.c.occurred_on))
            .where(a.c.customer_id == cid, a.c.status == "done", a.c.occurred_at <= literal_now())
            .scalar_subquery())


def literal_now() -> ColumnElement:
    return bindparam("now")


def _customers(req: ListRequest, scope: Scope, org: OrgSettings) -> tuple[Select, dict]:
    c = customers
    names = _names(req)
    everyone = scope.visible is None
    conds: list[ColumnElement] = []
    if req.which == "pool":
        conds = [c.c.owner_id.is_(None)] + scope_conditions(c.c.owner_id, None, True, names - {"rep", "team"})
    elif req.which == "one":
        conds = [c.c.id == req.customer_id]
        if not everyone:
            conds.append(or_(c.c.owner_id.is_(None), c.c.owner_id.in_(sorted(scope.visible or ()))))
    elif req.which == "mine" and scope.role == "rep":
        conds = [c.c.owner_id == scope.asker] + scope_conditions(c.c.owner_id, None, True, names)
    else:
        conds = scope_conditions(c.c.owner_id, None, everyone, names)
        if req.which in ("stale", "mine"):
            conds.append(c.c.owner_id.is_not(None))
    if req.place:
        conds.append(c.c.name.contains(req.place, autoescape=True))
    last = _last_done(c.c.id).label("last_activity")
    cols = [c.c.id, c.c.name, c.c.tier, _owner_name(c.c.owner_id).label("owner")]
    if req.which == "new":
        conds += [c.c.created_on >= literal(req.period.start), c.c.created_on <= literal(req.period.end)] if req.period else []
        return select(*cols, c.c.created_on).where(*conds).order_by(c.c.name, c.c.id), _params(req, scope)
    if req.which == "stale":
        cutoff = scope.today - timedelta(days=req.days or 30)
        idle_from = func.coalesce(_last_done(c.c.id), c.c.created_on)
        stmt = (select(*cols, last, c.c.created_on).where(*conds, idle_from < literal(cutoff))
                .order_by(idle_from, c.c.id))
        return stmt, _params(req, scope)
    return select(*cols, last).where(*conds).order_by(c.c.name, c.c.id), _params(req, scope)


# ---------- activities ----------

def _activities(req: ListRequest, scope: Scope, org: OrgSettings) -> tuple[Select, dict]:
    stmt = _activity_statement(_names(req), scope.visible is None, bool(req.customer_id), bool(req.filters.kind),
                               req.period is not None)
    return stmt, _params(req, scope, customer=req.customer_id)


@lru_cache(maxsize=64)
def _activity_statement(names: frozenset[str], everyone: bool, one_customer: bool, one_kind: bool,
                        has_period: bool) -> Select:
    """The done activities up to now of a shape (values are bound parameters: customer, kind, start, end),
    newest first, built once."""
    a = activities
    conds = scope_conditions(a.c.user_id, a.c.customer_id, everyone, names)
    conds += [a.c.status == "done", a.c.occurred_at <= literal_now()]
    if one_customer:
        conds.append(a.c.customer_id == bindparam("customer"))
    if one_kind:
        conds.append(a.c.kind == bindparam("kind"))
    if has_period:
        conds += [a.c.occurred_on >= bindparam("start"), a.c.occurred_on <= bindparam("end")]
    return (select(a.c.id, a.c.occurred_on.label("date"), _owner_name(a.c.user_id).label("rep"),
                   _customer_name(a.c.customer_id).label("customer"), a.c.kind, a.c.summary, a.c.next_step,
                   checkin_label().label("checkin"))  # the label of the visit's field check-in, or null
            .where(*conds).order_by(a.c.occurred_at.desc(), a.c.id.desc()))


# ---------- contacts ----------

def _contacts(req: ListRequest, scope: Scope, org: OrgSettings) -> tuple[Select, dict]:
    p, c = contacts, customers
    conds: list[ColumnElement] = []
    if scope.visible is not None:
        conds.append(or_(c.c.owner_id.is_(None), c.c.owner_id.in_(sorted(scope.visible))))
    if req.customer_id:
        conds.append(p.c.customer_id == req.customer_id)
    if req.contact_ids:
        conds.append(p.c.id.in_(list(req.contact_ids)))
    elif req.contact_surname:
        conds.append(p.c.name.like(req.contact_surname + "%"))
    elif not req.customer_id:
        conds.append(literal(False))
    stmt = (select(p.c.id, p.c.name, p.c.title, p.c.phone, c.c.name.label("customer"))
            .select_from(p.join(c, c.c.id == p.c.customer_id)).where(*conds).order_by(p.c.name, p.c.id))
    return stmt, _params(req, scope)


# ---------- follow-ups ----------

def _followups(req: ListRequest, scope: Scope, org: OrgSettings) -> tuple[Select, dict]:
    """Customers with an open follow-up (the latest done activity's follow-up date, or a planned
    activity's day) due in the period, or overdue (before today). Each customer's two dates are read
    once (a materialized CTE: one index probe each), then filtered and ordered."""
    c = customers
    a = activities.alias("fd")
    latest = (select(a.c.followup_date).where(a.c.customer_id == c.c.id, a.c.status == "done",
                                               a.c.occurred_at <= literal_now())
              .order_by(a.c.occurred_at.desc(), a.c.id.desc()).limit(1).scalar_subquery())
    p = activities.alias("pl")
    if req.which == "overdue":
        lo, hi = None, scope.today - timedelta(days=1)
    else:
        period = req.period
        lo, hi = (period.start, period.end) if period else (scope.today, scope.today)
    in_range = lambda col: and_(*([col >= literal(lo)] if lo else []), col <= literal(hi))  # noqa: E731
    # `status || ''`: probe the customer's index, not the (status, day) one, for each customer
    planned = (select(func.min(p.c.occurred_on)).where(p.c.customer_id == c.c.id, (p.c.status + "") == "planned",
                                                       in_range(p.c.occurred_on)).scalar_subquery())
    conds = scope_conditions(c.c.owner_id, None, scope.visible is None, _names(req))
    if scope.visible is not None:
        conds.append(c.c.owner_id.is_not(None))
    if req.customer_id:
        conds.append(c.c.id == req.customer_id)
    dates = (select(c.c.id, c.c.name, c.c.owner_id, latest.label("latest"), planned.label("planned"))
             .where(*conds).cte("fu").prefix_with("MATERIALIZED"))
    follow = case((in_range(dates.c.latest), dates.c.latest), else_=null())
    due = case((and_(follow.is_not(None), or_(dates.c.planned.is_(None), follow <= dates.c.planned)), follow),
               else_=dates.c.planned)
    stmt = (select(dates.c.id, dates.c.name, users.c.name.label("owner"), due.label("due"))
            .select_from(dates.outerjoin(users, users.c.id == dates.c.owner_id))
            .where(or_(in_range(dates.c.latest), dates.c.planned.is_not(None)))
            .order_by(due, dates.c.id))
    return stmt, _params(req, scope)


_BUILDERS = {"deals": _deals, "customers": _customers, "activities": _activities, "contacts": _contacts,
             "followups": _followups}
_COUNTED_WITH_ROWS = frozenset({"followups"})
