"""Server-sent events: framing for what the gateway sends, parsing for what upstreams send."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator

import msgspec


class SSEEvent(msgspec.Struct, frozen=True):
    event: str | None
    data: str


def frame(data: bytes, event: str | None = None) -> bytes:
    """One SSE frame around an already-encoded JSON payload."""
    if event is None:
        return b"data: " + data + b"\n\n"
    return b"event: " + event.encode() + b"\ndata: " + data + b"\n\n"


async def parse(lines: AsyncIterable[bytes]) -> AsyncIterator[SSEEvent]:
    """Events from a byte-line stream (aiohttp's `response.content` yields lines)."""
    event: str | None = None
    data: list[str] = []
    async for raw in lines:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield SSEEvent(event, "\n".join(data))
            event, data = None, []
        elif line.startswith(":"):
            continue  # comment / keep-alive
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                data.append(value)
            elif field == "event":
                event = value
    if data:
        yield SSEEvent(event, "\n".join(data))
