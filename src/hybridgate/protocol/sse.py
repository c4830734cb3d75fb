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


async def parse(pieces: AsyncIterable[bytes]) -> AsyncIterator[SSEEvent]:
    """Events from a byte stream in whatever pieces the network delivers (the upstream
    client's `pieces()`): each piece is split in one pass, not awaited line by line."""
    event: str | None = None
    data: list[str] = []
    partial: list[bytes] = []  # a line still waiting for its end
    async for piece in pieces:
        if b"\n" not in piece:
            partial.append(piece)
            continue
        if partial:
            partial.append(piece)
            piece = b"".join(partial)
            partial.clear()
        lines = piece.split(b"\n")
        rest = lines.pop()
        if rest:
            partial.append(rest)
        for raw in lines:
            if not raw or raw == b"\r":
                if data:
                    yield SSEEvent(event, "\n".join(data))
                event, data = None, []
                continue
            line = raw.decode("utf-8").removesuffix("\r")
            if line.startswith(":"):
                continue  # comment / keep-alive
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                data.append(value)
            elif field == "event":
                event = value
    if partial:
        field, _, value = b"".join(partial).decode("utf-8").removesuffix("\r").partition(":")
        if field == "data":
            data.append(value.removeprefix(" "))
    if data:
        yield SSEEvent(event, "\n".join(data))
