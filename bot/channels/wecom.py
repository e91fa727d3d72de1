"""WeCom (企业微信) self-built app: GET /wecom/callback URL verification and POST encrypted
messages with wechatpy's official crypto; each message is stored and acknowledged at once
(well inside WeCom's 5 s) and processed in the background; replies go out through the
active-send API (text, markdown, image via media/upload) with a cached access token."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
from collections.abc import Sequence

import httpx
import xmltodict
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from wechatpy.crypto import _get_signature
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

from bot.app import BodyTooLarge, read_body, too_large
from bot.attachments import bind_wecom, wecom_attachment
from bot.channels.base import buttons_as_text, dispatch_in_background
from bot.conversation_texts import lang_of
from bot.dispatcher import Dispatcher
from bot.observability import WEBHOOK_REFUSED
from bot.outbox import PermanentSendError, RetryableSendError
from bot.replies import InboundMessage, Reply
from domain.settings import WecomSettings, secret

log = logging.getLogger("salesbot.wecom")
TOKEN_ERRORS = {40014, 42001, 41001}  # invalid / expired / missing access token
RETRY_ERRORS = {45009, 45033, -1}  # frequency limit, concurrency limit, system busy
TEXT_MAX = 2000
CLOCK_WINDOW = 3600  # a callback signed with a timestamp further than this (s) from now is refused
_ENCRYPT = re.compile(rb"<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=]{1,1400000})\]\]>|([A-Za-z0-9+/=]{1,1400000}))\s*</Encrypt>")


class Refused(Exception):
    """A callback that is not WeCom's (bad signature, stale timestamp): 403. `reason` names the check."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(text)
        self.reason = reason


def encrypted_field(body: bytes) -> str:
    """The <Encrypt> value of a callback body, found without an XML parser (ValueError when absent)."""
    m = _ENCRYPT.search(body)
    if m is None:
        raise ValueError("no Encrypt element")
    return (m[1] or m[2]).decode()


class WecomError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode


class WecomApi:
    """The WeCom server API with a cached access token, renewed when WeCom says it is invalid."""

    def __init__(self, settings: WecomSettings, client: httpx.AsyncClient | None = None) -> None:
        self.s = settings
        self.base = settings.api_base_url.rstrip("/")
        self.client = client or httpx.AsyncClient(timeout=10.0)
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def token(self, renew: bool = False) -> str:
        async with self._lock:
            if renew or self._token is None or time.monotonic() >= self._expires:
                data = await self._get_json("GET", "/cgi-bin/gettoken",
                                            params={"corpid": self.s.corp_id, "corpsecret": secret(self.s.secret)})
                self._token = data["access_token"]
                self._expires = time.monotonic() + max(60, int(data.get("expires_in", 7200)) - 300)
            return self._token

    async def _get_json(self, method: str, path: str, **kw) -> dict:
        try:
            r = await self.client.request(method, self.base + path, **kw)
        except httpx.HTTPError as e:
            raise RetryableSendError(f"wecom network error: {type(e).__name__}: {e}") from e
        if r.status_code == 429 or r.status_code >= 500:
            raise RetryableSendError(f"wecom HTTP {r.status_code}")
        try:
            data = r.json()
        except ValueError:
            raise RetryableSendError(f"wecom HTTP {r.status_code}: not JSON") from None
        code = int(data.get("errcode", 0) or 0)
        if code:
            raise WecomError(code, str(data.get("errmsg", "")))
        return data

    async def call(self, method: str, path: str, **kw) -> dict:
        """Call `path` with the access token; renews the token once on 40014/42001; classifies errors."""
        for attempt in (0, 1):
            tok = await self.token(renew=attempt == 1)
            params = dict(kw.pop("params", {}) or {}, access_token=tok)
            try:
                return await self._get_json(method, path, params=params, **kw)
            except WecomError as e:
                if e.errcode in TOKEN_ERRORS and attempt == 0:
                    log.info("wecom token rejected (errcode %d); renewing", e.errcode)
                    kw["params"] = {k: v for k, v in params.items() if k != "access_token"}
                    continue
                log.error("wecom %s failed: errcode %d", path, e.errcode)
                if e.errcode in RETRY_ERRORS:
                    raise RetryableSendError(str(e), retry_after=None) from e
                raise PermanentSendError(str(e)) from e
        raise RetryableSendError("wecom token kept failing")

    async def upload_image(self, png: bytes) -> str:
        data = await self.call("POST", "/cgi-bin/media/upload", params={"type": "image"},
                               files={"media": ("chart.png", png, "image/png")})
        return data["media_id"]


