"""Telegram (python-telegram-bot v22): updates in by polling (development) or by webhook
(production, POST /telegram/webhook, secret-token header checked in constant time), replies
out through the outbox with inline buttons and sendPhoto charts, rate-limited by AIORateLimiter."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import warnings
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.app import BodyTooLarge, read_body, too_large
from bot.attachments import telegram_attachment
from bot.channels.base import dispatch_in_background
from bot.dispatcher import Dispatcher
from bot.observability import WEBHOOK_REFUSED
from bot.outbox import PermanentSendError, RetryableSendError
from bot.replies import InboundMessage, Reply
from domain.settings import TelegramSettings, secret

log = logging.getLogger("salesbot.telegram")
CAPTION_MAX = 1024
TEXT_MAX = 4096
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ONE_SHOT = ("undo:", "pick:", "new:", "cancel:")


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Undo/Edit side by side; choices one per row; a reminder item's buttons on one row."""
    if not reply.buttons:
        return None
    pair = [b for b in reply.buttons if b.id.startswith(("undo:", "edit:"))]
    rows: list[list[InlineKeyboardButton]] = []
    for b in reply.buttons:
        if b in pair:
            continue
        btn = InlineKeyboardButton(b.label, callback_data=b.id)
        if b.id.startswith(("rpost:", "rcancel:")) and rows and rows[-1][0].callback_data.startswith("rdone:"):
            rows[-1].append(btn)  # a reminder item's done / postpone / cancel share one row
        else:
            rows.append([btn])
    if pair:
        rows.insert(0, [InlineKeyboardButton(b.label, callback_data=b.id) for b in pair])
    return InlineKeyboardMarkup(rows)


