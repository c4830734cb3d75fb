"""A per-deployment circuit breaker: closed → open → half-open → closed.

Closed lets everything through and counts failures; `consecutive_failures` in a row, or a
failure share of `failure_rate` over `window_s` (with at least `min_requests`), opens it.
Open rejects everything for `cooldown_s`; then half-open lets exactly one probe through:
its success closes the breaker, its failure opens it for another cool-down.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

from ..config.schema import Breaker as BreakerSettings

State = Literal["closed", "open", "half_open"]


class CircuitBreaker:
    def __init__(
        self,
        settings: BreakerSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[State, State], None] | None = None,
    ) -> None:
        self._settings = settings
        #: Told (old, new) at every transition (the event log).
        self._on_change = on_change
        self._clock = clock
        self._state: State = "closed"
        self._opened_at = 0.0
        self._consecutive = 0
        self._probing = False
        #: (time, failed) of recent outcomes while closed, for the failure rate.
        self._window: deque[tuple[float, bool]] = deque()

    @property
    def state(self) -> State:
        if self._state == "open" and self.retry_in() == 0:
            self._move("half_open")
        return self._state

    def retry_in(self) -> float:
        """Seconds of cool-down left (0 unless open)."""
        if self._state != "open":
            return 0.0
        return max(0.0, self._opened_at + self._settings.cooldown_s - self._clock())

    def allow(self) -> bool:
        """May a request go to this deployment now? In half-open, claims the one probe."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._probing:
            self._probing = True
            return True
        return False

    def release(self) -> None:
        """The probe ended without an outcome (the caller went away): let another one try."""
        self._probing = False

    def record_success(self) -> None:
        self._consecutive = 0
        if self._state != "closed":
            self._move("closed")
            self._window.clear()
            return
        self._note(failed=False)

    def record_failure(self) -> None:
        if self.state != "closed":  # a failed probe (or a straggler): another full cool-down
            self._open()
            return
        self._consecutive += 1
        self._note(failed=True)
        if self._consecutive >= self._settings.consecutive_failures or self._rate_exceeded():
            self._open()

    def trip(self) -> None:
        """Open now: a failure that is certain, not statistical (the worker process died)."""
        self._open()

    def probe_ok(self) -> None:
        """A health check passed: an open breaker may be probed now instead of after cool-down."""
        if self._state == "open":
            self._move("half_open")

    def _move(self, state: State) -> None:
        old, self._state, self._probing = self._state, state, False
        if self._on_change is not None and old != state:
            self._on_change(old, state)

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._move("open")
        self._consecutive = 0
        self._window.clear()

    def _note(self, *, failed: bool) -> None:
        now = self._clock()
        self._window.append((now, failed))
        while self._window and self._window[0][0] < now - self._settings.window_s:
            self._window.popleft()

    def _rate_exceeded(self) -> bool:
        total = len(self._window)
        if total < self._settings.min_requests:
            return False
        failures = sum(1 for _, failed in self._window if failed)
        return failures / total >= self._settings.failure_rate
