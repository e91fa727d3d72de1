"""A threaded loopback HTTP server with request parsing (query, JSON, urlencoded, multipart)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class Request:
    def __init__(self, method: str, path: str, query: dict[str, str], headers, body: bytes) -> None:
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body
        self.form: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        self.json: Any = None
        ctype = headers.get("Content-Type", "")
        if ctype.startswith("application/json") and body:
            self.json = json.loads(body)
        elif ctype.startswith("application/x-www-form-urlencoded"):
            self.form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        elif ctype.startswith("multipart/form-data"):
            msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True) or b""
                if part.get_filename() is not None:
                    self.files[name] = payload
                else:
                    self.form[name] = payload.decode()


@dataclass
class RawBody:
    """A reply written as is (headers added), optionally chunked: for hostile servers."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False


class FakeServer:
    """Subclasses implement handle(request) -> (status, json-able body)."""

    def __init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a) -> None:
                pass

            def _do(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                if len(body) < n:  # the client died mid-request: nothing was delivered
                    self.close_connection = True
                    return
                u = urlparse(self.path)
                q = {k: v[0] for k, v in parse_qs(u.query, keep_blank_values=True).items()}
                status, payload = fake.handle(Request(self.command, u.path, q, self.headers, body))
                if isinstance(payload, RawBody):
                    self._raw(status, payload)
                    return
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _raw(self, status: int, raw: RawBody) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in raw.headers.items():
                    self.send_header(k, v)
                if not raw.chunked:
                    self.send_header("Content-Length", str(len(raw.body)))
                    self.end_headers()
                    self.wfile.write(raw.body)
                    return
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(raw.body), 65536):
                    part = raw.body[i:i + 65536]
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")

            do_GET = do_POST = _do

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def handle(self, req: Request) -> tuple[int, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
