"""Texts of list answers, customer lookups, comparisons and declines, in Chinese and English.

A list shows at most `CHAT_ROWS` rows and says how many more there are (the JSON keeps them all)."""

from __future__ import annotations

from bot.answer_text import format_money, format_value, label_name, metric_name
from domain.labels import KIND_LABELS, STAGE_LABELS

CHAT_ROWS = 20

_HEADS: dict[tuple[str, str], tuple[str, str]] = {
    ("deals", "open"): ("在手商机", "Open deals"),
    ("deals", "closing"): ("预计成交的商机", "Deals expected to close"),
    ("deals", "biggest"): ("金额最大的在手商机", "Biggest open deals"),
    ("deals", "won"): ("赢单", "Deals won"),
    ("deals", "lost"): ("丢单", "Deals lost"),
    ("deals", "new"): ("新增商机", "New deals"),
    ("customers", "mine"): ("客户", "Customers"),
    ("customers", "all"): ("客户", "Customers"),
    ("customers", "pool"): ("公海客户", "Customers in the public pool"),
    ("customers", "stale"): ("久未跟进的客户", "Customers with no follow-up"),
    ("customers", "new"): ("新增客户", "New customers"),
    ("activities", "customer"): ("跟进记录", "Activities"),
    ("activities", "rep"): ("跟进记录", "Activities"),
    ("activities", "all"): ("跟进记录", "Activities"),
    ("contacts", "customer"): ("联系人", "Contacts"),
    ("contacts", "one"): ("联系人", "Contacts"),
    ("followups", "due"): ("待跟进客户", "Follow-ups due"),
    ("followups", "overdue"): ("跟进已逾期的客户", "Overdue follow-ups"),
    ("payments", "received"): ("回款", "Payments received"),
    ("payments", "balance"): ("未付清的合同", "Contracts with a balance"),
    ("payments", "overdue"): ("回款逾期的合同", "Contracts with overdue payments"),
}


def _kind(k: str | None, lang: str) -> str:
    return KIND_LABELS.get(lang if lang == "en" else "zh", {}).get(k or "", k or "")


def _stage(s: str | None, lang: str) -> str:
    return STAGE_LABELS.get(lang if lang == "en" else "zh", {}).get(s or "", s or "")


def row_line(kind: str, which: str, r: dict, lang: str, currency: str) -> str:
    """One row in words."""
    en = lang == "en"
    m = lambda v: format_money(v, currency, lang)  # noqa: E731
    if kind == "deals":
        head = f"{r.get('customer') or ''} · {r.get('title') or r['id']}"
        if which in ("won", "lost"):
            tail = f"{r.get('date')} · {m(r.get('amount'))}"
            if which == "lost":
                why = r.get("reason") or ("no reason given" if en else "未填原因")
                tail += f" · {'reason' if en else '原因'}: {why}"
        else:
            close = r.get("expected_close") or ("no date" if en else "未定")
            tail = f"{_stage(r.get('stage'), lang)} · {m(r.get('amount'))} · {'close' if en else '预计'} {close}"
        return f"{head} — {tail} ({r.get('owner') or '-'})"
    if kind == "customers":
        extra = ""
        if which == "stale":
            last = r.get("last_activity") or ("never" if en else "从未跟进")
            extra = f" — {'last activity' if en else '最近跟进'} {last}"
        elif which == "new":
            extra = f" — {'added' if en else '新增于'} {r.get('created_on')}"
        owner = r.get("owner") or ("pool" if en else "公海")
        return f"{r['name']}（{owner}）{extra}" if not en else f"{r['name']} ({owner}){extra}"
    if kind == "activities":
        step = f" → {r['next_step']}" if r.get("next_step") else ""
        return f"{r.get('date')} {r.get('rep')} · {r.get('customer')} · {_kind(r.get('kind'), lang)}: {r.get('summary') or ''}{step}"
    if kind == "contacts":
        parts = [r["name"], r.get("title") or "", r.get("phone") or ("no phone" if en else "无电话"), r.get("customer") or ""]
        return " · ".join(p for p in parts if p)
    if kind == "followups":
        return f"{r.get('due')} · {r['name']}（{r.get('owner') or '-'}）" if not en else f"{r.get('due')} · {r['name']} ({r.get('owner') or '-'})"
    if kind == "payments" and which == "received":
        return f"{r.get('date')} · {r.get('customer')} · {m(r.get('amount'))} ({r.get('contract')})"
    over = f" · {'overdue' if en else '逾期'} {m(r.get('overdue'))}" if r.get("overdue") else ""
    return f"{r.get('customer')} · {r.get('title') or r['id']} — {'balance' if en else '余额'} {m(r.get('balance'))}{over}"


