"""kill -9 under load: every response a client received is on the ledger afterwards."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

from tests import rawhttp
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, free_port

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))


def test_no_completed_response_is_lost_when_the_gateway_is_killed(tmp_path: Path) -> None:
    upstream = FakeUpstream(
        fake_openai.make_app(replies=[fake_openai.Answer(text="ok", delay_s=0.01)])
    )
    port = free_port()
    config = tmp_path / "gw.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "storage": "ledger.db",
                "server": {"warm_up": False},
                "deployments": [
                    {
                        "name": "up",
                        "provider": "openai",
                        "model": "gpt-4o",
                        "base_url": f"{upstream.url}/v1",
                        "api_key": fake_openai.API_KEY,
                    }
                ],
                "tiers": {"routing": ["up"]},
            }
        )
    )
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [HYBRIDGATE, "serve", "--config", str(config), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if rawhttp.get(f"http://127.0.0.1:{port}/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.05)
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()

        received: list[str] = []
        stop = threading.Event()

        def client() -> None:
            body = {"model": "up", "messages": [{"role": "user", "content": "hi"}]}
            while not stop.is_set():
                try:
                    response = rawhttp.post(url, body)
                except OSError:
                    return  # the server died mid-request: that response never completed
                if response.status == 200:
                    received.append(response.headers["x-request-id"])

        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        stop.set()
        for t in threads:
            t.join(10)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
        upstream.stop()

    assert len(received) > 20  # it really was under load
    report = subprocess.run(
        [HYBRIDGATE, "report", "--json", "--config", str(config)],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(report.stdout)
    ok_rows = data["requests"] - data["errors"]
    assert ok_rows >= len(received), f"{len(received)} responses received, {ok_rows} on the ledger"
