"""The receipt of one saved message: one line per record (✅ 拜访…, 🗓 计划…, 📈 商机…, 📄 合同…,
💰 回款…, 👤 联系人…) then the follow-ups, in the speaker's language. Rendered from the `show` dicts
the saving layer stores with each undo entry, so undo and "my last records" say the same."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation_texts import KIND, STAGE, day_with_weekday, money, short_date, t

LINE_TYPES = ("done", "planned", "deal", "contract", "payment", "contact")


def _day(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def _customer(show: dict) -> str:
    return ("🆕 " if show.get("new_customer") else "") + show.get("customer", "")


def _done(lang: str, s: dict) -> str:
    parts = [KIND[lang].get(s["kind"], s["kind"]), _customer(s), s.get("contact") or "",
             short_date(_day(s["date"])) if s.get("date") else ""]
    line = f"{t(lang, 'saved')} " + " · ".join(p for p in parts if p)
    return line + (t(lang, "plan_done") if s.get("completed_plan") else "")


def _planned(lang: str, s: dict) -> str:
    parts = [KIND[lang].get(s["kind"], s["kind"]), _customer(s), s.get("contact") or "",
             day_with_weekday(_day(s["date"]), lang) if s.get("date") else ""]
    return f"{t(lang, 'planned')} " + " · ".join(p for p in parts if p)


def _deal(lang: str, s: dict, named: bool, saved_on: date | None) -> str:
    parts = [] if named else [_customer(s)]
    if s.get("new_deal") and s.get("title") and s.get("title") != s.get("customer"):
        parts.append(s["title"])
    parts.append(STAGE[lang].get(s["stage"], s["stage"]))
    if s.get("amount_cents"):
        parts.append(money(s["amount_cents"] / 100, s.get("currency") or "CNY"))
    close = _day(s.get("expected_close"))
    if close and s["stage"] not in ("won", "lost"):
        shown = short_date(close) if saved_on is None or close.year == saved_on.year else close.isoformat()
        parts.append(t(lang, "close", d=shown))
    if s.get("lost_reason"):
        parts.append(t(lang, "lost_reason", r=s["lost_reason"]))
    return f"{t(lang, 'deal')} " + " · ".join(parts)


def _contract(lang: str, s: dict) -> str:
    cur = s.get("currency") or "CNY"
    parts = [money(s["amount_cents"] / 100, cur), _customer(s), t(lang, "signed", d=short_date(_day(s["signed_on"])))]
    plan = s.get("installments") or []
    undated = s.get("undated") or []
    if plan or undated:
        steps = ", ".join([f"{money(c / 100, cur)} {short_date(_day(d))}" for d, c in plan]
                          + [f"{money(c / 100, cur)} {t(lang, 'no_due_day')}" for c in undated])
        parts.append(t(lang, "installments", n=len(plan) + len(undated), steps=steps))
    return f"{t(lang, 'contract')} " + " · ".join(parts)


def _payment(lang: str, s: dict) -> str:
    cur = s.get("currency") or "CNY"
    return (f"{t(lang, 'payment')} {money(s['amount_cents'] / 100, cur)} · {_customer(s)} · "
            f"{t(lang, 'balance', b=money(s['balance_cents'] / 100, cur))}")


def _contact(lang: str, s: dict) -> str:
    parts = [s.get("name") or "", s.get("title") or "", s.get("phone") or "", s.get("email") or "", _customer(s)]
    return f"{t(lang, 'contact')} " + " · ".join(p for p in parts if p)


def lines(lang: str, shows: list[dict], saved_on: date | None = None) -> list[str]:
    """The receipt lines of one message's records, by kind (activities done, plans, deals, contracts,
    payments, contacts; in the order said within a kind), follow-ups last."""
    shows = sorted(shows, key=lambda s: LINE_TYPES.index(s["type"]) if s.get("type") in LINE_TYPES else 99)
    out: list[str] = []
    named: set[str] = set()
    for s in shows:
        kind = s.get("type")
        if kind == "done":
            out.append(_done(lang, s))
        elif kind == "planned":
            out.append(_planned(lang, s))
        elif kind == "deal":
            if not out:  # a deal alone: the customer heads the receipt
                out.append(f"{t(lang, 'saved')} {_customer(s)}")
                named.add(s.get("customer", ""))
            out.append(_deal(lang, s, s.get("customer", "") in named, saved_on))
        elif kind == "contract":
            out.append(_contract(lang, s))
        elif kind == "payment":
            out.append(_payment(lang, s))
        elif kind == "contact":
            out.append(_contact(lang, s))
        if kind in ("done", "planned"):
            named.add(s.get("customer", ""))
    for s in shows:
        if s.get("type") == "done" and s.get("followup_date"):
            follow = day_with_weekday(_day(s["followup_date"]), lang)
            many = len({x.get("customer") for x in shows if x.get("type") == "done"}) > 1
            out.append(f"{t(lang, 'followup')} {follow}" + (f" · {s['customer']}" if many else ""))
    return out


def summary(lang: str, shows: list[dict]) -> str:
    """One line naming a saved message: its first record without the emoji (a done activity without the
    ✅ label, a deal with its customer), "等 N 条" / "and N more" when it holds more."""
    records = sorted((s for s in shows if s.get("type") in LINE_TYPES), key=lambda s: LINE_TYPES.index(s["type"]))
    if not records:
        return ""
    first = records[0]
    if first["type"] == "deal":
        line = _deal(lang, first, False, None)
    else:
        line = lines(lang, [first])[0]
    saved = t(lang, "saved")
    line = line[len(saved):].strip() if line.startswith(saved) else line.split(" ", 1)[-1]
    return line + (t(lang, "and_more", n=len(records) - 1) if len(records) > 1 else "")
