"""Words and numbers of answers in Chinese and English: metric names, periods, money,
rates, day counts, and the short text of a metric answer (reused by the digest)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.labels import KIND_LABELS, KIND_PLURALS_EN, STAGE_LABELS
from domain.types import MONEY_METRICS, PIPELINE_METRICS, MetricAnswer, Period

METRIC_NAMES: dict[str, tuple[str, str]] = {
    "activities": ("跟进次数", "activities"),
    "visits": ("拜访量", "visits"),
    "new_leads": ("新增客户", "new leads"),
    "new_deals": ("新增商机", "new deals"),
    "won_deals": ("赢单数", "deals won"),
    "lost_deals": ("输单数", "deals lost"),
    "won_amount": ("成交金额", "revenue"),
    "win_rate": ("转化率", "win rate"),
    "avg_deal_size": ("客单价", "average deal size"),
    "sales_cycle_days": ("销售周期", "sales cycle"),
    "pipeline_amount": ("在手商机金额", "pipeline"),
    "weighted_pipeline": ("加权管道", "weighted pipeline"),
    "open_deals": ("在手商机数", "open deals"),
    "target_attainment": ("目标完成率", "target attainment"),
    "inactive_reps": ("没有跟进的销售", "reps with no activity"),
    "overdue_followups": ("逾期跟进", "overdue follow-ups"),
    "stale_customers": ("久未跟进客户", "customers with no recent follow-up"),
    "contract_amount": ("合同金额", "contract value"),
    "collected_amount": ("回款金额", "payments received"),
    "receivables": ("应收款", "receivables"),
    "overdue_receivables": ("逾期应收", "overdue receivables"),
    "collection_rate": ("回款率", "collection rate"),
}
GROUP_NAMES: dict[str, tuple[str, str]] = {
    "rep": ("各销售", "by rep"), "team": ("各团队", "by team"), "customer": ("各客户", "by customer"), "stage": ("各阶段", "by stage"),
    "tier": ("各级别客户", "by tier"), "region": ("各区域", "by region"), "industry": ("各行业", "by industry"),
    "source": ("各来源", "by source"), "kind": ("各类型", "by kind"), "day": ("每天", "by day"),
    "week": ("每周", "by week"), "month": ("每月", "by month"),
}
KIND_NAMES: dict[str, tuple[str, str]] = {k: (KIND_LABELS["zh"][k], KIND_PLURALS_EN[k]) for k in KIND_LABELS["zh"]}
STAGE_NAMES: dict[str, tuple[str, str]] = {k: (STAGE_LABELS["zh"][k], STAGE_LABELS["en"][k]) for k in STAGE_LABELS["zh"]}
CURRENCY_SIGNS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}
SERIES_LINES = 8
RATES = ("win_rate", "avg_deal_size", "sales_cycle_days", "target_attainment", "collection_rate")  # never summed


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def format_money(value: float | None, currency: str = "CNY", lang: str = "zh") -> str:
    """'¥1,234,500' (cents shown only for small amounts that have them)."""
    if value is None:
        return "–"
    sign = CURRENCY_SIGNS.get(currency.upper())
    amount = f"{value:,.2f}" if abs(value) < 1000 and not float(value).is_integer() else f"{value:,.0f}"
    return f"{sign}{amount}" if sign else f"{amount} {currency.upper()}"


def format_money_short(value: float | None, currency: str = "CNY", lang: str = "zh") -> str:
    """Compact money for chart labels: '¥373万' / '¥1.2亿' in Chinese, '¥373K' / '¥1.2M' in English."""
    if value is None:
        return "–"
    sign = CURRENCY_SIGNS.get(currency.upper(), "")
    v = float(value)
    if lang == "en":
        for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
            if abs(v) >= div:
                return f"{sign}{_trim(v / div)}{unit}"
    else:
        for div, unit in ((1e8, "亿"), (1e4, "万")):
            if abs(v) >= div:
                return f"{sign}{_trim(v / div)}{unit}"
    return f"{sign}{v:,.0f}"


def _trim(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if abs(x) < 100 else f"{x:,.0f}"


def format_rate(value: float | None) -> str:
    """'42.9%' for 0.4286."""
    return "–" if value is None else f"{value * 100:.1f}%"


def format_count(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def format_days(value: float | None, lang: str = "zh") -> str:
    if value is None:
        return "–"
    n = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{n} days" if lang == "en" else f"{n} 天"


def format_value(metric: str, value: float | None, lang: str = "zh", currency: str = "CNY",
                 *, short: bool = False) -> str:
    """A metric's value as people write it: money, a percentage, days or a count."""
    if metric in MONEY_METRICS:
        return (format_money_short if short else format_money)(value, currency, lang)
    if metric in ("win_rate", "target_attainment", "collection_rate"):
        return format_rate(value)
    if metric in ("sales_cycle_days", "inactive_reps"):
        return format_days(value, lang)
    return format_count(value)


