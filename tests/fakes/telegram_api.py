"""A local Telegram Bot API: getMe, getUpdates (long poll), sendMessage, sendPhoto,
answerCallbackQuery, deleteWebhook; failures can be injected (429 with retry_after, 502)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from tests.fakes.http_base import FakeServer, Request

BOT_ID = 999000


class FakeTelegram(FakeServer):
    def __init__(self, token: str = "123:TEST") -> None:
        self.token = token
        self.calls: list[dict[str, Any]] = []
        self.updates: list[dict] = []
        self.failures: dict[str, list[tuple[int, dict]]] = {}
        self._msg_id = 100
        self.send_delay = 0.0  # seconds each sendMessage / sendPhoto takes (sends in flight for crash tests)
        self._cond = threading.Condition()
        super().__init__()

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    def fail_next(self, method: str, times: int = 1, status: int = 429, retry_after: int = 1) -> None:
        body = {"ok": False, "error_code": status, "description": "Too Many Requests: retry later"
                if status == 429 else "Bad Gateway"}
        if status == 429:
            body["parameters"] = {"retry_after": retry_after}
        self.failures.setdefault(method, []).extend([(status, body)] * times)

    def push_update(self, update: dict) -> None:
        with self._cond:
            self.updates.append(update)
            self._cond.notify_all()

    def sent(self, method: str | None = None) -> list[dict]:
        with self.lock:
            return [c for c in self.calls if method is None or c["method"] == method]

    def wait_for(self, method: str, n: int = 1, timeout: float = 10.0) -> list[dict]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            got = self.sent(method)
            if len(got) >= n:
                return got
            time.sleep(0.01)
        return self.sent(method)

    def _message(self, chat_id: Any, **extra: Any) -> dict:
        self._msg_id += 1
        return {"message_id": self._msg_id, "date": int(time.time()),
                "chat": {"id": int(chat_id), "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "SalesBot", "username": "sales_test_bot"},
                **extra}

    def handle(self, req: Request) -> tuple[int, Any]:
        prefix = f"/bot{self.token}/"
        if not req.path.startswith(prefix):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        method = req.path[len(prefix):]
        params = dict(req.form)
        if req.json:
            params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in req.json.items()})
        with self.lock:
            self.calls.append({"method": method, "params": params, "files": req.files, "at": time.monotonic()})
            queued = self.failures.get(method)
            if queued:
                status, body = queued.pop(0)
                return status, body
        if method in ("sendMessage", "sendPhoto") and self.send_delay:
            time.sleep(self.send_delay)
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": BOT_ID, "is_bot": True, "first_name": "SalesBot",
                                               "username": "sales_test_bot"}}
        if method in ("deleteWebhook", "setWebhook", "answerCallbackQuery", "setMyCommands"):
            return 200, {"ok": True, "result": True}
        if method == "editMessageReplyMarkup":
            return 200, {"ok": True, "result": self._message(params["chat_id"], text="…")}
        if method == "sendMessage":
            return 200, {"ok": True, "result": self._message(params["chat_id"], text=params.get("text", ""))}
        if method == "sendPhoto":
            photo = [{"file_id": "F1", "file_unique_id": "U1", "width": 640, "height": 480}]
            return 200, {"ok": True, "result": self._message(params["chat_id"], photo=photo,
                                                            caption=params.get("caption", ""))}
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            timeout = min(float(params.get("timeout") or 0), 1.0)
            end = time.monotonic() + timeout
            with self._cond:
                while True:
                    ready = [u for u in self.updates if u["update_id"] >= offset]
                    left = end - time.monotonic()
                    if ready or left <= 0:
                        break
                    self._cond.wait(left)
            return 200, {"ok": True, "result": ready}
        return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: unknown method {method}"}


def text_update(update_id: int, user_id: int, text: str, chat_id: int | None = None,
                chat_type: str = "private", reply_to_bot: bool = False) -> dict:
    """A Telegram update carrying a text message."""
    chat = {"id": chat_id or user_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "Sales team"
    msg: dict[str, Any] = {"message_id": update_id, "date": int(time.time()), "chat": chat,
                           "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}, "text": text}
    if text.startswith("/"):
        msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if reply_to_bot:
        msg["reply_to_message"] = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "…",
                                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "SalesBot"}}
    return {"update_id": update_id, "message": msg}


def press_update(update_id: int, user_id: int, data: str, chat_id: int | None = None) -> dict:
    """A Telegram update carrying a callback query (an inline button tap)."""
    chat = {"id": chat_id or user_id, "type": "private"}
    return {"update_id": update_id, "callback_query": {
        "id": f"cq{update_id}", "chat_instance": "ci", "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"},
        "message": {"message_id": 5, "date": int(time.time()), "chat": chat, "text": "…",
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "SalesBot"}}}}
