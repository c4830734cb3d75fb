"""Google's native Gemini API (`generateContent`, `streamGenerateContent?alt=sse`,
`batchEmbedContents`), translated to and from the canonical types.

Gemini differs from OpenAI in ways that matter here: the system prompt travels apart
(`systemInstruction`), the assistant is role `model`, tool results are `functionResponse` parts
of a `user` turn keyed by function *name*, and function calls carry no ids, so ids are made up
(`call_<n>`) and resolved back to names from the conversation on the next turn.
"""

from __future__ import annotations

import math
import secrets
from collections import OrderedDict
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import msgspec

from ..config.schema import Deployment
from ..errors import (
    InvalidRequest,
    UnsupportedParameter,
    UpstreamAuthFailed,
    UpstreamProtocolError,
    UpstreamRateLimited,
    UpstreamRejected,
)
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    Finish,
    FinishReason,
    Message,
    Part,
    StreamEvent,
    TextDelta,
    TextPart,
    ToolCallDelta,
    Usage,
    UsageReport,
    collect,
)
from .base import Capabilities, Declared, ProviderDefaults, flattened
from .http import UpstreamAnswer, UpstreamClient

_encoder = msgspec.json.Encoder()

# ------------------------------------------------------------------ wire types (only fields read)


class _FunctionCall(msgspec.Struct):
    name: str
    args: dict[str, Any] = msgspec.field(default_factory=dict)
    #: Set by some Gemini surfaces; usually absent on the Gemini API.
    id: str | None = None


class _Part(msgspec.Struct, rename="camel"):
    text: str | None = None
    #: Thought summaries (when `includeThoughts` is on) are not part of the answer.
    thought: bool = False
    function_call: _FunctionCall | None = None
    thought_signature: str | None = None


class _Content(msgspec.Struct):
    parts: list[_Part] = msgspec.field(default_factory=list)


class _Candidate(msgspec.Struct, rename="camel"):
    content: _Content | None = None
    finish_reason: str | None = None


class _UsageMetadata(msgspec.Struct, rename="camel"):
    prompt_token_count: int = 0
    candidates_token_count: int = 0
    thoughts_token_count: int = 0


class _PromptFeedback(msgspec.Struct, rename="camel"):
    block_reason: str | None = None


class _ErrorDetail(msgspec.Struct, rename="camel"):
    reason: str | None = None  # ErrorInfo
    retry_delay: str | None = None  # RetryInfo


class _Status(msgspec.Struct):
    message: str = ""
    status: str = ""
    details: list[_ErrorDetail] = msgspec.field(default_factory=list)


class _ErrorEnvelope(msgspec.Struct):
    error: _Status


class _Answer(msgspec.Struct, rename="camel"):
    """A GenerateContentResponse: the whole answer, or one SSE chunk of it."""

    candidates: list[_Candidate] = msgspec.field(default_factory=list)
    usage_metadata: _UsageMetadata | None = None
    prompt_feedback: _PromptFeedback | None = None
    #: Present only when the upstream fails after the stream has started.
    error: _Status | None = None


class _Embedding(msgspec.Struct):
    values: list[float]


class _EmbedAnswer(msgspec.Struct):
    embeddings: list[_Embedding]


_answer_decoder = msgspec.json.Decoder(_Answer)

