"""Break-even arithmetic, checked against a case worked by hand."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hybridgate.accounting.gpu_cost import GpuPriceTable
from hybridgate.accounting.prices import PriceCatalog
from hybridgate.advisor.breakeven import CostModel
from hybridgate.advisor.profile import parse_profile, resolve

# By hand. API $10 in / $30 out per 1M tokens; 6M in + 2M out a day → $60 + $60 = $120/day,
# × 730/24 days = $3,650/month. Blended $15/1M, so a = 15e-6 × 730/24 = 0.00045625 USD/month
# per token/day. Peak = 8M / 86,400 × 2 = 185.19 tokens/s; 100 tokens/s per GPU → 2 GPUs ×
# $1.50 × 730 h = $2,190, + $1,000 ops = $3,190. One replica (1 GPU) carries S = 100 × 86,400 / 2
# = 4,320,000 tokens/day for c = $1,095/month; a × S = $1,971, so it saves $876/month and
# n = ceil(1,000 / 876) = 2 replicas cover the overhead: V* = (2 × 1,095 + 1,000) / 0.00045625
# = 6,991,780.8… → 6,991,781 tokens/day.
HAND: dict[str, Any] = {
    "team": {"ops_overhead_usd_per_month": 1000},
    "tiers": {
        "t": {
            "input_tokens_per_day": 6_000_000,
            "output_tokens_per_day": 2_000_000,
            "peak_to_mean": 2,
            "api_price": {"input_per_mtok": 10, "output_per_mtok": 30},
            "self_host": {
                "model": "m",
                "gpu": "X1",
                "tokens_per_s_per_gpu": 100,
                "gpus_per_replica": 1,
                "hourly_usd": "1.50",
            },
        }
    },
}


def _model(data: dict[str, Any]) -> CostModel:
    profile = parse_profile(data, "test")
    [tier] = resolve(profile, PriceCatalog.bundled(), GpuPriceTable.bundled())
    return CostModel(tier)


def test_hand_computed_case() -> None:
    model = _model(HAND)
    costs = model.costs()
    assert costs.api_monthly_usd == Decimal("3650")
    assert costs.api_usd_per_mtok == Decimal(15)
    assert costs.gpus == 2
    assert costs.gpu_monthly_usd == Decimal("2190")
    assert costs.self_hosted_monthly_usd == Decimal("3190")
    assert costs.self_hosted_cheaper
    assert costs.break_even_tokens_per_day == 6_991_781
    # At the break-even volume the API costs (just) no less than self-hosting.
    at = Decimal(6_991_781)
    assert model.self_hosted(at) == Decimal("3190")
    assert model.api(at) >= Decimal("3190") > model.api(at - 1)


def test_replicas_round_gpus_up() -> None:
    data = copy.deepcopy(HAND)
    data["tiers"]["t"]["self_host"]["gpus_per_replica"] = 4
    assert _model(data).costs().gpus == 4


def test_a_replica_dearer_than_its_api_traffic_never_breaks_even() -> None:
    data = copy.deepcopy(HAND)
    data["tiers"]["t"]["api_price"] = {"input_per_mtok": "0.1", "output_per_mtok": "0.4"}
    costs = _model(data).costs()
    assert costs.break_even_tokens_per_day is None
    assert not costs.self_hosted_cheaper