class WecomChannel:
    """The self-built app: callback routes in, active-send replies out (outbox channel 'wecom_app')."""

    name = "wecom_app"

    def __init__(self, settings: WecomSettings, dispatcher: Dispatcher, api: WecomApi | None = None,
                 language: str = "zh") -> None:
        self.s = settings
        self.dispatcher = dispatcher
        self.crypto = WeChatCrypto(secret(settings.token), secret(settings.aes_key), settings.corp_id)
        self.api = api or WecomApi(settings)
        self.language = language
        self._tasks: set[asyncio.Task] = set()

    def routes(self) -> Sequence[BaseRoute]:
        return [Route("/wecom/callback", self.verify, methods=["GET"]),
                Route("/wecom/callback", self.callback, methods=["POST"])]

    def _check(self, q, payload: str) -> None:
        """Refused unless the timestamp is within CLOCK_WINDOW of now and the signature matches
        (compared in constant time); nothing of the payload is parsed before this."""
        ts = q.get("timestamp", "")
        if not ts.isdigit() or len(ts) > 12 or abs(int(ts) - time.time()) > CLOCK_WINDOW:
            raise Refused("timestamp", "timestamp outside the accepted window")
        want = _get_signature(secret(self.s.token), ts, q.get("nonce", ""), payload)
        if not hmac.compare_digest(want.encode(), q.get("msg_signature", "").encode()):
            raise Refused("signature", "bad signature")

    def _refused(self, reason: str, status: int) -> Response:
        WEBHOOK_REFUSED.labels(channel=self.name, reason=reason).inc()
        return PlainTextResponse("invalid signature" if status == 403 else "bad request", status_code=status)

    def _decrypt(self, payload: str) -> str:
        plain = PrpCrypto(self.crypto.key).decrypt(payload, self.s.corp_id)
        return plain.decode() if isinstance(plain, bytes) else str(plain)

    async def verify(self, request: Request) -> Response:
        """URL verification: echo the decrypted echostr when the timestamp and signature are right."""
        q = request.query_params
        try:
            self._check(q, q.get("echostr", ""))
            echo = self._decrypt(q.get("echostr", ""))
        except Refused as e:
            log.warning("wecom URL verification refused: %s", e)
            return self._refused(e.reason, 403)
        except (InvalidCorpIdException, InvalidAppIdException, InvalidSignatureException) as e:
            log.warning("wecom URL verification refused: %s", type(e).__name__)
            return self._refused("signature", 403)
        except Exception as e:  # a signed but undecryptable echostr
            log.warning("wecom URL verification: bad echostr: %s", type(e).__name__)
            return self._refused("malformed", 400)
        return PlainTextResponse(echo)

    async def callback(self, request: Request) -> Response:
        """Size cap, timestamp window and signature first; then decrypt, parse, store, acknowledge
        at once; process in the background."""
        q = request.query_params
        try:
            body = await read_body(request)
        except BodyTooLarge:
            log.warning("wecom callback: body over the size limit refused")
            WEBHOOK_REFUSED.labels(channel=self.name, reason="too_large").inc()
            return too_large()
        try:
            payload = encrypted_field(body)
        except ValueError:
            log.warning("wecom callback: no encrypted message in the body")
            return self._refused("malformed", 400)
        try:
            self._check(q, payload)
        except Refused as e:
            log.warning("wecom callback refused: %s", e)
            return self._refused(e.reason, 403)
        try:
            xml = self._decrypt(payload)
            data = xmltodict.parse(xml, disable_entities=True)["xml"]
            if not isinstance(data, dict):
                raise ValueError("not a message")
            msg = self.to_inbound(data)
            bind_wecom(msg, self.api, asyncio.get_running_loop())  # a voice message's MediaId, downloaded later
        except (InvalidCorpIdException, InvalidAppIdException) as e:
            log.warning("wecom callback refused: %s", type(e).__name__)
            return self._refused("signature", 403)
        except Exception as e:  # signed but malformed
            log.warning("wecom callback: cannot read message: %s", type(e).__name__)
            return self._refused("malformed", 400)
        if msg is not None:
            mid = await asyncio.to_thread(self.dispatcher.receive, msg)
            if mid is not None:
                task = asyncio.create_task(dispatch_in_background(self.dispatcher, msg, mid))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        return PlainTextResponse("")

    @staticmethod
    def to_inbound(data: dict) -> InboundMessage | None:
        """Text messages (de-duplicated by MsgId); menu clicks and card buttons (by FromUserName+CreateTime)."""
        sender = str(data.get("FromUserName") or "")
        kind = str(data.get("MsgType") or "").lower()
        if not sender:
            return None
        if kind == "text":
            return InboundMessage(channel="wecom_app", external_id=f"msg:{data.get('MsgId')}", chat_id=sender,
                                  sender=sender, text=str(data.get("Content") or "").strip())
        media = wecom_attachment(data)  # voice (no WeCom transcript), location, LOCATION event: bot/attachments
        if media is not None and (data.get("MsgId") or kind == "event"):
            ext = f"msg:{data.get('MsgId')}" if kind != "event" else f"event:{sender}:{data.get('CreateTime')}"
            return InboundMessage(channel="wecom_app", external_id=ext, chat_id=sender, sender=sender,
                                  text=media.ref, attachment=media)
        if kind in ("voice", "image", "video", "file", "location", "link") and data.get("MsgId"):
            # voice comes with WeCom's own transcript when speech recognition is on; the rest gets a polite "text please"
            return InboundMessage(channel="wecom_app", external_id=f"msg:{data.get('MsgId')}", chat_id=sender,
                                  sender=sender, text=str(data.get("Recognition") or "").strip())
        if kind == "event":
            event = str(data.get("Event") or "").lower()
            key = str(data.get("EventKey") or "")
            ext = f"event:{sender}:{data.get('CreateTime')}"
            if event == "click" and key:
                return InboundMessage(channel="wecom_app", external_id=ext, chat_id=sender, sender=sender, text=key)
            if event == "template_card_event" and key:
                return InboundMessage(channel="wecom_app", external_id=ext, chat_id=sender, sender=sender, press=key)
        return None

    async def start(self, stop: asyncio.Event) -> None:
        await stop.wait()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=10)

    async def close(self) -> None:
        await self.api.client.aclose()

    async def send(self, chat: str, reply: Reply) -> None:
        """message/send (or appchat/send for chat 'appchat:ID'): text or markdown, then the chart as an image."""
        if chat.startswith("appchat:"):
            path, dest = "/cgi-bin/appchat/send", {"chatid": chat.split(":", 1)[1]}
        else:
            path, dest = "/cgi-bin/message/send", {"touser": chat, "agentid": int(self.s.agent_id or 0)}
        hint = buttons_as_text(reply, lang_of(reply.text, self.language))
        text = "\n".join(p for p in (reply.text, hint) if p)[:TEXT_MAX]
        if text:
            kind = "markdown" if reply.markdown else "text"
            await self.api.call("POST", path, json={**dest, "msgtype": kind, kind: {"content": text}})
        png = reply.chart_bytes()
        if png is not None:
            media_id = await self.api.upload_image(png)
            await self.api.call("POST", path, json={**dest, "msgtype": "image", "image": {"media_id": media_id}})


def image_md5(png: bytes) -> str:
    return hashlib.md5(png).hexdigest()
