"""Hostile input gets a clear 4xx in the caller's protocol, quickly, and never slows down the
requests of other clients: deep nesting, bad bytes, absurd numbers, huge and slow bodies."""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests import rawhttp
from tests.conftest import Gateway, GatewayFactory

CHAT = "/v1/chat/completions"
MESSAGES = "/v1/messages"
HELLO = [{"role": "user", "content": "hi"}]


def openai_error(response: rawhttp.RawResponse) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}
    return dict(body["error"])


def anthropic_error(response: rawhttp.RawResponse) -> dict[str, Any]:
    body = response.json()
    assert body["type"] == "error" and set(body["error"]) == {"type", "message"}
    return dict(body["error"])


def _with_field(path: str, raw_value: bytes) -> bytes:
    """A valid request for `path` with one more field whose JSON text is `raw_value`."""
    field = b'"metadata"' if path == MESSAGES else b'"hostile"'
    head = b'{"model": "gpt-4o", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}]'
    return head + b", " + field + b": " + raw_value + b"}"


@pytest.mark.parametrize("path", [CHAT, MESSAGES])
@pytest.mark.parametrize("depth", [100, 20_000])
def test_deeply_nested_json_is_400(gateway: Gateway, path: str, depth: int) -> None:
    # 100 passes msgspec but not the gateway's own bound; 20,000 exceeds msgspec's recursion.
    nested = b"[" * depth + b"]" * depth
    response = rawhttp.post(gateway.url + path, _with_field(path, nested))
    assert response.status == 400
    error = anthropic_error(response) if path == MESSAGES else openai_error(response)
    assert "deeper than 64 levels" in error["message"]


def test_ordinary_nesting_still_works(gateway: Gateway) -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(20):  # a tool schema 20 levels deep is unusual but legitimate
        schema = {"type": "object", "properties": {"inner": schema}}
    tool = {"type": "function", "function": {"name": "deep", "parameters": schema}}
    body = {"model": "gpt-4o", "messages": HELLO, "tools": [tool]}
    assert rawhttp.post(gateway.url + CHAT, body).status == 200


@pytest.mark.parametrize("path", [CHAT, MESSAGES, "/v1/embeddings"])
def test_invalid_utf8_is_400_naming_it(gateway: Gateway, path: str) -> None:
    body = b'{"model": "gpt-4o", "max_tokens": 5, "input": "\xff\xfe", "messages": [{"role": "user", "content": "caf\xe9"}]}'
    response = rawhttp.post(gateway.url + path, body)
    assert response.status == 400
    error = anthropic_error(response) if path == MESSAGES else openai_error(response)
    assert "not valid UTF-8" in error["message"]


@pytest.mark.parametrize("field", ["max_tokens", "max_completion_tokens"])
@pytest.mark.parametrize("value", [10**12, 10**40, 0, -5])
def test_absurd_max_tokens_is_400_naming_the_field(
    gateway: Gateway, field: str, value: int
) -> None:
    body = {"model": "gpt-4o", "messages": HELLO, field: value}
    response = rawhttp.post(gateway.url + CHAT, body)
    assert response.status == 400
    error = openai_error(response)
    assert error["param"] == field
    assert "1,000,000" in error["message"]


def test_absurd_max_tokens_in_anthropic_shape(gateway: Gateway) -> None:
    body = {"model": "claude", "max_tokens": 10**12, "messages": HELLO}
    response = rawhttp.post(gateway.url + MESSAGES, body)
    assert response.status == 400
    assert "max_tokens" in anthropic_error(response)["message"]
    ok = rawhttp.post(gateway.url + MESSAGES, {**body, "max_tokens": 1_000_000})
    assert ok.status == 200


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'"just a string"', "JSON object"),
        (b"null", "JSON object"),
        (b"5", "JSON object"),
        (b"[]", "JSON object"),
        (b"model=gpt-4o&messages=hi", "not valid JSON"),
        (b"\x00\x01\x02", "not valid JSON"),
        (b"", "empty"),
    ],
)
def test_non_object_bodies_are_400(gateway: Gateway, body: bytes, words: str) -> None:
    for path in (CHAT, MESSAGES, "/v1/embeddings"):
        headers = {"content-type": "application/x-www-form-urlencoded"}
        response = rawhttp.post(gateway.url + path, body, headers)
        assert response.status == 400, (path, body)
        error = anthropic_error(response) if path == MESSAGES else openai_error(response)
        assert words in error["message"]


