"""Task classifier: labels a prompt with the task tier it needs.

Features are embeddings of the whole prompt, of its first and of its last 32 tokens (long
prompts often put the instruction last: "... TL;DR", "Summarize the above"), plus a few cheap
structural cues (length, options lists, digits, code). The embeddings come from one of two
feature sets: `static` (token vectors distilled from MiniLM, see `engines/static_embed.py`; what `auto`
uses by default, well under a millisecond) or `encoder` (the MiniLM encoder itself; more
accurate, tens of milliseconds a prompt). A small head (multinomial logistic regression or a
one-hidden-layer MLP) maps them to the five labels; it is plain numpy at inference, records its
feature set, and ships as `data/task_head.npz` (static) and `data/task_head_encoder.npz`.
`training/task_classifier.py` trains and evaluates it.

Scoring is separate from deciding: `classify` returns the label with its confidence, and the
policy decides what a low-confidence label means.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Literal, get_args

import numpy as np
import numpy.typing as npt

from ..engines.embedder import DIMENSIONS, Embedder
from ..engines.static_embed import StaticEmbedder

TaskLabel = Literal[
    "classification", "summarization", "extraction", "complex_reasoning", "other_qa_or_generation"
]
LABELS: tuple[str, ...] = get_args(TaskLabel)
#: 2 records the feature set; a version-1 file (no record) was trained on `encoder` features.
FORMAT_VERSION = 2

FloatArray = npt.NDArray[np.float32]

# Cheap cues, matched on the lower-cased prompt. They describe kinds of task in general words,
# not the wording of any one dataset's templates, so they carry over to prompts unseen in
# training. Each names the substrings one of which any match contains: a pattern runs only when
# one is present (`str.__contains__` is ~50x cheaper than a regex scan of 2 KB), and one
# `lower()` replaces `re.I` on every pattern. Together ~0.1 ms for 2 KB, against ~1 ms before.
_CUES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "summary",
        r"\bsummar|\btl;?\s?dr\b|\bheadline\b|\bin (?:a|one) (?:few words|sentence)\b"
        r"|\bkey points\b|\bhighlights\b|\bcondense|\bsynthesi[sz]e\b|\bbriefly\b",
        (
            *("summar", "tl", "headline", "in a", "in one", "key points", "highlights"),
            *("condense", "synthesi", "briefly"),
        ),
    ),
    (
        "extract",
        r"\bextract|\bkey details\b|\bpull out\b|\blist (?:all|every)\b|\bfind (?:all|the)\b"
        r"|\bfrom the (?:passage|text|article|context|paragraph|document|bio)\b",
        ("extract", "key details", "pull out", "list ", "find ", "from the "),
    ),
    ("context", r"\b(?:context|passage|article|paragraph|plot|bio|document)\s*:", (":",)),
    (
        "classify",
        r"\bpositive\b|\bnegative\b|\bsentiment\b|\bcategor|\bclassif|\btopic\b"
        r"|\bsame (?:meaning|thing)\b|\bparaphrase|\bequivalent\b|\bduplicate\b|\brecommend\b",
        (
            *("positive", "negative", "sentiment", "categor", "classif", "topic", "same "),
            *("paraphrase", "equivalent", "duplicate", "recommend"),
        ),
    ),
    (
        "closed_answer",
        r"\byes or no\b|\btrue or false\b|\byes,? no\b|\bwhich (?:one|of the following)\b",
        ("yes", "true or false", "which "),
    ),
    (
        "options",
        r"(?m)^\s*(?:options|choices|answer choices|choose)\b|^\s*[-*•]\s|^\s*\(?[a-e1-5][).]\s",
        (),  # anchored at line starts: already cheap
    ),
    (
        "math",
        r"\$\s?\d|\d\s*%|\bhow (?:many|much)\b|\bcalculate|\bsolve\b|\bcompute\b"
        r"|\\frac|\\\(|\\\[|\b\d+\s*[-+*/^=]\s*\d+",
        (),
    ),
    (
        "code",
        r"\b(?:def \w+\(|return\b|function\b|python\b|import \w+|class \w+:)|\"\"\"|>>>",
        ("def ", "return", "function", "python", "import ", "class ", '"""', ">>>"),
    ),
    (
        "generate",
        r"\bgenerate\b|\bwrite (?:a|an|the)\b|\bcompose\b|\bcreate (?:a|an)\b|\bcontinue\b",
        ("generate", "write ", "compose", "create ", "continue"),
    ),
    ("wh_question", r"(?m)^\s*(?:what|who|when|where|which|why|how)\b", ()),
    ("answer_words", r"\banswer\b|\bquestion\s*:", ("answer", "question")),
)
_CUE_PATTERNS = tuple((re.compile(pattern), anchors) for _, pattern, anchors in _CUES)
_DIGIT = re.compile(r"\d")
N_CUES = len(_CUES) + 6
FEATURE_NAMES: tuple[str, ...] = (
    "log_tokens",
    "long",
    "log_lines",
    "digit_share",
    "has_question_mark",
    "ends_with_question",
    *(name for name, _, _ in _CUES),
)


