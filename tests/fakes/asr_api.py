"""A loopback server speaking OpenAI's `/audio/transcriptions` (as a self-hosted Whisper or SenseVoice
server does): it checks that it got a decodable 16 kHz mono WAV and answers the scripted transcript."""

from __future__ import annotations

import io
import time
import wave
from typing import Any

from tests.fakes.http_base import FakeServer, RawBody, Request


class FakeAsr(FakeServer):
    """POST /v1/audio/transcriptions. `mode`: good | error (500) | slow (sleeps `delay`) | empty |
    garbage (not JSON) | huge (megabytes of JSON). `transcript` is what a good reply says. Each
    request is kept in `requests` as {"model", "seconds", "rate", "channels", "auth"}."""

    def __init__(self) -> None:
        super().__init__()
        self.httpd.handle_error = lambda request, client_address: None  # a client that timed out hung up
        self.mode = "good"
        self.transcript = ""
        self.delay = 3.0
        self.requests: list[dict[str, Any]] = []

    def handle(self, req: Request) -> tuple[int, Any]:
        if req.method != "POST" or req.path != "/v1/audio/transcriptions":
            return 404, {"error": "not found"}
        with wave.open(io.BytesIO(req.files["file"]), "rb") as w:  # a WAV we cannot read fails the test
            seen = {"rate": w.getframerate(), "channels": w.getnchannels(),
                    "seconds": w.getnframes() / w.getframerate()}
        self.requests.append({**seen, "model": req.form.get("model"), "auth": req.headers.get("Authorization")})
        if self.mode == "error":
            return 500, {"error": {"message": "model crashed"}}
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "empty":
            return 200, {"text": "  。 "}
        if self.mode == "garbage":
            return 200, RawBody(b"<html>502 Bad Gateway</html>")
        if self.mode == "huge":
            return 200, RawBody(b'{"text": "' + b"a" * (4 * 1024 * 1024) + b'"}')
        return 200, {"text": self.transcript}
