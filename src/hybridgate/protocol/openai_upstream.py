"""The OpenAI wire format towards upstreams: the request body the OpenAI-compatible provider
sends, and its answers (JSON or `chat.completion.chunk` SSE) read back as canonical events.

The caller-facing direction of the same format is `openai.py`; the structs both read are there.
"""

from __future__ import annotations

from typing import Any

import msgspec

from .canonical import (
    ChatRequest,
    ChatResponse,
    Finish,
    FinishReason,
    Part,
    StreamEvent,
    TextDelta,
    TextPart,
    Tool,
    ToolCall,
    ToolCallDelta,
    Usage,
    UsageReport,
)
from .openai import FORWARDED_FIELDS, WireToolCall

# ---------------------------------------------------------------------------- request rendering (to upstreams)


def _wire_content(parts: tuple[Part, ...]) -> str | list[dict[str, Any]] | None:
    if not parts:
        return None
    if len(parts) == 1 and type(parts[0]) is TextPart:  # the usual message, at once
        return parts[0].text
    if all(isinstance(p, TextPart) for p in parts):
        return "".join(p.text for p in parts if isinstance(p, TextPart))
    out: list[dict[str, Any]] = []
    for p in parts:
        if isinstance(p, TextPart):
            out.append({"type": "text", "text": p.text})
        else:
            url = p.url or f"data:{p.media_type};base64,{p.data}"
            out.append({"type": "image_url", "image_url": {"url": url}})
    return out


def wire_messages(request: ChatRequest) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in request.messages:
        # An assistant turn that only calls tools gets "": strict servers refuse null there,
        # and chat templates read message['content'] whether or not it is present.
        content = _wire_content(m.content)
        wire: dict[str, Any] = {"role": m.role, "content": "" if content is None else content}
        if m.role == "tool":
            wire["tool_call_id"] = m.tool_call_id
            wire["content"] = m.text()
        if m.tool_calls:
            wire["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
                for c in m.tool_calls
            ]
        if m.name:
            wire["name"] = m.name
        out.append(wire)
    return out


def _function(tool: Tool) -> dict[str, Any]:
    """Only what the caller gave: strict servers (vLLM, llama.cpp's) refuse `null` where a
    field may only be absent, and an empty schema where the caller sent none."""
    function: dict[str, Any] = {"name": tool.name}
    if tool.description is not None:
        function["description"] = tool.description
    if tool.parameters:
        function["parameters"] = tool.parameters
    return function


def upstream_chat_body(
    request: ChatRequest, model: str, *, stream: bool, forward: frozenset[str] = FORWARDED_FIELDS
) -> dict[str, Any]:
    """`forward`: the OpenAI-only fields this upstream is sent (others are dropped)."""
    body: dict[str, Any] = {
        **{k: v for k, v in request.openai_extras.items() if k in forward},
        "model": model,
        "messages": wire_messages(request),
    }
    if request.max_tokens is not None:
        body["max_tokens"] = request.max_tokens
    if request.temperature is not None:
        body["temperature"] = request.temperature
    if request.top_p is not None:
        body["top_p"] = request.top_p
    if request.stop:
        body["stop"] = list(request.stop)
    if request.tools:
        body["tools"] = [{"type": "function", "function": _function(t)} for t in request.tools]
    if request.tool_choice is not None:
        tc = request.tool_choice
        body["tool_choice"] = (
            {"type": "function", "function": {"name": tc.name}} if tc.mode == "tool" else tc.mode
        )
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


# ---------------------------------------------------------------------------- upstream answers
# A streamed answer's structs are decoded by the thousand and never form a cycle (decoded JSON,
# never changed): `gc=False` keeps them out of the collector's tracking, a cheaper allocation.


class WireUsage(msgspec.Struct, gc=False):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class DeltaFunction(msgspec.Struct, gc=False):
    name: str | None = None
    arguments: str | None = None


class DeltaToolCall(msgspec.Struct, gc=False):
    index: int = 0
    id: str | None = None
    function: DeltaFunction | None = None


class Delta(msgspec.Struct, gc=False):
    content: str | None = None
    tool_calls: list[DeltaToolCall] | None = None


class ChunkChoice(msgspec.Struct, gc=False):
    delta: Delta = msgspec.field(default_factory=Delta)
    finish_reason: str | None = None


