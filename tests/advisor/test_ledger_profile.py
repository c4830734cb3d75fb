"""`--from-ledger`: volumes, burstiness and sensitive share measured from real ledger rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, insert

from hybridgate.accounting.ledger import LedgerRow, migrate, open_engine, requests_table
from hybridgate.accounting.prices import PriceCatalog
from hybridgate.advisor.ledger_profile import measure, profile_from_ledger
from hybridgate.config.loader import parse_settings

DAY = datetime(2026, 11, 20, tzinfo=UTC)


def row(
    ts: datetime,
    tier: str | None,
    tokens_in: int,
    tokens_out: int,
    privacy_action: str | None = None,
    attempt: int = 1,
) -> LedgerRow:
    return LedgerRow(
        ts=ts,
        request_id=f"r-{ts.timestamp()}-{tokens_in}",
        protocol="openai",
        requested_model="auto",
        deployment="local",
        tier=tier,
        reasons="test",
        stream=False,
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        usage_estimated=False,
        latency_ms=10.0,
        ttft_ms=None,
        status="ok",
        http_status=200,
        error=None,
        cost_usd=Decimal(0),
        privacy_action=privacy_action,
        attempt=attempt,
    )


def ledger(tmp_path: Path, rows: list[LedgerRow]) -> Engine:
    engine = open_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(insert(requests_table), [r.values() for r in rows])
    return engine


def day_of_traffic() -> list[LedgerRow]:
    # routing: 1,000 tokens every hour of one day, and 24,000 more at 05:00 → 48,000 tokens,
    # peak hour 25,000 vs a mean of 2,000 → peak-to-mean 12.5. 7 of 28 requests sensitive.
    rows = [
        row(DAY + timedelta(hours=h, minutes=30), "routing", 750, 250, guarded)
        for h in range(24)
        for guarded in ["local_only" if h in (7, 8, 9) else None]
    ]
    rows += [
        row(DAY + timedelta(hours=5, minutes=m), "routing", 4500, 1500, "redacted")
        for m in (1, 2, 3, 4)
    ]
    # reasoning: 1,200 tokens at 00:00 and at 23:00 of the same day → peak-to-mean 12.
    rows += [row(DAY + timedelta(hours=h), "reasoning", 1000, 200) for h in (0, 23)]
    # An escalation (attempt 2) adds tokens, not a request; untiered traffic keeps its tokens.
    rows += [row(DAY + timedelta(hours=23), "reasoning", 0, 0, attempt=2)]
    rows += [row(DAY + timedelta(hours=12), None, 100, 20)]
    rows += [row(DAY + timedelta(hours=12), "embeddings", 5000, 0)]
    # Outside the 7-day window: ignored.
    rows += [row(DAY - timedelta(days=30), "routing", 10**9, 10**9)]
    return rows


def test_tokens_per_day_and_peak_to_mean(tmp_path: Path) -> None:
    engine = ledger(tmp_path, day_of_traffic())
    measured = measure(engine, days=7, until=DAY + timedelta(days=1))
    engine.dispose()
    assert measured.observed_hours == 24
    routing = measured.tiers["routing"]
    assert (routing.input_tokens_per_day, routing.output_tokens_per_day) == (36_000, 12_000)
    assert routing.peak_to_mean == Decimal("12.5")
    assert routing.requests == 28
    assert routing.sensitive_share == Decimal(7) / Decimal(28)
    reasoning = measured.tiers["reasoning"]
    assert reasoning.input_tokens_per_day + reasoning.output_tokens_per_day == 2_400
    assert reasoning.peak_to_mean == Decimal(12)
    assert reasoning.requests == 2
    assert measured.tiers["untiered"].input_tokens_per_day == 100


def test_an_empty_window(tmp_path: Path) -> None:
    engine = ledger(tmp_path, day_of_traffic())
    measured = measure(engine, days=1, until=DAY - timedelta(days=5))
    engine.dispose()
    assert measured.observed_hours == 0 and measured.tiers == {}


def test_profile_from_ledger_takes_the_rest_from_config(tmp_path: Path) -> None:
    engine = ledger(tmp_path, day_of_traffic())
    measured = measure(engine, days=7, until=DAY + timedelta(days=1))
    engine.dispose()
    settings = parse_settings(
        {
            "deployments": [
                # Self-hosted in an EU data centre; the API is elsewhere.
                {"name": "local", "provider": "llama_cpp", "model": "m", "region": "eu"},
                {
                    "name": "mini",
                    "provider": "openai",
                    "model": "gpt-4.1-mini",
                    "api_key": "k",
                    "region": "us",
                },
                {"name": "emb", "provider": "local_embeddings", "model": "e", "region": "eu"},
            ],
            "tiers": {"routing": ["local", "mini"], "reasoning": ["local"], "embeddings": ["emb"]},
            "policy": {"privacy": "local_only", "residency": ["eu"]},
        },
        "test",
    )
    profile = profile_from_ledger(measured, settings, PriceCatalog.bundled())
    assert set(profile.tiers) == {"routing", "reasoning", "untiered"}
    routing = profile.tiers["routing"]
    assert routing.api_model == "gpt-4.1-mini"
    assert routing.privacy == "local_only" and routing.eu_residency
    assert routing.daily_split() == (36_000, 12_000)
    assert routing.peak_to_mean == Decimal("12.5")
    assert profile.tiers["reasoning"].needs_frontier_reasoning
    assert profile.tiers["reasoning"].api_model == settings.baseline_model
