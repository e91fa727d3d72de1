"""How fast a rep's log is acknowledged on the channel, measured through the Telegram webhook.

Starts a local Telegram Bot API (tests/fakes), serves `salesbot run`'s app with uvicorn on a
loopback port over a database holding the dev fixture (offline engine, no LLM), then POSTs
reps' messages as Telegram updates and times each one from the POST to the moment the fake
Telegram server receives the bot's reply. Prints p50 / p95 / max, sequential and in bursts.

    .venv/bin/python bench/bench_webhook.py [--n 200] [--burst 8] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from domain.settings import Settings  # noqa: E402
from storage.bundle import import_bundle  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from tests.bot_support import TG_SECRET, settings_for, start  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram, text_update  # noqa: E402

FIXTURE = REPO.parent / "shared" / "eval" / "dev" / "fixture"
CAPTURE = REPO.parent / "shared" / "eval" / "dev" / "capture.jsonl"
FALLBACK = ["今天下午拜访了明德食品邱总，报价60万已发，预计月底签，下周三再去", "电话回访了客户，下周二再约",
            "Met the CTO at Acme yesterday, budget about $150k, demo next Tuesday"]


def _messages(engine) -> list[tuple[int, str]]:
    """(telegram id, text) of reps' messages: the dev capture cases, spoken by their users."""
    from sqlalchemy import text
    with engine.connect() as c:
        ids = {r[0]: int(r[1]) for r in c.execute(text("SELECT id, telegram_id FROM users WHERE telegram_id IS NOT NULL"))}
    out = []
    if CAPTURE.exists():
        for line in CAPTURE.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if case.get("user") in ids:
                out.append((ids[case["user"]], case["text"]))
    return out or [(next(iter(ids.values())), t) for t in FALLBACK]


class Timer:
    """Matches each bot reply (by chat id, in order) to the update that caused it."""

    def __init__(self, tg: FakeTelegram) -> None:
        self.tg = tg
        self.seen = 0

    def wait_reply(self, chat: int, after: int, timeout: float = 10.0) -> float | None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            calls = self.tg.sent()
            for c in calls[after:]:
                if c["method"] in ("sendMessage", "sendPhoto") and c["params"].get("chat_id") == str(chat):
                    return c["at"]
            time.sleep(0.002)
        return None


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="messages sent one at a time")
    ap.add_argument("--burst", type=int, default=8, help="messages sent at once in the burst round")
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file with the dev fixture)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    from sqlalchemy import text
    with engine.connect() as c:
        empty = c.execute(text("SELECT count(*) FROM users")).scalar() == 0
    if empty:
        import_bundle(engine, FIXTURE, Settings().org.tz)
    msgs = _messages(engine)
    tg = FakeTelegram()
    served = start(settings_for(telegram_url=tg.base_url), url, worker_kw={"poll": 1.0})
    hook = f"{served.url}/telegram/webhook"
    client = httpx.Client(timeout=10)
    timer = Timer(tg)
    update_id = 1000
    lat: list[float] = []
    acks: list[float] = []
    try:
        for i in range(args.n):
            chat, text = msgs[i % len(msgs)]
            update_id += 1
            before = len(tg.sent())
            t0 = time.monotonic()
            r = client.post(hook, json=text_update(update_id, chat, text), headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET})
            acks.append(time.monotonic() - t0)
            assert r.status_code == 200, r.text
            got = timer.wait_reply(chat, before)
            if got is None:
                print(f"no reply to {text!r}", file=sys.stderr)
                continue
            lat.append(got - t0)
            # undo it so the data stays the same size round after round
        burst_lat: list[float] = []
        lock = threading.Lock()

        def one(k: int) -> None:
            chat, text = msgs[k % len(msgs)]
            before = len(tg.sent())
            t0 = time.monotonic()
            client.post(hook, json=text_update(50000 + k, chat, text), headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET})
            got = timer.wait_reply(chat, before, timeout=20)
            if got is not None:
                with lock:
                    burst_lat.append(got - t0)

        rounds = max(1, 40 // args.burst)
        with ThreadPoolExecutor(args.burst) as ex:
            for r in range(rounds):
                list(ex.map(one, range(r * args.burst, (r + 1) * args.burst)))
    finally:
        served.close()
        tg.close()
    print(f"database: {url.split('://')[0]}, {len(msgs)} distinct reps' messages, offline engine")
    print(f"webhook 200 (stored, before processing): p50 {statistics.median(acks) * 1000:.0f} ms, "
          f"p95 {pct(acks, 95) * 1000:.0f} ms")
    print(f"log acknowledged on the channel, one at a time (n={len(lat)}): p50 {statistics.median(lat) * 1000:.0f} ms, "
          f"p95 {pct(lat, 95) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
    if burst_lat:
        print(f"in bursts of {args.burst} (n={len(burst_lat)}): p50 {statistics.median(burst_lat) * 1000:.0f} ms, "
              f"p95 {pct(burst_lat, 95) * 1000:.0f} ms, max {max(burst_lat) * 1000:.0f} ms")
    ok = lat and pct(lat, 95) < 1.0
    print("goal (p95 < 1 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