_FINISH: dict[str, FinishReason] = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    "MALFORMED_FUNCTION_CALL": "error",
    "UNEXPECTED_TOOL_CALL": "error",
}
_FILTERED = frozenset(
    {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"}
)

# ------------------------------------------------------------------------ canonical → Gemini


def _parts(parts: tuple[Part, ...], where: str) -> list[dict[str, Any]]:
    wire: list[dict[str, Any]] = []
    for part in parts:
        if isinstance(part, TextPart):
            if part.text:
                wire.append({"text": part.text})
        elif part.data is not None and part.media_type is not None:
            wire.append({"inlineData": {"mimeType": part.media_type, "data": part.data}})
        else:
            # Gemini's fileData takes only Files API / Cloud Storage URIs, and a privacy
            # gateway must not fetch arbitrary URLs on the caller's behalf.
            raise UnsupportedParameter(
                "Gemini deployments take images inline (base64 data URL), not by URL",
                param=f"{where}.content",
            )
    return wire


def _arguments(text: str, where: str) -> dict[str, Any]:
    try:
        args = msgspec.json.decode(text or "{}")
    except msgspec.DecodeError:
        raise InvalidRequest("tool call arguments are not valid JSON", param=where) from None
    if not isinstance(args, dict):
        raise InvalidRequest("tool call arguments must be a JSON object", param=where)
    return args


def _tool_result(message: Message) -> dict[str, Any]:
    text = message.text()
    try:
        value: Any = msgspec.json.decode(text)
    except msgspec.DecodeError:
        value = text
    # Google's documented convention: "output" for a result, "error" for a failure.
    return {"error": value} if message.is_error else {"output": value}


class ThoughtSignatures:
    """Gemini 3 wants each function call's `thoughtSignature` back in the next turn (a 400
    without it). OpenAI and Anthropic clients have nowhere to keep it, so the provider keeps the
    signatures of the calls it handed out (the most recent, bounded) and puts them back. A call
    it never saw (another replica, a restart) gets Google's documented validator-skip value."""

    SKIP = "skip_thought_signature_validator"

    def __init__(self, *, required: bool, capacity: int = 10_000) -> None:
        self._required = required
        self._capacity = capacity
        self._by_call: OrderedDict[str, str] = OrderedDict()

    def remember(self, call_id: str, signature: str) -> None:
        self._by_call[call_id] = signature
        if len(self._by_call) > self._capacity:
            self._by_call.popitem(last=False)

    def for_call(self, call_id: str) -> str | None:
        return self._by_call.get(call_id) or (self.SKIP if self._required else None)


def _no_signature(call_id: str) -> str | None:
    return None


def _contents(
    messages: tuple[Message, ...], signature_for: Callable[[str], str | None] = _no_signature
) -> list[dict[str, Any]]:
    contents: list[dict[str, Any]] = []
    #: call id → function name, from the most recent assistant turn that made the call.
    names: dict[str, str] = {}
    #: The parts of the user turn collecting the current run of tool results.
    results: list[dict[str, Any]] | None = None
    for i, m in enumerate(messages):
        where = f"messages[{i}]"
        if m.role == "system":
            continue  # carried by systemInstruction
        if m.role == "tool":
            name = names.get(m.tool_call_id or "") or m.name
            if name is None:
                raise InvalidRequest(
                    f"tool_call_id {m.tool_call_id!r} answers no earlier assistant tool call",
                    param=f"{where}.tool_call_id",
                )
            if results is None:  # all results of one model turn go back in one user turn
                results = []
                contents.append({"role": "user", "parts": results})
            results.append({"functionResponse": {"name": name, "response": _tool_result(m)}})
            continue
        results = None
        parts = _parts(m.content, where)
        for j, call in enumerate(m.tool_calls):
            names[call.id] = call.name
            args = _arguments(call.arguments, f"{where}.tool_calls[{j}].function.arguments")
            part: dict[str, Any] = {"functionCall": {"name": call.name, "args": args}}
            if m.role == "assistant" and (signature := signature_for(call.id)) is not None:
                part["thoughtSignature"] = signature
            parts.append(part)
        if parts:
            contents.append({"role": "model" if m.role == "assistant" else "user", "parts": parts})
    return contents


def _tool_config(request: ChatRequest) -> dict[str, Any] | None:
    choice = request.tool_choice
    if choice is None:
        return None
    mode = {"auto": "AUTO", "none": "NONE", "required": "ANY", "tool": "ANY"}[choice.mode]
    config: dict[str, Any] = {"mode": mode}
    if choice.mode == "tool" and choice.name:
        config["allowedFunctionNames"] = [choice.name]
    return {"functionCallingConfig": config}


def request_body(
    request: ChatRequest, signature_for: Callable[[str], str | None] = _no_signature
) -> dict[str, Any]:
    """The generateContent body for `request` (the same for the streaming endpoint)."""
    if request.openai_extras:
        field = next(iter(request.openai_extras))
        raise UnsupportedParameter(
            f"parameter '{field}' is not supported by Gemini deployments", param=field
        )
    body: dict[str, Any] = {"contents": _contents(request.messages, signature_for)}
    system = request.system_text()
    if system:
        body["systemInstruction"] = {"parts": [{"text": system}]}
    if request.tools:
        declarations: list[dict[str, Any]] = []
        for tool in request.tools:
            declaration: dict[str, Any] = {"name": tool.name}
            if tool.description:
                declaration["description"] = tool.description
            if tool.parameters:
                # Full JSON Schema: `parameters` takes only an OpenAPI subset and rejects
                # keywords callers' schemas routinely carry (additionalProperties, $defs, ...).
                declaration["parametersJsonSchema"] = tool.parameters
            declarations.append(declaration)
        body["tools"] = [{"functionDeclarations": declarations}]
        if (tool_config := _tool_config(request)) is not None:
            body["toolConfig"] = tool_config
    config: dict[str, Any] = {}
    if request.max_tokens is not None:
        config["maxOutputTokens"] = request.max_tokens
    if request.temperature is not None:
        config["temperature"] = request.temperature
    if request.top_p is not None:
        config["topP"] = request.top_p
    if request.stop:
        config["stopSequences"] = list(request.stop)
    if config:
        body["generationConfig"] = config
    return body


# ------------------------------------------------------------------------ Gemini → canonical


class _Translator:
    """Turns the GenerateContentResponses of one answer into canonical events."""

    def __init__(self, provider: str, signatures: ThoughtSignatures | None = None) -> None:
        self._provider = provider
        self._signatures = signatures
        self._calls = 0
        self._finish: FinishReason | None = None
        self._usage: Usage | None = None

    def feed(self, answer: _Answer) -> list[StreamEvent]:
        if answer.error is not None:
            raise UpstreamProtocolError(
                f"{self._provider} failed mid-stream: {answer.error.status} {answer.error.message}",
                provider=self._provider,
            )
        if answer.usage_metadata is not None:  # cumulative on every chunk: keep the last
            meta = answer.usage_metadata
            # Thinking tokens are billed as output but not counted in candidatesTokenCount.
            output = meta.candidates_token_count + meta.thoughts_token_count
            self._usage = Usage(meta.prompt_token_count, output)
        if not answer.candidates:
            if answer.prompt_feedback is not None and answer.prompt_feedback.block_reason:
                self._finish = "content_filter"  # the prompt itself was blocked
            return []
        candidate = answer.candidates[0]
        events: list[StreamEvent] = []
        for part in candidate.content.parts if candidate.content else ():
            if part.function_call is not None:
                call = part.function_call
                # Unique across turns: a thought signature is kept by call id.
                call_id = call.id or f"call_{secrets.token_hex(8)}"
                if part.thought_signature and self._signatures is not None:
                    self._signatures.remember(call_id, part.thought_signature)
                events.append(
                    ToolCallDelta(
                        index=self._calls,
                        id=call_id,
                        name=call.name,
                        arguments=_encoder.encode(call.args).decode(),
                    )
                )
                self._calls += 1
            elif part.text and not part.thought:
                events.append(TextDelta(part.text))
        if candidate.finish_reason:
            reason = candidate.finish_reason
            self._finish = "content_filter" if reason in _FILTERED else _FINISH.get(reason, "stop")
        return events

    def end(self) -> list[StreamEvent]:
        if self._finish is None:
            raise UpstreamProtocolError(
                f"{self._provider} ended the answer without a finishReason (truncated)",
                provider=self._provider,
            )
        # Gemini finishes a function-call answer with STOP; callers expect "tool_calls".
        finish = "tool_calls" if self._calls and self._finish == "stop" else self._finish
        events: list[StreamEvent] = [] if self._usage is None else [UsageReport(self._usage)]
        return [*events, Finish(finish)]


async def _stream_of(events: list[StreamEvent]) -> AsyncIterator[StreamEvent]:
    for event in events:
        yield event


def _seconds(duration: str | None) -> float | None:
    """A protobuf Duration in JSON ("22s", "1.5s") as seconds."""
    if duration is None or not duration.endswith("s"):
        return None
    try:
        return max(0.0, float(duration[:-1]))
    except ValueError:
        return None


@contextmanager
def _google_errors(provider: str) -> Iterator[None]:
    """Reads what Google puts in the error body rather than the status line.

    A wrong API key answers 400 INVALID_ARGUMENT (reason API_KEY_INVALID), which is the
    gateway's fault, not the caller's; and 429s carry their wait as RetryInfo.retryDelay,
    usually with no Retry-After header.
    """
    try:
        yield
    except UpstreamRateLimited as exc:
        if exc.retry_after is None:
            status = _error_status(exc.body)
            delays = [_seconds(d.retry_delay) for d in status.details] if status else []
            exc.retry_after = next((d for d in delays if d is not None), None)
        raise
    except UpstreamRejected as exc:
        status = _error_status(exc.body)
        if status is not None and any(d.reason == "API_KEY_INVALID" for d in status.details):
            raise UpstreamAuthFailed(
                f"{provider} refused the gateway's API key (API_KEY_INVALID)",
                provider=provider,
                upstream_status=exc.upstream_status,
                body=exc.body,
            ) from exc
        raise


def _error_status(body: str | None) -> _Status | None:
    try:
        return msgspec.json.decode(body or "", type=_ErrorEnvelope).error
    except msgspec.DecodeError:
        return None  # not Google's envelope (a proxy's page, a truncated body): keep the status


# ------------------------------------------------------------------------------- the provider


class GeminiProvider(Declared):
    capabilities = Capabilities(
        chat=True, embeddings=True, tools=True, images=True, openai_extras=False
    )
    defaults = ProviderDefaults(base_url="https://generativelanguage.googleapis.com")
    telemetry_system = "gcp.gemini"

    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        self.name = deployment.name
        self._deployment = deployment
        self._client = client
        base = deployment.url
        base = base if base.endswith(("/v1beta", "/v1")) else f"{base}/v1beta"
        self._model_url = f"{base}/models/{deployment.model.removeprefix('models/')}"
        self._headers = dict(deployment.headers)
        if deployment.api_key is not None:
            self._headers["x-goog-api-key"] = deployment.api_key.get_secret_value()
        model = deployment.model.removeprefix("models/")
        self._signatures = ThoughtSignatures(required=model.startswith("gemini-3"))

    @asynccontextmanager
    async def _post(self, method: str, body: dict[str, Any]) -> AsyncIterator[UpstreamAnswer]:
        with _google_errors(self.name):
            async with self._client.post(
                f"{self._model_url}:{method}",
                provider=self.name,
                body=_encoder.encode(body),
                headers=self._headers,
                timeouts=self._deployment.timeouts,
            ) as response:
                yield response

    async def chat(self, request: ChatRequest) -> ChatResponse:
        translator = _Translator(self.name, self._signatures)
        body = request_body(request, self._signatures.for_call)
        async with self._post("generateContent", body) as response:
            events = translator.feed(_answer_decoder.decode(await response.read()))
        return await collect(_stream_of([*events, *translator.end()]))

    def chat_stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        return flattened(self.chat_stream_batches(request))

    async def chat_stream_batches(
        self, request: ChatRequest
    ) -> AsyncGenerator[list[StreamEvent], None]:
        """The answer's events, one list per network read (see `base.stream_batches`)."""
        translator = _Translator(self.name, self._signatures)
        body = request_body(request, self._signatures.for_call)
        async with self._post("streamGenerateContent?alt=sse", body) as response:
            async for batch in response.event_batches(
                lambda event: translator.feed(_answer_decoder.decode(event.data))
            ):
                yield batch
        if tail := translator.end():
            yield tail

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        model = f"models/{self._deployment.model.removeprefix('models/')}"
        requests: list[dict[str, Any]] = []
        for text in request.inputs:
            item: dict[str, Any] = {"model": model, "content": {"parts": [{"text": text}]}}
            if request.dimensions is not None:
                item["outputDimensionality"] = request.dimensions
            requests.append(item)
        async with self._post("batchEmbedContents", {"requests": requests}) as response:
            answer = msgspec.json.decode(await response.read(), type=_EmbedAnswer)
        if len(answer.embeddings) != len(request.inputs):
            raise UpstreamProtocolError(
                f"{self.name} returned {len(answer.embeddings)} embeddings "
                f"for {len(request.inputs)} inputs",
                provider=self.name,
            )
        # batchEmbedContents reports no token counts; ~4 characters a token prices it roughly.
        tokens = sum(math.ceil(len(text) / 4) for text in request.inputs)
        return EmbedResponse(
            vectors=tuple(tuple(e.values) for e in answer.embeddings),
            usage=Usage(tokens, 0, estimated=True),
        )
