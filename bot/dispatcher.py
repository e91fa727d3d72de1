"""The one dispatcher every channel uses: inbound → stored raw first (a redelivery is recognised
and not acted on twice) → user identified (unknown: polite refusal, no data) → understood →
acted on → replied. Acting, marking the message done and queueing the replies happen in one
transaction, so a crash never leaves half a change or a change without its reply."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from bot import attachments, checkins
from bot.conversation import Conversation
from bot.conversation_log import Turn
from bot.conversation_services import Services
from bot.conversation_texts import lang_of, t
from bot.observability import HANDLING_SECONDS, MESSAGES_FAILED, MESSAGES_HANDLED, MESSAGES_IN, event, timed
from bot.outbox import enqueue
from bot.replies import InboundMessage, Reply
from domain.settings import Settings
from storage import records

log = logging.getLogger("salesbot.dispatcher")
CHANNEL_LABEL = {"telegram": "Telegram", "wecom_app": "企业微信", "terminal": "user"}
STALE = timedelta(minutes=2)
TEXT_LIMIT = 4000  # a longer message is stored whole once, handled from its first part, and the rep told
LONG_NOTE = {
    "zh": "（消息太长：我只读了前 {n} 个字，其余已保存但未处理。请分成几条发送。）",
    "en": "(That message was long: I read only its first {n} characters; the rest is saved but not acted on. "
          "Please send it in parts.)",
}


def first_part(text: str, limit: int = TEXT_LIMIT) -> str:
    """The first `limit` characters, cut at the last line or sentence end within them when there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(c) for c in ("\n", "。", "！", "？", ". ", "! ", "? ", "；", ";"))
    return head[:cut + 1].rstrip() if cut >= limit // 2 else head


@dataclass
class Handled:
    """What happened to one inbound message."""

    message_id: int
    replies: list[Reply]
    status: str  # done | refused | failed | duplicate


