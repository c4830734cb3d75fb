"""The language a prompt is written in, offline, in a fraction of a millisecond.

py3langid (a maintained fork of langid.py: a naive Bayes model over byte n-grams, 97
languages, shipped inside the wheel — nothing is downloaded) reads the prompt's ask and the
start of its text: a prompt pasted in one language with a question in another is labelled by
the question. The model loads on first use (about half a second), never at import.
Measured on bench/data/chat_tasks_heldout.jsonl (121 prompts, 21 languages): 121/121, about
0.2 ms for 2 KB (bench/language_eval.py).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

#: Characters read: enough for a reliable call, bounded whatever the prompt's length.
READ_CHARS = 600
#: Below this probability the language is reported as unknown ("und").
MIN_PROBABILITY = 0.5
UNKNOWN = "und"


@dataclass(frozen=True)
class LanguageGuess:
    #: ISO 639-1 code ("en", "de", "ja", ...), or "und" when unsure.
    code: str
    probability: float


class LanguageDetector:
    """`detect(text)` → `LanguageGuess`. Thread-safe; loads its model on first use."""

    def __init__(self) -> None:
        self._identifier: Any = None
        self._lock = threading.Lock()

    def _model(self) -> Any:
        if self._identifier is None:
            with self._lock:
                if self._identifier is None:
                    from py3langid.langid import MODEL_FILE, LanguageIdentifier

                    self._identifier = LanguageIdentifier.from_model_file(
                        MODEL_FILE, norm_probs=True
                    )
        return self._identifier

    def ready(self) -> bool:
        return self._identifier is not None

    def detect(self, text: str, *, ask: str = "") -> LanguageGuess:
        sample = f"{ask}\n{text[:READ_CHARS]}" if ask else text[:READ_CHARS]
        if not sample.strip():
            return LanguageGuess(UNKNOWN, 0.0)
        code, probability = self._model().classify(sample)
        if probability < MIN_PROBABILITY:
            return LanguageGuess(UNKNOWN, float(probability))
        return LanguageGuess(str(code), float(probability))
