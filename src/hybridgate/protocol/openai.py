"""OpenAI Chat Completions and Embeddings wire format, both directions.

Callers' requests are parsed into canonical form here; the OpenAI-compatible provider uses the
same structs to speak to upstreams, so the mapping exists once. Structs hold only the fields
the gateway reads; other request fields travel in `ChatRequest.openai_extras`.
"""

from __future__ import annotations

import base64
import time
from typing import Any, Literal

import msgspec

from ..errors import InvalidRequest, UnsupportedParameter
from .canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    Finish,
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
from .token_ids import token_arrays

# ---------------------------------------------------------------------------- wire structs


class ImageURL(msgspec.Struct):
    url: str


class ContentPart(msgspec.Struct):
    type: str
    text: str | None = None
    image_url: ImageURL | None = None


class FunctionCall(msgspec.Struct):
    name: str
    arguments: str = ""


class WireToolCall(msgspec.Struct):
    id: str
    function: FunctionCall
    type: str = "function"


class WireMessage(msgspec.Struct):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None
    tool_calls: list[WireToolCall] | None = None
    tool_call_id: str | None = None
    name: str | None = None


class FunctionDef(msgspec.Struct):
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None


class WireTool(msgspec.Struct):
    function: FunctionDef
    type: str = "function"


class NamedFunction(msgspec.Struct):
    name: str


class NamedToolChoice(msgspec.Struct):
    function: NamedFunction
    type: str = "function"


class StreamOptions(msgspec.Struct):
    include_usage: bool = False


class WireChatRequest(msgspec.Struct):
    model: str
    messages: list[WireMessage]
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: str | list[str] | None = None
    tools: list[WireTool] | None = None
    tool_choice: Literal["auto", "none", "required"] | NamedToolChoice | None = None
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int | None = None


_READ_FIELDS = frozenset(WireChatRequest.__struct_fields__)
#: OpenAI request fields the gateway does not read but an OpenAI-compatible upstream may honour:
#: forwarded as sent. Any other unknown top-level field is dropped (never forwarded unless a
#: deployment names it in `forward_fields`), and scanned by the privacy guard either way.
FORWARDED_FIELDS = frozenset(
    {
        "frequency_penalty",
        "presence_penalty",
        "logit_bias",
        "logprobs",
        "top_logprobs",
        "seed",
        "response_format",
        "metadata",
        "store",
        "service_tier",
        "reasoning_effort",
        "parallel_tool_calls",
        "prompt_cache_key",
        "safety_identifier",
        "verbosity",
        "web_search_options",
    }
)
#: Fields the gateway cannot honour for any backend: it answers with one choice, in text.
_REFUSED: dict[str, str] = {
    "audio": "audio output is not supported",
    "modalities": "only text output is supported",
    "prediction": "predicted outputs are not supported",
}


class WireEmbeddingsRequest(msgspec.Struct):
    model: str
    input: str | list[Any]
    encoding_format: Literal["float", "base64"] = "float"
    dimensions: int | None = None
    user: str | None = None


# ---------------------------------------------------------------------------- parsing


def _param_of(error: msgspec.ValidationError) -> str | None:
    message = str(error)
    if " - at `$." in message:
        return message.rsplit(" - at `$.", 1)[1].rstrip("`")
    return None


#: No model serves this many output tokens; a bigger number is a mistake or an attack.
MAX_TOKENS_LIMIT = 1_000_000
#: Real requests nest a handful of levels (tool schemas the most); the bound keeps every later
#: recursive step (conversion, privacy scan, re-encoding upstream) far from the recursion limit.
MAX_JSON_DEPTH = 64
_TOO_DEEP = object()


def _too_deep(data: Any, limit: int) -> bool:
    # Iterative, containers only: hostile depth must not recurse here either.
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, dict | list) else []
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def decode_json_object(body: bytes) -> dict[str, Any]:
    try:
        data = msgspec.json.decode(body)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        # Our own words for what the caller got wrong; the decoder's detail (its wording
        # changes between releases) only follows them.
        try:
            body.decode()
        except UnicodeDecodeError as bad:
            raise InvalidRequest(
                f"request body is not valid UTF-8 (byte {bad.start})", param=None
            ) from None
        raise InvalidRequest(f"request body is not valid JSON ({exc})") from None
    except RecursionError:  # deeper than msgspec goes: the same answer as the bound below
        data = _TOO_DEEP
    # Depth needs as many brackets in the text: most bodies are cleared without a walk.
    brackets = body.count(b"[") + body.count(b"{")
    if data is _TOO_DEEP or (brackets > MAX_JSON_DEPTH and _too_deep(data, MAX_JSON_DEPTH)):
        raise InvalidRequest(f"request body nests JSON deeper than {MAX_JSON_DEPTH} levels")
    if not isinstance(data, dict):
        raise InvalidRequest("request body must be a JSON object")
    return data