def list_text(kind: str, which: str, rows: list[dict], total: int, lang: str, currency: str,
              scope: str = "") -> str:
    """A list answer: a heading with the count, at most CHAT_ROWS rows, and how many more."""
    en = lang == "en"
    head = _HEADS.get((kind, which), (kind, kind))[1 if en else 0]
    head = f"{scope} {head}".strip() if scope else head
    if not rows:
        return f"{head}: none." if en else f"{head}：没有。"
    lines = [f"{head} ({total}):" if en else f"{head}（{total}）："]
    lines += [f"· {row_line(kind, which, r, lang, currency)}" for r in rows[:CHAT_ROWS]]
    if total > CHAT_ROWS:
        more = total - CHAT_ROWS
        lines.append(f"… and {more} more" if en else f"… 还有 {more} 条")
    return "\n".join(lines)


def lookup_text(customer: dict, deals: list[dict], balance: float | None, acts: list[dict], next_due: str | None,
                lang: str, currency: str) -> str:
    """One customer at a glance: open deals, contract balance, last activities and next follow-up."""
    en = lang == "en"
    m = lambda v: format_money(v, currency, lang)  # noqa: E731
    owner = customer.get("owner") or ("public pool" if en else "公海")
    lines = [f"{customer['name']} ({owner})" if en else f"{customer['name']}（{owner}）"]
    if deals:
        lines.append("Open deals:" if en else "在手商机：")
        lines += [f"· {d.get('title')} — {_stage(d.get('stage'), lang)} · {m(d.get('amount'))}" for d in deals[:5]]
    else:
        lines.append("No open deals." if en else "没有在手商机。")
    if balance:
        lines.append(f"Contract balance: {m(balance)}" if en else f"合同未回款：{m(balance)}")
    if acts:
        lines.append("Last activities:" if en else "最近跟进：")
        lines += [f"· {a.get('date')} {a.get('rep')} · {_kind(a.get('kind'), lang)}: {a.get('summary') or ''}" for a in acts[:3]]
    else:
        lines.append("No activities yet." if en else "还没有跟进记录。")
    lines.append((f"Next follow-up: {next_due}" if en else f"下次跟进：{next_due}") if next_due
                 else ("No follow-up planned." if en else "没有待跟进安排。"))
    return "\n".join(lines)


def compare_line(metric: str, value, other, change, lang: str, currency: str, asked: str, compared: str,
                 *, measure: str | None = None, who: str = "") -> str:
    """'本月拜访量 45，上个月同期 34，+11' / 'Visits this month 45 vs 34 last month (+11)'; `measure` names
    what is counted when the metric's name is too wide ('电话次数' for activities of one kind), `who` the
    filters ('王磊 · A类客户'), so a compared figure says what it counts, as the figure alone does."""
    fmt = lambda v: format_value(metric, v, lang, currency)  # noqa: E731
    if change is None:
        delta = "–"
    elif metric in ("win_rate", "collection_rate", "target_attainment"):
        delta = f"{change * 100:+.1f} pt"
    else:
        delta = ("+" if change > 0 else "-" if change < 0 else "") + fmt(abs(change))
    if lang == "en":
        name = (measure or metric_name(metric, "en")).capitalize() + (f" ({who})" if who else "")
        return f"{name} {asked}: {fmt(value)} vs {compared}: {fmt(other)} ({delta})"
    return f"{who + ' ' if who else ''}{asked}{measure or metric_name(metric)} {fmt(value)}，{compared} {fmt(other)}，变化 {delta}"


