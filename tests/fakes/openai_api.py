"""A loopback server speaking the OpenAI chat-completions protocol, with scripted replies."""

from __future__ import annotations

import json
import time
import zlib
from typing import Any

from tests.fakes.http_base import FakeServer, RawBody, Request


class FakeOpenAI(FakeServer):
    """POST /v1/chat/completions. `mode`: good | malformed | slow | error | huge | huge_chunked |
    gzip_bomb (hostile: megabytes, or a small gzip that expands to 200 MB); `reading` is what a
    good reply fills in (as tool-call arguments when the request offers tools, else as content)."""

    def __init__(self) -> None:
        super().__init__()
        self.httpd.handle_error = lambda request, client_address: None  # a client that timed out hung up
        self.mode = "good"
        self.reading: dict[str, Any] = {}
        self.delay = 3.0
        self.requests: list[dict] = []

    def hostile(self, body: dict, content: str) -> RawBody:
        """A valid completion padded with megabytes of whitespace (declared or chunked), or the same
        gzip-compressed to a small bomb that would expand to 200 MB."""
        pad = " " * (8 * 1024 * 1024)
        reply = json.dumps(self.completion(body, content))
        data = (reply[:-1] + pad + "}").encode()
        if self.mode == "gzip_bomb":
            z = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
            spaces = b" " * (1024 * 1024)
            bomb = z.compress(reply[:-1].encode()) + b"".join(z.compress(spaces) for _ in range(200))
            return RawBody(bomb + z.compress(b"}") + z.flush(), {"Content-Encoding": "gzip"})
        return RawBody(data, chunked=self.mode == "huge_chunked")

    def completion(self, body: dict, content: str) -> dict:
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}]}
        return {
            "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body.get("model"),
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if body.get("tools") else "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }

    def handle(self, req: Request) -> tuple[int, Any]:
        if req.method != "POST" or not req.path.endswith("/chat/completions"):
            return 404, {"error": {"message": "not found"}}
        with self.lock:
            self.requests.append(req.json)
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "error":
            return 500, {"error": {"message": "upstream exploded", "type": "server_error"}}
        body = req.json or {}
        content = json.dumps(self.reading, ensure_ascii=False)
        if self.mode in ("huge", "huge_chunked", "gzip_bomb"):
            return 200, self.hostile(body, content)
        if self.mode == "malformed":
            content = "Sure! Here is what I found: the customer is 华龙 {not json"
        return 200, self.completion(body, content)
