"""Upstream event streams parse the same however the network cuts them into pieces."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from hybridgate.protocol.sse import Decoder, SSEEvent

STREAM = (
    ": keep-alive comment\n\n"
    'data: {"delta": "héllo"}\n\n'
    "event: message_delta\r\n"
    'data: {"a": 1}\r\n'
    "\r\n"
    "data: first line\n"
    "data: second line\n\n"
    "data: [DONE]\n\n"
).encode()

EXPECTED = [
    SSEEvent(None, '{"delta": "héllo"}'),
    SSEEvent("message_delta", '{"a": 1}'),
    SSEEvent(None, "first line\nsecond line"),
    SSEEvent(None, "[DONE]"),
]


def _events(pieces: list[bytes]) -> list[SSEEvent]:
    decoder = Decoder()
    events = [event for piece in pieces for event in decoder.feed(piece)]
    return events + decoder.finish()


def test_a_whole_stream_in_one_piece() -> None:
    assert _events([STREAM]) == EXPECTED


def test_one_byte_at_a_time_even_inside_a_multibyte_character() -> None:
    assert _events([STREAM[i : i + 1] for i in range(len(STREAM))]) == EXPECTED


@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=12))
def test_any_cut_points(cuts: list[int]) -> None:
    bounds = [0, *sorted(cuts), len(STREAM)]
    assert _events([STREAM[a:b] for a, b in itertools.pairwise(bounds)]) == EXPECTED


def test_a_last_event_without_its_blank_line_is_still_delivered() -> None:
    assert _events([b"data: x\n\ndata: tail"]) == [SSEEvent(None, "x"), SSEEvent(None, "tail")]
