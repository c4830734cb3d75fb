"""Canonical stream events → the Responses API's typed server-sent events.

The order a client (and the `openai` SDK's stream helper) relies on:
`response.created`, `response.in_progress`; per output item `response.output_item.added`,
its deltas (`response.output_text.delta` inside a `response.content_part.added`/`.done` pair,
or `response.function_call_arguments.delta`), their `.done` events and
`response.output_item.done`; then `response.completed` (or `response.incomplete`) carrying
the whole response with its usage. Every event has a rising `sequence_number`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .canonical import (
    ChatResponse,
    Finish,
    FinishReason,
    StreamEvent,
    TextDelta,
    ToolCall,
    ToolCallDelta,
    Usage,
)
from .responses import (
    encode,
    function_call_item,
    item_id,
    message_item,
    response_object,
)
from .sse import frame


@dataclass
class _Call:
    output_index: int
    item_id: str
    call_id: str
    name: str
    arguments: list[str] = field(default_factory=list)
    done: bool = False

    def call(self) -> ToolCall:
        return ToolCall(id=self.call_id, name=self.name, arguments="".join(self.arguments))


class EventRenderer:
    def __init__(self, *, response_id: str, model: str, echo: dict[str, Any]) -> None:
        self._id = response_id
        self._model = model
        self._echo = echo
        self._created = int(time.time())
        self._seq = 0
        #: Finished output items by output index (what `response.completed` lists).
        self._output: dict[int, dict[str, Any]] = {}
        self._next_index = 0
        self._text: list[str] = []
        self._text_index: int | None = None  # the open message item, if any
        self._text_done = False
        self._calls: dict[int, _Call] = {}
        self._finish: FinishReason | None = None
        self._final: dict[str, Any] | None = None

    def _event(self, kind: str, payload: dict[str, Any]) -> bytes:
        body = {"type": kind, "sequence_number": self._seq, **payload}
        self._seq += 1
        return frame(encode(body), kind)

    def _snapshot(self, usage: Usage | None, in_progress: bool) -> dict[str, Any]:
        return response_object(
            response_id=self._id,
            model=self._model,
            echo=self._echo,
            output=[self._output[i] for i in sorted(self._output)],
            usage=usage,
            finish=self._finish,
            created_at=self._created,
            in_progress=in_progress,
        )

    def start(self) -> bytes:
        snapshot = self._snapshot(None, in_progress=True)
        return self._event("response.created", {"response": snapshot}) + self._event(
            "response.in_progress", {"response": snapshot}
        )

    def _open_text(self) -> bytes:
        self._text_index = self._next_index
        self._next_index += 1
        message_id = item_id("msg", self._id)
        where = {"item_id": message_id, "output_index": self._text_index, "content_index": 0}
        return self._event(
            "response.output_item.added",
            {
                "output_index": self._text_index,
                "item": message_item(message_id, "", status="in_progress"),
            },
        ) + self._event(
            "response.content_part.added",
            {**where, "part": {"type": "output_text", "text": "", "annotations": []}},
        )

    def _close_text(self) -> bytes:
        if self._text_index is None or self._text_done:
            return b""
        self._text_done = True
        text = "".join(self._text)
        message_id = item_id("msg", self._id)
        where = {"item_id": message_id, "output_index": self._text_index, "content_index": 0}
        item = message_item(message_id, text)
        self._output[self._text_index] = item
        return (
            self._event("response.output_text.done", {**where, "text": text, "logprobs": []})
            + self._event(
                "response.content_part.done",
                {**where, "part": {"type": "output_text", "text": text, "annotations": []}},
            )
            + self._event(
                "response.output_item.done", {"output_index": self._text_index, "item": item}
            )
        )

    def _close_call(self, call: _Call) -> bytes:
        if call.done:
            return b""
        call.done = True
        item = function_call_item(call.item_id, call.call())
        self._output[call.output_index] = item
        return self._event(
            "response.function_call_arguments.done",
            {
                "item_id": call.item_id,
                "output_index": call.output_index,
                "name": call.name,
                "arguments": item["arguments"],
            },
        ) + self._event(
            "response.output_item.done", {"output_index": call.output_index, "item": item}
        )

    def _tool_delta(self, event: ToolCallDelta) -> bytes:
        out = b""
        call = self._calls.get(event.index)
        if call is None:
            out += self._close_text()
            call = _Call(
                output_index=self._next_index,
                item_id=item_id("fc", self._id, event.index),
                call_id=event.id or f"call_{event.index}",
                name=event.name or "",
            )
            self._next_index += 1
            self._calls[event.index] = call
            added = function_call_item(call.item_id, call.call(), status="in_progress")
            out += self._event(
                "response.output_item.added", {"output_index": call.output_index, "item": added}
            )
        if event.arguments:
            call.arguments.append(event.arguments)
            out += self._event(
                "response.function_call_arguments.delta",
                {
                    "item_id": call.item_id,
                    "output_index": call.output_index,
                    "delta": event.arguments,
                },
            )
        return out

    def event(self, event: StreamEvent) -> bytes:
        if isinstance(event, TextDelta):
            if not event.text:
                return b""
            out = b"" if self._text_index is not None else self._open_text()
            self._text.append(event.text)
            assert self._text_index is not None
            return out + self._event(
                "response.output_text.delta",
                {
                    "item_id": item_id("msg", self._id),
                    "output_index": self._text_index,
                    "content_index": 0,
                    "delta": event.text,
                    "logprobs": [],
                },
            )
        if isinstance(event, ToolCallDelta):
            return self._tool_delta(event)
        if isinstance(event, Finish):
            self._finish = event.reason
            return self._close_all()
        return b""  # usage arrives with response.completed

    def _close_all(self) -> bytes:
        out = b""
        if self._text_index is None and not self._calls:
            out += self._open_text()  # an empty answer is still one (empty) message
        out += self._close_text()
        for call in self._calls.values():
            out += self._close_call(call)
        return out

    def end(self, usage: Usage) -> bytes:
        out = self._close_all()
        snapshot = self._snapshot(usage, in_progress=False)
        self._final = snapshot
        kind = "response.completed" if snapshot["status"] == "completed" else "response.incomplete"
        return out + self._event(kind, {"response": snapshot})

    def error(self, code: str | None, message: str, param: str | None, error_type: str) -> bytes:
        # `error` as the Responses API defines it, with the `error` object the SDK raises on.
        return self._event(
            "error",
            {
                "code": code,
                "message": message,
                "param": param,
                "error": {"type": error_type, "code": code, "message": message, "param": param},
            },
        )

    def final_body(self) -> bytes:
        """The whole response as `response.completed` carried it."""
        return encode(self._final or self._snapshot(None, in_progress=False))

    def collected(self) -> ChatResponse:
        """What was streamed, as one answer (for the response store)."""
        return ChatResponse(
            text="".join(self._text),
            tool_calls=tuple(self._calls[i].call() for i in sorted(self._calls)),
            finish_reason=self._finish or "stop",
            usage=None,
        )
