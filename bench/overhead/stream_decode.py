"""CPU per streamed answer: an OpenAI upstream's stream read whole (one decode per network read,
`sse.Decoder.data_frames`) against event by event (a line split, an event and a decode per
frame), on the overhead benchmark's own 22-event answer. Both in the same run; CPU time, not
wall time, so a busy machine moves the ratio less.

    python bench/overhead/stream_decode.py
"""

from __future__ import annotations

import sys
import time
import timeit
from pathlib import Path

from hybridgate.protocol import openai_upstream as wire
from hybridgate.protocol.canonical import StreamEvent, coalesced
from hybridgate.protocol.sse import Decoder

sys.path.insert(0, str(Path(__file__).parent))
import fake_upstream  # the benchmark's answer, beside this file


def _body() -> bytes:
    """The fake upstream's streamed answer without its HTTP chunk framing."""
    _, chunks, tail = fake_upstream._stream_parts()
    body = b""
    for framed in [*chunks, tail]:
        while framed:
            size_line, _, rest = framed.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                break
            body += rest[:size]
            framed = rest[size + 2 :]
    return body


def event_by_event(body: bytes) -> list[StreamEvent]:
    events: list[StreamEvent] = []
    for event in Decoder().feed(body):
        if event.data == "[DONE]":
            break
        events += wire.chunk_events(wire.decode_chunk(event.data))
    return coalesced(events)


def whole_read(body: bytes) -> list[StreamEvent] | None:
    return Decoder().data_frames(
        body, lambda payloads, frames, _: wire.read_events(payloads, frames)
    )


def cpu_us(run: object, body: bytes, number: int = 3000) -> float:
    timer = timeit.Timer(lambda: run(body), timer=time.process_time)  # type: ignore[operator]
    return min(timer.repeat(repeat=9, number=number)) / number * 1e6


def main() -> None:
    body = _body()
    if whole_read(body) != event_by_event(body):
        sys.exit("the two paths disagree")
    old, new = cpu_us(event_by_event, body), cpu_us(whole_read, body)
    print(f"one streamed answer, {body.count(b'data: ')} events, {len(body)} bytes:")
    print(f"  event by event  {old:6.1f} µs CPU")
    print(f"  whole read      {new:6.1f} µs CPU  ({new / old:.2f}×)")


if __name__ == "__main__":
    main()
