"""Decide: the first step of the pipeline — where a request may go and why (`RouteDecision`).

Runs the router (routing/policy.py: its policy steps) on or off the event loop by the size of
the prompt, keeps `auto` inside the tiers the caller's key may use, and arms the egress scan
for what providers render for cloud deployments. Deciding only: nothing is reserved or sent.
"""

from __future__ import annotations

import asyncio

from ..accounting.admission import KeyRecord
from ..accounting.ledger import LedgerWriter
from ..accounting.outcomes import record_features
from ..config.schema import Settings
from ..observability.tracing import Tracing
from ..protocol.canonical import ChatRequest, EmbedRequest
from ..providers.egress import EGRESS
from ..routing.decision import RouteDecision
from ..routing.policy import AUTO, Router
from ..routing.privacy import scan_memo
from ..routing.privacy.egress import EgressRule
from .execution import SCAN_ON_LOOP_CHARS, RequestContext
from .key_tiers import within_key_tiers


class Decide:
    def __init__(
        self,
        *,
        settings: Settings,
        router: Router,
        ledger: LedgerWriter,
        tracing: Tracing | None = None,
    ) -> None:
        self._settings = settings
        self._router = router
        self._ledger = ledger
        self._tracing = tracing
        #: The egress rule of each privacy action: a rule holds no state of its own request.
        self._egress: dict[str, EgressRule] = {}

    async def chat(
        self, request: ChatRequest, context: RequestContext, key: KeyRecord | None
    ) -> RouteDecision:
        """The decision for a chat request; raises `PolicyRefused` and friends to refuse it."""
        router = self._router
        scan_memo()  # this request's texts are scanned once, whoever asks again
        policy = router.policy_for(
            key.policy.privacy if key else None, key.policy.residency if key else None
        )
        signals = None
        if request.model == AUTO:  # model inference: off the event loop
            signals = await asyncio.to_thread(router.auto_signals, request)
        if len(request.prompt_text()) > SCAN_ON_LOOP_CHARS:  # scanning grows with it
            decision = await asyncio.to_thread(
                router.decide_chat, request, policy, signals, context.caller
            )
        else:
            decision = router.decide_chat(request, policy, signals, context.caller)
        if signals is not None and key is not None and key.policy.allowed_tiers is not None:
            decision = within_key_tiers(
                decision, router, self._settings, request, policy, context.caller, key
            )
        if context.span is not None and self._tracing is not None:
            self._tracing.decision(context.span, context.traced_at, decision)
        if policy.privacy != "allow":
            # Whatever a provider renders for a cloud deployment is scanned once more.
            EGRESS.set(self._egress_rule(policy.privacy))
        if signals is not None and signals.features is not None:
            await asyncio.to_thread(
                record_features, self._ledger.engine, context.request_id, signals.features
            )
        return decision

    def _egress_rule(self, action: str) -> EgressRule:
        scanner = self._router.scanner
        rule = self._egress.get(action)
        if rule is None or rule.scanner is not scanner:
            rule = self._egress[action] = EgressRule(scanner, action)
        return rule

    async def embeddings(
        self, request: EmbedRequest, context: RequestContext, key: KeyRecord | None
    ) -> RouteDecision:
        router = self._router
        policy = router.policy_for(
            key.policy.privacy if key else None, key.policy.residency if key else None
        )
        if sum(len(text) for text in request.inputs) > SCAN_ON_LOOP_CHARS:
            decision = await asyncio.to_thread(router.decide_embeddings, request, policy)
        else:
            decision = router.decide_embeddings(request, policy)
        if context.span is not None and self._tracing is not None:
            self._tracing.decision(context.span, context.traced_at, decision)
        if policy.privacy != "allow":
            EGRESS.set(self._egress_rule(policy.privacy))  # see `chat`
        return decision
