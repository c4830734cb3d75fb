"""The one pooled upstream HTTP client of a process, and the mapping of its failures.

The transport is `http1_client`: a general client (aiohttp, httpx) spent more CPU on a short
call than the rest of the gateway's pipeline.
Every transport or status failure leaves here as an `UpstreamError` subclass, chained.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import AsyncIterator, Callable, Mapping

import msgspec

from ..config.schema import Timeouts
from ..errors import (
    UpstreamAuthFailed,
    UpstreamError,
    UpstreamOutcomeUnknown,
    UpstreamProtocolError,
    UpstreamRateLimited,
    UpstreamRedirected,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from ..observability.tracing import TRACEPARENT
from ..protocol import sse
from ..protocol.canonical import StreamEvent, coalesced
from .egress import EGRESS
from .http1_client import (
    MAX_ANSWER_BYTES,
    ClosedUnanswered,
    ConnectFailed,
    Connection,
    ConnectionClosed,
    ConnectionPool,
    MalformedAnswer,
    StaleConnection,
    Target,
)
from .request_head import request_head_parts

log = logging.getLogger("hybridgate.upstream")
_MAX_ERROR_BODY = 2000
_MAX_ERROR_READ = 64 * 1024
#: Bodies up to this are checked for egress on the loop (strings seen clean cost a digest).
_SCAN_ON_LOOP_BYTES = 16 * 1024


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    if not headers:
        return None
    value = headers.get("retry-after")  # names are lower-cased by the client
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP-date; callers fall back to their own backoff


def error_for_status(
    provider: str, status: int, body: str, retry_after: float | None
) -> UpstreamError:
    """The exception for a non-2xx upstream answer, chosen by status alone.

    What the caller reads is the status, the provider and, for a 4xx about its own request,
    the upstream's one-line reason ("max_tokens is too large"); never a 5xx body, which can
    carry internal host names, stack paths or a DSN. The full text, secrets masked, goes to
    the log."""
    detail = body[:_MAX_ERROR_BODY]
    if detail:
        log.warning("%s answered HTTP %d: %s", provider, status, mask_secrets(detail))
    reason = _reason(detail) if 400 <= status < 500 else ""
    message = (
        f"{provider} answered HTTP {status}: {reason}"
        if reason
        else f"{provider} answered HTTP {status}"
    )
    if status == 429:
        return UpstreamRateLimited(message, provider=provider, body=detail, retry_after=retry_after)
    if 300 <= status < 400:
        return UpstreamRedirected(
            f"{provider} answered HTTP {status} (a redirect): its base_url needs correcting",
            provider=provider,
            upstream_status=status,
            body=detail,
        )
    if status in (401, 403):
        return UpstreamAuthFailed(
            f"{provider} refused the gateway's credentials (HTTP {status})",
            provider=provider,
            upstream_status=status,
            body=detail,
        )
    if 400 <= status < 500:
        return UpstreamRejected(message, provider=provider, upstream_status=status, body=detail)
    return UpstreamUnavailable(message, provider=provider, upstream_status=status, body=detail)


_SECRET = re.compile(
    r"(?i)(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"  # user:password@ in URLs and DSNs
    r"|(?<=[=:] )?\b(?:sk|rk|pk)[-_][A-Za-z0-9_-]{8,}"
    r"|(?i:(?<=password)|(?<=secret)|(?<=token)|(?<=api_key)|(?<=apikey))[\"']?\s*[:=]\s*[\"']?[^\s\"',;]+"
)


def mask_secrets(text: str) -> str:
    """Credentials in an upstream's error text, masked before it is logged."""
    return _SECRET.sub("***", text)


def _reason(body: str) -> str:
    """An upstream 4xx's own message (OpenAI, Anthropic and Gemini put it in `error.message`),
    one line, masked, at most 300 characters."""
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(message, str):
        message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str):
        return ""
    return mask_secrets(" ".join(message.split()))[:300]


def as_upstream_error(provider: str, exc: Exception) -> UpstreamError | None:
    """The gateway's error for a transport or decoding failure, most specific first; None for
    an exception that is no upstream's doing (a bug: it propagates as it is)."""
    if isinstance(exc, UpstreamError):
        return exc
    if isinstance(exc, TimeoutError):
        return UpstreamTimeout(f"{provider} did not answer in time", provider=provider)
    if isinstance(exc, ConnectFailed):
        return UpstreamUnavailable(
            f"cannot connect to {provider}: {exc.strerror}", provider=provider
        )
    if isinstance(exc, ClosedUnanswered):
        return UpstreamOutcomeUnknown(
            f"{provider} closed the connection after receiving the request, before answering;"
            " not sent again (it may have been processed)",
            provider=provider,
        )
    if isinstance(exc, (ConnectionClosed, ConnectionResetError)):
        return UpstreamUnavailable(
            f"{provider} closed the connection mid-answer", provider=provider
        )
    if isinstance(exc, MalformedAnswer):
        return UpstreamProtocolError(f"{provider} sent {exc}", provider=provider)
    if isinstance(exc, OSError):
        return UpstreamUnavailable(
            f"{provider} transport error: {type(exc).__name__}", provider=provider
        )
    if isinstance(exc, (ValueError, msgspec.MsgspecError)):  # UnicodeDecodeError included
        return UpstreamProtocolError(
            f"{provider} sent an answer that is not valid JSON/SSE", provider=provider
        )
    return None


