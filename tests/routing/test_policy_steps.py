"""The built-in tier steps against the rules they split (routing/auto_policy.py)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from hybridgate.config.loader import parse_settings
from hybridgate.config.schema import Settings
from hybridgate.routing.auto import AutoSignals
from hybridgate.routing.auto_policy import settled_by_language, task_tier

TIERS = ("routing", "extraction", "summarization", "reasoning")


def settings_with(when_unsure: str, else_tier: str) -> Settings:
    config: dict[str, Any] = {
        "deployments": [{"name": "api", "provider": "openai", "model": "gpt-4o", "api_key": "x"}],
        "tiers": {tier: ["api"] for tier in TIERS},
        "auto": {
            "when_unsure": when_unsure,
            "languages": {"local": ["en", "de"], "else": else_tier},
        },
    }
    return parse_settings(config, "test", secrets=False)


@pytest.mark.parametrize(
    ("when_unsure", "else_tier"), list(itertools.product(("quality", "cost"), TIERS))
)
def test_the_difficulty_step_knows_when_the_language_rule_settled_the_tier(
    when_unsure: str, else_tier: str
) -> None:
    """`DifficultyPolicy` skips escalation exactly when `TaskPolicy`'s language rule moved
    the request, without rebuilding its reasons."""
    settings = settings_with(when_unsure, else_tier)
    tiers = set(settings.tiers)
    for task, confidence, language in itertools.product(
        (None, "summarization", "extraction", "code", "other_qa_or_generation"),
        (0.3, 0.9),
        (None, "und", "en", "fi"),
    ):
        signals = AutoSignals(task=task, task_confidence=confidence, language=language)
        settled = task_tier(settings, tiers, signals)[2]
        assert settled_by_language(settings, tiers, signals) == settled, signals
    # and both cases occur: the check above is not vacuous
    fi = AutoSignals(task="summarization", task_confidence=0.9, language="fi")
    en = AutoSignals(task="summarization", task_confidence=0.9, language="en")
    assert settled_by_language(settings, tiers, fi) == (else_tier != "summarization")
    assert not settled_by_language(settings, tiers, en)
