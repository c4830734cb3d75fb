"""SIGTERM on `hybridgate serve`: stop accepting, finish what is in flight (streams included),
flush the ledger, exit cleanly — what a rolling deploy on Kubernetes relies on."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import rawhttp
from tests.conftest import _run_report
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, free_port

WORDS = 30  # streamed one word a chunk, 0.1 s apart: about 3 s in flight
TEXT = " ".join(f"word{i}" for i in range(WORDS))

Served = tuple[subprocess.Popen[bytes], int, Path]


@pytest.fixture
def slow_upstream() -> Iterator[FakeUpstream]:
    answer = fake_openai.Answer(text=TEXT, chunk_delay_s=0.1, delay_s=1.0)
    server = FakeUpstream(fake_openai.make_app(replies=[answer]))
    yield server
    server.stop()


@pytest.fixture
def serve(
    tmp_path: Path, slow_upstream: FakeUpstream, request: pytest.FixtureRequest
) -> Iterator[Served]:
    """`hybridgate serve` in a subprocess; `@pytest.mark.parametrize("serve", [seconds],
    indirect=True)` sets `server.shutdown_timeout_s`."""
    port = free_port()
    config = {
        "server": {"shutdown_timeout_s": getattr(request, "param", 30)},
        "storage": str(tmp_path / "ledger.db"),
        "deployments": [
            {
                "name": "slow",
                "provider": "openai_compatible",
                "model": "slow-model",
                "base_url": f"{slow_upstream.url}/v1",
                "api_key": fake_openai.API_KEY,
                "price": {"input_per_mtok": 1, "output_per_mtok": 2},
            }
        ],
        "tiers": {"routing": ["slow"]},
    }
    config_path = tmp_path / "hybridgate.yaml"
    config_path.write_text(yaml.safe_dump(config))
    command = [sys.executable, "-m", "hybridgate.cli.main", "serve", "--config", str(config_path)]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if rawhttp.get(f"http://127.0.0.1:{port}/healthz").status == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, process.communicate()[0].decode()
        assert time.monotonic() < deadline, "hybridgate serve did not start"
        time.sleep(0.1)
    yield process, port, config_path
    if process.poll() is None:
        process.kill()
        process.wait(10)
    assert process.stdout is not None
    process.stdout.close()


def _stream(port: int, started: list[float]) -> list[str]:
    """A streaming chat request; returns the SSE data lines. Notes when the first one came."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = {"model": "slow", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    connection.request(
        "POST", "/v1/chat/completions", json.dumps(body), {"content-type": "application/json"}
    )
    response = connection.getresponse()
    assert response.status == 200
    lines: list[str] = []
    for raw in response:
        line = raw.decode().strip()
        if line.startswith("data: "):
            started.append(time.monotonic())
            lines.append(line[6:])
    connection.close()
    return lines


def _complete(port: int) -> rawhttp.RawResponse:
    body = {"model": "slow", "messages": [{"role": "user", "content": "hi"}]}
    return rawhttp.post(f"http://127.0.0.1:{port}/v1/chat/completions", body)


def test_sigterm_finishes_in_flight_work_and_flushes_the_ledger(serve: Served) -> None:
    process, port, config_path = serve
    first_data: list[float] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        stream = pool.submit(_stream, port, first_data)
        plain = pool.submit(_complete, port)  # waits on the upstream's 1 s delay
        deadline = time.monotonic() + 10
        while not first_data:  # the stream is flowing: now pull the plug
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        time.sleep(0.5)

        # Stop accepting: the listening socket is gone while the stream is still going.
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        assert not stream.done()

        lines = stream.result(timeout=30)
        answer = plain.result(timeout=30)

    assert lines[-1] == "[DONE]"
    chunks: list[dict[str, Any]] = [json.loads(line) for line in lines[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == TEXT
    assert any(c["choices"] and c["choices"][0]["finish_reason"] == "stop" for c in chunks)
    assert answer.status == 200
    assert answer.json()["choices"][0]["message"]["content"] == TEXT

    # serve re-raises the signal once shut down, so the exit status says "terminated".
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    assert process.stdout is not None
    log = process.stdout.read().decode()
    assert "Traceback" not in log, log
    report = _run_report(_main(), config_path)
    assert report["requests"] == 2 and report["errors"] == 0


@pytest.mark.parametrize("serve", [1], indirect=True)
def test_work_past_the_shutdown_timeout_is_cut_and_still_accounted(serve: Served) -> None:
    process, port, config_path = serve
    first_data: list[float] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        stream = pool.submit(_stream, port, first_data)
        deadline = time.monotonic() + 10
        while not first_data:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        lines = stream.result(timeout=30)
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    assert time.monotonic() - signalled < 2.5  # the 1 s grace, not the 3 s stream
    assert lines and lines[-1] != "[DONE]"  # cut off, visibly (no clean end)
    report = _run_report(_main(), config_path)
    assert report["requests"] == 1


def _main() -> Any:
    from hybridgate.cli.main import main

    return main


if os.name != "posix":  # pragma: no cover - SIGTERM semantics are POSIX
    pytestmark = pytest.mark.skip("needs POSIX signals")
