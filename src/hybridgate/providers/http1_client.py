"""A lean HTTP/1.1 client for upstream calls: keep-alive connections pooled per origin.

Upstream calls are the gateway's hottest path after its own front end, and a general client
spends most of a short call on features an LLM API never uses (cookies, redirects, tracing,
multidict headers, per-read timers). This one does a POST or GET over plain TCP or TLS,
parses the answer with httptools (Content-Length, chunked or read-until-close, gzip/deflate),
hands the body over in the pieces the network delivers, and keeps each deadline as a single
timer. Failures are raised as the exceptions below; `providers.http` maps them to the
gateway's error tree.
"""

from __future__ import annotations

import asyncio
import ssl
import string
import zlib
from collections import deque
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import httptools

from ..protocol.header_names import HeaderNames
from .proxies import Proxies, Proxy
from .proxies import tunnel as open_tunnel

#: Received but not yet consumed; above this the connection stops reading (backpressure).
_HIGH_WATER = 1 << 20
#: A pooled connection idle this long is closed rather than reused: a middlebox may have
#: dropped it silently.
_IDLE_S = 15.0
#: Answer header names as upstreams spell them, lower-cased (upstreams use a few spellings).
_HEADER_NAMES = HeaderNames(limit=256)


class ConnectFailed(OSError):
    """The TCP or TLS connection could not be opened."""


class ConnectionClosed(ConnectionError):
    """The upstream closed the connection before the answer was complete."""


class StaleConnection(ConnectionClosed):
    """A pooled connection found closed before a byte of the request was written: another
    connection may carry the request, which provably never left."""


class ClosedUnanswered(ConnectionClosed):
    """The upstream closed the connection after the request was written and before a byte of
    answer: it may have received and processed the request (and billed it)."""


class MalformedAnswer(ValueError):
    """The bytes on the wire are not an HTTP/1.1 answer."""


class AnswerTooLarge(MalformedAnswer):
    """The answer's body (decompressed) is larger than the client takes."""


#: What one answer's body may grow to once decompressed, by default (a gzip bomb of 510 KB
#: otherwise inflates to gigabytes in memory).
MAX_ANSWER_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Target:
    """A URL split once into what a request needs."""

    origin: tuple[str, str, int]  # scheme, host, port: the pool's key
    host_header: str
    path: str
    #: PEM file of the certificates trusted for this origin instead of the system's.
    ca_bundle: str | None = None

    @classmethod
    def parse(cls, url: str) -> Target:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        default_port = 443 if parts.scheme == "https" else 80
        port = parts.port or default_port
        host = parts.hostname
        if not host.isascii():  # an internationalised domain name, as DNS and Host take it
            host = host.encode("idna").decode("ascii")
        host_header = host if port == default_port else f"{host}:{port}"
        if ":" in host:  # an IPv6 literal keeps its brackets in the Host header
            host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        # A model named outside ASCII in a URL path ("…/models/東京:generateContent") is
        # percent-encoded: the request line is ASCII, nothing fails halfway through a call.
        path = quote(path, safe=string.punctuation)
        return cls((parts.scheme, host, port), host_header, path)


