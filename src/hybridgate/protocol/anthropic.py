"""Anthropic Messages wire format as callers speak it: requests in, messages and events out.

(The gateway calling Anthropic upstream lives in `providers/anthropic.py`.)
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

import msgspec

from ..errors import InvalidRequest, UnsupportedParameter
from .canonical import (
    ChatRequest,
    ChatResponse,
    Finish,
    FinishReason,
    ImagePart,
    Message,
    Part,
    StreamEvent,
    TextDelta,
    TextPart,
    Tool,
    ToolCall,
    ToolCallDelta,
    ToolChoice,
    Usage,
)
from .openai import MAX_TOKENS_LIMIT, decode_json_object

# ---------------------------------------------------------------------------- wire structs


class ImageSource(msgspec.Struct):
    type: Literal["base64", "url"]
    media_type: str | None = None
    data: str | None = None
    url: str | None = None


class Block(msgspec.Struct):
    type: str
    text: str | None = None
    source: ImageSource | None = None
    id: str | None = None
    name: str | None = None
    input: Any = None
    tool_use_id: str | None = None
    content: str | list[Block] | None = None
    is_error: bool = False


class WireMessage(msgspec.Struct):
    role: Literal["user", "assistant"]
    content: str | list[Block]


class SystemBlock(msgspec.Struct):
    text: str
    type: str = "text"


class WireTool(msgspec.Struct):
    name: str
    description: str | None = None
    input_schema: dict[str, Any] | None = None


class WireToolChoice(msgspec.Struct):
    type: Literal["auto", "any", "tool", "none"]
    name: str | None = None


class WireMessagesRequest(msgspec.Struct, forbid_unknown_fields=True):
    model: str
    max_tokens: int
    messages: list[WireMessage]
    system: str | list[SystemBlock] | None = None
    stop_sequences: list[str] | None = None
    stream: bool = False
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    tools: list[WireTool] | None = None
    tool_choice: WireToolChoice | None = None
    metadata: dict[str, Any] | None = None
    service_tier: str | None = None


# ---------------------------------------------------------------------------- parsing

_encoder = msgspec.json.Encoder()


def _tool_result_text(content: str | list[Block] | None) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(b.text or "" for b in content if b.type == "text")


def _messages(wire: WireMessage, i: int) -> list[Message]:
    where = f"messages[{i}]"
    if isinstance(wire.content, str):
        return [Message(role=wire.role, content=(TextPart(wire.content),))]
    parts: list[Part] = []
    calls: list[ToolCall] = []
    results: list[Message] = []
    for j, block in enumerate(wire.content):
        if block.type == "text":
            parts.append(TextPart(block.text or ""))
        elif block.type == "image" and block.source is not None:
            src = block.source
            parts.append(ImagePart(url=src.url, data=src.data, media_type=src.media_type))
        elif block.type == "tool_use" and wire.role == "assistant":
            if not block.id or not block.name:
                raise InvalidRequest(
                    "tool_use blocks need id and name", param=f"{where}.content[{j}]"
                )
            calls.append(
                ToolCall(block.id, block.name, _encoder.encode(block.input or {}).decode())
            )
        elif block.type == "tool_result" and wire.role == "user":
            if not block.tool_use_id:
                raise InvalidRequest(
                    "tool_result blocks need tool_use_id", param=f"{where}.content[{j}]"
                )
            results.append(
                Message(
                    role="tool",
                    content=(TextPart(_tool_result_text(block.content)),),
                    tool_call_id=block.tool_use_id,
                    is_error=block.is_error,
                )
            )
        elif block.type in ("thinking", "redacted_thinking"):
            continue  # earlier reasoning is not replayed to other backends
        else:
            raise UnsupportedParameter(
                f"content block type {block.type!r} is not supported", param=f"{where}.content[{j}]"
            )
    out = results
    if parts or calls:
        out = [*results, Message(role=wire.role, content=tuple(parts), tool_calls=tuple(calls))]
    return out


_CHOICE = {"auto": "auto", "any": "required", "none": "none", "tool": "tool"}


def parse_messages_request(body: bytes) -> ChatRequest:
    data = decode_json_object(body)
    for required in ("model", "max_tokens", "messages"):
        if required not in data:
            raise InvalidRequest(f"{required}: Field required", param=required)
    try:
        wire = msgspec.convert(data, WireMessagesRequest)
    except msgspec.ValidationError as exc:
        message = str(exc)
        param = message.rsplit(" - at `$.", 1)[1].rstrip("`") if " - at `$." in message else None
        if message.startswith("Object contains unknown field"):
            field = message.split("`")[1]
            raise UnsupportedParameter(
                f"{field}: Extra inputs are not permitted", param=field
            ) from None
        raise InvalidRequest(f"invalid request: {message}", param=param) from None
    if not 1 <= wire.max_tokens <= MAX_TOKENS_LIMIT:
        raise InvalidRequest(
            f"max_tokens: must be between 1 and {MAX_TOKENS_LIMIT:,}", param="max_tokens"
        )
    if not wire.messages:
        raise InvalidRequest("messages: at least one message is required", param="messages")
    messages: list[Message] = []
    if wire.system:
        text = (
            wire.system
            if isinstance(wire.system, str)
            else "\n\n".join(b.text for b in wire.system)
        )
        messages.append(Message(role="system", content=(TextPart(text),)))
    for i, m in enumerate(wire.messages):
        messages.extend(_messages(m, i))
    choice = None
    if wire.tool_choice is not None:
        choice = ToolChoice(mode=_CHOICE[wire.tool_choice.type], name=wire.tool_choice.name)  # type: ignore[arg-type]
    return ChatRequest(
        model=wire.model,
        messages=tuple(messages),
        max_tokens=wire.max_tokens,
        temperature=wire.temperature,
        top_p=wire.top_p,
        stop=tuple(wire.stop_sequences or ()),
        tools=tuple(Tool(t.name, t.description, t.input_schema or {}) for t in wire.tools or ()),
        tool_choice=choice,
        stream=wire.stream,
    )


# ---------------------------------------------------------------------------- rendering

_STOP: dict[FinishReason, str] = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "content_filter": "refusal",
    "error": "end_turn",
}


def message_id(request_id: str) -> str:
    return f"msg_{request_id.replace('-', '')[:24] or secrets.token_hex(12)}"


def _arguments(text: str) -> Any:
    try:
        return msgspec.json.decode(text or "{}")
    except msgspec.DecodeError:
        return {"_raw": text}  # a model's malformed JSON still reaches the caller


def render_message(response: ChatResponse, *, response_id: str, model: str, usage: Usage) -> bytes:
    content: list[dict[str, Any]] = []
    if response.text:
        content.append({"type": "text", "text": response.text})
    for call in response.tool_calls:
        content.append(
            {
                "type": "tool_use",
                "id": call.id,
                "name": call.name,
                "input": _arguments(call.arguments),
            }
        )
    return _encoder.encode(
        {
            "id": response_id,
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": _STOP[response.finish_reason],
            "stop_sequence": None,
            "usage": {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens},
        }
    )


def _event(name: str, payload: dict[str, Any]) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + _encoder.encode(payload) + b"\n\n"


class EventRenderer:
    """Canonical events → the full Anthropic SSE sequence, one content block at a time."""

    def __init__(self, *, response_id: str, model: str, input_tokens: int) -> None:
        self._id = response_id
        self._model = model
        self._input_tokens = input_tokens
        self._index = -1
        self._open: Literal["text", "tool"] | None = None
        self._tool_index: int | None = None
        self._stop = "end_turn"
        self._text_frame: tuple[int, bytes, bytes] | None = None  # block index, around the text

    def start(self) -> bytes:
        message: dict[str, Any] = {
            "id": self._id,
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": self._input_tokens, "output_tokens": 1},
        }
        return _event("message_start", {"type": "message_start", "message": message}) + _event(
            "ping", {"type": "ping"}
        )

    def _close_block(self) -> bytes:
        if self._open is None:
            return b""
        self._open = None
        return _event("content_block_stop", {"type": "content_block_stop", "index": self._index})

    def _open_block(self, kind: Literal["text", "tool"], block: dict[str, Any]) -> bytes:
        out = self._close_block()
        self._index += 1
        self._open = kind
        return out + _event(
            "content_block_start",
            {"type": "content_block_start", "index": self._index, "content_block": block},
        )

    def event(self, event: StreamEvent) -> bytes:
        if isinstance(event, TextDelta):
            out = (
                b""
                if self._open == "text"
                else self._open_block("text", {"type": "text", "text": ""})
            )
            # Text deltas are most of a stream: their frame is encoded once per block.
            if self._text_frame is None or self._text_frame[0] != self._index:
                prefix = _event(
                    "content_block_delta",
                    {
                        "type": "content_block_delta",
                        "index": self._index,
                        "delta": {"type": "text_delta", "text": ""},
                    },
                )
                cut = prefix.rindex(b'""')  # the empty text, then `}}\n\n`
                self._text_frame = (self._index, prefix[:cut], prefix[cut + 2 :])
            _, before, after = self._text_frame
            return out + before + _encoder.encode(event.text) + after
        if isinstance(event, ToolCallDelta):
            out = b""
            if self._open != "tool" or event.index != self._tool_index:
                self._tool_index = event.index
                block = {
                    "type": "tool_use",
                    "id": event.id or f"toolu_{event.index}",
                    "name": event.name or "",
                    "input": {},
                }
                out = self._open_block("tool", block)
            if event.arguments:
                delta = {"type": "input_json_delta", "partial_json": event.arguments}
                out += _event(
                    "content_block_delta",
                    {"type": "content_block_delta", "index": self._index, "delta": delta},
                )
            return out
        if isinstance(event, Finish):
            self._stop = _STOP[event.reason]
        return b""

    def end(self, usage: Usage) -> bytes:
        delta = {"stop_reason": self._stop, "stop_sequence": None}
        return (
            self._close_block()
            + _event(
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": delta,
                    "usage": {
                        "input_tokens": usage.input_tokens,
                        "output_tokens": usage.output_tokens,
                    },
                },
            )
            + _event("message_stop", {"type": "message_stop"})
        )

    def error(self, error_type: str, message: str) -> bytes:
        return self._close_block() + _event(
            "error", {"type": "error", "error": {"type": error_type, "message": message}}
        )


#: HTTP status → Anthropic error type.
ERROR_TYPES: dict[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "overloaded_error",
    504: "api_error",
    529: "overloaded_error",
}


def error_type_for(status: int) -> str:
    return ERROR_TYPES.get(status, "invalid_request_error" if status < 500 else "api_error")


def error_body(status: int, message: str) -> bytes:
    return _encoder.encode(
        {"type": "error", "error": {"type": error_type_for(status), "message": message}}
    )
