"""A self-hosted server nobody here wrote: llama-cpp-python's OpenAI-compatible server
(`python -m llama_cpp.server`) on the bundled GGUF, as the `openai_compatible` upstream that
stands for vLLM, Ollama or a llama.cpp server.

Where its wire format differs from OpenAI's (and what the gateway does about it):
- it sends no usage when streaming, whatever `stream_options` says: the gateway estimates,
  with the template overhead it learned from this server's non-streamed answers;
- it refuses `"description": null` in a tool and `"content": null` in an assistant turn that
  calls tools (pydantic validation): the gateway forwards neither when the caller sent none;
- it reports its own validation failures as HTTP 500, which the gateway (going by status, not
  by wording) must treat as a server failure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hybridgate.config.schema import Deployment
from hybridgate.providers.local_llama import resolve_model_path
from tests import rawhttp, sdk
from tests.conftest import GatewayFactory
from tests.fakes.background import free_port

pytestmark = pytest.mark.slow

GGUF = resolve_model_path(Deployment(name="m", provider="llama_cpp", model="m"))


class LlamaCppServer:
    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "llama_cpp.server", "--model", str(GGUF)),
                *("--host", "127.0.0.1", "--port", str(self.port)),
                *("--n_ctx", "2048", "--n_threads", "1"),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if rawhttp.get(self.url + "/models").status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("llama_cpp.server did not start:\n" + log.read_text())
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaCppServer]:
    running = LlamaCppServer(tmp_path_factory.mktemp("llama_cpp_server") / "server.log")
    yield running
    running.stop()


def on(url: str, **extra: Any) -> Any:
    def edit(config: dict[str, Any]) -> None:
        config["deployments"].insert(
            0,
            {
                "name": "llamacpp",
                "provider": "openai_compatible",
                "model": "smollm2",
                "base_url": url,
                "region": "eu",
                **extra,
            },
        )
        config["tiers"]["routing"] = ["llamacpp", "gpt-4o"]

    return edit


def ask(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


def test_chat_stream_and_usage_through_the_gateway(
    gateway_factory: GatewayFactory, server: LlamaCppServer
) -> None:
    gw = gateway_factory(on(server.url))
    client = sdk.openai_client(gw.url)
    answer = client.chat.completions.create(
        model="llamacpp", messages=ask("Name a colour."), max_tokens=8, temperature=0
    )
    assert answer.choices[0].message.content
    assert answer.usage is not None
    reported = answer.usage.prompt_tokens
    assert reported > 20  # the server counts its template's system prompt too

    # Streamed, the server reports no usage: the gateway's estimate of the same prompt, from
    # what it learned of this server's template, comes out close to the server's own count.
    stream = client.chat.completions.create(
        model="llamacpp",
        messages=ask("Name a colour."),
        max_tokens=8,
        temperature=0,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text
    usage = chunks[-1].usage
    assert usage is not None
    assert abs(usage.prompt_tokens - reported) <= 3
    assert usage.completion_tokens > 0
    assert gw.report(expect_requests=2)["requests"] == 2


def test_a_tool_without_a_description_and_a_tool_conversation(
    gateway_factory: GatewayFactory, server: LlamaCppServer
) -> None:
    gw = gateway_factory(on(server.url))
    client = sdk.openai_client(gw.url)
    tools: Any = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    ]
    answer = client.chat.completions.create(
        model="llamacpp", messages=ask("Weather in Paris?"), tools=tools, max_tokens=16
    )
    assert answer.choices[0].finish_reason in ("stop", "length", "tool_calls")
    conversation: Any = [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C and sunny"},
    ]
    follow_up = client.chat.completions.create(
        model="llamacpp", messages=conversation, tools=tools, max_tokens=16
    )
    assert follow_up.choices[0].message.content is not None


def test_health_checks_see_the_server(
    gateway_factory: GatewayFactory, server: LlamaCppServer
) -> None:
    gw = gateway_factory(on(server.url))
    deadline = time.monotonic() + 15
    while True:
        state = rawhttp.get(gw.url + "/healthz").json()["deployments"]["llamacpp"]
        if state.get("health") == "HTTP 200" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert state["health"] == "HTTP 200"
    assert state["breaker"] == "closed"


def test_bursts_spill_to_the_cloud(gateway_factory: GatewayFactory, server: LlamaCppServer) -> None:
    gw = gateway_factory(on(server.url, capacity={"max_concurrency": 1, "max_wait_s": 0.05}))
    client = sdk.openai_client(gw.url)
    client.chat.completions.create(  # one answer teaches the gateway the server's pace
        model="routing", messages=ask("Write a poem about rain."), max_tokens=32
    )
    answered: list[str] = []

    def call() -> None:
        raw = client.chat.completions.with_raw_response.create(
            model="routing", messages=ask("Write a poem about rain."), max_tokens=32
        )
        answered.append(raw.headers["x-hybridgate-deployment"])

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(answered) == 4
    assert "llamacpp" in answered
    assert "gpt-4o" in answered  # the queue behind one slot was over target: spilled


def test_a_dead_server_fails_over_and_shows_in_health(
    gateway_factory: GatewayFactory, tmp_path: Path
) -> None:
    doomed = LlamaCppServer(tmp_path / "doomed.log")
    try:
        edit = on(doomed.url)

        def quick_checks(config: dict[str, Any]) -> None:
            edit(config)
            config["reliability"] = {"health": {"interval_s": 0.2}}

        gw = gateway_factory(quick_checks)
        client = sdk.openai_client(gw.url)
        first = client.chat.completions.with_raw_response.create(
            model="routing", messages=ask("hi"), max_tokens=4
        )
        assert first.headers["x-hybridgate-deployment"] == "llamacpp"
        os.kill(doomed.process.pid, signal.SIGKILL)
        doomed.process.wait()
        after = client.chat.completions.with_raw_response.create(
            model="routing", messages=ask("hi"), max_tokens=4
        )
        assert after.headers["x-hybridgate-deployment"] == "gpt-4o"
        assert "fallback" in after.headers["x-hybridgate-route"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            state = rawhttp.get(gw.url + "/healthz").json()["deployments"]["llamacpp"]
            if state["health"].startswith("unreachable"):
                break
            time.sleep(0.1)
        assert state["health"].startswith("unreachable")
    finally:
        doomed.stop()
