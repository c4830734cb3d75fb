"""An answer in progress (`ChatExecution`) and what the pipeline knows of its request
(`RequestContext`).

A streaming caller consumes `ChatExecution.batches()`: the answer's events a batch at a time,
as the upstream's network reads brought them, so each layer (failover, this, the redaction
restorer, the caller's renderer) takes one step per read, not per event. A non-streaming one
takes `ChatExecution.response()`, which hands over a live upstream's answer whole (no events
to build and fold again) and folds any other (a replay, a redacted answer) from its events. The
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
    fold,
)
from ..routing.decision import RouteDecision
from ..routing.privacy.redact import restore_batches

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
        first: list[StreamEvent] | None,
        rest: AsyncIterator[list[StreamEvent]] | None,
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
        #: The answer's events, a batch at a time: the first in hand, the rest to come.
        self._first = first
        self._rest = rest
        #: The upstream's own batches, closed by `close` whatever wraps them since.
        self._upstream = rest
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
        self._as_batches()
        self._rest = restore_batches(_chained(self._first, self._rest), mapping)
        self._first = None

    def _as_batches(self) -> None:
        """A whole answer from here on served as the one batch a stream of it would carry."""
        if self._answer is not None:
            self._first = answer_events(self._answer)
            self._answer = None

    async def response(self) -> ChatResponse:
        """The answer, whole (a non-streaming caller), once. Hand the execution to
        `Account.chat` when this returns or raises."""
        answer = self._answer
        if answer is None:
            events: list[StreamEvent] = []
            async for batch in self.batches():
                events += batch
            return fold(events)
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
            return fold(answer_events(answer))  # its defaults for both
        return answer

    def first_in_hand(self) -> bool:
        """Whether `batches()` yields its first batch without waiting (a live stream's first
        read, primed by failover; a replay). Not so under a restorer, which may hold it back."""
        return bool(self._first) or self._answer is not None

    async def events(self) -> AsyncGenerator[StreamEvent, None]:
        """The answer, once, event by event (see `batches`)."""
        batches = self.batches()
        try:
            async for batch in batches:
                for event in batch:
                    yield event
        finally:  # closing this closes the answer at once, as `batches` would be
            await batches.aclose()

    async def batches(self) -> AsyncGenerator[list[StreamEvent], None]:
        """The answer, once, a batch of events at a time (never an empty one). Hand the
        execution to `Account.chat` when this ends, however."""
        self._as_batches()
        kept = self.kept = [] if self.keep is not None else None
        try:
            first = self._first
            if first:
                self._observe(first)
                if kept is not None:
                    kept += first
                yield first
            if self._rest is not None:
                async for batch in self._rest:
                    if not batch:
                        continue
                    self._observe(batch)
                    if kept is not None:
                        kept += batch
                    yield batch
            self.status, self.http_status = "ok", 200
        except HybridgateError as exc:
            self.status, self.http_status = "error", exc.status
            self.error = exc.code or type(exc).__name__
            raise
        finally:
            await self.close()

    async def close(self) -> None:
        """Release the upstream answer (its connection, its load count); idempotent."""
        # A restorer wrapping the upstream's batches does not close them when closed itself.
        streams = (self._rest,) if self._rest is self._upstream else (self._rest, self._upstream)
        for stream in streams:
            aclose = getattr(stream, "aclose", None)
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

    def _observe(self, batch: list[StreamEvent]) -> None:
        for event in batch:
            if isinstance(event, TextDelta):
                if self.ttft_ms is None:
                    self.ttft_ms = self.context.elapsed_ms()
                self.output.append(event.text)
                self.texts.append(event.text)
            elif isinstance(event, ToolCallDelta):
                if self.ttft_ms is None:
                    self.ttft_ms = self.context.elapsed_ms()
                self.output.append(event.arguments)
            elif isinstance(event, UsageReport):
                self.reported = event.usage


async def _chained(
    first: list[StreamEvent] | None, rest: AsyncIterator[list[StreamEvent]] | None
) -> AsyncGenerator[list[StreamEvent], None]:
    if first:
        yield first
    if rest is not None:
        async for batch in rest:
            yield batch
