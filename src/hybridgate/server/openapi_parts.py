"""Pieces every part of the OpenAPI document shares: media types, security, references, the
request body and error responses, and the `model` and `max_tokens` fields."""

from __future__ import annotations

from typing import Any

from ..protocol.openai import MAX_TOKENS_LIMIT

JSON = "application/json"
SSE = "text/event-stream"
#: Open gateways accept no key at all, hence the empty requirement first.
SECURITY: list[dict[str, list[str]]] = [{}, {"bearer": []}, {"apiKey": []}]
CHAT_ERRORS = (400, 401, 403, 404, 408, 413, 429, 502, 503, 504)
MAX_TOKENS = {"type": "integer", "minimum": 1, "maximum": MAX_TOKENS_LIMIT}
MODEL = {
    "type": "string",
    "description": "A deployment name, a tier name, or `auto` (the policy decides).",
    "examples": ["auto", "gpt-4o", "claude", "reasoning"],
}

_WHY = {
    400: "malformed JSON, wrong types, missing fields, unsupported parameters",
    401: "missing, unknown or revoked key",
    403: "privacy or residency policy forbids every route",
    404: "`model` is no deployment, tier or `auto`",
    408: "the request body did not arrive within `server.body_timeout_s`",
    413: "body over `server.max_body_bytes`",
    429: "budget or rate limit of the key",
    502: "the upstream failed",
    503: "no deployment may serve now, or the upstream is rate limited",
    504: "the upstream timed out",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {JSON: {"schema": schema}}}


def errors(schema: str, statuses: tuple[int, ...] = CHAT_ERRORS) -> dict[str, Any]:
    return {
        str(s): {"description": _WHY[s], "content": {JSON: {"schema": ref(schema)}}}
        for s in statuses
    }
