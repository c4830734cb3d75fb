"""The request pipeline: decide → execute (with fallbacks) → account, for both protocols.

Streaming and non-streaming share `ChatExecution.events()`: a non-streaming caller collects
it. Usage, cost and the ledger row are computed once, when that stream ends — normally,
on error, or because the client went away.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal, TypeVar

import msgspec

from ..accounting.admission import Admission, KeyRecord, Ticket
from ..accounting.ledger import LedgerRow, LedgerWriter
from ..accounting.outcomes import record_features
from ..accounting.prices import PriceBook
from ..accounting.tokens import TokenCounter
from ..balance.failover import Failover
from ..config.aliases import Alias
from ..config.schema import Settings
from ..errors import HybridgateError
from ..observability.logs import REQUEST_ID
from ..protocol.canonical import (
    ChatRequest,
    EmbedRequest,
    EmbedResponse,
    Finish,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
    UsageReport,
)
from ..providers.base import Provider
from ..providers.egress import EGRESS
from ..routing.decision import RouteDecision
from ..routing.policy import AUTO, Router
from ..routing.privacy_egress import EgressRule
from ..routing.privacy_redact import redact_request, restore_stream
from .cascade import run_cascade
from .key_tiers import within_key_tiers
from .response_cache import ResponseCache

Protocol = Literal["openai", "anthropic"]
_Named = TypeVar("_Named", ChatRequest, EmbedRequest)

#: Prompts up to this many characters are decided on the event loop (the privacy scan takes
#: ~0.7 ms per 2 KB); longer ones in a worker thread.
SCAN_ON_LOOP_CHARS = 16 * 1024
#: Reserved input tokens per counted one (see `Gateway._admit`).
RESERVE_INPUT_MARGIN = 2.0
#: Output tokens reserved against a budget when the request sets no max_tokens.
DEFAULT_RESERVED_OUTPUT_TOKENS = 4096


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
            if reported is not None and not reported.estimated:
                self._gateway.tokens.learn(self.deployment, self.request, reported.input_tokens)
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
            if kept and self.keep is not None and status == "ok" and isinstance(kept[-1], Finish):
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

    def _observe(self, event: StreamEvent) -> None:
        if isinstance(event, (TextDelta, ToolCallDelta)):
            if self._ttft_ms is None:
                self._ttft_ms = self.context.elapsed_ms()
            if isinstance(event, TextDelta):
                self._output.append(event.text)
                self._texts.append(event.text)
            else:
                self._output.append(event.arguments)

    def _estimate_usage(self) -> Usage:
        counter = self._gateway.tokens
        return Usage(
            counter.prompt_tokens(self.request, self.deployment),
            counter.count("".join(self._output)),
            estimated=True,
        )


async def _close(stream: AsyncIterator[StreamEvent]) -> None:
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        await aclose()


class Gateway:
    """Owns the per-process pieces every request uses; built by `create_app`."""

    def __init__(
        self,
        *,
        settings: Settings,
        providers: Mapping[str, Provider],
        router: Router,
        prices: PriceBook,
        ledger: LedgerWriter,
        tokens: TokenCounter,
        admission: Admission,
        observers: Sequence[Callable[[LedgerRow], None]] = (),
        failover: Failover | None = None,
        on_unauthenticated: Callable[[], None] = lambda: None,
        access_log: Callable[[LedgerRow, str | None], None] | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        #: Answers served again at $0 (None: caching is off).
        self.cache = cache
        self.admission = admission
        #: Called with every row and the request's cache outcome (observability/access_log).
        self.access_log = access_log
        #: Called for each request refused for its key (counted in metrics, not on the ledger).
        self.unauthenticated = on_unauthenticated
        #: Called with every ledger row as it is recorded (metrics): cheap, synchronous.
        self.observers = tuple(observers)
        self.settings = settings
        self.providers = providers
        self.router = router
        self.prices = prices
        self.ledger = ledger
        self.tokens = tokens
        self.aliases = settings.model_aliases()
        #: Per-deployment breakers and load, shared by every request of this process.
        self.failover = failover or Failover(
            providers=providers,
            models={d.name: d.model for d in settings.deployments},
            settings=settings.reliability,
        )

    async def start_chat(
        self, request: ChatRequest, context: RequestContext, key: KeyRecord | None = None
    ) -> ChatExecution:
        """Decides and opens the answer: the first event is in hand (or the request failed)."""
        decision: RouteDecision | None = None
        ticket: Ticket | None = None
        REQUEST_ID.set(context.request_id)  # names the request in failover's events
        request = self._unalias(request, context)
        try:
            # What needs only the key comes first: a key over its rate or budget is refused
            # before its request costs any scanning, counting or routing.
            ticket = await self.admission.enter(key)
            policy = self.router.policy_for(
                key.policy.privacy if key else None, key.policy.residency if key else None
            )
            signals = None
            if request.model == AUTO:  # model inference: off the event loop
                signals = await asyncio.to_thread(self.router.auto_signals, request)
            if len(request.prompt_text()) > SCAN_ON_LOOP_CHARS:  # scanning grows with it
                decision = await asyncio.to_thread(
                    self.router.decide_chat, request, policy, signals, context.caller
                )
            else:
                decision = self.router.decide_chat(request, policy, signals, context.caller)
            if signals is not None and key is not None and key.policy.allowed_tiers is not None:
                decision = within_key_tiers(
                    decision, self.router, self.settings, request, policy, context.caller, key
                )
            if policy.privacy != "allow":
                # Whatever a provider renders for a cloud deployment is scanned once more.
                EGRESS.set(EgressRule(self.router.scanner, policy.privacy))
            if signals is not None and signals.features is not None:
                await asyncio.to_thread(
                    record_features, self.ledger.engine, context.request_id, signals.features
                )
            ticket = await self._admit(key, request, decision, ticket)
            cascade = self.settings.cascade.get(decision.tier or "")
            if cascade is not None and decision.fallbacks and not decision.redact:
                return await run_cascade(self, request, context, decision, ticket, cascade)
            if decision.redact:
                # Every candidate gets the redacted request: a cloud fallback must never see
                # the originals; the caller gets them back in the answer.
                redacted, mapping = redact_request(request, self.router.scanner)
                execution = await self._open(redacted, context, decision, ticket)
                execution.restore_originals(mapping)
                return execution
            if self.cache is not None:
                return await self.cache.open(self, request, context, decision, ticket)
            return await self._open(request, context, decision, ticket)
        except HybridgateError as exc:
            if ticket is not None:
                await self.admission.release(ticket)
            self.record_failure(
                context, request.model, exc, decision, stream=request.stream, key=key
            )
            raise
        except BaseException:  # cancelled (client gone): give the reservation back, then go
            if ticket is not None:
                await self.admission.release(ticket)
            raise

    def _unalias(self, request: _Named, context: RequestContext) -> _Named:
        """The request with an alias replaced by its target; the context remembers it."""
        alias = self.aliases.resolve(request.model)
        if alias is None:
            return request
        context.alias = alias
        return msgspec.structs.replace(request, model=alias.target)

    async def _admit(
        self, key: KeyRecord | None, request: ChatRequest, decision: RouteDecision, entered: Ticket
    ) -> Ticket:
        """Reserve the worst case: the prompt plus every token the answer may use."""
        if key is None:  # anonymous: no budget or limit to reserve against
            return await self.admission.admit(key, request, decision, Decimal(0), 0, entered)
        # An upper bound, not a guess: the prompt as a chat template will see it (per-message
        # overhead, learned per deployment), times a margin for tokenizers that count more
        # than o200k (Llama's, Claude's): an upstream that counts twice as many stays inside.
        if len(request.prompt_text()) > SCAN_ON_LOOP_CHARS:
            counted = await asyncio.to_thread(self.tokens.prompt_tokens, request, decision.target)
        else:
            counted = self.tokens.prompt_tokens(request, decision.target)
        input_tokens = max(1, math.ceil(counted * RESERVE_INPUT_MARGIN))
        output_tokens = request.max_tokens or DEFAULT_RESERVED_OUTPUT_TOKENS
        worst = max(
            (
                self.prices.cost(name, Usage(input_tokens, output_tokens))
                for name in decision.candidates()
            ),
            default=Decimal(0),
        )
        return await self.admission.admit(
            key, request, decision, worst, input_tokens + output_tokens, entered
        )

    async def _open(
        self,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        ticket: Ticket,
        attempt: int = 1,
    ) -> ChatExecution:
        # Breakers, balancing, retries and fallbacks live in `balance.failover`.
        opened = await self.failover.open_stream(decision.candidates(), request)
        for reason in opened.reasons:
            decision = decision.with_reason(reason)
        return ChatExecution(
            gateway=self,
            request=request,
            context=context,
            decision=decision,
            deployment=opened.deployment,
            first=opened.first,
            rest=opened.rest,
            ticket=ticket,
            attempt=attempt,
        )

    async def embed(
        self, request: EmbedRequest, context: RequestContext, key: KeyRecord | None = None
    ) -> tuple[EmbedResponse, RouteDecision, str, Decimal]:
        """Embeddings with the same fallbacks, retries and breakers as chat; returns the
        answer, the decision (with what happened on the way), the deployment that answered
        and the cost."""
        decision: RouteDecision | None = None
        ticket: Ticket | None = None
        REQUEST_ID.set(context.request_id)
        request = self._unalias(request, context)
        try:
            ticket = await self.admission.enter(key)  # see start_chat
            policy = self.router.policy_for(
                key.policy.privacy if key else None, key.policy.residency if key else None
            )
            if sum(len(text) for text in request.inputs) > SCAN_ON_LOOP_CHARS:
                decision = await asyncio.to_thread(self.router.decide_embeddings, request, policy)
            else:
                decision = self.router.decide_embeddings(request, policy)
            if policy.privacy != "allow":
                EGRESS.set(EgressRule(self.router.scanner, policy.privacy))  # see start_chat
            tokens = sum(len(text) for text in request.inputs) // 4 + 1
            worst = self.prices.cost(decision.target, Usage(tokens, 0))
            ticket = await self.admission.admit(key, None, decision, worst, tokens, ticket)
            deployment, response, reasons = await self.failover.embed(
                decision.candidates(), request
            )
        except HybridgateError as exc:
            if ticket is not None:
                await self.admission.release(ticket)
            self.record_failure(context, request.model, exc, decision, stream=False, key=key)
            raise
        except BaseException:
            if ticket is not None:
                await self.admission.release(ticket)
            raise
        for reason in reasons:
            decision = decision.with_reason(reason)
        cost = self.prices.cost(deployment, response.usage, context.elapsed_ms() / 1000)
        await self.admission.settle(ticket, cost, response.usage)
        self.record(
            context,
            requested_model=request.model,
            decision=decision,
            deployment=deployment,
            stream=False,
            usage=response.usage,
            ttft_ms=None,
            status="ok",
            http_status=200,
            error=None,
            cost=cost,
            embeddings=True,
            key=key,
        )
        return response, decision, deployment, cost

    def record_failure(
        self,
        context: RequestContext,
        requested_model: str,
        exc: HybridgateError,
        decision: RouteDecision | None,
        *,
        stream: bool,
        key: KeyRecord | None = None,
    ) -> None:
        if decision is not None:
            for reason in exc.reasons:  # what failover tried before giving up
                decision = decision.with_reason(reason)
        self.record(
            context,
            requested_model=requested_model,
            decision=decision,
            deployment=decision.target if decision else None,
            stream=stream,
            usage=Usage(0, 0),
            ttft_ms=None,
            status="error",
            http_status=exc.status,
            error=exc.code or type(exc).__name__,
            cost=Decimal(0),
            key=key,
        )

    def record(
        self,
        context: RequestContext,
        *,
        requested_model: str,
        decision: RouteDecision | None,
        deployment: str | None,
        stream: bool,
        usage: Usage,
        ttft_ms: float | None,
        status: str,
        http_status: int,
        error: str | None,
        cost: Decimal,
        embeddings: bool = False,
        key: KeyRecord | None = None,
        attempt: int = 1,
    ) -> None:
        baseline = (
            self.settings.baseline_embedding_model if embeddings else self.settings.baseline_model
        )
        reasons = decision.explain() if decision else ""
        if context.alias is not None:  # the name the caller sent, and where it led
            requested_model = context.alias.name
            reasons = "; ".join(r for r in (context.alias.describe(), reasons) if r)
        row = LedgerRow(
            ts=context.received_at,
            request_id=context.request_id,
            protocol=context.protocol,
            requested_model=requested_model[:200],
            deployment=deployment,
            tier=decision.tier if decision else None,
            reasons=reasons,
            stream=stream,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            usage_estimated=usage.estimated,
            latency_ms=context.elapsed_ms(),
            ttft_ms=ttft_ms,
            status=status,
            http_status=http_status,
            error=error,
            cost_usd=cost,
            baseline_cost_usd=self.prices.model_cost(baseline, usage),
            key_id=key.id if key else None,
            privacy_action=decision.privacy_action if decision else None,
            privacy_findings=",".join(decision.privacy_findings)[:200] if decision else None,
            spilled=decision.spilled if decision else False,
            attempt=attempt,
        )
        self.ledger.record(row)
        for observe in self.observers:
            observe(row)
        if self.access_log is not None:
            self.access_log(row, context.cache)
