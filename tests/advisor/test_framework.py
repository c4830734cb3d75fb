"""The decision rules: each pushes the way the seed's framework says, with its number."""

from __future__ import annotations

from typing import Any

import pytest

from hybridgate.accounting.gpu_cost import GpuPriceTable
from hybridgate.accounting.prices import PriceCatalog
from hybridgate.advisor.breakeven import CostModel
from hybridgate.advisor.framework import Facts, Recommendation, decide, volume
from hybridgate.advisor.profile import parse_profile, resolve


def _facts(team: dict[str, Any] | None = None, **tier: Any) -> Facts:
    profile = parse_profile({"team": team or {}, "tiers": {"t": tier}}, "test")
    [resolved] = resolve(profile, PriceCatalog.bundled(), GpuPriceTable.bundled())
    return Facts(resolved, CostModel(resolved).costs(), profile.team)


def _rule(rec: Recommendation, name: str) -> Any:
    [verdict] = [v for v in rec.verdicts if v.rule == name]
    return verdict


@pytest.mark.parametrize(
    ("tokens", "lean", "number"),
    [
        (50_000, "closed", "50,000"),
        (1_000_000, "compare", "1,000,000"),
        (20_000_000, "open", "20,000,000"),
    ],
)
def test_volume_thresholds(tokens: int, lean: str, number: str) -> None:
    verdict = volume(_facts(tokens_per_day=tokens))
    assert verdict.lean == lean
    assert number in verdict.reason


def test_low_volume_on_a_plain_profile_is_closed() -> None:
    rec = decide(_facts(tokens_per_day=50_000))
    assert rec.lean == "closed"
    assert _rule(rec, "cost").lean == "closed"


def test_sensitive_data_that_must_stay_local_forces_open() -> None:
    plain = decide(_facts(tokens_per_day=1_000_000, sensitive_share="0.05"))
    local = decide(_facts(tokens_per_day=1_000_000, sensitive_share="0.05", privacy="local_only"))
    assert plain.lean == "closed"
    assert local.lean == "open"
    verdict = _rule(local, "privacy")
    assert verdict.hard and "5%" in verdict.reason and "local_only" in verdict.reason
    # The soft factors still favour the API, so the advice offers the split.
    assert local.note is not None and "split" in local.note and "50,000 tokens/day" in local.note


def test_no_sensitive_data_means_no_privacy_constraint() -> None:
    rec = decide(_facts(tokens_per_day=1_000_000, privacy="local_only"))
    assert not rec.hard


def test_eu_residency_without_an_eu_api_forces_open() -> None:
    rec = decide(_facts(tokens_per_day=1_000_000, eu_residency=True, api_model="gpt-4.1-mini"))
    assert rec.lean == "open" and _rule(rec, "residency").hard
    eu = decide(_facts(tokens_per_day=1_000_000, eu_residency=True, api_model="mistral-small"))
    assert not eu.hard and eu.lean == "closed"


# Mid volume (8M tokens/day) on a pricey API, long contexts measured at 100 tokens/s per H100:
# API 8M × $55 blended/1M × 730/24 = $13,383/month. Steady (peak 1.2×): 111 tokens/s → 2 GPUs,
# $3,927 + $4,000 ops, so self-hosting is 1.7× cheaper. Bursty (10×): 926 tokens/s → 10 GPUs,
# $19,637 + $4,000: now the API is cheaper, and the idle GPUs are the reason.
_MID = {
    "tokens_per_day": 8_000_000,
    "api_price": {"input_per_mtok": 40, "output_per_mtok": 100},
    "self_host": {
        "model": "Llama-3.3-70B",
        "gpu": "H100",
        "tokens_per_s_per_gpu": 100,
        "gpus_per_replica": 1,
    },
}


def test_bursty_mid_volume_pushes_closed() -> None:
    steady = decide(_facts(peak_to_mean="1.2", **_MID))
    bursty = decide(_facts(peak_to_mean=10, **_MID))
    assert steady.lean == "open"
    verdict = _rule(bursty, "burstiness")
    assert verdict.lean == "closed" and "10× the mean" in verdict.reason
    assert bursty.score < steady.score
    assert bursty.lean == "closed"


def test_needs_lean_the_documented_way() -> None:
    rec = decide(
        _facts(
            tokens_per_day=1_000_000,
            needs_frontier_reasoning=True,
            needs_multimodal=True,
            needs_fine_tuning=True,
        )
    )
    leans = {v.rule: v.lean for v in rec.verdicts}
    assert leans["frontier"] == "closed"
    assert leans["multimodal"] == "closed"
    assert leans["fine-tuning"] == "open"


def test_no_mlops_capacity_pushes_closed() -> None:
    none = decide(_facts({"mlops_capacity": "none"}, tokens_per_day=1_000_000))
    assert _rule(none, "mlops").lean == "closed"
    assert none.verdicts and "ops $10000.00" in _rule(none, "cost").reason


def test_close_call_only_when_the_costs_are_close() -> None:
    # The API costs a tiny fraction of a GPU box, but steady load, an ML-ops team and
    # fine-tuning pull towards self-hosting: no decision, and the note says who wins on cost.
    rec = decide(
        _facts(
            {"mlops_capacity": "strong"},
            tokens_per_day=1_000_000,
            peak_to_mean="1.2",
            needs_fine_tuning=True,
        )
    )
    assert rec.lean == "compare"
    assert rec.note is not None
    assert "close call" not in rec.note
    assert rec.note.startswith("the API wins on cost: it is ")
    assert "× cheaper" in rec.note and "API $" in rec.note
