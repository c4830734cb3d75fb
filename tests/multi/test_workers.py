"""`hybridgate serve --workers 2` without Redis: two real worker processes on one port answer
the official SDK; one key's budget and rate limit hold across both; a worker killed with -9
loses no answered ledger row and is restarted; SIGTERM stops every worker."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openai
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests import rawhttp
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, free_port

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
GPT_4O_IN, GPT_4O_OUT = Decimal("2.5e-6"), Decimal("10e-6")  # USD a token (bundled catalog)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HYBRIDGATE_CONFIG"}
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    config: Path
    ledger: Path

    def health(self) -> dict[str, object]:
        return dict(json.loads(rawhttp.get(self.url + "/healthz").body))

    def workers(self) -> list[dict[str, object]]:
        table = self.health()["workers"]
        assert isinstance(table, list)
        return table

    def wait_all_ready(self, restarts: int = 0, timeout: float = 90) -> list[dict[str, object]]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                table = self.workers()
                if all(w["ready"] for w in table) and (
                    sum(int(str(w["restarts"])) for w in table) >= restarts
                ):
                    return table
            except (OSError, ValueError, KeyError):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"workers did not start:\n{self.log.read_text()}")
            time.sleep(0.1)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(60)


@pytest.fixture
def upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream(
        fake_openai.make_app(
            replies=[
                fake_openai.Answer(text="ok", prompt_tokens=3, completion_tokens=4, delay_s=0.05)
            ]
        )
    )
    yield server
    server.stop()


@pytest.fixture
def served(tmp_path: Path, upstream: FakeUpstream) -> Iterator[Served]:
    config = tmp_path / "hybridgate.yaml"
    ledger = tmp_path / "ledger.db"
    settings = {
        "storage": str(ledger),
        "server": {"warm_up": False},
        "reliability": {
            "retries": {"attempts": 1},
            "breaker": {"consecutive_failures": 4, "min_requests": 1000, "cooldown_s": 300},
        },
        "deployments": [
            {
                "name": "gpt-4o",
                "provider": "openai",
                "model": "gpt-4o",
                "base_url": f"{upstream.url}/v1",
                "api_key": fake_openai.API_KEY,
            }
        ],
        "tiers": {"routing": ["gpt-4o"]},
    }
    config.write_text(yaml.safe_dump(settings))
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [HYBRIDGATE, "serve", "--workers", "2", "--config", str(config), "--port", str(port)],
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Served(process, f"http://127.0.0.1:{port}", log, config, ledger)
    try:
        server.wait_all_ready()
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(60)


def _create_key(served: Served, *flags: str) -> str:
    out = subprocess.run(
        [HYBRIDGATE, "keys", "create", "--config", str(served.config), "--json", *flags],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    time.sleep(1.1)  # the workers' key caches (1 s) now see that keys are required
    return str(json.loads(out.stdout)["key"])


def _requests_by_worker(served: Served, answered: int) -> dict[str, float]:
    """Answered requests per worker, from one scrape of `/metrics` (any worker answers it),
    once the other worker's figures (published every second) count all `answered`."""
    deadline = time.monotonic() + 10
    while True:
        text = rawhttp.get(served.url + "/metrics").body.decode()
        counts: dict[str, float] = {}
        for family in text_string_to_metric_families(text):
            if family.name == "hybridgate_requests":
                for sample in family.samples:
                    if sample.name.endswith("_total") and sample.labels.get("status") == "ok":
                        worker = sample.labels["worker"]
                        counts[worker] = counts.get(worker, 0) + sample.value
        if sum(counts.values()) >= answered or time.monotonic() > deadline:
            return counts
        time.sleep(0.2)


def _ledger_rows(path: Path) -> list[tuple[str, int, int]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute("SELECT request_id, http_status, cost_nusd FROM requests"))


async def _burst(url: str, secret: str, count: int) -> list[str]:
    """`count` requests through the official SDK, arriving within about a second, half of
    them streamed."""
    # Eight clients (eight connection pools), as eight callers would be: connections, not
    # requests, are what the workers share out.
    clients = [
        openai.AsyncOpenAI(base_url=f"{url}/v1", api_key=secret, max_retries=0) for _ in range(8)
    ]
    rng = random.Random(7)

    async def one(n: int) -> str:
        await asyncio.sleep(rng.random())
        client = clients[n % len(clients)]
        try:
            if n % 2:
                stream = await client.chat.completions.create(
                    model="routing", messages=[{"role": "user", "content": "Say something."}],
                    max_tokens=5, stream=True, stream_options={"include_usage": True},
                )  # fmt: skip
                text = "".join(
                    [c.choices[0].delta.content or "" async for c in stream if c.choices]
                )
            else:
                answer = await client.chat.completions.create(
                    model="routing", messages=[{"role": "user", "content": "Say something."}],
                    max_tokens=5,
                )  # fmt: skip
                text = answer.choices[0].message.content or ""
        except openai.RateLimitError as exc:
            assert isinstance(exc.body, dict)
            return str(exc.body["code"])
        assert text == "ok"
        return "ok"

    try:
        return await asyncio.gather(*(one(n) for n in range(count)))
    finally:
        for client in clients:
            await client.close()


def test_two_workers_answer_concurrent_sdk_requests_and_scrape_as_one(served: Served) -> None:
    outcomes = asyncio.run(_burst(served.url, "unused", 60))
    assert outcomes == ["ok"] * 60
    by_worker = _requests_by_worker(served, 60)
    assert set(by_worker) == {"0", "1"}  # both processes answered, one scrape shows both
    assert sum(by_worker.values()) == 60
    assert served.stop() == -signal.SIGTERM
    assert len(_ledger_rows(served.ledger)) == 60  # one ledger, every worker's rows


