"""`auto:`: how `model: auto` picks a tier (task, confidence, language, difficulty)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field

from .strict import Strict as _Strict


class LanguageRouting(_Strict):
    """`auto.languages`: prompts in a language outside `local` go to the `else` tier."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    #: ISO 639-1 codes the local models serve well (open models are competitive in English,
    #: Japanese, Korean and the major European languages).
    local: list[str] = Field(
        default_factory=lambda: ["en", "de", "fr", "es", "it", "pt", "nl", "ja", "ko"]
    )
    #: The tier for every other language (a prompt whose language is unsure stays put).
    else_: str = Field(default="reasoning", alias="else")


class AutoRouting(_Strict):
    """How `model: auto` picks a tier: task type first, then whether the task is hard."""

    #: `embedded`: the trained task classifier on static token embeddings distilled from MiniLM
    #: (about a millisecond); `encoder`: the same on the MiniLM encoder (more accurate, tens of
    #: ms a prompt); `cascade`: embedded, then the encoder for prompts it is unsure of (about a
    #: third); `keywords`: rules only. A `task_head` replaces the shipped head(s) and runs alone.
    classifier: Literal["embedded", "encoder", "cascade", "keywords"] = "embedded"
    #: A task head retrained with `hybridgate router train --task-data` (default: the shipped one).
    task_head: str | None = None
    #: Requests the difficulty router scores as needing the strong model move to this tier.
    strong_tier: str = "reasoning"
    #: Calibrates the difficulty threshold: at most this share of requests go strong.
    max_strong_fraction: float = Field(default=0.2, ge=0, le=1)
    #: Or from money: the mean cost of 1K typical requests (1,000 tokens in, 300 out, priced on
    #: the first deployment of the default and the strong tier) stays within this many USD.
    budget_per_1k_usd: Decimal | None = Field(default=None, gt=0)
    #: Task types the difficulty router may escalate; a classification, extraction or summary
    #: stays on its tier — the reference stack puts those on cheap models whatever the wording.
    escalate_tasks: list[str] = Field(default_factory=lambda: ["other_qa_or_generation"])
    #: A difficulty head retrained with `hybridgate router train --outcome-data|--from-ledger`.
    difficulty_head: str | None = None
    #: Keep each `auto` request's difficulty features (numbers, not text) in the ledger, so
    #: graded outcomes can retrain the router on this traffic (`router train --from-ledger`).
    record_outcomes: bool = False
    #: Below this task confidence the decision follows `when_unsure`.
    #: (Explicit asks give 0.78-0.9, their precision; prompts with none 0.5-1 by how far the
    #: learned head agrees they are general questions.)
    unsure_below: float = Field(default=0.6, ge=0, le=1)
    #: Unsure of the task: `quality` sends the request to `strong_tier`, `cost` to the
    #: default tier.
    when_unsure: Literal["quality", "cost"] = "cost"
    #: Route by the prompt's language (detected offline); off unless set.
    languages: LanguageRouting | None = None


#: Task type (the classifier's labels) → tier, following the reference stack (config/defaults.py).
DEFAULT_TASK_TIERS: dict[str, str] = {
    "classification": "routing",
    "summarization": "summarization",
    "extraction": "extraction",
    "complex_reasoning": "reasoning",
    "other_qa_or_generation": "routing",
}