def check_max_tokens(value: int | None, param: str) -> None:
    if value is not None and not 1 <= value <= MAX_TOKENS_LIMIT:
        raise InvalidRequest(
            f"'{param}' must be between 1 and {MAX_TOKENS_LIMIT:,}; got {value}", param=param
        )


def _convert(data: dict[str, Any], kind: type[Any]) -> Any:
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        param = _param_of(exc)
        raise InvalidRequest(f"invalid request: {exc}", param=param) from None


def _parts(content: str | list[ContentPart] | None, where: str) -> tuple[Part, ...]:
    if content is None:
        return ()
    if isinstance(content, str):
        return (TextPart(content),)
    parts: list[Part] = []
    for j, part in enumerate(content):
        if part.type == "text" and part.text is not None:
            parts.append(TextPart(part.text))
        elif part.type == "image_url" and part.image_url is not None:
            parts.append(_image(part.image_url.url))
        else:
            raise UnsupportedParameter(
                f"content part type {part.type!r} is not supported", param=f"{where}.content[{j}]"
            )
    return tuple(parts)


def _image(url: str) -> ImagePart:
    if url.startswith("data:") and ";base64," in url:
        head, data = url[5:].split(";base64,", 1)
        return ImagePart(data=data, media_type=head)
    return ImagePart(url=url)


def _message(m: WireMessage, i: int) -> Message:
    where = f"messages[{i}]"
    role = "system" if m.role == "developer" else m.role
    calls = (
        tuple(
            ToolCall(id=c.id, name=c.function.name, arguments=c.function.arguments)
            for c in m.tool_calls
        )
        if m.tool_calls
        else ()
    )
    if role == "tool" and not m.tool_call_id:
        raise InvalidRequest("a tool message needs tool_call_id", param=f"{where}.tool_call_id")
    return Message(
        role=role,
        content=_parts(m.content, where),
        tool_calls=calls,
        tool_call_id=m.tool_call_id,
        name=m.name,
    )


def parse_chat_request(body: bytes) -> tuple[ChatRequest, bool]:
    """(canonical request, whether the caller asked for a usage chunk when streaming)."""
    data = decode_json_object(body)
    if "messages" not in data:
        raise InvalidRequest("missing required field 'messages'", param="messages")
    if "model" not in data:
        raise InvalidRequest("missing required field 'model'", param="model")
    for field, why in _REFUSED.items():
        if data.get(field):
            raise UnsupportedParameter(f"parameter '{field}': {why}", param=field)
    wire: WireChatRequest = _convert(data, WireChatRequest)
    if wire.n not in (None, 1):
        raise UnsupportedParameter("parameter 'n': only n=1 is supported", param="n")
    if not wire.messages:
        raise InvalidRequest("'messages' must contain at least one message", param="messages")
    check_max_tokens(wire.max_tokens, "max_tokens")
    check_max_tokens(wire.max_completion_tokens, "max_completion_tokens")
    max_tokens = (
        wire.max_completion_tokens if wire.max_completion_tokens is not None else wire.max_tokens
    )
    choice: ToolChoice | None = None
    if isinstance(wire.tool_choice, str):
        choice = ToolChoice(mode=wire.tool_choice)
    elif wire.tool_choice is not None:
        choice = ToolChoice(mode="tool", name=wire.tool_choice.function.name)
    stop = (wire.stop,) if isinstance(wire.stop, str) else tuple(wire.stop or ())
    extras = {k: v for k, v in data.items() if k not in _READ_FIELDS and v is not None}
    extras.pop("user", None)
    request = ChatRequest(
        model=wire.model,
        messages=tuple([_message(m, i) for i, m in enumerate(wire.messages)]),
        max_tokens=max_tokens,
        temperature=wire.temperature,
        top_p=wire.top_p,
        stop=stop,
        tools=tuple(
            [
                Tool(t.function.name, t.function.description, t.function.parameters or {})
                for t in wire.tools
            ]
        )
        if wire.tools
        else (),
        tool_choice=choice,
        stream=wire.stream,
        openai_extras=extras,
    )
    include_usage = bool(wire.stream_options and wire.stream_options.include_usage)
    return request, include_usage


def parse_embeddings_request(
    body: bytes,
) -> tuple[EmbedRequest, Literal["float", "base64"], list[list[int]] | None]:
    """(request, encoding, token arrays): input sent as token ids comes back as arrays, for
    the caller to decode (token_ids.py) into the request's `inputs`."""
    wire: WireEmbeddingsRequest = _convert(decode_json_object(body), WireEmbeddingsRequest)
    arrays: list[list[int]] | None = None
    if isinstance(wire.input, str):
        inputs: tuple[str, ...] = (wire.input,)
    elif all(isinstance(x, str) for x in wire.input):
        inputs = tuple(str(x) for x in wire.input)
    else:
        arrays = token_arrays(wire.input)
        if arrays is None:
            raise InvalidRequest(
                "'input' must be text, a list of texts, or token ids", param="input"
            )
        inputs = ()
    if arrays is None and (not inputs or any(not text for text in inputs)):
        raise InvalidRequest("'input' must be non-empty text", param="input")
    return (
        EmbedRequest(model=wire.model, inputs=inputs, dimensions=wire.dimensions),
        wire.encoding_format,
        arrays,
    )


