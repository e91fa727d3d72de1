"""`salesbot chat`: the conversation on a terminal (interactive, or a JSONL script per CONTRACT.md)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from bot.attachments import MEDIA_KEYS, media_line
from bot.context import AppContext, parse_now
from bot.dispatcher import Dispatcher
from bot.replies import Attachment, Button, InboundMessage, Reply
from domain.errors import UserError

ALIASES = {"undo": "undo:", "撤销": "undo:", "edit": "edit:", "修改": "edit:", "cancel": "cancel:", "取消": "cancel:",
           "new": "new:", "create": "new:", "新建": "new:"}


def _save_chart(reply: Reply, chart_dir: Path | None) -> str | None:
    """The chart's file path: the one the answer wrote, or a new file in chart_dir."""
    if reply.chart_path:
        return reply.chart_path
    if reply.chart_png is None:
        return None
    folder = chart_dir or Path(tempfile.gettempdir()) / "salesbot-charts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"chat-{hashlib.sha1(reply.chart_png).hexdigest()[:10]}.png"
    path.write_bytes(reply.chart_png)
    return str(path)


def reply_json(reply: Reply, chart_dir: Path | None) -> dict[str, Any]:
    """The CONTRACT.md shape of one reply: {"text", "buttons": [{"id", "label"}], "chart"}."""
    return {"text": reply.text, "buttons": [{"id": b.id, "label": b.label} for b in reply.buttons],
            "chart": _save_chart(reply, chart_dir)}


class TerminalChat:
    """One terminal conversation: the same dispatcher as the chat networks, channel 'terminal'."""

    def __init__(self, ctx: AppContext, chart_dir: Path | None) -> None:
        self.ctx = ctx
        self.chart_dir = chart_dir
        self.fixed_now: datetime | None = None
        self.dispatcher = Dispatcher(ctx.ready_engine(), ctx.settings, chart_dir=chart_dir, clock=self.now)
        self.last_buttons: dict[str, list[Button]] = {}  # speaker -> buttons of the latest reply

    def now(self) -> datetime:
        return self.fixed_now or self.ctx.now()

    def resolve(self, speaker: str, press: str) -> Button | None:
        """The button of the latest reply meant by `press`: its id, its number (1-based), its label,
        or a word for its kind ("undo"/"撤销", "edit"/"修改", "cancel"/"取消", "new"/"新建")."""
        buttons = self.last_buttons.get(speaker, [])
        p = press.strip()
        for b in buttons:
            if b.id == p:
                return b
        if p.isdigit() and 1 <= int(p) <= len(buttons):
            return buttons[int(p) - 1]
        prefix = ALIASES.get(p.lower())
        if prefix:
            return next((b for b in buttons if b.id.startswith(prefix)), None)
        return next((b for b in buttons if p and (b.label == p or p in b.label)), None)

    def say(self, speaker: str, text: str | None = None, press: str | None = None,
            attachment: Attachment | None = None) -> list[Reply]:
        """One message (or button press, or media: bot/attachments.py) from `speaker`; the bot's replies."""
        label = ""
        if press is not None:
            b = self.resolve(speaker, press)
            if b is not None:
                press, label = b.id, b.label
        msg = InboundMessage(channel="terminal", external_id=uuid.uuid4().hex, chat_id=speaker, sender=speaker,
                             text=attachment.ref if attachment else text or label, press=press,
                             attachment=attachment)
        handled = self.dispatcher.handle(msg)
        replies = handled.replies if handled else []
        self.last_buttons[speaker] = [b for r in replies for b in r.buttons]
        return replies


def _play_jsonl(chat: TerminalChat, lines: list[str], default_user: str | None, out: TextIO) -> None:
    speaker = default_user
    tz = chat.ctx.settings.org.tz
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                raise ValueError("not a JSON object") from None
            if not isinstance(item, dict):
                raise ValueError("a line must be a JSON object")
            speaker = str(item.get("as") or item.get("user") or speaker or "")
            if not speaker:
                raise ValueError('no speaker: give --as USER or "as" on the line')
            if item.get("now"):
                chat.fixed_now = parse_now(str(item["now"]), tz)
            if "press" in item:
                replies = chat.say(speaker, press=str(item["press"]))
            elif "text" in item:
                replies = chat.say(speaker, text=str(item["text"]))
            elif any(k in item for k in MEDIA_KEYS):
                replies = chat.say(speaker, attachment=media_line(item))
            else:
                raise ValueError('a line needs "text", "press", "voice", "photo" or "location"')
            shown = [reply_json(r, chat.chart_dir) for r in replies]
            print(json.dumps({"in": n, "replies": shown}, ensure_ascii=False), file=out, flush=True)
        except (ValueError, UserError) as e:
            print(json.dumps({"in": n, "id": n, "error": str(e)}, ensure_ascii=False), file=out, flush=True)


def _interactive(chat: TerminalChat, user: str) -> None:
    print("salesbot chat — type a message; a number taps a button of the last reply; Ctrl-D quits.")
    buttons: list[str] = []
    while True:
        try:
            line = input(f"{user}> ").strip()
        except EOFError:
            print()
            return
        if not line:
            continue
        if line.isdigit() and buttons and 1 <= int(line) <= len(buttons):
            replies = chat.say(user, press=buttons[int(line) - 1])
        else:
            replies = chat.say(user, text=line)
        buttons = []
        for r in replies:
            shown = reply_json(r, chat.chart_dir)
            print(r.text)
            if shown["chart"]:
                print(f"📊 {shown['chart']}")
            for b in r.buttons:
                buttons.append(b.id)
                print(f"  [{len(buttons)}] {b.label}")


def cmd_chat(ctx: AppContext, args: argparse.Namespace) -> int:
    """Talk to the bot on this terminal, or play a JSONL conversation."""
    chart_dir = Path(args.chart_dir) if getattr(args, "chart_dir", None) else None
    chat = TerminalChat(ctx, chart_dir)
    if args.jsonl:
        try:
            lines = sys.stdin.read().splitlines() if args.jsonl == "-" else \
                Path(args.jsonl).read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise UserError(f"cannot read {args.jsonl}: {e.strerror or e}") from None
        _play_jsonl(chat, lines, ctx.as_user, sys.stdout)
        return 0
    if not ctx.as_user:
        raise UserError("say who speaks: salesbot chat --as USER_ID")
    _interactive(chat, ctx.as_user)
    return 0
