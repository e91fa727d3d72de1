"""`salesbot run`: one asyncio process serving every configured channel on one HTTP port (uvicorn),
the outbox worker, recovery of messages a dead process left unhandled, and the digest schedule.
SIGTERM / SIGINT shut everything down cleanly."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import importlib
import logging
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import uvicorn
from starlette.applications import Starlette

from bot.app import create_app
from bot.context import AppContext
from bot.dispatcher import Dispatcher, rebuild_message
from bot.observability import configure_logging
from bot.outbox import OutboxWorker, Sender
from bot.processes import HEARTBEAT_EVERY, ProcessLease
from domain.errors import UserError
from domain.settings import secret

log = logging.getLogger("salesbot.run")
RECOVER_EVERY = 60.0


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling (we stop it ourselves, then clean up)."""

    @contextlib.contextmanager
    def capture_signals(self):  # type: ignore[override]
        yield


@dataclass
class Runtime:
    """Everything `salesbot run` starts; tests build one and serve it on a loopback port."""

    ctx: AppContext
    dispatcher: Dispatcher
    worker: OutboxWorker
    channels: list = field(default_factory=list)
    senders: dict[str, Sender] = field(default_factory=dict)
    tasks: dict[str, asyncio.Task] = field(default_factory=dict)  # the running parts, by name

    def app(self):
        routes = [r for ch in self.channels for r in ch.routes()]
        return create_app(self.dispatcher.engine, routes, parts=self.part_states)

    def part_states(self) -> dict[str, str]:
        """'up' while a part's task runs, 'down' once it stopped, 'starting' before, 'off' when not run."""
        names = [ch.name for ch in self.channels] + ["outbox", "scheduler"]
        out = {}
        for name in names:
            task = self.tasks.get(name)
            if task is None:
                out[name] = "off" if name == "scheduler" and self.tasks else "starting"
            elif task.done():
                out[name] = "down"
            else:
                channel = next((ch for ch in self.channels if ch.name == name), None)
                out[name] = "up" if getattr(channel, "ready", True) else "starting"
        return out


def configured(ctx: AppContext) -> tuple[bool, bool]:
    """(telegram configured, wecom app configured)."""
    s = ctx.settings
    return bool(secret(s.telegram.token)), bool(s.wecom.corp_id and secret(s.wecom.secret) and secret(s.wecom.token)
                                                and secret(s.wecom.aes_key))


def build_runtime(ctx: AppContext, *, worker_kw: dict | None = None) -> Runtime:
    """The dispatcher, the channels that are configured, their senders and the outbox worker."""
    engine = ctx.ready_engine()
    s = ctx.settings
    senders: dict[str, Sender] = {}
    holder: dict[str, OutboxWorker] = {}
    out_channel = {"telegram": "telegram", "wecom_app": "wecom_app"}
    dispatcher = Dispatcher(engine, s, clock=lambda: datetime.now(UTC),
                            outbox_channel=lambda m: out_channel.get(m.channel),
                            on_queued=lambda: holder["w"].kick())
    channels: list = []
    tg, wc = configured(ctx)
    if tg:
        if s.telegram.mode == "webhook" and not secret(s.telegram.webhook_secret):
            raise UserError("telegram.mode is webhook but telegram.webhook_secret is empty (set SALESBOT_TELEGRAM__WEBHOOK_SECRET)")
        from bot.channels.telegram import TelegramChannel
        channels.append(TelegramChannel(s.telegram, dispatcher))
    if wc:
        if not str(s.wecom.agent_id).isdigit():
            raise UserError(f"wecom.agent_id must be the app's numeric AgentId, not {s.wecom.agent_id!r}")
        if len(secret(s.wecom.aes_key)) != 43:
            raise UserError("wecom.aes_key must be the 43-character EncodingAESKey of the app")
        from bot.channels.wecom import WecomChannel
        channels.append(WecomChannel(s.wecom, dispatcher, language=s.org.language))
    for ch in channels:
        senders[ch.name] = ch
    if any(t.channel == "wecom_robot" for t in s.digest.targets):
        from bot.channels.wecom_robot import WecomRobotSender
        senders["wecom_robot"] = WecomRobotSender()
    worker = OutboxWorker(engine, senders, **(worker_kw or {}))
    holder["w"] = worker
    return Runtime(ctx=ctx, dispatcher=dispatcher, worker=worker, channels=channels, senders=senders)