def metric_name(metric: str, lang: str = "zh") -> str:
    return _pick(METRIC_NAMES[metric], lang)


def label_name(group: str | None, label: str, lang: str = "zh") -> str:
    """A series label for people: stage and kind keys in words, others as stored."""
    if group == "stage" and label in STAGE_NAMES:
        return _pick(STAGE_NAMES[label], lang)
    if group == "kind" and label in KIND_NAMES:
        return _pick(KIND_NAMES[label], lang)
    return label


_SAID_NAMES = {"today": ("今天", "today"), "this_week": ("本周", "this week"), "this_month": ("本月", "this month"),
               "this_quarter": ("本季度", "this quarter"), "this_year": ("今年", "this year")}


def period_name(period: Period | None, today: date, lang: str = "zh", *, pipeline: bool = False,
                group: str | None = None, said: str | None = None) -> str:
    """'本月', 'last week', 'last 8 weeks' or the dates ('03-01 至 03-31'); '' for no period."""
    if period is None:
        return ("open now" if lang == "en" else "当前") if pipeline else ""
    s, e = period.start, period.end
    if e == today and group == "week" and s.weekday() == 0:
        n = (today - timedelta(days=today.weekday()) - s).days // 7 + 1
        return f"last {n} weeks" if lang == "en" else f"最近{n}周"
    if e == today and group == "month" and s.day == 1 and (s.year, s.month) != (e.year, e.month):
        n = (e.year - s.year) * 12 + e.month - s.month + 1
        return f"last {n} months" if lang == "en" else f"最近{n}个月"
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    q_first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    named = {
        (today, today): ("今天", "today"),
        (today - timedelta(days=1), today - timedelta(days=1)): ("昨天", "yesterday"),
        (monday, today): ("本周", "this week"),
        (monday - timedelta(days=7), monday - timedelta(days=1)): ("上周", "last week"),
        (first, today): ("本月", "this month"),
        (last_month_end.replace(day=1), last_month_end): ("上个月", "last month"),
        (q_first, today): ("本季度", "this quarter"),
        (date(today.year, 1, 1), today): ("今年", "this year"),
        (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)): ("去年", "last year"),
    }
    q_last = _month_last(date(today.year, q_first.month + 2, 1))
    named.update({  # whole current and next units (pipeline periods run to their end)
        (monday, monday + timedelta(days=6)): ("本周", "this week"),
        (monday + timedelta(days=7), monday + timedelta(days=13)): ("下周", "next week"),
        (first, _month_last(first)): ("本月", "this month"),
        (_month_last(first) + timedelta(days=1), _month_last(_month_last(first) + timedelta(days=1))): ("下个月", "next month"),
        (q_first, q_last): ("本季度", "this quarter"),
        (date(today.year, 1, 1), date(today.year, 12, 31)): ("今年", "this year"),
    })
    last_q_end = q_first - timedelta(days=1)
    named[(date(last_q_end.year, last_q_end.month - 2, 1), last_q_end)] = ("上季度", "last quarter")
    for key, pair in (((q_first, today), ("本季度", "this quarter")), ((first, today), ("本月", "this month"))):
        named.setdefault(key, pair)
        if key != (monday, today):  # dates that begin several units (1 January) take the month's name
            named[key] = pair
    if (s, e) in named and said in _SAID_NAMES:
        return _pick(_SAID_NAMES[said], lang)  # the dates fit several names: the one the question said
    if (s, e) in named and said and said.split(":")[0] in ("month", "quarter", "year") \
            and (whole := _calendar_unit(s, e, today)):
        return whole[1] if lang == "en" else whole[0]  # 去年12月 / last December: '2026年12月', not 'last month'
    if (s, e) in named:
        return _pick(named[(s, e)], lang)
    whole = _calendar_unit(s, e, today)
    if whole:
        return whole[1] if lang == "en" else whole[0]
    if e == today and (e - s).days < 92:
        n = (e - s).days + 1
        return f"last {n} days" if lang == "en" else f"最近{n}天"
    fmt = (lambda d: d.isoformat()) if s.year != today.year or e.year != today.year else (lambda d: d.strftime("%m-%d"))
    return f"{fmt(s)} – {fmt(e)}" if lang == "en" else f"{fmt(s)} 至 {fmt(e)}"


