"""What an operator sees of a running `salesbot run`: Prometheus metrics (prometheus-client),
one JSON line per log event when `server.log_format = "json"`, and the health of each part
(database, each chat channel, scheduler) for /healthz."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from prometheus_client import CONTENT_TYPE_LATEST as METRICS_CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)
MESSAGES_IN = Counter("salesbot_messages_received", "Inbound messages stored (redeliveries not counted)",
                      ["channel"], registry=REGISTRY)
MESSAGES_HANDLED = Counter("salesbot_messages_handled", "Inbound messages acted on (done or refused)",
                           ["channel"], registry=REGISTRY)
MESSAGES_FAILED = Counter("salesbot_messages_failed", "Inbound messages whose handling failed (the user was told)",
                          ["channel"], registry=REGISTRY)
HANDLING_SECONDS = Histogram("salesbot_handling_seconds", "Time to act on one stored message", ["channel"],
                             buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
                             registry=REGISTRY)
OUTBOX_SENDS = Counter("salesbot_outbox_sends", "Outbox send attempts by result (sent, retry, dead)",
                       ["channel", "result"], registry=REGISTRY)
OUTBOX_DEPTH = Gauge("salesbot_outbox_depth", "Outbox rows waiting to be sent (pending or sending)", ["channel"],
                     registry=REGISTRY)
WEBHOOK_REFUSED = Counter("salesbot_webhook_refused", "Webhook requests refused, by reason (signature, timestamp, "
                          "too_large, malformed)", ["channel", "reason"], registry=REGISTRY)
PART_UP = Gauge("salesbot_part_up", "1 when the part (database, channel, scheduler) is up", ["part"],
                registry=REGISTRY)
__all__ = ["METRICS_CONTENT_TYPE", "metrics_text", "configure_logging", "event", "timed"]


def metrics_text(depth: dict[str, int], parts: dict[str, str]) -> bytes:
    """The Prometheus exposition of every metric, with the outbox depth and part states of now."""
    for channel in list(_known_depth_channels):
        if channel not in depth:
            OUTBOX_DEPTH.labels(channel=channel).set(0)
    for channel, n in depth.items():
        _known_depth_channels.add(channel)
        OUTBOX_DEPTH.labels(channel=channel).set(n)
    for part, state in parts.items():
        PART_UP.labels(part=part).set(1 if state == "up" else 0)
    return generate_latest(REGISTRY)


_known_depth_channels: set[str] = set()

# ---------- structured logs ----------

EVENT_FIELDS = ("message_id", "channel", "user", "duration_ms", "status", "outbox_key", "result", "attempt")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event text and the event's fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                     "level": record.levelname.lower(), "logger": record.name, "event": record.getMessage()}
        for key in EVENT_FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                out[key] = value
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(log_format: str, level: int = logging.INFO) -> None:
    """Send every log record to stderr, as text or as one JSON line per event."""
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "telegram", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def event(logger: logging.Logger, text: str, level: int = logging.INFO, **fields) -> None:
    """Log one event with its fields (message_id, channel, user, duration_ms, ...)."""
    logger.log(level, text, extra={k: v for k, v in fields.items() if v is not None})


@contextmanager
def timed() -> Iterator[Callable[[], float]]:
    """`with timed() as elapsed:` … `elapsed()` is the seconds since the block began."""
    t0 = time.perf_counter()
    yield lambda: time.perf_counter() - t0
