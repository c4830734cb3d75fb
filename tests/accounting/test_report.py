"""The savings report over rows written straight into a ledger: exact savings, groups,
percentiles, route mix, and self-hosted hardware amortized over the window, idle included."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from hybridgate.accounting.gpu_cost import HourlyCost
from hybridgate.accounting.ledger import LedgerRow, migrate, open_engine, requests_table
from hybridgate.accounting.report import Pricing, summary
from hybridgate.accounting.report_queries import percentile
from hybridgate.cli.main import main

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def row(
    *,
    ts: datetime = T0,
    deployment: str | None = "gpt-4o",
    tier: str | None = "reasoning",
    cost: str = "0",
    baseline: str = "0",
    latency_ms: float = 100.0,
    ttft_ms: float | None = None,
    status: str = "ok",
    error: str | None = None,
    tokens: tuple[int, int] = (10, 5),
    key: str | None = None,
    privacy: str | None = None,
    spilled: bool = False,
) -> LedgerRow:
    return LedgerRow(
        ts=ts,
        request_id="r",
        protocol="openai",
        requested_model=tier or "x",
        deployment=deployment,
        tier=tier,
        reasons="",
        stream=ttft_ms is not None,
        input_tokens=tokens[0],
        output_tokens=tokens[1],
        usage_estimated=False,
        latency_ms=latency_ms,
        ttft_ms=ttft_ms,
        status=status,
        http_status=200 if status == "ok" else 429,
        error=error,
        cost_usd=Decimal(cost),
        baseline_cost_usd=Decimal(baseline),
        key_id=key,
        privacy_action=privacy,
        spilled=spilled,
    )


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = open_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    return engine


def write(engine: Engine, *rows: LedgerRow) -> None:
    with engine.begin() as conn:
        conn.execute(insert(requests_table), [r.values() for r in rows])


def test_savings_against_the_baseline_are_exact(engine: Engine) -> None:
    write(
        engine,
        row(deployment="vllm-llama", tier="routing", cost="0.000125", baseline="0.001"),
        row(deployment="gpt-4o", tier="reasoning", cost="0.25", baseline="0.25"),
        row(deployment="gemini", tier="summarization", cost="0.124875", baseline="0.749"),
    )
    data = summary(engine)
    # spend 0.375 against 1.0 on the baseline: 62.5% saved, to the nano-dollar.
    assert Decimal(data["cost_usd"]) == Decimal("0.375")
    assert Decimal(data["baseline_cost_usd"]) == Decimal("1")
    assert Decimal(data["savings_usd"]) == Decimal("0.625")
    assert data["savings_pct"] == "62.5"
    assert data["by_deployment"]["vllm-llama"]["savings_pct"] == "87.5"
    assert data["by_tier"]["reasoning"]["savings_pct"] == "0"
    assert data["baseline_model"] == "gpt-4o"


def test_an_empty_ledger_reports_zeros_and_no_ratios(engine: Engine) -> None:
    data = summary(engine)
    assert data["requests"] == 0 and data["cost_usd"] == "0"
    assert data["savings_pct"] is None
    assert data["latency_ms"] == {"p50": None, "p95": None, "p99": None}
    assert data["by_tier"] == {} and data["self_hosted"] == {}


def test_groups_by_day_and_key_and_since(engine: Engine) -> None:
    day2 = T0 + timedelta(days=1)
    write(
        engine,
        row(ts=T0, key="team-a", cost="0.1", baseline="0.4"),
        row(ts=T0 + timedelta(hours=14), key="team-b", cost="0.2", baseline="0.4"),
        row(ts=day2, key="team-a", cost="0.3", baseline="0.4"),
        row(ts=day2, key=None, cost="0", baseline="0", status="error", error="model_not_found"),
    )
    data = summary(engine, by=["day", "key"])
    # 23:00 UTC is still the first day: days are UTC days.
    assert list(data["by_day"]) == ["2026-11-01", "2026-11-02"]
    assert data["by_day"]["2026-11-01"]["requests"] == 2
    assert Decimal(data["by_day"]["2026-11-01"]["cost_usd"]) == Decimal("0.3")
    assert data["by_day"]["2026-11-01"]["savings_pct"] == "62.5"
    assert data["by_day"]["2026-11-02"]["errors"] == 1
    assert {k: v["requests"] for k, v in data["by_key"].items()} == {
        "(none)": 1,
        "team-a": 2,
        "team-b": 1,
    }
    assert Decimal(data["by_key"]["team-a"]["cost_usd"]) == Decimal("0.4")
    later = summary(engine, since=day2)
    assert later["requests"] == 2 and "by_day" not in later
    # A `since` with an offset means the same instant in UTC.
    offset = summary(engine, since=datetime.fromisoformat("2026-11-02T01:00:00+01:00"))
    assert offset["requests"] == 2


def test_latency_percentiles_cover_successful_requests(engine: Engine) -> None:
    rows = [
        row(latency_ms=float(ms), ttft_ms=float(ms) / 10 if ms <= 20 else None)
        for ms in range(1, 101)
    ]
    # A timeout describes the failure, not the answers: left out of the percentiles.
    rows.append(row(latency_ms=60_000.0, status="error", error="upstream_timeout"))
    write(engine, *rows)
    data = summary(engine)
    assert data["latency_ms"] == {"p50": 50.0, "p95": 95.0, "p99": 99.0}
    assert data["ttft_ms"] == {"p50": 1.0, "p95": 1.9}
    assert data["by_deployment"]["gpt-4o"]["latency_ms"]["p95"] == 95.0


def test_nearest_rank_percentile() -> None:
    assert percentile([], 50) is None
    assert percentile([7.0], 99) == 7.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 95) == 4.0


def test_route_mix_privacy_spillover_and_refusals(engine: Engine) -> None:
    write(
        engine,
        row(deployment="vllm-llama", tier="routing", privacy="local_only"),
        row(deployment="vllm-llama", tier="routing", privacy="redacted"),
        row(deployment="vllm-llama", tier="routing", privacy="redacted"),
        row(deployment="gpt-4o", tier="extraction", spilled=True),
        row(deployment=None, tier=None, status="error", error="budget_exceeded"),
    )
    data = summary(engine)
    assert data["route_mix"]["tier"] == {"(none)": "20", "extraction": "20", "routing": "60"}
    assert data["route_mix"]["deployment"]["vllm-llama"] == "60"
    assert data["by_deployment"]["gpt-4o"]["share_pct"] == "20"
    assert data["privacy_actions"] == {"local_only": 1, "redacted": 2}
    assert data["spilled"] == 1
    assert data["refusals"] == {"budget_exceeded": 1, "rate_limit_exceeded": 0}


def test_self_hosted_hardware_is_amortized_over_the_window_idle_included(
    engine: Engine,
) -> None:
    # $3.60/h; two requests busy for 15 minutes each in a one-hour window: 50% utilized.
    write(
        engine,
        row(
            ts=T0,
            deployment="gpu-box",
            tier="routing",
            cost="0.9",
            baseline="10",
            latency_ms=900_000,
            tokens=(600_000, 150_000),
        ),
        row(
            ts=T0 + timedelta(minutes=30),
            deployment="gpu-box",
            tier="routing",
            cost="0.9",
            baseline="10",
            latency_ms=900_000,
            tokens=(200_000, 50_000),
        ),
    )
    pricing = Pricing(
        hardware={
            "gpu-box": HourlyCost(Decimal("3.6"), 1, "config: 2×H100 at $1.8/GPU-h"),
            "spare-box": HourlyCost(Decimal("1.2"), 4, "config: host at $1.2/h"),
        }
    )
    # `since` before the first row: the window starts when the gateway did.
    data = summary(
        engine, since=T0 - timedelta(days=30), now=T0 + timedelta(hours=1), pricing=pricing
    )
    box = data["self_hosted"]["gpu-box"]
    assert box["window_hours"] == "1"
    assert box["utilization_pct"] == "50"
    assert Decimal(box["window_usd"]) == Decimal("3.6")
    assert Decimal(box["idle_usd"]) == Decimal("1.8")
    assert box["tokens"] == 1_000_000
    assert Decimal(box["usd_per_mtok"]) == Decimal("3.6")  # $3.60 over 1M tokens
    assert Decimal(box["full_utilization_usd_per_mtok"]) == Decimal("1.8")
    assert Decimal(box["baseline_usd_per_mtok"]) == Decimal("20")
    # Hardware that served nothing costs its whole window, all of it idle.
    spare = data["self_hosted"]["spare-box"]
    assert Decimal(spare["idle_usd"]) == Decimal("1.2") and spare["usd_per_mtok"] is None
    assert Decimal(data["idle_usd"]) == Decimal("3.0")
    # Ledger spend 1.8 (busy time) + 3.0 idle = 4.8 against 20 on the baseline.
    assert Decimal(data["amortized_cost_usd"]) == Decimal("4.8")
    assert data["amortized_savings_pct"] == "76"
    assert data["savings_pct"] == "91"


def test_pricing_from_settings_reads_hardware_and_the_baseline_catalog_price() -> None:
    from hybridgate.config.schema import Settings

    settings = Settings.model_validate(
        {
            "deployments": [
                {
                    "name": "box",
                    "provider": "llama_cpp",
                    "model": "m",
                    "hardware": {"gpu": "H100", "gpus": 2, "hourly_usd": 2},
                },
                {"name": "api", "provider": "openai", "model": "gpt-4o-mini"},
            ],
            "baseline_model": "gpt-4o",
        }
    )
    pricing = Pricing.from_settings(settings)
    assert list(pricing.hardware) == ["box"] and pricing.hardware["box"].usd == Decimal(4)
    assert pricing.baseline_price is not None
    assert pricing.baseline_price.input_per_mtok == Decimal("2.5")


def test_cli_groups_and_tables(engine: Engine, tmp_path: Path) -> None:
    write(
        engine,
        row(ts=T0, key="team-a", cost="0.1", baseline="0.4"),
        row(ts=T0 + timedelta(days=1), key="team-b", cost="0.2", baseline="0.4"),
    )
    config = tmp_path / "gw.yaml"
    config.write_text(
        f"storage: {tmp_path / 'ledger.db'}\n"
        "deployments:\n  - {name: gpt-4o, provider: openai, model: gpt-4o}\n"
        "tiers: {routing: [gpt-4o]}\n"
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", "--json", "--by", "day", "--config", str(config)]) == 0
    data = json.loads(out.getvalue())
    assert list(data["by_day"]) == ["2026-11-01", "2026-11-02"] and "by_key" not in data
    assert data["savings_pct"] == "62.5"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", "--by", "key", "--config", str(config)]) == 0
    text = out.getvalue()
    assert "2 requests" in text and "62.5%" in text
    assert "by key" in text and "team-a" in text and "by tier" not in text
