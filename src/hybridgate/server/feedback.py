"""`POST /v1/feedback`: a grade for an answer the gateway gave, as training data for `auto`.

    {"request_id": "<the x-request-id header of the answer>", "score": 0.0 .. 1.0}

The grade goes to the answer's side: the strong model's when the request was served by
`auto.strong_tier`, the cheap model's otherwise. Requests `auto` routed with
`auto.record_outcomes: true` carry the prompt's difficulty features (numbers, never the text),
so graded ones become rows for `hybridgate router train --from-ledger`, whose head a running
gateway then uses without a restart. A request with nothing recorded is a 404. The caller
authenticates as for chat (a virtual key, when keys are configured).
"""

from __future__ import annotations

import asyncio
import logging
import math
from typing import TYPE_CHECKING

import msgspec
from sqlalchemy import Engine, select

from ..accounting.ledger import requests_table
from ..accounting.outcomes import record_grade
from ..errors import AuthenticationFailed, HybridgateError, InvalidRequest
from .chat import bearer_token
from .errors import error_response, internal_error
from .messages import Request, Response

if TYPE_CHECKING:
    from .app import State

log = logging.getLogger("hybridgate.server")


class Feedback(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    request_id: str
    score: float


class NothingRecorded(HybridgateError):
    status = 404
    error_type = "invalid_request_error"
    code = "request_not_recorded"


def _parse(body: bytes) -> Feedback:
    try:
        feedback = msgspec.json.decode(body, type=Feedback)
    except msgspec.ValidationError as exc:
        raise InvalidRequest(f"feedback: {exc}", param="body") from exc
    except msgspec.DecodeError as exc:
        raise InvalidRequest(f"feedback is not JSON: {exc}", param="body") from exc
    if not math.isfinite(feedback.score) or not 0.0 <= feedback.score <= 1.0:
        raise InvalidRequest("feedback: score must be a number from 0 to 1", param="score")
    if not feedback.request_id or len(feedback.request_id) > 64:
        raise InvalidRequest("feedback: request_id must be 1-64 characters", param="request_id")
    return feedback


def _grade(engine: Engine, feedback: Feedback, strong_tier: str) -> str | None:
    """Which side was graded ("weak"/"strong"), or None when the request has no features."""
    t = requests_table
    with engine.connect() as conn:
        tier = conn.execute(
            select(t.c.tier).where(t.c.request_id == feedback.request_id).order_by(t.c.id.desc())
        ).first()
    side = "strong" if tier is not None and tier.tier == strong_tier else "weak"
    grades = {side: feedback.score}
    return side if record_grade(engine, feedback.request_id, **grades) else None


async def feedback(request: Request, state: State) -> Response:
    gateway = state.gateway
    try:
        await gateway.admission.authenticate(bearer_token(request))
        parsed = _parse(await request.body())
        strong_tier = gateway.settings.auto.strong_tier
        # The side graded is read from the request's ledger row: rows are committed in
        # batches, so feedback sent right after the answer must not find it missing (and
        # grade the cheap side by default).
        await gateway.ledger.flush()
        side = await asyncio.to_thread(_grade, state.engine, parsed, strong_tier)
        if side is None:
            raise NothingRecorded(
                f"request {parsed.request_id!r} has no recorded auto features to grade (only "
                "requests routed by model 'auto' with auto.record_outcomes: true do)",
                param="request_id",
            )
    except HybridgateError as exc:
        if isinstance(exc, AuthenticationFailed):
            gateway.unauthenticated()
        return error_response("openai", exc)
    # The last line of defence: the caller gets a clean error body, the log gets the traceback.
    except Exception:
        log.exception("unhandled error recording feedback for %s", request.request_id)
        return internal_error("openai")
    body = msgspec.json.encode(
        {"request_id": parsed.request_id, "graded": side, "score": parsed.score}
    )
    return Response(body)
