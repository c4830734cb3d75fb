"""An answer in progress (`ChatExecution`) and what the pipeline knows of its request
(`RequestContext`).

A streaming caller consumes `ChatExecution.events()`; a non-streaming one takes
`ChatExecution.response()`, which hands over a live upstream's answer whole (no events to
build and fold again) and folds any other (a replay, a redacted answer) from its events. The
execution observes what passes (first token, text, reported usage, how it ended); the caller
then hands it to the `Account` step (account.py), which turns that into usage, cost and one
ledger row — normally, on error, or because the client went away.
"""

from __future__ import annotations

import functools
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from ..accounting.admission import Ticket
from ..config.aliases import Alias
from ..errors import HybridgateError
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    Finish,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
    UsageReport,
    answer_events,
    collect,
)
from ..routing.decision import RouteDecision
from ..routing.privacy.redact import restore_stream

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
    received_at: datetime = field(default_factory=functools.partial(datetime.now, UTC))
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
    """An answer in progress on one deployment, and what was seen of it so far.

    Built by `Execute` (execute.py); accounted by `Account.chat` once its stream has ended.
    """

    def __init__(
        self,
        *,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        deployment: str,
        model: str,
        first: StreamEvent | None,
        rest: AsyncIterator[StreamEvent] | None,
        ticket: Ticket,
        answer: ChatResponse | None = None,
        attempt: int = 1,
        recorded: bool = False,
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
        self.recorded = recorded
        self.request = request
        self.context = context
        self.decision = decision
        self.deployment = deployment
        self.model = model
        self._first = first
        self._rest = rest
        #: A non-streaming upstream's answer, whole (then `first` and `rest` are None).
        self._answer = answer
        self.original_request = request
        #: Set by `Account.chat`.
        self.usage: Usage | None = None
        self.cost = Decimal(0)
        self.accounted = False
        #: How the stream ended: "cancelled" until it ends otherwise (the client went away).
        self.status: Literal["ok", "error", "cancelled"] = "cancelled"
        self.http_status = 499
        self.error: str | None = None
        #: The usage the upstream reported (None: it said nothing; estimated when accounted).
        self.reported: Usage | None = None
        self.ttft_ms: float | None = None
        self.output: list[str] = []  # the answer's text and tool arguments
        self.texts: list[str] = []  # the answer's text alone
        #: Every event, for `keep` (None when nothing keeps them).
        self.kept: list[StreamEvent] | None = None

    def restore_originals(self, mapping: dict[str, str]) -> None:
        """Redacted upstream call: put the caller's values back into the answer as it streams."""
        self._as_events()
        first, rest = self._first, self._rest

        async def chained() -> AsyncGenerator[StreamEvent, None]:
            if first is not None:
                yield first
            if rest is not None:
                async for event in rest:
                    yield event

        self._first = None
        self._rest = restore_stream(chained(), mapping)

    def _as_events(self) -> None:
        """A whole answer from here on served as the events a stream of it would carry."""
        if self._answer is not None:
            self._rest = _listed(answer_events(self._answer))
            self._answer = None

    async def response(self) -> ChatResponse:
        """The answer, whole (a non-streaming caller), once. Hand the execution to
        `Account.chat` when this returns or raises."""
        answer = self._answer
        if answer is None:
            return await collect(self.events())
        # Observed as `events()` would observe its replay, without building and folding it.
        self._answer = None
        if answer.text or answer.tool_calls:
            self.ttft_ms = self.context.elapsed_ms()
        if answer.text:
            self.output.append(answer.text)
            self.texts.append(answer.text)
        for call in answer.tool_calls:
            self.output.append(call.arguments)
        self.reported = answer.usage
        if self.keep is not None:
            self.kept = answer_events(answer)
        self.status, self.http_status = "ok", 200
        if any(not call.id or not call.arguments for call in answer.tool_calls):
            return await collect(_listed(answer_events(answer)))  # collect's defaults for both
        return answer

    async def events(self) -> AsyncIterator[StreamEvent]:
        """The answer, once. Hand the execution to `Account.chat` when this ends, however."""
        self._as_events()
        kept = self.kept = [] if self.keep is not None else None
        try:
            if self._first is not None:
                self._observe(self._first)
                if kept is not None:
                    kept.append(self._first)
                yield self._first
            if self._rest is not None:
                async for event in self._rest:
                    if isinstance(event, UsageReport):
                        self.reported = event.usage
                    self._observe(event)
                    if kept is not None:
                        kept.append(event)
                    yield event
            self.status, self.http_status = "ok", 200
        except HybridgateError as exc:
            self.status, self.http_status = "error", exc.status
            self.error = exc.code or type(exc).__name__
            raise
        finally:
            await self.close()

    async def close(self) -> None:
        """Release the upstream answer (its connection, its load count); idempotent."""
        aclose = getattr(self._rest, "aclose", None)
        if aclose is not None:
            await aclose()

    def finished(self) -> bool:
        """The answer ended well and whole (what the response cache may keep)."""
        kept = self.kept
        return (
            self.status == "ok"
            and bool(kept)
            and any(isinstance(event, Finish) for event in reversed(kept or ()))
        )

    def _observe(self, event: StreamEvent) -> None:
        if isinstance(event, (TextDelta, ToolCallDelta)):
            if self.ttft_ms is None:
                self.ttft_ms = self.context.elapsed_ms()
            if isinstance(event, TextDelta):
                self.output.append(event.text)
                self.texts.append(event.text)
            else:
                self.output.append(event.arguments)


async def _listed(events: list[StreamEvent]) -> AsyncGenerator[StreamEvent, None]:
    for event in events:
        yield event
