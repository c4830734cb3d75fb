"""Cascade (opt-in per tier): answer on the tier's cheap deployment, have a verifier grade the
answer, and escalate to the next deployment only when the grade is below the threshold.

Every upstream call is its own ledger row under the same request id: the cheap answer
(attempt 1), the verifier's grading, and the escalation (attempt 2) when there is one. The
cheap answer is collected before anything is sent, so a streaming caller receives either it
(replayed) or the escalated stream, never both.

Composed of the pipeline's public steps: `gateway.execute` opens each call, `gateway.account`
accounts each one where it is consumed, and `gateway.execute.replay` serves the kept answer.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

import msgspec

from ..accounting.admission import Ticket
from ..accounting.outcomes import record_grade
from ..config.schema import Cascade
from ..errors import UpstreamError
from ..protocol.canonical import ChatRequest, Message, TextPart, answer_events
from ..routing.decision import RouteDecision

if TYPE_CHECKING:
    from .execution import ChatExecution, RequestContext
    from .gateway import Gateway

_GRADER = (
    "You grade answers. Reply with a single integer from 0 to 10: how completely and "
    "correctly the answer addresses the request. 10 means fully correct and complete."
)
_SCORE = re.compile(r"\b(10|[0-9])\b")


def _last_user_text(request: ChatRequest) -> str:
    for message in reversed(request.messages):
        if message.role == "user":
            return message.text()
    return request.prompt_text()


def parse_grade(text: str) -> float | None:
    """The grade as 0–1, or None when the verifier said no number (treated as a fail)."""
    match = _SCORE.search(text)
    return int(match.group(1)) / 10 if match else None


async def _grade(
    gateway: Gateway,
    context: RequestContext,
    decision: RouteDecision,
    cascade: Cascade,
    question: str,
    answer: str,
) -> float | None:
    grading = ChatRequest(
        model=cascade.verifier_deployment,
        messages=(
            Message(role="system", content=(TextPart(_GRADER),)),
            Message(
                role="user",
                content=(TextPart(f"Request:\n{question}\n\nAnswer:\n{answer}\n\nGrade:"),),
            ),
        ),
        max_tokens=4,
        temperature=0.0,
    )
    verifier = RouteDecision(
        target=cascade.verifier_deployment,
        tier=decision.tier,
        reasons=(f"cascade: grading {decision.target}'s answer",),
    )
    execution = await gateway.execute.open(grading, context, verifier, Ticket(key=None))
    try:
        response = await execution.response()
    finally:
        await gateway.account.chat(execution)
    return parse_grade(response.text)


async def run_cascade(
    gateway: Gateway,
    request: ChatRequest,
    context: RequestContext,
    decision: RouteDecision,
    ticket: Ticket,
    cascade: Cascade,
) -> ChatExecution:
    cheap = msgspec.structs.replace(
        decision, fallbacks=(), reasons=(*decision.reasons, "cascade: cheap first")
    )
    collected = msgspec.structs.replace(request, stream=False)
    # The cheap call settles against the caller's budget on its own ticket share.
    first = await gateway.execute.open(collected, context, cheap, Ticket(key=ticket.key))
    try:
        answer = await first.response()
    finally:
        await gateway.account.chat(first)
    try:
        grade = await _grade(
            gateway, context, decision, cascade, _last_user_text(request), answer.text
        )
    except UpstreamError:
        grade = None  # no verdict: escalate, quality first
    if grade is not None and gateway.settings.auto.record_outcomes:
        # The verifier's grade of the cheap answer is a recorded outcome for retraining.
        await asyncio.to_thread(record_grade, gateway.ledger.engine, context.request_id, weak=grade)
    shown = "none" if grade is None else f"{grade:.1f}"
    if grade is not None and grade >= cascade.threshold:
        accepted = decision.with_reason(
            f"cascade: {decision.target} graded {shown} >= {cascade.threshold}, kept"
        )
        return gateway.execute.replay(
            request,
            context,
            accepted,
            first.deployment,
            answer_events(answer),
            ticket,
            recorded=True,
        )
    escalated = RouteDecision(
        target=decision.fallbacks[0],
        tier=decision.tier,
        fallbacks=decision.fallbacks[1:],
        reasons=(
            *decision.reasons,
            f"cascade: {decision.target} graded {shown} < {cascade.threshold}, escalated to {decision.fallbacks[0]}",
        ),
        privacy_action=decision.privacy_action,
        privacy_findings=decision.privacy_findings,
    )
    return await gateway.execute.open(request, context, escalated, ticket, attempt=2)