class Dispatcher:
    """Stores, identifies, understands, acts and replies. `outbox_channel(msg)` names the outbox
    channel replies are queued on (None: the caller shows them itself, as the terminal does)."""

    def __init__(self, engine: Engine, settings: Settings, *, chart_dir: str | Path | None = None,
                 clock: Callable[[], datetime] | None = None,
                 outbox_channel: Callable[[InboundMessage], str | None] = lambda m: None,
                 on_queued: Callable[[], None] | None = None, services: Services | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock or (lambda: datetime.now(UTC))
        self.services = services or Services(engine, settings, chart_dir)
        self.conversation = Conversation(engine, settings, self.services)
        self.outbox_channel = outbox_channel
        self.on_queued = on_queued

    def receive(self, msg: InboundMessage) -> int | None:
        """Store the message as received; its id, or None for a redelivery of a message already stored.
        NUL characters (which PostgreSQL refuses in text) are dropped; an over-long delivery id is hashed."""
        clean_inbound(msg)
        at = msg.received_at or self.clock()
        msg.received_at = at
        text = msg.text if not msg.press else f"[press] {msg.press}"
        mid, new = records.store_inbound(self.engine, channel=msg.channel, external_id=msg.external_id,
                                        chat_id=msg.chat_id, sender=msg.sender, text=text, received_at=at)
        if not new:
            event(log, f"redelivery of {msg.channel}:{msg.external_id} ignored", message_id=mid, channel=msg.channel)
            return None
        MESSAGES_IN.labels(channel=msg.channel).inc()
        return mid

    def handle(self, msg: InboundMessage) -> Handled | None:
        """receive + process; None for a redelivery."""
        mid = self.receive(msg)
        return None if mid is None else self.process(mid, msg)

    def process(self, message_id: int, msg: InboundMessage) -> Handled | None:
        """Act on a stored message once; None when it was already handled (by us or another process).
        A text over TEXT_LIMIT characters is handled from its first part and the rep is told."""
        long = len(msg.text or "") > TEXT_LIMIT
        if long:
            msg = replace(msg, text=first_part(msg.text))
        with timed() as elapsed:
            done = self._process(message_id, msg, long)
        seconds = elapsed()
        if done is not None:
            HANDLING_SECONDS.labels(channel=msg.channel).observe(seconds)
            (MESSAGES_FAILED if done.status == "failed" else MESSAGES_HANDLED).labels(channel=msg.channel).inc()
            event(log, f"message {done.status}", message_id=message_id, channel=msg.channel, user=msg.sender,
                  status=done.status, duration_ms=round(seconds * 1000, 1))
        return done

    def _process(self, message_id: int, msg: InboundMessage, long: bool) -> Handled | None:
        now = (msg.received_at or self.clock()).astimezone(self.settings.org.tz)
        lang = lang_of(msg.text, self.settings.org.language) if not msg.press else self.settings.org.language
        user = records.find_user(self.engine, msg.channel, msg.sender)
        if user is None:
            label = CHANNEL_LABEL.get(msg.channel, msg.channel)
            reply = Reply(t(lang, "refuse", ch=label, sid=msg.sender))
            return self._commit(message_id, msg, None, "refused", lambda conn: [reply])
        turn = Turn(user=user, msg=msg, message_id=message_id, now=now, lang=lang, settings=self.settings)
        try:
            turn, action = self._prepare(turn)
            if long:
                note = Reply(LONG_NOTE[lang if lang in LONG_NOTE else "en"].format(n=TEXT_LIMIT))
                action = _with_note(action, note)
            return self._commit(message_id, msg, user["id"], "done", action)
        except Exception:
            log.exception("message %d (%s:%s) failed", message_id, msg.channel, msg.external_id)
            reply = Reply(t(turn.lang, "error"))
            return self._commit(message_id, msg, user["id"], "failed", lambda conn: [reply])

    def _prepare(self, turn: Turn):
        """The turn as handled and its action: media first (bot/attachments: a voice note becomes its
        transcript), the check-in list, else the conversation; a visit logged takes waiting check-ins."""
        if turn.msg.attachment is not None:
            turn, action = attachments.prepare(turn, self.conversation.prepare)
        elif not turn.msg.press and checkins.is_week_question(turn.msg.text):
            return turn, lambda conn: [checkins.week_list(self.engine, turn.uid, turn.now, turn.lang)]
        else:
            action = self.conversation.prepare(turn)
        return turn, checkins.with_waiting(action, turn)

    def _commit(self, message_id: int, msg: InboundMessage, user_id: str | None, status: str, action) -> Handled | None:
        channel = self.outbox_channel(msg)
        with self.engine.begin() as conn:
            if not records.finish_inbound(conn, message_id, status, user_id):
                return None
            replies = action(conn)
            if channel:
                for i, r in enumerate(replies):
                    enqueue(conn, f"reply:{message_id}:{i}", channel, msg.chat_id, r, now=datetime.now(UTC))
        if channel and replies and self.on_queued:
            self.on_queued()
        return Handled(message_id, replies, status)

    def recover(self, rebuild: Callable[[dict], InboundMessage | None], older_than: timedelta = STALE,
                stranded_before: datetime | None = None) -> int:
        """Handle messages stored but never acted on (their process died); returns how many.
        Taken: those older than `older_than`, and every one stored before `stranded_before` (the
        start of the oldest live process: no live process can be handling those)."""
        cutoff = datetime.now(UTC) - older_than
        if stranded_before is not None:
            cutoff = max(cutoff, stranded_before)
        n, seen = 0, set()
        while True:
            batch = [m for m in records.unfinished_inbound(self.engine, cutoff) if m not in seen]
            if not batch:
                return n
            for mid in batch:
                seen.add(mid)
                row = records.inbound_row(self.engine, mid)
                msg = rebuild(row) if row else None
                if msg is not None and self.process(mid, msg) is not None:
                    n += 1


def clean_inbound(msg: InboundMessage) -> None:
    """Make a message storable on every database: no NUL characters, a delivery id within 128 characters."""
    msg.text = (msg.text or "").replace("\x00", "")
    msg.chat_id, msg.sender = str(msg.chat_id).replace("\x00", ""), str(msg.sender).replace("\x00", "")
    if msg.press:
        msg.press = msg.press.replace("\x00", "")
    if len(msg.external_id) > 128 or "\x00" in msg.external_id:
        msg.external_id = "sha1:" + hashlib.sha1(msg.external_id.encode("utf-8", "replace")).hexdigest()


def _with_note(action, note: Reply):
    """The action's replies with `note` after them."""
    def run(conn) -> list[Reply]:
        return [*action(conn), note]
    return run


def rebuild_message(row: dict) -> InboundMessage:
    """An InboundMessage from its stored row (for recovery after a crash)."""
    text = row["text"] or ""
    press = text[len("[press] "):] if text.startswith("[press] ") else None
    return InboundMessage(channel=row["channel"], external_id=row["external_id"], chat_id=row["chat_id"] or "",
                          sender=row["sender"] or "", text="" if press else text, press=press,
                          received_at=row["received_at"], attachment=None if press else attachments.rebuilt(text))
