"""The digest's words: short, phone-readable lines in Chinese or English, each stating figures
of `bot.digest` (and nothing that is not in them)."""

from __future__ import annotations

from datetime import date

from bot.answer_text import format_money, format_rate

WEEKDAYS = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
NAMED = 5  # deals, payments, installments named per line; the rest counted

__all__ = ["digest_text", "format_rate"]

WORDS = {
    "zh": {
        "head": "📊 {team}日报 · {m}月{d}日（周{wd}）", "visits": "拜访 {n} 次", "acts": "跟进 {n} 次",
        "deals": "💰 赢单 {won} 单 {amount} · 输单 {lost} · 新增商机 {new}",
        "won": "🏆 赢单：{items}", "lost": "❌ 输单：{items}", "reason": "原因：{r}",
        "pipeline": "📈 在手商机 {amount}（当日 {change}）",
        "target": "🎯 本月目标完成率：{items}", "no_target": "🎯 本月未设目标",
        "collected": "💴 当日回款 {amount}", "overdue": "⚠️ 逾期应收 {amount}",
        "due": "📅 本周（{start}–{end}）到期未付 {n} 笔 {amount}",
        "followups": "⏰ 逾期跟进 {n} 个客户", "silent": "😴 当日无记录：{names}",
        "more": "等 {n} 项", "sep": "、", "deal_sep": "；", "colon": "：", "open": "（", "close": "）",
        "per_rep": "{visits}：{per}",
    },
    "en": {
        "head": "📊 Daily digest{team} · {mm}-{dd} ({wd})", "visits": "Visits: {n}", "acts": "Activities: {n}",
        "deals": "💰 Won {won} ({amount}) · lost {lost} · new deals {new}",
        "won": "🏆 Won: {items}", "lost": "❌ Lost: {items}", "reason": "reason: {r}",
        "pipeline": "📈 Pipeline {amount} ({change} on the day)",
        "target": "🎯 Month-to-date target: {items}", "no_target": "🎯 No targets set this month",
        "collected": "💴 Collected {amount}", "overdue": "⚠️ Overdue receivables {amount}",
        "due": "📅 Due this week ({start}–{end}), unpaid: {n} installments, {amount}",
        "followups": "⏰ Overdue follow-ups: {n} customers", "silent": "😴 Nothing logged: {names}",
        "more": "and {n} more", "sep": ", ", "deal_sep": "; ", "colon": ": ", "open": " (", "close": ")",
        "per_rep": "{visits} ({per})",
    },
}


def _money(v: float, currency: str, signed: bool = False) -> str:
    if not signed:
        return format_money(v, currency)
    return ("+" if v > 0 else "-" if v < 0 else "±") + format_money(abs(v), currency)


def _listed(items: list[str], w: dict, sep: str = "sep") -> str:
    shown = w[sep].join(items[:NAMED])
    return shown if len(items) <= NAMED else f"{shown} {w['more'].format(n=len(items) - NAMED)}"


def _deal(d: dict, w: dict, currency: str) -> str:
    who = f"{w['open']}{d['owner']}{w['close']}" if d.get("owner") else ""
    reason = f" · {w['reason'].format(r=d['reason'])}" if d.get("reason") else ""
    return f"{d['customer']} {_money(d['amount'], currency)}{who}{reason}"


def _by_team(shares: dict[str, float] | None, w: dict, currency: str) -> str:
    if not shares or not any(shares.values()):
        return ""
    return w["open"] + " · ".join(f"{t} {_money(v, currency)}" for t, v in shares.items()) + w["close"]


def _money_lines(f: dict, w: dict, currency: str) -> list[str]:
    lines = []
    m = lambda v: _money(v, currency)  # noqa: E731
    line = w["collected"].format(amount=m(f["collected_amount"])) + _by_team(f.get("collected_amount_by_team"), w, currency)
    if f["payments"]:
        line += w["colon"] + _listed([f"{p['customer']} {m(p['amount'])}" for p in f["payments"]], w)
    lines.append(line)
    line = w["overdue"].format(amount=m(f["overdue_receivables"])) + _by_team(f.get("overdue_receivables_by_team"),
                                                                             w, currency)
    if f["overdue_customers"]:
        line += w["colon"] + _listed([f"{c['customer']} {m(c['amount'])}" for c in f["overdue_customers"]], w)
    lines.append(line)
    due = f["installments_due"]
    if due["items"]:
        line = w["due"].format(start=due["start"][5:], end=due["end"][5:], n=due["count"], amount=m(due["amount"]))
        lines.append(line + w["colon"] + _listed([f"{i['customer']} {i['due_on'][5:]} {m(i['amount'])}"
                                                  for i in due["items"]], w))
    return lines


def digest_text(f: dict, day: date, team: str | None, lang: str, currency: str) -> str:
    """Short, phone-readable digest text in `lang` (zh or en)."""
    lang = "en" if lang == "en" else "zh"
    w = WORDS[lang]
    wd = WEEKDAYS[lang][day.weekday()]
    if lang == "en":
        head = w["head"].format(team=f" · {team}" if team else "", mm=f"{day:%m}", dd=f"{day:%d}", wd=wd)
    else:
        head = w["head"].format(team=f"{team} " if team else "", m=day.month, d=day.day, wd=wd)
    per_rep = " · ".join(f"{k} {v}" for k, v in sorted(f["visits"].items(), key=lambda kv: -kv[1]) if v)
    visits = w["visits"].format(n=f["total_visits"])
    att = " · ".join(f"{k} {format_rate(v)}" for k, v in f["target_attainment"].items() if v is not None)
    lines = [head, w["per_rep"].format(visits=visits, per=per_rep) if per_rep else visits,
             w["acts"].format(n=f["total_activities"]),
             w["deals"].format(won=f["won_deals"], amount=_money(f["won_amount"], currency), lost=f["lost_deals"],
                               new=f["new_deals"])]
    for key in ("won", "lost"):
        if f[key]:
            lines.append(w[key].format(items=_listed([_deal(d, w, currency) for d in f[key]], w, "deal_sep")))
    lines.append(w["pipeline"].format(amount=_money(f["pipeline_amount"], currency),
                                      change=_money(f["pipeline_change"], currency, True)))
    lines.append(w["target"].format(items=att) if att else w["no_target"])
    lines += _money_lines(f, w, currency)
    lines.append(w["followups"].format(n=f["overdue_followups"]))
    if f["inactive_reps"]:
        lines.append(w["silent"].format(names=w["sep"].join(f["inactive_reps"])))
    return "\n".join(lines)