_SAME_DAYS = {"本周": ("上周同期", "the same days last week"), "本月": ("上月同期", "the same days last month"),
              "本季度": ("上季度同期", "the same days last quarter"), "今年": ("去年同期", "the same days last year"),
              "this week": ("上周同期", "the same days last week"), "this month": ("上月同期", "the same days last month"),
              "this quarter": ("上季度同期", "the same days last quarter"),
              "this year": ("去年同期", "the same days last year")}


def same_days_name(asked: str, how: str, lang: str) -> str | None:
    """The compared period of a period so far, in words: '上月同期' / 'the same days last month'."""
    if how == "last_year":
        return "去年同期" if lang != "en" else "the same days last year"
    pair = _SAME_DAYS.get(asked)
    return None if pair is None else pair[1 if lang == "en" else 0]


def compare_series_lines(metric: str, group: str | None, series, other, lang: str, currency: str) -> list[str]:
    fmt = lambda v: format_value(metric, v, lang, currency)  # noqa: E731
    before = {p.label: p.value for p in other or []}
    return [f"· {label_name(group, p.label, lang)}  {fmt(p.value)} ← {fmt(before.get(p.label))}" for p in series]


def decline_text(reason: str, lang: str) -> str:
    """Why a question gets no number (the help text follows)."""
    en = lang == "en"
    texts = {
        "compare_now": ("Open-pipeline figures are as of now, so they can't be compared with the past.",
                        "在手商机类指标是当前状态，无法与过去比较。"),
        "compare_two": ("I compare two periods at a time; please ask about two of them.",
                        "我一次只能比较两个时段，请只问其中两个。"),
        "shape": ("That question asks for a list or a reason, which I can't give for it; I won't answer it with one total.",
                  "这个问题要的是清单或原因，我给不了，也不会用一个总数代替。"),
        "which_customer": ("Several customers fit that name — please use the full name.",
                           "有几个客户都对得上这个名字，请用全称再问一次。"),
        "unavailable": ("That list isn't available yet.", "这个清单暂时还查不了。"),
        "task": ("I can't write or send anything for you (nothing was recorded); I answer questions about the "
                 "sales numbers and record what you tell me you did.",
                 "我不能替你写或发送内容（也没有记录任何东西）；我可以回答销售数据的问题，也可以记下你做过的跟进。"),
        "hypothetical": ("I can't predict what-ifs; I answer with the numbers that are recorded.",
                         "假设性的问题我没法推算；我只能回答已记录的数据。"),
        "update": ("That is an update to record, not a question: send it to me in the chat and I'll record it "
                   "(with undo). Here I only answer questions about the numbers.",
                   "这是一条要记录的更新，不是问题：请在聊天里发给我，我会记下来（可撤销）。这里只回答数据方面的问题。"),
        "prediction": ("I can't predict who will come out on top or whether a target will be hit; I can give what has "
                       "happened so far (revenue, target attainment) and the pipeline expected to close (e.g. next month).",
                       "谁会拿第一、能不能完成目标，这类预测我给不了；我可以回答已经发生的数据（业绩、目标完成率）"
                       "和预计成交的在手商机（如下个月要签的金额）。"),
    }
    pair = texts.get(reason)
    return "" if pair is None else pair[0 if en else 1]


def out_of_view_text(name: str, lang: str) -> str:
    return f"You can't see {name}'s data." if lang == "en" else f"你看不到{name}的数据。"
