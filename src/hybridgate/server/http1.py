"""The gateway's HTTP/1.1 front end: httptools parsing on an asyncio protocol, handlers called
directly with a `Request` and answered with a `Response` or a `StreamResponse` (messages.py).

Why not ASGI: a gateway relays every streamed chunk, and ASGI's per-message dicts, receive
queues and middleware wrappers cost more per chunk than the relay itself (measured in
bench/overhead). Here a chunk is one `transport.write`, a client that hangs up cancels its
handler (and so the upstream call) from `connection_lost`, and the timeouts a slow-loris client
meets are the protocol's own: headers within `header_timeout_s`, the body within
`body_timeout_s`, an idle keep-alive connection closed after `keepalive_timeout_s`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import httptools

from ..protocol import openai
from ..protocol.header_names import HeaderNames
from .errors import internal_error
from .messages import ClientDisconnected, Limits, Request, Response, StreamResponse
from .response_head import response_head

log = logging.getLogger("hybridgate.server")

#: Request line plus headers; larger is refused with 431 (llhttp itself sets no limit).
MAX_HEAD_BYTES = 64 * 1024
#: After refusing a request mid-upload, how long to keep reading (and dropping) what the client
#: still sends: closing with unread input makes the kernel send a reset, which can destroy the
#: answer before the client reads it.
LINGER_S = 2.0

#: Header names as clients spell them, lower-cased: one lookup instead of a decode and a
#: `lower()` for every field of every request. Learnt as they come, up to this many spellings
#: (a client inventing names meets the plain path past that, never a bigger table).
_HEADER_NAMES = HeaderNames(limit=512)

Handler = Callable[[Request], Awaitable[Response | StreamResponse]]


class _Connection(asyncio.Protocol):
    """One client connection: parses requests in order and answers them one at a time."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.limits = server.limits
        self.loop = server.loop
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.closed = False
        self.close_when_idle = False
        self._lingering = False
        #: A request the parser refused while another was being answered: sent after it.
        self._refusal: tuple[int, str] | None = None
        #: The parser failed: nothing more the client sends is read.
        self._broken = False
        # Parsing state of the request being received.
        self._url = b""
        self._headers: dict[str, str] = {}
        self._head_bytes = 0
        self._receiving: Request | None = None
        self._parsed_last: Request | None = None
        # The request being answered, and any pipelined behind it.
        self._current: Request | None = None
        self._task: asyncio.Task[None] | None = None
        self._pending: deque[Request] = deque()
        # One deadline at a time (header, keep-alive or linger), see `_arm`.
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0
        self._deadline = 0.0
        self._on_deadline: Callable[[], None] | None = None
        self._writable: asyncio.Future[None] | None = None
        self._continue_sent = False
        self.peer = ""
        self._header_count = 0
        self._in_trailers = False
        self._reading_paused = False

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no subclass
        peer = transport.get_extra_info("peername")
        self.peer = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        self.server.connections.add(self)
        self._arm(self.limits.keepalive_timeout_s, self._idle_timeout)

    def data_received(self, data: bytes) -> None:
        if self._lingering or self._broken:
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            # Parsed whole, but what follows would be another protocol: the request is not
            # served (its handler has not run yet), the client learns why.
            self._refuse(400, "protocol upgrades are not supported", self._parsed_last)
        except httptools.HttpParserCallbackError:
            # unless a callback already refused
            self._refuse(400, "malformed HTTP request", self._receiving)
        except httptools.HttpParserError as exc:
            # Also after the headers (chunk framing): the request whose body broke is dropped.
            self._refuse(400, f"malformed HTTP request: {exc}", self._receiving)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._cancel_timer()
        self.server.connections.discard(self)
        for request in (self._current, self._receiving):
            if request is not None:
                request.wake(ClientDisconnected())
        if self._task is not None and not self._task.done():
            self._task.cancel()  # cancels the upstream call with it
        if self._writable is not None and not self._writable.done():
            self._writable.set_exception(ClientDisconnected())

    def pause_writing(self) -> None:
        if self._writable is None or self._writable.done():
            self._writable = self.loop.create_future()

    def resume_writing(self) -> None:
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)

    # httptools callbacks
    def on_message_begin(self) -> None:
        self._url = b""
        self._headers = {}
        self._head_bytes = 0
        self._header_count = 0
        self._in_trailers = False
        if self._current is None:  # a pipelined request waits without a header clock
            self._arm(self.limits.header_timeout_s, self._header_timeout)

    def on_url(self, url: bytes) -> None:
        self._url += url
        self._head_bytes += len(url)
        if len(self._url) > self.limits.max_request_line_bytes:
            self._refuse(414, f"request target exceeds {self.limits.max_request_line_bytes} bytes")
            raise ValueError("request line too long")

    def on_header(self, name: bytes, value: bytes) -> None:
        if self._in_trailers:
            return  # trailers of a chunked body are never headers of the request
        self._head_bytes += len(name) + len(value)
        self._header_count += 1
        if self._head_bytes > MAX_HEAD_BYTES:
            self._refuse(431, f"request headers exceed {MAX_HEAD_BYTES} bytes")
            raise ValueError("headers too large")
        if self._header_count > self.limits.max_header_count:
            self._refuse(431, f"more than {self.limits.max_header_count} request header fields")
            raise ValueError("too many headers")
        key = _HEADER_NAMES.known.get(name)
        if key is None:
            key = _HEADER_NAMES.learn(name)
        text = value.decode("latin-1")
        previous = self._headers.get(key)
        self._headers[key] = text if previous is None else f"{previous}, {text}"

    def on_headers_complete(self) -> None:
        self._in_trailers = True
        if self._current is None:
            self._disarm()
        try:
            url = httptools.parse_url(self._url)
        except httptools.HttpParserInvalidURLError:
            self._refuse(400, "malformed request target")
            raise ValueError("bad url") from None
        # By position: a class called with keywords builds and unpacks a dict (every request).
        request = Request(
            self.parser.get_method().decode("latin-1"),  # method
            url.path.decode("latin-1"),  # path
            url.query.decode("latin-1") if url.query else "",  # query
            self._headers,
            self.parser.should_keep_alive(),  # keep_alive
            self.parser.get_http_version() == "1.1",  # http11
            self,  # connection
        )
        declared = self._headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.limits.max_body_bytes:
            request.too_large = True
        self._receiving = self._parsed_last = request
        if self._current is None:
            self._start(request)
        else:
            self._pending.append(request)
            if len(self._pending) >= self.limits.max_pipelined and self.transport is not None:
                self.transport.pause_reading()  # answers first; the client's bytes can wait
                self._reading_paused = True

    def on_body(self, body: bytes) -> None:
        if self._receiving is not None:
            self._receiving.feed(body)

    def on_message_complete(self) -> None:
        if self._receiving is not None:
            self._receiving.finish()
            self._receiving = None

    # Answering
    def continue_if_expected(self, request: Request) -> None:
        """`Expect: 100-continue` clients wait for a go-ahead before sending the body."""
        if (
            not self._continue_sent
            and request.headers.get("expect", "").lower() == "100-continue"
            and self.transport is not None
        ):
            self._continue_sent = True
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _start(self, request: Request) -> None:
        self._current = request
        self._continue_sent = False
        self._task = self.loop.create_task(self._serve(request))

    async def _serve(self, request: Request) -> None:
        try:
            try:
                response = await self.server.handler(request)
            except ClientDisconnected:
                return
            # The last line of defence: the client gets a clean 500, the log the traceback.
            except Exception:
                log.exception("unhandled error serving %s %s", request.method, request.path)
                response = internal_error("openai")
            if self.closed:
                return
            keep_alive = request.keep_alive and not self.close_when_idle
            if isinstance(response, StreamResponse):
                keep_alive = await self._stream(request, response, keep_alive)
            else:
                self._write(request, response, keep_alive)
        except ClientDisconnected:
            return
        except Exception:  # mid-stream: the head is sent, so all that is left is to hang up
            log.exception("stream for %s %s failed", request.method, request.path)
            self._close()
            return
        finally:
            self._task = None
        self._done(request, keep_alive)

    def _write(self, request: Request, response: Response, keep_alive: bool) -> None:
        assert self.transport is not None
        if not request.complete:
            keep_alive = False  # answered before the whole body arrived: hang up on the rest
        headers = response.headers
        headers.setdefault("x-request-id", request.request_id)
        headers["content-length"] = str(len(response.body))
        if not keep_alive:
            headers["connection"] = "close"
        head = response_head(response.status, headers, b"\r\n")
        self.transport.write(head if request.method == "HEAD" else head + response.body)
        if not keep_alive:
            self.close_when_idle = True

    async def _stream(self, request: Request, response: StreamResponse, keep_alive: bool) -> bool:
        """Relays `response.chunks`. Chunks that are ready together (an upstream packet often
        holds many events) leave in one write at the end of the loop's turn: one syscall and
        one chunked frame instead of one per event, with no added wait."""
        assert self.transport is not None
        transport = self.transport
        chunked = request.http11  # HTTP/1.0 clients read until the connection closes
        headers = response.headers
        headers.setdefault("x-request-id", request.request_id)
        if chunked:
            headers["transfer-encoding"] = "chunked"
        else:
            keep_alive = False
        if not keep_alive:
            headers["connection"] = "close"
        head: bytes | None = response_head(response.status, headers, b"\r\n")
        ready: list[bytes] = []
        scheduled: asyncio.Handle | None = None

        def flush(tail: bytes = b"") -> None:
            nonlocal head, scheduled
            scheduled = None
            if self.closed:
                return
            payload = b"".join(ready)
            ready.clear()
            data = (
                (b"%x\r\n%b\r\n" % (len(payload), payload) if chunked else payload)
                if payload
                else b""
            )
            if head is not None:  # the head travels with the first chunk
                data, head = head + data, None
            transport.write(data + tail)

        chunks = response.chunks
        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                ready.append(chunk)
                if scheduled is None:
                    scheduled = self.loop.call_soon(flush)
                if self._writable is not None and not self._writable.done():
                    await self._drained()
            if scheduled is not None:
                scheduled.cancel()
            flush(b"0\r\n\r\n" if chunked else b"")
        finally:
            if scheduled is not None:
                scheduled.cancel()
            aclose = getattr(chunks, "aclose", None)
            if aclose is not None:
                await aclose()
        return keep_alive

    async def _drained(self) -> None:
        """Waits for a full write buffer to drain; a client that stops reading for longer than
        `stream_write_timeout_s` is cut off (its upstream call with it), or it would hold the
        connection, and the answer's memory, for ever."""
        assert self._writable is not None
        try:
            async with asyncio.timeout(self.limits.stream_write_timeout_s):
                await asyncio.shield(self._writable)
        except TimeoutError:
            log.warning(
                "a client stopped reading for %g s; cut off", self.limits.stream_write_timeout_s
            )
            self._writable.cancel()  # nobody waits on it any more
            self.abort()
            raise ClientDisconnected() from None

    def _done(self, request: Request, keep_alive: bool) -> None:
        self._current = None
        if self.closed:
            return
        if not keep_alive or self.close_when_idle:
            self._close(linger=not request.complete)
            return
        if self._pending:
            self._start(self._pending.popleft())
            if self._reading_paused and len(self._pending) < self.limits.max_pipelined:
                self._reading_paused = False
                if self.transport is not None:
                    self.transport.resume_reading()
        elif self._refusal is not None:
            self._send_refusal(*self._refusal)
        elif self._receiving is None:
            self._arm(self.limits.keepalive_timeout_s, self._idle_timeout)

    # Refusals and timeouts
    def _refuse(self, status: int, message: str, offending: Request | None = None) -> None:
        """Answers a request the parser could not accept, then hangs up. `offending`: the
        request it belongs to when its head was accepted (its body broke, or it asks for an
        upgrade); it is dropped unanswered otherwise. Requests before it are answered first."""
        if self.closed or self._lingering or self._broken or self.transport is None:
            return
        self._broken = True
        if offending is not None and offending is self._current:
            if self._task is not None:
                self._task.cancel()  # still waiting for its body, or not started: nothing sent
            self._current = None
        elif offending is not None and offending in self._pending:
            self._pending.remove(offending)
        if self._current is not None:
            self._refusal = (status, message)  # after the answer in progress (see `_done`)
            return
        self._send_refusal(status, message)

    def _send_refusal(self, status: int, message: str) -> None:
        if self.closed or self.transport is None:
            return
        body = openai.error_body(
            message, error_type="invalid_request_error", param=None, code=str(status)
        )
        head = response_head(
            status,
            {
                "content-type": "application/json",
                "content-length": str(len(body)),
                "connection": "close",
            },
            b"\r\n",
        )
        self.transport.write(head + body)
        self._close(linger=True)

    def _header_timeout(self) -> None:
        self._refuse(408, f"request headers not received within {self.limits.header_timeout_s:g} s")

    def _idle_timeout(self) -> None:
        if self._current is None and self._receiving is None:
            self._close()

    def _arm(self, seconds: float, callback: Callable[[], None]) -> None:
        """`callback` in `seconds`, replacing any deadline set before. A keep-alive connection
        sets two deadlines a request: the timer handle is kept, and replaced only when the
        new deadline comes sooner; a later one is met when the handle fires (`_expire`)."""
        deadline = self.loop.time() + seconds
        self._deadline, self._on_deadline = deadline, callback
        if self._timer is not None:
            if self._timer_at <= deadline:
                return
            self._timer.cancel()
        self._timer = self.loop.call_at(deadline, self._expire)
        self._timer_at = deadline

    def _disarm(self) -> None:
        self._on_deadline = None  # the handle, if any, fires to no effect (or is re-armed)

    def _expire(self) -> None:
        self._timer = None
        callback = self._on_deadline
        if callback is None:
            return
        if self.loop.time() < self._deadline:  # moved later since the handle was made
            self._timer = self.loop.call_at(self._deadline, self._expire)
            self._timer_at = self._deadline
            return
        self._on_deadline = None
        callback()

    def _cancel_timer(self) -> None:
        self._on_deadline = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _close(self, linger: bool = False) -> None:
        if self.closed or self.transport is None:
            return
        if linger and not self._lingering and self.transport.can_write_eof():
            self._lingering = True  # half-close: the answer goes out, input is dropped
            self.transport.write_eof()
            self._arm(LINGER_S, self._close)
            return
        self.closed = True
        self._cancel_timer()
        self.transport.close()

    def shutdown(self) -> None:
        """Stop after the current answer; an idle connection closes now."""
        self.close_when_idle = True
        if self._current is None:
            self._close()

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()


class Server:
    """Serves `handler` on a socket; `shutdown()` stops accepting and lets answers finish."""

    def __init__(self, handler: Handler, limits: Limits) -> None:
        self.handler = handler
        self.limits = limits
        self.loop = asyncio.get_running_loop()
        self.connections: set[_Connection] = set()
        self._server: asyncio.Server | None = None

    async def listen(self, host: str, port: int, **kwargs: Any) -> None:
        self._server = await self.loop.create_server(
            lambda: _Connection(self), host, port, reuse_address=True, backlog=2048, **kwargs
        )

    async def listen_on(self, sock: socket.socket) -> None:
        """Accepts on a socket already bound (a `serve --workers` worker's, shared)."""
        sock.listen(2048)
        self._server = await self.loop.create_server(
            lambda: _Connection(self), sock=sock, backlog=2048
        )

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def shutdown(self, timeout_s: float) -> None:
        """Stops accepting, waits up to `timeout_s` for in-flight answers, cuts the rest."""
        if self._server is not None:
            self._server.close()
        for connection in list(self.connections):
            connection.shutdown()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                while self.connections:
                    await asyncio.sleep(0.05)
        for connection in list(self.connections):
            connection.abort()
        if self._server is not None:
            await self._server.wait_closed()
