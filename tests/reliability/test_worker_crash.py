"""The embedded model's worker dies the hard way (SIGSEGV as from a fault in llama.cpp, SIGKILL
as from the OOM killer), mid-stream and mid-load, while the gateway serves other deployments:
only the requests on that model notice, the tier fails over, /healthz shows the worker down
and its breaker open, and a new worker takes over."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest

from hybridgate.providers.local_llama import LocalLlamaProvider
from tests import rawhttp, sdk
from tests.conftest import Gateway, GatewayFactory

pytestmark = pytest.mark.slow

COUNT = [{"role": "user", "content": "Count from 1 to 500, separated by commas."}]


def with_local_model(config: dict[str, Any]) -> None:
    config["deployments"].insert(0, {"name": "local-chat", "provider": "llama_cpp", "model": "m"})
    config["tiers"]["routing"] = ["local-chat", "gpt-4o"]
    config["reliability"] = {"breaker": {"cooldown_s": 60}}


def worker_of(gateway: Gateway) -> LocalLlamaProvider:
    provider = gateway.server.app.parts.providers["local-chat"]
    assert isinstance(provider, LocalLlamaProvider)
    return provider


def health(gateway: Gateway) -> dict[str, Any]:
    deployments: dict[str, Any] = rawhttp.get(gateway.url + "/healthz").json()["deployments"]
    return deployments["local-chat"]


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class OtherTraffic:
    """Requests to a cloud deployment, one after another, for as long as the test runs."""

    def __init__(self, gateway: Gateway) -> None:
        self._client = sdk.openai_client(gateway.url)
        self._stop = threading.Event()
        self.answered = 0
        self.failures: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._client.chat.completions.create(
                    model="gpt-4o", messages=[{"role": "user", "content": "hi"}], max_tokens=5
                )
                self.answered += 1
            except openai.APIError as exc:
                self.failures.append(exc)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_a_worker_killed_mid_stream_costs_only_its_own_stream(
    gateway_factory: GatewayFactory, sig: signal.Signals
) -> None:
    gateway = gateway_factory(with_local_model)
    local = worker_of(gateway)
    wait_for(local.ready)
    first_pid = local.worker.pid
    assert first_pid is not None
    others = OtherTraffic(gateway)
    client = sdk.openai_client(gateway.url)
    stream = client.chat.completions.create(
        model="local-chat", messages=COUNT, max_tokens=1000, stream=True
    )
    received = ""
    with pytest.raises(openai.APIError, match=r"mid-answer|closed"):
        for chunk in stream:
            if chunk.choices:
                received += chunk.choices[0].delta.content or ""
            if len(received) > 5 and local.worker.pid == first_pid:
                os.kill(first_pid, sig)
    assert received  # the caller had its first tokens, then a well-formed error

    # The breaker opens and /healthz says why, until a new worker is ready.
    wait_for(lambda: health(gateway)["breaker"] == "open" or local.ready(), 10)
    wait_for(lambda: local.ready() and local.worker.pid != first_pid)
    wait_for(lambda: health(gateway)["breaker"] != "open", 10)
    assert local.worker.restarts == 1
    assert local.worker.last_exit == sig.name
    answer = client.chat.completions.create(
        model="local-chat", messages=[{"role": "user", "content": "Say hi."}], max_tokens=5
    )
    assert answer.choices[0].message.content
    others.stop()
    assert others.failures == []
    assert others.answered > 0
    rows = gateway.report(expect_requests=others.answered + 2)
    assert rows["requests"] >= others.answered + 2  # the failed stream is on the ledger too


def test_a_crash_opens_the_breaker_and_the_tier_fails_over(
    gateway_factory: GatewayFactory,
) -> None:
    gateway = gateway_factory(with_local_model)
    local = worker_of(gateway)
    wait_for(local.ready)
    local.worker.backoff_s = 3.0  # long enough to watch the gateway while the worker is gone
    os.kill(local.worker.pid or 0, signal.SIGSEGV)
    wait_for(lambda: health(gateway)["breaker"] == "open", 10)
    state = health(gateway)
    assert state["ready"] is False
    assert "SIGSEGV" in state["health"]
    client = sdk.openai_client(gateway.url)
    raw = client.chat.completions.with_raw_response.create(
        model="routing", messages=[{"role": "user", "content": "hi"}], max_tokens=5
    )
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"
    # Named directly, the deployment answers a clean 503 in the caller's protocol.
    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(
            model="local-chat", messages=[{"role": "user", "content": "hi"}], max_tokens=5
        )
    assert info.value.status_code in (502, 503)
    # The new worker brings the deployment back.
    wait_for(local.ready)
    wait_for(lambda: health(gateway)["breaker"] != "open", 10)
    answer = client.chat.completions.with_raw_response.create(
        model="local-chat", messages=[{"role": "user", "content": "hi"}], max_tokens=5
    )
    assert answer.headers["x-hybridgate-deployment"] == "local-chat"
    assert health(gateway)["breaker"] == "closed"


def test_a_worker_killed_mid_load_is_restarted(gateway_factory: GatewayFactory) -> None:
    gateway = gateway_factory(with_local_model)
    local = worker_of(gateway)
    # Kill it while it loads the model, twice: the supervisor backs off and tries again.
    for _ in range(2):
        wait_for(lambda: local.worker.state == "loading", 30)
        os.kill(local.worker.pid or 0, signal.SIGKILL)
        wait_for(lambda: local.worker.state != "loading", 10)
    client = sdk.openai_client(gateway.url)
    raw = client.chat.completions.with_raw_response.create(
        model="routing", messages=[{"role": "user", "content": "hi"}], max_tokens=5
    )
    assert raw.headers["x-hybridgate-deployment"] in ("local-chat", "gpt-4o")
    wait_for(lambda: local.ready() and health(gateway)["breaker"] != "open")
    assert local.worker.restarts >= 2
    answer = client.chat.completions.create(
        model="local-chat", messages=[{"role": "user", "content": "Say hi."}], max_tokens=5
    )
    assert answer.choices[0].message.content


def test_a_hung_worker_is_killed_and_replaced(gateway_factory: GatewayFactory) -> None:
    gateway = gateway_factory(with_local_model)
    local = worker_of(gateway)
    wait_for(local.ready)
    first_pid = local.worker.pid or 0
    local.worker.stall_s = 1.0
    client = sdk.openai_client(gateway.url)
    stream = client.chat.completions.create(
        model="local-chat", messages=COUNT, max_tokens=1000, stream=True
    )
    with pytest.raises(openai.APIError):
        for i, _ in enumerate(stream):
            if i == 2:
                os.kill(first_pid, signal.SIGSTOP)  # frozen, as a native call that never returns
    wait_for(lambda: local.ready() and local.worker.pid != first_pid, 30)
    assert local.worker.last_exit == "SIGKILL"


def test_the_gateway_dies_and_its_worker_follows(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.fakes.background import free_port

    port = free_port()
    gateway = subprocess.Popen(
        [str(Path(sys.executable).with_name("hybridgate")), "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        wait_for(lambda: _ready(url), 60)
        workers = _children(gateway.pid)
        assert workers
    finally:
        gateway.kill()  # no chance to clean up
        gateway.wait()
    wait_for(lambda: not any(_alive(pid) for pid in workers), 10)


def _ready(url: str) -> bool:
    try:
        return bool(rawhttp.get(url).json()["deployments"]["local-chat"]["ready"])
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except OSError:
                continue
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
