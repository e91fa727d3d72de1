"""Helpers for the bot tests: a small team bundle, settings for the fakes, and `salesbot run`'s
runtime served by uvicorn on a loopback port in a background thread."""

from __future__ import annotations

import asyncio
import base64
import os
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from bot.chat_command import TerminalChat
from bot.context import AppContext, parse_now
from bot.run_command import Runtime, build_runtime, serve
from domain.settings import Settings, TelegramSettings, WecomSettings
from storage.db import make_engine
from tests.bundle_support import import_files

NOW = "2026-11-20T18:00:00+08:00"
TG_TOKEN = "123:TEST"
TG_SECRET = "s3cret-token_ABC"
REP_TG, MGR_TG, STRANGER_TG = 1001, 2001, 5555

BUNDLE = {
    "users.csv": """id,name,role,team,manager_id,telegram_id,wecom_userid
U0,周总,admin,,,,
M1,李经理,manager,一组,U0,2001,mgr1
R01,王磊,rep,一组,M1,1001,rep1
R02,陈静,rep,一组,M1,1002,rep2
""",
    "customers.csv": """id,name,aliases,tier,industry,region,source,owner_id,created_at
C1,杭州明德食品集团有限公司,明德食品,A,食品,华东,老客户,R01,2026-03-01T10:00:00+08:00
C2,南京明德建材有限公司,明德建材,B,制造,华东,官网,R01,2026-03-02T10:00:00+08:00
C3,杭州安泰教育科技有限公司,安泰教育,C,教育,华东,老客户,R01,2026-03-03T10:00:00+08:00
C4,深圳安泰建材有限公司,安泰建材,C,制造,华南,官网,R01,2026-03-04T10:00:00+08:00
C5,南京华信电子有限公司,华信电子,A,制造,华东,公众号,,2026-03-05T10:00:00+08:00
C6,Acme Robotics Inc.,Acme,A,制造,海外,展会,R01,2026-03-06T10:00:00+08:00
""",
    "contacts.csv": """id,customer_id,name,title,phone
P1,C1,邱建,总经理,13800000001
P2,C2,张伟,采购经理,13800000002
P3,C6,Mary Walker,CTO,
""",
    "deals.csv": """id,customer_id,title,owner_id,amount,currency,expected_close,created_at
D1,C2,建材二期,R01,300000,CNY,2026-12-31,2026-10-01T10:00:00+08:00
""",
    "deal_events.csv": """deal_id,at,stage,amount,by
D1,2026-10-01T10:00:00+08:00,qualified,300000,R01
""",
    "activities.csv": """id,user_id,customer_id,contact_id,kind,occurred_at,summary,next_step,followup_date
A1,R01,C1,P1,visit,2026-11-10T10:00:00+08:00,初次拜访,再约,2026-11-18
A2,R01,C2,P2,call,2026-11-12T10:00:00+08:00,电话,,2026-11-20
""",
    "targets.csv": "user_id,metric,start,end,value\n",
}


def load_team(db_url: str, tmp: Path, tz) -> None:
    import_files(make_engine(db_url), tmp / "bundle", BUNDLE, tz)


def wecom_aes_key() -> str:
    return base64.b64encode(os.urandom(32)).decode().rstrip("=")


def settings_for(*, telegram_url: str | None = None, mode: str = "webhook", wecom_url: str | None = None,
                 aes_key: str = "", robots: list[str] = (), webhook_url: str = "") -> Settings:
    kw: dict = {}
    if telegram_url:
        kw["telegram"] = TelegramSettings(token=TG_TOKEN, mode=mode, webhook_secret=TG_SECRET,
                                          api_base_url=telegram_url, webhook_url=webhook_url)
    if wecom_url:
        kw["wecom"] = WecomSettings(corp_id="wwcorp", agent_id="1000002", secret="sekrit", token="cbtoken",
                                    aes_key=aes_key, api_base_url=wecom_url)
    s = Settings(**kw)
    s.digest.targets = []
    if robots:
        from domain.settings import DigestTarget
        s.digest.targets = [DigestTarget(channel="wecom_robot", chat=u) for u in robots]
    return s


class Served:
    """A Runtime served by uvicorn on 127.0.0.1 (random port) in a background thread."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(40):
            raise RuntimeError(f"server did not start: {self.error}")

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            self._stop = asyncio.Event()

            def ready(port: int) -> None:
                self.port = port
                self._ready.set()

            await serve(self.rt, "127.0.0.1", 0, self._stop, on_ready=ready, scheduler=False)

        try:
            self._loop.run_until_complete(main())
        except BaseException as e:  # surfaced by the constructor
            self.error = e
            self._ready.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(20)


def start(settings: Settings, db_url: str, *, worker_kw: dict | None = None) -> Served:
    ctx = AppContext(settings=settings, db_url=db_url)
    return Served(build_runtime(ctx, worker_kw=worker_kw or {"backoff_base": 0.05, "poll": 0.2}))


def count(db_url: str, table) -> int:
    with make_engine(db_url).connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def wait_until(pred, timeout: float = 5.0, step: float = 0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def post(url: str, **kw) -> httpx.Response:
    return httpx.post(url, timeout=10, **kw)


def terminal_chat(db_url: str, tmp: Path) -> TerminalChat:
    """The terminal conversation on the test team, with the clock fixed at NOW."""
    s = Settings()
    load_team(db_url, tmp, s.org.tz)
    ctx = AppContext(settings=s, db_url=db_url, fixed_now=parse_now(NOW, s.org.tz))
    return TerminalChat(ctx, tmp / "charts")


def one(chat: TerminalChat, user: str, text: str | None = None, press: str | None = None):
    """The single reply to one message or press (fails when there are several)."""
    replies = chat.say(user, text=text, press=press)
    assert len(replies) == 1, replies
    return replies[0]


def rows(db_url: str, *cols, where=None) -> list[tuple]:
    """Selected columns as tuples, optionally filtered."""
    q = select(*cols)
    if where is not None:
        q = q.where(where)
    with make_engine(db_url).connect() as c:
        return [tuple(r) for r in c.execute(q)]
