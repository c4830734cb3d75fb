"""Admit: the caller's key against its rate limits and budget, in two moves.

`enter` needs only the key and comes before any work that grows with the request (a key over
its limit costs no scanning, counting or routing); `reserve` holds the worst case the decision
allows — the prompt plus every token the answer may use, on the dearest candidate — until the
answer is accounted (`Account`) or the request fails (`release`).
"""

from __future__ import annotations

import asyncio
import math
from decimal import Decimal

from ..accounting.admission import Admission, KeyRecord, Ticket
from ..accounting.prices import PriceBook
from ..accounting.tokens import TokenCounter
from ..protocol.canonical import ChatRequest, EmbedRequest, Usage
from ..routing.decision import RouteDecision
from .execution import SCAN_ON_LOOP_CHARS

#: Reserved input tokens per counted one (see `Admit.reserve`).
RESERVE_INPUT_MARGIN = 2.0
#: Output tokens reserved against a budget when the request sets no max_tokens.
DEFAULT_RESERVED_OUTPUT_TOKENS = 4096


class Admit:
    def __init__(self, *, admission: Admission, tokens: TokenCounter, prices: PriceBook) -> None:
        self._admission = admission
        self._tokens = tokens
        self._prices = prices

    async def enter(self, key: KeyRecord | None) -> Ticket:
        """The checks that need only the key; raises `LimitExceeded` to refuse."""
        return await self._admission.enter(key)

    async def reserve(
        self, key: KeyRecord | None, request: ChatRequest, decision: RouteDecision, entered: Ticket
    ) -> Ticket:
        """Reserve the worst case: the prompt plus every token the answer may use."""
        if key is None:  # anonymous: no budget or limit to reserve against
            return await self._admission.admit(key, request, decision, Decimal(0), 0, entered)
        # An upper bound, not a guess: the prompt as a chat template will see it (per-message
        # overhead, learned per deployment), times a margin for tokenizers that count more
        # than o200k (Llama's, Claude's): an upstream that counts twice as many stays inside.
        if len(request.prompt_text()) > SCAN_ON_LOOP_CHARS or not self._tokens.loaded:
            counted = await asyncio.to_thread(self._tokens.prompt_tokens, request, decision.target)
        else:
            counted = self._tokens.prompt_tokens(request, decision.target)
        input_tokens = max(1, math.ceil(counted * RESERVE_INPUT_MARGIN))
        output_tokens = request.max_tokens or DEFAULT_RESERVED_OUTPUT_TOKENS
        worst = max(
            (
                self._prices.cost(name, Usage(input_tokens, output_tokens))
                for name in decision.candidates()
            ),
            default=Decimal(0),
        )
        return await self._admission.admit(
            key, request, decision, worst, input_tokens + output_tokens, entered
        )

    async def reserve_embeddings(
        self,
        key: KeyRecord | None,
        request: EmbedRequest,
        decision: RouteDecision,
        entered: Ticket,
    ) -> Ticket:
        tokens = sum(len(text) for text in request.inputs) // 4 + 1
        worst = self._prices.cost(decision.target, Usage(tokens, 0))
        return await self._admission.admit(key, None, decision, worst, tokens, entered)

    async def release(self, ticket: Ticket) -> None:
        """Give a failed request's reservation back."""
        await self._admission.release(ticket)
