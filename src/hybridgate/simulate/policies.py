"""The scores policies route by, for `simulate`: each prompt's "needs the strong model".

- `difficulty`: the difficulty router's head — the shipped one, a user's own (`--head`), or one
  trained here on *other* outcome data with the shipped recipe (`train_head`: the honest
  cross-domain figure, since the shipped head has seen RouteLLM's MMLU and GSM8K);
- `length`: the prompt's length in characters (the baseline a router must beat);
- `random`: one score for all, so the curve is the straight line all-weak → all-strong;
- `oracle`: the strong model's gain on the prompt, from the outcomes themselves (an upper
  bound no router reaches; it shows how much room there is).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..routing.difficulty import DIMENSIONS, DifficultyHead, features_from, load_default_head
from .outcome_table import FloatArray, Pair

#: The BERT window the cues' "truncated" flag refers to; cues-only heads give it no weight.
_WINDOW = 510


def cue_rows(prompts: Sequence[str]) -> FloatArray:
    """Feature rows with the embedding columns zero and no token counts: all a cues-only head
    (the shipped recipe) reads, with no encoder or tokenizer loaded."""
    zeros = np.zeros((len(prompts), DIMENSIONS), dtype=np.float32)
    return features_from(list(prompts), zeros, [0] * len(prompts), _WINDOW).astype(np.float64)


def difficulty_scores(prompts: Sequence[str], head: DifficultyHead | None = None) -> FloatArray:
    head = head or load_default_head()
    if head.uses_tokenizer:
        from ..engines.embedder import Embedder
        from ..routing.difficulty import featurize

        features = featurize(list(prompts), Embedder(), embed=head.uses_embedding)
    else:
        features = cue_rows(prompts).astype(np.float32)
    return head.scores(features).astype(np.float64)


def load_head(path: Path) -> DifficultyHead:
    return DifficultyHead.load(path)


def train_head(train: Pair) -> DifficultyHead:
    """A head fitted with the shipped recipe (robust cues, soft target, C=0.001) on `train`."""
    from ..training.difficulty import ROBUST, fit_head

    recipe = ROBUST[0]
    # Targets in [0, 1]: judge scores (1-10) are scaled by the largest.
    scale = max(1.0, float(train.weak_quality.max()), float(train.strong_quality.max()))
    return fit_head(
        cue_rows(train.prompts).astype(np.float32),
        (train.weak_quality / scale).astype(np.float32),
        (train.strong_quality / scale).astype(np.float32),
        label=recipe.label,
        c=recipe.c,
        uses=recipe.uses,
        trained_on=f"{train.source} ({train.weak} vs {train.strong}); {recipe.describe()}",
    )


def length_scores(prompts: Sequence[str]) -> FloatArray:
    return np.asarray([len(p) for p in prompts], dtype=np.float64)


def random_scores(prompts: Sequence[str]) -> FloatArray:
    return np.zeros(len(prompts), dtype=np.float64)


def oracle_scores(pair: Pair) -> FloatArray:
    """Strong where it does better; among those, the cheapest strong calls first."""
    gain = pair.strong_quality - pair.weak_quality
    extra = pair.strong_cost - pair.weak_cost
    spread = float(np.max(np.abs(extra))) or 1.0
    return gain - 1e-6 * extra / spread
