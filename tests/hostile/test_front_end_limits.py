"""Caps on what a client may send before the gateway answers, each with the status that names
it and a JSON error: an endless request line (414), endless header fields (431), trailers that
try to pass for headers, and a flood of pipelined requests (read only as fast as answered)."""

from __future__ import annotations

import json
import socket
import sqlite3
import time
from typing import Any

from tests import sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.hostile.test_hostile_inputs import _connect, _read_response


def test_a_request_line_over_the_cap_is_414(gateway: Gateway) -> None:
    with _connect(gateway) as sock:
        sock.sendall(b"GET /v1/models?q=" + b"a" * 200_000 + b" HTTP/1.1\r\nhost: x\r\n\r\n")
        status, body = _read_response(sock)
    assert status == 414
    assert "exceeds 8192 bytes" in json.loads(body)["error"]["message"]


def test_too_many_header_fields_is_431(gateway: Gateway) -> None:
    fields = "".join(f"x-f{i}: v\r\n" for i in range(500))
    with _connect(gateway) as sock:
        sock.sendall(f"GET /healthz HTTP/1.1\r\nhost: x\r\n{fields}\r\n".encode())
        status, body = _read_response(sock)
    assert status == 431
    assert "header fields" in json.loads(body)["error"]["message"]


def test_trailers_never_become_request_headers(gateway: Gateway) -> None:
    # A trailer naming a model-routing header would otherwise reach the handler: here the
    # Anthropic shape of /v1/models is chosen by the `anthropic-version` header.
    with _connect(gateway) as sock:
        sock.sendall(
            b"GET /v1/models HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n"
            b"0\r\nanthropic-version: 2023-06-01\r\n\r\n"
        )
        status, body = _read_response(sock)
    assert status == 200
    assert json.loads(body)["object"] == "list"  # the OpenAI shape: the trailer was ignored


def test_a_pipelined_flood_is_answered_in_order_and_read_at_the_pace_of_answers(
    gateway: Gateway,
) -> None:
    count = 200
    request = b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n"
    with _connect(gateway) as sock:
        sock.settimeout(20)
        sock.sendall(request * count)
        answered = 0
        data = b""
        while answered < count:
            chunk = sock.recv(65536)
            assert chunk, "the gateway hung up"
            data += chunk
            answered = data.count(b"HTTP/1.1 200 OK")
    assert answered == count
    assert gateway.server.tasks() is not None  # still serving


def test_a_deployment_name_outside_latin_1_does_not_break_the_answer(
    gateway_factory: GatewayFactory,
) -> None:
    def edit(config: dict[str, Any]) -> None:
        config["deployments"][1]["name"] = "東京-gpu"
        config["tiers"]["routing"] = ["東京-gpu"]
        config["tiers"]["extraction"] = ["東京-gpu", "gpt-4o"]
        config["tiers"]["summarization"] = ["gemini", "東京-gpu"]
        config["tiers"]["embeddings"] = ["東京-gpu"]

    gw = gateway_factory(edit)
    raw = sdk.openai_client(gw.url).chat.completions.with_raw_response.create(
        model="routing", messages=[{"role": "user", "content": "hi"}], max_tokens=5
    )
    assert raw.parse().choices[0].message.content
    assert raw.headers["x-hybridgate-deployment"] == "%E6%9D%B1%E4%BA%AC-gpu"


def test_a_client_that_stops_reading_a_stream_is_cut_off(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(lambda c: c["server"].update(stream_write_timeout_s=1.0))
    answer = " ".join(["y" * 16_000] * 1200)  # ~19 MB: more than every buffer on the way
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text=answer))
    try:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", int(gw.url.rsplit(":", 1)[1])))
        body = json.dumps(
            {"model": "gpt-4o", "stream": True, "messages": [{"role": "user", "content": "go"}]}
        ).encode()
        sock.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\n\r\n%s" % (len(body), body)
        )
        time.sleep(4)  # not reading: the gateway's buffers fill, then it waits 1 s and gives up
        sock.settimeout(30)  # reading now: the gateway's side must already be closed
        received = 0
        try:
            while chunk := sock.recv(1 << 20):
                received += len(chunk)
        except ConnectionResetError:
            pass
        # The gateway hung up (the read ended without a timeout) while the client still held
        # its socket open: the connection is released, not held for as long as the client likes.
        assert gw.server.connections() == 0
        sock.close()
        assert received < len(answer)  # cut off, not served whole
        report = gw.report(expect_requests=1)
        assert report["requests"] == 1  # and on the ledger, as a request that did not finish
        with sqlite3.connect(gw.config_path.parent / "ledger.db") as db:
            rows = db.execute("SELECT status, http_status, stream FROM requests").fetchall()
        assert rows == [("cancelled", 499, 1)]
    finally:
        fake_openai.script(openai_upstream.app, fake_openai.Answer())