def _cue_present(lowered: str, pattern: re.Pattern[str], anchors: tuple[str, ...]) -> bool:
    if anchors and not any(anchor in lowered for anchor in anchors):
        return False
    return pattern.search(lowered) is not None


def cue_features(text: str, n_tokens: int, window: int) -> FloatArray:
    """Structural features of one prompt (all roughly in [0, 1])."""
    stripped = text.strip()
    values = [
        np.log1p(n_tokens) / 8.0,
        float(n_tokens > window),
        np.log1p(text.count("\n")) / 5.0,
        len(_DIGIT.findall(text)) / max(len(text), 1),
        float("?" in text),
        float(stripped.endswith("?")),
    ]
    lowered = text.lower()
    values.extend(float(_cue_present(lowered, p, anchors)) for p, anchors in _CUE_PATTERNS)
    return np.asarray(values, dtype=np.float32)


#: Tokens read at each end of a prompt for its instruction ("Summarize:", "... TL;DR:").
INSTRUCTION_TOKENS = 32

#: What a head reads. `static`: distilled static token embeddings (no encoder run, well under a
#: millisecond); `encoder`: the MiniLM encoder's passes (more accurate, tens of ms a prompt).
FeatureSet = Literal["static", "encoder"]
FEATURE_SETS: tuple[str, ...] = get_args(FeatureSet)


def encoder_features(texts: Sequence[str], embedder: Embedder) -> FloatArray:
    """`encoder` rows: MiniLM embeddings of the whole prompt (first 256 tokens), of its first
    and of its last 32 tokens, then the cues.

    A template's instruction sits at the start or the end while the content fills the middle;
    the whole-prompt embedding is mostly about the content (news, a dialogue, a movie plot), so
    the ends are embedded on their own to let the head see the instruction.
    """
    if not texts:
        return np.zeros((0, 3 * DIMENSIONS + N_CUES), np.float32)
    token_ids = embedder.tokenize(texts)
    whole = embedder.embed_tokens(token_ids)
    first, last = whole.copy(), whole.copy()
    # A prompt no longer than the window is its own first and last piece: nothing to run.
    long_rows = [i for i, ids in enumerate(token_ids) if len(ids) > INSTRUCTION_TOKENS]
    if long_rows:
        pieces = [token_ids[i] for i in long_rows]
        first[long_rows] = embedder.embed_tokens(pieces, keep="head", window=INSTRUCTION_TOKENS)
        last[long_rows] = embedder.embed_tokens(pieces, keep="tail", window=INSTRUCTION_TOKENS)
    window = embedder.max_tokens - 2
    cues = np.stack(
        [cue_features(t, len(ids), window) for t, ids in zip(texts, token_ids, strict=True)]
    )
    return np.hstack([whole, first, last, cues])


