"""Request bodies with a size limit, SSE responses that stop the upstream when the client leaves,
and waiting on work while watching for a disconnect."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable
from typing import TypeVar

from starlette.requests import ClientDisconnect, Request
from starlette.types import Receive, Scope, Send

from ..config.schema import ServerSettings
from ..errors import BodyTimeout, BodyTooLarge, InvalidRequest

T = TypeVar("T")


class ClientDisconnected(Exception):
    """The caller went away before the answer was ready."""


async def read_body(request: Request, settings: ServerSettings) -> bytes:
    """The whole body, within `max_body_bytes` (413) and `body_timeout_s` (408): a client that
    trickles its body (slow-loris) ties up only its own connection, and only for so long."""
    limit = settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"request body is {declared} bytes; the limit is {limit}")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(settings.body_timeout_s):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge(f"request body exceeds the limit of {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise BodyTimeout(
            f"request body not received within {settings.body_timeout_s:g} s "
            f"({size} bytes arrived); send it at once"
        ) from None
    except ClientDisconnect:
        raise ClientDisconnected from None
    if not size:
        raise InvalidRequest("request body is empty; send a JSON object")
    return b"".join(chunks)


async def _disconnected(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def until_disconnected(request: Request, work: Awaitable[T]) -> T:
    """Runs `work`; cancels it (and so its upstream call) if the client disconnects first."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnected(request.receive))
    try:
        await asyncio.wait((task, watcher), return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    raise ClientDisconnected


class SSEResponse:
    """Streams `chunks`; if the client disconnects, the chunk source is cancelled and closed
    at once (which cancels the upstream request), not when the next chunk fails to send."""

    def __init__(self, chunks: AsyncIterator[bytes], headers: dict[str, str]) -> None:
        self._chunks = chunks
        self._headers = [
            (b"content-type", b"text/event-stream; charset=utf-8"),
            (b"cache-control", b"no-cache"),
            (b"x-accel-buffering", b"no"),
            *((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()),
        ]

    async def _pump(self, send: Send) -> None:
        async for chunk in self._chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self._headers})
        pump = asyncio.ensure_future(self._pump(send))
        watcher = asyncio.ensure_future(_disconnected(receive))
        try:
            await asyncio.wait((pump, watcher), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (pump, watcher):
                task.cancel()
            for task in (pump, watcher):
                with contextlib.suppress(asyncio.CancelledError, OSError):
                    await task
            aclose = getattr(self._chunks, "aclose", None)
            if aclose is not None:
                await aclose()
