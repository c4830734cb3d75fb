"""The request pipeline: decide → execute (with fallbacks) → account, for both protocols.

The answer in progress and its accounting live in `execution.py` (`ChatExecution`).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

import msgspec

from ..accounting.admission import Admission, KeyRecord, Ticket
from ..accounting.ledger import LedgerRow, LedgerWriter
from ..accounting.outcomes import record_features
from ..accounting.prices import PriceBook
from ..accounting.tokens import TokenCounter
from ..balance.failover import Failover
from ..config.schema import Settings
from ..errors import HybridgateError
from ..observability.logs import REQUEST_ID
from ..observability.tracing import Tracing, now_ns
from ..protocol.canonical import (
    ChatRequest,
    EmbedRequest,
    EmbedResponse,
    Usage,
)
from ..providers.base import Provider
from ..providers.egress import EGRESS
from ..quality.shadow import ShadowJudge
from ..routing.decision import RouteDecision
from ..routing.policy import AUTO, Router
from ..routing.privacy import scan_memo
from ..routing.privacy.egress import EgressRule
from ..routing.privacy.redact import redact_request
from .cascade import run_cascade
from .execution import SCAN_ON_LOOP_CHARS, ChatExecution, Protocol, RequestContext
from .key_tiers import within_key_tiers
from .response_cache import ResponseCache

_Named = TypeVar("_Named", ChatRequest, EmbedRequest)

#: Reserved input tokens per counted one (see `Gateway._admit`).
RESERVE_INPUT_MARGIN = 2.0
#: Output tokens reserved against a budget when the request sets no max_tokens.
DEFAULT_RESERVED_OUTPUT_TOKENS = 4096


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
        tracing: Tracing | None = None,
        shadow: ShadowJudge | None = None,
    ) -> None:
        #: Shadow judging of a sample of cheaper answers (`quality:`), off the request path.
        self.shadow = shadow
        #: OpenTelemetry spans (None: tracing is off and costs nothing).
        self.tracing = tracing
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
        if self.tracing is not None:
            self._trace(context, "chat", request.model, request.max_tokens, request.temperature)
        try:
            # What needs only the key comes first: a key over its rate or budget is refused
            # before its request costs any scanning, counting or routing.
            ticket = await self.admission.enter(key)
            scan_memo()  # this request's texts are scanned once, whoever asks again
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
            if context.span is not None and self.tracing is not None:
                self.tracing.decision(context.span, context.traced_at, decision)
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
                if len(request.prompt_text()) > SCAN_ON_LOOP_CHARS:
                    redacted, mapping = await asyncio.to_thread(
                        redact_request, request, self.router.scanner
                    )
                else:
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
        if len(request.prompt_text()) > SCAN_ON_LOOP_CHARS or not self.tokens.loaded:
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
        if self.tracing is not None:
            self._trace(context, "embeddings", request.model, None, None)
        try:
            ticket = await self.admission.enter(key)  # see start_chat
            policy = self.router.policy_for(
                key.policy.privacy if key else None, key.policy.residency if key else None
            )
            if sum(len(text) for text in request.inputs) > SCAN_ON_LOOP_CHARS:
                decision = await asyncio.to_thread(self.router.decide_embeddings, request, policy)
            else:
                decision = self.router.decide_embeddings(request, policy)
            if context.span is not None and self.tracing is not None:
                self.tracing.decision(context.span, context.traced_at, decision)
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
            cache_hit=context.cache == "hit",
            cache_saved_usd=context.cache_saved if context.cache == "hit" else Decimal(0),
        )
        if context.span is not None and self.tracing is not None:
            span, context.span = context.span, None
            with self.tracing.ledger(span):
                self.ledger.record(row)
            self.tracing.end_request(span, row, context.cache, self.settings)
        else:
            self.ledger.record(row)
        for observe in self.observers:
            observe(row)
        if self.access_log is not None:
            self.access_log(row, context.cache)

    def _trace(
        self,
        context: RequestContext,
        operation: str,
        model: str,
        max_tokens: int | None,
        temperature: float | None,
    ) -> None:
        assert self.tracing is not None
        context.traced_at = now_ns()
        context.span = self.tracing.start_request(
            operation,
            model,
            context.request_id,
            context.traceparent,
            {
                "gen_ai.request.max_tokens": max_tokens,
                "gen_ai.request.temperature": temperature,
                "hybridgate.protocol": context.protocol,
            },
        )


__all__ = ["SCAN_ON_LOOP_CHARS", "ChatExecution", "Gateway", "Protocol", "RequestContext"]
