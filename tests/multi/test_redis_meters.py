"""The Redis meters against a real Redis: atomic across clients (replicas), seeded once,
lapsed holds given back, expiry on period and window counters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from hybridgate.accounting.meters import Hold, Level, RedisMeters
from hybridgate.errors import AdmissionUnavailable
from tests.fakes.background import free_port


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[list[aioredis.Redis]]:
    made = [aioredis.from_url(redis_url) for _ in range(3)]
    yield made
    for client in made:
        await client.aclose()


async def test_three_replicas_reserving_at_once_never_overshoot(
    clients: list[aioredis.Redis],
) -> None:
    replicas = [RedisMeters(c, hold_s=60) for c in clients]
    seeds = 0

    async def seed() -> int:
        nonlocal seeds
        seeds += 1
        await asyncio.sleep(0.02)
        return 250

    outcomes = await asyncio.gather(
        *(
            replicas[n % 3].reserve("hg:budget:{k}:total", 100, 10_000, expire_at=None, seed=seed)
            for n in range(300)
        )
    )
    holds = [o for o in outcomes if isinstance(o, Hold)]
    assert len(holds) == 97  # (10 000 - 250 already spent) // 100
    assert 1 <= seeds <= 3  # once per replica at most; the first seed wins
    refused = [o for o in outcomes if isinstance(o, Level)]
    assert len(refused) == 203 and all(o.used == 250 for o in refused)

    for hold in holds[:50]:
        await replicas[0].settle(hold, 40)
    for hold in holds[50:]:
        await replicas[1].release(hold)
        await replicas[2].release(hold)  # twice: harmless
    state = await clients[0].hgetall("hg:budget:{k}:total")
    assert state == {b"used": str(250 + 50 * 40).encode(), b"held": b"0"}
    assert await clients[0].ttl("hg:budget:{k}:total") == -1  # a total budget never expires


async def test_a_hold_whose_replica_died_lapses(clients: list[aioredis.Redis]) -> None:
    now = [1_000_000.0]
    meters = RedisMeters(clients[0], hold_s=30, clock=lambda: now[0])
    assert isinstance(await meters.reserve("hg:rpm:{k}:1", 8, 10, expire_at=None), Hold)
    assert await meters.reserve("hg:rpm:{k}:1", 8, 10, expire_at=None) == Level(0, 8)
    now[0] += 31  # nobody settled the first hold in time
    assert isinstance(await meters.reserve("hg:rpm:{k}:1", 8, 10, expire_at=None), Hold)
    assert await clients[0].hget("hg:rpm:{k}:1", "held") == b"8"


async def test_window_counters_expire(clients: list[aioredis.Redis]) -> None:
    import time

    meters = RedisMeters(clients[0], hold_s=30)
    hold = await meters.reserve("hg:tpm:{k}:9", 5, 10, expire_at=time.time() + 100)
    assert isinstance(hold, Hold)
    assert 0 < await clients[0].ttl("hg:tpm:{k}:9") <= 100
    await meters.settle(hold, 7)
    assert await clients[0].hget("hg:tpm:{k}:9", "used") == b"7"


async def test_an_unreachable_redis_refuses_clearly_and_never_fails_an_answer() -> None:
    client = aioredis.from_url(
        f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=1, socket_timeout=1
    )
    meters = RedisMeters(client, hold_s=60)
    with pytest.raises(AdmissionUnavailable) as refused:
        await meters.reserve("hg:budget:{k}:total", 100, 10_000, expire_at=None)
    assert refused.value.status == 503
    assert "Redis is unreachable" in refused.value.message
    # Settling after an answer was given only logs: the hold expires on its own.
    await meters.settle(Hold("hg:budget:{k}:total", "abc", 100), 80)
    await client.aclose()
