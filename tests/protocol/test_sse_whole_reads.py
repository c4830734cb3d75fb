"""An OpenAI upstream's stream read a whole network read at a time (`Decoder.data_frames`)
gives the caller exactly the events that reading it event by event gives, however the
network cuts it, whatever odd shapes (comments, CRLF, multi-line data, an error chunk) it
holds."""

from __future__ import annotations

import asyncio
import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybridgate.protocol import openai_upstream as wire
from hybridgate.protocol.canonical import StreamEvent, coalesced
from hybridgate.protocol.sse import SSEEvent
from hybridgate.providers.http import UpstreamAnswer


def _chunk(**fields: object) -> bytes:
    return b"data: " + json.dumps({"id": "x", "object": "chat.completion.chunk", **fields}).encode()


TEXT = [
    _chunk(choices=[{"index": 0, "delta": {"content": f"tök{i} "}}]) + b"\n\n" for i in range(6)
]
TOOL = _chunk(
    choices=[
        {
            "index": 0,
            "delta": {
                "tool_calls": [
                    {"index": 0, "id": "c1", "function": {"name": "f", "arguments": '{"a":'}}
                ]
            },
        }
    ]
)
FINISH = _chunk(choices=[{"index": 0, "delta": {}, "finish_reason": "tool_calls"}])
USAGE = _chunk(choices=[], usage={"prompt_tokens": 7, "completion_tokens": 6})

PLAIN = b"".join(TEXT) + TOOL + b"\n\n" + FINISH + b"\n\n" + USAGE + b"\n\ndata: [DONE]\n\n"
ODD = (
    b": keep-alive\n\n"
    + TEXT[0]
    + TEXT[1].replace(b"\n\n", b"\r\n\r\n")
    + b'data: {"choices":[{"delta":\ndata: {"content":"two lines"}}]}\n\n'
    + b"".join(TEXT[2:])
    + FINISH
    + b"\n\ndata: [DONE]\n\n"
)
FAILING = b"".join(TEXT[:3]) + b'data: {"error": {"message": "overloaded"}}\n\n' + TEXT[3]
# Payloads that are not one JSON value each: refused as the event-by-event path refuses them;
# and the edges of trimming a read (an empty last payload, a read of [DONE] alone).
MALFORMED = [
    TEXT[0] + b"data: \n\n" + TEXT[1],
    b"data:  \n\n" + TEXT[0],
    TEXT[0] + b'data: {"choices":[]}, {"choices":[]}\n\n' + TEXT[1],
    TEXT[0] + b"data: [DONE]\n\n" + TEXT[1] + b"data: [DONE]\n\n",
    TEXT[0] + TEXT[1] + b"data: \n\ndata: [DONE]\n\n",  # the last payload before [DONE] empty
    b"data: [DONE]\n\n",  # no payload at all
    TEXT[0] + b'data: "not an object"\n\n' + TEXT[1],  # frames are split where objects start
]


class _Network:
    """The bytes of an answer body, in the pieces given (as a connection's reads)."""

    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces = iter(pieces)

    async def piece(self) -> bytes:
        return next(self._pieces, b"")


async def _read(
    pieces: list[bytes], whole: bool, taken: list[int] | None = None
) -> tuple[list[StreamEvent], str | None]:
    finished = False

    def translate(event: SSEEvent) -> list[StreamEvent]:
        nonlocal finished
        if event.data == "[DONE]":
            finished = True
            return []
        chunk = wire.decode_chunk(event.data)
        if chunk.error is not None:
            raise RuntimeError(chunk.error["message"])
        return wire.chunk_events(chunk)

    def read_whole(payloads: bytes, frames: int, done: bool) -> list[StreamEvent] | None:
        nonlocal finished
        events = wire.read_events(payloads, frames)
        if taken is not None and events is not None:
            taken.append(len(payloads))
        if events is not None and done:
            finished = True
        return events

    answer = UpstreamAnswer(_Network(pieces))  # type: ignore[arg-type]
    batches = answer.event_batches(
        translate, lambda: finished, read_whole=read_whole if whole else None
    )
    events: list[StreamEvent] = []
    try:
        async for batch in batches:
            events += batch
    except Exception as exc:  # the failure itself is what is compared
        return coalesced(events), f"{type(exc).__name__}: {exc}"
    return coalesced(events), None if finished else "no [DONE]"


def _cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


@pytest.mark.parametrize(
    "stream",
    [PLAIN, ODD, FAILING, *MALFORMED],
    ids=[
        "plain",
        "odd",
        "failing",
        "empty",
        "blank",
        "two-values",
        "after-done",
        "empty-last",
        "done-only",
        "not-an-object",
    ],
)
@settings(max_examples=150, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=12))
def test_whole_reads_give_the_same_answer_as_event_by_event(stream: bytes, cuts: list[int]) -> None:
    pieces = _cut(stream, cuts)
    expected = asyncio.run(_read(pieces, whole=False))
    assert asyncio.run(_read(pieces, whole=True)) == expected


def test_a_plain_stream_in_one_read_is_the_whole_answer() -> None:
    taken: list[int] = []
    events, problem = asyncio.run(_read([PLAIN], whole=True, taken=taken))
    assert problem is None
    assert len(taken) == 1  # one decode for the read, not one per event
    assert [type(e).__name__ for e in events] == [
        "TextDelta",
        "ToolCallDelta",
        "Finish",
        "UsageReport",
    ]
    assert events[0].text == "".join(f"tök{i} " for i in range(6))  # type: ignore[union-attr]


def test_a_failure_mid_read_still_delivers_what_came_before_it() -> None:
    events, problem = asyncio.run(_read([FAILING], whole=True))
    assert problem == "RuntimeError: overloaded"
    assert events and events[0].text == "tök0 tök1 tök2 "  # type: ignore[union-attr]