class UpstreamClient:
    """The process's pool of upstream connections; created and closed by the app's lifespan."""

    def __init__(
        self,
        *,
        connection_limit: int = 1000,
        cloud: frozenset[str] = frozenset(),
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        ca_bundles: Mapping[tuple[str, str, int], str] | None = None,
    ) -> None:
        self._pool = ConnectionPool(limit=connection_limit, max_answer_bytes=max_answer_bytes)
        #: Deployments outside the infrastructure: what they are sent passes the egress check.
        self.cloud = cloud
        #: Origins (scheme, host, port) whose TLS certificates are checked against a PEM file
        #: of their own instead of the system's trust (a deployment's `ca_bundle`).
        self._ca_bundles = dict(ca_bundles or {})
        self._targets: dict[str, Target] = {}  # parsed once: a deployment calls a few URLs
        #: Request heads without their length, by method, URL, form and headers: a
        #: deployment sends the same ones every call (built and checked once).
        self._heads: dict[tuple[object, ...], tuple[bytes, bytes]] = {}

    async def aclose(self) -> None:
        self._pool.close()

    def _target(self, url: str) -> Target:
        target = self._targets.get(url)
        if target is None:
            if len(self._targets) > 1000:
                self._targets.clear()
            target = Target.parse(url)
            if (ca_bundle := self._ca_bundles.get(target.origin)) is not None:
                target = dataclasses.replace(target, ca_bundle=ca_bundle)
            self._targets[url] = target
        return target

    def _head(
        self,
        method: str,
        url: str,
        target: Target,
        headers: dict[str, str],
        length: int,
        *,
        absolute: bool,
    ) -> bytes:
        key = (method, url, absolute, *headers.items())
        parts = self._heads.get(key)
        if parts is None:
            if len(self._heads) > 1000:  # a traced request's headers are its own
                self._heads.clear()
            parts = request_head_parts(method, target, headers, absolute=absolute)
            self._heads[key] = parts
        return b"%bcontent-length: %d\r\n%b" % (parts[0], length, parts[1])

    async def _open(
        self, method: str, url: str, body: bytes, headers: dict[str, str], timeouts: Timeouts
    ) -> Connection:
        """A connection whose answer's status and headers are in.

        A pooled connection found closed before the request was written is replaced: nothing
        left. One that closes after the request went out, before any answer, is replaced only
        for a GET: a POST may have reached the upstream and been processed (and billed), so it
        is never sent again (`ClosedUnanswered`)."""
        target = self._target(url)
        head = direct = self._head(method, url, target, headers, len(body), absolute=False)
        now = self._pool.loop.time()  # the pool's loop, kept (asking costs a getpid() on 3.11)
        first_byte_at, total_at = now + timeouts.first_byte_s, now + timeouts.total_s
        while True:
            connection = await self._pool.acquire(target, timeouts.connect_s)
            if connection.proxy is not None and head is direct:  # a plain-HTTP proxy's form
                head = self._head(method, url, target, headers, len(body), absolute=True)
            try:
                await connection.send(head, body, first_byte_at, total_at)
            except StaleConnection:
                connection.finish()
                continue
            except ClosedUnanswered:
                connection.finish()
                if method == "GET" and connection.reused:
                    continue
                raise
            except BaseException:
                connection.finish()
                raise
            return connection

    def post(
        self,
        url: str,
        *,
        provider: str,
        body: bytes,
        headers: dict[str, str],
        timeouts: Timeouts,
    ) -> Exchange:
        """POST `body`: `async with client.post(...) as answer` gives a 2xx answer whose body
        the caller reads inside the block; any other status raises its `UpstreamError`.

        `first_byte_s` runs until the answer's first body bytes (the first event, when
        streaming) as one deadline; after them only `total_s` applies."""
        headers = {"content-type": "application/json", **headers}
        if (traceparent := TRACEPARENT.get()) is not None:  # the attempt's span, when traced
            headers["traceparent"] = traceparent
        return Exchange(self, provider, url, body, headers, timeouts)

    async def status_of(self, url: str, *, headers: dict[str, str], timeout_s: float) -> int:
        """GET `url` and read the answer whole: its status (health checks)."""
        status, _ = await self.get(url, headers=headers, timeout_s=timeout_s)
        return status

    async def get(
        self, url: str, *, headers: dict[str, str] | None = None, timeout_s: float
    ) -> tuple[int, bytes]:
        """GET `url`: its status and whole body (health checks, worker watchdogs)."""
        timeouts = Timeouts(connect_s=timeout_s, first_byte_s=timeout_s, total_s=timeout_s)
        connection = await self._open("GET", url, b"", headers or {}, timeouts)
        try:
            body = await connection.read()
            return connection.status, body
        finally:
            connection.finish()


