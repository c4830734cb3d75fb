"""Difficulty router: how likely is it that a prompt needs the strong model?

Scoring is separate from deciding, as in RouteLLM: `DifficultyScorer.strong_scores` gives each
prompt a score in [0, 1] (higher = the cheap model is less likely to be good enough), and
`needs_strong(score, threshold)` decides. The threshold comes from what the user can afford,
not from the model: `threshold_for_strong_fraction` (at most this share of strong calls) or
`threshold_for_budget` (at most this cost per 1K requests), both read off a sample of scores
from the user's own traffic (or the training scores stored in the head, before there is any).

Features are the local MiniLM embedding of the prompt's end (questions and instructions come
last; long few-shot prompts are cut from the front) plus cheap structural cues (length,
digits, math symbols, questions, options). The head is logistic regression over standardised
features, plain numpy at inference; `train_difficulty.py` trains and evaluates it. The shipped
`data/difficulty_head.npz` uses the cues only (trained on two benchmarks, the embedding did not
carry over to other traffic; see bench/difficulty_eval.py), so scoring with it only tokenizes;
a head retrained on a user's own outcomes may use the embedding too.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from ..providers.embedder import DIMENSIONS, Embedder

FORMAT_VERSION = 1
FloatArray = npt.NDArray[np.float32]

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_MATH_SYMBOL = re.compile(r"[-+*/=^%<>×÷√∑∫π$]")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_WORD = re.compile(r"\w+")
_OPTION_LINE = re.compile(r"(?m)^\s*\(?[A-Ea-e][).:]\s")
_LATEX = re.compile(r"\\frac|\\sqrt|\\\(|\\\[|\$[^$\n]+\$|\^\{")
_QUANTITY_ASK = re.compile(r"\bhow (?:many|much|long|far)\b|\bcalculate\b|\bcompute\b", re.I)
_NEGATED_ASK = re.compile(r"\bnot\b|\bexcept\b|\bleast\b|\bfalse\b", re.I)
_CODE = re.compile(r"\bdef \w+\(|\breturn\b|```|\bfunction\b|;\s*$|\{\s*$", re.M)
_MULTI_STEP = re.compile(r"\bthen\b|\bafter\b|\beach\b|\bper\b|\btotal\b|\bremaining\b", re.I)

FEATURE_NAMES: tuple[str, ...] = (
    "log_chars",
    "log_tokens",
    "truncated",
    "log_lines",
    "log_sentences",
    "mean_word_length",
    "digit_share",
    "math_symbol_share",
    "log_numbers",
    "log_questions",
    "option_lines",
    "latex",
    "quantity_ask",
    "negated_ask",
    "code",
    "multi_step_words",
)
N_CUES = len(FEATURE_NAMES)


def cue_features(text: str, n_tokens: int, window: int) -> FloatArray:
    """Cheap structural features of one prompt, each roughly in [0, 1]."""
    chars = max(len(text), 1)
    words = _WORD.findall(text)
    values = (
        math.log1p(len(text)) / 9.0,
        math.log1p(n_tokens) / 8.0,
        float(n_tokens > window),
        math.log1p(text.count("\n")) / 5.0,
        math.log1p(len(_SENTENCE_END.findall(text))) / 4.0,
        (sum(len(w) for w in words) / len(words) / 10.0) if words else 0.0,
        len(_DIGIT.findall(text)) / chars,
        len(_MATH_SYMBOL.findall(text)) / chars,
        math.log1p(len(_NUMBER.findall(text))) / 4.0,
        math.log1p(text.count("?")) / 2.0,
        min(len(_OPTION_LINE.findall(text)), 5) / 5.0,
        float(_LATEX.search(text) is not None),
        float(_QUANTITY_ASK.search(text) is not None),
        float(_NEGATED_ASK.search(text) is not None),
        float(_CODE.search(text) is not None),
        math.log1p(len(_MULTI_STEP.findall(text))) / 3.0,
    )
    return np.asarray(values, dtype=np.float32)


def features_from(
    texts: Sequence[str], embeddings: FloatArray, n_tokens: Sequence[int], window: int
) -> FloatArray:
    """Feature rows from precomputed tail embeddings (what training caches) and the texts."""
    if not texts:
        return np.zeros((0, DIMENSIONS + N_CUES), dtype=np.float32)
    cues = np.stack([cue_features(t, n, window) for t, n in zip(texts, n_tokens, strict=True)])
    return np.hstack([embeddings.astype(np.float32), cues])


def featurize(texts: Sequence[str], embedder: Embedder, *, embed: bool = True) -> FloatArray:
    """Feature rows for `texts`: tail embedding, then cues. Shared by training and scoring.

    `embed=False` leaves the embedding columns zero (for a head that gives them no weight):
    the texts are only tokenized, which is far cheaper than running the encoder.
    """
    token_ids = embedder.tokenize(texts)
    embeddings = (
        embedder.embed_tokens(token_ids, keep="tail")
        if embed
        else np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    )
    window = embedder.max_tokens - 2
    return features_from(texts, embeddings, [len(ids) for ids in token_ids], window)


@dataclasses.dataclass(frozen=True)
class DifficultyHead:
    """Standardise, dense layers with ReLU between, sigmoid of the last (single) output.

    `score_quantiles` are the training prompts' scores at 0%, 1%, ..., 100%: a stand-in
    calibration sample until the user has scored traffic of their own.
    """

    mean: FloatArray
    scale: FloatArray
    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]
    score_quantiles: FloatArray
    #: Which training target the head fits (see `train_difficulty.LabelKind`).
    label: str = "gain"
    #: Free text: how and on what it was trained.
    trained_on: str = ""

    @property
    def uses_embedding(self) -> bool:
        """False for a cues-only head (one layer, zero weight on every embedding column)."""
        return len(self.weights) > 1 or bool(np.any(self.weights[0][:DIMENSIONS]))

    def logits(self, features: FloatArray) -> FloatArray:
        x = (features - self.mean) / self.scale
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            x = x @ w + b
            if i < len(self.weights) - 1:
                x = np.maximum(x, 0.0)
        return x[:, 0].astype(np.float32)

    def scores(self, features: FloatArray) -> FloatArray:
        z = np.clip(self.logits(features), -30.0, 30.0)
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def save(self, target: Path | IO[bytes]) -> None:
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "format_version": np.asarray(FORMAT_VERSION),
            "mean": self.mean,
            "scale": self.scale,
            "score_quantiles": self.score_quantiles.astype(np.float32),
            "label": np.asarray(self.label),
            "trained_on": np.asarray(self.trained_on),
        }
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"w{i}"] = w.astype(np.float32)
            arrays[f"b{i}"] = b.astype(np.float32)
        np.savez_compressed(target, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, source: Path | IO[bytes]) -> DifficultyHead:
        with np.load(source, allow_pickle=False) as data:
            version = int(data["format_version"])
            if version != FORMAT_VERSION:
                raise ValueError(
                    f"difficulty head format {version}; this hybridgate reads {FORMAT_VERSION}"
                )
            n = sum(1 for key in data.files if key.startswith("w"))
            head = cls(
                mean=data["mean"].astype(np.float32),
                scale=data["scale"].astype(np.float32),
                weights=tuple(data[f"w{i}"].astype(np.float32) for i in range(n)),
                biases=tuple(data[f"b{i}"].astype(np.float32) for i in range(n)),
                score_quantiles=data["score_quantiles"].astype(np.float32),
                label=str(data["label"]),
                trained_on=str(data["trained_on"]),
            )
        if head.mean.shape != (DIMENSIONS + N_CUES,):
            raise ValueError(
                f"difficulty head expects {head.mean.shape[0]} features; "
                f"this hybridgate makes {DIMENSIONS + N_CUES}"
            )
        return head


def load_default_head() -> DifficultyHead:
    """The head that ships with hybridgate (trained by bench/difficulty_eval.py)."""
    data = resources.files("hybridgate.routing").joinpath("data/difficulty_head.npz")
    with data.open("rb") as stream:
        return DifficultyHead.load(stream)


class DifficultyScorer:
    """`strong_scores(prompts)` → one score in [0, 1] a prompt. Loads on first use.

    Pass `head` or `head_path` (a head retrained on the user's outcomes) to replace the shipped
    one. Blocking (it runs the embedding model): async callers run it in a worker thread.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        head: DifficultyHead | None = None,
        head_path: Path | None = None,
    ) -> None:
        if head is not None and head_path is not None:
            raise ValueError("give head or head_path, not both")
        self._embedder = embedder or Embedder()
        self._head = head
        self._head_path = head_path

    @property
    def head(self) -> DifficultyHead:
        if self._head is None:
            self._head = (
                load_default_head()
                if self._head_path is None
                else DifficultyHead.load(self._head_path)
            )
        return self._head

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def ready(self) -> bool:
        return self._head is not None and self._embedder.ready()

    def strong_scores(self, prompts: Sequence[str]) -> list[float]:
        if not prompts:
            return []
        head = self.head
        features = featurize(prompts, self._embedder, embed=head.uses_embedding)
        return [float(s) for s in head.scores(features)]

    def threshold_for_strong_fraction(self, max_fraction: float) -> float:
        """A threshold from the head's training scores, for before any traffic is scored."""
        return threshold_for_strong_fraction(self.head.score_quantiles, max_fraction)


