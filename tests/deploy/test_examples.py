"""Every example config loads as `hybridgate serve --config` would load it (environment
references set the way their comments say), and every deploy config is one of them or
tested beside its manifests."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybridgate.config.loader import load_settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "configs"
ENV = {
    "OPENAI_API_KEY": "sk-example",
    "ANTHROPIC_API_KEY": "sk-ant-example",
    "MISTRAL_API_KEY": "example",
    "GEMINI_API_KEY": "example",
    "HYBRIDGATE_STORAGE": "postgresql://hybridgate:pw@postgres:5432/hybridgate",
    "HYBRIDGATE_REDIS": "redis://redis:6379/0",
    "HYBRIDGATE_ADMIN_TOKEN": "example-token",
}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_each_example_config_loads(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(path)
    assert settings.deployments
    for tier, members in settings.tiers.items():
        assert members, f"{path.name}: tier {tier} is empty"


def test_the_metrics_reference_lists_every_metric_the_gateway_exposes() -> None:
    from hybridgate.server.metrics import Metrics

    reference = (EXAMPLES.parents[1] / "docs" / "metrics.md").read_text()
    for family in Metrics().collect():
        name = f"{family.name}_total" if family.type == "counter" else family.name
        assert f"`{name}`" in reference, f"{name} is missing from docs/metrics.md"