async def _recover_loop(rt: Runtime, stop: asyncio.Event, lease: ProcessLease) -> None:
    """Keep this process's lease, and pick up what a dead process left: messages stored but not
    acted on, and sends it had claimed. At start (a restart) everything of dead processes at once."""
    recovered_at = -RECOVER_EVERY
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        try:
            await asyncio.to_thread(lease.renew)
            if loop.time() - recovered_at >= RECOVER_EVERY:
                recovered_at = loop.time()
                await _recover_once(rt, lease)
        except Exception:
            log.exception("recovery failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=HEARTBEAT_EVERY)


async def _recover_once(rt: Runtime, lease: ProcessLease) -> None:
    before = await asyncio.to_thread(lease.stranded_before)
    n = await asyncio.to_thread(rt.dispatcher.recover, rebuild_message, stranded_before=before)
    if n:
        log.warning("recovered %d unhandled message(s)", n)
    sends = await asyncio.to_thread(lease.release_stranded_sends, rt.worker.lease)
    if sends:
        log.warning("taking again %d send(s) a dead process had claimed", sends)
        rt.worker.kick()


def _scheduler(ctx: AppContext) -> Callable | None:
    try:
        return importlib.import_module("bot.scheduler").run_scheduler
    except (ImportError, AttributeError):
        return None


def bind(host: str, port: int) -> socket.socket:
    """The listening socket; UserError in one line when the port is taken or not ours to use."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # the protocol set: asyncio then
    # turns Nagle off on each connection (TCP_NODELAY); without it every answer waits ~40 ms for an ACK
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise UserError(f"port {port} on {host} is already in use (is another salesbot run serving?); "
                            "stop it or choose another port with --port or server.port") from None
        raise UserError(f"cannot serve on {host}:{port}: {e.strerror or e}") from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


async def serve(rt: Runtime, host: str, port: int, stop: asyncio.Event | None = None,
                on_ready: Callable[[int], None] | None = None, scheduler: bool = True,
                sock: socket.socket | None = None) -> None:
    """Serve the app and run the channels, the outbox worker, recovery and the schedule until `stop`."""
    stop = stop or asyncio.Event()
    sock = sock or bind(host, port)
    app = rt.app()
    server = _Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off",
                                    access_log=False, log_config=None))  # uvicorn logs through ours (JSON too)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    lease = ProcessLease(rt.dispatcher.engine)
    await asyncio.to_thread(lease.register)
    await asyncio.to_thread(rt.dispatcher.services.warm)
    worker_stop = asyncio.Event()
    worker = asyncio.create_task(rt.worker.run(worker_stop), name="outbox")
    rt.tasks["outbox"] = worker
    tasks = [asyncio.create_task(_recover_loop(rt, stop, lease), name="recover")]
    for ch in rt.channels:
        rt.tasks[ch.name] = asyncio.create_task(ch.start(stop), name=ch.name)
        tasks.append(rt.tasks[ch.name])
    run_scheduler = _scheduler(rt.ctx) if scheduler else None
    if run_scheduler is not None:
        rt.tasks["scheduler"] = asyncio.create_task(run_scheduler(rt.ctx, stop, on_queued=rt.worker.kick),
                                                    name="scheduler")
        tasks.append(rt.tasks["scheduler"])
    for t in tasks:
        t.add_done_callback(_report_stopped(stop))
    server_task = asyncio.create_task(server.serve(sockets=[sock]), name="http")
    while not server.started and not server_task.done():
        await asyncio.sleep(0.02)
    if server_task.done():
        stop.set()
        await _finish(rt, tasks, worker, worker_stop, lease)
        server_task.result()
        raise UserError(f"cannot serve on {host}:{port}")
    bound = server.servers[0].sockets[0].getsockname()[1] if server.servers else port
    if on_ready:
        on_ready(bound)
    log.warning("salesbot serving on http://%s:%d: %s (Ctrl-C to stop)", host, bound,
                served(app, rt.channels, schedule=run_scheduler is not None))
    await stop.wait()
    server.should_exit = True
    await server_task
    await _finish(rt, tasks, worker, worker_stop, lease)


def served(app: Starlette, channels: list, *, schedule: bool) -> str:
    """What the process serves, for its startup line: the chat channels, every HTTP path of the app
    (/healthz, /metrics and the channels' webhooks) and the schedule."""
    paths = list(dict.fromkeys(getattr(r, "path", "") for r in app.routes if getattr(r, "path", "")))
    parts = [f"chat channels {', '.join(ch.name for ch in channels)}" if channels else "no chat channel",
             f"HTTP {', '.join(paths)}"]
    if schedule:
        parts.append("the schedule of digests and reminders")
    return "; ".join(parts)


def _report_stopped(stop: asyncio.Event) -> Callable[[asyncio.Task], None]:
    """A part that stops while the process runs is logged at once (and /healthz says 'down')."""
    def done(task: asyncio.Task) -> None:
        if stop.is_set() or task.cancelled():
            return
        err = task.exception()
        log.error("%s stopped%s; /healthz reports it down", task.get_name(),
                  f" with {type(err).__name__}: {err}" if err else "")
    return done


async def _finish(rt: Runtime, tasks: list[asyncio.Task], worker: asyncio.Task, worker_stop: asyncio.Event,
                  lease: ProcessLease) -> None:
    """Shut down in order: inputs and in-flight messages first, then the outbox, then the clients."""
    done, pending = await asyncio.wait(tasks, timeout=15) if tasks else (set(), set())
    for t in pending:
        t.cancel()
    for t in done:
        if not t.cancelled() and t.exception() is not None:
            log.error("%s stopped with %s", t.get_name(), t.exception())
    worker_stop.set()
    try:
        await asyncio.wait_for(worker, timeout=15)
    except TimeoutError:
        log.warning("outbox worker did not stop in time; unsent items stay queued")
    for ch in rt.channels:
        try:
            await ch.close()
        except Exception:
            log.exception("closing %s failed", ch.name)
    for sender in rt.senders.values():
        if sender not in rt.channels and hasattr(sender, "close"):
            await sender.close()
    try:
        await asyncio.to_thread(lease.release)
    except Exception:
        log.warning("could not release the process lease (it runs out by itself)")


def cmd_run(ctx: AppContext, args: argparse.Namespace) -> int:
    """Serve the configured channels and the digest schedule until SIGTERM."""
    tg, wc = configured(ctx)
    host = args.host or ctx.settings.server.host
    port = args.port if args.port is not None else ctx.settings.server.port
    if ctx.settings.server.log_format == "json" or getattr(args, "verbose", False):
        configure_logging(ctx.settings.server.log_format)
    sock = bind(host, port)  # a port in use is one clear line and exit code 1, before anything starts
    if not (tg or wc):
        from bot.demo_command import command_prefix  # the program as the newcomer can type it

        print("salesbot run: no chat channel is configured (set SALESBOT_TELEGRAM__TOKEN, or the [wecom] corp_id, "
              "agent_id, secret, token and aes_key).\nTo talk to the bot now, on this terminal: "
              f"{command_prefix()} chat --as USER_ID", file=sys.stderr, flush=True)
    try:
        rt = build_runtime(ctx)
    except BaseException:
        sock.close()
        raise
    asyncio.run(serve(rt, host, port, sock=sock))
    return 0
