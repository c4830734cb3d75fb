"""What the gateway sends out and how it treats what comes back, when the upstream or the
network between is not what a plain HTTPS API would be: a private CA, an upstream that hangs
up after reading a request (a POST must never reach it twice: it may bill twice), and one that
answers with a protocol switch."""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from aiohttp import web

from hybridgate.config.loader import ConfigError, parse_settings
from hybridgate.errors import UpstreamProtocolError
from hybridgate.providers.http import UpstreamClient
from tests import sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, LoopThread
from tests.providers.test_http1_client import TIMEOUTS, Answer, ScriptedServer, fixed, post

HI = [{"role": "user", "content": "hi"}]
COMPLETION = json.dumps(
    {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1764000000,
        "model": "gpt-4o",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "hello"},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    }
).encode()


# ------------------------------------------------------------------ a private CA per deployment


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for `localhost`: its own CA, trusted by nobody by default."""
    folder = tmp_path_factory.mktemp("private-ca")
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


class TlsFakeUpstream(FakeUpstream):
    """The fake OpenAI API over HTTPS, at https://localhost:<port>."""

    def __init__(self, app: web.Application, tls: ssl.SSLContext) -> None:
        self._tls = tls
        super().__init__(app)
        self.url = f"https://localhost:{self.port}"

    async def _start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port, ssl_context=self._tls).start()


@pytest.fixture(scope="module")
def tls_upstream(certificate: tuple[Path, Path]) -> Iterator[TlsFakeUpstream]:
    cert, key = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    server = TlsFakeUpstream(fake_openai.make_app(), tls)
    yield server
    server.stop()


def test_a_deployment_trusts_its_own_ca_bundle_and_only_it_does(
    gateway_factory: GatewayFactory,
    tls_upstream: TlsFakeUpstream,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    cert, _ = certificate

    def on_private_ca(bundle: Path | None) -> Any:
        def edit(config: dict[str, Any]) -> None:
            config["deployments"][0]["base_url"] = f"{tls_upstream.url}/v1"
            if bundle is not None:
                config["deployments"][0]["ca_bundle"] = str(bundle)

        return edit

    trusting = sdk.openai_client(gateway_factory(on_private_ca(cert)).url)
    answer = trusting.chat.completions.create(model="gpt-4o", messages=HI, max_tokens=5)
    assert answer.choices[0].message.content

    untrusting = sdk.openai_client(gateway_factory(on_private_ca(None)).url)
    with pytest.raises(openai.APIStatusError) as refused:
        untrusting.chat.completions.create(model="gpt-4o", messages=HI, max_tokens=5)
    assert refused.value.status_code == 502
    assert "cannot connect to gpt-4o" in refused.value.message


def test_an_unreadable_ca_bundle_is_a_configuration_error(tmp_path: Path) -> None:
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("not a certificate")
    config = {
        "deployments": [
            {
                "name": "internal",
                "provider": "openai_compatible",
                "model": "m",
                "base_url": "https://llm.internal/v1",
                "ca_bundle": str(not_pem),
            }
        ]
    }
    with pytest.raises(ConfigError, match=r"deployments\[0\]\.ca_bundle"):
        parse_settings(config, "test")
    config["deployments"][0]["ca_bundle"] = str(tmp_path / "missing.pem")
    with pytest.raises(ConfigError, match=r"deployments\[0\]\.ca_bundle"):
        parse_settings(config, "test")


# ------------------------------------------------------------------- no POST is sent twice


class RawUpstream:
    """A scripted raw-socket upstream on loopback in a background loop; `requests` holds every
    request it read whole."""

    def __init__(self, answer: Answer) -> None:
        self._thread = LoopThread()
        self._server = ScriptedServer(answer)
        self._thread.run(self._server.__aenter__())
        self.base_url = self._server.url.removesuffix("/chat/completions")

    @property
    def requests(self) -> list[bytes]:
        return list(self._server.requests)

    def stop(self) -> None:
        self._thread.run(self._server.__aexit__())
        self._thread.stop()


def hang_up_after(answered: int) -> Answer:
    """Answers the first `answered` requests on a kept-alive connection, then reads the next
    one whole and hangs up without a byte of answer (a crash, an idle-timeout race)."""
    served = 0

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        nonlocal served
        served += 1
        if served > answered:
            return False
        return await fixed(COMPLETION, extra=b"content-type: application/json\r\n")(reader, writer)

    return answer


@pytest.mark.parametrize("answered", [0, 1], ids=["fresh connection", "reused connection"])
def test_a_post_the_upstream_hung_up_on_is_not_sent_again(
    gateway_factory: GatewayFactory, answered: int
) -> None:
    upstream = RawUpstream(hang_up_after(answered))
    try:
        gw = gateway_factory(lambda c: c["deployments"][0].update(base_url=upstream.base_url))
        client = sdk.openai_client(gw.url)
        for _ in range(answered):  # leaves a kept-alive connection in the pool
            client.chat.completions.create(model="gpt-4o", messages=HI, max_tokens=5)
        with pytest.raises(openai.APIStatusError) as failed:
            client.chat.completions.create(model="gpt-4o", messages=HI, max_tokens=5)
        assert len(upstream.requests) == answered + 1  # the one that may have been billed
        assert failed.value.status_code == 502
        body: Any = failed.value.body
        assert body["code"] == "upstream_outcome_unknown"
        assert "not sent again" in body["message"]
    finally:
        upstream.stop()


# ---------------------------------------------------------------------- protocol switches


async def test_an_upstream_answering_101_is_a_protocol_error_not_a_transport_crash(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def switch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n")
        writer.write(b"connection: upgrade\r\n\r\n\x81\x05hello")
        await writer.drain()
        await asyncio.sleep(0.5)
        return False

    client = UpstreamClient()
    try:
        async with ScriptedServer(switch) as server:
            with caplog.at_level(logging.DEBUG), pytest.raises(UpstreamProtocolError) as failed:
                await post(client, server.url)
    finally:
        await client.aclose()
    assert "upgrade to another protocol (HTTP 101)" in str(failed.value)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("field", "value"),
    [("headers", {"x-team": "東京"}), ("api_key", "sk-abc…")],
    ids=["header value", "api key"],
)
def test_what_http_headers_cannot_carry_is_refused_at_load(field: str, value: Any) -> None:
    config = {
        "deployments": [
            {
                "name": "api",
                "provider": "openai",
                "model": "gpt-4o",
                field: value,
            }
        ]
    }
    with pytest.raises(ConfigError, match=rf"deployments\[0\]\.{field}"):
        parse_settings(config, "test")


async def test_a_model_named_outside_ascii_reaches_the_upstream_percent_encoded() -> None:
    client = UpstreamClient()
    try:
        async with ScriptedServer(fixed(b"{}")) as server:
            url = server.url.replace("/chat/completions", "/models/東京-ü:generateContent")
            async with client.post(
                url, provider="up", body=b"{}", headers={}, timeouts=TIMEOUTS
            ) as answer:
                assert await answer.read() == b"{}"
    finally:
        await client.aclose()
    line = server.requests[0].split(b"\r\n", 1)[0]
    assert line == b"POST /v1/models/%E6%9D%B1%E4%BA%AC-%C3%BC:generateContent HTTP/1.1"
