"""The daily digest (CONTRACT.md `salesbot digest`): day D's figures for a team or the whole
org, all through the metrics layer so they agree with `ask`, as short phone-readable text in
the org's language plus up to two charts.

What it says: visits and activities per rep (done ones only), the deals won and lost on D by
name (with the loss reasons), new deals, pipeline and its change, month-to-date target
attainment, money (D's collections, overdue receivables and the customers owing most,
installments due in the week it is read), overdue follow-ups, and — on a working day (one of
`digest.days`) — who logged nothing. `figures` holds every number the text states. A day
after today is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from bot.digest_sections import DigestScope, closed_deals, money_figures
from bot.digest_text import digest_text, format_rate
from domain.settings import DAY_KEYS, Settings
from domain.types import MetricAnswer, MetricQuery, Period
from storage.metrics import compute
from storage.models import User


@dataclass
class Digest:
    """One digest: text, chart PNGs (bytes and, with a chart dir, paths) and its figures."""

    date: date
    team: str | None
    text: str
    figures: dict
    chart_pngs: list[bytes] = field(default_factory=list)
    chart_paths: list[str] = field(default_factory=list)

    def contract_json(self) -> dict:
        """The CONTRACT.md object: {text, charts, date, team, figures}."""
        return {"text": self.text, "charts": self.chart_paths, "date": self.date.isoformat(),
                "team": self.team, "figures": self.figures}


class DigestError(Exception):
    """The digest cannot be made (unknown team, a day in the future, no admin to see the whole org)."""


def _org_viewer(engine: Engine) -> str:
    """An admin's id: the digest counts what the whole org sees."""
    with engine.connect() as conn:
        uid = conn.execute(select(User.id).where(User.role == "admin").order_by(User.id)).scalars().first()
    if uid is None:
        raise DigestError("the digest needs at least one user with role admin")
    return uid


def known_teams(engine: Engine) -> list[str]:
    """Teams that have reps, in name order."""
    with engine.connect() as conn:
        return list(conn.execute(select(User.team).where(User.team.is_not(None), User.role == "rep")
                                 .distinct().order_by(User.team)).scalars())


def is_working_day(settings: Settings, day: date) -> bool:
    """A day the team is expected to log (one of `digest.days`)."""
    return DAY_KEYS[day.weekday()] in settings.digest.days


def build_digest(engine: Engine, settings: Settings, day: date, team: str | None = None,
                 chart_dir: Path | None = None, charts: bool = True, today: date | None = None) -> Digest:
    """Figures, text and charts of day `day` for `team` (None: the whole org).

    `today` (the org's date now, as the caller's clock has it) refuses a day after it."""
    tz = settings.org.tz
    if today is not None and day > today:
        raise DigestError(f"{day.isoformat()} is in the future (today is {today.isoformat()}): "
                          "a digest is of a day that has happened")
    if team is not None and team not in known_teams(engine):
        raise DigestError(f"no team named {team!r}")
    morning_after = datetime.combine(day + timedelta(days=1), time(0), tz)
    scope = DigestScope(engine=engine, org=settings.org, viewer=_org_viewer(engine), team=team, day=day,
                        end_of_day=morning_after - timedelta(microseconds=1), morning_after=morning_after)
    figures, visits, attainment = _figures(scope, is_working_day(settings, day))
    org = settings.org
    digest = Digest(date=day, team=team, text=digest_text(figures, day, team, org.language, org.currency),
                    figures=figures)
    if charts:
        zh = org.language == "zh"
        _add_charts(digest, [(visits, "拜访量" if zh else "Visits", None),
                             (attainment, "本月目标完成率" if zh else "Month-to-date target", format_rate)],
                    org.language, chart_dir)
    return digest


def _figures(scope: DigestScope, working_day: bool) -> tuple[dict, MetricAnswer, MetricAnswer]:
    day = scope.day
    the_day = Period(start=day, end=day)

    def ask(metric: str, period: Period | None = the_day, group_by: str | None = None,
            now: datetime = scope.end_of_day) -> MetricAnswer:
        q = MetricQuery(metric=metric, period=period, group_by=group_by, filters=scope.filters)
        return compute(scope.engine, q, scope.viewer, now, scope.org)

    def by_rep(a: MetricAnswer) -> dict[str, float | None]:
        return {p.label: p.value for p in a.series or []}

    visits = ask("visits", group_by="rep")
    activities = ask("activities", group_by="rep")
    attainment = ask("target_attainment", Period(start=day.replace(day=1), end=day), "rep")
    pipeline_now = ask("pipeline_amount", None).value or 0.0
    pipeline_before = ask("pipeline_amount", None, now=scope.end_of_day - timedelta(days=1)).value or 0.0
    figures = {
        "visits": {k: int(v or 0) for k, v in by_rep(visits).items()},
        "activities": {k: int(v or 0) for k, v in by_rep(activities).items()},
        "total_visits": int(sum(v or 0 for v in by_rep(visits).values())),
        "total_activities": int(sum(v or 0 for v in by_rep(activities).values())),
        "won_deals": int(ask("won_deals").value or 0),
        "won_amount": round(ask("won_amount").value or 0.0, 2),
        "lost_deals": int(ask("lost_deals").value or 0),
        "won": closed_deals(scope, "won"),
        "lost": closed_deals(scope, "lost"),
        "new_deals": int(ask("new_deals").value or 0),
        "pipeline_amount": round(pipeline_now, 2),
        "pipeline_change": round(pipeline_now - pipeline_before, 2),
        "target_attainment": {k: (None if v is None else round(v, 4)) for k, v in by_rep(attainment).items()},
        **money_figures(scope),
        # follow-ups due on or before D are overdue on the morning the digest is read
        "overdue_followups": int(ask("overdue_followups", None, now=scope.morning_after).value or 0),
        "working_day": working_day,
        # nobody is silent on a day off
        "inactive_reps": [p.label for p in ask("inactive_reps").series or []] if working_day else [],
    }
    return figures, visits, attainment


def _add_charts(digest: Digest, charts: list[tuple[MetricAnswer, str, object]], lang: str,
                chart_dir: Path | None) -> None:
    from charts import render_chart

    for i, (answer, title, fmt) in enumerate(charts):
        if not answer.series or not any(p.value for p in answer.series):
            continue
        png = render_chart(answer, lang=lang, title=f"{title} · {digest.date:%m-%d}", value_format=fmt)
        if png is None:
            continue
        digest.chart_pngs.append(png)
        if chart_dir is not None:
            chart_dir.mkdir(parents=True, exist_ok=True)
            path = chart_dir / f"digest-{digest.date}-{digest.team or 'all'}-{i + 1}.png"
            path.write_bytes(png)
            digest.chart_paths.append(str(path))
