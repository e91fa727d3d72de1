"""The one ASGI app of `salesbot run`: GET /healthz, GET /metrics, plus the routes each channel
adapter adds. Every request body is capped (MAX_BODY): a declared length over the cap is
answered 413 before the route runs, and the webhooks read bodies through `read_body`, which
stops at the cap, so a huge body is never held in memory."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.observability import METRICS_CONTENT_TYPE, metrics_text
from bot.outbox import depth
from storage.db import ping

MAX_BODY = 1024 * 1024  # 1 MB: far above any chat message or WeCom callback
DOWN = "down"


class BodyTooLarge(Exception):
    """The request body is over the cap."""


async def read_body(request: Request, cap: int = MAX_BODY) -> bytes:
    """The request body, read in chunks and abandoned past `cap` bytes (BodyTooLarge)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > cap):
        raise BodyTooLarge
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > cap:
            raise BodyTooLarge
    return bytes(buf)


def too_large() -> Response:
    return PlainTextResponse("request body too large", status_code=413)


class DeclaredSizeLimit:
    """ASGI middleware: 413 for a request whose Content-Length is over the cap (nothing of it is read)."""

    def __init__(self, app: ASGIApp, cap: int = MAX_BODY) -> None:
        self.app, self.cap = app, cap

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", ()):
                if name == b"content-length" and (not value.isdigit() or int(value) > self.cap):
                    await too_large()(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def create_app(engine: Engine, routes: Sequence[BaseRoute] = (),
               parts: Callable[[], dict[str, str]] | None = None) -> Starlette:
    """A Starlette app with /healthz (each part's state: 200 when all are up, else 503), /metrics
    (Prometheus text) and `routes`. `parts()` gives the state of the parts besides the database."""

    async def states() -> dict[str, str]:
        ok = await asyncio.to_thread(ping, engine)
        return {"database": "up" if ok else DOWN, **(parts() if parts else {})}

    async def healthz(request: Request) -> JSONResponse:
        state = await states()
        ok = DOWN not in state.values()
        return JSONResponse({"ok": ok, **state}, status_code=200 if ok else 503)

    async def metrics(request: Request) -> Response:
        state = await states()
        try:
            waiting = await asyncio.to_thread(depth, engine) if state["database"] == "up" else {}
        except Exception:
            waiting = {}
        return Response(metrics_text(waiting, state), media_type=METRICS_CONTENT_TYPE)

    app = Starlette(routes=[Route("/healthz", healthz, methods=["GET"]),
                            Route("/metrics", metrics, methods=["GET"]), *routes])
    app.add_middleware(DeclaredSizeLimit)
    return app
