"""Train and evaluate the task classifier's head on labelled prompts.

Training needs scikit-learn (imported inside the functions that use it); inference does not.
Evaluation holds out whole groups (the dataset a prompt came from): a random split leaks
templates between train and test and overstates accuracy (0.98 for TF-IDF, against 0.56 when
the test datasets are unseen).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, Protocol

import msgspec
import numpy as np
import numpy.typing as npt

from ..engines.embedder import Embedder
from ..routing.classifier import LABELS, FeatureSet, FloatArray, TaskHead, featurize

HeadKind = Literal["logreg", "mlp"]


class Scorer(Protocol):
    """What grouped evaluation needs of a fitted model (a `TaskHead`, or a baseline)."""

    @property
    def labels(self) -> tuple[str, ...]: ...

    def logits(self, features: FloatArray) -> FloatArray: ...


#: Fits a scorer on (feature rows, labels); what the grouped evaluation re-runs once a fold.
Fitter = Callable[[FloatArray, Sequence[str]], Scorer]


class FoldResult(msgspec.Struct, frozen=True):
    held_out: tuple[str, ...]
    n: int
    accuracy: float


class Evaluation(msgspec.Struct, frozen=True):
    """Scores of out-of-fold predictions: each prompt is predicted by a head blind to its group."""

    accuracy: float
    macro_f1: float
    per_class_f1: dict[str, float]
    #: Expected calibration error of the confidence (10 bins), after temperature scaling.
    calibration_error: float
    temperature: float
    per_fold: tuple[FoldResult, ...]


def label_order(labels: Sequence[str]) -> tuple[str, ...]:
    """The built-in labels in their usual order, then any others (a user's own tiers) sorted."""
    present = set(labels)
    return tuple(x for x in LABELS if x in present) + tuple(sorted(present - set(LABELS)))


class LabelledPrompts(msgspec.Struct, frozen=True):
    prompts: list[str]
    labels: list[str]
    #: The group (source dataset, customer, ...) of each prompt, when the file names one.
    groups: list[str] | None = None


def load_jsonl(path: Path, *, group_field: str | None = None) -> LabelledPrompts:
    """Labelled prompts from JSON lines `{"prompt": ..., "tier": ...}` (+ `group_field`)."""
    prompts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    expected = '{"prompt": str, "tier": str' + (f', "{group_field}": ...' if group_field else "")
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                prompt, tier = row["prompt"], row["tier"]
                group = str(row[group_field]) if group_field else ""
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: expected {expected}}}") from exc
            if not isinstance(prompt, str) or not isinstance(tier, str):
                raise ValueError(f"{path}:{number}: expected {expected}}}")
            prompts.append(prompt)
            labels.append(tier)
            groups.append(group)
    if not prompts:
        raise ValueError(f"{path}: no labelled prompts")
    return LabelledPrompts(prompts, labels, groups if group_field else None)


def fit_head(
    features: FloatArray,
    labels: Sequence[str],
    *,
    kind: HeadKind = "logreg",
    c: float = 0.01,
    hidden: int = 128,
    seed: int = 0,
) -> TaskHead:
    """A head on precomputed features; classes weighted so rare tiers count as much as common."""
    from sklearn.utils.class_weight import compute_sample_weight

    order = label_order(labels)
    y = np.array([order.index(x) for x in labels])
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0
    x = (features - mean) / scale
    weight = compute_sample_weight("balanced", y)
    if len(order) == 1:  # degenerate but legal: always that label, fully confident
        weights = (np.zeros((x.shape[1], 1), np.float32),)
        biases = (np.zeros(1, np.float32),)
    elif kind == "logreg":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
        model.fit(x, y, sample_weight=weight)
        coef, intercept = model.coef_, model.intercept_
        if len(order) == 2:  # sklearn keeps one column for two classes; make it a softmax
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        weights, biases = (coef.T.astype(np.float32),), (intercept.astype(np.float32),)
    else:
        from sklearn.neural_network import MLPClassifier

        mlp = MLPClassifier(
            hidden_layer_sizes=(hidden,),
            alpha=1.0 / c,
            early_stopping=False,
            max_iter=200,
            random_state=seed,
        )
        mlp.fit(x, y, sample_weight=weight)
        weights = tuple(w.astype(np.float32) for w in mlp.coefs_)
        biases = tuple(b.astype(np.float32) for b in mlp.intercepts_)
        if len(order) == 2:  # one logistic output: turn it into two softmax logits
            weights = (*weights[:-1], np.hstack([-weights[-1] / 2, weights[-1] / 2]))
            biases = (*biases[:-1], np.hstack([-biases[-1] / 2, biases[-1] / 2]))
    return TaskHead(
        labels=order,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=weights,
        biases=biases,
    )


def fit_temperature(logits: FloatArray, labels: Sequence[str], order: Sequence[str]) -> float:
    """The softmax temperature that minimises held-out log loss (a grid is enough)."""
    y = np.array([list(order).index(x) for x in labels])
    best, best_loss = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.25), np.log(8.0), 61)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -log_p[np.arange(len(y)), y].mean()
        if loss < best_loss:
            best, best_loss = float(t), float(loss)
    return best


