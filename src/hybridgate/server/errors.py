"""Errors rendered in the caller's protocol, never as a traceback."""

from __future__ import annotations

from ..errors import HybridgateError
from ..pipeline.gateway import Protocol
from ..protocol import anthropic, openai
from .messages import Response


def error_response(protocol: Protocol, exc: HybridgateError) -> Response:
    headers: dict[str, str] = {}
    if exc.retry_after is not None:
        headers["retry-after"] = str(int(exc.retry_after + 0.999))
    if protocol == "anthropic":
        body = anthropic.error_body(exc.status, exc.message)
    else:
        body = openai.error_body(
            exc.message, error_type=exc.error_type, param=exc.param, code=exc.code
        )
    return Response(body, status=exc.status, headers=headers)


def internal_error(protocol: Protocol) -> Response:
    return error_response(
        protocol, HybridgateError("internal error in the gateway; see its log for details")
    )