# ---------------------------------------------------------------------------- rendering to callers

_encoder = msgspec.json.Encoder()


def _usage(usage: Usage) -> dict[str, int]:
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.input_tokens + usage.output_tokens,
    }


#: The usual answer (text, no tool calls) spliced around its strings, each encoded by msgspec:
#: the same bytes as encoding the whole object, without walking its 5 dicts and 19 keys.
_TEXT_ANSWER = (
    b'{"id":%b,"object":"chat.completion","created":%d,"model":%b,"choices":[{"index":0,'
    b'"message":{"role":"assistant","content":%b,"refusal":null},"finish_reason":%b,'
    b'"logprobs":null}],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}'
)


def render_response(response: ChatResponse, *, response_id: str, model: str, usage: Usage) -> bytes:
    if not response.tool_calls:
        encode = _encoder.encode
        return _TEXT_ANSWER % (
            encode(response_id),
            int(time.time()),
            encode(model),
            encode(response.text or None),
            encode(response.finish_reason),
            usage.input_tokens,
            usage.output_tokens,
            usage.input_tokens + usage.output_tokens,
        )
    message: dict[str, Any] = {
        "role": "assistant",
        "content": response.text or None,
        "refusal": None,
    }
    if response.tool_calls:
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in response.tool_calls
        ]
    return _encoder.encode(
        {
            "id": response_id,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": response.finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": _usage(usage),
        }
    )


class ChunkRenderer:
    """Canonical stream events → `chat.completion.chunk` SSE frames."""

    def __init__(self, *, response_id: str, model: str, include_usage: bool) -> None:
        head = {
            "id": response_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
        }
        self._include_usage = include_usage
        # Every chunk is this head and its own `choices` (or `usage`): the head is encoded
        # once and each frame spliced around it, the JSON that encoding the whole would give.
        self._head = b"data: " + _encoder.encode(head)[:-1]
        # Text deltas are most of a stream: their frame around the text is fixed.
        self._text_prefix = self._head + b',"choices":[{"index":0,"delta":{"content":'
        self._text_suffix = b'},"finish_reason":null,"logprobs":null}]}\n\n'

    def _chunk(self, delta: dict[str, Any], finish: str | None = None) -> bytes:
        choices = [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]
        return self._head + b',"choices":' + _encoder.encode(choices) + b"}\n\n"

    def start(self) -> bytes:
        return self._head + (
            b',"choices":[{"index":0,"delta":{"role":"assistant","content":""},'
            b'"finish_reason":null,"logprobs":null}]}\n\n'
        )

    def event(self, event: StreamEvent) -> bytes:
        if isinstance(event, TextDelta):
            return self._text_prefix + _encoder.encode(event.text) + self._text_suffix
        if isinstance(event, ToolCallDelta):
            call: dict[str, Any] = {
                "index": event.index,
                "function": {"arguments": event.arguments},
            }
            if event.id is not None:
                call["id"] = event.id
                call["type"] = "function"
            if event.name is not None:
                call["function"]["name"] = event.name
            return self._chunk({"tool_calls": [call]})
        if isinstance(event, Finish):
            return (
                self._head
                + b',"choices":[{"index":0,"delta":{},"finish_reason":'
                + _encoder.encode(event.reason)
                + b',"logprobs":null}]}\n\n'
            )
        return b""  # usage is sent once, at the end

    def end(self, usage: Usage) -> bytes:
        tail = b""
        if self._include_usage:
            tail = (
                self._head + b',"choices":[],"usage":' + _encoder.encode(_usage(usage)) + b"}\n\n"
            )
        return tail + b"data: [DONE]\n\n"

    def error(self, body: bytes) -> bytes:
        return b"data: " + body + b"\n\n"


def error_body(message: str, *, error_type: str, param: str | None, code: str | None) -> bytes:
    return _encoder.encode(
        {"error": {"message": message, "type": error_type, "param": param, "code": code}}
    )


def render_embeddings(
    vectors: list[list[float]] | Any,
    *,
    model: str,
    usage: Usage,
    encoding: Literal["float", "base64"],
) -> bytes:
    import numpy as np

    data = []
    for i, vector in enumerate(vectors):
        if encoding == "base64":
            value: Any = base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode()
        else:
            value = [float(x) for x in vector]
        data.append({"object": "embedding", "index": i, "embedding": value})
    return _encoder.encode(
        {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": usage.input_tokens, "total_tokens": usage.input_tokens},
        }
    )
