"""The difficulty router: RouteLLM metrics, threshold calibration, the shipped head, the CLI."""

from __future__ import annotations

import argparse
import io
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from hybridgate.cli import router
from hybridgate.engines.embedder import DIMENSIONS, Embedder
from hybridgate.routing.difficulty import (
    DOMAIN_MARKERS,
    FEATURE_NAMES,
    LEGACY_FEATURE_NAMES,
    DifficultyHead,
    DifficultyScorer,
    featurize,
    load_default_head,
    needs_strong,
    threshold_for_budget,
    threshold_for_strong_fraction,
)
from hybridgate.training.difficulty import (
    apgr,
    cpt,
    fit_head,
    load_outcomes_jsonl,
    pad_legacy_rows,
    train,
)

HARD = [
    "A store sells pencils at 3 for $0.75 and pens at $1.20 each. Maria buys 18 pencils and "
    "some pens, pays with a $20 bill and gets $2.70 back. After that she gives a third of "
    "her pencils to her brother. How many pens did she buy, and how many pencils are left?",
    "Let f(x) = 3x^3 - 5x^2 + 2x - 7. Find all real x such that f'(x) = 0, then compute "
    "f at each critical point and determine which is a local maximum.",
    "A tank is filled by pipe A in 6 hours and by pipe B in 9 hours, while pipe C drains it "
    "in 12 hours. If all three are opened when the tank is 1/4 full, how long until it is "
    "full? Then, if C is closed after 2 hours, how much total time does it take?",
    "Each of 7 workers paints 3 rooms per day; each room needs 2.5 litres. Paint costs $14 "
    "per 4-litre can and cans are sold whole. What is the total paint cost for a 5-day job?",
]
EASY = [
    "What is the capital of France?",
    "Who wrote Romeo and Juliet?",
    "What colour is the sky on a clear day?",
    "Translate 'hello' into Spanish.",
]


def _synthetic(n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    weak = (rng.random(n) < 0.6).astype(float)
    strong = np.maximum(weak, rng.random(n) < 0.5).astype(float)
    return weak, strong


def test_apgr_and_cpt_match_a_hand_computed_curve() -> None:
    # Thresholds at the quartile edges: strong fractions 0, .25, .5, .75, 1 with PGR
    # 0, .5, 1, 1, 1 → area .75; PGR .5 first reached at f = .25; .8 at f = .4 (interpolated).
    scores = [0.9, 0.8, 0.2, 0.1]
    weak, strong = [0, 0, 1, 1], [1, 1, 1, 1]
    assert apgr(scores, weak, strong, points=4) == pytest.approx(0.75)
    assert cpt(scores, weak, strong, recover=0.5, points=4) == pytest.approx(0.25)
    assert cpt(scores, weak, strong, recover=0.8, points=4) == pytest.approx(0.4)


def test_a_perfect_router_beats_random_which_scores_about_half() -> None:
    weak, strong = _synthetic()
    rng = np.random.default_rng(1)
    random = [apgr(rng.random(len(weak)), weak, strong) for _ in range(20)]
    perfect = strong - weak
    assert np.mean(random) == pytest.approx(0.5, abs=0.03)
    assert apgr(perfect, weak, strong) > 0.8
    random_cpt = np.mean([cpt(rng.random(len(weak)), weak, strong) for _ in range(20)])
    assert cpt(perfect, weak, strong, recover=0.5) < 0.25 < random_cpt
    assert cpt(perfect, weak, strong, recover=0.8) < cpt(-perfect, weak, strong, recover=0.8)


def test_metrics_refuse_a_strong_model_that_is_not_better() -> None:
    with pytest.raises(ValueError, match="strong model must do better"):
        apgr([0.1, 0.2], [1, 0], [0, 1])


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.3, 0.55, 1.0])
def test_threshold_sends_the_requested_fraction_to_the_strong_model(fraction: float) -> None:
    scores = np.random.default_rng(2).random(1000)
    threshold = threshold_for_strong_fraction(scores, fraction)
    sent = np.mean([needs_strong(s, threshold) for s in scores])
    assert fraction - 0.002 <= sent <= fraction


def test_tied_scores_never_overshoot_the_fraction() -> None:
    scores = [0.9, 0.5, 0.5, 0.5, 0.1]
    threshold = threshold_for_strong_fraction(scores, 0.4)
    assert sum(needs_strong(s, threshold) for s in scores) == 1


