"""Protocol corners of the front end: a request that asks to switch protocols, and bodies whose
framing breaks after the headers were accepted. Each gets an HTTP answer with a JSON error
before the connection closes (never a bare close), and nothing is logged as a crash."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator

import pytest

from tests.conftest import Gateway
from tests.hostile.test_hostile_inputs import _connect

CHAT = "/v1/chat/completions"
BODY = b'{"model": "gpt-4o", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}'


@pytest.fixture
def crashes(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """Records at ERROR or above: a traceback the front end logged (it should log none)."""
    with caplog.at_level(logging.WARNING):
        found: list[logging.LogRecord] = []
        yield found
        found += [r for r in caplog.records if r.levelno >= logging.ERROR]


def _answer_then_close(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Everything the gateway sends until it closes: one answer's status, headers and body."""
    sock.settimeout(10)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    assert data, "the gateway closed without an answer"
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split(" ")[1]), headers, body[: int(headers["content-length"])]


def _send(gateway: Gateway, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    with _connect(gateway) as sock:
        sock.sendall(raw)
        return _answer_then_close(sock)


def test_a_request_to_switch_protocols_is_answered_in_plain_http(
    gateway: Gateway, crashes: list[logging.LogRecord]
) -> None:
    with _connect(gateway) as sock:
        sock.sendall(
            b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: upgrade\r\nupgrade: websocket\r\n"
            b"sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n"
        )
        status, headers, body = _answer_then_close(sock)
    assert status == 400
    assert headers["content-type"] == "application/json"
    assert "upgrades are not supported" in json.loads(body)["error"]["message"]
    assert crashes == []


@pytest.mark.parametrize(
    ("framing", "words"),
    [
        (b"transfer-encoding: chunked\r\n\r\nzz\r\n" + BODY, "malformed HTTP request"),
        (b"transfer-encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", "malformed HTTP request"),
        (b"content-length: 10\r\ncontent-length: 12\r\n\r\n" + BODY, "malformed HTTP request"),
        (b"content-length: 1x\r\n\r\n" + BODY, "malformed HTTP request"),
        (b"content-length: 5\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", ""),
    ],
    ids=["bad chunk size", "chunk without its CRLF", "two lengths", "length not a number", "CL+TE"],
)
def test_broken_body_framing_is_a_400_before_the_close(
    gateway: Gateway, crashes: list[logging.LogRecord], framing: bytes, words: str
) -> None:
    status, headers, body = _send(
        gateway,
        b"POST " + CHAT.encode() + b" HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        b"authorization: Bearer k\r\n" + framing,
    )
    assert status == 400
    assert headers["connection"] == "close"
    assert words in json.loads(body)["error"]["message"]
    assert crashes == []


def test_a_client_hanging_up_mid_body_is_no_crash(
    gateway: Gateway, crashes: list[logging.LogRecord]
) -> None:
    with _connect(gateway) as sock:
        sock.sendall(
            b"POST " + CHAT.encode() + b" HTTP/1.1\r\nhost: x\r\ncontent-type: application/json"
            b"\r\ncontent-length: 1000\r\n\r\n" + BODY[:20]
        )
    # The next request on another connection is served: nothing was left stuck.
    status, _, _ = _send(gateway, b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
    assert status == 200
    assert crashes == []


def test_a_broken_request_pipelined_behind_a_good_one_is_answered_after_it(
    gateway: Gateway, crashes: list[logging.LogRecord]
) -> None:
    with _connect(gateway) as sock:
        sock.sendall(
            b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n"
            b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n"
            b"\r\nzz\r\n"
        )
        sock.settimeout(10)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    first, _, rest = data.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 200 ")
    assert b"HTTP/1.1 400 Bad Request\r\n" in rest
    assert rest.endswith(b'"code":"400"}}')
    assert crashes == []
