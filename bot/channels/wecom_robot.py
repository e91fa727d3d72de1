"""WeCom group-robot webhook sender (the chat is the robot's webhook URL): text, markdown, and
images as base64 + md5; at most 20 messages a minute per robot (an aiolimiter leaky bucket per
robot URL: over the limit the outbox retries later instead of being refused by WeCom)."""

from __future__ import annotations

import base64
import hashlib
import logging
from collections import defaultdict

import httpx
from aiolimiter import AsyncLimiter

from bot.outbox import PermanentSendError, RetryableSendError
from bot.replies import Reply

log = logging.getLogger("salesbot.wecom_robot")
PER_MINUTE = 20
TEXT_MAX = 2000


class WecomRobotSender:
    """Outbox sender for channel 'wecom_robot'."""

    name = "wecom_robot"

    def __init__(self, client: httpx.AsyncClient | None = None, per_minute: int = PER_MINUTE,
                 window: float = 60.0) -> None:
        self.client = client or httpx.AsyncClient(timeout=10.0)
        self.per_minute = per_minute
        self.window = window
        self._limits: dict[str, AsyncLimiter] = defaultdict(lambda: AsyncLimiter(per_minute, window))

    async def _room(self, url: str, needed: int) -> None:
        """Take room for `needed` messages; RetryableSendError (never a wait) when the robot's limit is reached."""
        limiter = self._limits[url]
        if not limiter.has_capacity(needed):
            raise RetryableSendError(f"robot limit {self.per_minute}/min reached",
                                     retry_after=max(0.5, needed * self.window / self.per_minute))
        await limiter.acquire(needed)

    async def _post(self, url: str, body: dict) -> None:
        try:
            r = await self.client.post(url, json=body)
        except httpx.HTTPError as e:
            raise RetryableSendError(f"robot network error: {type(e).__name__}") from e
        if r.status_code == 429 or r.status_code >= 500:
            raise RetryableSendError(f"robot HTTP {r.status_code}")
        try:
            data = r.json()
        except ValueError:
            raise PermanentSendError(f"robot HTTP {r.status_code}: not JSON") from None
        code = int(data.get("errcode", 0) or 0)
        if code:
            log.error("wecom robot send failed: errcode %d %s", code, data.get("errmsg", ""))
            if code in (45009, -1):
                raise RetryableSendError(f"robot errcode {code}", retry_after=60.0 if code == 45009 else None)
            raise PermanentSendError(f"robot errcode {code}: {data.get('errmsg', '')}")

    async def close(self) -> None:
        await self.client.aclose()

    async def send(self, chat: str, reply: Reply) -> None:
        png = reply.chart_bytes()
        await self._room(chat, int(bool(reply.text)) + int(png is not None))
        if reply.text:
            kind = "markdown" if reply.markdown else "text"
            await self._post(chat, {"msgtype": kind, kind: {"content": reply.text[:TEXT_MAX]}})
        if png is not None:
            await self._post(chat, {"msgtype": "image", "image": {"base64": base64.b64encode(png).decode(),
                                                                  "md5": hashlib.md5(png).hexdigest()}})
