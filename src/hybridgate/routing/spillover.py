"""Capacity spillover: self-hosted deployments serve base load; bursts spill to cloud APIs.

A deployment with `capacity:` runs at most `max_concurrency` requests at once; the rest queue.
`CapacityTracker.expected_wait` estimates how long a new request would queue (queued requests
ahead × mean service time ÷ slots); routing spills to the cheapest compliant cloud deployment of
the tier when that exceeds `max_wait_s` — never when privacy requires the request to stay local.
`LimitedProvider` enforces the limit around every call, so the queue the estimate reads is real.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from ..config.schema import Capacity
from ..protocol.canonical import ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, StreamEvent
from .decision import RouteDecision

#: Weight of the newest observation in the moving average of service time.
_EWMA_ALPHA = 0.2


@dataclass
class _Slots:
    capacity: Capacity
    semaphore: asyncio.Semaphore
    in_flight: int = 0
    queued: int = 0
    mean_service_s: float = 1.0
    samples: int = field(default=0)


class CapacityTracker:
    def __init__(self, capacities: dict[str, Capacity]) -> None:
        self._slots = {
            name: _Slots(capacity, asyncio.Semaphore(capacity.max_concurrency))
            for name, capacity in capacities.items()
        }

    def limited(self, name: str) -> bool:
        return name in self._slots

    def expected_wait(self, name: str) -> float:
        slots = self._slots.get(name)
        if slots is None or slots.in_flight < slots.capacity.max_concurrency:
            return 0.0
        ahead = slots.queued + 1
        return ahead * slots.mean_service_s / slots.capacity.max_concurrency

    def over_target(self, name: str) -> float | None:
        """The expected wait when it exceeds the deployment's target, else None."""
        slots = self._slots.get(name)
        if slots is None:
            return None
        wait = self.expected_wait(name)
        return wait if wait > slots.capacity.max_wait_s else None

    def load(self, name: str) -> tuple[int, int]:
        slots = self._slots[name]
        return slots.in_flight, slots.queued

    @asynccontextmanager
    async def slot(self, name: str) -> AsyncIterator[None]:
        slots = self._slots[name]
        slots.queued += 1
        try:
            await slots.semaphore.acquire()
        finally:
            slots.queued -= 1
        slots.in_flight += 1
        started = time.monotonic()
        try:
            yield
        finally:
            slots.in_flight -= 1
            slots.semaphore.release()
            elapsed = time.monotonic() - started
            slots.samples += 1
            alpha = 1.0 if slots.samples == 1 else _EWMA_ALPHA
            slots.mean_service_s += alpha * (elapsed - slots.mean_service_s)


class LimitedProvider:
    """A provider whose calls wait for one of its deployment's slots."""

    def __init__(self, inner: object, tracker: CapacityTracker) -> None:
        from ..providers.base import Provider

        self._inner: Provider = inner  # type: ignore[assignment]
        self._tracker = tracker
        self.name = self._inner.name
        self.capabilities = self._inner.capabilities

    def ready(self) -> bool:
        return self._inner.ready()

    def down_reason(self) -> str | None:
        return self._inner.down_reason()

    async def warm(self) -> None:
        await self._inner.warm()

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def chat(self, request: ChatRequest) -> ChatResponse:
        async with self._tracker.slot(self.name):
            return await self._inner.chat(request)

    async def chat_stream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        async with self._tracker.slot(self.name):
            async for event in self._inner.chat_stream(request):
                yield event

    async def chat_stream_batches(
        self, request: ChatRequest
    ) -> AsyncGenerator[list[StreamEvent], None]:
        from ..providers.base import stream_batches

        async with self._tracker.slot(self.name):
            batches = stream_batches(self._inner, request)
            try:
                async for batch in batches:
                    yield batch
            finally:
                await batches.aclose()

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        async with self._tracker.slot(self.name):
            return await self._inner.embed(request)


def spill(
    decision: RouteDecision,
    tracker: CapacityTracker,
    *,
    self_hosted: set[str],
    cheapest_first: list[str],
) -> RouteDecision:
    """Put the cheapest cloud candidate first when the self-hosted target's queue is too long."""
    target = decision.target
    if target not in self_hosted:
        return decision
    wait = tracker.over_target(target)
    if wait is None:
        return decision
    clouds = [
        name for name in cheapest_first if name in decision.fallbacks and name not in self_hosted
    ]
    if not clouds:
        return decision.with_reason(
            f"capacity: {target} queue ~{wait:.1f}s, no cloud deployment to spill to"
        )
    chosen = clouds[0]
    rest = tuple(n for n in decision.candidates() if n != chosen)
    return RouteDecision(
        target=chosen,
        tier=decision.tier,
        fallbacks=rest,
        reasons=(
            *decision.reasons,
            f"capacity: {target} queue ~{wait:.1f}s over target -> spilled to {chosen}",
        ),
        privacy_action=decision.privacy_action,
        privacy_findings=decision.privacy_findings,
        redact=decision.redact,
        spilled=True,
    )
