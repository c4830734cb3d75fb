"""Task classifier: labels a prompt with the task tier it needs.

Features are the local MiniLM embedding of the prompt's start and of its end (long prompts
often put the instruction last: "... TL;DR", "Summarize the above"), plus a few cheap
structural cues (length, options lists, digits, code). A small head (multinomial logistic
regression or a one-hidden-layer MLP) maps them to the five labels; it is plain numpy at
inference and ships as `data/task_head.npz`. `train_classifier.py` trains and evaluates it.

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

from ..providers.embedder import Embedder

TaskLabel = Literal[
    "classification", "summarization", "extraction", "complex_reasoning", "other_qa_or_generation"
]
LABELS: tuple[str, ...] = get_args(TaskLabel)
FORMAT_VERSION = 1

FloatArray = npt.NDArray[np.float32]

# Cheap cues, matched case-insensitively. They describe kinds of task in general words, not the
# wording of any one dataset's templates, so they carry over to prompts unseen in training.
_CUES: tuple[tuple[str, str], ...] = (
    (
        "summary",
        r"\bsummar|\btl;?\s?dr\b|\bheadline\b|\bin (?:a|one) (?:few words|sentence)\b"
        r"|\bkey points\b|\bhighlights\b|\bcondense|\bsynthesi[sz]e\b|\bbriefly\b",
    ),
    (
        "extract",
        r"\bextract|\bkey details\b|\bpull out\b|\blist (?:all|every)\b|\bfind (?:all|the)\b"
        r"|\bfrom the (?:passage|text|article|context|paragraph|document|bio)\b",
    ),
    ("context", r"\b(?:context|passage|article|paragraph|plot|bio|document)\s*:"),
    (
        "classify",
        r"\bpositive\b|\bnegative\b|\bsentiment\b|\bcategor|\bclassif|\btopic\b"
        r"|\bsame (?:meaning|thing)\b|\bparaphrase|\bequivalent\b|\bduplicate\b|\brecommend\b",
    ),
    (
        "closed_answer",
        r"\byes or no\b|\btrue or false\b|\byes,? no\b|\bwhich (?:one|of the following)\b",
    ),
    (
        "options",
        r"(?m)^\s*(?:options|choices|answer choices|choose)\b|^\s*[-*•]\s|^\s*\(?[a-e1-5][).]\s",
    ),
    (
        "math",
        r"\$\s?\d|\d\s*%|\bhow (?:many|much)\b|\bcalculate|\bsolve\b|\bcompute\b"
        r"|\\frac|\\\(|\\\[|\b\d+\s*[-+*/^=]\s*\d+",
    ),
    (
        "code",
        r"\bdef \w+\(|\breturn\b|\"\"\"|>>>|\bfunction\b|\bpython\b|\bimport \w+|\bclass \w+:",
    ),
    (
        "generate",
        r"\bgenerate\b|\bwrite (?:a|an|the)\b|\bcompose\b|\bcreate (?:a|an)\b|\bcontinue\b",
    ),
    ("wh_question", r"(?m)^\s*(?:what|who|when|where|which|why|how)\b"),
    ("answer_words", r"\banswer\b|\bquestion\s*:"),
)
_CUE_PATTERNS = tuple(re.compile(pattern, re.IGNORECASE) for _, pattern in _CUES)
_DIGIT = re.compile(r"\d")
N_CUES = len(_CUES) + 6
FEATURE_NAMES: tuple[str, ...] = (
    "log_tokens",
    "long",
    "log_lines",
    "digit_share",
    "has_question_mark",
    "ends_with_question",
    *(name for name, _ in _CUES),
)


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
    values.extend(float(p.search(text) is not None) for p in _CUE_PATTERNS)
    return np.asarray(values, dtype=np.float32)


#: Tokens read at each end of a prompt for its instruction ("Summarize:", "... TL;DR:").
INSTRUCTION_TOKENS = 32
N_FEATURES = 3 * 384 + N_CUES


def featurize(texts: Sequence[str], embedder: Embedder) -> FloatArray:
    """Feature rows for `texts`: embeddings of the whole prompt (first 256 tokens), of its first
    and of its last 32 tokens, then the cues. Shared by training and inference.

    A template's instruction sits at the start or the end while the content fills the middle;
    the whole-prompt embedding is mostly about the content (news, a dialogue, a movie plot), so
    the ends are embedded on their own to let the head see the instruction.
    """
    if not texts:
        return np.zeros((0, N_FEATURES), np.float32)
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

    def logits(self, features: FloatArray) -> FloatArray:
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
        }
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            # float16 halves the file; the head's outputs move by well under 1e-3.
            arrays[f"w{i}"] = w.astype(np.float16)
            arrays[f"b{i}"] = b.astype(np.float32)
        np.savez_compressed(target, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, source: Path | IO[bytes]) -> TaskHead:
        with np.load(source, allow_pickle=False) as data:
            version = int(data["format_version"])
            if version != FORMAT_VERSION:
                raise ValueError(
                    f"task head format {version}; this hybridgate reads {FORMAT_VERSION}"
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
            )


def load_default_head() -> TaskHead:
    """The head that ships with hybridgate (trained by bench/train_task_classifier.py)."""
    data = resources.files("hybridgate.routing").joinpath("data/task_head.npz")
    with data.open("rb") as stream:
        return TaskHead.load(stream)


class TaskClassifier:
    """`classify(texts)` → `(label, confidence)` a text. Loads its head and model on first use.

    Blocking (it runs the embedding model): async callers run it in a worker thread.
    """

    def __init__(self, *, embedder: Embedder | None = None, head: TaskHead | None = None) -> None:
        self._embedder = embedder or Embedder()
        self._head = head

    @property
    def head(self) -> TaskHead:
        if self._head is None:
            self._head = load_default_head()
        return self._head

    @property
    def labels(self) -> tuple[str, ...]:
        return self.head.labels

    def ready(self) -> bool:
        return self._head is not None and self._embedder.ready()

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Probabilities, one row a text, columns in `labels` order."""
        return self.head.predict_proba(featurize(texts, self._embedder))

    def classify(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        if not texts:
            return []
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [(self.head.labels[j], float(proba[i, j])) for i, j in enumerate(best)]