def static_features(texts: Sequence[str], static: StaticEmbedder) -> FloatArray:
    """`static` rows: the same three views as `encoder_features` (whole prompt, its first and
    its last 32 tokens) from static token embeddings, then the cues. No token limit applies."""
    if not texts:
        return np.zeros((0, 3 * static.dimensions + N_CUES), np.float32)
    token_ids = static.tokenize(texts)
    window = static.embedder.max_tokens - 2
    return np.hstack(
        [
            static.embed_tokens(token_ids),
            static.embed_tokens(token_ids, keep="head", window=INSTRUCTION_TOKENS),
            static.embed_tokens(token_ids, keep="tail", window=INSTRUCTION_TOKENS),
            np.stack(
                [cue_features(t, len(ids), window) for t, ids in zip(texts, token_ids, strict=True)]
            ),
        ]
    )


class Featurizer:
    """Texts → feature rows for one feature set; models load on first use. Shared by training
    and inference, so a head always reads what it was trained on."""

    def __init__(self, feature_set: FeatureSet, *, embedder: Embedder | None = None) -> None:
        if feature_set not in FEATURE_SETS:
            raise ValueError(
                f"unknown feature set {feature_set!r}; expected one of {', '.join(FEATURE_SETS)}"
            )
        self.feature_set: FeatureSet = feature_set
        self.embedder = embedder or Embedder()
        self._static = StaticEmbedder(embedder=self.embedder) if feature_set == "static" else None

    def ready(self) -> bool:
        return self._static.ready() if self._static is not None else self.embedder.ready()

    def __call__(self, texts: Sequence[str]) -> FloatArray:
        if self._static is not None:
            return static_features(texts, self._static)
        return encoder_features(texts, self.embedder)


def featurize(
    texts: Sequence[str], embedder: Embedder | None = None, feature_set: FeatureSet = "static"
) -> FloatArray:
    """Feature rows of `texts` in `feature_set` (one-off; reuse a `Featurizer` for many calls)."""
    return Featurizer(feature_set, embedder=embedder)(texts)


@dataclasses.dataclass(frozen=True)
class TaskHead:
    """Standardise, then dense layers with ReLU between; softmax(logits / temperature).

    One layer is multinomial logistic regression; two is a small MLP. `temperature` is fitted
    on held-out predictions so confidence tracks accuracy.
    """

    labels: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]
    temperature: float = 1.0
    #: Free text: how and on what it was trained (for `router eval` and humans).
    trained_on: str = ""
    #: The feature set it reads; the classifier featurizes with it.
    features: FeatureSet = "static"
    #: How far the instruction reader lets it decide prompts with no explicit ask (its label's
    #: weight against the fallback tier), measured on real chat prompts it was trained with;
    #: None for a head that never saw chat prompts (the reader's cautious default applies).
    trust: float | None = None

    def check_width(self, features: FloatArray) -> None:
        if features.shape[1] != self.mean.shape[0]:
            raise ValueError(
                f"task head expects {self.mean.shape[0]} {self.features!r} features, got "
                f"{features.shape[1]}: retrain it (hybridgate router train --task-data)"
            )

    def logits(self, features: FloatArray) -> FloatArray:
        self.check_width(features)
        x = (features - self.mean) / self.scale
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            x = x @ w + b
            if i < len(self.weights) - 1:
                x = np.maximum(x, 0.0)
        return x.astype(np.float32)

    def predict_proba(self, features: FloatArray) -> FloatArray:
        z = self.logits(features) / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)

    def with_temperature(self, temperature: float) -> TaskHead:
        return dataclasses.replace(self, temperature=temperature)

    def save(self, target: Path | IO[bytes]) -> None:
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "format_version": np.asarray(FORMAT_VERSION),
            "labels": np.asarray(self.labels),
            "mean": self.mean,
            "scale": self.scale,
            "temperature": np.asarray(self.temperature, dtype=np.float32),
            "trained_on": np.asarray(self.trained_on),
            "features": np.asarray(self.features),
        }
        if self.trust is not None:
            arrays["trust"] = np.asarray(self.trust, dtype=np.float32)
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            # float16 halves the file; the head's outputs move by well under 1e-3.
            arrays[f"w{i}"] = w.astype(np.float16)
            arrays[f"b{i}"] = b.astype(np.float32)
        np.savez_compressed(target, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, source: Path | IO[bytes]) -> TaskHead:
        with np.load(source, allow_pickle=False) as data:
            version = int(data["format_version"])
            if version not in (1, FORMAT_VERSION):
                raise ValueError(
                    f"task head format {version}; this hybridgate reads 1..{FORMAT_VERSION}"
                )
            features = str(data["features"]) if version >= 2 else "encoder"
            if features not in FEATURE_SETS:
                raise ValueError(
                    f"task head reads {features!r} features; this hybridgate knows "
                    f"{', '.join(FEATURE_SETS)}"
                )
            n = sum(1 for key in data.files if key.startswith("w"))
            return cls(
                labels=tuple(str(label) for label in data["labels"]),
                mean=data["mean"].astype(np.float32),
                scale=data["scale"].astype(np.float32),
                weights=tuple(data[f"w{i}"].astype(np.float32) for i in range(n)),
                biases=tuple(data[f"b{i}"].astype(np.float32) for i in range(n)),
                temperature=float(data["temperature"]),
                trained_on=str(data["trained_on"]),
                features=features,  # type: ignore[arg-type]  # checked above
                trust=float(data["trust"]) if "trust" in data.files else None,
            )


