"""Anthropic's native Messages API as an upstream: canonical requests out, canonical events back.

Anthropic differs from OpenAI in ways the mapping must absorb: the system prompt is a top-level
field, `max_tokens` is required, tool results are blocks inside a user turn, and user and
assistant turns must alternate. Its stream is a sequence of typed events ending in
`message_stop`; a stream that ends without it was cut short.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import msgspec

from ..config.schema import Deployment
from ..errors import (
    InvalidRequest,
    UnsupportedParameter,
    UpstreamProtocolError,
    UpstreamUnavailable,
)
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    Finish,
    FinishReason,
    ImagePart,
    Message,
    Part,
    StreamEvent,
    TextDelta,
    ToolCall,
    ToolCallDelta,
    ToolChoice,
    Usage,
    UsageReport,
)
from .base import Capabilities, Declared, ProviderDefaults, flattened
from .http import UpstreamClient

API_VERSION = "2023-06-01"
#: Anthropic refuses a request without `max_tokens`; callers of OpenAI's API often omit it.
DEFAULT_MAX_TOKENS = 4096

_encoder = msgspec.json.Encoder()

# ---------------------------------------------------------------------------- canonical → wire


def _image(part: ImagePart) -> dict[str, Any]:
    if part.url is not None:
        return {"type": "image", "source": {"type": "url", "url": part.url}}
    if part.data is None or part.media_type is None:
        raise InvalidRequest("an inline image needs both data and media_type", param="messages")
    source = {"type": "base64", "media_type": part.media_type, "data": part.data}
    return {"type": "image", "source": source}


def _parts(parts: tuple[Part, ...]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for part in parts:
        if isinstance(part, ImagePart):
            blocks.append(_image(part))
        elif part.text:  # Anthropic rejects empty text blocks
            blocks.append({"type": "text", "text": part.text})
    return blocks


def _tool_use(call: ToolCall) -> dict[str, Any]:
    try:
        arguments = msgspec.json.decode(call.arguments or "{}")
    except msgspec.DecodeError:
        arguments = None
    if not isinstance(arguments, dict):
        raise InvalidRequest(
            f"arguments of tool call {call.id!r} must be a JSON object", param="messages"
        )
    return {"type": "tool_use", "id": call.id, "name": call.name, "input": arguments}


def _tool_result(message: Message) -> dict[str, Any]:
    if message.tool_call_id is None:
        raise InvalidRequest("a tool message needs the id of the call it answers", param="messages")
    content: str | list[dict[str, Any]] = message.text()
    if any(isinstance(p, ImagePart) for p in message.content):
        content = _parts(message.content)
    block: dict[str, Any] = {
        "type": "tool_result",
        "tool_use_id": message.tool_call_id,
        "content": content,
    }
    if message.is_error:
        block["is_error"] = True
    return block


def _turns(messages: tuple[Message, ...]) -> list[dict[str, Any]]:
    """Non-system messages as strictly alternating user/assistant turns."""
    turns: list[dict[str, Any]] = []
    for message in messages:
        if message.role == "system":
            continue
        if message.role == "tool":
            blocks = [_tool_result(message)]
        else:
            blocks = _parts(message.content) + [_tool_use(c) for c in message.tool_calls]
        if not blocks:
            continue
        role = "assistant" if message.role == "assistant" else "user"
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})
    for turn in turns:
        # Anthropic wants a user turn's tool results before its other content (stable sort).
        turn["content"].sort(key=lambda block: block["type"] != "tool_result")
    return turns


def _tool_choice(choice: ToolChoice) -> dict[str, Any]:
    if choice.mode == "tool":
        return {"type": "tool", "name": choice.name}
    return {"type": "any" if choice.mode == "required" else choice.mode}


def messages_body(request: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
    """The JSON body of `POST /v1/messages` for a canonical request."""
    body: dict[str, Any] = {
        "model": model,
        "max_tokens": DEFAULT_MAX_TOKENS if request.max_tokens is None else request.max_tokens,
        "messages": _turns(request.messages),
    }
    system = request.system_text()
    if system:
        body["system"] = system
    if request.temperature is not None:
        body["temperature"] = request.temperature
    if request.top_p is not None:
        body["top_p"] = request.top_p
    if request.stop:
        body["stop_sequences"] = list(request.stop)
    if request.tools:
        body["tools"] = [
            {
                "name": t.name,
                "description": t.description or "",
                # Anthropic requires an object schema even for tools without arguments.
                "input_schema": t.parameters or {"type": "object", "properties": {}},
            }
            for t in request.tools
        ]
    if request.tool_choice is not None:
        body["tool_choice"] = _tool_choice(request.tool_choice)
    if stream:
        body["stream"] = True
    return body


# ---------------------------------------------------------------------------- wire → canonical


class _Usage(msgspec.Struct):
    input_tokens: int | None = None
    output_tokens: int | None = None
    cache_creation_input_tokens: int | None = None
    cache_read_input_tokens: int | None = None

    def input_total(self) -> int | None:
        # Cached prompt tokens are counted apart from `input_tokens`; the prompt is all three.
        if self.input_tokens is None:
            return None
        return (
            self.input_tokens
            + (self.cache_creation_input_tokens or 0)
            + (self.cache_read_input_tokens or 0)
        )


class _Block(msgspec.Struct):
    type: str
    text: str = ""
    id: str = ""
    name: str = ""
    #: Kept as raw JSON so a non-streaming tool call's arguments are exactly what was sent.
    input: msgspec.Raw = msgspec.Raw(b"{}")


class _Answer(msgspec.Struct):
    content: list[_Block]
    stop_reason: str | None = None
    usage: _Usage | None = None


class _Delta(msgspec.Struct):
    type: str | None = None
    text: str = ""
    partial_json: str = ""
    stop_reason: str | None = None


class _StartedMessage(msgspec.Struct):
    usage: _Usage | None = None


class _ErrorDetail(msgspec.Struct):
    type: str = "api_error"
    message: str = ""


class _Event(msgspec.Struct):
    """Any stream event; one flat struct so unknown event types decode and are skipped."""

    type: str
    index: int = 0
    message: _StartedMessage | None = None
    content_block: _Block | None = None
    delta: _Delta | None = None
    usage: _Usage | None = None
    error: _ErrorDetail | None = None


_answer_decoder = msgspec.json.Decoder(_Answer)
_event_decoder = msgspec.json.Decoder(_Event)

_FINISH: dict[str, FinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}


def finish_reason(stop_reason: str | None) -> FinishReason:
    return _FINISH.get(stop_reason or "end_turn", "stop")


def decode_answer(data: bytes) -> ChatResponse:
    answer = _answer_decoder.decode(data)
    text = "".join(b.text for b in answer.content if b.type == "text")
    calls = tuple(
        ToolCall(b.id, b.name, bytes(b.input).decode())
        for b in answer.content
        if b.type == "tool_use"
    )
    usage = None
    if answer.usage is not None:
        usage = Usage(answer.usage.input_total() or 0, answer.usage.output_tokens or 0)
    return ChatResponse(
        text=text, tool_calls=calls, finish_reason=finish_reason(answer.stop_reason), usage=usage
    )


class _StreamState:
    """Folds Anthropic's events into canonical ones; finish and usage wait for `message_stop`."""

    def __init__(self, provider: str) -> None:
        self.provider = provider
        self.tool_index: dict[int, int] = {}  # content block index → order among tool calls
        self.input_tokens = 0
        self.output_tokens = 0
        self.stop_reason: str | None = None
        self.stopped = False

    def feed(self, event: _Event, raw: str) -> list[StreamEvent]:
        if event.type == "content_block_start" and event.content_block is not None:
            block = event.content_block
            if block.type == "tool_use":
                index = self.tool_index.setdefault(event.index, len(self.tool_index))
                return [ToolCallDelta(index=index, id=block.id, name=block.name)]
            if block.type == "text" and block.text:
                return [TextDelta(block.text)]
        elif event.type == "content_block_delta" and event.delta is not None:
            delta = event.delta
            if delta.type == "text_delta" and delta.text:
                return [TextDelta(delta.text)]
            if delta.type == "input_json_delta" and delta.partial_json:
                tool = self.tool_index.get(event.index)
                if tool is None:
                    raise UpstreamProtocolError(
                        f"{self.provider} sent tool input for a block that is not a tool call",
                        provider=self.provider,
                        body=raw,
                    )
                return [ToolCallDelta(index=tool, arguments=delta.partial_json)]
        elif event.type == "message_start" and event.message is not None:
            self._count(event.message.usage)
        elif event.type == "message_delta":
            if event.delta is not None and event.delta.stop_reason is not None:
                self.stop_reason = event.delta.stop_reason
            self._count(event.usage)
        elif event.type == "message_stop":
            self.stopped = True
            usage = Usage(self.input_tokens, self.output_tokens)
            return [UsageReport(usage), Finish(finish_reason(self.stop_reason))]
        elif event.type == "error":
            detail = event.error or _ErrorDetail()
            message = f"{self.provider} failed mid-stream ({detail.type}): {detail.message}"
            if detail.type == "overloaded_error":
                raise UpstreamUnavailable(
                    message, provider=self.provider, upstream_status=529, body=raw
                )
            raise UpstreamProtocolError(message, provider=self.provider, body=raw)
        # ping, content_block_stop and event types added after this was written carry nothing.
        return []

    def _count(self, usage: _Usage | None) -> None:
        if usage is None:
            return
        input_total = usage.input_total()
        if input_total is not None:
            self.input_tokens = input_total
        if usage.output_tokens is not None:
            self.output_tokens = usage.output_tokens  # cumulative, so the last one wins


