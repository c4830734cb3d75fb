"""What `model: auto` knows about a prompt before deciding: its task, how sure that is, its
language and how hard it is. Computed off the event loop (models run here), then handed to the
policy (`policy.py`), which only decides.

The task comes from the instruction reader (`task_reader.py`: explicit asks in many languages,
then the learned head); the difficulty scorer runs only when its answer can change the tier
(the task is one `auto.escalate_tasks` lists) or when outcomes are recorded for retraining.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..config.schema import Settings

log = logging.getLogger("hybridgate.routing")

if TYPE_CHECKING:
    from ..engines.embedder import Embedder
    from .difficulty import DifficultyScorer
    from .head_store import HeadStore, HeadWatcher
    from .language import LanguageDetector
    from .task_reader import InstructionClassifier


class AutoSignals(msgspec.Struct, frozen=True):
    """What the models said about a prompt, computed off the event loop before deciding."""

    task: str | None = None
    #: Roughly the chance `task` is right (rule precision, or the head's calibrated share).
    task_confidence: float = 0.0
    #: Why that task ("asks for a summary", "code", "no explicit ask; learned head").
    task_reason: str = ""
    strong_score: float | None = None
    #: The difficulty features (float32 bytes) when `auto.record_outcomes` is on.
    features: bytes | None = None
    #: ISO 639-1 code of the prompt's language ("und": unsure), and its probability.
    language: str | None = None
    language_probability: float = 0.0


class AutoModels:
    """The instruction reader, difficulty scorer and language detector behind `auto`, loaded
    on first use."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None,
        request_cost: Callable[[str], Decimal] | None = None,
        *,
        heads: HeadStore | None = None,
    ) -> None:
        """`heads`: where `router train --from-ledger` publishes retrained difficulty heads;
        the current one replaces the shipped head without a restart (unless the config names
        `auto.difficulty_head`, which then stays)."""
        #: Cost of a typical request on a tier (for a threshold set by `budget_per_1k_usd`).
        self._request_cost = request_cost
        self._default_tier = settings.default_tier
        self._settings = settings.auto
        self._embedder = embedder
        self._reader: InstructionClassifier | None = None
        self._scorer: DifficultyScorer | None = None
        self._languages: LanguageDetector | None = None
        self.threshold: float | None = None
        #: Where the threshold came from (config, or the quality controller's last change).
        self.threshold_source = "auto.max_strong_fraction"
        self._strong_fraction: float | None = None  # set by the quality controller
        self._watcher: HeadWatcher | None = None
        #: The published head in use ("v0003"), None for the shipped or configured one.
        self.difficulty_version: str | None = None
        if heads is not None and settings.auto.difficulty_head is None:
            from .head_store import HeadWatcher

            self._watcher = HeadWatcher(heads)

    def _threshold(self, scorer: DifficultyScorer) -> float:
        if self._strong_fraction is not None:
            return scorer.threshold_for_strong_fraction(self._strong_fraction)
        budget = self._settings.budget_per_1k_usd
        if budget is not None and self._request_cost is not None:
            from .difficulty import threshold_for_budget

            weak = self._request_cost(self._default_tier)
            strong = self._request_cost(self._settings.strong_tier)
            return threshold_for_budget(scorer.head.score_quantiles, weak, strong, budget)
        return scorer.threshold_for_strong_fraction(self._settings.max_strong_fraction)

    def _load(self) -> tuple[InstructionClassifier, DifficultyScorer, LanguageDetector]:
        if self._scorer is None or self._reader is None or self._languages is None:
            from ..engines.embedder import Embedder
            from .classifier import TaskClassifier, TaskHead
            from .difficulty import DifficultyScorer
            from .language import LanguageDetector
            from .task_reader import reader_for

            embedder = self._embedder or Embedder()
            head = None
            if self._settings.classifier != "keywords":
                custom = (
                    TaskHead.load(Path(self._settings.task_head))
                    if self._settings.task_head
                    else None
                )
                # A retrained head reads the features it records; otherwise the shipped one.
                kind = self._settings.classifier
                head = TaskClassifier(
                    embedder=embedder,
                    head=custom,
                    feature_set="encoder" if kind == "encoder" else "static",
                    fallback=(
                        TaskClassifier(embedder=embedder, feature_set="encoder")
                        if kind == "cascade" and custom is None  # a user's labels stand alone
                        else None
                    ),
                )
            self._reader = reader_for(head, users_head=bool(self._settings.task_head))
            self._languages = LanguageDetector()
            path = Path(self._settings.difficulty_head) if self._settings.difficulty_head else None
            scorer = DifficultyScorer(embedder=embedder, head_path=path)
            self.threshold = self._threshold(scorer)
            self._scorer = scorer
        return self._reader, self._scorer, self._languages

    def set_strong_fraction(self, fraction: float, source: str) -> None:
        """The threshold for a strong share set from outside the config (the quality
        controller's hook); kept across head reloads. Blocking: loads the models on first use."""
        self._strong_fraction = fraction
        _, scorer, _ = self._load()
        self.threshold = self._threshold(scorer)
        self.threshold_source = source

    def reload_difficulty(self, path: Path) -> None:
        """Use the difficulty head at `path` from the next request on (no restart)."""
        from .difficulty import DifficultyHead, DifficultyScorer

        _, scorer, _ = self._load()
        fresh = DifficultyScorer(embedder=scorer.embedder, head=DifficultyHead.load(path))
        self.threshold = self._threshold(fresh)
        self._scorer = fresh
        self.difficulty_version = path.stem.removeprefix("difficulty-")

    def _follow_heads(self) -> None:
        if self._watcher is not None:
            changed = self._watcher.changed()
            if changed is not None:
                try:
                    self.reload_difficulty(changed)
                # A head that cannot load must not take `auto` down: keep the loaded one.
                except (OSError, ValueError):
                    log.exception(
                        "could not load difficulty head %s; keeping the current one", changed
                    )

    def signals(self, text: str) -> AutoSignals:
        from .difficulty import featurize
        from .task_reader import find_instruction

        self._follow_heads()
        reader, scorer, languages = self._load()
        reading = reader.classify([text])[0]
        language = languages.detect(text, ask=find_instruction(text).ask)
        record = self._settings.record_outcomes
        strong_score: float | None = None
        features = None
        if record or reading.task in self._settings.escalate_tasks:
            # Recorded features include the embedding, so a retrained head may use it.
            features = featurize(
                [text], scorer.embedder, embed=record or scorer.head.uses_embedding
            )
            strong_score = float(scorer.head.scores(features)[0])
        return AutoSignals(
            task=reading.task,
            task_confidence=reading.confidence,
            task_reason=reading.reason,
            strong_score=strong_score,
            features=features[0].astype("<f4").tobytes()
            if record and features is not None
            else None,
            language=language.code,
            language_probability=language.probability,
        )
