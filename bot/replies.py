"""Typed messages in and out of the conversation core, independent of any chat network."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Button:
    """A tappable choice; `id` comes back as InboundMessage.press (≤ 64 bytes for Telegram)."""

    id: str
    label: str


@dataclass
class Reply:
    """One outbound message: text, optional buttons and an optional chart (PNG bytes and/or file)."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    chart_png: bytes | None = None
    chart_path: str | None = None
    markdown: bool = False  # text is markdown (WeCom markdown messages); plain text elsewhere

    def to_json(self) -> str:
        """Serialise for the outbox (the chart travels as base64)."""
        return json.dumps({
            "text": self.text,
            "buttons": [{"id": b.id, "label": b.label} for b in self.buttons],
            "chart_png": base64.b64encode(self.chart_png).decode() if self.chart_png else None,
            "chart_path": self.chart_path,
            "markdown": self.markdown,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, payload: str) -> Reply:
        """Inverse of to_json."""
        d = json.loads(payload)
        png = d.get("chart_png")
        return cls(text=d.get("text", ""), buttons=[Button(b["id"], b["label"]) for b in d.get("buttons") or []],
                   chart_png=base64.b64decode(png) if png else None, chart_path=d.get("chart_path"), markdown=bool(d.get("markdown")))

    def chart_bytes(self) -> bytes | None:
        """The chart PNG, from memory or from its file."""
        if self.chart_png:
            return self.chart_png
        if self.chart_path:
            try:
                with open(self.chart_path, "rb") as f:
                    return f.read()
            except OSError:
                return None
        return None


@dataclass
class Attachment:
    """What a phone sends instead of text: a voice note, a photo or a location (bot/attachments.py).

    `ref` is what is stored as the message's text ("[voice] telegram:FILE_ID", a path, …): nothing
    is lost when the media cannot be read. `fetch` downloads the bytes (blocking; called off the
    event loop); None when they can no longer be had (a message rebuilt after a crash)."""

    kind: str  # voice | photo | location
    ref: str
    fetch: Callable[[], bytes] | None = None
    lat: float | None = None
    lon: float | None = None
    label: str = ""
    passive: bool = False  # sent by the app on its own (a WeCom LOCATION event), not by the user


@dataclass
class InboundMessage:
    """A message or a button press as received on a channel.

    `external_id` is the channel's own id of the delivery (unique per channel), so a
    redelivery is recognised. `sender` is the channel's id of the person (Telegram user id,
    WeCom userid, or our user id on the terminal). `press` holds a Button.id when the user
    tapped a button; then `text` is the button's label when known.
    """

    channel: str
    external_id: str
    chat_id: str
    sender: str
    text: str = ""
    press: str | None = None
    is_group: bool = False
    received_at: datetime | None = None
    sender_name: str | None = None
    attachment: Attachment | None = None

    @property
    def chat_key(self) -> str:
        return f"{self.channel}:{self.chat_id}"