class TelegramChannel:
    """One bot account: turns updates into InboundMessages and sends typed Replies."""

    name = "telegram"

    def __init__(self, settings: TelegramSettings, dispatcher: Dispatcher, *, poll_timeout: int = 25) -> None:
        self.settings = settings
        self.dispatcher = dispatcher
        self.poll_timeout = poll_timeout
        self.bot = ExtBot(secret(settings.token), base_url=settings.api_base_url,
                          request=HTTPXRequest(connection_pool_size=16, read_timeout=10.0),
                          get_updates_request=HTTPXRequest(read_timeout=poll_timeout + 10.0),
                          rate_limiter=AIORateLimiter())
        self._tasks: set[asyncio.Task] = set()
        self._ready = asyncio.Event()

    # ---------- inbound ----------

    def routes(self) -> Sequence[BaseRoute]:
        if self.settings.mode != "webhook":
            return []
        return [Route("/telegram/webhook", self.webhook, methods=["POST"])]

    async def webhook(self, request: Request) -> Response:
        """Check the secret (constant time) before reading anything, read at most MAX_BODY bytes,
        store the update, answer 200, process in the background. A body that is not an update: 400."""
        got = request.headers.get(SECRET_HEADER, "")
        want = secret(self.settings.webhook_secret)
        if not want or not hmac.compare_digest(got.encode(), want.encode()):
            log.warning("telegram webhook: wrong secret token from %s", request.client.host if request.client else "?")
            WEBHOOK_REFUSED.labels(channel=self.name, reason="signature").inc()
            return Response("forbidden", status_code=403)
        try:
            update = self.parse_update(await read_body(request))
        except BodyTooLarge:
            log.warning("telegram webhook: body over the size limit refused")
            WEBHOOK_REFUSED.labels(channel=self.name, reason="too_large").inc()
            return too_large()
        except Exception as e:  # anything that is not a Telegram update
            log.warning("telegram webhook: bad update: %s", type(e).__name__)
            WEBHOOK_REFUSED.labels(channel=self.name, reason="malformed").inc()
            return JSONResponse({"ok": False, "error": "not a Telegram update"}, status_code=400)
        if not self._ready.is_set():  # the bot's own id/username are needed for group chats
            try:
                await asyncio.wait_for(self._ready.wait(), timeout=5)
            except TimeoutError:
                pass
        await self.take(update)
        return JSONResponse({"ok": True})

    def parse_update(self, body: bytes) -> Update:
        """An Update from a webhook body; ValueError when it is not a JSON object with an integer update_id."""
        data = json.loads(body)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int) \
                or isinstance(data.get("update_id"), bool):
            raise ValueError("not an update object")
        update = Update.de_json(data, self.bot)
        self.to_inbound(update)  # the shape must be readable here, not in the background
        return update

    def to_inbound(self, update: Update) -> InboundMessage | None:
        """The message in an update, or None when it is not for us (a group chat not addressing the bot)."""
        uid = str(update.update_id)
        cq = update.callback_query
        if cq is not None and not (cq.data and cq.message is not None):
            return None  # a tap without data (or on a message we cannot see): answered, nothing to act on
        if cq is not None and cq.data and cq.message is not None:
            chat = cq.message.chat
            return InboundMessage(channel="telegram", external_id=uid, chat_id=str(chat.id),
                                  sender=str(cq.from_user.id), press=cq.data,
                                  is_group=chat.type in ("group", "supergroup"),
                                  sender_name=cq.from_user.full_name)
        m = update.effective_message
        if m is None or m.from_user is None:
            return None
        if not m.text:  # voice, location, photo (bot/attachments); a sticker: in a private chat, a polite "text please"
            if m.chat.type != "private" or update.message is None:
                return None
            att = telegram_attachment(m, self.settings)
            return InboundMessage(channel="telegram", external_id=uid, chat_id=str(m.chat.id),
                                  sender=str(m.from_user.id), text=att.ref if att else "",
                                  sender_name=m.from_user.full_name, attachment=att)
        text = m.text
        group = m.chat.type in ("group", "supergroup")
        if group:
            text = self._addressed(m, text)
            if text is None:
                return None
        elif text.startswith("/"):
            head, _, rest = text.partition(" ")
            text = head.split("@", 1)[0] + (" " + rest if rest else "")
        return InboundMessage(channel="telegram", external_id=uid, chat_id=str(m.chat.id),
                              sender=str(m.from_user.id), text=text.strip(), is_group=group,
                              sender_name=m.from_user.full_name)

    def _addressed(self, m, text: str) -> str | None:
        """In a group: a command, a mention of the bot or a reply to the bot; the text without the mention."""
        username = (self.bot.username or "").lower() if self._ready.is_set() else ""
        if text.startswith("/"):
            head, _, rest = text.partition(" ")
            cmd, _, target = head.partition("@")
            if target and username and target.lower() != username:
                return None
            return cmd + (" " + rest if rest else "")
        if username and f"@{username}" in text.lower():
            i = text.lower().index(f"@{username}")
            return (text[:i] + text[i + len(username) + 1:]).strip()
        reply_to = m.reply_to_message
        if reply_to is not None and reply_to.from_user is not None and self._ready.is_set() \
                and reply_to.from_user.id == self.bot.id:
            return text
        return None

    async def take(self, update: Update) -> None:
        """Store one update (before acknowledging it); answer a tap and process in the background."""
        msg = self.to_inbound(update)
        mid = await asyncio.to_thread(self.dispatcher.receive, msg) if msg is not None else None
        cq = update.callback_query
        if cq is None and mid is None:
            return
        task = asyncio.create_task(self._after(update, msg if mid is not None else None, mid))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _after(self, update: Update, msg: InboundMessage | None, mid: int | None) -> None:
        cq = update.callback_query
        if cq is not None:
            try:
                await self.bot.answer_callback_query(cq.id)
                if msg is not None and cq.message is not None and (cq.data or "").startswith(ONE_SHOT):
                    # a choice or an undo is used once: take the buttons off that message
                    await self.bot.edit_message_reply_markup(chat_id=cq.message.chat.id,
                                                             message_id=cq.message.message_id, reply_markup=None)
            except TelegramError as e:
                log.warning("answering the button tap failed: %s", e)
        if msg is not None and mid is not None:
            await dispatch_in_background(self.dispatcher, msg, mid)

    @property
    def ready(self) -> bool:
        """True once the bot knows itself (getMe answered); /healthz says 'starting' before."""
        return self._ready.is_set()

    async def _initialize(self, stop: asyncio.Event) -> bool:
        """getMe until it answers (Telegram unreachable at start is retried with backoff; a rejected
        token is not); False when `stop` came first."""
        delay = 1.0
        while not stop.is_set():
            try:
                await self.bot.initialize()
                return True
            except (TimedOut, NetworkError) as e:
                log.warning("telegram getMe failed: %s; retrying in %.0fs", e, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=delay)
                delay = min(delay * 2, 60)
        return False

    async def start(self, stop: asyncio.Event) -> None:
        """Initialise the bot (getMe); in polling mode, poll until `stop` is set."""
        if not await self._initialize(stop):
            return
        self._ready.set()
        await self._commands_menu()
        if self.settings.mode == "webhook":
            await self._register_webhook()
        try:
            if self.settings.mode == "polling":
                await self._poll(stop)
            else:
                await stop.wait()
        finally:
            if self._tasks:
                await asyncio.wait(self._tasks, timeout=10)

    async def _register_webhook(self) -> None:
        """Point Telegram at telegram.webhook_url (with our secret), or say how to when it is unset."""
        url = self.settings.webhook_url
        if not url:
            log.warning("telegram webhook mode: set telegram.webhook_url (https://<public host>/telegram/webhook) "
                        "to register it at start, or call setWebhook(url=..., secret_token=...) yourself")
            return
        try:
            await self.bot.set_webhook(url=url, secret_token=secret(self.settings.webhook_secret) or None,
                                       allowed_updates=["message", "edited_message", "callback_query"])
            log.info("telegram webhook registered: %s", url)
        except TelegramError as e:
            log.error("telegram setWebhook failed: %s", e)

    async def close(self) -> None:
        """Release the HTTP clients (after the outbox has stopped sending)."""
        await self.bot.shutdown()

    async def _commands_menu(self) -> None:
        """The bot's command menu (what / shows in the chat)."""
        from telegram import BotCommand
        try:
            await self.bot.set_my_commands([
                BotCommand("help", "我能做什么 / what I can do"), BotCommand("followups", "今天要跟进谁 / follow-ups due"),
                BotCommand("undo", "撤销上一条 / undo the last log"), BotCommand("claim", "认领公海客户 / claim a customer"),
                BotCommand("start", "开始 / start")])
        except TelegramError as e:
            log.warning("setMyCommands failed: %s", e)

    async def _poll(self, stop: asyncio.Event) -> None:
        try:
            await self.bot.delete_webhook()
        except TelegramError as e:
            log.warning("deleteWebhook failed: %s", e)
        offset: int | None = None
        delay = 1.0
        while not stop.is_set():
            getter = asyncio.create_task(self.bot.get_updates(
                offset=offset, timeout=self.poll_timeout, allowed_updates=["message", "callback_query"]))
            stopper = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if getter not in done:
                getter.cancel()
                return
            try:
                updates = getter.result()
                delay = 1.0
            except (TimedOut, NetworkError) as e:
                log.warning("getUpdates failed: %s; retrying in %.0fs", e, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60)
                continue
            for u in updates:
                try:
                    await self.take(u)  # stored before the next getUpdates confirms it
                except SQLAlchemyError as e:  # not stored: ask Telegram for it again later
                    log.error("telegram update %s not stored (%s); retrying in %.0fs", u.update_id,
                              type(e).__name__, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 60)
                    break
                except Exception:  # an update we cannot read must not stop polling
                    log.exception("telegram update %s could not be taken; skipped", u.update_id)
                offset = u.update_id + 1

    # ---------- outbound ----------

    async def send(self, chat: str, reply: Reply) -> None:
        """sendMessage (with inline keyboard) or sendPhoto (chart, caption); errors classified for the outbox."""
        markup = keyboard(reply)
        png = reply.chart_bytes()
        try:
            if png is not None:
                if reply.text and len(reply.text) > CAPTION_MAX:
                    await self.bot.send_message(chat_id=chat, text=reply.text[:TEXT_MAX])
                    await self.bot.send_photo(chat_id=chat, photo=png, reply_markup=markup)
                else:
                    await self.bot.send_photo(chat_id=chat, photo=png, caption=reply.text or None, reply_markup=markup)
            else:
                await self.bot.send_message(chat_id=chat, text=reply.text[:TEXT_MAX] or "…", reply_markup=markup)
        except RetryAfter as e:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ra = e.retry_after
            raise RetryableSendError(f"telegram 429: retry after {ra}", retry_after=float(
                ra.total_seconds() if hasattr(ra, "total_seconds") else ra)) from e
        except (BadRequest, Forbidden, InvalidToken) as e:
            raise PermanentSendError(f"telegram: {e.message}") from e
        except (TimedOut, NetworkError) as e:
            raise RetryableSendError(f"telegram network: {e.message}") from e