class Chunk(msgspec.Struct, gc=False):
    choices: list[ChunkChoice] = msgspec.field(default_factory=list)
    usage: WireUsage | None = None
    #: Some servers report a failure mid-stream as a chunk carrying only `error`.
    error: dict[str, Any] | None = None


class AnswerMessage(msgspec.Struct):
    content: str | None = None
    tool_calls: list[WireToolCall] | None = None


class AnswerChoice(msgspec.Struct):
    message: AnswerMessage
    finish_reason: str | None = None


class Answer(msgspec.Struct):
    choices: list[AnswerChoice]
    usage: WireUsage | None = None


_FINISH: dict[str, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "tool_calls": "tool_calls",
    "function_call": "tool_calls",
    "content_filter": "content_filter",
}


def finish_reason(value: str | None) -> FinishReason:
    return _FINISH.get(value or "stop", "stop")


_chunk_decoder = msgspec.json.Decoder(Chunk)
_answer_decoder = msgspec.json.Decoder(Answer)


def decode_chunk(data: str | bytes) -> Chunk:
    return _chunk_decoder.decode(data)


def decode_answer(data: bytes) -> ChatResponse:
    answer = _answer_decoder.decode(data)
    if not answer.choices:
        raise ValueError("answer has no choices")
    choice = answer.choices[0]
    usage = answer.usage
    return ChatResponse(
        text=choice.message.content or "",
        tool_calls=tuple(
            [
                ToolCall(c.id, c.function.name, c.function.arguments or "{}")
                for c in choice.message.tool_calls
            ]
        )
        if choice.message.tool_calls
        else (),
        finish_reason=finish_reason(choice.finish_reason),
        usage=Usage(usage.prompt_tokens, usage.completion_tokens) if usage else None,
    )


_chunks_decoder = msgspec.json.Decoder(list[Chunk])


def read_events(payloads: bytes, frames: int) -> list[StreamEvent] | None:
    """A read's `frames` chunks (a JSON array of them, see `sse.Decoder.data_frames`) as
    canonical events, runs of text joined as `coalesced` would. None where the read needs the
    event by event path: it does not decode to one chunk a frame, or a chunk reports an error
    (that path raises either in place, after the events before it)."""
    try:
        chunks = _chunks_decoder.decode(payloads)
    except msgspec.DecodeError:
        return None
    if len(chunks) != frames:
        return None
    events: list[StreamEvent] = []
    run: list[str] = []
    for chunk in chunks:
        choices = chunk.choices
        if choices:
            choice = choices[0]
            delta = choice.delta
            content = delta.content
            if content:
                run.append(content)
            if delta.tool_calls or choice.finish_reason:
                if chunk.error is None:
                    if run:
                        events.append(TextDelta("".join(run)))
                        run = []
                    for call in delta.tool_calls or ():
                        fn = call.function or DeltaFunction()
                        events.append(
                            ToolCallDelta(
                                index=call.index,
                                id=call.id,
                                name=fn.name,
                                arguments=fn.arguments or "",
                            )
                        )
                    if choice.finish_reason:
                        events.append(Finish(finish_reason(choice.finish_reason)))
            elif chunk.usage is None and chunk.error is None:
                continue  # the usual chunk: a piece of text and nothing else
        if chunk.error is not None:
            return None
        usage = chunk.usage
        if usage is not None:
            if run:
                events.append(TextDelta("".join(run)))
                run = []
            events.append(UsageReport(Usage(usage.prompt_tokens, usage.completion_tokens)))
    if run:
        events.append(TextDelta("".join(run)))
    return events


def chunk_events(chunk: Chunk) -> list[StreamEvent]:
    events: list[StreamEvent] = []
    for choice in chunk.choices[:1]:
        if choice.delta.content:
            events.append(TextDelta(choice.delta.content))
        for call in choice.delta.tool_calls or ():
            fn = call.function or DeltaFunction()
            events.append(
                ToolCallDelta(
                    index=call.index, id=call.id, name=fn.name, arguments=fn.arguments or ""
                )
            )
        if choice.finish_reason:
            events.append(Finish(finish_reason(choice.finish_reason)))
    if chunk.usage is not None:
        events.append(UsageReport(Usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)))
    return events