class Connection(asyncio.Protocol):
    """One connection to one origin, one exchange at a time."""

    def __init__(self, pool: ConnectionPool, origin: tuple[str, str, int]) -> None:
        self._pool = pool
        self._max_body = pool.max_answer_bytes
        self.origin = origin
        self._loop = pool.loop
        self._transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        self.closed = False
        self.idle_since = 0.0
        self.reused = False
        #: The plain-HTTP proxy this connection goes through (requests in absolute form).
        self.proxy: Proxy | None = None
        self.in_use = True  # from connect to `finish`, then again from each `send`
        # One deadline handle, kept across exchanges (see `_arm`).
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0
        self._deadline = 0.0
        self._reset()

    def _reset(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self._chunks: list[bytes] = []
        self._buffered = 0
        self._body_bytes = 0
        self._headers_done = False
        self._complete = False
        self._received = False
        self._read_any = False
        self._until_close = False
        self._keep_alive = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._total_deadline = 0.0
        self._paused = False
        self._inflate: zlib._Decompress | None = None

    # --- asyncio.Protocol ---------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]  # uvloop's is no subclass

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._cancel_timer()
        self._pool.forget(self)
        if self._headers_done and self._until_close and not self._complete:
            self._complete = True  # a body without length ends with the connection
        elif not self._complete and self._error is None:
            self._error = ConnectionClosed("the upstream closed the connection")
        self._wake()

    def data_received(self, data: bytes) -> None:
        if not self.in_use:  # bytes on an idle connection (a late 408, say) answer nothing
            self.close()
            return
        self._received = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:  # no subclass of HttpParserError
            self._fail(MalformedAnswer(f"an upgrade to another protocol (HTTP {self.status})"))
        except httptools.HttpParserError as exc:
            self._fail(MalformedAnswer(f"malformed HTTP answer: {exc}"))
        except zlib.error as exc:
            self._fail(MalformedAnswer(f"undecodable compressed body: {exc}"))
        else:
            if self._chunks:  # body pieces came (`on_body`): counted and woken once a read
                if not self._complete:  # (else counted as the body completed)
                    self._took()
                self._wake()

    # --- httptools callbacks ------------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        key = _HEADER_NAMES.known.get(name)  # one lookup, not a decode and a lower(), a field
        if key is None:
            key = _HEADER_NAMES.learn(name)
        self.headers[key] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        self.status = self._parser.get_status_code()
        if self.status < 200:
            return  # an interim answer (100 Continue): the real one follows
        self._headers_done = True
        self._keep_alive = self._parser.should_keep_alive()
        headers = self.headers
        self._until_close = "content-length" not in headers and "chunked" not in headers.get(
            "transfer-encoding", ""
        )
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("gzip", "deflate", "x-gzip"):
            self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib framing
        self._wake()

    def on_body(self, body: bytes) -> None:
        """Called for every chunk of a chunked body (an event each, from most SSE upstreams):
        a plain chunk is only kept; the reader is woken, and what a read added counted
        against the caps, after the whole read (`_took`), not once a chunk."""
        if self._inflate is None:
            self._chunks.append(body)
            return
        # Compressed: counted as it inflates, so no chunk ever inflates past the cap.
        room = self._max_body - self._body_bytes
        body = self._inflate.decompress(body, room + 1)
        if not body:
            return
        size = len(body)
        self._body_bytes += size
        if self._body_bytes > self._max_body:
            self._fail(AnswerTooLarge(f"the answer's body exceeds {self._max_body} bytes"))
            return
        self._chunks.append(body)
        self._buffered += size
        if self._buffered > _HIGH_WATER and not self._paused and self._transport is not None:
            self._paused = True
            self._transport.pause_reading()

    def _took(self) -> None:
        """Counts what the reads since the last count added to the body: the body cap (the
        most one read can hold beyond it is that read, already in memory) and the high-water
        mark that pauses reading. (A compressed body is counted in `on_body`: nothing new.)"""
        buffered = sum(map(len, self._chunks))
        self._body_bytes += buffered - self._buffered
        self._buffered = buffered
        if self._body_bytes > self._max_body:
            self._fail(AnswerTooLarge(f"the answer's body exceeds {self._max_body} bytes"))
        elif buffered > _HIGH_WATER and not self._paused and self._transport is not None:
            self._paused = True
            self._transport.pause_reading()

    def on_message_complete(self) -> None:
        if self.status < 200:
            self.headers = {}
            return
        self._took()  # the last read's chunks, before the body is declared whole
        if self._error is not None:
            return  # cut off already (too large): what is left is never decompressed
        if self._inflate is not None:
            if self._inflate.unconsumed_tail:
                self._fail(AnswerTooLarge(f"the answer's body exceeds {self._max_body} bytes"))
                return
            rest = self._inflate.flush()
            if rest:
                self._chunks.append(rest)
        self._complete = True
        self._wake()

    # --- the exchange -------------------------------------------------------------------

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _fail(self, exc: BaseException) -> None:
        if self._error is None and not self._complete:
            self._error = exc
        self.close()
        self._wake()

    def _time_out(self) -> None:
        self._timer = None
        if not self.in_use:
            return  # the exchange it was armed for has ended
        if self._loop.time() < self._deadline:  # a later exchange's deadline: wait for it
            self._arm(self._deadline)
            return
        if self._total_deadline and (self._chunks or self._complete or self._read_any):
            # The first bytes came in time; only the total deadline remains (armed lazily:
            # one timer per exchange in the common case).
            self._arm(self._total_deadline)
            self._total_deadline = 0.0
            return
        self._fail(TimeoutError())

    def _arm(self, deadline: float) -> None:
        """`_time_out` at `deadline`. The handle outlives its exchange and is replaced only
        when the new deadline comes sooner: a pooled connection's next exchange (its deadline
        is later) costs no timer of its own; `_time_out` waits on for it when called early."""
        self._deadline = deadline
        if self._timer is not None:
            if self._timer_at <= deadline:
                return
            self._timer.cancel()
        self._timer = self._loop.call_at(deadline, self._time_out)
        self._timer_at = deadline

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def _wait(self) -> None:
        self._waiter = self._loop.create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    async def send(self, head: bytes, body: bytes, first_byte_at: float, total_at: float) -> None:
        """Writes the request and waits for the answer's status and headers."""
        assert self._transport is not None
        if self.closed or self._transport.is_closing():
            raise StaleConnection("the pooled connection was closed before the request")
        self.in_use = True
        if first_byte_at < total_at:
            self._total_deadline = total_at
            self._arm(first_byte_at)
        else:
            self._arm(total_at)
        self._transport.write(head + body if len(body) < 16384 else head)
        if len(body) >= 16384:
            self._transport.write(body)
        while not self._headers_done:
            if self._error is not None:
                if isinstance(self._error, ConnectionClosed) and not self._received:
                    raise ClosedUnanswered("closed after the request, before any answer")
                raise self._error
            await self._wait()

    async def piece(self) -> bytes:
        """The body bytes received since the last call; b"" once the body is complete."""
        while True:
            if self._chunks:
                chunks = self._chunks
                data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
                self._chunks = []
                self._buffered = 0
                if self._paused and self._transport is not None:
                    self._paused = False
                    self._transport.resume_reading()
                self._read_any = True
                return data
            if self._complete:
                return b""
            if self._error is not None:
                raise self._error
            await self._wait()

    async def read(self, limit: int | None = None) -> bytes:
        """The whole body; with `limit`, at most that much (the connection is then not reused:
        what was not read is never read)."""
        pieces = []
        size = 0
        while piece := await self.piece():
            pieces.append(piece)
            size += len(piece)
            if limit is not None and size >= limit:
                self.close()
                return b"".join(pieces)[:limit]
        return b"".join(pieces)

    def finish(self) -> None:
        """Ends the exchange: back to the pool if the answer was read whole, else closed. (The
        deadline handle stays: the next exchange reuses it, see `_arm`.)"""
        self.in_use = False
        reusable = self._complete and self._keep_alive and self._error is None
        if reusable and not self.closed:
            self._reset()
            self.reused = True
            self._pool.release(self)
        else:
            self.close()

    def close(self) -> None:
        if self._transport is not None and not self.closed:
            self._transport.abort()  # nothing more to send; no lingering half-open sockets
        self.closed = True
        self._cancel_timer()
        self._pool.forget(self)


class ConnectionPool:
    """Keep-alive connections by origin, at most `limit` open in all."""

    def __init__(self, *, limit: int = 1000, max_answer_bytes: int = MAX_ANSWER_BYTES) -> None:
        self._limit = limit
        self.max_answer_bytes = max_answer_bytes
        self._proxies = Proxies.from_environment()
        self._idle: dict[tuple[str, str, int], deque[Connection]] = {}
        self._open: set[Connection] = set()
        self._slot_waiters: deque[asyncio.Future[None]] = deque()
        self._ssl: dict[str | None, ssl.SSLContext] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    async def acquire(self, target: Target, connect_s: float) -> Connection:
        origin = target.origin
        idle = self._idle.get(origin)
        now = self.loop.time()
        while idle:
            connection = idle.pop()
            if not connection.closed and now - connection.idle_since < _IDLE_S:
                return connection
            connection.close()
        while len(self._open) >= self._limit:
            waiter = self.loop.create_future()
            self._slot_waiters.append(waiter)
            await waiter
            if idle := self._idle.get(origin):
                return await self.acquire(target, connect_s)
        return await self._connect(target, connect_s)

    async def _connect(self, target: Target, connect_s: float) -> Connection:
        origin = target.origin
        scheme, host, port = origin
        connection = Connection(self, origin)
        proxy = self._proxies.for_origin(origin)
        self._open.add(connection)
        try:
            async with asyncio.timeout(connect_s):
                if proxy is None:
                    await self.loop.create_connection(
                        lambda: connection,
                        host,
                        port,
                        ssl=self._tls(target.ca_bundle) if scheme == "https" else None,
                        server_hostname=host if scheme == "https" else None,
                    )
                elif scheme == "http":  # the proxy takes the request itself, in absolute form
                    connection.proxy = proxy
                    await self.loop.create_connection(lambda: connection, proxy.host, proxy.port)
                else:
                    tunnel = await open_tunnel(proxy, host, port)
                    await self.loop.create_connection(
                        lambda: connection,
                        sock=tunnel,
                        ssl=self._tls(target.ca_bundle),
                        server_hostname=host,
                    )
        except BaseException as exc:
            self.forget(connection)
            if isinstance(exc, OSError) and not isinstance(exc, TimeoutError):
                raise ConnectFailed(exc.errno, str(exc)) from exc
            raise
        return connection

    def _tls(self, ca_bundle: str | None) -> ssl.SSLContext:
        """The system's trust (SSL_CERT_FILE / SSL_CERT_DIR honoured), or only `ca_bundle`'s
        certificates where a deployment names one."""
        context = self._ssl.get(ca_bundle)
        if context is None:
            context = self._ssl[ca_bundle] = ssl.create_default_context(cafile=ca_bundle)
        return context

    def release(self, connection: Connection) -> None:
        connection.idle_since = self.loop.time()
        self._idle.setdefault(connection.origin, deque()).append(connection)
        self._wake_one()

    def forget(self, connection: Connection) -> None:
        if connection in self._open:
            self._open.discard(connection)
            idle = self._idle.get(connection.origin)
            if idle and connection in idle:
                idle.remove(connection)
            self._wake_one()

    def _wake_one(self) -> None:
        while self._slot_waiters:
            waiter = self._slot_waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    def close(self) -> None:
        for connection in list(self._open):
            connection.close()
        self._idle.clear()
