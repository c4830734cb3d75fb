"""Circuit breakers shared by the workers of one `hybridgate serve --workers N`.

The supervisor keeps one breaker per deployment (`BreakerHub`) and counts every worker's
outcomes into it, so the N workers together open after `consecutive_failures` in a row (or the
failure rate over all their requests), exactly as one process would, not after N times as
many. Each worker keeps a `MirroredBreaker`: a `CircuitBreaker` whose `allow()` stays
synchronous and local, which reports each failure to the hub at once and adopts the hub's
verdict from the answer (one local round trip later), plus, every `SYNC_S`, the successes it
counted and the hub's state for every deployment (so a worker that sent nothing there learns
that it opened). If the supervisor cannot be reached a worker's breakers go on as one
process's do.

Successes are batched (one message per deployment and `SYNC_S`, not per request). A batch
counts only while the hub's breaker is closed: successes from before an opening must not
close it. A success while the worker's breaker is not closed (a probe's) is sent at once and
closes the hub's breaker, as a probe's success closes a local one. In half-open each worker
lets its own one probe through: up to N probes, not one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

from ..config.schema import Breaker as BreakerSettings
from .breaker import CircuitBreaker, State

log = logging.getLogger("hybridgate")

#: Seconds between a worker's batches of successes (and reads of every breaker's state).
SYNC_S = 0.25

Outcome = Literal["failure", "success", "trip", "probe_ok"]
#: The hub's answer for one deployment: (state, seconds of cool-down left).
Verdict = tuple[State, float]


class BreakerHub:
    """The supervisor's side: one breaker per deployment, fed by every worker."""

    def __init__(self, settings: BreakerSettings, names: list[str]) -> None:
        self._breakers = {name: CircuitBreaker(settings, on_change=_log(name)) for name in names}

    def outcome(self, name: str, outcome: Outcome) -> list[object]:
        breaker = self._breakers[name]
        if outcome == "failure":
            breaker.record_failure()
        elif outcome == "success":
            breaker.record_success()
        elif outcome == "trip":
            breaker.trip()
        elif outcome == "probe_ok":
            breaker.probe_ok()
        return [breaker.state, breaker.retry_in()]

    def sync(self, successes: Mapping[str, int]) -> dict[str, list[object]]:
        """Counts each worker's batched successes (while closed); every breaker's state."""
        for name, count in successes.items():
            breaker = self._breakers.get(name)
            if breaker is None or breaker.state != "closed":
                continue
            for _ in range(count):
                breaker.record_success()
        return {name: [b.state, b.retry_in()] for name, b in self._breakers.items()}


def _log(name: str) -> Callable[[str, str], None]:
    def changed(old: str, new: str) -> None:
        level = logging.WARNING if new == "open" else logging.INFO
        log.log(level, "breaker of %s (all workers): %s -> %s", name, old, new)

    return changed


class MirroredBreaker(CircuitBreaker):
    """A worker's breaker for one deployment, kept in step with the hub's."""

    def __init__(
        self,
        settings: BreakerSettings,
        *,
        report: Callable[[Outcome], None],
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[State, State], None] | None = None,
    ) -> None:
        super().__init__(settings, clock=clock, on_change=on_change)
        self._report = report
        #: Successes since the last batch.
        self.successes = 0

    def record_success(self) -> None:
        if self._state == "closed":
            self.successes += 1
        else:
            self._report("success")
        super().record_success()

    def record_failure(self) -> None:
        super().record_failure()
        self._report("failure")

    def trip(self) -> None:
        super().trip()
        self._report("trip")

    def probe_ok(self) -> None:
        super().probe_ok()
        self._report("probe_ok")

    def adopt(self, state: State, retry_in: float) -> None:
        """Takes the hub's state; an open one with its cool-down."""
        if state == "open":
            if self._state != "open":
                self._move("open")
                self._consecutive = 0
                self._window.clear()
            self._opened_at = self._clock() - (self._settings.cooldown_s - retry_in)
        elif state == "closed" and self._state != "closed":
            self._move("closed")
            self._consecutive = 0
            self._window.clear()
        elif state == "half_open" and self._state == "open":
            self._move("half_open")


class BreakerBoard:
    """A worker's side: makes its `MirroredBreaker`s and talks to the hub for them.
    `call(op, *args)`: one request to the supervisor (meter_socket.SocketMeters.call)."""

    def __init__(self, call: Callable[..., Awaitable[Any]]) -> None:
        self._call = call
        self._breakers: dict[str, MirroredBreaker] = {}
        self._outbox: asyncio.Queue[tuple[str, Outcome]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    def breaker(
        self,
        name: str,
        settings: BreakerSettings,
        clock: Callable[[], float],
        on_change: Callable[[State, State], None] | None,
    ) -> CircuitBreaker:
        """The breaker for deployment `name` (Failover's `make_breaker`)."""
        breaker = MirroredBreaker(
            settings,
            report=lambda outcome: self._outbox.put_nowait((name, outcome)),
            clock=clock,
            on_change=on_change,
        )
        self._breakers[name] = breaker
        return breaker

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._send(), name="breaker-outcomes"),
            asyncio.create_task(self._sync(), name="breaker-sync"),
        ]

    async def _send(self) -> None:
        while True:
            name, outcome = await self._outbox.get()
            try:
                state, retry_in = await self._call("breaker", name, outcome)
            except (OSError, RuntimeError) as exc:  # supervisor away: this worker decides alone
                log.debug("breaker hub unreachable: %s", exc)
                continue
            self._breakers[name].adopt(state, retry_in)

    async def _sync(self) -> None:
        while True:
            await asyncio.sleep(SYNC_S)
            batch = {}
            for name, breaker in self._breakers.items():
                if breaker.successes:
                    batch[name], breaker.successes = breaker.successes, 0
            try:
                states = await self._call("breakers", batch)
            except (OSError, RuntimeError) as exc:
                log.debug("breaker hub unreachable: %s", exc)
                continue
            for name, (state, retry_in) in states.items():
                mirrored = self._breakers.get(name)
                if mirrored is not None:
                    mirrored.adopt(state, retry_in)

    async def aclose(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
