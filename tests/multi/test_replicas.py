"""Three `hybridgate serve` processes sharing one PostgreSQL ledger and one Redis: one key's
budget holds across all of them under 100 concurrent requests, and a revocation reaches all."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openai
import pytest
import yaml
from sqlalchemy import create_engine, text

from hybridgate.accounting.ledger import storage_url
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, free_port
from tests.multi.conftest import running_servers

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
REPLICAS = 3
GPT_4O_IN, GPT_4O_OUT = Decimal("2.5e-6"), Decimal("10e-6")  # USD a token (bundled catalog)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HYBRIDGATE_CONFIG"}
    env["PYTHONUNBUFFERED"] = "1"
    return env


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
def config(tmp_path: Path, database: str, redis_url: str, upstream: FakeUpstream) -> Path:
    path = tmp_path / "hybridgate.yaml"
    settings = {
        "storage": database,
        "redis": redis_url,
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
    path.write_text(yaml.safe_dump(settings))
    return path


@pytest.fixture
def replicas(config: Path, tmp_path: Path) -> Iterator[list[str]]:
    """Three servers started together (they migrate the shared database at the same time)."""
    commands = []
    for _ in range(REPLICAS):
        port = free_port()
        argv = [HYBRIDGATE, "serve", "--config", str(config), "--port", str(port)]
        commands.append((argv, _env(), f"http://127.0.0.1:{port}"))
    with running_servers(commands, tmp_path) as urls:
        yield urls


def _create_key(config: Path, *flags: str) -> str:
    out = subprocess.run(
        [HYBRIDGATE, "keys", "create", "--config", str(config), "--json", *flags],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return str(json.loads(out.stdout)["key"])


def _ledger(database: str, expect: int, timeout: float = 15) -> list[tuple[str, int, int, str]]:
    engine = create_engine(storage_url(database))
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as conn:
                rows = [
                    (r.request_id, r.http_status, r.cost_nusd, r.key_id)
                    for r in conn.execute(
                        text("SELECT request_id, http_status, cost_nusd, key_id FROM requests")
                    )
                ]
            if len(rows) >= expect or time.monotonic() > deadline:
                return rows
            time.sleep(0.1)
    finally:
        engine.dispose()


async def _burst(urls: list[str], secret: str, count: int) -> list[str]:
    """`count` requests at once, spread over the replicas, arriving within about a second."""
    clients = [openai.AsyncOpenAI(base_url=f"{u}/v1", api_key=secret, max_retries=0) for u in urls]
    rng = random.Random(11)

    async def one(n: int) -> str:
        await asyncio.sleep(rng.random())
        replica = n % len(clients)
        try:
            headers = {"x-request-id": f"r{replica}-{n}"}
            if n % 2:
                stream = await clients[replica].chat.completions.create(
                    model="gpt-4o", messages=[{"role": "user", "content": "Say something."}],
                    max_tokens=5, stream=True, stream_options={"include_usage": True},
                    extra_headers=headers,
                )  # fmt: skip
                async for _ in stream:
                    pass
            else:
                await clients[replica].chat.completions.create(
                    model="gpt-4o", messages=[{"role": "user", "content": "Say something."}],
                    max_tokens=5, extra_headers=headers,
                )  # fmt: skip
        except openai.RateLimitError as exc:
            assert isinstance(exc.body, dict)
            return str(exc.body["code"])
        return "ok"

    try:
        return await asyncio.gather(*(one(n) for n in range(count)))
    finally:
        for client in clients:
            await client.close()


def test_three_replicas_share_one_budget_exactly(
    replicas: list[str], config: Path, database: str
) -> None:
    # Room for a few dozen answers: each reserves twice its counted prompt, so a budget much
    # smaller would leave a replica none to answer.
    budget = Decimal("0.002")
    secret = _create_key(
        config, "--name", "shared", "--budget-usd", str(budget), "--budget-period", "day"
    )
    time.sleep(1.1)  # the replicas' key caches (1 s) now see that keys are required
    # The fake answers "Say something." with 3 + 4 tokens (max_tokens 5): one answer's cost.
    reservation = 3 * GPT_4O_IN + 5 * GPT_4O_OUT

    outcomes = asyncio.run(_burst(replicas, secret, 100))
    rows = _ledger(database, 100)
    spent = Decimal(sum(cost for _, _, cost, _ in rows)) / Decimal(10**9)
    answered = outcomes.count("ok")
    print(f"3 replicas, 100 concurrent: {answered} answered, spent ${spent} of ${budget}")

    assert len(rows) == 100
    assert set(outcomes) == {"ok", "budget_exceeded"}
    assert spent <= budget + reservation
    assert spent >= budget / 2  # really spent, not refused wholesale
    assert len({key_id for _, _, _, key_id in rows}) == 1
    by_replica = {request_id.split("-")[0] for request_id, status, _, _ in rows if status == 200}
    assert by_replica == {"r0", "r1", "r2"}  # every replica answered and wrote its rows

    # A revocation made elsewhere reaches every replica within the cache's second.
    subprocess.run(
        [HYBRIDGATE, "keys", "revoke", "shared", "--config", str(config)],
        env=_env(),
        check=True,
        capture_output=True,
    )
    time.sleep(1.1)
    for url in replicas:
        with (
            openai.OpenAI(base_url=f"{url}/v1", api_key=secret, max_retries=0) as client,
            pytest.raises(openai.AuthenticationError, match="revoked"),
        ):
            client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "hi"}], max_tokens=5
            )
