"""The threshold controller: moves the strong share only on confident evidence, holds in the
band around the target (hysteresis), and records every change where the gateway finds it."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from hybridgate.accounting.ledger import LedgerRow, migrate, open_engine, requests_table
from hybridgate.config.quality import ThresholdControl
from hybridgate.quality.controller import ThresholdController, current_setting, next_fraction
from hybridgate.quality.records import Judgment, record_judgment

CONTROL = ThresholdControl(enabled=True, step=0.05, min_samples=30)


def test_it_holds_until_enough_verdicts_have_come_in() -> None:
    step = next_fraction(0.2, losses=20, judged=29, target=0.1, control=CONTROL)
    assert (step.fraction, step.changed) == (0.2, False)


def test_confidently_too_many_losses_raise_the_strong_share() -> None:
    step = next_fraction(0.2, losses=30, judged=100, target=0.1, control=CONTROL)
    assert (step.fraction, step.changed) == (0.25, True)
    assert step.reason.startswith("raise")


def test_near_the_target_it_holds_and_only_well_under_it_lowers() -> None:
    assert not next_fraction(0.2, losses=8, judged=100, target=0.1, control=CONTROL).changed
    assert not next_fraction(0.2, losses=3, judged=100, target=0.1, control=CONTROL).changed
    lowered = next_fraction(0.2, losses=0, judged=200, target=0.1, control=CONTROL)
    assert (lowered.fraction, lowered.changed) == (0.15, True)
    floor = ThresholdControl(enabled=True, min_strong_fraction=0.2)
    assert not next_fraction(0.2, losses=0, judged=200, target=0.1, control=floor).changed


def test_on_a_steady_workload_it_settles_and_stops_moving() -> None:
    # More strong calls, fewer losses: 30% at share 0, 10% (the target) at 0.5.
    def losses_at(share: float, n: int) -> int:
        return round(max(0.0, 0.3 - 0.4 * share) * n)

    share, history = 0.0, []
    for _ in range(40):
        step = next_fraction(share, losses_at(share, 400), 400, target=0.1, control=CONTROL)
        share = step.fraction
        history.append(share)
    # It climbs to where the loss rate is confidently under target, then never moves again.
    assert history[-1] == history[-20]
    assert 0.4 <= history[-1] <= 0.6
    changes = sum(a != b for a, b in itertools.pairwise(history))
    assert changes == len(set(history)) - 1  # monotone: no back and forth


async def test_a_change_is_recorded_applied_and_found_again_on_restart(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for i in range(40):
            row = LedgerRow(
                ts=now,
                request_id=f"r{i}",
                protocol="openai",
                requested_model="auto",
                deployment="mini",
                tier="routing",
                reasons="",
                stream=False,
                input_tokens=1,
                output_tokens=1,
                usage_estimated=False,
                latency_ms=1.0,
                ttft_ms=None,
                status="ok",
                http_status=200,
                error=None,
                cost_usd=Decimal(0),
            )
            conn.execute(requests_table.insert().values(**row.values()))
    for i in range(40):
        record_judgment(
            engine,
            Judgment(
                ts=now,
                request_id=f"r{i}",
                tier="routing",
                deployment="mini",
                baseline="frontier",
                judge="judge",
                method="judge",
                verdict="loss" if i < 16 else "tie",
                answer_cost_usd=Decimal(0),
                baseline_cost_usd=Decimal(0),
                proof_cost_usd=Decimal(0),
                privacy_clean=True,
            ),
        )
    applied: list[tuple[float, str]] = []
    controller = ThresholdController(
        engine=engine,
        control=CONTROL,
        target=0.1,
        strong_tier="reasoning",
        configured=0.2,
        apply=lambda share, source: applied.append((share, source)),
    )
    await controller.start()
    step = await controller.tick()
    assert step.changed and controller.fraction == 0.25
    assert applied and applied[0][0] == 0.25 and applied[0][1].startswith("quality.controller")
    # The verdicts behind a change never count again: the next tick waits for new ones.
    assert not (await controller.tick()).changed
    await controller.aclose()

    again = current_setting(engine, configured=0.2)
    assert again.fraction == 0.25 and again.source.startswith("quality.controller")
    engine.dispose()


def test_route_explain_shows_the_threshold_and_where_it_came_from(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    from hybridgate.quality.controller import Step, record_change

    config = tmp_path / "gw.yaml"
    config.write_text(
        "storage: hybridgate.db\n"
        "deployments:\n"
        "  - {name: mini, provider: openai, model: gpt-4o-mini}\n"
        "  - {name: frontier, provider: openai, model: gpt-4o}\n"
        "tiers: {routing: [mini], reasoning: [frontier]}\n"
        "quality: {baseline: frontier, judge: frontier, controller: {enabled: true}}\n"
    )
    engine = open_engine(str(tmp_path / "hybridgate.db"))
    migrate(engine)
    record_change(engine, 0.2, Step(0.35, True, "raise: test"), losses=16, judged=40)
    engine.dispose()
    body = {"model": "auto", "messages": [{"role": "user", "content": "Why is the sky blue?"}]}
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("hybridgate")),
            "route",
            "explain",
            "--json",
            "--config",
            str(config),
        ],
        input=json.dumps(body),
        capture_output=True,
        text=True,
        check=True,
    )
    threshold = json.loads(result.stdout)["difficulty_threshold"]
    assert threshold["source"].startswith("quality.controller at ")
