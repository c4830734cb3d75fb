"""Active health checks on loopback: a live server keeps its breaker, a dead one opens it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from hybridgate.balance import CircuitBreaker, HealthChecker
from hybridgate.config.schema import Breaker, Deployment, HealthChecks
from hybridgate.providers.http import UpstreamClient
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
