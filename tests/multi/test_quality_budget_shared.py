"""The daily quality budget holds across replicas: two shadow judges on one Redis and one
ledger stop sampling together when the day's proof spend reaches the budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import redis.asyncio as aioredis

from hybridgate.accounting.ledger import LedgerWriter, migrate, open_engine
from hybridgate.accounting.meters import RedisMeters
from hybridgate.accounting.prices import PriceBook, PriceCatalog
from hybridgate.accounting.tokens import TokenCounter
from hybridgate.quality.shadow import ShadowJudge
from tests.quality.conftest import FakeDeployment, answered, settings


async def test_two_replicas_share_one_daily_quality_budget(tmp_path: Path, redis_url: str) -> None:
    # One sample costs $0.00462 (a gpt-4o shadow and two gpt-4.1-mini judge calls): a budget of
    # $0.012 admits two whole samples and a third that starts under it, across both replicas.
    config = settings(budget_usd_per_day="0.012")
    engine = open_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    ledger = LedgerWriter(engine)
    client = aioredis.from_url(redis_url)
    baselines = [FakeDeployment("frontier", lambda r: "The baseline's answer.") for _ in range(2)]
    replicas = [
        ShadowJudge(
            settings=config,
            providers={"frontier": baseline, "judge": FakeDeployment("judge", lambda r: "TIE")},  # type: ignore[dict-item]
            prices=PriceBook(config.deployments, PriceCatalog.bundled()),
            ledger=ledger,
            tokens=TokenCounter(),
            today=lambda: date(2026, 12, 4),
            meters=RedisMeters(client, hold_s=60),
        )
        for baseline in baselines
    ]
    try:
        for i in range(6):  # the replicas take turns; each one's own count stays under budget
            replica = replicas[i % 2]
            replica.consider(answered(f"req-{i}"))
            await replica.drain()
        await ledger.flush()
        shadowed = sum(len(b.sent) for b in baselines)
        # Each replica alone would have sampled three (its own count reaches $0.00924 after two).
        assert shadowed == 3
        assert sum((r.spent for r in replicas), Decimal(0)) <= Decimal("0.012") + Decimal("0.00462")
    finally:
        await client.aclose()
        engine.dispose()
