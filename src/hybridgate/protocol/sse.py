"""Server-sent events: framing for what the gateway sends, parsing for what upstreams send."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import msgspec

T = TypeVar("T")

#: Bytes searched for as ints: `int in bytes` is a memchr, where `bytes in bytes` first fails
#: to read its operand as an int (a formatted TypeError, ~2k instructions, every time).
_LF, _CR = ord("\n"), ord("\r")
_DONE_FRAME = b"\n\ndata: [DONE]\n\n"


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
        if _LF not in piece:
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

    def data_frames(self, piece: bytes, read: Callable[[bytes, int, bool], T | None]) -> T | None:
        """The common shape of an upstream read, taken whole: when the piece (after what was
        pending) is complete frames of one `data: ` line each, the last perhaps
        `data: [DONE]`, their payloads go to `read` as one JSON array's bytes, with how many
        frames it holds (an array of another length means a payload was not one JSON value)
        and whether `[DONE]` ended them: one decode per read instead of a line split, an
        event and a decode per frame. What `read` returns is returned and the piece is consumed; None
        (any other shape, or `read` declined) consumes nothing: `feed` the piece instead."""
        if self._data or self._event is not None:
            return None
        partial = self._partial
        buf = b"".join((*partial, piece)) if partial else piece
        end = buf.rfind(b"\n\n")
        if end < 0 or buf[:6] != b"data: ":
            return None
        rest = buf[end + 2 :]
        # JSON text holds no raw newline: once every "\n\ndata: {" between frames is ",{",
        # any newline or CR left means another shape (multi-line data, comments, `event:`,
        # CRLF, a payload that is not an object), which `feed` handles. Memchr-speed checks,
        # no per-frame work. Split where an object starts: a rarer last byte, so the search
        # skips further. Only the first and last payloads are trimmed and bracketed: the
        # join is the one copy of the read.
        complete = buf[: end + 2] if rest else buf
        only_done = complete == _DONE_FRAME[2:]
        done = only_done or complete.endswith(_DONE_FRAME)
        payloads = complete.split(b"\n\ndata: {")
        payloads[0] = payloads[0][6:]
        payloads[-1] = payloads[-1][: -len(_DONE_FRAME) if done else -2]
        frames = 0 if only_done else len(payloads)
        payloads[0] = b"[" + payloads[0]
        payloads[-1] += b"]"
        joined = b",{".join(payloads)
        if _LF in joined or _CR in joined or _LF in rest:
            return None
        result = read(joined, frames, done)
        if result is not None:
            partial.clear()
            if rest:
                partial.append(rest)
        return result

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
