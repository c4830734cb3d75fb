"""The provider-neutral form every request is parsed into once, and every answer comes back as.

Caller protocols (OpenAI, Anthropic) parse into `ChatRequest`; providers turn it into their
own wire format and answer with a stream of `StreamEvent`s. Non-streaming answers are the same
stream collected (`collect`), so usage, cost and the ledger are computed once for both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, Literal

import msgspec

Role = Literal["system", "user", "assistant", "tool"]
FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "error"]


class TextPart(msgspec.Struct, frozen=True, tag="text"):
    text: str


class ImagePart(msgspec.Struct, frozen=True, tag="image"):
    """An image by URL, or inline as base64 `data` with its `media_type`."""

    url: str | None = None
    data: str | None = None
    media_type: str | None = None


Part = TextPart | ImagePart


class ToolCall(msgspec.Struct, frozen=True):
    id: str
    name: str
    #: JSON text of the arguments, exactly as the model produced it.
    arguments: str


class Message(msgspec.Struct, frozen=True):
    role: Role
    content: tuple[Part, ...] = ()
    tool_calls: tuple[ToolCall, ...] = ()
    #: For role "tool": which call this message answers.
    tool_call_id: str | None = None
    is_error: bool = False
    name: str | None = None

    def text(self) -> str:
        content = self.content
        if len(content) == 1 and type(content[0]) is TextPart:  # the usual message, at once
            return content[0].text
        return "".join(p.text for p in content if isinstance(p, TextPart))


class Tool(msgspec.Struct, frozen=True):
    name: str
    description: str | None = None
    #: JSON Schema of the arguments.
    parameters: dict[str, Any] = msgspec.field(default_factory=dict)


class ToolChoice(msgspec.Struct, frozen=True):
    mode: Literal["auto", "none", "required", "tool"] = "auto"
    #: The tool to call when mode is "tool".
    name: str | None = None


class ChatRequest(msgspec.Struct, frozen=True):
    model: str
    messages: tuple[Message, ...]
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()
    tools: tuple[Tool, ...] = ()
    tool_choice: ToolChoice | None = None
    stream: bool = False
    #: OpenAI-only fields the gateway does not read (seed, response_format, ...). Passed
    #: untouched to OpenAI-compatible upstreams; other providers refuse them by name.
    openai_extras: dict[str, Any] = msgspec.field(default_factory=dict)

    def system_text(self) -> str:
        return "\n\n".join(m.text() for m in self.messages if m.role == "system")

    def prompt_text(self) -> str:
        """All text the caller sent, tool results and arguments included (for scans, estimates)."""
        chunks: list[str] = []
        for m in self.messages:  # plain loops: built for every request, at least twice
            text = m.text()
            if text:
                chunks.append(text)
            for call in m.tool_calls:
                if call.arguments:
                    chunks.append(call.arguments)
        return "\n".join(chunks)

    def has_images(self) -> bool:
        for m in self.messages:
            for part in m.content:
                if isinstance(part, ImagePart):
                    return True
        return False


class Usage(msgspec.Struct, frozen=True):
    input_tokens: int
    output_tokens: int
    #: True when the provider did not report usage and the gateway counted tokens itself.
    estimated: bool = False


# Stream events, in the order a provider yields them: text and tool-call deltas interleaved,
# then exactly one Finish; Usage may come anywhere (usually last).


class TextDelta(msgspec.Struct, frozen=True, tag="text"):
    text: str


class ToolCallDelta(msgspec.Struct, frozen=True, tag="tool_call"):
    """A piece of one tool call. `id` and `name` arrive with the first piece of each index."""

    index: int
    id: str | None = None
    name: str | None = None
    arguments: str = ""


class Finish(msgspec.Struct, frozen=True, tag="finish"):
    reason: FinishReason


class UsageReport(msgspec.Struct, frozen=True, tag="usage"):
    usage: Usage


StreamEvent = TextDelta | ToolCallDelta | Finish | UsageReport


def coalesced(events: list[StreamEvent]) -> list[StreamEvent]:
    """Events that arrived together, with each run of text deltas joined into one.

    Where deltas split text carries no meaning, so a caller loses nothing; a gateway that
    falls behind a fast upstream then does its per-event work (accounting, rendering, a
    frame to the caller) once per network read rather than once per token. Deltas that
    arrive apart, as tokens do from a model generating them, stay apart."""
    if len(events) < 2:
        return events
    out: list[StreamEvent] = []
    run: list[str] = []
    for event in events:
        if type(event) is TextDelta:
            run.append(event.text)
            continue
        if run:
            out.append(TextDelta("".join(run)))
            run = []
        out.append(event)
    if run:
        out.append(TextDelta("".join(run)))
    return out


class ChatResponse(msgspec.Struct, frozen=True):
    text: str
    tool_calls: tuple[ToolCall, ...]
    finish_reason: FinishReason
    usage: Usage | None


async def collect(events: AsyncIterator[StreamEvent]) -> ChatResponse:
    """Fold a stream into one answer: what a non-streaming caller receives."""
    return fold([event async for event in events])


def fold(events: Iterable[StreamEvent]) -> ChatResponse:
    """Events already in hand as one answer (see `collect`)."""
    text: list[str] = []
    calls: dict[int, list[str]] = {}
    heads: dict[int, tuple[str, str]] = {}
    finish: FinishReason = "stop"
    usage: Usage | None = None
    for event in events:
        if isinstance(event, TextDelta):
            text.append(event.text)
        elif isinstance(event, ToolCallDelta):
            if event.index not in heads:
                heads[event.index] = (event.id or f"call_{event.index}", event.name or "")
                calls[event.index] = []
            calls[event.index].append(event.arguments)
        elif isinstance(event, Finish):
            finish = event.reason
        else:
            usage = event.usage
    tool_calls = tuple(
        ToolCall(id=heads[i][0], name=heads[i][1], arguments="".join(calls[i]) or "{}")
        for i in sorted(heads)
    )
    return ChatResponse(
        text="".join(text), tool_calls=tool_calls, finish_reason=finish, usage=usage
    )


def answer_events(response: ChatResponse) -> list[StreamEvent]:
    """A collected answer as the events a stream of it would carry."""
    events: list[StreamEvent] = [TextDelta(response.text)] if response.text else []
    for i, call in enumerate(response.tool_calls):
        events.append(ToolCallDelta(index=i, id=call.id, name=call.name, arguments=call.arguments))
    if response.usage is not None:
        events.append(UsageReport(response.usage))
    events.append(Finish(response.finish_reason))
    return events


async def replay(response: ChatResponse) -> AsyncIterator[StreamEvent]:
    """A collected answer as a stream (for providers whose upstream answered in one piece)."""
    for event in answer_events(response):
        yield event


class EmbedRequest(msgspec.Struct, frozen=True):
    model: str
    inputs: tuple[str, ...]
    dimensions: int | None = None


class EmbedResponse(msgspec.Struct, frozen=True):
    vectors: tuple[tuple[float, ...], ...]
    usage: Usage
