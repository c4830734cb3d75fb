"""Servers on loopback in a background thread: fake upstreams and the gateway itself, so the
official (synchronous) SDKs can talk to them exactly as users' code does."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from aiohttp import web

from hybridgate.server.app import App
from hybridgate.server.run import Running

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LoopThread:
    """An event loop running in a daemon thread; `run(coro)` executes there and waits."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, fn: Callable[[], Any]) -> Any:
        async def wrapper() -> Any:
            return fn()

        return self.run(wrapper())

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


class FakeUpstream:
    """An aiohttp fake served on 127.0.0.1:<free port> until `stop()`."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = LoopThread()
        # Like real servers, notice a caller that hangs up (tests assert on it).
        self._runner = web.AppRunner(app, handler_cancellation=True)
        self._thread.run(self._start())

    async def _start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def stop(self) -> None:
        self._thread.run(self._runner.cleanup())
        self._thread.stop()


class GatewayServer:
    """The real gateway app on its HTTP front end on loopback, as `hybridgate serve` runs it."""

    def __init__(self, app: App) -> None:
        self._thread = LoopThread()
        self._running: Running = self._thread.run(Running.start(app, "127.0.0.1", 0))
        self.port = self._running.port
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def app(self) -> App:
        return self._running.app

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on the gateway's loop (drive the pipeline's steps directly)."""
        result: T = self._thread.run(coroutine)
        return result

    def tasks(self) -> list[str]:
        """The names of the live tasks on the gateway's loop (leak checks)."""

        async def names() -> list[str]:
            current = asyncio.current_task()
            return sorted(
                getattr(t.get_coro(), "__qualname__", repr(t))
                for t in asyncio.all_tasks()
                if t is not current and not t.done()
            )

        tasks: list[str] = self._thread.run(names())
        return tasks

    def connections(self) -> int:
        """How many client connections the front end holds now."""
        return int(self._thread.call(lambda: len(self._running.server.connections)))

    def stop(self) -> None:
        self._thread.run(self._running.stop(), timeout=60)
        self._thread.stop()
