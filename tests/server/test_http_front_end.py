"""The HTTP/1.1 front end as raw clients meet it: keep-alive, pipelining, HTTP/1.0, 100-continue,
and the limits that protect it (header timeout, idle timeout, header size, malformed requests)."""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

CHAT = "/v1/chat/completions"
BODY = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}).encode()


@pytest.fixture(autouse=True)
def _plain_answers(openai_upstream: FakeUpstream) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="hello from upstream"))


def _connect(gateway: Gateway) -> socket.socket:
    return socket.create_connection(("127.0.0.1", int(gateway.url.rsplit(":", 1)[1])), timeout=10)


def _post(path: str = CHAT, body: bytes = BODY, version: str = "1.1", extra: str = "") -> bytes:
    return (
        f"POST {path} HTTP/{version}\r\nhost: x\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


def _read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


class Reader:
    """Reads responses with a content-length off one connection, in order."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def response(self) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            assert chunk, f"connection closed; got {self.buffer!r}"
            self.buffer += chunk
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:])
        length = int(headers.get("content-length", "0"))
        while len(rest) < length:
            rest += self.sock.recv(65536)
        self.buffer = rest[length:]
        return int(lines[0].split()[1]), headers, rest[:length]


def test_keep_alive_serves_many_requests_on_one_connection(gateway: Gateway) -> None:
    with _connect(gateway) as sock:
        reader = Reader(sock)
        for _ in range(3):
            sock.sendall(_post())
            status, headers, body = reader.response()
            assert status == 200 and "connection" not in headers
            assert json.loads(body)["choices"][0]["message"]["content"]


def test_pipelined_requests_are_answered_in_order(gateway: Gateway) -> None:
    with _connect(gateway) as sock:
        sock.sendall(
            _post(extra="x-request-id: first\r\n")
            + b"GET /healthz HTTP/1.1\r\nhost: x\r\nx-request-id: second\r\n\r\n"
            + _post(extra="x-request-id: third\r\n")
        )
        reader = Reader(sock)
        answers = [reader.response() for _ in range(3)]
    assert [(s, h["x-request-id"]) for s, h, _ in answers] == [
        (200, "first"),
        (200, "second"),
        (200, "third"),
    ]
    assert json.loads(answers[1][2])["status"] == "ok"


def test_http_1_0_gets_an_answer_and_the_connection_closes(gateway: Gateway) -> None:
    with _connect(gateway) as sock:
        sock.sendall(_post(version="1.0"))
        data = _read_until_closed(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"connection: close" in head.lower()
    assert json.loads(body)["object"] == "chat.completion"


def test_http_1_0_streams_without_chunked_encoding(gateway: Gateway) -> None:
    stream = json.dumps({**json.loads(BODY), "stream": True}).encode()
    with _connect(gateway) as sock:
        sock.sendall(_post(body=stream, version="1.0"))
        data = _read_until_closed(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"transfer-encoding" not in head.lower()
    events = [line for line in body.decode().split("\n") if line.startswith("data: ")]
    assert events[-1] == "data: [DONE]" and len(events) > 2


def test_expect_100_continue_gets_the_go_ahead_then_the_answer(gateway: Gateway) -> None:
    with _connect(gateway) as sock:
        sock.sendall(_post(extra="expect: 100-continue\r\n")[: -len(BODY)])
        interim = sock.recv(65536)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(BODY)
        status, _, body = Reader(sock).response()
    assert status == 200 and json.loads(body)["choices"]


def test_head_answers_like_get_without_a_body(gateway: Gateway) -> None:
    with _connect(gateway) as sock:
        sock.sendall(
            b"HEAD /healthz HTTP/1.1\r\nhost: x\r\n\r\nGET /healthz HTTP/1.1\r\nhost: x\r\n\r\n"
        )
        time.sleep(0.3)
        data = sock.recv(65536)
    first, _, rest = data.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 200") and b"content-length: " in first
    assert rest.startswith(b"HTTP/1.1 200")  # the HEAD answer carried no body


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"NOT A REQUEST\r\n\r\n",
        b"POST /v1/chat/completions HTTP/1.1\r\ncontent-length: nope\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nbad header line\r\n\r\n",
    ],
    ids=["request line", "content-length", "header line"],
)
def test_malformed_requests_get_400_and_a_json_error(
    gateway: Gateway, request_bytes: bytes
) -> None:
    with _connect(gateway) as sock:
        sock.sendall(request_bytes)
        data = _read_until_closed(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert "malformed" in json.loads(body)["error"]["message"]


def test_oversized_headers_get_431(gateway: Gateway) -> None:
    with _connect(gateway) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
        try:
            for i in range(100):
                sock.sendall(f"x-filler-{i}: {'a' * 1000}\r\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused while still sending: the answer is already waiting
        data = _read_until_closed(sock)
    assert data.startswith(b"HTTP/1.1 431")
    assert b"headers exceed" in data


@pytest.fixture
def strict(gateway_factory: GatewayFactory) -> Gateway:
    return gateway_factory(
        lambda c: c["server"].update(header_timeout_s=1.0, keepalive_timeout_s=1.0)
    )


def test_headers_that_trickle_are_cut_off_with_408(strict: Gateway) -> None:
    with _connect(strict) as sock:
        start = time.monotonic()
        sock.settimeout(0.2)
        data = b""
        for byte in b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n":
            try:
                sock.sendall(bytes([byte]))
                data += sock.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if data:
                break
        elapsed = time.monotonic() - start
    assert data.startswith(b"HTTP/1.1 408")
    assert b"headers not received within 1 s" in data
    assert 0.9 < elapsed < 4


def test_an_idle_keep_alive_connection_is_closed(strict: Gateway) -> None:
    with _connect(strict) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        status, _, _ = Reader(sock).response()
        assert status == 200
        start = time.monotonic()
        assert sock.recv(65536) == b""  # closed by the gateway, not by us
        assert 0.8 < time.monotonic() - start < 4


def test_header_names_are_read_in_any_spelling_before_and_after_many_new_ones(
    gateway: Gateway,
) -> None:
    """Names are lower-cased through a table learnt as they come (http1.py); once it is full,
    new spellings are still read the same way."""
    with _connect(gateway) as sock:
        reader = Reader(sock)
        for spelling in ("X-Request-Id", "x-REQUEST-id"):
            sock.sendall(_post(extra=f"{spelling}: given-{len(spelling)}-{spelling[0]}\r\n"))
            status, headers, _ = reader.response()  # (`Reader` lower-cases the whole head)
            assert status == 200 and headers["x-request-id"] == f"given-12-{spelling[0].lower()}"
        for batch in range(8):  # 640 names no client sent before: past the table's size
            junk = "".join(f"X-Junk-{batch}-{n}: v\r\n" for n in range(80))
            sock.sendall(_post(extra=junk))
            assert reader.response()[0] == 200
        sock.sendall(_post(extra="X-rEqUeSt-iD: after-the-table\r\n"))
        status, headers, _ = reader.response()
        assert status == 200 and headers["x-request-id"] == "after-the-table"


def test_a_body_in_hand_late_or_empty_is_read_as_before(gateway: Gateway) -> None:
    """The usual body is taken as it is when the head is answered (`Request.received`); one
    still on its way is waited for, and an empty one is refused in the caller's protocol."""
    with _connect(gateway) as sock:
        reader = Reader(sock)
        sock.sendall(_post())  # head and body in one write: in hand
        assert reader.response()[0] == 200
        request = _post()
        sock.sendall(request[: -len(BODY)])  # the head alone; the body follows
        time.sleep(0.3)
        sock.sendall(BODY)
        status, _, body = reader.response()
        assert status == 200 and json.loads(body)["choices"][0]["message"]["content"]
        sock.sendall(_post(body=b""))
        status, _, body = reader.response()
        assert status == 400 and json.loads(body)["error"]["message"]
