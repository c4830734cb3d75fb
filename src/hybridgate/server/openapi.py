"""The OpenAPI 3.1 description of the gateway's public API, served at `GET /openapi.json`.

Hand-written as data: it describes the fields the gateway reads (types, required fields, enums,
bounds) and the error shapes, not everything the upstream APIs accept. OpenAI-style request
objects allow extra properties because the gateway passes unknown fields through to OpenAI-
compatible backends; Anthropic's does not, because the gateway rejects unknown fields there.
Fuzzing (tests/hostile) runs against this description, so it must stay truthful.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import msgspec

from .messages import Request, Response

if TYPE_CHECKING:
    from .app import State

from . import openapi_anthropic, openapi_research, openapi_surface
from .openapi_parts import JSON, MAX_TOKENS, MODEL, SECURITY, SSE, errors, json_body, ref

_STRINGS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}

_CONTENT = {
    "anyOf": [
        {"type": "string"},
        {"type": "array", "items": ref("ContentPart")},
        {"type": "null"},
    ]
}
_SCHEMAS: dict[str, Any] = {
    # ---------------------------------------------------------------- OpenAI chat
    "ContentPart": {
        "anyOf": [
            {
                "type": "object",
                "required": ["type", "text"],
                "properties": {"type": {"const": "text"}, "text": {"type": "string"}},
            },
            {
                "type": "object",
                "required": ["type", "image_url"],
                "properties": {
                    "type": {"const": "image_url"},
                    "image_url": {
                        "type": "object",
                        "required": ["url"],
                        "properties": {"url": {"type": "string"}},
                    },
                },
            },
        ]
    },
    "ToolCall": {
        "type": "object",
        "required": ["id", "function"],
        "properties": {
            "id": {"type": "string"},
            "type": {"type": "string", "enum": ["function"]},
            "function": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "arguments": {"type": "string", "description": "A JSON object, encoded."},
                },
            },
        },
    },
    "ChatMessage": {
        # A tool result must say which call it answers; other roles must not be `tool`.
        "anyOf": [
            {
                "type": "object",
                "required": ["role"],
                "properties": {
                    "role": {"enum": ["system", "developer", "user", "assistant"]},
                    "content": _CONTENT,
                    "tool_calls": {"type": "array", "items": ref("ToolCall")},
                    "name": {"type": "string"},
                },
            },
            {
                "type": "object",
                "required": ["role", "tool_call_id"],
                "properties": {
                    "role": {"const": "tool"},
                    "content": _CONTENT,
                    "tool_call_id": {"type": "string", "minLength": 1},
                },
            },
        ]
    },
    "FunctionTool": {
        "type": "object",
        "required": ["function"],
        "properties": {
            "type": {"type": "string", "enum": ["function"]},
            "function": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "parameters": {"type": "object"},
                },
            },
        },
    },
    "ChatCompletionRequest": {
        "type": "object",
        "required": ["model", "messages"],
        "additionalProperties": True,
        "properties": {
            "model": MODEL,
            "messages": {"type": "array", "minItems": 1, "items": ref("ChatMessage")},
            "max_tokens": MAX_TOKENS,
            "max_completion_tokens": MAX_TOKENS,
            "temperature": {"type": "number"},
            "top_p": {"type": "number"},
            "stop": _STRINGS,
            "tools": {"type": "array", "items": ref("FunctionTool")},
            "tool_choice": {
                "anyOf": [
                    {"type": "string", "enum": ["auto", "none", "required"]},
                    {
                        "type": "object",
                        "required": ["function"],
                        "properties": {
                            "type": {"type": "string", "enum": ["function"]},
                            "function": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {"name": {"type": "string"}},
                            },
                        },
                    },
                ]
            },
            "stream": {"type": "boolean"},
            "stream_options": {
                "type": "object",
                "properties": {"include_usage": {"type": "boolean"}},
            },
            "n": {"type": "integer", "enum": [1], "description": "Only one choice is served."},
        },
    },
    "ChatCompletion": {
        "type": "object",
        "required": ["id", "object", "model", "choices"],
        "properties": {
            "id": {"type": "string"},
            "object": {"const": "chat.completion"},
            "model": {"type": "string"},
            "choices": {"type": "array", "items": {"type": "object"}},
            "usage": {"type": "object"},
        },
    },
    # ---------------------------------------------------------------- OpenAI embeddings
    "EmbeddingsRequest": {
        "type": "object",
        "required": ["model", "input"],
        "additionalProperties": True,
        "properties": {
            "model": MODEL,
            "input": {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                ]
            },
            "encoding_format": {"type": "string", "enum": ["float", "base64"]},
            "dimensions": {"type": "integer", "minimum": 1},
            "user": {"type": "string"},
        },
    },
    "EmbeddingList": {
        "type": "object",
        "required": ["object", "data", "model"],
        "properties": {
            "object": {"const": "list"},
            "data": {"type": "array", "items": {"type": "object"}},
            "model": {"type": "string"},
            "usage": {"type": "object"},
        },
    },
    # ---------------------------------------------------------------- misc and errors
    "ModelList": {
        "type": "object",
        "required": ["data"],
        "properties": {"data": {"type": "array", "items": {"type": "object"}}},
    },
    "Health": {
        "type": "object",
        "required": ["status", "tiers", "deployments"],
        "properties": {
            "status": {"enum": ["ok", "degraded", "unavailable"]},
            "tiers": {
                "type": "object",
                "additionalProperties": {"enum": ["ok", "degraded", "unavailable"]},
            },
            "deployments": {"type": "object"},
        },
    },
    "OpenAIError": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["message", "type", "param", "code"],
                "properties": {
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                    "param": {"type": ["string", "null"]},
                    "code": {"type": ["string", "null"]},
                },
            }
        },
    },
    "AnthropicError": {
        "type": "object",
        "required": ["type", "error"],
        "properties": {
            "type": {"const": "error"},
            "error": {
                "type": "object",
                "required": ["type", "message"],
                "properties": {"type": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "hybridgate",
        "version": "1",
        "description": "OpenAI- and Anthropic-compatible hybrid LLM gateway.",
    },
    "paths": {
        "/v1/chat/completions": {
            "post": {
                "operationId": "createChatCompletion",
                "security": SECURITY,
                "requestBody": json_body(ref("ChatCompletionRequest")),
                "responses": {
                    "200": {
                        "description": "The completion; an SSE stream of chunks if `stream`.",
                        "content": {JSON: {"schema": ref("ChatCompletion")}, SSE: {}},
                    },
                    **errors("OpenAIError"),
                },
            }
        },
        "/v1/embeddings": {
            "post": {
                "operationId": "createEmbeddings",
                "security": SECURITY,
                "requestBody": json_body(ref("EmbeddingsRequest")),
                "responses": {
                    "200": {
                        "description": "One vector per input.",
                        "content": {JSON: {"schema": ref("EmbeddingList")}},
                    },
                    **errors("OpenAIError"),
                },
            }
        },
        "/v1/feedback": {
            "post": {
                "operationId": "createFeedback",
                "description": "Grade (0-1) an answer by its `x-request-id`: training data for "
                "`auto` (`router train --from-ledger`).",
                "security": SECURITY,
                "requestBody": json_body(
                    {
                        "type": "object",
                        "required": ["request_id", "score"],
                        "properties": {
                            "request_id": {"type": "string", "minLength": 1, "maxLength": 64},
                            "score": {"type": "number", "minimum": 0, "maximum": 1},
                        },
                    }
                ),
                "responses": {
                    "200": {
                        "description": "Recorded; `graded` says which answer (weak or strong).",
                        "content": {
                            JSON: {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "request_id": {"type": "string"},
                                        "graded": {"enum": ["weak", "strong"]},
                                        "score": {"type": "number"},
                                    },
                                }
                            }
                        },
                    },
                    **errors("OpenAIError"),
                },
            }
        },
        "/v1/models": {
            "get": {
                "operationId": "listModels",
                "description": "OpenAI's list shape; Anthropic's when `anthropic-version` is sent.",
                "responses": {
                    "200": {
                        "description": "Deployments, tiers and `auto`.",
                        "content": {JSON: {"schema": ref("ModelList")}},
                    }
                },
            }
        },
        "/healthz": {
            "get": {
                "operationId": "health",
                "responses": {
                    "200": {
                        "description": "Some tier can serve (`ok` or `degraded`); readiness per "
                        "deployment and tier.",
                        "content": {JSON: {"schema": ref("Health")}},
                    },
                    "503": {
                        "description": "No tier can serve (`unavailable`).",
                        "content": {JSON: {"schema": ref("Health")}},
                    },
                },
            }
        },
    },
    "components": {
        "schemas": _SCHEMAS,
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"},
        },
    },
}


_SPEC["paths"].update(openapi_anthropic.PATHS)
_SCHEMAS.update(openapi_anthropic.SCHEMAS)
_SPEC["paths"].update(openapi_surface.PATHS)
_SCHEMAS.update(openapi_surface.SCHEMAS)
_SPEC["paths"].update(openapi_research.PATHS)
_SCHEMAS.update(openapi_research.SCHEMAS)


def spec() -> dict[str, Any]:
    """A fresh copy: callers (fuzzers) may resolve references in place."""
    return copy.deepcopy(_SPEC)


async def endpoint(request: Request, state: State) -> Response:
    return Response(msgspec.json.encode(_SPEC), content_type=JSON)
