"""OpenAPI description of the drop-in surface beyond chat: `/v1/responses`, `/v1/completions`,
`/v1/messages/count_tokens` and `/v1/models/{id}` (merged into openapi.py's document)."""

from __future__ import annotations

from typing import Any

from .openapi_parts import JSON, SECURITY, SSE, errors, ref


def _post(operation: str, request: str, answer: str, error: str, what: str) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation,
            "security": SECURITY,
            "requestBody": {"required": True, "content": {JSON: {"schema": ref(request)}}},
            "responses": {
                "200": {
                    "description": what,
                    "content": {JSON: {"schema": ref(answer)}, SSE: {}},
                },
                **errors(error),
            },
        }
    }


_TEXT_PARTS = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type"],
                "properties": {
                    "type": {"enum": ["input_text", "output_text", "input_image"]},
                    "text": {"type": "string"},
                    "image_url": {"type": "string"},
                },
            },
        },
    ]
}

SCHEMAS: dict[str, Any] = {
    "ResponsesRequest": {
        "type": "object",
        "required": ["model", "input"],
        "properties": {
            "model": {"type": "string"},
            "input": {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "anyOf": [
                                {
                                    "type": "object",
                                    "required": ["role", "content"],
                                    "properties": {
                                        "type": {"const": "message"},
                                        "role": {
                                            "enum": ["user", "assistant", "system", "developer"]
                                        },
                                        "content": _TEXT_PARTS,
                                    },
                                },
                                {
                                    "type": "object",
                                    "required": ["type", "call_id", "name", "arguments"],
                                    "properties": {
                                        "type": {"const": "function_call"},
                                        "call_id": {"type": "string"},
                                        "name": {"type": "string"},
                                        "arguments": {"type": "string"},
                                    },
                                },
                                {
                                    "type": "object",
                                    "required": ["type", "call_id", "output"],
                                    "properties": {
                                        "type": {"const": "function_call_output"},
                                        "call_id": {"type": "string"},
                                        "output": {"type": "string"},
                                    },
                                },
                            ]
                        },
                    },
                ]
            },
            "instructions": {"type": "string"},
            "tools": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "name"],
                    "properties": {
                        "type": {"const": "function"},
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "parameters": {"type": "object"},
                    },
                },
            },
            "max_output_tokens": {"type": "integer", "minimum": 1},
            "temperature": {"type": "number"},
            "stream": {"type": "boolean"},
            "store": {"type": "boolean"},
            "previous_response_id": {"type": "string"},
        },
    },
    "Response": {
        "type": "object",
        "required": ["id", "object", "status", "output"],
        "properties": {
            "id": {"type": "string"},
            "object": {"const": "response"},
            "status": {"enum": ["completed", "incomplete", "in_progress"]},
            "output": {"type": "array", "items": {"type": "object"}},
            "usage": {"type": ["object", "null"]},
        },
    },
    "CompletionRequest": {
        "type": "object",
        "required": ["model", "prompt"],
        "properties": {
            "model": {"type": "string"},
            "prompt": {"type": "string", "minLength": 1},
            "max_tokens": {"type": "integer", "minimum": 1},
            "temperature": {"type": "number"},
            "stream": {"type": "boolean"},
        },
    },
    "Completion": {
        "type": "object",
        "required": ["id", "object", "choices"],
        "properties": {
            "object": {"const": "text_completion"},
            "choices": {"type": "array", "items": {"type": "object"}},
        },
    },
    "TokenCount": {
        "type": "object",
        "required": ["input_tokens"],
        "properties": {"input_tokens": {"type": "integer", "minimum": 0}},
    },
}

PATHS: dict[str, Any] = {
    "/v1/responses": _post(
        "createResponse",
        "ResponsesRequest",
        "Response",
        "OpenAIError",
        "The response; typed SSE events (`response.created` ... `response.completed`) if `stream`.",
    ),
    "/v1/completions": _post(
        "createCompletion",
        "CompletionRequest",
        "Completion",
        "OpenAIError",
        "A legacy text completion, answered through chat; SSE chunks if `stream`.",
    ),
    "/v1/messages/count_tokens": {
        "post": {
            "operationId": "countTokens",
            "security": SECURITY,
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": ref("MessagesRequest")}},
            },
            "responses": {
                "200": {
                    "description": "Input tokens, counted in the gateway (nothing leaves it).",
                    "content": {JSON: {"schema": ref("TokenCount")}},
                },
                **errors("AnthropicError"),
            },
        }
    },
    "/v1/models/{model}": {
        "get": {
            "operationId": "retrieveModel",
            "parameters": [
                {"name": "model", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "A deployment, tier, alias or `auto`.",
                    "content": {JSON: {"schema": {"type": "object"}}},
                },
                "404": {
                    "description": "No such model.",
                    "content": {JSON: {"schema": ref("OpenAIError")}},
                },
            },
        }
    },
}