def _month_last(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _calendar_unit(s: date, e: date, today: date) -> tuple[str, str] | None:
    """('3月', 'March') for a whole month, ('2026年Q3', 'Q3 2026') for a whole quarter, else None."""
    if s.day != 1:
        return None
    next_day = e + timedelta(days=1)
    ends_unit = next_day.day == 1 or e == today
    if not ends_unit:
        return None
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    year_zh = "" if s.year == today.year else f"{s.year}年"
    if months == 1:
        return f"{year_zh}{s.month}月", s.strftime("%B %Y") if s.year != today.year else s.strftime("%B")
    if months == 3 and s.month in (1, 4, 7, 10):
        q = (s.month - 1) // 3 + 1
        return f"{year_zh}Q{q}", f"Q{q} {s.year}" if s.year != today.year else f"Q{q}"
    if months == 12 and s.month == 1:
        return f"{s.year}年", str(s.year)
    return None


def filter_words(answer: MetricAnswer, names: dict[str, str], lang: str = "zh") -> str:
    """The filters of a question in words ('王磊 · A类客户 · 电话')."""
    f = answer.query.filters
    parts = []
    if f.rep:
        parts.append(names.get(f.rep, f.rep))
    if f.team:
        parts.append(f.team)
    if f.tier:
        parts.append(f"tier {f.tier}" if lang == "en" else f"{f.tier}类客户")
    parts += [v for v in (f.region, f.industry, f.source) if v]
    if f.kind:
        parts.append(_pick(KIND_NAMES[f.kind], lang))
    return " · ".join(parts)


KIND_COUNTS: dict[str, tuple[str, str]] = {
    "visit": ("拜访次数", "visits"), "call": ("电话次数", "calls"), "meeting": ("会议次数", "meetings"),
    "demo": ("演示次数", "demos"), "message": ("消息条数", "messages"),
}
KIND_INACTIVE: dict[str, tuple[str, str]] = {
    "visit": ("没有拜访的销售", "reps with no visits"), "call": ("没有打电话的销售", "reps with no calls"),
    "meeting": ("没有开会的销售", "reps with no meetings"), "demo": ("没有演示的销售", "reps with no demos"),
    "message": ("没有发消息的销售", "reps with no messages"),
}


def _metric_words(answer: MetricAnswer, lang: str) -> str:
    q = answer.query
    kind = q.filters.kind
    if kind and q.metric == "activities":
        return _pick(KIND_COUNTS[kind], lang)
    if kind and q.metric == "inactive_reps":
        return _pick(KIND_INACTIVE[kind], lang)
    return metric_name(q.metric, lang)


def answer_title(answer: MetricAnswer, today: date, names: dict[str, str], lang: str = "zh") -> str:
    """A chart title: '本月各销售拜访量' / 'Visits by rep, this month'."""
    q = answer.query
    period = period_name(q.period, today, lang, pipeline=q.metric in PIPELINE_METRICS, group=q.group_by,
                         said=getattr(answer, "period_said", None))
    filt = filter_words(answer.model_copy(update={"query": q.model_copy(
        update={"filters": q.filters.model_copy(update={"kind": None})})}), names, lang)
    group = _pick(GROUP_NAMES[q.group_by], lang) if q.group_by else ""
    if lang == "en":
        head = _metric_words(answer, "en")
        head = " ".join(p for p in (head[0].upper() + head[1:], f"({filt})" if filt else "", group) if p)
        return f"{head}, {period}" if period else head
    space = " " if period[-1:].isdigit() else ""  # '11-02 至 11-08 跟进次数'
    body = f"{period}{space}{group}{_metric_words(answer, lang)}"
    return f"{filt} {body}" if filt else body


def display_order(answer: MetricAnswer) -> list | None:
    """The series in the order the text and the chart show it (the JSON `series` keeps it too):
    a ranking in its own order; by rep, or a long breakdown other than time or stage, by value
    descending (none last); else as computed."""
    shown, q = answer.series, answer.query
    if shown is None or getattr(answer, "ranked", False):
        return shown  # a ranking: shown in its own order (ascending for "worst")
    if q.group_by == "rep" or (len(shown) > SERIES_LINES and q.group_by not in ("day", "week", "month", "stage")):
        return sorted(shown, key=lambda p: (p.value is None, -(p.value or 0)))  # ranked, like the chart
    return shown


def answer_text(answer: MetricAnswer, today: date, names: dict[str, str], lang: str = "zh",
                currency: str = "CNY") -> str:
    """The short text of an answer: a value, or the series' leading lines."""
    q = answer.query
    title = answer_title(answer, today, names, lang)
    fmt = lambda v: format_value(q.metric, v, lang, currency)  # noqa: E731
    sep = ": " if lang == "en" else "："
    colon = sep.strip()
    if q.metric == "inactive_reps":
        reps = answer.series or []
        if not reps:
            return _everyone_active(answer, today, names, title, lang)
        kind = q.filters.kind
        items = [f"{p.label} ({_since(p.value, lang, kind)})" if lang == "en" else f"{p.label}（{_since(p.value, lang, kind)}）"
                 for p in reps]
        return f"{title}{sep}" + ("、" if lang != "en" else ", ").join(items)
    if answer.series is None:
        return f"{title}{sep}{fmt(answer.value)}"
    if not answer.series:  # "本月各客户回款金额：没有": an empty breakdown says so
        return f"{title}{sep}" + ("none" if lang == "en" else "没有")
    lines = [f"{title}{colon}"]
    shown = display_order(answer) or []
    for p in shown[:SERIES_LINES]:
        lines.append(f"· {label_name(q.group_by, p.label, lang)}  {fmt(p.value)}")
    if len(answer.series) > SERIES_LINES:
        more = len(answer.series) - SERIES_LINES
        lines.append(f"… and {more} more" if lang == "en" else f"… 另有 {more} 项")
    cut = getattr(answer, "limit", None) is not None  # a top-N: its total is not the whole
    if q.metric not in RATES and answer.series and not cut:
        total = sum(p.value or 0 for p in answer.series)
        if q.group_by in ("rep", "team", "stage", "kind", "day", "week", "month", "tier", "region", "industry", "source"):
            lines.append(f"Total {fmt(total)}" if lang == "en" else f"合计 {fmt(total)}")
    return "\n".join(lines)


_KIND_RECORDS = {"visit": ("拜访", "a visit"), "call": ("电话", "a call"), "meeting": ("会议", "a meeting"),
                 "demo": ("演示", "a demo"), "message": ("消息", "a message")}


def _everyone_active(answer: MetricAnswer, today: date, names: dict[str, str], title: str, lang: str) -> str:
    """inactive_reps with no one listed, naming the kind asked about: '本周所有销售都有拜访记录'."""
    q = answer.query
    record = _KIND_RECORDS.get(q.filters.kind or "", ("跟进", "activity"))
    if lang == "en":
        return f"{title}: none — everyone logged {record[1]}"
    scope = filter_words(answer.model_copy(update={"query": q.model_copy(
        update={"filters": q.filters.model_copy(update={"kind": None})})}), names, lang)
    period = period_name(q.period, today)
    return f"{scope + ' ' if scope else ''}{period}{' ' if period[-1:].isdigit() else ''}所有销售都有{record[0]}记录"


_KIND_VERBS = {"visit": "拜访", "call": "打电话", "meeting": "开会", "demo": "演示", "message": "发消息"}


def _since(days: float | None, lang: str, kind: str | None = None) -> str:
    verb = _KIND_VERBS.get(kind or "", "跟进")
    if days is None:
        return "never" if lang == "en" else f"从未{verb}"
    return f"{days:.0f} days since the last" if lang == "en" else f"{days:.0f} 天未{verb}"


def cannot_group_text(metric: str, group: str, lang: str = "zh") -> str:
    """A metric that does not break down by the asked grouping ('win rate by kind')."""
    if lang == "en":
        return f"{metric_name(metric, 'en').capitalize()} can't be broken down {_pick(GROUP_NAMES[group], 'en')}."
    return f"{metric_name(metric)}无法{_pick(GROUP_NAMES[group], 'zh').replace('各', '按')}细分。"


def unknown_person_text(said: str, lang: str = "zh") -> str:
    """A person the question names whom the bot cannot resolve: never the whole scope's answer."""
    if lang == "en":
        return f"I don't know who \"{said}\" is — please use the person's name as it is stored."
    return f"我不知道“{said}”是谁，请用系统里的姓名再问一次。"


def which_one_text(said: str, names: tuple[str, ...] | list[str], lang: str = "zh") -> str:
    """A short name several people share: ask which one is meant, listing their full names."""
    if lang == "en":
        listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)
        return (f"\"{said}\" could be {listed} — which one do you mean? "
                f"Please ask again with the full name.")
    return f"“{said}”有{len(names)}位：{'、'.join(names)}。请问是哪一位？请用全名再问一次。"


def help_text(lang: str = "zh") -> str:
    """What the bot can answer, for questions it cannot map (never a made-up number)."""
    if lang == "en":
        return ("Sorry, I can't answer that. I answer questions about the team's sales numbers, e.g. "
                "\"visits this week by rep\", \"win rate last month\", \"revenue this quarter by region\", "
                "\"pipeline by stage\", \"weighted pipeline closing next month\", \"monthly new leads\", "
                "\"target attainment by rep\", \"who hasn't logged anything this week?\", \"overdue follow-ups\".")
    return ("抱歉，这个问题我回答不了。我可以回答销售数据相关的问题，例如：“本周各销售拜访量”、“上个月转化率”、"
            "“本季度各区域成交金额”、“各阶段商机数量”、“下个月预计能签多少钱”、“每月新增客户”、"
            "“本月目标完成率按销售看”、“最近3天谁没有跟进客户”、“逾期跟进有多少”。")
