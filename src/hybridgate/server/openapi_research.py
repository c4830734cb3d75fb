"""OpenAPI description of `POST /v1/research` (research_routes.py), merged into openapi.py's
document: the JSON request, and the server-sent events that answer it. OpenAPI 3.1 has no
way to type the events of a stream, so each event's JSON is a component schema
(`ResearchProgress`, `ResearchResult`, `ResearchStreamError`), named from the stream's media
type under `x-events`; tests/research/test_research_openapi.py checks real events against them.
"""

from __future__ import annotations

from typing import Any

from ..research.stages import STAGES
from .openapi_parts import JSON, SECURITY, SSE, ref
from .research_routes import MAX_DOCUMENTS, MAX_TOP_K

_STAGE = {"type": "string", "enum": list(STAGES)}
_USD = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "US dollars, exact."}
_STRINGS = {"type": "array", "items": {"type": "string"}}
#: Not all whitespace (the route refuses those with a 400 as well).
_SOMETHING = {"type": "string", "pattern": r"\S"}


def _object(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


SCHEMAS: dict[str, Any] = {
    "ResearchRequest": {
        "type": "object",
        "required": ["question", "documents"],
        "additionalProperties": False,
        "properties": {
            "question": _SOMETHING,
            "documents": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_DOCUMENTS,
                "description": "Indexed in memory for this request only. Names must be "
                "distinct: citations name chunks as `<name>#<n>`. A document whose text is "
                "empty is skipped.",
                "items": {
                    "type": "object",
                    "required": ["name", "text"],
                    "additionalProperties": False,
                    "properties": {"name": _SOMETHING, "text": {"type": "string"}},
                },
            },
            "top_k": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_TOP_K,
                "default": 4,
                "description": "Chunks retrieved for the question and each sub-question.",
            },
        },
    },
    "ResearchProgress": _object(
        {
            "stage": _STAGE,
            "message": {
                "type": "string",
                "description": "`started`, `done`, what is being worked on, or why the run "
                "stopped.",
            },
            "done": {"type": ["integer", "null"]},
            "total": {"type": ["integer", "null"]},
        }
    ),
    "ResearchStage": _object(
        {
            "stage": _STAGE,
            "status": {"type": "string", "enum": ["ok", "skipped", "failed", "not_run"]},
            "tier": {"type": ["string", "null"]},
            "calls": {"type": "integer", "minimum": 0},
            "deployments": _STRINGS,
            "models": _STRINGS,
            "input_tokens": {"type": "integer", "minimum": 0},
            "output_tokens": {"type": "integer", "minimum": 0},
            "cost_usd": _USD,
            "baseline_cost_usd": _USD,
            "latency_ms": {"type": "number", "minimum": 0},
            "local": {
                "type": ["boolean", "null"],
                "description": "Every call served self-hosted (null: no call made).",
            },
            "why": _STRINGS,
            "request_ids": {**_STRINGS, "description": "The stage's rows on the ledger."},
        }
    ),
    "ResearchResult": _object(
        {
            "question": {"type": "string"},
            "run_id": {"type": "string"},
            "complete": {"type": "boolean"},
            "stopped": {
                "type": ["string", "null"],
                "description": "Why the run stopped early (a refused stage: budget, privacy, "
                "no deployment); null when it completed.",
            },
            "answer": {"type": ["string", "null"]},
            "citations": {
                "type": "array",
                "items": _object(
                    {"chunk": {"type": "string"}, "document": {"type": ["string", "null"]}}
                ),
            },
            "invalid_citations": {
                **_STRINGS,
                "description": "Chunk ids the answer cites that do not exist.",
            },
            "subquestions": _STRINGS,
            "retrieved": {
                "type": "array",
                "items": _object(
                    {
                        "subquestion": {"type": "string"},
                        "chunks": {
                            "type": "array",
                            "items": _object(
                                {"id": {"type": "string"}, "score": {"type": "number"}}
                            ),
                        },
                    }
                ),
            },
            "facts": {
                "type": "array",
                "items": _object(
                    {
                        "text": {"type": "string"},
                        "chunks": _STRINGS,
                        "subquestion": {"type": "string"},
                        "quoted": {"type": "boolean"},
                    }
                ),
            },
            "dropped_fact_lines": {"type": "integer", "minimum": 0},
            "quoted_fallbacks": {"type": "integer", "minimum": 0},
            "index": {
                "anyOf": [
                    _object(
                        {
                            name: {"type": "integer", "minimum": 0}
                            for name in (
                                "documents",
                                "chunks",
                                "embedded",
                                "reused",
                                "removed_documents",
                            )
                        }
                        | {"rebuilt": {"type": "boolean"}}
                    ),
                    {"type": "null"},
                ]
            },
            "stages": {"type": "array", "items": ref("ResearchStage")},
            "local_stages": {"type": "array", "items": _STAGE},
            "cost_usd": _USD,
            "baseline_model": {"type": "string"},
            "baseline_cost_usd": _USD,
            "cost_line": {
                "type": "string",
                "description": "`cost $X vs $Y if every stage ran on <baseline_model> (−Z%)`",
            },
        }
    ),
    "ResearchStreamError": _object({"message": {"type": "string"}}),
}

_STREAM = (
    "Server-sent events: `event: progress` while the run goes on (data: `ResearchProgress`), "
    "then one `event: result` (data: `ResearchResult`, the same JSON as `hybridgate research "
    "--json`), or, if the run itself failed, one `event: error` (data: `ResearchStreamError`). "
    "A stage the gateway refuses (budget, privacy, no deployment) is no error event: the "
    "result says where the run stopped and holds what was found so far."
)

_ERRORS = {
    "400": "malformed JSON, unknown or missing fields, an empty question, no or too many "
    "documents, duplicate names, `top_k` out of range",
    "401": "missing, unknown or revoked key",
    "408": "the request body did not arrive within `server.body_timeout_s`",
    "413": "body over `server.max_body_bytes`",
}

PATHS: dict[str, Any] = {
    "/v1/research": {
        "post": {
            "operationId": "createResearch",
            "description": "The research pipeline over documents sent inline: index (local "
            "embeddings) → plan (routing tier) → retrieve → extract (extraction tier) → "
            "synthesise (reasoning tier, sees only the extracted facts). Every stage runs as "
            "the caller: their key's budget, rate limits and privacy policy apply, and each "
            "call is on the ledger.",
            "security": SECURITY,
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": ref("ResearchRequest")}},
            },
            "responses": {
                "200": {
                    "description": _STREAM,
                    "content": {
                        SSE: {
                            "schema": {"type": "string"},
                            "x-events": {
                                "progress": ref("ResearchProgress"),
                                "result": ref("ResearchResult"),
                                "error": ref("ResearchStreamError"),
                            },
                        }
                    },
                },
                **{
                    status: {
                        "description": why,
                        "content": {JSON: {"schema": ref("OpenAIError")}},
                    }
                    for status, why in _ERRORS.items()
                },
            },
        }
    }
}
