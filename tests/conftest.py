"""Shared fixtures: fake upstreams on loopback and the gateway configured against them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from hybridgate.config.loader import load_settings
from hybridgate.server.app import create_app
from tests import sdk
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import gemini as fake_gemini
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, GatewayServer


@pytest.fixture(scope="session", autouse=True)
def _state_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The state directory (zero-config ledger, keys) of every command and gateway the tests
    start, in-process or not: a fresh one, never the user's own."""
    import os

    folder = tmp_path_factory.mktemp("state")
    previous = os.environ.get("HYBRIDGATE_DATA_DIR")
    os.environ["HYBRIDGATE_DATA_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("HYBRIDGATE_DATA_DIR", None)
    else:
        os.environ["HYBRIDGATE_DATA_DIR"] = previous


@pytest.fixture(autouse=True)
def _close_sdk_clients() -> Iterator[None]:
    yield
    sdk.close_all()


@pytest.fixture(scope="session")
def openai_upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream(fake_openai.make_app())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def anthropic_upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream(fake_anthropic.make_app())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def gemini_upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream(fake_gemini.make_app())
    yield server
    server.stop()


def upstream_config(
    openai_url: str, anthropic_url: str, gemini_url: str, ledger: Path
) -> dict[str, Any]:
    """Cloud deployments on the fakes; no local model, so these tests stay fast."""
    return {
        "storage": str(ledger),
        "deployments": [
            {
                "name": "gpt-4o",
                "provider": "openai",
                "model": "gpt-4o",
                "base_url": f"{openai_url}/v1",
                "api_key": "env:HG_TEST_OPENAI_KEY",
                "region": "us",
            },
            {
                "name": "vllm-llama",
                "provider": "openai_compatible",
                "model": "meta-llama/Llama-3.3-70B-Instruct",
                "base_url": f"{openai_url}/v1",
                "api_key": "env:HG_TEST_OPENAI_KEY",
                "region": "eu",
                "price": {"input_per_mtok": 0.5, "output_per_mtok": 1.0},
            },
            {
                "name": "gpu-box",
                "provider": "openai_compatible",
                "model": "Qwen/Qwen2.5-7B-Instruct",
                "base_url": f"{openai_url}/v1",
                "api_key": "env:HG_TEST_OPENAI_KEY",
                "location": "self_hosted",
                "hardware": {"gpu": "H100", "gpus": 2, "hourly_usd": 3.6, "max_concurrency": 1},
            },
            {
                "name": "claude",
                "provider": "anthropic",
                "model": "claude-sonnet-4-5",
                "base_url": anthropic_url,
                "api_key": "env:HG_TEST_ANTHROPIC_KEY",
                "region": "us",
            },
            {
                "name": "gemini",
                "provider": "gemini",
                "model": "gemini-2.5-flash",
                "base_url": gemini_url,
                "api_key": "env:HG_TEST_GEMINI_KEY",
                "region": "eu",
            },
        ],
        "tiers": {
            "routing": ["vllm-llama"],
            "extraction": ["vllm-llama", "gpt-4o"],
            "summarization": ["gemini", "vllm-llama"],
            "reasoning": ["claude", "gpt-4o"],
            "embeddings": ["vllm-llama"],
        },
        "server": {"max_body_bytes": 65536},
    }


class Gateway:
    """A running gateway plus what tests need to look at: its config file and its ledger."""

    def __init__(self, server: GatewayServer, config_path: Path) -> None:
        self.server = server
        self.url = server.url
        self.config_path = config_path

    def report(self, expect_requests: int | None = None, timeout: float = 10) -> dict[str, Any]:
        """`hybridgate report --json`, waiting until the ledger holds `expect_requests` rows."""
        from hybridgate.cli.main import main

        deadline = time.monotonic() + timeout
        while True:
            data = _run_report(main, self.config_path)
            if (
                expect_requests is None
                or data["requests"] >= expect_requests
                or time.monotonic() > deadline
            ):
                return data
            time.sleep(0.05)


def _run_report(main: Any, config_path: Path) -> dict[str, Any]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", "--json", "--config", str(config_path)]) == 0
    return json.loads(out.getvalue())


GatewayFactory = Callable[[Callable[[dict[str, Any]], None]], Gateway]


@pytest.fixture
def gateway_factory(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    openai_upstream: FakeUpstream,
    anthropic_upstream: FakeUpstream,
    gemini_upstream: FakeUpstream,
) -> Iterator[GatewayFactory]:
    """Start a gateway on the fakes after `edit(config)` changed the standard test config."""
    monkeypatch.setenv("HG_TEST_OPENAI_KEY", fake_openai.API_KEY)
    monkeypatch.setenv("HG_TEST_ANTHROPIC_KEY", fake_anthropic.API_KEY)
    monkeypatch.setenv("HG_TEST_GEMINI_KEY", "fake-gemini-key")
    started: list[GatewayServer] = []

    def start(edit: Callable[[dict[str, Any]], None]) -> Gateway:
        config = upstream_config(
            openai_upstream.url, anthropic_upstream.url, gemini_upstream.url, tmp_path / "ledger.db"
        )
        edit(config)
        config_path = tmp_path / "hybridgate.yaml"
        config_path.write_text(yaml.safe_dump(config))
        server = GatewayServer(create_app(load_settings(config_path)))
        started.append(server)
        return Gateway(server, config_path)

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def gateway(gateway_factory: GatewayFactory) -> Gateway:
    return gateway_factory(lambda config: None)
