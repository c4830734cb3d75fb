"""An HTTP/1.1 response head as bytes: the status line and the header fields, every value made
safe for the wire. Built for every answer, so the common case (all values printable ASCII)
is one check and one encode."""

from __future__ import annotations

import re
from http import HTTPStatus

_REASONS = {s.value: s.phrase.encode() for s in HTTPStatus} | {499: b"Client Closed Request"}


def response_head(status: int, headers: dict[str, str], extra: bytes) -> bytes:
    """The status line and header fields, then `extra` (the blank line, or more fields)."""
    values = "".join(headers.values())
    if values.isascii() and values.isprintable():  # every value as it is: one check for all
        text = "".join([f"{name}: {value}\r\n" for name, value in headers.items()])
        fields = text.encode("latin-1")
    else:
        fields = b"".join(
            b"%s: %s\r\n" % (name.encode("latin-1"), _header_value(value))
            for name, value in headers.items()
        )
    return b"HTTP/1.1 %d %s\r\n%b%b" % (status, _REASONS.get(status, b"Unknown"), fields, extra)


_UNSAFE_IN_HEADER = re.compile(r"[^\x20-\x7e]")


def _header_value(value: str) -> bytes:
    """A header value as the wire takes it: printable ASCII, anything else percent-encoded (a
    deployment named "東京-gpu" must not break the answer halfway, nor a line break split it)."""
    if value.isascii() and value.isprintable():  # [\x20-\x7e] only, at a third of the cost
        return value.encode("ascii")
    return _UNSAFE_IN_HEADER.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value
    ).encode("ascii")
