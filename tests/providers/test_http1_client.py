"""The upstream HTTP client against a scripted raw-socket server on loopback: how answers are
framed (length, chunked, until close, gzip), how connections are reused and replaced, TLS,
deadlines and the connection limit — the things a provider never sees but depends on."""

from __future__ import annotations

import asyncio
import gzip
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from hybridgate.config.schema import Timeouts
from hybridgate.errors import UpstreamProtocolError, UpstreamTimeout, UpstreamUnavailable
from hybridgate.providers.http import UpstreamClient

Answer = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[bool]]
TIMEOUTS = Timeouts(connect_s=2, first_byte_s=2, total_s=5)


class ScriptedServer:
    """Reads each request whole, then lets `answer` write whatever bytes it likes; the
    connection stays open while `answer` returns True."""

    def __init__(self, answer: Answer, tls: ssl.SSLContext | None = None) -> None:
        self.answer = answer
        self.tls = tls
        self.connections = 0
        self.open_now = 0
        self.most_open = 0
        self.requests: list[bytes] = []
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> ScriptedServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        scheme = "https" if self.tls else "http"
        host = "localhost" if self.tls else "127.0.0.1"
        return f"{scheme}://{host}:{port}/v1/chat/completions"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_now += 1
        self.most_open = max(self.most_open, self.open_now)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                self.requests.append(head + await reader.readexactly(length))
                if not await self.answer(reader, writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.open_now -= 1
            writer.close()


def fixed(body: bytes, *, extra: bytes = b"") -> Answer:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n%s\r\n" % (len(body), extra))
        writer.write(body)
        await writer.drain()
        return True

    return answer


async def post(client: UpstreamClient, url: str, timeouts: Timeouts = TIMEOUTS) -> bytes:
    async with client.post(
        url,
        provider="up",
        body=b'{"x":1}',
        headers={"authorization": "Bearer k"},
        timeouts=timeouts,
    ) as answer:
        return await answer.read()


@pytest.fixture
async def client() -> AsyncIterator[UpstreamClient]:
    client = UpstreamClient()
    yield client
    await client.aclose()


async def test_a_keep_alive_connection_serves_one_request_after_another(
    client: UpstreamClient,
) -> None:
    async with ScriptedServer(fixed(b'{"ok":true}')) as server:
        assert [await post(client, server.url) for _ in range(3)] == [b'{"ok":true}'] * 3
    assert server.connections == 1
    head = server.requests[0].decode()
    assert head.startswith("POST /v1/chat/completions HTTP/1.1\r\n")
    assert "authorization: Bearer k\r\n" in head and "content-type: application/json" in head
    assert server.requests[0].endswith(b'\r\n\r\n{"x":1}')


async def test_a_chunked_stream_arrives_in_the_pieces_the_network_delivers(
    client: UpstreamClient,
) -> None:
    release = asyncio.Event()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n")
        await writer.drain()
        await release.wait()
        writer.write(b"6\r\nsecond\r\n0\r\n\r\n")
        await writer.drain()
        return True

    async with ScriptedServer(answer) as server:
        async with client.post(
            server.url, provider="up", body=b"{}", headers={}, timeouts=TIMEOUTS
        ) as upstream:
            pieces = upstream.pieces()
            assert await anext(pieces) == b"first"  # before the rest exists
            release.set()
            assert [piece async for piece in pieces] == [b"second"]
        assert await post(client, server.url) == b"firstsecond"  # and the connection is reused
    assert server.connections == 1


async def test_a_body_without_length_ends_with_the_connection(client: UpstreamClient) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nall of it")
        await writer.drain()
        return False

    async with ScriptedServer(answer) as server:
        assert await post(client, server.url) == b"all of it"
        assert await post(client, server.url) == b"all of it"
    assert server.connections == 2


async def test_a_gzip_answer_is_decompressed(client: UpstreamClient) -> None:
    body = b'{"text":"' + b"word " * 2000 + b'"}'
    async with ScriptedServer(fixed(gzip.compress(body), extra=b"content-encoding: gzip\r\n")) as s:
        assert await post(client, s.url) == body
        assert b"accept-encoding: gzip, deflate" in s.requests[0]


async def test_a_connection_the_upstream_dropped_while_idle_is_replaced_unnoticed(
    client: UpstreamClient,
) -> None:
    served = 0

    async def answer_then_hang_up(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        nonlocal served
        served += 1
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
        await writer.drain()
        return False  # closes after answering, without saying so (no `connection: close`)

    async with ScriptedServer(answer_then_hang_up) as server:
        assert await post(client, server.url) == b"ok"
        await asyncio.sleep(0.05)
        assert await post(client, server.url) == b"ok"
    assert served == 2 and server.connections == 2


async def test_bytes_sent_on_an_idle_connection_never_pass_for_the_next_answer(
    client: UpstreamClient,
) -> None:
    async def answer_then_stray_408(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        await fixed(b"real")(reader, writer)
        await asyncio.sleep(0.02)  # idle now: some servers say 408 before hanging up
        writer.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n\r\n")
        await writer.drain()
        await asyncio.sleep(0.2)
        return False

    async with ScriptedServer(answer_then_stray_408) as server:
        assert await post(client, server.url) == b"real"
        await asyncio.sleep(0.06)  # the 408 has arrived; the connection is still open
        assert await post(client, server.url) == b"real"
    assert server.connections == 2


async def test_an_upstream_that_closes_mid_body_is_an_unavailable_upstream(
    client: UpstreamClient,
) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part")
        await writer.drain()
        return False

    async with ScriptedServer(answer) as server:
        with pytest.raises(UpstreamUnavailable, match="closed the connection"):
            await post(client, server.url)


async def test_bytes_that_are_not_http_are_a_protocol_error(client: UpstreamClient) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        await writer.drain()
        return True

    async with ScriptedServer(answer) as server:
        with pytest.raises(UpstreamProtocolError, match="malformed HTTP answer"):
            await post(client, server.url)


async def test_first_byte_and_total_deadlines(client: UpstreamClient) -> None:
    async def late_headers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(1)
        return await fixed(b"late")(reader, writer)

    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        for _ in range(20):
            writer.write(b"1\r\nx\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)
        writer.write(b"0\r\n\r\n")
        return True

    async with ScriptedServer(late_headers) as server:
        with pytest.raises(UpstreamTimeout):
            await post(client, server.url, Timeouts(connect_s=1, first_byte_s=0.2, total_s=5))
    async with ScriptedServer(trickle) as server:
        # The first byte is in time; the trickle outlives the total.
        with pytest.raises(UpstreamTimeout):
            await post(client, server.url, Timeouts(connect_s=1, first_byte_s=0.2, total_s=0.5))
        # Gaps under first_byte_s never time out a stream whose first byte came in time.
        answer = await post(client, server.url, Timeouts(connect_s=1, first_byte_s=0.2, total_s=5))
        assert answer == b"x" * 20


async def test_a_pooled_connection_keeps_each_calls_own_deadline(client: UpstreamClient) -> None:
    answers = 0

    async def every_other_late(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        nonlocal answers
        answers += 1
        if answers % 2 == 0:
            await asyncio.sleep(0.6)
        return await fixed(b"ok")(reader, writer)

    quick = Timeouts(connect_s=1, first_byte_s=0.3, total_s=0.3)
    patient = Timeouts(connect_s=1, first_byte_s=5, total_s=5)
    async with ScriptedServer(every_other_late) as server:
        # A call with an early deadline, then one with a later deadline on the same connection:
        # the second waits for its own answer past the first call's deadline.
        assert await post(client, server.url, quick) == b"ok"
        assert await post(client, server.url, patient) == b"ok"
        # A call with a late deadline, then one with an early deadline: the early one holds.
        assert await post(client, server.url, patient) == b"ok"
        with pytest.raises(UpstreamTimeout):
            await post(client, server.url, quick)
    assert server.connections == 1


async def test_no_more_connections_than_the_limit() -> None:
    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(0.05)
        return await fixed(b"ok")(reader, writer)

    client = UpstreamClient(connection_limit=2)
    try:
        async with ScriptedServer(slow) as server:
            answers = await asyncio.gather(*(post(client, server.url) for _ in range(6)))
    finally:
        await client.aclose()
    assert answers == [b"ok"] * 6
    assert server.most_open == 2


async def test_a_header_with_a_line_break_is_refused_before_anything_is_sent(
    client: UpstreamClient,
) -> None:
    async with ScriptedServer(fixed(b"ok")) as server:
        with pytest.raises(UpstreamProtocolError):
            async with client.post(
                server.url,
                provider="up",
                body=b"{}",
                headers={"x-team": "a\r\nx-admin: yes"},
                timeouts=TIMEOUTS,
            ):
                pass
    assert server.requests == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


async def test_tls_upstreams_are_verified_against_the_trusted_certificates(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    async with ScriptedServer(fixed(b"secret answer"), tls=tls) as server:
        untrusting = UpstreamClient()
        try:
            with pytest.raises(UpstreamUnavailable, match="cannot connect to up"):
                await post(untrusting, server.url)
        finally:
            await untrusting.aclose()
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # as an operator trusts a private CA
        trusting = UpstreamClient()
        try:
            assert await post(trusting, server.url) == b"secret answer"
        finally:
            await trusting.aclose()


async def test_a_gzip_bomb_is_cut_off_at_the_answer_cap() -> None:
    bomb = gzip.compress(b"\0" * (32 * 1024 * 1024))  # 32 MB of zeros in ~32 KB
    capped = UpstreamClient(max_answer_bytes=1024 * 1024)
    try:
        async with ScriptedServer(fixed(bomb, extra=b"content-encoding: gzip\r\n")) as s:
            with pytest.raises(UpstreamProtocolError, match="exceeds 1048576 bytes"):
                await post(capped, s.url)
    finally:
        await capped.aclose()


async def test_a_huge_error_body_is_read_only_for_its_message(client: UpstreamClient) -> None:
    sent = 0

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        nonlocal sent
        writer.write(b"HTTP/1.1 500 Oops\r\ncontent-length: 300000000\r\n\r\n")
        try:
            while sent < 300_000_000:
                writer.write(b"x" * 65536)
                sent += 65536
                await writer.drain()
        except ConnectionError:
            pass
        return False

    async with ScriptedServer(answer) as server:
        with pytest.raises(UpstreamUnavailable, match="HTTP 500"):
            await post(client, server.url)
    assert sent < 32 * 1024 * 1024  # the client hung up long before 300 MB


class Proxy:
    """A forward proxy on loopback, as a corporate network has: CONNECT tunnels for HTTPS (bytes
    piped both ways, never read), and plain-HTTP requests in absolute form, answered itself."""

    def __init__(self) -> None:
        self.seen: list[bytes] = []
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Proxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://user:pa%40ss@127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers = [writer]
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            self.seen.append(head)
            method, target, _ = head.split(b"\r\n", 1)[0].split(b" ")
            if method == b"CONNECT":
                host, port = target.rsplit(b":", 1)
                up_reader, up_writer = await asyncio.open_connection(host.decode(), int(port))
                writers.append(up_writer)
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")

                async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
                    while data := await source.read(65536):
                        sink.write(data)
                        await sink.drain()
                    sink.close()

                await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
                return
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nvia proxy!")
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            for each in writers:
                each.close()


async def test_plain_http_goes_through_http_proxy_in_absolute_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with Proxy() as proxy, ScriptedServer(fixed(b"direct")) as server:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        proxied = UpstreamClient()
        try:
            assert await post(proxied, server.url) == b"via proxy!"
        finally:
            await proxied.aclose()
        request_line = proxy.seen[0].split(b"\r\n", 1)[0].decode()
        assert request_line == f"POST {server.url} HTTP/1.1"
        assert b"proxy-authorization: Basic dXNlcjpwYUBzcw==" not in proxy.seen[0]  # HTTP: no
        # NO_PROXY names hosts reached directly.
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        direct = UpstreamClient()
        try:
            assert await post(direct, server.url) == b"direct"
        finally:
            await direct.aclose()
        assert len(proxy.seen) == 1


async def test_https_goes_through_a_connect_tunnel_with_tls_to_the_upstream(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    async with Proxy() as proxy, ScriptedServer(fixed(b"secret answer"), tls=tls) as server:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        port = server.url.split(":")[2].split("/")[0]
        client = UpstreamClient()
        try:
            assert await post(client, server.url) == b"secret answer"
            assert await post(client, server.url) == b"secret answer"  # the tunnel is reused
        finally:
            await client.aclose()
            await asyncio.sleep(0.05)  # the tunnel's pipes see the close
    assert proxy.seen[0].startswith(f"CONNECT localhost:{port} HTTP/1.1\r\n".encode())
    assert b"proxy-authorization: Basic dXNlcjpwYUBzcw==" in proxy.seen[0]
    assert len(proxy.seen) == 1
    assert b"secret answer" not in b"".join(proxy.seen)  # the proxy saw only the CONNECT


async def test_requests_say_who_sends_them(client: UpstreamClient) -> None:
    async with ScriptedServer(fixed(b"{}")) as server:
        await post(client, server.url)
    assert b"\r\nuser-agent: hybridgate/" in server.requests[0]


def _chunked(pieces: list[bytes], *, pause_every: int = 0) -> Answer:
    """A chunked answer, one chunk a piece; with `pause_every`, a pause (a separate network
    read) after that many chunks."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        for i, piece in enumerate(pieces, 1):
            writer.write(b"%x\r\n%b\r\n" % (len(piece), piece))
            if pause_every and i % pause_every == 0:
                await writer.drain()
                await asyncio.sleep(0.005)
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True

    return answer


@pytest.mark.parametrize("pause_every", [0, 7])  # the whole answer in one read, or in many
@pytest.mark.parametrize("size", [1024 * 1024 + 1, 3 * 1024 * 1024])
async def test_a_plain_answer_over_the_cap_is_cut_off_however_it_is_read(
    pause_every: int, size: int
) -> None:
    # Many small chunks (an event each, as a streaming upstream sends them), counted a read
    # at a time: the cap holds whether the overflow comes mid-answer or with its last chunk.
    pieces = [b"x" * 1000] * (size // 1000) + [b"x" * (size % 1000)]
    capped = UpstreamClient(max_answer_bytes=1024 * 1024)
    try:
        async with ScriptedServer(_chunked(pieces, pause_every=pause_every)) as s:
            with pytest.raises(UpstreamProtocolError, match="exceeds 1048576 bytes"):
                await post(capped, s.url)
        async with ScriptedServer(fixed(b"y" * size)) as s:  # with a content-length
            with pytest.raises(UpstreamProtocolError, match="exceeds 1048576 bytes"):
                await post(capped, s.url)
        exact = [b"z" * 1024] * 1024  # exactly the cap: answered whole
        async with ScriptedServer(_chunked(exact, pause_every=pause_every)) as s:
            assert await post(capped, s.url) == b"z" * (1024 * 1024)
    finally:
        await capped.aclose()
