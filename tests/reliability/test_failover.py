"""`Failover.open_stream` and `Failover.answer` against scripted in-memory providers: no
sockets, no real sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import msgspec
import pytest

from hybridgate.balance import Failover
from hybridgate.config.schema import Breaker, Reliability, Retries
from hybridgate.errors import (
    NoRouteAvailable,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamUnavailable,
)
from hybridgate.protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    Finish,
    Message,
    StreamEvent,
    TextDelta,
    TextPart,
)
from hybridgate.providers.base import Capabilities

Script = UpstreamError | str  # an error before the first event, or the text to stream


class Scripted:
    """A provider answering from a script; a text ending in '!' fails after its first word."""

    capabilities = Capabilities()

    def __init__(self, name: str, *script: Script) -> None:
        self.name = name
        self.script = list(script)
        self.calls = 0

    def _next(self) -> Script:
        self.calls += 1
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    async def chat(self, request: ChatRequest) -> ChatResponse:
        step = self._next()
        if isinstance(step, UpstreamError):
            raise step
        if step.endswith("!"):  # the connection broke before the whole answer was read
            raise UpstreamUnavailable("reset", provider=self.name)
        return ChatResponse(text=step, tool_calls=(), finish_reason="stop", usage=None)

    async def chat_stream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        step = self._next()
        if isinstance(step, UpstreamError):
            raise step
        for word in step.rstrip("!").split():
            yield TextDelta(word)
            if step.endswith("!"):
                raise UpstreamUnavailable("reset", provider=self.name)
        yield Finish("stop")

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        raise NotImplementedError

    async def aclose(self) -> None:
        return None

    async def warm(self) -> None:
        return None

    def down_reason(self) -> str | None:
        return None

    def ready(self) -> bool:
        return True


REQUEST = ChatRequest(model="m", messages=(Message("user", (TextPart("hi"),)),), stream=True)


def failover(
    *providers: Scripted, models: dict[str, str] | None = None
) -> tuple[Failover, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    settings = Reliability(
        retries=Retries(attempts=2, backoff_s=0.1, max_retry_after_s=1.0),
        breaker=Breaker(consecutive_failures=2, cooldown_s=30),
    )
    built = Failover(
        providers={p.name: p for p in providers},
        models=models or {p.name: p.name for p in providers},
        settings=settings,
        sleep=sleep,
    )
    return built, slept


def fail(status: int = 503) -> UpstreamUnavailable:
    return UpstreamUnavailable(f"HTTP {status}", provider="x", upstream_status=status)


def test_a_retry_on_the_same_deployment_is_explained() -> None:
    a = Scripted("a", fail(), "hello")
    fo, slept = failover(a)
    opened = asyncio.run(fo.open_stream(["a"], REQUEST))
    assert opened.deployment == "a"
    assert opened.first == [TextDelta("hello")]
    assert a.calls == 2
    assert len(slept) == 1 and 0 <= slept[0] <= 0.1
    assert opened.reasons[0].startswith("a: 503, retried after")


def test_falls_back_after_the_attempts_and_says_so() -> None:
    a, b = Scripted("a", fail()), Scripted("b", "fine")
    fo, _ = failover(a, b)
    opened = asyncio.run(fo.open_stream(["a", "b"], REQUEST))
    assert (opened.deployment, a.calls, b.calls) == ("b", 2, 1)
    assert opened.reasons[-2:] == ("a: 503 after 2 attempts, moved on", "answered by fallback b")


def test_only_candidates_are_ever_tried() -> None:
    # "c" is configured but not a candidate (e.g. residency excluded it): never called.
    a, c = Scripted("a", fail()), Scripted("c", "would leak")
    fo, _ = failover(a, c)
    with pytest.raises(UpstreamUnavailable):
        asyncio.run(fo.open_stream(["a"], REQUEST))
    assert c.calls == 0


def test_a_long_retry_after_moves_on_without_sleeping() -> None:
    a = Scripted("a", UpstreamRateLimited("429", provider="a", retry_after=30))
    b = Scripted("b", "fine")
    fo, slept = failover(a, b)
    opened = asyncio.run(fo.open_stream(["a", "b"], REQUEST))
    assert (opened.deployment, a.calls, slept) == ("b", 1, [])
    assert "over the 1 s cap" in opened.reasons[0]


def test_a_short_retry_after_is_slept() -> None:
    a = Scripted("a", UpstreamRateLimited("429", provider="a", retry_after=0.5), "ok")
    fo, slept = failover(a)
    asyncio.run(fo.open_stream(["a"], REQUEST))
    assert slept == [0.5]


def test_a_rejected_request_is_not_retried_elsewhere() -> None:
    a = Scripted("a", UpstreamRejected("400", provider="a", upstream_status=400))
    b = Scripted("b", "fine")
    fo, _ = failover(a, b)
    with pytest.raises(UpstreamRejected):
        asyncio.run(fo.open_stream(["a", "b"], REQUEST))
    assert b.calls == 0


def test_an_open_breaker_is_skipped_and_ejection_is_a_clear_503() -> None:
    a, b = Scripted("a", fail()), Scripted("b", "fine")
    fo, _ = failover(a, b)

    async def scenario() -> None:
        await fo.open_stream(["a", "b"], REQUEST)  # a fails twice: its breaker opens
        assert fo.breakers["a"].state == "open"
        opened = await fo.open_stream(["a", "b"], REQUEST)
        assert opened.reasons[0] == "breaker open for a, skipped"
        assert a.calls == 2
        with pytest.raises(NoRouteAvailable) as info:
            await fo.open_stream(["a"], REQUEST)
        assert info.value.retry_after is not None and info.value.retry_after > 20

    asyncio.run(scenario())


def test_outstanding_counts_until_the_answer_is_closed_even_unread() -> None:
    a = Scripted("a", "one two")
    fo, _ = failover(a)

    async def scenario() -> None:
        opened = await fo.open_stream(["a"], REQUEST)
        assert fo.balancer.load("a").outstanding == 1
        await opened.rest.aclose()  # type: ignore[attr-defined]
        assert fo.balancer.load("a").outstanding == 0

    asyncio.run(scenario())


def test_least_loaded_replica_answers_first() -> None:
    a, b = Scripted("a", "from a"), Scripted("b", "from b")
    fo, _ = failover(a, b, models={"a": "llama", "b": "llama"})

    async def scenario() -> None:
        first = await fo.open_stream(["a", "b"], REQUEST)  # a is busy while this is open
        second = await fo.open_stream(["a", "b"], REQUEST)
        assert (first.deployment, second.deployment) == ("a", "b")
        assert second.reasons == ("balanced: b is least loaded",)

    asyncio.run(scenario())


def test_a_failure_after_the_first_event_reaches_the_caller_and_the_breaker() -> None:
    a = Scripted("a", "one two!")
    fo, _ = failover(a)

    async def scenario() -> None:
        opened = await fo.open_stream(["a"], REQUEST)
        assert opened.first == [TextDelta("one")]
        with pytest.raises(UpstreamUnavailable):
            async for _ in opened.rest:
                pass
        assert fo.balancer.load("a").outstanding == 0

    asyncio.run(scenario())


WHOLE = msgspec.structs.replace(REQUEST, stream=False)


def test_a_whole_answer_fails_over_like_a_stream_before_its_first_byte() -> None:
    # a: 503, then a reset mid-body; nothing reached the caller, so b answers instead.
    a, b = Scripted("a", fail(), "half an answer!"), Scripted("b", "from b")
    fo, slept = failover(a, b)

    async def scenario() -> None:
        name, answer, reasons = await fo.answer(["a", "b"], WHOLE)
        assert (name, answer.text, a.calls, b.calls) == ("b", "from b", 2, 1)
        assert len(slept) == 1
        assert reasons[0].startswith("a: 503, retried after")
        assert reasons[-1] == "answered by fallback b"
        assert fo.breakers["a"].state == "open"  # two failures in a row
        assert fo.balancer.load("a").outstanding == fo.balancer.load("b").outstanding == 0
        name, _, reasons = await fo.answer(["a", "b"], WHOLE)
        assert (name, reasons[0], a.calls) == ("b", "breaker open for a, skipped", 2)

    asyncio.run(scenario())


def test_a_whole_answer_rejected_is_not_retried_elsewhere() -> None:
    a = Scripted("a", UpstreamRejected("400", provider="a", upstream_status=400))
    b = Scripted("b", "fine")
    fo, _ = failover(a, b)
    with pytest.raises(UpstreamRejected):
        asyncio.run(fo.answer(["a", "b"], WHOLE))
    assert (b.calls, fo.breakers["a"].state) == (0, "closed")
    assert fo.balancer.load("a").outstanding == 0