def test_budget_threshold_keeps_cost_per_1k_requests_within_budget() -> None:
    scores = np.random.default_rng(3).random(2000)
    # $0.001 weak, $0.011 strong per request; $5 per 1K requests affords 40% strong calls.
    threshold = threshold_for_budget(scores, Decimal("0.001"), Decimal("0.011"), Decimal("5"))
    strong_share = float(np.mean(scores >= threshold))
    assert strong_share == pytest.approx(0.4, abs=0.001)
    assert 1000 * (0.001 + strong_share * 0.010) <= 5.0
    with pytest.raises(ValueError, match="below the all-weak cost"):
        threshold_for_budget(scores, 0.001, 0.011, 0.5)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def test_shipped_head_is_small_and_loads_lazily() -> None:
    data = resources.files("hybridgate.routing").joinpath("data/difficulty_head.npz")
    assert len(data.read_bytes()) < 256 * 1024
    scorer = DifficultyScorer()
    assert not scorer.ready()


def test_shipped_scorer_ranks_multi_step_math_above_trivial_lookups(embedder: Embedder) -> None:
    scorer = DifficultyScorer(embedder=embedder)
    scores = scorer.strong_scores([*HARD, *EASY])
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert np.mean(scores[: len(HARD)]) > np.mean(scores[len(HARD) :])
    # Without any traffic yet, the head's own training scores calibrate a threshold.
    assert 0.0 < scorer.threshold_for_strong_fraction(0.5) < 1.0
    # A cues-only head skips the encoder; the scores are those of the full features.
    full = scorer.head.scores(featurize([*HARD, *EASY], embedder))
    assert np.allclose(scores, full, atol=1e-6)


class _NoTokenizer(Embedder):
    """An embedder that fails if anything asks it to tokenize or encode."""

    def tokenize(self, texts: object) -> list[list[int]]:
        raise AssertionError("the shipped head should score without the tokenizer")


def test_shipped_head_scores_with_cheap_cues_alone() -> None:
    head = load_default_head()
    assert not head.uses_embedding and not head.uses_tokenizer
    assert head.cue_names == FEATURE_NAMES
    assert {"log_chars", "log_words", "log_stem_chars"} & set(head.used_cues)  # length
    scorer = DifficultyScorer(embedder=_NoTokenizer(), head=head)
    scores = scorer.strong_scores([*HARD, *EASY])
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert min(scores[: len(HARD)]) > max(scores[len(HARD) :])
    assert scorer.ready()  # nothing more to load


def test_more_of_the_same_problem_scores_higher() -> None:
    # Length is the cue that holds across benchmarks: a problem with more steps to it ranks
    # above its own first sentence.
    scorer = DifficultyScorer(embedder=_NoTokenizer())
    short = "Each of 7 workers paints 3 rooms per day. How many rooms do they paint?"
    long = HARD[3] + " Then, if two workers leave after day 2, how many extra days are needed?"
    assert scorer.strong_scores([long])[0] > scorer.strong_scores([short])[0]


def test_a_format_1_head_still_loads_and_scores(tmp_path: Path) -> None:
    # Saved before cues were named: 384 embedding columns, then the first 16 cues.
    rng = np.random.default_rng(4)
    width = DIMENSIONS + len(LEGACY_FEATURE_NAMES)
    weights = np.zeros((width, 1), np.float32)
    weights[DIMENSIONS] = 2.0  # log_chars
    path = tmp_path / "old.npz"
    np.savez(
        path,
        format_version=np.asarray(1),
        mean=np.zeros(width, np.float32),
        scale=np.ones(width, np.float32),
        w0=weights,
        b0=np.zeros(1, np.float32),
        score_quantiles=np.sort(rng.random(101)).astype(np.float32),
        label=np.asarray("gain"),
        trained_on=np.asarray("old"),
    )
    head = DifficultyHead.load(path)
    assert head.cue_names == LEGACY_FEATURE_NAMES and head.used_cues == ("log_chars",)
    scorer = DifficultyScorer(embedder=_NoTokenizer(), head=head)
    long, short = scorer.strong_scores([HARD[0], EASY[0]])
    assert long > short
    assert long == pytest.approx(1 / (1 + np.exp(-2.0 * np.log1p(len(HARD[0])) / 9.0)), abs=1e-5)


def test_a_head_naming_an_unknown_cue_is_refused(tmp_path: Path) -> None:
    head = load_default_head()
    path = tmp_path / "future.npz"
    names = ("log_chars", "cue_from_the_future")
    trimmed = DifficultyHead(
        mean=head.mean[: DIMENSIONS + 2],
        scale=head.scale[: DIMENSIONS + 2],
        weights=(head.weights[0][: DIMENSIONS + 2],),
        biases=head.biases,
        score_quantiles=head.score_quantiles,
        cue_names=("log_chars", "log_tokens"),
    )
    trimmed.save(path)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["cue_names"] = np.asarray(names)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="cue_from_the_future"):
        DifficultyHead.load(path)


