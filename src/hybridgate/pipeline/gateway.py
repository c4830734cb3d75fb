"""The request pipeline for both protocols, as four named steps:

    decide (decide.py) -> admit (admit.py) -> execute (execute.py) -> account (account.py)

`Gateway` builds the steps from the per-process pieces and composes them; each step is a
public object (`gateway.decide`, `gateway.admit`, `gateway.execute`, `gateway.account`) that
other compositions — the cascade, the response cache, the research pipeline — use too.
The answer in progress lives in `execution.py` (`ChatExecution`): whoever consumes its
events (or, non-streaming, its whole `response()`) hands it to `gateway.account.chat` after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

import msgspec

from ..accounting.admission import Admission, KeyRecord, Ticket
from ..accounting.ledger import LedgerRow, LedgerWriter
from ..accounting.prices import PriceBook
from ..accounting.tokens import TokenCounter
from ..balance.failover import Failover
from ..config.schema import Settings
from ..errors import HybridgateError
from ..observability.logs import REQUEST_ID
from ..observability.tracing import Tracing, now_ns
from ..protocol.canonical import ChatRequest, EmbedRequest, EmbedResponse
from ..providers.base import Provider
from ..quality.shadow import ShadowJudge
from ..routing.decision import RouteDecision
from ..routing.policy import Router
from .account import Account
from .admit import Admit
from .cascade import run_cascade
from .decide import Decide
from .execute import Execute
from .execution import SCAN_ON_LOOP_CHARS, ChatExecution, Protocol, RequestContext
from .response_cache import ResponseCache

_Named = TypeVar("_Named", ChatRequest, EmbedRequest)


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
        failover: Failover,
        observers: Sequence[Callable[[LedgerRow], None]] = (),
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
        #: Called for each request refused for its key (counted in metrics, not on the ledger).
        self.unauthenticated = on_unauthenticated
        self.settings = settings
        self.providers = providers
        self.router = router
        self.prices = prices
        self.ledger = ledger
        self.tokens = tokens
        self.aliases = settings.model_aliases()
        self.failover = failover
        self.decide = Decide(settings=settings, router=router, ledger=ledger, tracing=tracing)
        self.admit = Admit(admission=admission, tokens=tokens, prices=prices)
        self.execute = Execute(settings=settings, failover=failover, router=router)
        self.account = Account(
            settings=settings,
            router=router,
            prices=prices,
            ledger=ledger,
            tokens=tokens,
            admission=admission,
            observers=observers,
            access_log=access_log,
            tracing=tracing,
            shadow=shadow,
        )

    async def start_chat(
        self, request: ChatRequest, context: RequestContext, key: KeyRecord | None = None
    ) -> ChatExecution:
        """Decides and opens the answer: the first event is in hand (or the request failed).
        The caller consumes `events()` (non-streaming: `response()`) and then hands the
        execution to `account.chat`."""
        decision: RouteDecision | None = None
        ticket: Ticket | None = None
        REQUEST_ID.set(context.request_id)  # names the request in failover's events
        request = self._unalias(request, context)
        if self.tracing is not None:
            self._trace(context, "chat", request.model, request.max_tokens, request.temperature)
        try:
            # What needs only the key comes first: a key over its rate or budget is refused
            # before its request costs any scanning, counting or routing.
            ticket = await self.admit.enter(key)
            decision = await self.decide.chat(request, context, key)
            ticket = await self.admit.reserve(key, request, decision, ticket)
            if decision.cascade:
                cascade = self.settings.cascade[decision.tier or ""]
                return await run_cascade(self, request, context, decision, ticket, cascade)
            if self.cache is not None and not decision.redact:
                return await self.cache.open(self, request, context, decision, ticket)
            return await self.execute.open(request, context, decision, ticket)
        except HybridgateError as exc:
            if ticket is not None:
                await self.admit.release(ticket)
            self.account.failure(
                context, request.model, exc, decision, stream=request.stream, key=key
            )
            raise
        except BaseException:  # cancelled (client gone): give the reservation back, then go
            if ticket is not None:
                await self.admit.release(ticket)
            raise

    def _unalias(self, request: _Named, context: RequestContext) -> _Named:
        """The request with an alias replaced by its target; the context remembers it."""
        alias = self.aliases.resolve(request.model)
        if alias is None:
            return request
        context.alias = alias
        return msgspec.structs.replace(request, model=alias.target)

    async def embed(
        self, request: EmbedRequest, context: RequestContext, key: KeyRecord | None = None
    ) -> tuple[EmbedResponse, RouteDecision, str, Decimal]:
        """Embeddings with the same steps as chat; returns the answer, the decision (with
        what happened on the way), the deployment that answered and the cost."""
        decision: RouteDecision | None = None
        ticket: Ticket | None = None
        REQUEST_ID.set(context.request_id)
        request = self._unalias(request, context)
        if self.tracing is not None:
            self._trace(context, "embeddings", request.model, None, None)
        try:
            ticket = await self.admit.enter(key)  # see start_chat
            decision = await self.decide.embeddings(request, context, key)
            ticket = await self.admit.reserve_embeddings(key, request, decision, ticket)
            response, decision, deployment = await self.execute.embed(request, decision)
        except HybridgateError as exc:
            if ticket is not None:
                await self.admit.release(ticket)
            self.account.failure(context, request.model, exc, decision, stream=False, key=key)
            raise
        except BaseException:
            if ticket is not None:
                await self.admit.release(ticket)
            raise
        cost = await self.account.embeddings(
            context, request.model, decision, deployment, response, ticket, key
        )
        return response, decision, deployment, cost

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
