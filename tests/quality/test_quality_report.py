"""`hybridgate report` with shadow judging on: per tier, the savings at the measured quality."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from hybridgate.accounting.ledger import migrate, open_engine
from hybridgate.quality.records import Judgment, record_judgment
from hybridgate.quality.stats import wilson

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))


def test_wilson_interval_known_values() -> None:
    assert wilson(5, 10) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    low, high = wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)


def _judged(engine: object, tier: str, deployment: str, verdicts: dict[str, int]) -> None:
    for verdict, n in verdicts.items():
        for i in range(n):
            record_judgment(
                engine,  # type: ignore[arg-type]
                Judgment(
                    ts=datetime.now(UTC),
                    request_id=f"{tier}-{verdict}-{i}",
                    tier=tier,
                    deployment=deployment,
                    baseline="frontier",
                    judge="judge",
                    method="judge",
                    verdict=verdict,
                    answer_cost_usd=Decimal("0.001"),
                    baseline_cost_usd=Decimal("0.004"),
                    proof_cost_usd=Decimal("0.005"),
                    privacy_clean=True,
                ),
            )


def test_report_shows_loss_rates_with_intervals_and_flags_a_tier_above_target(
    tmp_path: Path,
) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "storage: hybridgate.db\n"
        "deployments:\n"
        "  - {name: mini, provider: openai, model: gpt-4o-mini}\n"
        "  - {name: frontier, provider: openai, model: gpt-4o}\n"
        "  - {name: judge, provider: openai, model: gpt-4.1-mini}\n"
        "tiers: {extraction: [mini], reasoning: [frontier]}\n"
        "default_tier: extraction\n"
        "quality: {baseline: frontier, judge: judge, max_loss_rate: 0.1}\n"
    )
    engine = open_engine(str(tmp_path / "hybridgate.db"))
    migrate(engine)
    _judged(engine, "extraction", "mini", {"win": 10, "tie": 28, "loss": 2})
    _judged(engine, "reasoning", "mini", {"win": 2, "tie": 4, "loss": 4})
    engine.dispose()

    result = subprocess.run(
        [HYBRIDGATE, "report", "--json", "--config", str(config)],
        capture_output=True,
        text=True,
        check=True,
    )
    groups = {g["tier"]: g for g in json.loads(result.stdout)["quality"]["groups"]}
    extraction = groups["extraction"]
    assert (extraction["judged"], extraction["loss"], extraction["alert"]) == (40, 2, False)
    assert extraction["loss_rate_ci95"] == pytest.approx(list(wilson(2, 40)))
    assert extraction["sample_savings_pct"] == 75.0
    assert Decimal(extraction["proof_cost_usd"]) == Decimal("0.2")
    assert groups["reasoning"]["alert"] is True

    text = subprocess.run(
        [HYBRIDGATE, "report", "--config", str(config)], capture_output=True, text=True, check=True
    ).stdout
    assert "loss rate of 5% [1–17%] against frontier, n=40" in text
    assert "ALERT" in text and "reasoning/mini loses 40%" in text


def test_report_says_whether_a_candidate_is_ready_to_take_over(tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "storage: hybridgate.db\n"
        "deployments:\n"
        "  - {name: mini, provider: openai, model: gpt-4o-mini}\n"
        "  - {name: tuned, provider: openai_compatible, model: m, base_url: 'http://x/v1',"
        " shadow_of: mini}\n"
        "  - {name: frontier, provider: openai, model: gpt-4o}\n"
        "tiers: {extraction: [mini]}\n"
        "default_tier: extraction\n"
        "quality: {baseline: frontier, judge: frontier, max_loss_rate: 0.1}\n"
    )
    engine = open_engine(str(tmp_path / "hybridgate.db"))
    migrate(engine)
    for i in range(60):
        record_judgment(
            engine,
            Judgment(
                ts=datetime.now(UTC),
                request_id=f"c{i}",
                tier="extraction",
                deployment="tuned",
                baseline="mini",
                judge="frontier",
                method="judge",
                verdict="win" if i < 20 else "tie",
                answer_cost_usd=Decimal(0),
                baseline_cost_usd=Decimal("0.001"),
                proof_cost_usd=Decimal("0.002"),
                privacy_clean=True,
            ),
        )
    engine.dispose()
    text = subprocess.run(
        [HYBRIDGATE, "report", "--config", str(config)], capture_output=True, text=True, check=True
    ).stdout
    assert "candidate tuned (shadow of mini, tier extraction): ready to take over" in text
