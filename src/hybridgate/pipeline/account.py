"""Account: the last step — usage, cost, the budget settled, one ledger row, the observers
told. Once per upstream call, whatever ended it: an answer that ended well, an upstream error,
a client that went away mid-stream, a cancelled request (`ChatExecution.accounted` guards
against a second time). Callers make this step visible where they consume an answer:

    try:
        response = await execution.response()
    finally:
        await gateway.account.chat(execution)

A caller whose client went away mid-stream hands it over with `chat_detached` instead (see
`server/chat.py`): the step then finishes in a task of its own, whatever becomes of the
caller's.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from decimal import Decimal

from ..accounting.admission import Admission, KeyRecord, Ticket
from ..accounting.ledger import LedgerRow, LedgerWriter
from ..accounting.prices import PriceBook
from ..accounting.tokens import TokenCounter
from ..config.schema import Settings
from ..errors import HybridgateError
from ..observability.tracing import Tracing
from ..protocol.canonical import EmbedResponse, Usage
from ..quality.shadow import Answered, ShadowJudge
from ..routing.decision import RouteDecision
from ..routing.policy import Router
from .execution import SCAN_ON_LOOP_CHARS, ChatExecution, RequestContext


class Account:
    def __init__(
        self,
        *,
        settings: Settings,
        router: Router,
        prices: PriceBook,
        ledger: LedgerWriter,
        tokens: TokenCounter,
        admission: Admission,
        observers: Sequence[Callable[[LedgerRow], None]] = (),
        access_log: Callable[[LedgerRow, str | None], None] | None = None,
        tracing: Tracing | None = None,
        shadow: ShadowJudge | None = None,
    ) -> None:
        self._settings = settings
        self._router = router
        self._prices = prices
        self._ledger = ledger
        self._tokens = tokens
        self._admission = admission
        #: Called with every ledger row as it is recorded (metrics): cheap, synchronous.
        self._observers = tuple(observers)
        #: Called with every row and the request's cache outcome (observability/access_log).
        self._access_log = access_log
        self._tracing = tracing
        self._shadow = shadow
        #: Accounting that outlives its cancelled caller (held so it is not collected).
        self._finishing: set[asyncio.Task[None]] = set()
        #: The loop this runs on, once known (see `chat`).
        self._loop: asyncio.AbstractEventLoop | None = None

    async def chat(self, execution: ChatExecution) -> None:
        """Account one answer, once, however its stream ended (or if it never started)."""
        loop = self._loop
        if loop is None or not loop.is_running():
            # Kept: on Python 3.11 asking for the running loop costs a getpid() system call.
            loop = self._loop = asyncio.get_running_loop()
        task = asyncio.current_task(loop)
        if task is not None and task.cancelling():
            self.chat_detached(execution)  # the caller's next await would be cut short
            return
        if execution.accounted:
            return
        execution.accounted = True  # before any await: a second call is a no-op
        await self._account(execution)

    def chat_detached(self, execution: ChatExecution) -> None:
        """`chat` in a task of its own, for a caller that is going away (a client that hung
        up: its task may be cancelled at any await, and this step must not stop half-way)."""
        if execution.accounted:
            return
        execution.accounted = True
        finishing = asyncio.get_running_loop().create_task(self._account(execution))
        self._finishing.add(finishing)
        finishing.add_done_callback(self._finishing.discard)

    async def _account(self, execution: ChatExecution) -> None:
        await execution.close()
        reported, tokens = execution.reported, self._tokens
        if reported is not None and not reported.estimated:
            if tokens.loaded:
                tokens.learn(execution.deployment, execution.request, reported.input_tokens)
            else:
                # The first count loads the ranks (~0.5 s): in a worker thread, and not
                # awaited (learning is optional; nothing may keep this step from accounting
                # the request, not even a second cancellation).
                with contextlib.suppress(RuntimeError):  # no executor: shutting down
                    asyncio.get_running_loop().run_in_executor(
                        None,
                        tokens.learn,
                        execution.deployment,
                        execution.request,
                        reported.input_tokens,
                    )
        if reported is None:
            # Counting grows with the text: a long conversation is counted off the loop.
            size = len(execution.request.prompt_text()) + sum(map(len, execution.output))
            usage = (
                await asyncio.to_thread(self._estimate_usage, execution)
                if size > SCAN_ON_LOOP_CHARS
                else self._estimate_usage(execution)
            )
        else:
            usage = reported
        execution.usage = usage
        decision = execution.decision
        if decision.privacy_action is not None:
            self._router.remember_answer(decision, "".join(execution.texts))
        if not execution.cached:
            busy_s = execution.context.elapsed_ms() / 1000
            execution.cost = self._prices.cost(execution.deployment, usage, busy_s)
        if execution.keep is not None and execution.kept is not None and execution.finished():
            execution.keep(execution.kept, usage, execution.cost)
        await self._admission.settle(execution.ticket, execution.cost, usage)
        if execution.recorded:
            return
        self.record(
            execution.context,
            requested_model=execution.request.model,
            decision=decision,
            deployment=execution.deployment,
            stream=execution.request.stream,
            usage=usage,
            ttft_ms=execution.ttft_ms,
            status=execution.status,
            http_status=execution.http_status,
            error=execution.error,
            cost=execution.cost,
            key=execution.ticket.key,
            attempt=execution.attempt,
        )
        if execution.status == "ok" and self._shadow is not None and not execution.cached:
            self._shadow.consider(self._answered(execution))

    async def embeddings(
        self,
        context: RequestContext,
        requested_model: str,
        decision: RouteDecision,
        deployment: str,
        response: EmbedResponse,
        ticket: Ticket,
        key: KeyRecord | None,
    ) -> Decimal:
        """Account an embeddings answer; returns its cost."""
        cost = self._prices.cost(deployment, response.usage, context.elapsed_ms() / 1000)
        await self._admission.settle(ticket, cost, response.usage)
        self.record(
            context,
            requested_model=requested_model,
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
        return cost

    def failure(
        self,
        context: RequestContext,
        requested_model: str,
        exc: HybridgateError,
        decision: RouteDecision | None,
        *,
        stream: bool,
        key: KeyRecord | None = None,
    ) -> None:
        """A request refused or failed before any answer: a $0 row saying why."""
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
        """One ledger row, then the observers (metrics, access log, the request's span)."""
        settings = self._settings
        baseline = settings.baseline_embedding_model if embeddings else settings.baseline_model
        reasons = decision.explain() if decision else ""
        if context.alias is not None:  # the name the caller sent, and where it led
            requested_model = context.alias.name
            reasons = "; ".join(r for r in (context.alias.describe(), reasons) if r)
        hit = context.cache == "hit"
        # By position, in the fields' order (names in the comments): a call with 16 keyword
        # arguments or more compiles to a dict built and unpacked, ~15k instructions here,
        # for every request; tests/server/test_ledger_row_fields.py holds each to its field.
        row = LedgerRow(
            context.received_at,  # ts
            context.request_id,  # request_id
            context.protocol,  # protocol
            requested_model[:200],  # requested_model
            deployment,  # deployment
            decision.tier if decision else None,  # tier
            reasons,  # reasons
            stream,  # stream
            usage.input_tokens,  # input_tokens
            usage.output_tokens,  # output_tokens
            usage.estimated,  # usage_estimated
            context.elapsed_ms(),  # latency_ms
            ttft_ms,  # ttft_ms
            status,  # status
            http_status,  # http_status
            error,  # error
            cost,  # cost_usd
            self._prices.model_cost(baseline, usage),  # baseline_cost_usd
            key.id if key else None,  # key_id
            decision.privacy_action if decision else None,  # privacy_action
            ",".join(decision.privacy_findings)[:200] if decision else None,  # privacy_findings
            decision.spilled if decision else False,  # spilled
            attempt,  # attempt
            "answer",  # purpose
            hit,  # cache_hit
            context.cache_saved if hit else Decimal(0),  # cache_saved_usd
        )
        if context.span is not None and self._tracing is not None:
            span, context.span = context.span, None
            with self._tracing.ledger(span):
                self._ledger.record(row)
            self._tracing.end_request(span, row, context.cache, settings)
        else:
            self._ledger.record(row)
        for observe in self._observers:
            observe(row)
        if self._access_log is not None:
            self._access_log(row, context.cache)

    def _answered(self, execution: ChatExecution) -> Answered:
        """This answer as shadow judging sees it (quality/shadow.py)."""
        key = execution.ticket.key
        policy = self._router.policy_for(
            key.policy.privacy if key else None, key.policy.residency if key else None
        )
        return Answered(
            request=execution.request,
            request_id=execution.context.request_id,
            protocol=execution.context.protocol,
            tier=execution.decision.tier,
            deployment=execution.deployment,
            answer="".join(execution.texts),
            cost=execution.cost,
            privacy_action=execution.decision.privacy_action,
            residency=policy.residency,
            tool_calls=len(execution.output) > len(execution.texts),
        )

    def _estimate_usage(self, execution: ChatExecution) -> Usage:
        counter = self._tokens
        return Usage(
            counter.prompt_tokens(execution.request, execution.deployment),
            counter.count("".join(execution.output)),
            estimated=True,
        )
