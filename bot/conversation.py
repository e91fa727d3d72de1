"""The conversation core: given who spoke and what (text or a button press), decide what to do
and do it. Slow reads (understanding, answering) happen in `prepare`; the returned action does
the writes inside the dispatcher's transaction. Knows nothing of any chat network."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine

from bot import card_proposal, pool_commands, reminder_buttons
from bot import conversation_log as clog
from bot import conversation_state as state
from bot.conversation_log import Turn
from bot.conversation_resolve import SAID_NOTES
from bot.conversation_services import Services
from bot.conversation_texts import INVOICE, KIND, day_with_weekday, lang_of, social_reply, t
from bot.help_examples import example_text
from bot.replies import Button, Reply
from domain.settings import Settings
from domain.types import Command, ParseResult
from storage import records
from storage.authority import Authority

log = logging.getLogger("salesbot.conversation")
Action = Callable[[Connection], list[Reply]]
PRESS = re.compile(r"^(undo|edit|pick|new|cancel):(\d+-[0-9a-f]+)(?::(\d+))?$")
SLASH = {"start": "start", "help": "help", "undo": "undo", "cancel": "cancel", "claim": "claim", "edit": "edit",
         "release": "release",
         "followups": "followups", "followup": "followups", "due": "followups"}
YES_WORDS = {"是", "是的", "对", "对的", "好", "好的", "好滴", "行", "嗯", "要", "需要", "确认", "确定", "新建", "建",
             "创建", "新建吧", "建吧", "可以", "yes", "y", "yep", "yeah", "ok", "okay", "sure", "create", "create it",
             "go ahead", "yes please", "please do"}
NO_WORDS = {"不", "不是", "否", "不用", "不用了", "不要", "不要了", "别", "别建", "不建", "不对", "错了", "算了", "算了吧",
            "放弃", "no", "n", "nope", "no thanks", "don't", "dont", "never mind", "nevermind", "forget it"}
EDIT_WORDS = {"修改", "编辑", "改一下", "要修改", "edit", "/edit", "change it"}
HELP_WORDS = {"/help", "help", "帮助", "/帮助", "?", "？", "菜单", "menu"}
PLAN_SAID = 30  # characters of a plan's words shown in the follow-up list
CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "撤销 2" / "撤销第二条" / "undo 2" / "undo #2" / "undo the 2nd": the n-th latest saved message
UNDO_NTH = re.compile(r"(?i)^\s*/?(?:撤销|撤回|撤消|undo)\s*(?:第\s*)?#?\s*(?:the\s+)?([1-9]|[一二两三四五六七八九])\s*"
                      r"(?:条|个|st|nd|rd|th)?(?:\s*(?:记录|record|one|entry))?\s*[。.!！]*\s*$")
# "我最近的记录" / "最近记了什么" / "my last records" / "what did I log"
RECENT = re.compile(r"(?i)^\s*(?:/recent|/records|(?:查看|看看|看一下)?(?:我的?)?(?:最近|刚才)(?:的|几条)?(?:记录|记的)"
                    r"(?:有哪些|是什么)?|我?(?:最近|刚才)记了(?:什么|哪些|啥)|(?:show\s+)?my\s+(?:last|latest|recent)\s+"
                    r"(?:records|logs|entries|notes)|(?:show\s+)?(?:my\s+)?recent\s+(?:records|logs|entries))"
                    r"\s*[?？。.!！]*\s*$")


def _const(replies: list[Reply]) -> Action:
    return lambda conn: replies


class Conversation:
    """Routes one turn to logging, questions, commands, undo/edit and pending choices."""

    def __init__(self, engine: Engine, settings: Settings, services: Services) -> None:
        self.engine = engine
        self.settings = settings
        self.services = services

    # ---------- reading phase ----------

    def prepare(self, turn: Turn) -> Action:
        """Understand the turn (reads only) and return the action that writes and replies."""
        msg = turn.msg
        if msg.press:
            if reminder_buttons.is_reminder_press(msg.press):  # reminder / pool-warning buttons
                return partial(reminder_buttons.press, turn=turn)
            if card_proposal.is_card_press(msg.press):  # a business card's 保存 / 修改
                return partial(card_proposal.press, turn=turn, press=msg.press, services=self.services)
            return partial(self._press, turn=turn, press=msg.press)
        text = msg.text.strip()
        if not text:
            return _const([Reply(example_text(self.engine, "unknown", turn.lang, turn.uid))])
        low = text.lower()
        if low in HELP_WORDS:
            return _const([Reply(example_text(self.engine, "help", turn.lang, turn.uid))])
        if low in EDIT_WORDS:
            return partial(self._edit_latest, turn=turn)
        nth = UNDO_NTH.match(text)
        if nth:
            n = CN_NUM.get(nth[1]) or int(nth[1])
            return partial(self._undo_nth, turn=turn, n=n)
        if RECENT.match(text):
            return partial(self._recent, turn=turn)
        if text.startswith("/"):
            head, _, rest = text[1:].partition(" ")
            name = SLASH.get(head.lower())
            if name is None:
                return _const([Reply(example_text(self.engine, "help", turn.lang, turn.uid))])
            return self._command(turn, ParseResult(intent="command", command=Command(name=name, argument=rest or None)),
                                 rest)
        with self.engine.connect() as conn:
            pending = state.latest(conn, turn.uid, turn.chat_key, "pending", turn.now)
            if not lang_of(text, ""):  # "2", "👍": answer in the language this conversation is in
                last = pending or state.latest_of(conn, turn.uid, turn.chat_key, ("undo", "undone"), turn.now)
                turn.lang = (last or {}).get("lang") or turn.lang
        if pending and pending.get("type") == "card":  # a business card's proposal: save, cancel or a change
            card_answer = card_proposal.answer(turn, pending, text, self.services)
            if card_answer is not None:
                return card_answer
        if pending:
            choices = self._choice_ids(pending)
            if text.isdigit() and 1 <= int(text) <= len(choices):
                return partial(self._press, turn=turn, press=choices[int(text) - 1])
            answer = self._answer_in_words(turn, pending, text)
            if answer:
                return partial(self._press, turn=turn, press=answer)
            named = self._name_for_new(turn, pending, text)
            if named:
                return named
            if pending.get("type") == "edit":
                changes = self.services.parse_edit(text, turn.uid, turn.now)
                if changes:
                    return partial(self._edit, turn=turn, changes=changes, undo_id=pending.get("undo_id"),
                                   pending_id=pending["id"])
        released = pool_commands.prepare(self.services, turn, text)  # "释放 X" / "release X to the pool"
        if released is not None:
            return released
        parse = self.services.parse(text, turn.uid, turn.now)
        if parse.command is not None and parse.intent != "query":  # "今天要跟进谁" is a question: answered as ask does
            return self._command(turn, parse, text)
        if parse.intent == "query":
            ans = self.services.answer(text, turn.uid, turn.now)
            return _const([Reply(ans.text, chart_png=ans.chart_png, chart_path=ans.chart_path)])
        if parse.intent == "log" and parse.records:
            return partial(self.log, turn=turn, parse=parse)
        said = set(parse.notes) | {step.rpartition(".")[2] for step in parse.trace}
        if parse.intent == "log" and "lost_not_open" in said:
            return partial(self._loss_not_open, turn=turn, text=text)
        if parse.intent == "log" and "out_of_view" in said:
            return _const([Reply(t(turn.lang, "not_yours"))])
        if parse.intent == "log" and {"amount_rejected", "implausible"} & said:
            return _const([Reply(t(turn.lang, "amount_check_any"))])
        said_notes = list(dict.fromkeys(SAID_NOTES[n] for n in parse.notes if n in SAID_NOTES))
        if said_notes:  # an invoice, money owed or promised: nothing received, nothing recorded
            return _const([Reply("\n".join(t(turn.lang, k) for k in said_notes))])
        changes = self.services.parse_edit(text, turn.uid, turn.now)
        if changes:
            return partial(self._edit, turn=turn, changes=changes)
        if pending and pending.get("type") == "edit":
            return _const([Reply(t(pending.get("lang", turn.lang), "edit_unclear"))])
        if INVOICE.search(text):  # an invoice is no money received: nothing recorded (intent unknown)
            return _const([Reply(t(turn.lang, "invoice"))])
        social = social_reply(text)
        if social:
            return _const([Reply(t(turn.lang, social, name=turn.user["name"]))])
        return _const([Reply(example_text(self.engine, "unknown", turn.lang, turn.uid))])

    def _command(self, turn: Turn, parse: ParseResult, text: str) -> Action:
        cmd = parse.command
        assert cmd is not None
        name, arg = cmd.name, (cmd.argument or "").strip()
        if name == "help":
            return _const([Reply(example_text(self.engine, "help", turn.lang, turn.uid))])
        if name == "start":
            return _const([Reply(t(turn.lang, "start_known", name=turn.user["name"]))])
        if name == "undo":
            if arg.isdigit() and arg != "1":
                return partial(self._undo_nth, turn=turn, n=int(arg))
            return partial(self._undo_latest, turn=turn)
        if name == "recent":
            return partial(self._recent, turn=turn)
        if name == "cancel":
            return partial(self._cancel_latest, turn=turn)
        if name == "release":
            return pool_commands.prepare(self.services, turn, f"/release {arg}") or _const([Reply(t(turn.lang, "help"))])
        if name == "claim":
            found = self.services.find_customer(arg, turn.uid) if arg else (None, None, [])
            ids = [found[0]] if found[0] else found[2]
            return partial(self._claim, turn=turn, name=arg, ids=ids)
        if name == "followups":
            return _const([self._followups(turn, self.services.period_end(text, turn.now.date()))])
        if name == "edit":
            changes = self.services.parse_edit(arg or text, turn.uid, turn.now)
            if not changes:
                return _const([Reply(t(turn.lang, "edit_unclear"))])
            return partial(self._edit, turn=turn, changes=changes)
        return _const([Reply(example_text(self.engine, "unknown", turn.lang, turn.uid))])

    def _followups(self, turn: Turn, until: date | None = None) -> Reply:
        """Follow-ups due by `until` (default today; overdue ones always), with owners for a team view."""
        owners = records.team_user_ids(self.engine, turn.user)
        today = turn.now.date()
        until = max(until or today, today)
        rows = records.due_followups(self.engine, owners, until)
        d = day_with_weekday(until, turn.lang)
        if not rows:
            return Reply(t(turn.lang, "followups_none") if until == today else t(turn.lang, "followups_none_until", d=d))
        lines = [t(turn.lang, "followups_head", n=len(rows)) if until == today
                 else t(turn.lang, "followups_head_until", d=d, n=len(rows))]
        team = owners is None or len(owners) > 1
        for r in rows:
            due = r["followup_date"]
            when = (t(turn.lang, "due_today") if due == today else
                    f"{day_with_weekday(due, turn.lang)} {t(turn.lang, 'overdue')}" if due < today else
                    day_with_weekday(due, turn.lang))
            step = f" · {r['next_step']}" if r["next_step"] else ""
            if r.get("status") == "planned":  # a plan: its kind, then what was said (cut short)
                said = r["next_step"] or ""
                step = f" · 🗓 {KIND[turn.lang].get(r['kind'], r['kind'])}" + (
                    f" · {said[:PLAN_SAID]}{'…' if len(said) > PLAN_SAID else ''}" if said else "")
            who = f"（{r['owner_name']}）" if team and r.get("owner_name") else ""
            lines.append(f"• {r['name']}{who} — {when}{step}")
        return Reply("\n".join(lines))

    # ---------- writing phase (inside the dispatcher's transaction) ----------

    def log(self, conn: Connection, *, turn: Turn, parse: ParseResult) -> list[Reply]:
        """Save a parsed log (its records) or ask about it, in the caller's transaction."""
        records.lock_user(conn, turn.uid)  # one user's messages are saved one after the other
        if clog.sent_recently(conn, turn):
            return [Reply(t(turn.lang, "duplicate"))]
        if clog.sent_recently(conn, turn, "pending"):  # sent again before its question was answered
            return [Reply(t(turn.lang, "duplicate_pending"))]
        replies = clog.save_or_ask(conn, turn, parse)
        self.services.invalidate()
        return replies

    def _loss_not_open(self, conn: Connection, *, turn: Turn, text: str) -> list[Reply]:
        """A loss said of a customer with no open deal: say so, record nothing (and name only a customer
        the speaker may write on)."""
        cid, _, _ = self.services.find_customer(text, turn.uid)
        row = records.customer_row(conn, cid) if cid else None
        if row is None:
            return [Reply(t(turn.lang, "loss_not_open_any"))]
        if not Authority.of(conn, turn.uid).may_write_customer(row["owner_id"]):
            return [Reply(t(turn.lang, "not_yours"))]
        return [Reply(t(turn.lang, "loss_not_open", name=row["name"]))]

    def _answer_in_words(self, turn: Turn, pending: dict, text: str) -> str | None:
        """A pending question answered in words: the name of one of the choices, or yes/no to a new customer."""
        if pending.get("type") in ("deal", "contract"):
            return self._label_answer(pending, text)
        if pending.get("type") not in ("customer", "claim"):
            return None
        sid = pending["id"]
        cands = pending.get("candidates") or []
        low = text.lower().strip(" 。.!！")
        if low in NO_WORDS:
            return f"cancel:{sid}"
        if not cands:
            return f"new:{sid}" if low in YES_WORDS else None
        if len(text) > 40:
            return None
        cid, _, more = self.services.find_customer(text, turn.uid)
        ids = [cid] if cid else more
        hits = [i for i, c in enumerate(cands) if c in ids]
        return f"pick:{sid}:{hits[0]}" if len(hits) == 1 else None

    @staticmethod
    def _label_answer(pending: dict, text: str) -> str | None:
        """"which deal / contract?" answered in words: no, or words of exactly one choice ("二期", "support")."""
        low = text.lower().strip(" 。.!！")
        if low in NO_WORDS:
            return f"cancel:{pending['id']}"
        labels = [label.lower() for label in pending.get("labels") or []]
        hits = [i for i, label in enumerate(labels) if len(low) >= 2 and low in label]
        return f"pick:{pending['id']}:{hits[0]}" if len(hits) == 1 else None

    def _name_for_new(self, turn: Turn, pending: dict, text: str) -> Action | None:
        """"Create X?" answered with a name: an existing customer's name takes that customer; the name
        written out in full ("杭州云帆科技有限公司" for "杭州云帆科技") creates the customer under it."""
        if pending.get("type") != "customer" or pending.get("candidates") or len(text) > 40:
            return None
        said = text.strip(" 。.!！")
        cid = self.services.customer_named_alone(said, turn.uid)
        if cid:
            return partial(self._answer_named, turn=turn, sid=pending["id"], customer_id=cid)
        asked = pending.get("name") or ""
        if len(said) >= 2 and asked and (asked in said or said in asked):
            return partial(self._answer_named, turn=turn, sid=pending["id"], name=max(said, asked, key=len))
        return None

    def _answer_named(self, conn: Connection, *, turn: Turn, sid: str, customer_id: str | None = None,
                      name: str | None = None) -> list[Reply]:
        pending = state.take(conn, sid, turn.uid, turn.now)
        if not pending or pending["kind"] != "pending":
            return [Reply(t(turn.lang, "expired"))]
        self.services.invalidate()
        if customer_id:
            return clog.answer_pending(conn, turn, {**pending, "candidates": [customer_id]}, 0)
        return clog.answer_pending(conn, turn, {**pending, "name": name}, None)

    @staticmethod
    def _choice_ids(pending: dict) -> list[str]:
        sid = pending["id"]
        if pending.get("type") not in ("customer", "claim", "deal", "contract"):
            return []
        cands = pending.get("candidates") or []
        ids = [f"pick:{sid}:{i}" for i in range(len(cands))] if cands else [f"new:{sid}"]
        return ids + [f"cancel:{sid}"]

    def _press(self, conn: Connection, *, turn: Turn, press: str) -> list[Reply]:
        m = PRESS.match(press.strip())
        if not m:
            return [Reply(t(turn.lang, "expired"))]
        what, sid, idx = m[1], m[2], int(m[3]) if m[3] is not None else None
        if what == "undo":
            rec = state.take(conn, sid, turn.uid, turn.now)
            if not rec or rec["kind"] != "undo":
                return [Reply(t(turn.lang, "nothing_to_undo"))]
            self.services.invalidate()
            return [clog.undo(conn, turn, rec)]
        if what == "edit":
            rec = state.get(conn, sid, turn.uid, turn.now)
            if not rec or rec["kind"] != "undo":
                return [Reply(t(turn.lang, "edit_none"))]
            state.drop_pending(conn, turn.uid, turn.chat_key, ("edit",))
            state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="pending",
                      payload={"type": "edit", "undo_id": sid, "lang": rec.get("lang", turn.lang)},
                      now=turn.now, ttl=state.PENDING_TTL)
            return [Reply(t(rec.get("lang", turn.lang), "edit_prompt"))]
        pending = state.take(conn, sid, turn.uid, turn.now)
        if not pending or pending["kind"] != "pending":
            return [Reply(t(turn.lang, "expired"))]
        lang = pending.get("lang", turn.lang)
        if what == "cancel":
            return [Reply(t(lang, "cancelled"))]
        self.services.invalidate()
        if pending.get("type") == "claim" and what == "pick" and idx is not None:
            cands = pending.get("candidates") or []
            if not 0 <= idx < len(cands):
                return [Reply(t(lang, "expired"))]
            return [self._claim_one(conn, turn, cands[idx], lang)]
        if pending.get("type") in ("customer", "deal", "contract"):
            return clog.answer_pending(conn, turn, pending, idx if what == "pick" else None)
        return [Reply(t(lang, "expired"))]

    @staticmethod
    def _last_record(conn: Connection, turn: Turn) -> dict | None:
        """The latest saved record of this user in this chat, or the marker of its undo when that came later."""
        return state.latest_of(conn, turn.uid, turn.chat_key, ("undo", "undone"), turn.now)

    def _edit_latest(self, conn: Connection, *, turn: Turn) -> list[Reply]:
        rec = self._last_record(conn, turn)
        if rec is None:
            return [Reply(t(turn.lang, "edit_none"))]
        if rec["kind"] == "undone":
            return [Reply(t(turn.lang, "edit_undone", what=rec["what"]))]
        return self._press(conn, turn=turn, press=f"edit:{rec['id']}")

    def _undo_latest(self, conn: Connection, *, turn: Turn) -> list[Reply]:
        rec = self._last_record(conn, turn)
        if rec is not None and rec["kind"] == "undone":
            return [Reply(t(turn.lang, "already_undone", what=rec["what"]))]
        if rec is None or state.take(conn, rec["id"], turn.uid, turn.now) is None:
            return [Reply(t(turn.lang, "nothing_to_undo"))]
        self.services.invalidate()
        return [clog.undo(conn, turn, rec)]

    def _undo_nth(self, conn: Connection, *, turn: Turn, n: int) -> list[Reply]:
        """"撤销 2": undo the n-th latest saved message of this chat."""
        got = clog.recent(conn, turn)
        if n == 1:
            return self._undo_latest(conn, turn=turn)
        if not 1 <= n <= len(got):
            return [Reply(t(turn.lang, "undo_nth_none", n=n, total=len(got)))]
        rec = state.take(conn, got[n - 1]["id"], turn.uid, turn.now)
        if rec is None:
            return [Reply(t(turn.lang, "nothing_to_undo"))]
        self.services.invalidate()
        return [clog.undo(conn, turn, rec)]

    def _recent(self, conn: Connection, *, turn: Turn) -> list[Reply]:
        return [clog.recent_reply(conn, turn)]

    def _cancel_latest(self, conn: Connection, *, turn: Turn) -> list[Reply]:
        n = state.drop(conn, turn.uid, turn.chat_key, "pending")
        return [Reply(t(turn.lang, "cancelled" if n else "nothing_pending"))]

    def _edit(self, conn: Connection, *, turn: Turn, changes: dict[str, Any], undo_id: str | None = None,
              pending_id: str | None = None) -> list[Reply]:
        if pending_id is not None:
            state.take(conn, pending_id, turn.uid, turn.now)
        if changes.get("out_of_view"):  # "不是X，是Y" with Y another rep's: nothing changes, nothing of Y shown
            return [Reply(t(turn.lang, "not_yours"))]
        rec = state.get(conn, undo_id, turn.uid, turn.now) if undo_id else None
        rec = rec or self._last_record(conn, turn)
        if rec is None:
            return [Reply(t(turn.lang, "edit_none"))]
        if rec["kind"] == "undone":
            return [Reply(t(turn.lang, "edit_undone", what=rec["what"]))]
        speaker_lang, turn.lang = turn.lang, rec.get("lang", turn.lang)
        old = ParseResult.model_validate(rec["parse"])
        parse = clog.apply_changes(old, changes)
        if parse.records == old.records:
            if old.visit is None and set(changes) <= clog.VISIT_FIELDS:
                return [Reply(t(turn.lang, "edit_no_visit", what=clog.what_of(conn, turn.lang, rec)))]
            if changes:  # 应该是谈判阶段 when it already is: nothing to change, say so
                return [Reply(t(speaker_lang, "edit_same", what=clog.what_of(conn, speaker_lang, rec)))]
            return [Reply(t(turn.lang, "edit_unclear"))]
        self.services.invalidate()
        return clog.save_or_ask(conn, turn, parse, replace=rec)

    def _claim(self, conn: Connection, *, turn: Turn, name: str, ids: list[str] | None = None) -> list[Reply]:
        if not name:
            return [Reply(example_text(conn, "claim_which", turn.lang, turn.uid))]
        rows = records.customers_matching(conn, name)
        rows = rows or (records.customers_by_ids(conn, ids) if ids else [])
        pool = [r for r in rows if r["owner_id"] is None]
        if not pool:
            if rows:
                r = rows[0]
                if r["owner_id"] == turn.uid:
                    return [Reply(t(turn.lang, "claimed", name=r["name"]))]
                return [self._owned_reply(conn, turn, turn.lang, r["name"], r["owner_id"])]
            return [Reply(t(turn.lang, "claim_none", name=name))]
        if len(pool) == 1:
            return [self._claim_one(conn, turn, pool[0]["id"], turn.lang)]
        sid = state.put(conn, user_id=turn.uid, chat_key=turn.chat_key, kind="pending",
                        payload={"type": "claim", "candidates": [r["id"] for r in pool], "lang": turn.lang,
                                 "name": name}, now=turn.now, ttl=state.PENDING_TTL)
        buttons = [Button(f"pick:{sid}:{i}", r["name"]) for i, r in enumerate(pool)]
        return [Reply(t(turn.lang, "claim_pick", name=name), buttons + [Button(f"cancel:{sid}", t(turn.lang, "cancel"))])]

    def _claim_one(self, conn: Connection, turn: Turn, customer_id: str, lang: str) -> Reply:
        row = records.customer_row(conn, customer_id)
        if row is None:
            return Reply(t(lang, "expired"))
        refusal = pool_commands.claim_refusal(conn, turn) if row["owner_id"] is None else None
        if refusal is not None:  # pool.max_private reached
            return refusal
        if records.claim_customer(conn, customer_id, turn.uid, turn.now, turn.message_id):
            self.services.invalidate()
            return Reply(t(lang, "claimed", name=row["name"]))
        return self._owned_reply(conn, turn, lang, row["name"], row["owner_id"])

    @staticmethod
    def _owned_reply(conn: Connection, turn: Turn, lang: str, name: str, owner_id: str) -> Reply:
        """A customer someone owns: its owner is named only to whom may see that owner (never a rep's
        name to another rep)."""
        auth = Authority.of(conn, turn.uid)
        if not (auth.shows_owner_names and auth.covers(owner_id)):
            return Reply(t(lang, "claim_taken"))
        owner = records.user_names(conn, [owner_id]).get(owner_id, owner_id)
        return Reply(t(lang, "claim_owned", name=name, owner=owner))
