"""Replaying a policy over outcomes: the figures a user reads off `simulate`."""

from __future__ import annotations

import numpy as np
import pytest

from hybridgate.simulate.outcome_table import Pair
from hybridgate.simulate.replay import evaluate, sweep


def _pair(weak: list[float], strong: list[float], weak_cost: float, strong_cost: float) -> Pair:
    n = len(weak)
    return Pair(
        source="test",
        weak="w",
        strong="s",
        prompts=[f"q{i}" for i in range(n)],
        weak_quality=np.asarray(weak, float),
        strong_quality=np.asarray(strong, float),
        weak_cost=np.full(n, weak_cost),
        strong_cost=np.full(n, strong_cost),
        cost_basis={"w": "file", "s": "file"},
        dropped=0,
    )


def test_a_perfect_router_reaches_strong_quality_at_the_cost_of_its_strong_calls() -> None:
    # The strong model is needed on 2 of 10 prompts; the weak one costs a tenth as much.
    pair = _pair([1.0] * 8 + [0.0] * 2, [1.0] * 10, weak_cost=0.1, strong_cost=1.0)
    scores = [0.0] * 8 + [1.0] * 2
    result = evaluate("perfect", scores, pair)
    full = result.at(1.0)
    assert full.strong_share == pytest.approx(0.2)
    assert full.quality == pytest.approx(1.0)
    # 8 × 0.1 + 2 × 1.0 = 2.8 against 10 × 1.0: 72% cheaper.
    assert full.cost_cut == pytest.approx(0.72)
    assert full.times_cheaper == pytest.approx(10 / 2.8)
    assert result.apgr >= 0.9


def test_random_routing_is_the_straight_line_between_all_weak_and_all_strong() -> None:
    pair = _pair([1.0] * 5 + [0.0] * 5, [1.0] * 10, weak_cost=0.0, strong_cost=1.0)
    result = evaluate("random", np.zeros(10), pair)
    # 95% of strong quality (0.95) needs 90% of the calls on the strong model.
    assert result.at(0.95).strong_share == pytest.approx(0.9)
    assert result.at(0.95).cost_cut == pytest.approx(0.1)
    assert result.at(1.0).cost_cut == pytest.approx(0.0)
    assert result.apgr == pytest.approx(0.5)
    assert (result.cpt50, result.cpt80) == (pytest.approx(0.5), pytest.approx(0.8))


def test_tied_scores_move_together() -> None:
    pair = _pair([0.0, 0.0, 1.0], [1.0, 1.0, 1.0], weak_cost=0.0, strong_cost=1.0)
    curve = sweep([0.5, 0.5, 0.1], pair)
    assert list(curve.strong_share) == pytest.approx([0.0, 2 / 3, 1.0])


def test_a_router_can_beat_the_strong_model_where_the_weak_one_is_right_alone() -> None:
    pair = _pair([1.0, 0.0, 0.0], [0.0, 1.0, 1.0], weak_cost=0.0, strong_cost=1.0)
    result = evaluate("r", [0.0, 1.0, 1.0], pair)
    assert result.curve.quality.max() == pytest.approx(1.0)  # the strong model alone: 2/3
    # Strong quality is reached half-way to the two strong calls (mixing thresholds).
    assert result.at(1.0).strong_share == pytest.approx(1 / 3)
    assert result.at(1.0).cost_cut == pytest.approx(2 / 3)


def test_strong_calls_that_cost_more_count_for_more() -> None:
    # Same outcomes; the prompt needing the strong model is the one with a long (dear) prompt.
    pair = _pair([0.0, 1.0], [1.0, 1.0], weak_cost=0.0, strong_cost=0.0)
    dear = Pair(**{**pair.__dict__, "strong_cost": np.asarray([3.0, 1.0])})
    assert evaluate("r", [1.0, 0.0], dear).at(1.0).cost_cut == pytest.approx(0.25)
