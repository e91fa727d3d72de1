"""The short adapter protocol every chat network implements, and helpers they share."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from typing import Protocol

from starlette.routing import BaseRoute

from bot.dispatcher import Dispatcher
from bot.replies import InboundMessage, Reply

log = logging.getLogger("salesbot.channels")
CHOICE_PREFIXES = ("pick:", "new:", "save:card:", "edit:card:", "cancel:")  # a card: bot/card_proposal.py


class Channel(Protocol):
    """A chat network: wire format in → InboundMessage; typed Reply → wire format out."""

    name: str  # the outbox channel its replies are queued on

    def routes(self) -> Sequence[BaseRoute]:
        """HTTP routes to add to the shared app (webhooks)."""
        ...

    async def start(self, stop: asyncio.Event) -> None:
        """Start background work (polling, token warm-up); return when `stop` is set."""
        ...

    async def close(self) -> None:
        """Release clients; called after the outbox worker stopped."""
        ...

    async def send(self, chat: str, reply: Reply) -> None:
        """Send one reply (text, chart, buttons); raise RetryableSendError / PermanentSendError."""
        ...


_chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()


async def dispatch_in_background(dispatcher: Dispatcher, msg: InboundMessage, message_id: int) -> None:
    """Process a stored message off the request path (its replies go through the outbox).
    Messages of one chat are handled in order ("log…" then "撤销" must not swap)."""
    lock = _chat_locks.get(msg.chat_key)
    if lock is None:
        lock = _chat_locks[msg.chat_key] = asyncio.Lock()
    try:
        async with lock:
            await asyncio.to_thread(dispatcher.process, message_id, msg)
    except Exception:
        log.exception("processing %s:%s failed; it stays stored for recovery", msg.channel, msg.external_id)


def buttons_as_text(reply: Reply, lang: str = "zh") -> str:
    """For channels without buttons: choices become numbered lines; undo/edit a short hint."""
    choices = [b for b in reply.buttons if b.id.startswith(CHOICE_PREFIXES)]
    lines = []
    if choices:
        lines.extend(f"{i}. {b.label}" for i, b in enumerate(choices, start=1))
        lines.append("（回复数字选择）" if lang == "zh" else "(reply with a number)")
    elif any(b.id.startswith("undo:") for b in reply.buttons):
        lines.append("回复「撤销」可撤销，或直接说要改什么" if lang == "zh" else
                     'Reply "undo" to undo, or say what to change')
    return "\n".join(lines)