def test_a_small_budget_is_not_overspent_across_workers(served: Served) -> None:
    budget = Decimal("0.0015")
    secret = _create_key(served, "--name", "small", "--budget-usd", str(budget))
    reservation = 3 * GPT_4O_IN + 5 * GPT_4O_OUT  # the prompt as counted, plus max_tokens

    # Bursts of concurrent requests until one is refused whole: the budget is used up (holds
    # of requests in flight refuse some early; later bursts spend what they leave).
    outcomes: list[str] = []
    for _ in range(8):
        burst = asyncio.run(_burst(served.url, secret, 40))
        outcomes += burst
        if "ok" not in burst:
            break
    by_worker = _requests_by_worker(served, outcomes.count("ok"))
    assert served.stop() == -signal.SIGTERM
    rows = _ledger_rows(served.ledger)
    spent = Decimal(sum(cost for _, _, cost in rows)) / Decimal(10**9)
    print(f"2 workers: {outcomes.count('ok')} of {len(outcomes)} answered, ${spent} of ${budget}")

    assert "ok" not in outcomes[-40:]  # used up
    assert spent <= budget + reservation  # per-process counters would allow twice the budget
    assert spent >= budget / 2
    assert len(rows) == len(outcomes)
    assert set(by_worker) == {"0", "1"}  # both workers spent from the one budget


def test_a_rate_limit_holds_across_workers(served: Served) -> None:
    secret = _create_key(served, "--name", "limited", "--rpm", "10")
    if time.time() % 60 > 50:  # the limit is per clock minute: keep the burst inside one
        time.sleep(61 - time.time() % 60)
    outcomes = asyncio.run(_burst(served.url, secret, 40))
    assert outcomes.count("ok") == 10
    assert outcomes.count("rate_limit_exceeded") == 30


def test_a_breaker_opens_for_every_worker_after_failures_counted_across_them(
    served: Served, upstream: FakeUpstream
) -> None:
    fake_openai.script(upstream.app, fake_openai.Failure(500))
    body = {"model": "routing", "messages": [{"role": "user", "content": "hi"}]}
    statuses = [rawhttp.post(served.url + "/v1/chat/completions", body).status for _ in range(4)]
    assert all(status >= 500 for status in statuses)
    failed = len(upstream.app[fake_openai.REQUESTS])
    assert failed == 4
    # Each worker's /healthz shows its own breaker: both open, though neither alone saw 4
    # failures in a row (connections land on either worker).
    open_on: set[object] = set()
    deadline = time.monotonic() + 30
    while open_on != {0, 1} and time.monotonic() < deadline:
        health = served.health()
        deployments = health["deployments"]
        assert isinstance(deployments, dict)
        if deployments["gpt-4o"]["breaker"] == "open":
            worker = health["worker"]
            assert isinstance(worker, dict)
            open_on.add(worker["index"])
    assert open_on == {0, 1}
    refused = [rawhttp.post(served.url + "/v1/chat/completions", body) for _ in range(10)]
    assert {r.status for r in refused} == {503}
    assert len(upstream.app[fake_openai.REQUESTS]) == failed  # none reached the upstream


def test_a_worker_killed_with_9_loses_no_answered_row_and_comes_back(served: Served) -> None:
    victim = int(str(served.workers()[0]["pid"]))
    url = served.url + "/v1/chat/completions"
    received: list[str] = []
    failed: list[str] = []
    stop = threading.Event()

    def client() -> None:
        body = {"model": "routing", "messages": [{"role": "user", "content": "hi"}]}
        while not stop.is_set():
            try:
                response = rawhttp.post(url, body)
            except OSError:
                failed.append("cut")  # accepted by the victim, never answered
                continue
            if response.status == 200:
                received.append(response.headers["x-request-id"])

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    try:
        time.sleep(1.5)
        before = len(received)
        os.kill(victim, signal.SIGKILL)
        table = served.wait_all_ready(restarts=1)
        time.sleep(1.0)  # the restarted worker answers too
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert before > 20  # it really was under load
    assert victim not in [w["pid"] for w in table]
    assert "was killed by SIGKILL; restarting it" in served.log.read_text()
    assert served.stop() == -signal.SIGTERM

    rows = _ledger_rows(served.ledger)
    ids = [request_id for request_id, status, _ in rows if status == 200]
    missing = set(received) - set(ids)
    assert not missing, f"{len(missing)} answered requests are not on the ledger"
    assert len(ids) == len(set(ids))  # the killed worker's journal was replayed once


def test_sigterm_stops_every_worker_after_in_flight_answers(
    served: Served, upstream: FakeUpstream
) -> None:
    pids = [int(str(w["pid"])) for w in served.workers()]
    fake_openai.script(upstream.app, fake_openai.Answer(text="ok", delay_s=1.0))
    answers: list[int] = []

    def slow() -> None:
        body = {"model": "routing", "messages": [{"role": "user", "content": "hi"}]}
        answers.append(rawhttp.post(served.url + "/v1/chat/completions", body).status)

    callers = [threading.Thread(target=slow) for _ in range(4)]
    for t in callers:
        t.start()
    time.sleep(0.5)  # in flight in the workers
    assert served.stop() == -signal.SIGTERM
    for t in callers:
        t.join(30)
    assert answers == [200] * 4  # answered before the workers stopped
    assert not [pid for pid in pids if _running(pid)]
    with pytest.raises(OSError):
        rawhttp.get(served.url + "/healthz")


def test_workers_stop_when_the_supervisor_is_killed(served: Served) -> None:
    pids = [int(str(w["pid"])) for w in served.workers()]
    served.process.kill()
    served.process.wait(10)
    deadline = time.monotonic() + 30
    while any(map(_running, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if _running(pid)]  # no orphaned worker keeps the port


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
