"""The head of a request to an upstream: the request line, host, encodings, user agent and the
deployment's own headers, checked once and kept per deployment (`UpstreamClient`) so only the
content length changes per call."""

from __future__ import annotations

import functools
import importlib.metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .http1_client import Target


def _check_header(name: str, value: str) -> None:
    # Header values come from configuration; a line break would smuggle a second header.
    if "\r" in name or "\n" in name or "\r" in value or "\n" in value:
        raise ValueError(f"header {name!r} contains a line break")


@functools.cache
def _user_agent() -> str:
    try:
        version = importlib.metadata.version("hybridgate")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    return f"hybridgate/{version}"


def request_head_parts(
    method: str, target: Target, headers: dict[str, str], *, absolute: bool = False
) -> tuple[bytes, bytes]:
    """A request's head without its content-length, as the two pieces that go before and after
    it: the same for every call of a deployment, so the client keeps them (`UpstreamClient`).
    `absolute`: the target as a whole URL, as a plain-HTTP proxy needs it."""
    scheme, _, _ = target.origin
    path = f"{scheme}://{target.host_header}{target.path}" if absolute else target.path
    lines = ["accept-encoding: gzip, deflate\r\n"]
    if "user-agent" not in headers:
        lines.append(f"user-agent: {_user_agent()}\r\n")
    for name, value in headers.items():
        _check_header(name, value)
        lines.append(f"{name}: {value}\r\n")
    lines.append("\r\n")
    before = f"{method} {path} HTTP/1.1\r\nhost: {target.host_header}\r\n"
    return before.encode("latin-1"), "".join(lines).encode("latin-1")