#: The heads that ship with hybridgate (trained by bench/train_task_classifier.py), by the
#: feature set they read.
SHIPPED_HEADS: dict[str, str] = {"static": "task_head.npz", "encoder": "task_head_encoder.npz"}


def load_default_head(feature_set: FeatureSet = "static") -> TaskHead:
    """The shipped head for `feature_set`: `static` is the default for `auto`."""
    data = resources.files("hybridgate.routing").joinpath(f"data/{SHIPPED_HEADS[feature_set]}")
    with data.open("rb") as stream:
        return TaskHead.load(stream)


#: A cascade asks its second classifier when the first is less sure than this. On the shipped
#: heads (grouped CV): a third of prompts go on to the encoder, and macro-F1 is 0.622 against
#: 0.568 static-only and 0.628 encoder-only.
ESCALATE_BELOW = 0.5


class TaskClassifier:
    """`classify(texts)` → `(label, confidence)` a text. Loads its head and models on first use.

    The head decides the features: a `static` head runs no encoder, an `encoder` head runs
    MiniLM. With `fallback`, texts labelled with confidence under `escalate_below` are
    labelled again by the fallback (a cascade: static first, the encoder for the unsure ones).
    Blocking either way: async callers run it in a worker thread.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        head: TaskHead | None = None,
        feature_set: FeatureSet = "static",
        fallback: TaskClassifier | None = None,
        escalate_below: float = ESCALATE_BELOW,
    ) -> None:
        """`feature_set` picks the shipped head when `head` is not given."""
        self._embedder = embedder or Embedder()
        self._head = head
        self._feature_set = head.features if head is not None else feature_set
        self._featurizer = Featurizer(self._feature_set, embedder=self._embedder)
        self._fallback = fallback
        self._escalate_below = escalate_below

    @property
    def head(self) -> TaskHead:
        if self._head is None:
            self._head = load_default_head(self._feature_set)
        return self._head

    @property
    def labels(self) -> tuple[str, ...]:
        return self.head.labels

    @property
    def recorded_trust(self) -> float | None:
        """The trust its head earned on chat prompts (`TaskHead.trust`); None if it never
        saw any. A cascade is trusted as far as its less trusted head."""
        trusts = [self.head.trust]
        if self._fallback is not None:
            trusts.append(self._fallback.recorded_trust)
        return None if None in trusts else min(t for t in trusts if t is not None)

    def ready(self) -> bool:
        return self._head is not None and self._featurizer.ready()

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """This head's probabilities (not the fallback's), one row a text, in `labels` order."""
        return self.head.predict_proba(self._featurizer(texts))

    def classify(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        if not texts:
            return []
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        results = [(self.head.labels[j], float(proba[i, j])) for i, j in enumerate(best)]
        if self._fallback is not None:
            unsure = [
                i for i, (_, confidence) in enumerate(results) if confidence < self._escalate_below
            ]
            if unsure:
                again = self._fallback.classify([texts[i] for i in unsure])
                for i, result in zip(unsure, again, strict=True):
                    results[i] = result
        return results
