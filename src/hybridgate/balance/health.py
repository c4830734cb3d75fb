"""Active health checks of self-hosted deployments; the results feed the circuit breakers.

Only self-hosted deployments that call a server are checked (`GET {base_url}/models`, which
vLLM, Ollama, llama.cpp server and TGI all serve): cloud APIs are never polled. Any HTTP
answer below 500 counts as alive (a 401 or 404 still proves the server is up). Embedded
models report through `ready()` and `down_reason()`, read four times a second (it costs nothing):
loading is not failing, but a worker process that died opens the breaker at once, and its
successor, once ready, lets the breaker probe again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..config.schema import Deployment, HealthChecks
from ..observability.logs import EVENTS, emit
from ..providers.base import Provider
from ..providers.http import UpstreamClient
from .breaker import CircuitBreaker

events = logging.getLogger(EVENTS)


def _changed(name: str, previous: Health | None, now: Health) -> None:
    """A deployment's health as an event when it changes (its first result too, if bad)."""
    if (previous.healthy if previous is not None else True) == now.healthy and (
        previous is not None or now.healthy
    ):
        return
    level = logging.INFO if now.healthy else logging.WARNING
    emit(
        events, "health", {"deployment": name, "healthy": now.healthy, "detail": now.detail}, level
    )


@dataclass(frozen=True)
class Health:
    healthy: bool
    detail: str


class HealthChecker:
    def __init__(
        self,
        *,
        deployments: Sequence[Deployment],
        providers: Mapping[str, Provider],
        breakers: Mapping[str, CircuitBreaker],
        client: UpstreamClient,
        settings: HealthChecks,
    ) -> None:
        in_worker = {d.name for d in deployments if d.provider_class.runs_in_worker}
        self._checked = [d for d in deployments if d.self_hosted and d.name not in in_worker]
        self._in_process = [
            d.name for d in deployments if d.name in in_worker and d.name in providers
        ]
        self._providers = providers
        self._breakers = breakers
        self._client = client
        self._settings = settings
        self._task: asyncio.Task[None] | None = None
        #: How often embedded models are looked at (their state is in memory).
        self.in_process_interval_s = 0.25
        #: The latest result per deployment (what `/healthz` may show).
        self.results: dict[str, Health] = {}

    def start(self) -> None:
        if self._settings.enabled and self._task is None and (self._checked or self._in_process):
            self._task = asyncio.create_task(self._run(), name="hybridgate-health-checks")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def check_once(self) -> dict[str, Health]:
        await self.check_remote()
        self.check_in_process()
        return dict(self.results)

    async def check_remote(self) -> None:
        checks = await asyncio.gather(*(self._check(d) for d in self._checked))
        for deployment, health in zip(self._checked, checks, strict=True):
            previous = self.results.get(deployment.name)
            _changed(deployment.name, previous, health)
            self.results[deployment.name] = health
            breaker = self._breakers.get(deployment.name)
            if breaker is None:
                continue
            if health.healthy:
                breaker.probe_ok()
            else:
                breaker.record_failure()

    def check_in_process(self) -> None:
        for name in self._in_process:
            provider = self._providers[name]
            breaker = self._breakers.get(name)
            down = provider.down_reason()
            previous = self.results.get(name)
            if down is not None:
                self.results[name] = Health(False, down)
                _changed(name, previous, self.results[name])
                if breaker is not None and breaker.state == "closed":
                    breaker.trip()
            elif provider.ready():
                self.results[name] = Health(True, "ready")
                _changed(name, previous, self.results[name])
                if breaker is not None and previous is not None and not previous.healthy:
                    breaker.probe_ok()
            else:
                self.results[name] = Health(False, "loading")

    async def _run(self) -> None:
        next_remote = 0.0
        while True:
            if time.monotonic() >= next_remote:
                await self.check_remote()
                next_remote = time.monotonic() + self._settings.interval_s
            self.check_in_process()
            await asyncio.sleep(min(self.in_process_interval_s, self._settings.interval_s))

    async def _check(self, deployment: Deployment) -> Health:
        headers = dict(deployment.headers)
        if deployment.api_key is not None:
            headers["authorization"] = f"Bearer {deployment.api_key.get_secret_value()}"
        try:
            status = await self._client.status_of(
                f"{deployment.url}/models", headers=headers, timeout_s=self._settings.timeout_s
            )
        # Any transport failure means the same thing here: not reachable now.
        except (TimeoutError, OSError, ValueError) as exc:
            return Health(False, f"unreachable: {type(exc).__name__}")
        if status >= 500:
            return Health(False, f"HTTP {status}")
        return Health(True, f"HTTP {status}")
