"""OpenAPI description of Anthropic's `POST /v1/messages` (merged into openapi.py's document).
Unlike the OpenAI request objects, `MessagesRequest` allows no extra properties: the gateway
rejects unknown fields there."""

from __future__ import annotations

from typing import Any

from .openapi_parts import JSON, MAX_TOKENS, MODEL, SECURITY, SSE, errors, json_body, ref

SCHEMAS: dict[str, Any] = {
    "AnthropicBlock": {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {
                "type": "string",
                "enum": [
                    "text",
                    "image",
                    "tool_use",
                    "tool_result",
                    "thinking",
                    "redacted_thinking",
                ],
            },
            "text": {"type": "string"},
            "source": {
                "type": "object",
                "required": ["type"],
                "properties": {
                    "type": {"type": "string", "enum": ["base64", "url"]},
                    "media_type": {"type": "string"},
                    "data": {"type": "string"},
                    "url": {"type": "string"},
                },
            },
            "id": {"type": "string"},
            "name": {"type": "string"},
            "input": {},
            "tool_use_id": {"type": "string"},
            "content": {
                "anyOf": [{"type": "string"}, {"type": "array", "items": ref("AnthropicBlock")}]
            },
            "is_error": {"type": "boolean"},
        },
    },
    "AnthropicMessage": {
        "type": "object",
        "required": ["role", "content"],
        "properties": {
            "role": {"type": "string", "enum": ["user", "assistant"]},
            "content": {
                "anyOf": [{"type": "string"}, {"type": "array", "items": ref("AnthropicBlock")}]
            },
        },
    },
    "MessagesRequest": {
        "type": "object",
        "required": ["model", "max_tokens", "messages"],
        "additionalProperties": False,
        "properties": {
            "model": MODEL,
            "max_tokens": MAX_TOKENS,
            "messages": {"type": "array", "minItems": 1, "items": ref("AnthropicMessage")},
            "system": {
                "anyOf": [
                    {"type": "string"},
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["text"],
                            "properties": {
                                "type": {"type": "string", "enum": ["text"]},
                                "text": {"type": "string"},
                            },
                        },
                    },
                ]
            },
            "stop_sequences": {"type": "array", "items": {"type": "string"}},
            "stream": {"type": "boolean"},
            "temperature": {"type": "number"},
            "top_p": {"type": "number"},
            "top_k": {"type": "integer"},
            "tools": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "input_schema": {"type": "object"},
                    },
                },
            },
            "tool_choice": {
                "type": "object",
                "required": ["type"],
                "properties": {
                    "type": {"type": "string", "enum": ["auto", "any", "tool", "none"]},
                    "name": {"type": "string"},
                },
            },
            "metadata": {"type": "object"},
            "service_tier": {"type": "string"},
        },
    },
    "AnthropicMessageResponse": {
        "type": "object",
        "required": ["id", "type", "role", "content", "model"],
        "properties": {
            "id": {"type": "string"},
            "type": {"const": "message"},
            "role": {"const": "assistant"},
            "content": {"type": "array", "items": {"type": "object"}},
            "model": {"type": "string"},
            "stop_reason": {"type": ["string", "null"]},
            "usage": {"type": "object"},
        },
    },
}

PATHS: dict[str, Any] = {
    "/v1/messages": {
        "post": {
            "operationId": "createMessage",
            "security": SECURITY,
            "requestBody": json_body(ref("MessagesRequest")),
            "responses": {
                "200": {
                    "description": "The message; an SSE stream of events if `stream`.",
                    "content": {JSON: {"schema": ref("AnthropicMessageResponse")}, SSE: {}},
                },
                **errors("AnthropicError"),
            },
        }
    },
}
