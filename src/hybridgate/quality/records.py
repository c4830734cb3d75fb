"""The judgments table (migration 6): one verdict a shadowed request, with what it cost.

`conversation`, `answer` and `baseline_answer` are kept only for privacy-clean requests and
only with `quality.keep_conversations` (they feed `hybridgate export finetune`); everything
else is numbers and names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
)

from ..accounting.ledger import to_nusd

judgments_table = Table(
    "judgments",
    MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ts", DateTime(timezone=True), nullable=False, index=True),
    Column("request_id", String(64), nullable=False),
    Column("tier", String(64), nullable=True),
    #: The deployment that answered the caller (the cheaper one).
    Column("deployment", String(200), nullable=False),
    Column("baseline", String(200), nullable=False),
    #: The judge deployment; None when a check decided.
    Column("judge", String(200), nullable=True),
    #: judge | json_schema | label | code
    Column("method", String(16), nullable=False),
    #: win | tie | loss, for the cheaper answer.
    Column("verdict", String(8), nullable=False),
    Column("answer_cost_nusd", BigInteger, nullable=False),
    #: What the baseline's answer to the same request cost (a measured counterfactual).
    Column("baseline_cost_nusd", BigInteger, nullable=False),
    #: Shadow plus judge calls: the cost of proof.
    Column("proof_cost_nusd", BigInteger, nullable=False),
    Column("privacy_clean", Boolean, nullable=False),
    Column("conversation", Text, nullable=True),
    Column("answer", Text, nullable=True),
    Column("baseline_answer", Text, nullable=True),
)


@dataclass(frozen=True)
class Judgment:
    ts: datetime
    request_id: str
    tier: str | None
    deployment: str
    baseline: str
    judge: str | None
    method: str
    verdict: str
    answer_cost_usd: Decimal
    baseline_cost_usd: Decimal
    proof_cost_usd: Decimal
    privacy_clean: bool
    conversation: str | None = None
    answer: str | None = None
    baseline_answer: str | None = None


def record_judgment(engine: Engine, judgment: Judgment) -> None:
    values = {
        k: v
        for k, v in judgment.__dict__.items()
        if k not in ("answer_cost_usd", "baseline_cost_usd", "proof_cost_usd")
    }
    values["answer_cost_nusd"] = to_nusd(judgment.answer_cost_usd)
    values["baseline_cost_nusd"] = to_nusd(judgment.baseline_cost_usd)
    values["proof_cost_nusd"] = to_nusd(judgment.proof_cost_usd)
    with engine.begin() as conn:
        conn.execute(insert(judgments_table).values(**values))
