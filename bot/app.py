"""The one ASGI app of `salesbot run`: GET /healthz, plus the routes each channel adapter adds."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from storage.db import ping


def create_app(engine: Engine, routes: Sequence[BaseRoute] = ()) -> Starlette:
    """A Starlette app with /healthz (200 when the database answers, else 503) and `routes`."""

    async def healthz(request: Request) -> JSONResponse:
        ok = await asyncio.to_thread(ping, engine)
        return JSONResponse({"ok": ok, "database": "up" if ok else "down"}, status_code=200 if ok else 503)

    return Starlette(routes=[Route("/healthz", healthz, methods=["GET"]), *routes])
