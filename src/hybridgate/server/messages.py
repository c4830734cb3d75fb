"""What handlers see of HTTP: a `Request` to read, a `Response` or `StreamResponse` to answer
with. The connection (http1.py) fills a request's body as bytes arrive and wakes its reader."""

from __future__ import annotations

import asyncio
import os
import random
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from ..errors import BodyTimeout, BodyTooLarge, InvalidRequest

_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class _RequestIds:
    """32 random hex digits from a generator seeded once from the OS: unique without a system
    call per request, and with no counter that would tell callers the gateway's volume."""

    def __init__(self) -> None:
        self._random: random.Random | None = None

    def new(self) -> str:
        if self._random is None:
            self._random = random.Random(os.urandom(32))
        # The same 32 digits as f"{n:032x}", without a format spec to parse every request.
        return self._random.getrandbits(128).to_bytes(16, "big").hex()


_request_ids = _RequestIds()


class _Connection(Protocol):
    limits: Limits
    #: The client's address ("" when unknown).
    peer: str

    def continue_if_expected(self, request: Request) -> None: ...


class ClientDisconnected(Exception):
    """The caller went away before the answer was ready."""


@dataclass(slots=True)
class Limits:
    max_body_bytes: int = 8 * 1024 * 1024
    body_timeout_s: float = 30.0
    header_timeout_s: float = 10.0
    keepalive_timeout_s: float = 5.0
    #: The request line (method, target, version): longer is 414.
    max_request_line_bytes: int = 8 * 1024
    #: Header fields in one request: more is 431 (their total size is capped apart).
    max_header_count: int = 100
    #: Requests a client may pipeline behind the one being answered; past that, reading from
    #: its connection pauses until answers catch up.
    max_pipelined: int = 8
    #: Seconds a streamed answer may wait for a client that stopped reading.
    stream_write_timeout_s: float = 60.0


class Response:
    __slots__ = ("body", "headers", "status")

    def __init__(
        self,
        body: bytes = b"",
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str | None = "application/json",
    ) -> None:
        self.status = status
        self.body = body
        self.headers = headers if headers is not None else {}
        if content_type is not None and body:
            self.headers.setdefault("content-type", content_type)


class StreamResponse:
    """A chunked response; `chunks` is closed (cancelling its source) however the stream ends."""

    __slots__ = ("chunks", "headers", "status")

    def __init__(
        self, chunks: AsyncIterator[bytes], headers: dict[str, str], status: int = 200
    ) -> None:
        self.status = status
        self.headers = headers
        self.chunks = chunks


class Request:
    __slots__ = (
        "_chunks",
        "_connection",
        "_size",
        "_waiter",
        "complete",
        "headers",
        "http11",
        "keep_alive",
        "method",
        "path",
        "query",
        "request_id",
        "too_large",
    )

    def __init__(
        self,
        method: str,
        path: str,
        query: str,
        headers: dict[str, str],
        keep_alive: bool,
        http11: bool,
        connection: _Connection,
    ) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers  # lower-case names; repeated headers joined with ", "
        given = headers.get("x-request-id")
        self.request_id = given if given and _SANE_REQUEST_ID.match(given) else _request_ids.new()
        self.keep_alive = keep_alive
        self.http11 = http11
        self._chunks: list[bytes] = []
        self._size = 0
        self.complete = False
        self.too_large = False
        self._waiter: asyncio.Future[None] | None = None
        self._connection = connection

    @property
    def client(self) -> str:
        """The client's address (the caller's scope for privacy memory without keys)."""
        return self._connection.peer

    def received(self) -> bytes | None:
        """The body, when it is all here, within the limit and not empty (the usual request:
        no coroutine made and awaited for it); else None, and `body()` waits or explains."""
        if self.complete and self._size and not self.too_large:
            return self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)
        return None

    async def body(self) -> bytes:
        """The whole body, within `max_body_bytes` (413) and `body_timeout_s` (408): a client
        that trickles its body ties up only its own connection, and only for so long."""
        limits = self._connection.limits
        declared = self.headers.get("content-length")
        if self.too_large:
            size = declared if declared and declared.isdigit() else f"over {limits.max_body_bytes}"
            raise BodyTooLarge(
                f"request body is {size} bytes; the limit is {limits.max_body_bytes}"
            )
        if not self.complete:
            self._connection.continue_if_expected(self)
            try:
                async with asyncio.timeout(limits.body_timeout_s):
                    while not self.complete and not self.too_large:
                        self._waiter = asyncio.get_running_loop().create_future()
                        await self._waiter
            except TimeoutError:
                raise BodyTimeout(
                    f"request body not received within {limits.body_timeout_s:g} s "
                    f"({self._size} bytes arrived); send it at once"
                ) from None
            finally:
                self._waiter = None
            if self.too_large:
                raise BodyTooLarge(
                    f"request body exceeds the limit of {limits.max_body_bytes} bytes"
                )
        if not self._size:
            raise InvalidRequest("request body is empty; send a JSON object")
        return self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)

    # Fed by the connection as bytes arrive.
    def feed(self, chunk: bytes) -> None:
        if self.too_large:
            return
        self._size += len(chunk)
        if self._size > self._connection.limits.max_body_bytes:
            self.too_large = True
            self._chunks.clear()
        else:
            self._chunks.append(chunk)
        self.wake()

    def finish(self) -> None:
        self.complete = True
        self.wake()

    def wake(self, exc: BaseException | None = None) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            if exc is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(exc)
