"""Runs an `App` on the HTTP front end until SIGTERM or SIGINT, then shuts down gracefully:
stop accepting, let in-flight answers and streams finish (up to `shutdown_timeout_s`), flush
the ledger."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import socket

from .app import App
from .http1 import Server

log = logging.getLogger("hybridgate")

#: Net allocations between young-generation collections once serving (CPython's default: 700).
GEN0_ALLOCATIONS = 20_000


class Running:
    """A started app and its server; `stop()` is the graceful shutdown."""

    def __init__(self, app: App, server: Server) -> None:
        self.app = app
        self.server = server

    @classmethod
    async def start(
        cls, app: App, host: str, port: int, listener: socket.socket | None = None
    ) -> Running:
        """`listener`: a socket already listening (a `serve --workers` worker's), else
        `host:port` is bound here."""
        await app.startup()
        server = Server(app, app.limits)
        try:
            if listener is not None:
                await server.listen_on(listener)
            else:
                await server.listen(host, port)
        except BaseException:
            await app.shutdown()
            raise
        return cls(app, server)

    @property
    def port(self) -> int:
        return self.server.port

    async def stop(self) -> None:
        await self.server.shutdown(self.app.settings.server.shutdown_timeout_s)
        await self.app.shutdown()


async def serve(
    app: App, host: str, port: int, listener: socket.socket | None = None
) -> signal.Signals | None:
    """Serves until a signal arrives; returns that signal once everything is closed."""
    running = await Running.start(app, host, port, listener)
    # What start-up built (tables, regexes, routing data: ~70K objects) lives as long as the
    # process: out of the collector's sight, a full collection no longer walks it all (15-45
    # ms on the loop, a latency spike for every request in flight) but only what requests
    # left behind. (Here, not in `Running.start`: a process that starts many apps, a test
    # run, would keep each one's garbage.)
    gc.collect()
    gc.freeze()
    # Requests leave no reference cycles behind (a benchmark run of tens of thousands found
    # none to collect), so a young-generation pass every 700 allocations is pure overhead:
    # ~2% of a request's CPU and, through the older passes it triggers, pauses of milliseconds.
    # Every GEN0_ALLOCATIONS is still often enough for the garbage an error path may leave.
    gc.set_threshold(GEN0_ALLOCATIONS, *gc.get_threshold()[1:])
    log.info("ready on http://%s:%d%s", host, running.port, _which_worker(app))
    await app.ready()
    loop = asyncio.get_running_loop()
    received: asyncio.Future[signal.Signals] = loop.create_future()

    def on_signal(sig: signal.Signals) -> None:
        if not received.done():
            received.set_result(sig)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    try:
        stop = await received
        log.info("%s: finishing in-flight requests, then stopping", stop.name)
    finally:
        await running.stop()
    log.info("stopped: in-flight requests answered, ledger flushed")
    return stop


def _which_worker(app: App) -> str:
    slot = app.worker
    return "" if slot is None else f" (worker {slot.index} of {slot.count}, pid {os.getpid()})"