# ---------------------------------------------------------------------------- the provider


class AnthropicProvider(Declared):
    capabilities = Capabilities(
        chat=True, embeddings=False, tools=True, images=True, openai_extras=False
    )
    defaults = ProviderDefaults(base_url="https://api.anthropic.com")

    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        self.name = deployment.name
        self._deployment = deployment
        self._client = client
        self._url = f"{deployment.url}/v1/messages"
        self._headers = {**deployment.headers, "anthropic-version": API_VERSION}
        if deployment.api_key is not None:
            self._headers["x-api-key"] = deployment.api_key.get_secret_value()

    def _body(self, request: ChatRequest, *, stream: bool) -> bytes:
        if request.openai_extras:
            # Dropping them silently would change the answer the caller asked for.
            names = sorted(request.openai_extras)
            raise UnsupportedParameter(
                f"deployment {self.name} (Anthropic) does not accept OpenAI-only parameters: "
                + ", ".join(names),
                param=names[0],
            )
        return _encoder.encode(messages_body(request, self._deployment.model, stream=stream))

    async def chat(self, request: ChatRequest) -> ChatResponse:
        body = self._body(request, stream=False)
        async with self._client.post(
            self._url,
            provider=self.name,
            body=body,
            headers=self._headers,
            timeouts=self._deployment.timeouts,
        ) as response:
            return decode_answer(await response.read())

    def chat_stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        return flattened(self.chat_stream_batches(request))

    async def chat_stream_batches(
        self, request: ChatRequest
    ) -> AsyncGenerator[list[StreamEvent], None]:
        """The answer's events, one list per network read (see `base.stream_batches`)."""
        body = self._body(request, stream=True)
        async with self._client.post(
            self._url,
            provider=self.name,
            body=body,
            headers=self._headers,
            timeouts=self._deployment.timeouts,
        ) as response:
            state = _StreamState(self.name)
            async for batch in response.event_batches(
                lambda event: state.feed(_event_decoder.decode(event.data), event.data),
                lambda: state.stopped,
            ):
                yield batch
            if not state.stopped:
                raise UpstreamProtocolError(
                    f"{self.name} ended the stream before message_stop", provider=self.name
                )

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        raise UnsupportedParameter(
            f"deployment {self.name} does not serve embeddings", param="model"
        )
