"""Opening an answer on the first deployment that can give one.

Until the first event is in hand nothing has reached the caller, so any retryable failure is
retried (same deployment, with backoff) or failed over (next candidate) without the caller
noticing. After it, failures travel down the stream: the pipeline turns them into an error
event in the caller's protocol and a partial ledger row.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import NamedTuple, TypeVar

from ..config.schema import Breaker as BreakerSettings
from ..config.schema import Reliability
from ..errors import NoRouteAvailable, UpstreamError, UpstreamRedirected
from ..observability.logs import EVENTS, emit
from ..observability.tracing import attempt_span
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    Finish,
    StreamEvent,
    answer_events,
)
from ..providers.base import Provider, stream_batches
from .balancer import Balancer
from .breaker import CircuitBreaker, State
from .retry import RetryPolicy

T = TypeVar("T")

events = logging.getLogger(EVENTS)


class Opened(NamedTuple):  # a tuple: built on every streamed request's path
    deployment: str
    #: The primed first batch of events (what the upstream's first read held; never empty).
    first: list[StreamEvent]
    #: The rest of the answer, a batch at a time; `aclose()` it when done (also ends load
    #: tracking).
    rest: AsyncIterator[list[StreamEvent]]
    #: What happened on the way, for `RouteDecision.with_reason`.
    reasons: tuple[str, ...]


def provider_batches(
    provider: Provider, request: ChatRequest
) -> AsyncGenerator[list[StreamEvent], None]:
    """One path for both modes, a batch of events at a time (a network read's each): a
    non-streaming answer is replayed as one batch."""
    if request.stream:
        return stream_batches(provider, request)
    return _replayed(provider, request)


async def _replayed(
    provider: Provider, request: ChatRequest
) -> AsyncGenerator[list[StreamEvent], None]:
    yield answer_events(await provider.chat(request))


def _what(exc: UpstreamError) -> str:
    return str(exc.upstream_status) if exc.upstream_status else exc.code or type(exc).__name__


class _Tracked:
    """The rest of an answer, a batch of events at a time; counts it outstanding until
    closed, reports a mid-stream failure.

    A class rather than a generator: `aclose()` must release the connection and the load
    count even when iteration never started (an async generator's `finally` would not run).
    """

    def __init__(
        self, name: str, stream: AsyncGenerator[list[StreamEvent], None], failover: Failover
    ) -> None:
        self._name = name
        self._stream = stream
        self._failover = failover
        self._closed = False

    def __aiter__(self) -> _Tracked:
        return self

    async def __anext__(self) -> list[StreamEvent]:
        try:
            return await anext(self._stream)
        except UpstreamError:
            self._failover.breakers[self._name].record_failure()
            await self.aclose()
            raise
        except StopAsyncIteration:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._failover.balancer.finished(self._name)
        await self._stream.aclose()


class Failover:
    """Per-process state of every deployment (breaker, load) and the open-with-fallback loop."""

    def __init__(
        self,
        *,
        providers: Mapping[str, Provider],
        models: Mapping[str, str],
        settings: Reliability,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        make_breaker: MakeBreaker | None = None,
    ) -> None:
        self.providers = providers
        #: `make_breaker`: breakers shared with other workers (shared_breakers.py).
        make = make_breaker or _local_breaker
        self.breakers = {
            name: make(name, settings.breaker, clock, _announce(name)) for name in providers
        }
        self.balancer = Balancer(models)
        self.retry = retry or RetryPolicy(settings.retries)
        self._clock = clock
        self._sleep = sleep

    async def open_stream(self, candidates: Sequence[str], request: ChatRequest) -> Opened:
        """The first batch of events from the first candidate that gives one, or the last
        error."""
        name, (first, rest), reasons = await self._first_answer(
            candidates, lambda n: self._attempt(n, request)
        )
        return Opened(name, first, rest, reasons)

    def answer(
        self, candidates: Sequence[str], request: ChatRequest
    ) -> Awaitable[tuple[str, ChatResponse, tuple[str, ...]]]:
        """A non-streaming answer, whole, from the first candidate that gives one: the same
        order, retries and breakers as `open_stream` (nothing reaches the caller before the
        answer is whole, so any retryable failure fails over). Returns the deployment that
        answered and what happened on the way. (Not a coroutine of its own: one frame less
        on every request's path.)"""
        return self._first_answer(candidates, lambda n: self._call(n, lambda p: p.chat(request)))

    async def embed(
        self, candidates: Sequence[str], request: EmbedRequest
    ) -> tuple[str, EmbedResponse, tuple[str, ...]]:
        """Embeddings from the first candidate that answers: the same order, retries and
        breakers as chat. Returns the deployment that answered and what happened on the way."""
        return await self._first_answer(
            candidates, lambda n: self._call(n, lambda p: p.embed(request))
        )

    async def _first_answer(
        self, candidates: Sequence[str], attempt: Callable[[str], Awaitable[T]]
    ) -> tuple[str, T, tuple[str, ...]]:
        order = self.balancer.order(candidates)
        reasons: list[str] = []

        def step(name: str, reason: str) -> None:
            reasons.append(reason)
            emit(events, "failover", {"deployment": name, "step": reason})

        if order[:1] != tuple(candidates[:1]):
            reasons.append(f"balanced: {order[0]} is least loaded")
        last_error: UpstreamError | None = None
        for position, name in enumerate(order):
            breaker = self.breakers[name]
            tries = 0
            while True:
                if not breaker.allow():
                    step(
                        name,
                        f"breaker open for {name}, skipped"
                        if tries == 0
                        else f"{name}: breaker opened, moved on",
                    )
                    break
                tries += 1
                try:
                    with attempt_span(name):
                        answer = await attempt(name)
                except UpstreamError as exc:
                    last_error = exc
                    wait = self.retry.delay(tries, exc)
                    if not exc.retryable:
                        exc.reasons = tuple(reasons)
                        raise
                    if wait is None:
                        step(name, self._gave_up(name, exc, tries))
                        break
                    step(name, f"{name}: {_what(exc)}, retried after {wait:.2f} s")
                    await self._sleep(wait)
                    continue
                if position:
                    step(name, f"answered by fallback {name}")
                return name, answer, tuple(reasons)
        error = last_error if last_error is not None else self._all_ejected(order)
        error.reasons = tuple(reasons)
        tried = [r for r in reasons if not r.startswith("balanced:")]
        if len(order) > 1 and tried:
            # The caller learns every deployment tried and why, not only the last error.
            error.message = f"{error.message} (tried {len(order)}: {'; '.join(tried)})"
        raise error

    def _failed(self, name: str, exc: BaseException) -> None:
        """The breaker's verdict on a failed attempt."""
        breaker = self.breakers[name]
        if (
            isinstance(exc, UpstreamError)
            and exc.retryable
            and exc.upstream_status != 429
            and not isinstance(exc, UpstreamRedirected)
        ):
            breaker.record_failure()
        else:  # 429, 4xx or cancelled: the deployment is alive, busy, or no verdict at all
            breaker.release()

    def _succeeded(self, name: str, started: float) -> None:
        self.balancer.observe_latency(name, self._clock() - started)
        self.breakers[name].record_success()

    async def _attempt(self, name: str, request: ChatRequest) -> tuple[list[StreamEvent], _Tracked]:
        stream = provider_batches(self.providers[name], request)
        self.balancer.started(name)
        started = self._clock()
        try:
            first: list[StreamEvent] = await anext(stream)
            while not first:  # a provider's empty batch: the first event is not in hand yet
                first = await anext(stream)
        except StopAsyncIteration:
            first = [Finish("stop")]
        except BaseException as exc:
            self.balancer.finished(name)
            self._failed(name, exc)
            await stream.aclose()
            raise
        self._succeeded(name, started)
        return first, _Tracked(name, stream, self)

    async def _call(self, name: str, call: Callable[[Provider], Awaitable[T]]) -> T:
        """One whole-answer call (chat or embeddings) on deployment `name`, with its load
        counted while it runs and its breaker told how it went."""
        self.balancer.started(name)
        started = self._clock()
        try:
            response = await call(self.providers[name])
        except BaseException as exc:
            self._failed(name, exc)
            raise
        finally:
            self.balancer.finished(name)
        self._succeeded(name, started)
        return response

    def _gave_up(self, name: str, exc: UpstreamError, attempts: int) -> str:
        cap = self.retry.settings.max_retry_after_s
        if exc.retry_after is not None and exc.retry_after > cap:
            return (
                f"{name}: {_what(exc)} asks to retry after {exc.retry_after:g} s "
                f"(over the {cap:g} s cap), moved on"
            )
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        return f"{name}: {_what(exc)} after {tries}, moved on"

    def _all_ejected(self, order: Sequence[str]) -> NoRouteAvailable:
        wait = min(self.breakers[name].retry_in() for name in order)
        error = NoRouteAvailable(
            f"every deployment that may serve this request is failing and was ejected by its "
            f"circuit breaker ({', '.join(order)}); retry in {wait:.0f} s"
        )
        error.retry_after = wait
        return error


#: (deployment, settings, clock, on_change) → its breaker.
MakeBreaker = Callable[
    [str, BreakerSettings, Callable[[], float], Callable[[State, State], None]], CircuitBreaker
]


def _local_breaker(
    name: str,
    settings: BreakerSettings,
    clock: Callable[[], float],
    on_change: Callable[[State, State], None],
) -> CircuitBreaker:
    return CircuitBreaker(settings, clock=clock, on_change=on_change)


def _announce(name: str) -> Callable[[str, str], None]:
    """A breaker's transitions as events; opening is a warning."""

    def changed(old: str, new: str) -> None:
        level = logging.WARNING if new == "open" else logging.INFO
        emit(events, "breaker", {"deployment": name, "from": old, "to": new}, level)

    return changed
