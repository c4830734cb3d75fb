"""The supervisor's meters over a real Unix socket: many clients (the workers) never
overshoot one limit together, a counter is seeded once from the ledger, and a supervisor
that cannot be reached refuses the request instead of letting it through."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from hybridgate.accounting.meter_socket import MeterServer, SocketMeters
from hybridgate.accounting.meters import Hold, Level, LocalMeters
from hybridgate.errors import AdmissionUnavailable


async def test_workers_together_never_reserve_past_the_limit(tmp_path: Path) -> None:
    server = MeterServer(LocalMeters(hold_s=60), tmp_path / "s.sock")
    await server.start()
    workers = [SocketMeters(server.path) for _ in range(4)]
    try:
        results = await asyncio.gather(
            *(
                workers[n % 4].reserve("hg:budget:{k}:total", 7, 100, expire_at=None)
                for n in range(40)
            )
        )
        holds = [r for r in results if isinstance(r, Hold)]
        assert len(holds) == 14  # 14 × 7 = 98 ≤ 100; the 15th would pass the limit
        assert all(isinstance(r, Level) for r in results if not isinstance(r, Hold))
        # Settled below the reservation, the difference is free for the next request.
        for hold in holds:
            await workers[0].settle(hold, 5)
        assert isinstance(
            await workers[1].reserve("hg:budget:{k}:total", 28, 100, expire_at=None), Hold
        )
        assert isinstance(
            await workers[2].reserve("hg:budget:{k}:total", 3, 100, expire_at=None), Level
        )
    finally:
        for worker in workers:
            await worker.aclose()
        await server.aclose()


async def test_a_counter_starts_from_the_ledger_once(tmp_path: Path) -> None:
    server = MeterServer(LocalMeters(hold_s=60), tmp_path / "s.sock")
    await server.start()
    asked = 0

    async def ledger_spend() -> int:
        nonlocal asked
        asked += 1
        return 90

    workers = [SocketMeters(server.path) for _ in range(2)]
    try:
        first, second = await asyncio.gather(
            *(w.reserve("m", 6, 100, expire_at=None, seed=ledger_spend) for w in workers)
        )
        assert isinstance(first, Hold) != isinstance(second, Hold)  # 90 + 6 + 6 > 100
        assert asked <= 2  # each worker asks at most once; the first seed wins
        refused = first if isinstance(first, Level) else second
        assert isinstance(refused, Level) and refused.used == 90
    finally:
        for worker in workers:
            await worker.aclose()
        await server.aclose()


async def test_an_unreachable_supervisor_fails_closed(tmp_path: Path) -> None:
    meters = SocketMeters(tmp_path / "nobody.sock")
    with pytest.raises(AdmissionUnavailable):
        await meters.reserve("m", 1, 100, expire_at=None)
    await meters.aclose()


async def test_a_supervisor_gone_mid_session_fails_closed_then_recovers(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    server = MeterServer(LocalMeters(hold_s=60), path)
    await server.start()
    client = SocketMeters(path)
    try:
        assert isinstance(await client.reserve("m", 1, 10, expire_at=None), Hold)
        await server.aclose()
        with pytest.raises(AdmissionUnavailable):
            await client.reserve("m", 1, 10, expire_at=None)
        server = MeterServer(LocalMeters(hold_s=60), path)
        await server.start()
        assert isinstance(await client.reserve("m", 1, 10, expire_at=None), Hold)
    finally:
        await client.aclose()
        await server.aclose()
