"""A local WeCom server API: gettoken, message/send, appchat/send, media/upload, and group-robot
webhooks; tokens can be expired (42001) and errcode 45009 injected."""

from __future__ import annotations

import time
from typing import Any

from tests.fakes.http_base import FakeServer, Request


class FakeWecom(FakeServer):
    def __init__(self, corp_id: str = "wwcorp", secret: str = "sekrit") -> None:
        self.corp_id, self.secret = corp_id, secret
        self.tokens_issued = 0
        self.token = ""
        self.calls: list[dict[str, Any]] = []
        self.errcodes: dict[str, list[int]] = {}
        self.http_failures: dict[str, list[int]] = {}
        self.delay = 0.0  # seconds every robot webhook call takes (a slow network)
        super().__init__()

    def fail_next(self, path: str, errcode: int = 45009, times: int = 1) -> None:
        self.errcodes.setdefault(path, []).extend([errcode] * times)

    def http_fail_next(self, path: str, status: int = 429, times: int = 1) -> None:
        self.http_failures.setdefault(path, []).extend([status] * times)

    def expire_token(self) -> None:
        with self.lock:
            self.token = "expired"

    def sent(self, path: str | None = None) -> list[dict]:
        with self.lock:
            return [c for c in self.calls if path is None or c["path"] == path]

    def wait_for(self, path: str, n: int = 1, timeout: float = 10.0) -> list[dict]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            got = self.sent(path)
            if len(got) >= n:
                return got
            time.sleep(0.01)
        return self.sent(path)

    def handle(self, req: Request) -> tuple[int, Any]:
        if self.delay and req.path.startswith("/cgi-bin/webhook/send"):
            time.sleep(self.delay)
        with self.lock:
            status = (self.http_failures.get(req.path) or [None]).pop(0) if self.http_failures.get(req.path) else None
            if status:
                return status, {"errcode": -1, "errmsg": "http failure"}
            if req.path == "/cgi-bin/gettoken":
                if req.query.get("corpid") != self.corp_id or req.query.get("corpsecret") != self.secret:
                    return 200, {"errcode": 40001, "errmsg": "invalid credential"}
                self.tokens_issued += 1
                self.token = f"TOKEN{self.tokens_issued}"
                return 200, {"errcode": 0, "errmsg": "ok", "access_token": self.token, "expires_in": 7200}
            rec = {"path": req.path, "query": req.query, "json": req.json, "files": req.files,
                   "at": time.monotonic()}
            if req.path.startswith("/cgi-bin/webhook/send"):
                self.calls.append(rec)
                code = (self.errcodes.get(req.path) or [0]).pop(0) if self.errcodes.get(req.path) else 0
                return 200, {"errcode": code, "errmsg": "ok" if not code else "api freq out of limit"}
            if req.query.get("access_token") != self.token:
                rec["rejected"] = True
                self.calls.append(rec)
                return 200, {"errcode": 42001, "errmsg": "access_token expired"}
            self.calls.append(rec)
            code = (self.errcodes.get(req.path) or [0]).pop(0) if self.errcodes.get(req.path) else 0
            if code:
                return 200, {"errcode": code, "errmsg": "api freq out of limit"}
            if req.path == "/cgi-bin/media/upload":
                return 200, {"errcode": 0, "errmsg": "ok", "type": "image", "media_id": f"MEDIA{len(self.calls)}"}
            if req.path in ("/cgi-bin/message/send", "/cgi-bin/appchat/send"):
                return 200, {"errcode": 0, "errmsg": "ok", "msgid": f"m{len(self.calls)}"}
            return 404, {"errcode": 404, "errmsg": "not found"}
