"""When the caller goes away the upstream call is cancelled; slow upstreams time out clearly."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import openai
import pytest
import yaml

from hybridgate.config.loader import load_settings
from hybridgate.server.app import create_app
from tests import rawhttp, sdk
from tests.conftest import Gateway
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, GatewayServer


def wait_for(predicate: object, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def raw_request(url: str, body: bytes) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    head = f"POST /v1/chat/completions HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    sock.sendall(head.encode() + body)
    return sock


def test_client_leaving_a_stream_cancels_the_upstream(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    words = " ".join(f"w{i}" for i in range(200))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text=words, chunk_delay_s=0.05))
    cancelled = openai_upstream.app[fake_openai.CANCELLED]
    cancelled.clear()
    body = b'{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "go"}]}'
    sock = raw_request(gateway.url, body)
    assert b"200 OK" in sock.recv(4096)
    sock.close()  # the caller hangs up mid-stream
    assert wait_for(lambda: cancelled == ["gpt-4o"]), "upstream stream was not cancelled"
    report = gateway.report(expect_requests=1)
    assert report["errors"] == 1  # recorded, as cancelled


def test_client_leaving_before_the_answer_cancels_the_upstream(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="late", delay_s=5))
    cancelled = openai_upstream.app[fake_openai.CANCELLED]
    cancelled.clear()
    sock = raw_request(
        gateway.url, b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "go"}]}'
    )
    time.sleep(0.3)
    sock.close()
    assert wait_for(lambda: cancelled == ["gpt-4o"], timeout=4), "upstream call was not cancelled"


@pytest.fixture
def impatient_gateway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, openai_upstream: FakeUpstream
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HG_TEST_OPENAI_KEY", fake_openai.API_KEY)
    config = {
        "storage": str(tmp_path / "l.db"),
        "deployments": [
            {
                "name": "slow",
                "provider": "openai",
                "model": "gpt-4o",
                "base_url": f"{openai_upstream.url}/v1",
                "api_key": "env:HG_TEST_OPENAI_KEY",
                "timeouts": {"connect_s": 1, "first_byte_s": 0.5, "total_s": 2},
            },
            {
                "name": "nowhere",
                "provider": "openai_compatible",
                "model": "m",
                "base_url": "http://127.0.0.1:9/v1",
            },
        ],
        "tiers": {"routing": ["slow"]},
    }
    path = tmp_path / "gw.yaml"
    path.write_text(yaml.safe_dump(config))
    server = GatewayServer(create_app(load_settings(path)))
    yield server
    server.stop()


def test_first_byte_timeout_is_504(
    impatient_gateway: GatewayServer, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="too late", delay_s=3))
    client = sdk.openai_client(impatient_gateway.url)
    started = time.monotonic()
    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(model="slow", messages=[{"role": "user", "content": "hi"}])
    assert info.value.status_code == 504
    assert time.monotonic() - started < 2.5


def test_refused_connection_is_502(impatient_gateway: GatewayServer) -> None:
    response = rawhttp.post(
        f"{impatient_gateway.url}/v1/chat/completions",
        {"model": "nowhere", "messages": [{"role": "user", "content": "hi"}]},
    )
    assert response.status == 502
    assert "cannot connect" in response.json()["error"]["message"]


def test_stream_failing_after_the_first_token_ends_with_an_error_event(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    import anthropic

    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="one two three four", truncate_after=2)
    )
    client = sdk.openai_client(gateway.url)
    received: list[str] = []
    with pytest.raises(openai.APIError, match="before \\[DONE\\]"):
        for chunk in client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "go"}], stream=True
        ):
            if chunk.choices and chunk.choices[0].delta.content:
                received.append(chunk.choices[0].delta.content)
    assert "".join(received) == "one two "

    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="one two three four", truncate_after=2)
    )
    claude_client = sdk.anthropic_client(gateway.url)
    with (
        pytest.raises(anthropic.APIStatusError, match="before \\[DONE\\]"),
        claude_client.messages.stream(
            model="gpt-4o", max_tokens=20, messages=[{"role": "user", "content": "go"}]
        ) as stream,
    ):
        for _ in stream:
            pass
    report = gateway.report(expect_requests=2)
    assert report["errors"] == 2
    assert report["output_tokens"] > 0  # the partial answer is on the ledger