def test_thousands_of_messages_are_served_in_linear_time(gateway_factory: GatewayFactory) -> None:
    gateway = gateway_factory(lambda c: c["server"].update(max_body_bytes=8 * 1024 * 1024))

    def timed(count: int) -> float:
        turns = [
            {"role": "user" if i % 2 == 0 else "assistant", "content": f"message number {i}"}
            for i in range(count)
        ]
        start = time.perf_counter()
        response = rawhttp.post(gateway.url + CHAT, {"model": "gpt-4o", "messages": turns})
        assert response.status == 200, response.body[:300]
        return time.perf_counter() - start

    timed(100)  # warm-up
    small, large = timed(1_000), timed(10_000)
    assert large < 10
    # Quadratic work would make 10x the messages cost ~100x; allow generous noise.
    assert large < 30 * small + 0.5, (small, large)


# ------------------------------------------------------------------------- raw connections


def _connect(gateway: Gateway) -> socket.socket:
    return socket.create_connection(("127.0.0.1", int(gateway.url.rsplit(":", 1)[1])), timeout=10)


def _read_response(sock: socket.socket) -> tuple[int, bytes]:
    """One response with a content-length: (status, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.lower().split(b"\r\n")
        if line.startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return int(head.split(b" ", 2)[1]), body


def test_chunked_body_over_the_limit_is_413(gateway: Gateway) -> None:
    # No content-length to check up front: the limit must hold while reading.
    with _connect(gateway) as sock:
        sock.sendall(
            f"POST {CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            "transfer-encoding: chunked\r\n\r\n".encode()
        )
        for size in (16384,) * 4 + (1024,):  # 65 KiB against the 64 KiB test limit; no end
            sock.sendall(f"{size:x}\r\n".encode() + b"x" * size + b"\r\n")
        status, body = _read_response(sock)  # answered before the body even ended
    assert status == 413
    assert b"limit" in body


def _slow_loris(gateway: Gateway, path: str) -> tuple[int, bytes, float]:
    """Headers promise 1000 bytes of body; a byte trickles in every 0.1 s (for 10 s at most)."""
    with _connect(gateway) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            "content-length: 1000\r\n\r\n".encode()
        )
        start = time.monotonic()
        sock.settimeout(0.1)
        data = b""
        while time.monotonic() - start < 10:
            try:
                sock.sendall(b" ")
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if not chunk:
                break  # the gateway hung up after answering
            data += chunk
        elapsed = time.monotonic() - start
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body, elapsed


@pytest.fixture
def impatient(gateway_factory: GatewayFactory) -> Gateway:
    return gateway_factory(lambda c: c["server"].update(body_timeout_s=2.0))


def test_slow_loris_is_cut_off_with_408(impatient: Gateway) -> None:
    status, body, elapsed = _slow_loris(impatient, CHAT)
    assert status == 408
    assert 1.9 < elapsed < 6  # the deadline, not the client, ended it; and the socket closed
    assert b"not received within 2 s" in body and b'"request_timeout"' in body
    status, body, _ = _slow_loris(impatient, MESSAGES)
    assert status == 408
    assert b'"type":"error"' in body


def test_slow_clients_do_not_hurt_concurrent_requests(impatient: Gateway) -> None:
    partial_headers = [_connect(impatient) for _ in range(20)]
    for sock in partial_headers:  # a header slow-loris: never finishes its request line
        sock.sendall(b"POST /v1/chat/compl")
    with ThreadPoolExecutor(max_workers=30) as pool:
        lorises = [pool.submit(_slow_loris, impatient, CHAT) for _ in range(20)]
        time.sleep(0.2)  # every slow client is connected and trickling
        start = time.monotonic()
        answers = [
            pool.submit(rawhttp.post, impatient.url + CHAT, {"model": "gpt-4o", "messages": HELLO})
            for _ in range(20)
        ]
        assert [a.result().status for a in answers] == [200] * 20
        assert time.monotonic() - start < 1.8  # served before any slow body timed out
        assert all(not loris.done() for loris in lorises)
        assert [loris.result()[0] for loris in lorises] == [408] * 20
    assert rawhttp.get(impatient.url + "/healthz").status == 200
    for sock in partial_headers:
        sock.close()
