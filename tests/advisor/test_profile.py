"""Workload profiles: the example loads, and every mistake names its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybridgate.accounting.gpu_cost import GpuPriceTable
from hybridgate.accounting.prices import PriceCatalog
from hybridgate.advisor.profile import (
    ProfileError,
    infer_size_class,
    load_profile,
    parse_profile,
    resolve,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "workload.yaml"


def _error(data: object) -> str:
    with pytest.raises(ProfileError) as caught:
        resolve(parse_profile(data, "w.yaml"), PriceCatalog.bundled(), GpuPriceTable.bundled())
    return str(caught.value)


def test_the_example_profile_resolves() -> None:
    profile = load_profile(EXAMPLE)
    tiers = resolve(profile, PriceCatalog.bundled(), GpuPriceTable.bundled())
    assert [t.name for t in tiers] == ["routing", "extraction", "summarization", "reasoning"]
    routing = tiers[0]
    assert (routing.input_tokens_per_day, routing.output_tokens_per_day) == (36_000_000, 4_000_000)
    assert routing.throughput.tokens_per_s_per_gpu == 1_000  # the 8b-on-L4 planning figure


@pytest.mark.parametrize(
    ("tier", "path"),
    [
        ({"tokens_per_day": 1000, "peak_to_mean": "0.5"}, "tiers.reasoning.peak_to_mean"),
        ({"tokens_per_day": 1000, "peak_to_mean": "lots"}, "tiers.reasoning.peak_to_mean"),
        ({"tokens_per_day": 1000, "sensitive_share": 2}, "tiers.reasoning.sensitive_share"),
        ({"tokens_per_day": 1000, "privacy": "maybe"}, "tiers.reasoning.privacy"),
        ({"tokens_per_day": 1000, "peak_too_mean": 3}, "tiers.reasoning.peak_too_mean"),
        (
            {"tokens_per_day": 1000, "input_tokens_per_day": 5, "output_tokens_per_day": 5},
            "tiers.reasoning.tokens_per_day",
        ),
        ({"input_tokens_per_day": 5}, "tiers.reasoning.output_tokens_per_day"),
        (
            {"tokens_per_day": 1000, "self_host": {"model": "my-model", "gpu": "H100"}},
            "tiers.reasoning.self_host.tokens_per_s_per_gpu",
        ),
        (
            {"tokens_per_day": 1000, "self_host": {"model": "Llama-3.3-70B", "gpu": "L4"}},
            "tiers.reasoning.self_host.tokens_per_s_per_gpu",
        ),
    ],
)
def test_bad_fields_are_named(tier: dict[str, object], path: str) -> None:
    message = _error({"tiers": {"reasoning": tier}})
    assert message.startswith("w.yaml: invalid workload profile")
    assert f"  {path}: " in message


def test_bad_team_field_is_named() -> None:
    message = _error({"team": {"mlops_capacity": "lots"}, "tiers": {"t": {"tokens_per_day": 1}}})
    assert "team.mlops_capacity" in message and "'lots'" in message


def test_resolution_errors_name_the_field() -> None:
    assert "tiers.t.tokens_per_day: missing" in _error({"tiers": {"t": {}}})
    unknown_api = _error({"tiers": {"t": {"tokens_per_day": 1, "api_model": "gpt-99"}}})
    assert "tiers.t.api_model" in unknown_api and "gpt-99" in unknown_api
    unknown_gpu = _error(
        {
            "tiers": {
                "t": {
                    "tokens_per_day": 1,
                    "self_host": {"model": "m", "gpu": "TPU9", "tokens_per_s_per_gpu": 5},
                }
            }
        }
    )
    assert "tiers.t.self_host.hourly_usd" in unknown_gpu


def test_top_level_must_be_a_mapping_with_tiers(tmp_path: Path) -> None:
    assert "tiers" in _error(["nope"])
    assert "tiers" in _error({"team": {}})
    bad = tmp_path / "w.yaml"
    bad.write_text("tiers: [unclosed\n")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(bad)


def test_size_class_from_the_model_name() -> None:
    assert infer_size_class("Llama-3.3-70B-Instruct") == "70b"
    assert infer_size_class("Mistral-Small-3.1-24B") == "30b"
    assert infer_size_class("qwen2.5-7b") == "8b"
    assert infer_size_class("Llama-3.1-405B") is None
    assert infer_size_class("my-model") is None
