"""Active health checks on loopback: a live server keeps its breaker, a dead one opens it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from hybridgate.balance import CircuitBreaker, HealthChecker
from hybridgate.config.schema import Breaker, Deployment, HealthChecks
from hybridgate.providers.http import UpstreamClient
from tests import rawhttp, sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, free_port


@pytest.fixture(scope="module")
def live() -> Iterator[FakeUpstream]:
    server = FakeUpstream(fake_openai.make_app())
    yield server
    server.stop()


def deployment(name: str, url: str) -> Deployment:
    return Deployment(name=name, provider="openai_compatible", model="m", base_url=f"{url}/v1")


def test_checks_feed_the_breakers_and_stop_cleanly(live: FakeUpstream) -> None:
    dead_url = f"http://127.0.0.1:{free_port()}"
    deployments = [
        deployment("live", live.url),  # no /models route: a 404 still proves it is up
        deployment("dead", dead_url),
        Deployment(name="cloud", provider="openai", model="gpt-4o", api_key="k"),
    ]
    breakers = {
        d.name: CircuitBreaker(Breaker(consecutive_failures=2, cooldown_s=60)) for d in deployments
    }

    async def scenario() -> None:
        client = UpstreamClient()
        checker = HealthChecker(
            deployments=deployments,
            providers={},
            breakers=breakers,
            client=client,
            settings=HealthChecks(interval_s=0.05, timeout_s=0.5),
        )
        checker.start()
        for _ in range(100):
            await asyncio.sleep(0.02)
            if breakers["dead"].state == "open":
                break
        await checker.aclose()
        await client.aclose()
        assert breakers["dead"].state == "open"
        assert breakers["live"].state == "closed"
        assert set(checker.results) == {"live", "dead"}  # cloud APIs are never polled
        assert checker.results["live"].healthy
        assert not checker.results["dead"].healthy
        assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []

    asyncio.run(scenario())


def test_a_recovered_server_is_probed_back() -> None:
    breaker = CircuitBreaker(Breaker(consecutive_failures=1, cooldown_s=60))
    breaker.record_failure()
    server = FakeUpstream(fake_openai.make_app())
    try:

        async def scenario() -> None:
            client = UpstreamClient()
            checker = HealthChecker(
                deployments=[deployment("back", server.url)],
                providers={},
                breakers={"back": breaker},
                client=client,
                settings=HealthChecks(),
            )
            await checker.check_once()
            await client.aclose()

        asyncio.run(scenario())
    finally:
        server.stop()
    assert breaker.state == "half_open"  # the next request is the probe


def test_healthz_says_degraded_and_unavailable_so_a_load_balancer_can_act(
    gateway_factory: GatewayFactory,
) -> None:
    def edit(config: dict[str, Any]) -> None:
        config["deployments"].append(
            {
                "name": "dead",
                "provider": "openai_compatible",
                "model": "m",
                "base_url": "http://127.0.0.1:9/v1",  # nothing listens on the discard port
                "region": "eu",
            }
        )
        config["tiers"] = {"routing": ["vllm-llama", "dead"], "lonely": ["dead"]}
        config["default_tier"] = "routing"
        config["reliability"] = {"health": {"interval_s": 0.1}, "breaker": {"cooldown_s": 60}}

    gw = gateway_factory(edit)
    deadline = time.monotonic() + 10
    while True:
        response = rawhttp.get(gw.url + "/healthz")
        body = response.json()
        if body["tiers"].get("lonely") == "unavailable" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert response.status == 200  # some tier still serves
    assert body["status"] == "degraded"
    assert body["tiers"] == {"routing": "degraded", "lonely": "unavailable"}
    assert body["deployments"]["dead"]["health"].startswith("unreachable")


def test_a_redirecting_upstream_is_a_configuration_error_not_a_failure(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    """A 3xx means the base_url is wrong: the tier's next deployment answers at once, the
    redirecting one is neither retried nor held against its breaker."""
    redirected = FakeUpstream(fake_openai.make_app(replies=[fake_openai.Failure(301, "moved")]))
    try:

        def edit(config: dict[str, Any]) -> None:
            config["deployments"].append(
                {
                    "name": "moved",
                    "provider": "openai_compatible",
                    "model": "m",
                    "base_url": f"{redirected.url}/v1",
                    "api_key": "env:HG_TEST_OPENAI_KEY",
                    "region": "eu",
                }
            )
            config["tiers"]["routing"] = ["moved", "vllm-llama"]
            config["reliability"] = {"health": {"enabled": False}}

        gw = gateway_factory(edit)
        client = sdk.openai_client(gw.url)
        for _ in range(8):  # more than the breaker's 5 consecutive failures
            raw = client.chat.completions.with_raw_response.create(
                model="routing", messages=[{"role": "user", "content": "hi"}], max_tokens=5
            )
            assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
        assert len(redirected.app[fake_openai.REQUESTS]) == 8  # once each, never retried
        health = rawhttp.get(gw.url + "/healthz").json()
        assert health["deployments"]["moved"]["breaker"] == "closed"
    finally:
        redirected.stop()