def needs_strong(score: float, threshold: float) -> bool:
    """The decision: scores at or above the threshold go to the strong model."""
    return score >= threshold


def threshold_for_strong_fraction(
    scores: Sequence[float] | FloatArray, max_fraction: float
) -> float:
    """The lowest threshold that sends at most `max_fraction` of `scores` to the strong model.

    `scores` is a sample of traffic scored by the same head. Tied scores move together, so
    the fraction reached can fall short of `max_fraction` but never exceeds it.
    """
    if not 0.0 <= max_fraction <= 1.0:
        raise ValueError("max_fraction must be in [0, 1]")
    values = np.sort(np.asarray(scores, dtype=np.float64))[::-1]
    if values.size == 0:
        raise ValueError("need at least one score to calibrate a threshold")
    allowed = math.floor(max_fraction * values.size + 1e-9)
    if allowed >= values.size:
        return float(values[-1])
    # Just above the first score that must stay weak: everything strictly higher goes strong.
    return float(np.nextafter(values[allowed], np.inf))


def strong_fraction_for_budget(
    weak_cost: float | Decimal, strong_cost: float | Decimal, budget_per_1k: float | Decimal
) -> float:
    """The largest share of strong calls whose mean cost per 1K requests fits the budget.

    Costs are per request (same currency as the budget). Raises if even all-weak is over it.
    """
    weak, strong, budget = float(weak_cost), float(strong_cost), float(budget_per_1k) / 1000.0
    if min(weak, strong, budget) < 0:
        raise ValueError("costs and budget must not be negative")
    if budget < weak:
        raise ValueError(
            f"budget {float(budget_per_1k):g} per 1K requests is below the all-weak cost "
            f"{weak * 1000:g}"
        )
    if strong <= weak:
        return 1.0
    return min(1.0, (budget - weak) / (strong - weak))


def threshold_for_budget(
    scores: Sequence[float] | FloatArray,
    weak_cost: float | Decimal,
    strong_cost: float | Decimal,
    budget_per_1k: float | Decimal,
) -> float:
    """The threshold that keeps the mean cost of 1K requests like `scores` within budget."""
    fraction = strong_fraction_for_budget(weak_cost, strong_cost, budget_per_1k)
    return threshold_for_strong_fraction(scores, fraction)
