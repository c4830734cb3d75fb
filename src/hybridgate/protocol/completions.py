"""OpenAI's legacy Completions API (`/v1/completions`), served through chat.

The prompt becomes one user message, so every chat upstream can answer it and it passes the
same privacy guard, routing and accounting as chat. One text prompt a request (a list of one
string is accepted); `echo`, `suffix`, `logprobs` and `best_of` are refused by
name rather than ignored.
"""

from __future__ import annotations

import time
from typing import Any

import msgspec

from ..errors import InvalidRequest, UnsupportedParameter
from .canonical import (
    ChatRequest,
    ChatResponse,
    Finish,
    Message,
    StreamEvent,
    TextDelta,
    TextPart,
    Usage,
)
from .openai import check_max_tokens, decode_json_object

#: The Completions API's own default when a request sets no max_tokens.
DEFAULT_MAX_TOKENS = 16

_REFUSED = {
    "echo": "echoing the prompt is not supported",
    "suffix": "insertion (suffix) is not supported",
    "logprobs": "logprobs are not supported",
    "best_of": "best_of is not supported",
}


class StreamOptions(msgspec.Struct):
    include_usage: bool = False


class WireCompletionRequest(msgspec.Struct):
    model: str
    prompt: str | list[Any]
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: str | list[str] | None = None
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int | None = None
    seed: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None


def parse_request(body: bytes) -> tuple[ChatRequest, bool]:
    """(canonical request, whether the caller asked for a usage chunk when streaming)."""
    data = decode_json_object(body)
    for field in ("model", "prompt"):
        if field not in data:
            raise InvalidRequest(f"missing required field '{field}'", param=field)
    for field, why in _REFUSED.items():
        if data.get(field) not in (None, False, 0):
            raise UnsupportedParameter(f"parameter '{field}': {why}", param=field)
    try:
        wire = msgspec.convert(data, WireCompletionRequest)
    except msgspec.ValidationError as exc:
        raise InvalidRequest(f"invalid request: {exc}") from None
    if wire.n not in (None, 1):
        raise UnsupportedParameter("parameter 'n': only n=1 is supported", param="n")
    check_max_tokens(wire.max_tokens, "max_tokens")
    prompt = wire.prompt
    if isinstance(prompt, list):
        if len(prompt) != 1 or not isinstance(prompt[0], str):
            raise UnsupportedParameter(
                "'prompt' must be one string (token ids and several prompts a request are "
                "not supported)",
                param="prompt",
            )
        prompt = prompt[0]
    if not prompt:
        raise InvalidRequest("'prompt' must not be empty", param="prompt")
    extras = {
        k: v
        for k, v in (
            ("seed", wire.seed),
            ("presence_penalty", wire.presence_penalty),
            ("frequency_penalty", wire.frequency_penalty),
        )
        if v is not None
    }
    stop = (wire.stop,) if isinstance(wire.stop, str) else tuple(wire.stop or ())
    request = ChatRequest(
        model=wire.model,
        messages=(Message(role="user", content=(TextPart(prompt),)),),
        max_tokens=wire.max_tokens if wire.max_tokens is not None else DEFAULT_MAX_TOKENS,
        temperature=wire.temperature,
        top_p=wire.top_p,
        stop=stop,
        stream=wire.stream,
        openai_extras=extras,
    )
    include_usage = bool(wire.stream_options and wire.stream_options.include_usage)
    return request, include_usage


_encoder = msgspec.json.Encoder()


def _usage(usage: Usage) -> dict[str, int]:
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.input_tokens + usage.output_tokens,
    }


def _head(response_id: str, model: str) -> dict[str, Any]:
    return {
        "id": response_id,
        "object": "text_completion",
        "created": int(time.time()),
        "model": model,
    }


def render_response(response: ChatResponse, *, response_id: str, model: str, usage: Usage) -> bytes:
    choice = {
        "text": response.text,
        "index": 0,
        "logprobs": None,
        "finish_reason": response.finish_reason,
    }
    return _encoder.encode(
        {**_head(response_id, model), "choices": [choice], "usage": _usage(usage)}
    )


class ChunkRenderer:
    """Canonical stream events → `text_completion` SSE frames, ending in `data: [DONE]`."""

    def __init__(self, *, response_id: str, model: str, include_usage: bool) -> None:
        self._head = _head(response_id, model)
        self._include_usage = include_usage

    def _frame(self, text: str, finish: str | None) -> bytes:
        choice = {"text": text, "index": 0, "logprobs": None, "finish_reason": finish}
        return b"data: " + _encoder.encode({**self._head, "choices": [choice]}) + b"\n\n"

    def start(self) -> bytes:
        return b""

    def event(self, event: StreamEvent) -> bytes:
        if isinstance(event, TextDelta):
            return self._frame(event.text, None)
        if isinstance(event, Finish):
            return self._frame("", event.reason)
        return b""

    def end(self, usage: Usage) -> bytes:
        tail = b""
        if self._include_usage:
            body = {**self._head, "choices": [], "usage": _usage(usage)}
            tail = b"data: " + _encoder.encode(body) + b"\n\n"
        return tail + b"data: [DONE]\n\n"
