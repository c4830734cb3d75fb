"""Errors rendered in the caller's protocol, never as a traceback."""

from __future__ import annotations

from starlette.responses import Response

from ..errors import BodyTimeout, HybridgateError
from ..pipeline.gateway import Protocol
from ..protocol import anthropic, openai


def error_response(protocol: Protocol, exc: HybridgateError, headers: dict[str, str]) -> Response:
    headers = dict(headers)
    if exc.retry_after is not None:
        headers["retry-after"] = str(int(exc.retry_after + 0.999))
    if isinstance(exc, BodyTimeout):  # the rest of the body may still trickle in: hang up
        headers["connection"] = "close"
    if protocol == "anthropic":
        body = anthropic.error_body(exc.status, exc.message)
    else:
        body = openai.error_body(
            exc.message, error_type=exc.error_type, param=exc.param, code=exc.code
        )
    return Response(body, status_code=exc.status, media_type="application/json", headers=headers)


def internal_error(protocol: Protocol, headers: dict[str, str]) -> Response:
    return error_response(
        protocol, HybridgateError("internal error in the gateway; see its log for details"), headers
    )
