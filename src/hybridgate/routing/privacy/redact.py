"""Redact-and-restore: send placeholders upstream, put the originals back in the answer.

One `Redactor` per conversation (the gateway redacts the whole request at once, so every
message shares it): the same value always gets the same placeholder (`<EMAIL_1_3fa9c2>`, the
suffix secret to this request), and its
`mapping` (placeholder → original) never leaves the gateway. `Restorer` undoes it on text;
`StreamRestorer` does so on a stream where a placeholder may be cut between chunks, holding
back only a tail that could still become a placeholder. `restore_stream` applies both to a
provider's `StreamEvent`s, tool-call arguments included (restored JSON-escaped);
`restore_batches` does the same a batch of events at a time.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import AsyncIterator, Iterable
from typing import Any

import msgspec

from ...protocol.canonical import (
    ChatRequest,
    Finish,
    Message,
    Part,
    StreamEvent,
    TextDelta,
    TextPart,
    ToolCall,
    ToolCallDelta,
)
from .scanner import PrivacyScanner

_PLACEHOLDER = re.compile(r"<[A-Z]+(?:_[A-Z]+)*_\d{1,6}_[0-9a-f]{4,16}>")


class Redactor:
    """`secret` ends every placeholder of this request (`<EMAIL_1_3fa9c2>`): text a caller
    writes cannot name a placeholder it has not been given, so it cannot make the answer
    "restore" a value it never saw."""

    def __init__(self, scanner: PrivacyScanner, *, secret: str | None = None) -> None:
        self._scanner = scanner
        self._secret = secret or secrets.token_hex(3)
        self._by_value: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        #: placeholder → original value: what `Restorer` needs, never sent upstream.
        self.mapping: dict[str, str] = {}

    def placeholder(self, kind: str, value: str) -> str:
        existing = self._by_value.get(value)
        if existing is not None:
            return existing
        n = self._counts.get(kind, 0) + 1
        self._counts[kind] = n
        token = f"<{kind.upper()}_{n}_{self._secret}>"
        self._by_value[value] = token
        self.mapping[token] = value
        return token

    def redact(self, text: str) -> str:
        findings = self._scanner.scan(text)
        if not findings:
            return text
        out: list[str] = []
        pos = 0
        for f in findings:
            out.append(text[pos : f.start])
            out.append(self.placeholder(f.type, f.value))
            pos = f.end
        out.append(text[pos:])
        return "".join(out)

    def redact_json(self, arguments: str) -> str:
        """Tool-call arguments: redact string leaves, keep the JSON valid; raw text if invalid."""
        try:
            parsed = json.loads(arguments)
        except ValueError:
            return self.redact(arguments)
        return json.dumps(self._redact_value(parsed), ensure_ascii=False)

    def _redact_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {k: self._redact_value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact_value(v) for v in value]
        return value

    def redact_request(self, request: ChatRequest) -> ChatRequest:
        """A copy with every text part, tool-call argument and tool result redacted."""
        messages = tuple(self._redact_message(m) for m in request.messages)
        return msgspec.structs.replace(request, messages=messages)

    def _redact_message(self, message: Message) -> Message:
        content: tuple[Part, ...] = tuple(
            TextPart(self.redact(p.text)) if isinstance(p, TextPart) else p for p in message.content
        )
        calls = tuple(
            ToolCall(id=c.id, name=c.name, arguments=self.redact_json(c.arguments))
            for c in message.tool_calls
        )
        return Message(
            role=message.role,
            content=content,
            tool_calls=calls,
            tool_call_id=message.tool_call_id,
            is_error=message.is_error,
            name=message.name,
        )


def redact_request(
    request: ChatRequest, scanner: PrivacyScanner, *, secret: str | None = None
) -> tuple[ChatRequest, dict[str, str]]:
    """Redact a whole request with a fresh conversation-wide `Redactor`: (new request, mapping)."""
    redactor = Redactor(scanner, secret=secret)
    return redactor.redact_request(request), redactor.mapping


class Restorer:
    """Put originals back; unknown placeholder-looking text is left alone."""

    def __init__(self, mapping: dict[str, str], *, json_escape: bool = False) -> None:
        self._mapping = mapping
        self._json = json_escape

    def _sub(self, m: re.Match[str]) -> str:
        value = self._mapping.get(m.group())
        if value is None:
            return m.group()
        # Inside JSON strings (tool-call arguments) a quote or newline must stay escaped.
        return json.dumps(value, ensure_ascii=False)[1:-1] if self._json else value

    def restore(self, text: str) -> str:
        return _PLACEHOLDER.sub(self._sub, text) if "<" in text else text


class StreamRestorer:
    """Restore across chunks: emit everything at once except a tail that may be a placeholder."""

    def __init__(self, mapping: dict[str, str], *, json_escape: bool = False) -> None:
        self._restorer = Restorer(mapping, json_escape=json_escape)
        self._prefixes = {p[:i] for p in mapping for i in range(1, len(p))}
        self._pending = ""

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        cut = text.rfind("<")
        if cut != -1 and text[cut:] in self._prefixes:
            self._pending = text[cut:]
            text = text[:cut]
        else:
            self._pending = ""
        return self._restorer.restore(text)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return text


class _EventRestorer:
    """Restores a stream's events in order, whatever batches they come in: a placeholder cut
    between two events (or two batches) is held back until it is whole or cannot be one."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self._mapping = mapping
        self._text = StreamRestorer(mapping)
        self._calls: dict[int, StreamRestorer] = {}

    def restore(self, events: Iterable[StreamEvent]) -> list[StreamEvent]:
        out: list[StreamEvent] = []
        for event in events:
            if isinstance(event, TextDelta):
                if restored := self._text.feed(event.text):
                    out.append(TextDelta(restored))
            elif isinstance(event, ToolCallDelta):
                restorer = self._calls.get(event.index)
                if restorer is None:
                    restorer = self._calls[event.index] = StreamRestorer(
                        self._mapping, json_escape=True
                    )
                arguments = restorer.feed(event.arguments)
                if arguments or event.id is not None or event.name is not None:
                    out.append(ToolCallDelta(event.index, event.id, event.name, arguments))
            else:
                if isinstance(event, Finish):
                    out += self.held()
                out.append(event)
        return out

    def held(self) -> list[StreamEvent]:
        """What is still held back, released (the answer has ended)."""
        out: list[StreamEvent] = []
        if tail := self._text.flush():
            out.append(TextDelta(tail))
        for index, restorer in self._calls.items():
            if tail := restorer.flush():
                out.append(ToolCallDelta(index=index, arguments=tail))
        return out


async def restore_stream(
    events: AsyncIterator[StreamEvent], mapping: dict[str, str]
) -> AsyncIterator[StreamEvent]:
    """A provider stream with originals restored in text and tool-call arguments."""
    restorer = _EventRestorer(mapping)
    async for event in events:
        for restored in restorer.restore((event,)) if mapping else (event,):
            yield restored
    for pending in restorer.held():
        yield pending


async def restore_batches(
    batches: AsyncIterator[list[StreamEvent]], mapping: dict[str, str]
) -> AsyncIterator[list[StreamEvent]]:
    """`restore_stream` a batch of events at a time: one batch out per batch in (none where
    all of one is held back)."""
    if not mapping:
        async for batch in batches:
            yield batch
        return
    restorer = _EventRestorer(mapping)
    async for batch in batches:
        if restored := restorer.restore(batch):
            yield restored
    if held := restorer.held():
        yield held
