"""Execute: open the answer on the first candidate that gives one (`balance.failover`:
breakers, balancing, retries, fallbacks), as a `ChatExecution` the caller streams and then
hands to `Account`. Every `ChatExecution` is built here: live, replayed, or redacted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence

from ..accounting.admission import Ticket
from ..balance.failover import Failover
from ..config.schema import Settings
from ..protocol.canonical import ChatRequest, EmbedRequest, EmbedResponse, StreamEvent
from ..routing.decision import RouteDecision
from ..routing.policy import Router
from ..routing.privacy.redact import redact_request
from .execution import SCAN_ON_LOOP_CHARS, ChatExecution, RequestContext


class Execute:
    def __init__(self, *, settings: Settings, failover: Failover, router: Router) -> None:
        self._settings = settings
        #: Each deployment's upstream model, by deployment name (looked up on every answer).
        self._models = {d.name: d.model for d in settings.deployments}
        #: Per-deployment breakers and load, shared by every request of this process.
        self.failover = failover
        self._router = router

    def open(
        self,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        ticket: Ticket,
        *,
        attempt: int = 1,
    ) -> Awaitable[ChatExecution]:
        """The answer with its first event in hand (non-streaming: whole), or the error of the
        last candidate. (Not a coroutine of its own: one frame less on every request's path.)"""
        if decision.redact:
            return self._open_redacted(request, context, decision, ticket, attempt)
        return self._open(request, context, decision, ticket, attempt)

    async def _open_redacted(
        self,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        ticket: Ticket,
        attempt: int,
    ) -> ChatExecution:
        # Every candidate gets the redacted request: a cloud fallback must never see the
        # originals; the caller gets them back in the answer.
        if len(request.prompt_text()) > SCAN_ON_LOOP_CHARS:
            redacted, mapping = await asyncio.to_thread(
                redact_request, request, self._router.scanner
            )
        else:
            redacted, mapping = redact_request(request, self._router.scanner)
        execution = await self._open(redacted, context, decision, ticket, attempt)
        execution.restore_originals(mapping)
        return execution

    async def _open(
        self,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        ticket: Ticket,
        attempt: int,
    ) -> ChatExecution:
        answer, first, rest = None, None, None
        if not request.stream:  # handed over whole: no events to build and fold again
            name, answer, reasons = await self.failover.answer(decision.candidates(), request)
        else:
            opened = await self.failover.open_stream(decision.candidates(), request)
            name, reasons, first, rest = (
                opened.deployment,
                opened.reasons,
                opened.first,
                opened.rest,
            )
        for reason in reasons:
            decision = decision.with_reason(reason)
        return ChatExecution(
            request=request,
            context=context,
            decision=decision,
            deployment=name,
            model=self._models[name],
            first=first,
            rest=rest,
            answer=answer,
            ticket=ticket,
            attempt=attempt,
        )

    def replay(
        self,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        deployment: str,
        events: Sequence[StreamEvent],
        ticket: Ticket,
        *,
        cached: bool = False,
        recorded: bool = False,
    ) -> ChatExecution:
        """An answer already in hand, served again: from the response cache (`cached`: it
        costs nothing) or a cascade's accepted cheap answer (`recorded`: already on the
        ledger)."""
        return ChatExecution(
            request=request,
            context=context,
            decision=decision,
            deployment=deployment,
            model=self._models[deployment],
            first=list(events),  # in hand: one batch
            rest=None,
            ticket=ticket,
            cached=cached,
            recorded=recorded,
        )

    async def embed(
        self, request: EmbedRequest, decision: RouteDecision
    ) -> tuple[EmbedResponse, RouteDecision, str]:
        """Embeddings with the same fallbacks, retries and breakers as chat: the answer, the
        decision with what happened on the way, and the deployment that answered."""
        deployment, response, reasons = await self.failover.embed(decision.candidates(), request)
        for reason in reasons:
            decision = decision.with_reason(reason)
        return response, decision, deployment


__all__ = ["Execute"]
