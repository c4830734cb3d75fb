"""Train and evaluate the difficulty router from per-query outcomes.

An outcome says how the weak and the strong model did on one prompt: correct or not
(`weak_correct`, `strong_correct`) or a graded score in [0, 1] (`weak_score`, `strong_score`).
The metrics are RouteLLM's (Ong et al. 2024, `routellm/evals`): sweep a threshold over the
router's score quantiles; at each, the strong fraction f and the quality of routed answers;
PGR = (quality − weak) / (strong − weak); APGR = area under PGR over f; CPT(x) = the f at
which PGR first reaches x.

Training needs scikit-learn (imported inside the functions that use it); inference does not.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

import msgspec
import numpy as np
import numpy.typing as npt

from ..routing.difficulty import (
    DIMENSIONS,
    DOMAIN_MARKERS,
    FEATURE_NAMES,
    N_CUES,
    TOKEN_FEATURES,
    DifficultyHead,
    FloatArray,
)

#: Training targets, each in [0, 1]:
#: gain — the strong model does better (strong right and weak wrong; graded: the clipped gain);
#: diff — (strong − weak + 1) / 2, which also marks prompts where the strong model is worse;
#: weak_wrong — the weak model fails, whatever the strong one does.
LabelKind = Literal["gain", "diff", "weak_wrong"]
LABEL_KINDS: tuple[LabelKind, ...] = get_args(LabelKind)
#: embedding+cues — everything; cues — every structural cue; robust cues — the cues without
#: the tokenizer's, domain markers damped (`MARKER_DAMPING`), content cues' weights kept
#: non-negative: for traffic unlike the training's.
FeatureSet = Literal["embedding+cues", "cues", "robust cues"]
DEFAULT_C = 0.001
#: Domain markers enter "robust cues" fits scaled by this after standardising, so L2 holds
#: them back ~1/0.3² ≈ 11 times harder than content cues such as length.
MARKER_DAMPING = 0.3
#: Below this many outcomes cross-validated selection is noise: train the defaults instead.
MIN_ROWS_TO_SELECT = 200
_FIELDS = (("weak_correct", "strong_correct"), ("weak_score", "strong_score"))


class Outcomes(msgspec.Struct, frozen=True):
    """How each model did on each prompt; `weak` and `strong` are in [0, 1]."""

    prompts: list[str]
    weak: list[float]
    strong: list[float]


class Choice(msgspec.Struct, frozen=True):
    label: LabelKind
    c: float
    uses: FeatureSet
    cv_apgr: float | None = None

    def describe(self) -> str:
        cv = "" if self.cv_apgr is None else f", CV APGR {self.cv_apgr:.3f}"
        return f"target {self.label}, {self.uses}, C={self.c}{cv}"


#: What `select` tries: hard vs soft target, with and without the embedding. 384 embedding
#: dimensions against ~1.3K-14K rows want strong regularisation; the cues much less.
_GRIDS: tuple[tuple[FeatureSet, tuple[float, ...]], ...] = (
    ("embedding+cues", (1e-4, 3e-4, 1e-3, 3e-3)),
    ("cues", (1e-3, 1e-2, 0.1)),
    ("robust cues", (1e-3, 1e-2)),
)
_TARGETS: tuple[LabelKind, ...] = ("gain", "diff")
CANDIDATES: tuple[Choice, ...] = tuple(
    Choice(label=label, c=c, uses=uses) for label in _TARGETS for uses, grid in _GRIDS for c in grid
)
#: The shipped head's recipe: robust cues, soft target, content weights kept non-negative, held
#: back hard. Strong L2 pulls the weights toward each cue's own covariance with the target
#: (close to an equal-weight sum of length-like cues), which is what carries over to traffic
#: the head never saw. Fixed, not selected: cross-validation on the two benchmarks picks
#: C=0.01 and the hard target for more of the same, but that head leaned on domain markers and
#: ranked "What is the capital of France?" above multi-step word problems.
ROBUST: tuple[Choice, ...] = (Choice(label="diff", c=DEFAULT_C, uses="robust cues"),)


def load_outcomes_jsonl(path: Path) -> Outcomes:
    """Outcomes from JSON lines `{"prompt", "weak_correct", "strong_correct"}` or
    `{"prompt", "weak_score", "strong_score"}` (scores in [0, 1])."""
    prompts: list[str] = []
    weak: list[float] = []
    strong: list[float] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise ValueError(f"{where}: expected a JSON object")
            prompt = row.get("prompt")
            if not isinstance(prompt, str):
                raise ValueError(f'{where}: field "prompt" must be a string')
            pair = next((p for p in _FIELDS if p[0] in row or p[1] in row), _FIELDS[0])
            values = [_outcome_value(row, field, where) for field in pair]
            prompts.append(prompt)
            weak.append(values[0])
            strong.append(values[1])
    if not prompts:
        raise ValueError(f"{path}: no outcomes")
    return Outcomes(prompts=prompts, weak=weak, strong=strong)


def _outcome_value(row: dict[str, object], field: str, where: str) -> float:
    value = row.get(field)
    # bool is an int: accept true/false and 0/1 for correctness, any number for scores.
    if isinstance(value, bool | int | float) and 0.0 <= float(value) <= 1.0:
        return float(value)
    raise ValueError(f'{where}: field "{field}" must be a boolean or a number in [0, 1]')


def targets(weak: FloatArray, strong: FloatArray, kind: LabelKind) -> FloatArray:
    if kind == "gain":
        return np.clip(strong - weak, 0.0, 1.0).astype(np.float32)
    if kind == "diff":
        return ((strong - weak + 1.0) / 2.0).astype(np.float32)
    return (1.0 - weak).astype(np.float32)


# --- metrics -------------------------------------------------------------------------------


def routing_curve(
    scores: Sequence[float] | FloatArray,
    weak: Sequence[float] | FloatArray,
    strong: Sequence[float] | FloatArray,
    *,
    points: int = 10,
) -> tuple[FloatArray, FloatArray]:
    """(strong fraction, quality) at thresholds on `points` equal-count bins of the scores.

    As RouteLLM: thresholds are the bin edges (`pd.qcut(..., retbins=True)`); prompts scoring at
    or above one go strong, and above the top edge (so none) for the last. Sorted by fraction.
    """
    s = np.asarray(scores, dtype=np.float64)
    w = np.asarray(weak, dtype=np.float64)
    g = np.asarray(strong, dtype=np.float64)
    if not s.size or s.shape != w.shape or s.shape != g.shape:
        raise ValueError("scores, weak and strong must be non-empty and the same length")
    edges = np.quantile(s, np.linspace(0.0, 1.0, points + 1))
    fractions, quality = [], []
    for i, edge in enumerate(edges):
        chosen = s >= edge if i < len(edges) - 1 else s > edge
        fractions.append(chosen.mean())
        quality.append(np.where(chosen, g, w).mean())
    order = np.argsort(fractions, kind="stable")
    return np.asarray(fractions)[order], np.asarray(quality)[order]


def _gap(weak: FloatArray, strong: FloatArray) -> tuple[float, float]:
    low, high = float(np.mean(weak)), float(np.mean(strong))
    if high <= low:
        raise ValueError("the strong model must do better than the weak one on average")
    return low, high


def apgr(
    scores: Sequence[float] | FloatArray,
    weak_correct: Sequence[float] | FloatArray,
    strong_correct: Sequence[float] | FloatArray,
    *,
    points: int = 10,
) -> float:
    """Average performance gap recovered: random routing ≈ 0.5, a perfect router near 1."""
    w, g = np.asarray(weak_correct, float), np.asarray(strong_correct, float)
    low, high = _gap(w, g)
    fractions, quality = routing_curve(scores, w, g, points=points)
    span = float(fractions[-1] - fractions[0])
    pgr = (quality - low) / (high - low)
    return float(np.trapezoid(pgr, fractions) / span)


def cpt(
    scores: Sequence[float] | FloatArray,
    weak: Sequence[float] | FloatArray,
    strong: Sequence[float] | FloatArray,
    *,
    recover: float = 0.5,
    points: int = 10,
) -> float:
    """Call-performance threshold: the strong fraction that recovers `recover` of the gap.

    RouteLLM interpolates fraction against quality with `np.interp`, which assumes quality
    rises with the fraction; this takes the first crossing, the same where it does.
    """
    w, g = np.asarray(weak, float), np.asarray(strong, float)
    low, high = _gap(w, g)
    target = low + recover * (high - low)
    fractions, quality = routing_curve(scores, w, g, points=points)
    for j in range(len(quality)):
        if quality[j] >= target:
            if j == 0 or quality[j] == quality[j - 1]:
                return float(fractions[j])
            t = (target - quality[j - 1]) / (quality[j] - quality[j - 1])
            return float(fractions[j - 1] + t * (fractions[j] - fractions[j - 1]))
    return 1.0


# --- training ------------------------------------------------------------------------------


def _column_weights(features: FloatArray, uses: FeatureSet) -> npt.NDArray[np.float64]:
    """How much each feature column counts in a fit (0: left out)."""
    weight = np.ones(features.shape[1], dtype=np.float64)
    if uses != "embedding+cues":
        weight[:DIMENSIONS] = 0.0
    if uses == "robust cues":
        for i, name in enumerate(FEATURE_NAMES, start=DIMENSIONS):
            if name in TOKEN_FEATURES:
                weight[i] = 0.0
            elif name in DOMAIN_MARKERS:
                weight[i] = MARKER_DAMPING
    # A column missing (NaN) from some rows — ledger rows recorded before that cue existed.
    weight[np.isnan(features).any(axis=0)] = 0.0
    return weight


def fit_head(
    features: FloatArray,
    weak: FloatArray,
    strong: FloatArray,
    *,
    label: LabelKind = "gain",
    c: float = DEFAULT_C,
    uses: FeatureSet = "embedding+cues",
    trained_on: str = "",
) -> DifficultyHead:
    """Logistic regression on standardised features; soft targets by weighted duplication.

    `features` are `featurize` rows (`N_CUES` cues after the embedding); a column that is NaN
    in any row is left out. Standardisation uses this training set only. `uses` picks the
    columns (`FeatureSet`); columns left out get zero weight.
    """
    from threadpoolctl import threadpool_limits

    if features.shape[1] != DIMENSIONS + N_CUES:
        raise ValueError(f"expected {DIMENSIONS + N_CUES} feature columns, got {features.shape[1]}")
    y = targets(weak, strong, label)
    column_weight = _column_weights(features, uses)
    columns = column_weight > 0
    if not columns.any():
        raise ValueError(f"no feature columns left to fit for {uses!r}")
    filled = np.where(np.isnan(features), 0.0, features)
    mean = np.where(columns, filled.mean(axis=0), 0.0)
    # Damping folds into the scale: the head stays a plain standardise-then-dot model.
    scale = np.where(
        columns, np.maximum(filled.std(axis=0), 1e-6) / np.maximum(column_weight, 1e-6), 1.0
    )
    x = ((filled - mean) / scale)[:, columns]
    if np.all(y <= 0.0) or np.all(y >= 1.0):
        raise ValueError(f"target {label!r} is the same for every prompt: nothing to learn")
    # One BLAS thread: these matrices are small, and a thread pool fighting other work for
    # the same cores made fits ~40x slower.
    with threadpool_limits(limits=1):
        if uses == "robust cues":
            # Monotone in content: more of what a prompt says never makes it easier.
            content = [name not in DOMAIN_MARKERS for name in _names(columns)]
            coef, intercept = _fit_bounded(x, y, c, nonnegative=np.asarray(content))
        else:
            coef, intercept = _fit_sklearn(x, y, c)
    weights = np.zeros((features.shape[1], 1), dtype=np.float32)
    weights[columns, 0] = coef
    head = DifficultyHead(
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=(weights,),
        biases=(np.asarray([intercept], dtype=np.float32),),
        score_quantiles=np.zeros(101, np.float32),
        label=label,
        trained_on=trained_on,
    )
    quantiles = np.quantile(head.scores(filled), np.linspace(0.0, 1.0, 101))
    return dataclasses.replace(head, score_quantiles=quantiles.astype(np.float32))


def _names(columns: npt.NDArray[np.bool_]) -> list[str]:
    """The feature name of each selected column (embedding columns: "embedding")."""
    names = ["embedding"] * DIMENSIONS + list(FEATURE_NAMES)
    return [name for name, keep in zip(names, columns, strict=True) if keep]


def _fit_sklearn(x: npt.NDArray[np.float64], y: FloatArray, c: float) -> tuple[np.ndarray, float]:
    """L2 logistic regression; a soft target p is one positive row of weight p plus one
    negative row of weight 1 − p."""
    from sklearn.linear_model import LogisticRegression

    xx = np.vstack([x, x])
    yy = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    ww = np.concatenate([y, 1.0 - y])
    keep = ww > 0
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(xx[keep], yy[keep], sample_weight=ww[keep])
    return model.coef_[0], float(model.intercept_[0])


def _fit_bounded(
    x: npt.NDArray[np.float64], y: FloatArray, c: float, *, nonnegative: npt.NDArray[np.bool_]
) -> tuple[np.ndarray, float]:
    """The same objective as `_fit_sklearn` (C · cross-entropy + ½‖w‖², intercept free), with
    the `nonnegative` weights held at or above zero (L-BFGS-B)."""
    from scipy.optimize import minimize

    target = y.astype(np.float64)

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ theta[1:] + theta[0]
        residual = 1.0 / (1.0 + np.exp(-z)) - target
        loss = c * float(np.sum(np.logaddexp(0.0, z) - target * z))
        gradient = np.concatenate([[c * residual.sum()], c * (x.T @ residual) + theta[1:]])
        return loss + 0.5 * float(theta[1:] @ theta[1:]), gradient

    bounds = [(None, None)] + [(0.0, None) if n else (None, None) for n in nonnegative]
    result = minimize(
        objective, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=bounds
    )
    return result.x[1:], float(result.x[0])


def pad_legacy_rows(features: FloatArray) -> FloatArray:
    """Rows recorded by an older hybridgate (fewer cues, a prefix of today's), NaN-padded."""
    missing = DIMENSIONS + N_CUES - features.shape[1]
    if missing < 0:
        raise ValueError(
            f"feature rows have {features.shape[1]} columns; this hybridgate makes "
            f"{DIMENSIONS + N_CUES} (recorded by a newer version?)"
        )
    pad = np.full((features.shape[0], missing), np.nan, dtype=np.float32)
    return np.hstack([features.astype(np.float32), pad])


def fold_ids(
    n: int, folds: int, *, seed: int = 0, groups: Sequence[str] | None = None
) -> np.ndarray:
    """A fold number a row, shuffled with a fixed seed so every method sees the same split.

    With `groups`, whole groups (a topic, a source) share a fold, so held-out rows come from
    groups unseen in training. Fewer groups than folds cannot be split so: rows are dealt.
    """
    rng = np.random.default_rng(seed)
    if groups is None or len(set(groups)) < folds:
        return rng.permutation(np.arange(n) % folds)
    names, index = np.unique(np.asarray(groups), return_inverse=True)
    return (rng.permutation(len(names)) % folds)[index]


def cross_val_apgr(
    features: FloatArray,
    weak: FloatArray,
    strong: FloatArray,
    choice: Choice,
    *,
    folds: int = 3,
    groups: Sequence[str] | None = None,
) -> float:
    """Mean held-out APGR of `choice` over `folds` folds (50-bin curve: less noisy)."""
    ids = fold_ids(len(weak), folds, groups=groups)
    results = []
    for k in range(folds):
        test = ids == k
        head = fit_head(
            features[~test],
            weak[~test],
            strong[~test],
            label=choice.label,
            c=choice.c,
            uses=choice.uses,
        )
        # NaN columns (missing from older ledger rows) got no weight; zero them to score.
        scores = head.scores(np.nan_to_num(features[test]))
        results.append(apgr(scores, weak[test], strong[test], points=50))
    return float(np.mean(results))


def select(
    features: FloatArray,
    weak: FloatArray,
    strong: FloatArray,
    *,
    candidates: Sequence[Choice] = CANDIDATES,
    folds: int = 3,
    groups: Sequence[str] | None = None,
) -> list[Choice]:
    """Every candidate scored by cross-validated APGR on this data only, best first.

    Folds grouped by `groups` score how a choice does on unseen groups (use it when the
    head will meet other kinds of traffic); without, on more of the same.
    """
    scored = []
    for choice in candidates:
        try:
            apgr_ = cross_val_apgr(features, weak, strong, choice, folds=folds, groups=groups)
        except ValueError:
            continue  # a target that is constant on a fold cannot be fitted
        scored.append(msgspec.structs.replace(choice, cv_apgr=apgr_))
    return sorted(scored, key=lambda ch: -(ch.cv_apgr or 0.0))


def train(
    features: FloatArray,
    weak: FloatArray,
    strong: FloatArray,
    *,
    groups: Sequence[str] | None = None,
    candidates: Sequence[Choice] = CANDIDATES,
    trained_on: str = "",
) -> tuple[DifficultyHead, list[Choice]]:
    """Pick target, features and C by cross-validation (given enough rows), then fit on all.

    Returns the head and every choice tried, best first (none for small data: the default,
    gain on embedding+cues at `DEFAULT_C`, or the first candidate when that is not one).
    """
    choices: list[Choice] = []
    if len(weak) >= MIN_ROWS_TO_SELECT and not math.isclose(weak.mean(), strong.mean()):
        choices = select(features, weak, strong, groups=groups, candidates=candidates)
    default = Choice(label="gain", c=DEFAULT_C, uses="embedding+cues")
    fallback = default if default in candidates else candidates[0]
    best = choices[0] if choices else fallback
    note = f"{trained_on}; {best.describe()}"
    head = fit_head(
        features, weak, strong, label=best.label, c=best.c, uses=best.uses, trained_on=note
    )
    return head, choices


def train_outcomes(outcomes: Outcomes, *, trained_on: str = "") -> DifficultyHead:
    """Featurize the prompts with the local embedder and train (what `router train` runs)."""
    from ..engines.embedder import Embedder
    from ..routing.difficulty import featurize

    features = featurize(outcomes.prompts, Embedder())
    weak = np.asarray(outcomes.weak, dtype=np.float32)
    strong = np.asarray(outcomes.strong, dtype=np.float32)
    return train(features, weak, strong, trained_on=trained_on)[0]
