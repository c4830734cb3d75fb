"""Outcomes: how good the cheap and the strong answer were for requests routed by `auto`,
so the difficulty router can be retrained on the user's own traffic.

With `auto.record_outcomes: true` the gateway stores, per `auto` request, the difficulty
router's feature vector — numbers derived from the prompt, never its text. Grades arrive
later: a cascade's verifier grades the cheap answer by itself; anything else (human review,
offline evals) is imported with `hybridgate router outcomes FILE.jsonl` as lines of
`{"request_id", "weak_score"?, "strong_score"?}` in [0, 1]. `hybridgate router train
--from-ledger` trains on every request that has both grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    LargeBinary,
    MetaData,
    String,
    Table,
    insert,
    select,
    update,
)

outcomes_table = Table(
    "outcomes",
    MetaData(),
    Column("request_id", String(64), primary_key=True),
    Column("ts", DateTime(timezone=True), nullable=False),
    #: The difficulty features (float32, little-endian): a prompt's shape, not its words.
    Column("features", LargeBinary, nullable=False),
    Column("weak_score", Float, nullable=True),
    Column("strong_score", Float, nullable=True),
)


def record_features(engine: Engine, request_id: str, features: bytes) -> None:
    """`features`: the float32 little-endian difficulty feature vector of the prompt."""
    with engine.begin() as conn:
        conn.execute(
            insert(outcomes_table).values(
                request_id=request_id, ts=datetime.now(UTC), features=features
            )
        )


def record_grade(
    engine: Engine, request_id: str, *, weak: float | None = None, strong: float | None = None
) -> bool:
    """Set the grades given; False when the request has no recorded features."""
    values = {k: v for k, v in (("weak_score", weak), ("strong_score", strong)) if v is not None}
    if not values:
        return False
    with engine.begin() as conn:
        result = conn.execute(
            update(outcomes_table).where(outcomes_table.c.request_id == request_id).values(**values)
        )
    return bool(result.rowcount)


@dataclass(frozen=True)
class GradedTraffic:
    features: npt.NDArray[np.float32]
    weak: npt.NDArray[np.float32]
    strong: npt.NDArray[np.float32]
    #: Rows graded on the cheap answer only (feedback on a request the cheap tier served):
    #: their strong grade is taken as 1.0, so a low grade reads "needed the strong model".
    one_sided: int = 0


#: The strong grade assumed for a request graded on its cheap answer only.
ASSUMED_STRONG = 1.0


def graded_traffic(engine: Engine) -> GradedTraffic:
    """Every request with a grade for the cheap answer (and the strong one, when known)."""
    t = outcomes_table
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.c.features, t.c.weak_score, t.c.strong_score).where(
                t.c.weak_score.is_not(None)
            )
        ).all()
    if not rows:
        empty = np.zeros(0, dtype=np.float32)
        return GradedTraffic(np.zeros((0, 0), dtype=np.float32), empty, empty)
    strong = [ASSUMED_STRONG if r.strong_score is None else r.strong_score for r in rows]
    return GradedTraffic(
        features=np.stack([np.frombuffer(r.features, dtype="<f4") for r in rows]).astype(
            np.float32
        ),
        weak=np.asarray([r.weak_score for r in rows], dtype=np.float32),
        strong=np.asarray(strong, dtype=np.float32),
        one_sided=sum(r.strong_score is None for r in rows),
    )