class Exchange:
    """One POST and its answer, as an async context manager (a class: this is every upstream
    call's path). Failures inside the block leave it as `UpstreamError`s too."""

    __slots__ = ("_body", "_client", "_connection", "_headers", "_provider", "_timeouts", "_url")

    def __init__(
        self,
        client: UpstreamClient,
        provider: str,
        url: str,
        body: bytes,
        headers: dict[str, str],
        timeouts: Timeouts,
    ) -> None:
        self._client = client
        self._provider = provider
        self._url = url
        self._body = body
        self._headers = headers
        self._timeouts = timeouts
        self._connection: Connection | None = None

    async def __aenter__(self) -> UpstreamAnswer:
        if self._provider in self._client.cloud and (check := EGRESS.get()) is not None:
            if len(self._body) > _SCAN_ON_LOOP_BYTES:
                await asyncio.to_thread(check, self._provider, self._body)
            else:
                check(self._provider, self._body)
        try:
            connection = await self._client._open(
                "POST", self._url, self._body, self._headers, self._timeouts
            )
            status = connection.status
            if status >= 300:
                retry_after = _retry_after(connection.headers)
                try:
                    # An error body is read for its message only: a 300 MB one is cut short.
                    raw = await connection.read(limit=_MAX_ERROR_READ)
                    text = raw.decode("utf-8", "replace")
                finally:
                    connection.finish()  # resets the connection's status and headers
                raise error_for_status(self._provider, status, text, retry_after)
        except Exception as exc:
            mapped = as_upstream_error(self._provider, exc)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc
        self._connection = connection
        return UpstreamAnswer(connection)

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        if self._connection is not None:
            self._connection.finish()
        if isinstance(exc, Exception):
            mapped = as_upstream_error(self._provider, exc)
            if mapped is not None and mapped is not exc:
                raise mapped from exc


class UpstreamAnswer:
    """A 2xx upstream answer: read whole, or as the pieces the network delivers."""

    __slots__ = ("_connection",)

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def read(self) -> bytes:
        return await self._connection.read()

    async def pieces(self) -> AsyncIterator[bytes]:
        piece = self._connection.piece
        while data := await piece():
            yield data

    async def event_batches(
        self,
        translate: Callable[[sse.SSEEvent], list[StreamEvent]],
        ended: Callable[[], bool] = lambda: False,
        *,
        read_whole: Callable[[bytes, int, bool], list[StreamEvent] | None] | None = None,
    ) -> AsyncIterator[list[StreamEvent]]:
        """A server-sent-event answer as canonical events, one batch per network read (one
        step of iteration per read, not per event). `translate` maps one upstream event;
        reading stops as soon as `ended()` (the upstream's end marker was seen).
        `read_whole`, if given, maps a read of plain `data:` frames at once (see
        `sse.Decoder.data_frames`); where it returns None the read goes event by event.

        Each batch has its runs of text joined (`coalesced`). What a read held before a
        failing event still reaches the caller; the failure comes with the next batch."""
        decoder = sse.Decoder()
        piece = self._connection.piece  # read here, not through `pieces()`: one hop less
        while data := await piece():
            if read_whole is not None:
                whole = decoder.data_frames(data, read_whole)
                if whole is not None:
                    if whole:
                        yield whole
                    if ended():
                        return
                    continue
            events = decoder.feed(data)
            if not events:
                continue
            batch, failure = _translated(events, translate, ended)
            if batch:
                yield coalesced(batch)
            if failure is not None:
                raise failure
            if ended():
                return
        batch, failure = _translated(decoder.finish(), translate, ended)
        if batch:
            yield coalesced(batch)
        if failure is not None:
            raise failure


def _translated(
    events: list[sse.SSEEvent],
    translate: Callable[[sse.SSEEvent], list[StreamEvent]],
    ended: Callable[[], bool],
) -> tuple[list[StreamEvent], Exception | None]:
    batch: list[StreamEvent] = []
    try:
        for event in events:
            batch += translate(event)
            if ended():
                break
    except Exception as exc:
        return batch, exc
    return batch, None
