"""An answer in progress (`ChatExecution`) and what the pipeline knows of its request
(`RequestContext`).

Streaming and non-streaming share `ChatExecution.events()`: a non-streaming caller collects
it. Usage, cost and the ledger row are computed once, when that stream ends — normally,
on error, or because the client went away.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ..accounting.admission import Ticket
from ..config.aliases import Alias
from ..errors import HybridgateError
from ..protocol.canonical import (
    ChatRequest,
    Finish,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
    UsageReport,
)
from ..quality.shadow import Answered
from ..routing.decision import RouteDecision
from ..routing.privacy.redact import restore_stream

if TYPE_CHECKING:
    from .gateway import Gateway

Protocol = Literal["openai", "anthropic"]

#: Prompts up to this many characters are decided on the event loop (the privacy scan takes
#: ~0.7 ms per 2 KB); longer ones in a worker thread.
SCAN_ON_LOOP_CHARS = 16 * 1024


@dataclass
class RequestContext:
    request_id: str
    protocol: Protocol
    #: Who asks, as far as privacy memory is concerned: "key:<id>", else "addr:<client ip>".
    caller: str = ""
    started: float = field(default_factory=time.perf_counter)
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: The alias the caller's model name went through, if any (shown in headers and ledger).
    alias: Alias | None = None
    #: `hit` or `miss` when the response cache looked at this request (None: it did not).
    cache: str | None = None
    #: On a hit: what the cached answer cost when it was made (the ledger's `cache_saved`).
    cache_saved: Decimal = Decimal(0)
    #: The caller's W3C trace context, and the request's span while it is traced.
    traceparent: str | None = None
    span: Any = None
    traced_at: int = 0

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000


class ChatExecution:
    """An answer in progress on one deployment; accounts for itself when its stream ends."""

    def __init__(
        self,
        *,
        gateway: Gateway,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        deployment: str,
        first: StreamEvent | None,
        rest: AsyncIterator[StreamEvent],
        ticket: Ticket,
        attempt: int = 1,
        accounted: bool = False,
        cached: bool = False,
    ) -> None:
        self.ticket = ticket
        #: Replayed from the response cache: costs nothing.
        self.cached = cached
        #: Given the whole answer once it ended well (the response cache's `put`).
        self.keep: Callable[[Sequence[StreamEvent], Usage, Decimal], None] | None = None
        #: 2 for a cascade's escalation; the ledger keeps one row per upstream call.
        self.attempt = attempt
        #: The answer replays a call already on the ledger (a cascade's accepted cheap answer).
        self._accounted = accounted
        self.request = request
        self.context = context
        self.decision = decision
        self.deployment = deployment
        self.model = gateway.settings.deployment(deployment).model
        self._gateway = gateway
        self._first = first
        self._rest = rest
        self.original_request = request
        self.usage: Usage | None = None
        self.cost = Decimal(0)
        self._ttft_ms: float | None = None
        self._output: list[str] = []
        self._texts: list[str] = []  # the answer's text (tool arguments are in _output too)

    def restore_originals(self, mapping: dict[str, str]) -> None:
        """Redacted upstream call: put the caller's values back into the answer as it streams."""
        first, rest = self._first, self._rest

        async def chained() -> AsyncGenerator[StreamEvent, None]:
            if first is not None:
                yield first
            async for event in rest:
                yield event

        self._first = None
        self._rest = restore_stream(chained(), mapping)

    async def events(self) -> AsyncIterator[StreamEvent]:
        status, http_status, error = "cancelled", 499, None
        reported: Usage | None = None
        kept: list[StreamEvent] | None = [] if self.keep is not None else None
        try:
            pending = [self._first] if self._first is not None else []
            for event in pending:
                self._observe(event)
                if kept is not None:
                    kept.append(event)
                yield event
            async for event in self._rest:
                if isinstance(event, UsageReport):
                    reported = event.usage
                self._observe(event)
                if kept is not None:
                    kept.append(event)
                yield event
            status, http_status = "ok", 200
        except HybridgateError as exc:
            status, http_status, error = "error", exc.status, exc.code or type(exc).__name__
            raise
        finally:
            await _close(self._rest)
            tokens = self._gateway.tokens
            if reported is not None and not reported.estimated:
                if tokens.loaded:
                    tokens.learn(self.deployment, self.request, reported.input_tokens)
                else:
                    # The first count loads the ranks (~0.5 s): in a worker thread, and not
                    # awaited (learning is optional; nothing may keep this block from
                    # accounting the request, not even a second cancellation).
                    with contextlib.suppress(RuntimeError):  # no executor: shutting down
                        asyncio.get_running_loop().run_in_executor(
                            None, tokens.learn, self.deployment, self.request, reported.input_tokens
                        )
            if reported is None:
                # Counting grows with the text: a long conversation is counted off the loop.
                size = len(self.request.prompt_text()) + sum(map(len, self._output))
                self.usage = (
                    await asyncio.to_thread(self._estimate_usage)
                    if size > SCAN_ON_LOOP_CHARS
                    else self._estimate_usage()
                )
            else:
                self.usage = reported
            if self.decision.privacy_action is not None:
                self._gateway.router.remember_answer(self.decision, "".join(self._texts))
            busy_s = self.context.elapsed_ms() / 1000
            if not self.cached:
                self.cost = self._gateway.prices.cost(self.deployment, self.usage, busy_s)
            if kept and self.keep is not None and status == "ok" and _finished(kept):
                self.keep(kept, self.usage, self.cost)
            await self._gateway.admission.settle(self.ticket, self.cost, self.usage)
            if not self._accounted:
                self._gateway.record(
                    self.context,
                    requested_model=self.request.model,
                    decision=self.decision,
                    deployment=self.deployment,
                    stream=self.request.stream,
                    usage=self.usage,
                    ttft_ms=self._ttft_ms,
                    status=status,
                    http_status=http_status,
                    error=error,
                    cost=self.cost,
                    key=self.ticket.key,
                    attempt=self.attempt,
                )
                if status == "ok" and self._gateway.shadow is not None and not self.cached:
                    self._gateway.shadow.consider(self._answered())

    def _observe(self, event: StreamEvent) -> None:
        if isinstance(event, (TextDelta, ToolCallDelta)):
            if self._ttft_ms is None:
                self._ttft_ms = self.context.elapsed_ms()
            if isinstance(event, TextDelta):
                self._output.append(event.text)
                self._texts.append(event.text)
            else:
                self._output.append(event.arguments)

    def _answered(self) -> Answered:
        """This answer as shadow judging sees it (quality/shadow.py)."""
        key = self.ticket.key
        policy = self._gateway.router.policy_for(
            key.policy.privacy if key else None, key.policy.residency if key else None
        )
        return Answered(
            request=self.request,
            request_id=self.context.request_id,
            protocol=self.context.protocol,
            tier=self.decision.tier,
            deployment=self.deployment,
            answer="".join(self._texts),
            cost=self.cost,
            privacy_action=self.decision.privacy_action,
            residency=policy.residency,
            tool_calls=len(self._output) > len(self._texts),
        )

    def _estimate_usage(self) -> Usage:
        counter = self._gateway.tokens
        return Usage(
            counter.prompt_tokens(self.request, self.deployment),
            counter.count("".join(self._output)),
            estimated=True,
        )


def _finished(events: Sequence[StreamEvent]) -> bool:
    return any(isinstance(event, Finish) for event in reversed(events))


async def _close(stream: AsyncIterator[StreamEvent]) -> None:
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        await aclose()