def _calibration_error(confidence: FloatArray, correct: npt.NDArray[np.bool_]) -> float:
    bins = np.minimum((confidence * 10).astype(int), 9)
    error = 0.0
    for b in range(10):
        inside = bins == b
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def out_of_fold_logits(
    features: FloatArray,
    labels: Sequence[str],
    groups: Sequence[str],
    fitter: Fitter,
    *,
    folds: int | None = 5,
) -> tuple[FloatArray, tuple[str, ...], list[tuple[tuple[str, ...], npt.NDArray[np.int_]]]]:
    """Logits (columns in the global label order) for each row from a head that never saw its
    group. `folds=None` holds out one group at a time. A fold missing a label scores it -inf."""
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    order = label_order(labels)
    splitter = LeaveOneGroupOut() if folds is None else GroupKFold(n_splits=folds)
    group_array = np.asarray(groups)
    logits = np.full((len(labels), len(order)), -np.inf, dtype=np.float32)
    splits = []
    for train_idx, test_idx in splitter.split(features, labels, group_array):
        head = fitter(features[train_idx], [labels[i] for i in train_idx])
        columns = [order.index(x) for x in head.labels]
        logits[np.ix_(test_idx, columns)] = head.logits(features[test_idx])
        splits.append((tuple(sorted(set(group_array[test_idx]))), test_idx))
    return logits, order, splits


def score(
    logits: FloatArray,
    order: Sequence[str],
    labels: Sequence[str],
    splits: Sequence[tuple[tuple[str, ...], npt.NDArray[np.int_]]],
    *,
    temperature: float | None = None,
) -> Evaluation:
    """Scores of `logits`; the temperature is fitted on them unless given (a shipped head's)."""
    from sklearn.metrics import f1_score

    finite = np.where(np.isfinite(logits), logits, -1e9).astype(np.float32)
    if temperature is None:
        temperature = fit_temperature(finite, labels, order)
    z = finite / temperature
    proba = np.exp(z - z.max(axis=1, keepdims=True))
    proba /= proba.sum(axis=1, keepdims=True)
    predicted = np.array([order[j] for j in proba.argmax(axis=1)])
    truth = np.asarray(labels)
    correct = predicted == truth
    # Macro-F1 over the true labels: a label the model knows but the data lacks is not scored.
    scored = [x for x in order if x in set(labels)]
    per_class = f1_score(truth, predicted, labels=scored, average=None, zero_division=0)
    return Evaluation(
        accuracy=float(correct.mean()),
        macro_f1=float(per_class.mean()),
        per_class_f1={label: float(f) for label, f in zip(scored, per_class, strict=True)},
        calibration_error=_calibration_error(proba.max(axis=1), correct),
        temperature=temperature,
        per_fold=tuple(
            FoldResult(held_out=held, n=len(idx), accuracy=float(correct[idx].mean()))
            for held, idx in splits
        ),
    )


def evaluate_grouped(
    prompts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str],
    *,
    embedder: Embedder | None = None,
    feature_set: FeatureSet = "static",
    features: FloatArray | None = None,
    kind: HeadKind = "logreg",
    c: float = 0.01,
    folds: int | None = 5,
) -> Evaluation:
    """Accuracy and macro-F1 with whole groups held out (`folds=None`: one group at a time).

    Pass `features` (from `featurize` in `feature_set`) to skip featurizing when evaluating
    several settings.
    """
    if features is None:
        features = featurize(prompts, embedder, feature_set)

    def fitter(x: FloatArray, y: Sequence[str]) -> TaskHead:
        return fit_head(x, y, kind=kind, c=c)

    logits, order, splits = out_of_fold_logits(features, labels, groups, fitter, folds=folds)
    return score(logits, order, labels, splits)


def evaluate_head(head: TaskHead, features: FloatArray, labels: Sequence[str]) -> Evaluation:
    """How a fixed head (the shipped one, say) does on labelled data, with its own confidence."""
    order = tuple(head.labels) + tuple(sorted(set(labels) - set(head.labels)))
    logits = np.full((len(labels), len(order)), -np.inf, dtype=np.float32)
    logits[:, : len(head.labels)] = head.logits(features)
    everything = np.arange(len(labels))
    return score(logits, order, labels, [(("all",), everything)], temperature=head.temperature)


def train(
    prompts: Sequence[str],
    labels: Sequence[str],
    *,
    embedder: Embedder | None = None,
    feature_set: FeatureSet = "static",
    features: FloatArray | None = None,
    kind: HeadKind = "logreg",
    c: float = 0.01,
    temperature: float | None = None,
    trained_on: str = "",
) -> TaskHead:
    """A head for `TaskClassifier(head=...)` from labelled prompts, reading `feature_set`
    (`features`, when given, must be that set's rows for `prompts`).

    Confidence is calibrated with `temperature` (e.g. `evaluate_grouped(...).temperature`);
    when omitted and there are enough examples, it is fitted by 5-fold cross-validation.
    """
    if len(prompts) != len(labels) or not prompts:
        raise ValueError("need one label per prompt, and at least one prompt")
    if features is None:
        features = featurize(prompts, embedder, feature_set)
    head = fit_head(features, labels, kind=kind, c=c)
    if temperature is None:
        temperature = 1.0
        counts = np.unique(np.asarray(labels), return_counts=True)[1]
        if len(counts) > 1 and counts.min() >= 5:
            fold_of = np.arange(len(labels)) % 5  # folds as groups: every fold has every label
            logits, order, _ = out_of_fold_logits(
                features,
                labels,
                [str(f) for f in fold_of],
                lambda x, y: fit_head(x, y, kind=kind, c=c),
            )
            temperature = fit_temperature(
                np.where(np.isfinite(logits), logits, -1e9), labels, order
            )
    return TaskHead(
        labels=head.labels,
        mean=head.mean,
        scale=head.scale,
        weights=head.weights,
        biases=head.biases,
        temperature=temperature,
        trained_on=trained_on or f"{len(prompts)} prompts, {feature_set} features, {kind}, C={c}",
        features=feature_set,
    )
