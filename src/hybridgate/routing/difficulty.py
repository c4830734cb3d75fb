"""Difficulty router: how likely is it that a prompt needs the strong model?

Scoring is separate from deciding, as in RouteLLM: `DifficultyScorer.strong_scores` gives each
prompt a score in [0, 1] (higher = the cheap model is less likely to be good enough), and
`needs_strong(score, threshold)` decides. The threshold comes from what the user can afford,
not from the model: `threshold_for_strong_fraction` (at most this share of strong calls) or
`threshold_for_budget` (at most this cost per 1K requests), both read off a sample of scores
from the user's own traffic (or the training scores stored in the head, before there is any).

Features are the local MiniLM embedding of the prompt's end (questions and instructions come
last; long few-shot prompts are cut from the front) plus cheap structural cues. The cues come
in two kinds: *content* cues count how much a prompt says (characters, words, sentences,
clauses, named things, numbers) and carry over between kinds of traffic; *domain markers*
(digit and symbol shares, answer options, LaTeX, code, ...) mostly tell one benchmark from
another, and flip sign between them. The head is logistic regression over standardised
features, plain numpy at inference; it names the cues its columns hold, so older heads and
ledger rows keep working as cues are added. `training/difficulty.py` trains and evaluates it.
The shipped `data/difficulty_head.npz` uses the cues only — content cues with non-negative
weights, domain markers regularised hard (see bench/difficulty_eval.py: it transfers between
benchmarks better than prompt length alone) — so scoring with it is a few regular
expressions and one pass over the words: no tokenizer, no encoder. A head
retrained on a user's own outcomes may use the embedding too.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from ..engines.embedder import DIMENSIONS, Embedder

#: 2: the head names its cue columns (`cue_names`); 1: the first 16 cues, unnamed.
FORMAT_VERSION = 2
FloatArray = npt.NDArray[np.float32]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_MATH_SYMBOLS = "-+*/=^%<>×÷√∑∫π$"
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_WORD = re.compile(r"\w+")
_OPTION_LINE = re.compile(r"(?m)^\s*\(?[A-Ea-e][).:]\s")
_LATEX = re.compile(r"\\frac|\\sqrt|\\\(|\\\[|\$[^$\n]+\$|\^\{")
_CODE = re.compile(r"\bdef \w+\(|\breturn\b|```|\bfunction\b|;\s*$|\{\s*$", re.M)
_CODE_HINTS = ("def ", "return", "```", "function", ";", "{")
_FRACTION = re.compile(r"\d+/\d+")
# Word lists are matched against lower-cased `\w+` words (the same as `\bword\b`, ignoring
# case): one pass over the words instead of one regular expression scan each.
_QUANTITY_NEXT = frozenset({"many", "much", "long", "far"})
_QUANTITY_WORDS = frozenset({"calculate", "compute"})
_NEGATED_WORDS = frozenset({"not", "except", "least", "false"})
_MULTI_STEP_WORDS = frozenset({"then", "after", "each", "per", "total", "remaining"})
_CONNECTIVES = frozenset({"and", "or", "if", "but", "which", "that", "when", "while"})
_RATIO_WORDS = frozenset(
    {"percent", "half", "third", "quarter", "twice", "ratio", "average", "rate"}
)

#: Every cue this hybridgate computes, in column order (after the embedding). New cues are
#: appended, so a vector recorded by an older version is a prefix of today's.
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
    # Added with format 2.
    "log_words",
    "log_stem_chars",
    "log_option_chars",
    "log_distinct_numbers",
    "log_commas",
    "log_long_words",
    "log_capitalized",
    "log_math_symbols",
    "log_connectives",
    "log_ratio_words",
    "log_decimals",
)
N_CUES = len(FEATURE_NAMES)
#: The cues of format-1 heads (and of ledger rows recorded before format 2).
LEGACY_FEATURE_NAMES = FEATURE_NAMES[:16]
#: Cues that need the tokenizer; a head giving them no weight scores without it.
TOKEN_FEATURES = frozenset({"log_tokens", "truncated"})
#: Cues that mostly say which kind of traffic a prompt is, not how hard it is within its kind:
#: on RouteLLM's outcomes their sign flips between MMLU and GSM8K (more digits: harder MMLU
#: question, easier word problem). Heads meant for unseen traffic regularise them hard.
DOMAIN_MARKERS = frozenset(
    {
        "log_lines",
        "mean_word_length",
        "digit_share",
        "math_symbol_share",
        "log_questions",
        "option_lines",
        "latex",
        "quantity_ask",
        "negated_ask",
        "code",
        "log_option_chars",
        "log_math_symbols",
        "log_ratio_words",
        "log_decimals",
    }
)


def _count(counts: Counter[str], vocabulary: frozenset[str]) -> int:
    return sum(counts[word] for word in vocabulary)


def cue_features(text: str, n_tokens: int, window: int) -> FloatArray:
    """Cheap structural features of one prompt (`FEATURE_NAMES`), each roughly in [0, 1]."""
    chars = max(len(text), 1)
    words = _WORD.findall(text)
    lower = [w.lower() for w in words]
    counts = Counter(lower)
    numbers = _NUMBER.findall(text)
    option = _OPTION_LINE.search(text)
    stem = len(text) if option is None else option.start()
    # `\d`: digits only occur inside `\w` words, and only in words that are not all letters.
    digits = sum(c.isdecimal() for w in words if not w.isalpha() for c in w)
    symbols = sum(text.count(c) for c in _MATH_SYMBOLS)
    quantity = bool(counts.keys() & _QUANTITY_WORDS) or (
        "how" in counts
        and any(a == "how" and b in _QUANTITY_NEXT for a, b in itertools.pairwise(lower))
    )
    code = any(hint in text for hint in _CODE_HINTS) and _CODE.search(text) is not None
    decimals = sum("." in n for n in numbers) + (len(_FRACTION.findall(text)) if "/" in text else 0)
    values = (
        math.log1p(len(text)) / 9.0,
        math.log1p(n_tokens) / 8.0,
        float(n_tokens > window),
        math.log1p(text.count("\n")) / 5.0,
        math.log1p(len(_SENTENCE_END.findall(text))) / 4.0,
        (sum(len(w) for w in words) / len(words) / 10.0) if words else 0.0,
        digits / chars,
        symbols / chars,
        math.log1p(len(numbers)) / 4.0,
        math.log1p(text.count("?")) / 2.0,
        min(len(_OPTION_LINE.findall(text)), 5) / 5.0,
        float(_LATEX.search(text) is not None),
        float(quantity),
        float(not counts.keys().isdisjoint(_NEGATED_WORDS)),
        float(code),
        math.log1p(_count(counts, _MULTI_STEP_WORDS)) / 3.0,
        math.log1p(len(words)) / 7.0,
        math.log1p(stem) / 9.0,
        math.log1p(len(text) - stem) / 9.0,
        math.log1p(len(set(numbers))) / 4.0,
        math.log1p(text.count(",")) / 4.0,
        math.log1p(sum(len(w) >= 8 for w in words)) / 5.0,
        math.log1p(sum(1 for w in words if _is_capitalized(w))) / 5.0,
        math.log1p(symbols) / 5.0,
        math.log1p(_count(counts, _CONNECTIVES)) / 5.0,
        math.log1p(_count(counts, _RATIO_WORDS) + text.count("%")) / 3.0,
        math.log1p(decimals) / 3.0,
    )
    return np.asarray(values, dtype=np.float32)


def _is_capitalized(word: str) -> bool:
    """`\\b[A-Z][a-z]+` at the start of a word: "Maria", "McDonald"; not "USA" or "3Apples"."""
    return len(word) > 1 and "A" <= word[0] <= "Z" and "a" <= word[1] <= "z"


_CUE_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


def features_from(
    texts: Sequence[str], embeddings: FloatArray, n_tokens: Sequence[int], window: int
) -> FloatArray:
    """Feature rows from precomputed tail embeddings (what training caches) and the texts."""
    if not texts:
        return np.zeros((0, DIMENSIONS + N_CUES), dtype=np.float32)
    cues = np.stack([cue_features(t, n, window) for t, n in zip(texts, n_tokens, strict=True)])
    return np.hstack([embeddings.astype(np.float32), cues])


def featurize(
    texts: Sequence[str], embedder: Embedder, *, embed: bool = True, tokenize: bool = True
) -> FloatArray:
    """Feature rows for `texts`: tail embedding, then cues. Shared by training and scoring.

    `embed=False` leaves the embedding columns zero (for a head that gives them no weight):
    the texts are only tokenized, which is far cheaper than running the encoder.
    `tokenize=False` (only with `embed=False`) also skips the tokenizer, leaving the
    `TOKEN_FEATURES` zero: for a head that gives those no weight either.
    """
    if embed or tokenize:
        token_ids = embedder.tokenize(texts)
        n_tokens = [len(ids) for ids in token_ids]
    else:
        n_tokens = [0] * len(texts)
    embeddings = (
        embedder.embed_tokens(token_ids, keep="tail")
        if embed
        else np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    )
    return features_from(texts, embeddings, n_tokens, embedder.max_tokens - 2)


@dataclasses.dataclass(frozen=True)
class DifficultyHead:
    """Standardise, dense layers with ReLU between, sigmoid of the last (single) output.

    Its input is the embedding's columns, then one column a name in `cue_names`; `scores`
    takes this hybridgate's feature rows (`featurize`) and picks those columns by name.
    `score_quantiles` are the training prompts' scores at 0%, 1%, ..., 100%: a stand-in
    calibration sample until the user has scored traffic of their own.
    """

    mean: FloatArray
    scale: FloatArray
    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]
    score_quantiles: FloatArray
    #: Which training target the head fits (see `training.difficulty.LabelKind`).
    label: str = "gain"
    #: Free text: how and on what it was trained.
    trained_on: str = ""
    #: The cue each column after the embedding holds.
    cue_names: tuple[str, ...] = FEATURE_NAMES

    def __post_init__(self) -> None:
        unknown = [name for name in self.cue_names if name not in _CUE_INDEX]
        if unknown:
            raise ValueError(
                f"difficulty head uses cues this hybridgate does not compute: {', '.join(unknown)}"
            )
        if self.mean.shape != (DIMENSIONS + len(self.cue_names),):
            raise ValueError(
                f"difficulty head has {self.mean.shape[0]} feature columns for "
                f"{DIMENSIONS} embedding dimensions and {len(self.cue_names)} named cues"
            )

    @functools.cached_property
    def _columns(self) -> npt.NDArray[np.intp] | None:
        if self.cue_names == FEATURE_NAMES:
            return None
        cues = [DIMENSIONS + _CUE_INDEX[name] for name in self.cue_names]
        return np.asarray([*range(DIMENSIONS), *cues], dtype=np.intp)

    @property
    def used_cues(self) -> tuple[str, ...]:
        """The cues the head gives any weight."""
        rows = np.any(self.weights[0][DIMENSIONS:] != 0, axis=1)
        return tuple(name for name, used in zip(self.cue_names, rows, strict=True) if used)

    @property
    def uses_embedding(self) -> bool:
        """False for a cues-only head (one layer, zero weight on every embedding column)."""
        return len(self.weights) > 1 or bool(np.any(self.weights[0][:DIMENSIONS]))

    @property
    def uses_tokenizer(self) -> bool:
        """False when scoring needs neither the encoder nor token counts: regexes only."""
        return self.uses_embedding or not TOKEN_FEATURES.isdisjoint(self.used_cues)

    def logits(self, features: FloatArray) -> FloatArray:
        """`features`: rows from `featurize` (all of this hybridgate's columns)."""
        if self._columns is not None:
            features = features[:, self._columns]
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
            "cue_names": np.asarray(self.cue_names),
        }
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"w{i}"] = w.astype(np.float32)
            arrays[f"b{i}"] = b.astype(np.float32)
        np.savez_compressed(target, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, source: Path | IO[bytes]) -> DifficultyHead:
        with np.load(source, allow_pickle=False) as data:
            version = int(data["format_version"])
            if version not in (1, FORMAT_VERSION):
                raise ValueError(
                    f"difficulty head format {version}; this hybridgate reads 1 and "
                    f"{FORMAT_VERSION}"
                )
            n = sum(1 for key in data.files if key.startswith("w"))
            names = (
                tuple(str(name) for name in data["cue_names"])
                if version >= 2
                else LEGACY_FEATURE_NAMES
            )
            return cls(
                mean=data["mean"].astype(np.float32),
                scale=data["scale"].astype(np.float32),
                weights=tuple(data[f"w{i}"].astype(np.float32) for i in range(n)),
                biases=tuple(data[f"b{i}"].astype(np.float32) for i in range(n)),
                score_quantiles=data["score_quantiles"].astype(np.float32),
                label=str(data["label"]),
                trained_on=str(data["trained_on"]),
                cue_names=names,
            )


def load_default_head() -> DifficultyHead:
    """The head that ships with hybridgate (trained by bench/difficulty_eval.py)."""
    data = resources.files("hybridgate.routing").joinpath("data/difficulty_head.npz")
    with data.open("rb") as stream:
        return DifficultyHead.load(stream)


class DifficultyScorer:
    """`strong_scores(prompts)` → one score in [0, 1] a prompt. Loads on first use.

    Pass `head` or `head_path` (a head retrained on the user's outcomes) to replace the shipped
    one. Blocking: a head that uses the embedding runs the encoder (async callers run it in a
    worker thread); the shipped head runs a few regular expressions only.
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
        """Loaded: the head, and the encoder when the head uses the embedding."""
        head = self._head
        return head is not None and (not head.uses_embedding or self._embedder.ready())

    def strong_scores(self, prompts: Sequence[str]) -> list[float]:
        if not prompts:
            return []
        head = self.head
        features = featurize(
            prompts, self._embedder, embed=head.uses_embedding, tokenize=head.uses_tokenizer
        )
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
