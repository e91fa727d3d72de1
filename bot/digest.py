"""The daily digest (CONTRACT.md `salesbot digest`): day D's figures for a team or the whole
org, all through the metrics layer so they agree with `ask`, as short phone-readable text in
the org's language plus up to two charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from bot.answer_text import format_money, format_rate
from domain.settings import Settings
from domain.types import Filters, MetricAnswer, MetricQuery, Period
from storage.metrics import compute
from storage.models import User

WEEKDAYS = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


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
    """The digest cannot be made (unknown team, no admin to see the whole org)."""


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


def build_digest(engine: Engine, settings: Settings, day: date, team: str | None = None,
                 chart_dir: Path | None = None, charts: bool = True) -> Digest:
    """Figures, text and charts of day `day` for `team` (None: the whole org)."""
    if team is not None and team not in known_teams(engine):
        raise DigestError(f"no team named {team!r}")
    org = settings.org
    tz = org.tz
    viewer = _org_viewer(engine)
    end_of_day = datetime.combine(day + timedelta(days=1), time(0), tz) - timedelta(microseconds=1)
    morning_after = datetime.combine(day + timedelta(days=1), time(0), tz)
    filters = Filters(team=team)
    the_day = Period(start=day, end=day)

    def ask(metric: str, period: Period | None = the_day, group_by: str | None = None,
            now: datetime = end_of_day) -> MetricAnswer:
        q = MetricQuery(metric=metric, period=period, group_by=group_by, filters=filters)
        return compute(engine, q, viewer, now, org)

    def by_rep(a: MetricAnswer) -> dict[str, float | None]:
        return {p.label: p.value for p in a.series or []}

    visits = ask("visits", group_by="rep")
    activities = ask("activities", group_by="rep")
    attainment = ask("target_attainment", Period(start=day.replace(day=1), end=day), "rep")
    pipeline_now = ask("pipeline_amount", None).value or 0.0
    pipeline_before = ask("pipeline_amount", None, now=end_of_day - timedelta(days=1)).value or 0.0
    inactive = ask("inactive_reps")
    figures = {
        "visits": {k: int(v or 0) for k, v in by_rep(visits).items()},
        "activities": {k: int(v or 0) for k, v in by_rep(activities).items()},
        "won_deals": int(ask("won_deals").value or 0),
        "won_amount": round(ask("won_amount").value or 0.0, 2),
        "lost_deals": int(ask("lost_deals").value or 0),
        "new_deals": int(ask("new_deals").value or 0),
        "pipeline_amount": round(pipeline_now, 2),
        "pipeline_change": round(pipeline_now - pipeline_before, 2),
        "target_attainment": {k: (None if v is None else round(v, 4)) for k, v in by_rep(attainment).items()},
        # follow-ups due on or before D are overdue on the morning the digest is read
        "overdue_followups": int(ask("overdue_followups", None, now=morning_after).value or 0),
        "inactive_reps": [p.label for p in inactive.series or []],
    }
    digest = Digest(date=day, team=team, text=digest_text(figures, day, team, org.language, org.currency),
                    figures=figures)
    if charts:
        zh = org.language == "zh"
        _add_charts(digest, [(visits, "拜访量" if zh else "Visits", None),
                             (attainment, "本月目标完成率" if zh else "Month-to-date target", _pct)],
                    org.language, chart_dir)
    return digest


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


def _money(v: float, currency: str, signed: bool = False) -> str:
    if not signed:
        return format_money(v, currency)
    return ("+" if v > 0 else "-" if v < 0 else "±") + format_money(abs(v), currency)


def _pct(v: float | None) -> str:
    return format_rate(v)


def digest_text(f: dict, day: date, team: str | None, lang: str, currency: str) -> str:
    """Short, phone-readable digest text in `lang` (zh or en)."""
    wd = WEEKDAYS[lang][day.weekday()]
    visits = " · ".join(f"{k} {v}" for k, v in sorted(f["visits"].items(), key=lambda kv: -kv[1]))
    total_visits = sum(f["visits"].values())
    total_acts = sum(f["activities"].values())
    att = " · ".join(f"{k} {_pct(v)}" for k, v in f["target_attainment"].items())
    m = lambda v, s=False: _money(v, currency, s)  # noqa: E731
    if lang == "en":
        lines = [f"📊 Daily digest{' · ' + team if team else ''} · {day:%m-%d} ({wd})",
                 f"Visits: {total_visits} ({visits or 'no reps'})" if visits else f"Visits: {total_visits}",
                 f"Activities: {total_acts}",
                 f"💰 Won {f['won_deals']} ({m(f['won_amount'])}) · lost {f['lost_deals']} · new deals {f['new_deals']}",
                 f"📈 Pipeline {m(f['pipeline_amount'])} ({m(f['pipeline_change'], True)} on the day)",
                 f"🎯 Month-to-date target: {att}" if att else "🎯 No targets set this month",
                 f"⏰ Overdue follow-ups: {f['overdue_followups']} customers"]
        if f["inactive_reps"]:
            lines.append(f"😴 Nothing logged: {', '.join(f['inactive_reps'])}")
        return "\n".join(lines)
    lines = [f"📊 {team + ' ' if team else ''}日报 · {day.month}月{day.day}日（周{wd}）",
             f"拜访 {total_visits} 次：{visits}" if visits else f"拜访 {total_visits} 次",
             f"跟进 {total_acts} 次",
             f"💰 赢单 {f['won_deals']} 单 {m(f['won_amount'])} · 输单 {f['lost_deals']} · 新增商机 {f['new_deals']}",
             f"📈 在手商机 {m(f['pipeline_amount'])}（当日 {m(f['pipeline_change'], True)}）",
             f"🎯 本月目标完成率：{att}" if att else "🎯 本月未设目标",
             f"⏰ 逾期跟进 {f['overdue_followups']} 个客户"]
    if f["inactive_reps"]:
        lines.append(f"😴 当日无记录：{'、'.join(f['inactive_reps'])}")
    return "\n".join(lines)
