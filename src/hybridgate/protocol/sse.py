"""Server-sent events: framing for what the gateway sends, parsing for what upstreams send."""

from __future__ import annotations

import msgspec


class SSEEvent(msgspec.Struct, frozen=True):
    event: str | None
    data: str


def frame(data: bytes, event: str | None = None) -> bytes:
    """One SSE frame around an already-encoded JSON payload."""
    if event is None:
        return b"data: " + data + b"\n\n"
    return b"event: " + event.encode() + b"\ndata: " + data + b"\n\n"


class Decoder:
    """Splits a byte stream, in whatever pieces the network delivers, into events: each piece
    in one pass, returning every event it completes (an upstream packet often holds many)."""

    __slots__ = ("_data", "_event", "_partial")

    def __init__(self) -> None:
        self._event: str | None = None
        self._data: list[str] = []
        self._partial: list[bytes] = []  # a line still waiting for its end

    def feed(self, piece: bytes) -> list[SSEEvent]:
        partial = self._partial
        if b"\n" not in piece:
            partial.append(piece)
            return []
        if partial:
            partial.append(piece)
            piece = b"".join(partial)
            partial.clear()
        lines = piece.split(b"\n")
        rest = lines.pop()
        if rest:
            partial.append(rest)
        events: list[SSEEvent] = []
        data = self._data
        for raw in lines:
            if raw[:6] == b"data: " and raw[-1:] != b"\r":  # most lines: one data line
                data.append(raw[6:].decode("utf-8"))
                continue
            if not raw or raw == b"\r":
                if data:
                    events.append(SSEEvent(self._event, "\n".join(data)))
                    data.clear()
                self._event = None
                continue
            line = raw.decode("utf-8").removesuffix("\r")
            if line.startswith(":"):
                continue  # comment / keep-alive
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                data.append(value)
            elif field == "event":
                self._event = value
        return events

    def finish(self) -> list[SSEEvent]:
        """The event left open when the stream ended without its blank line, if any."""
        if self._partial:
            line = b"".join(self._partial).decode("utf-8").removesuffix("\r")
            self._partial.clear()
            field, _, value = line.partition(":")
            if field == "data":
                self._data.append(value.removeprefix(" "))
        if self._data:
            event = SSEEvent(self._event, "\n".join(self._data))
            self._data.clear()
            return [event]
        return []