def _cue_rows(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows whose log_chars decides who needs the strong model, plus outcomes."""
    rng = np.random.default_rng(seed)
    features = np.zeros((n, DIMENSIONS + len(FEATURE_NAMES)), np.float32)
    features[:, DIMENSIONS:] = rng.random((n, len(FEATURE_NAMES)))
    hard = rng.random(n) < features[:, DIMENSIONS]
    return features, (~hard).astype(np.float32), np.ones(n, np.float32)


def test_robust_fit_standardises_on_its_own_rows_and_holds_markers_back() -> None:
    features, weak, strong = _cue_rows(600, seed=5)
    head = fit_head(features, weak, strong, label="diff", uses="robust cues")
    used = [DIMENSIONS + FEATURE_NAMES.index(name) for name in head.used_cues]
    assert np.allclose(head.mean[used], features[:, used].mean(axis=0), atol=1e-6)
    assert not head.uses_embedding and not head.uses_tokenizer
    # A marker carrying the same signal as a content cue gets much less weight.
    features[:, DIMENSIONS + FEATURE_NAMES.index("digit_share")] = features[:, DIMENSIONS]
    head = fit_head(features, weak, strong, label="diff", uses="robust cues")
    effect = head.weights[0][:, 0] * features.std(axis=0) / head.scale
    assert "digit_share" in DOMAIN_MARKERS
    assert effect[DIMENSIONS + FEATURE_NAMES.index("digit_share")] < effect[DIMENSIONS] / 3


def test_ledger_rows_recorded_with_fewer_cues_still_train() -> None:
    features, weak, strong = _cue_rows(300, seed=6)
    old_rows = features[:, : DIMENSIONS + len(LEGACY_FEATURE_NAMES)]
    head, _ = train(pad_legacy_rows(old_rows), weak, strong)
    assert set(head.used_cues) <= set(LEGACY_FEATURE_NAMES)
    scores = head.scores(features)
    assert np.all(np.isfinite(scores)) and apgr(scores, weak, strong) > 0.6
    with pytest.raises(ValueError, match="newer version"):
        pad_legacy_rows(np.zeros((2, DIMENSIONS + len(FEATURE_NAMES) + 1), np.float32))


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hybridgate")
    router.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


def test_cli_score_round_trip(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    lines = [
        {"id": 1, "prompt": HARD[0]},
        {"id": "b", "prompt": EASY[0]},
        {"id": None, "prompt": ""},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(json.dumps(x) + "\n" for x in lines)))
    assert _run(["router", "score"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["id"] for row in out] == [1, "b", None]
    assert all(set(row) == {"id", "strong_score"} and 0 <= row["strong_score"] <= 1 for row in out)


def test_cli_score_names_the_bad_line_and_field(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.StringIO('{"id": 1, "prompt": "hi"}\n{"id": 2, "text": "x"}\n')
    )
    assert _run(["router", "score"]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and '"prompt"' in err


def _outcomes(path: Path, n: int = 24) -> Path:
    rows = []
    for i in range(n):
        hard = i % 2 == 0
        prompt = HARD[i % len(HARD)] if hard else EASY[i % len(EASY)]
        rows.append(
            {"prompt": f"{prompt} (#{i})", "weak_correct": not hard, "strong_correct": True}
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_train_on_a_tiny_outcome_file_then_score_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "heads" / "difficulty_head.npz"
    data = _outcomes(tmp_path / "outcomes.jsonl")
    assert _run(["router", "train", "--outcome-data", str(data), "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["prompts"] == 24
    head = DifficultyHead.load(out)
    scorer = DifficultyScorer(head_path=out)
    hard, easy = np.split(np.asarray(scorer.strong_scores([HARD[0], EASY[0]])), 2)
    assert hard[0] > easy[0]
    assert "24 prompts" in head.trained_on

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": 7, "prompt": EASY[1]}) + "\n"))
    assert _run(["router", "score", "--head", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == 7


def test_graded_outcomes_and_bad_outcome_lines(tmp_path: Path) -> None:
    graded = tmp_path / "graded.jsonl"
    graded.write_text('{"prompt": "a", "weak_score": 0.25, "strong_score": 0.9}\n', "utf-8")
    assert load_outcomes_jsonl(graded).strong == [0.9]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"prompt": "a", "weak_correct": true, "strong_correct": true}\n'
        '{"prompt": "b", "weak_correct": "yes", "strong_correct": true}\n',
        "utf-8",
    )
    with pytest.raises(ValueError, match=r'bad\.jsonl:2: field "weak_correct"'):
        load_outcomes_jsonl(bad)
