"""`quality:` — shadow judging of cheaper answers against a baseline (see hybridgate.quality)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class ThresholdControl(BaseModel):
    """The difficulty threshold controller (hybridgate.quality.controller)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    #: How far one change moves the share of `auto` requests sent to the strong tier.
    step: float = Field(default=0.05, gt=0, le=1)
    #: Verdicts needed since the last change before the next.
    min_samples: int = Field(default=30, ge=1)
    #: Lower only when the loss rate is confidently under target × (1 − hysteresis).
    hysteresis: float = Field(default=0.5, ge=0, le=1)
    interval_s: float = Field(default=300.0, gt=0)
    min_strong_fraction: float = Field(default=0.0, ge=0, le=1)
    max_strong_fraction: float = Field(default=1.0, ge=0, le=1)


class Quality(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Share of eligible requests (answered by another deployment than the baseline) shadowed.
    sample_rate: float = Field(default=0.05, ge=0, le=1)
    #: The deployment every sampled request is also sent to (the "frontier for everything").
    baseline: str
    #: The deployment that compares the two answers (asked twice, positions swapped).
    judge: str
    #: Shadow and judge calls stop for the UTC day once they have cost this much. Never
    #: charged to the caller's key.
    budget_usd_per_day: Decimal = Field(default=Decimal("1"), ge=0)
    #: A tier whose judged loss rate exceeds this is flagged in `report` and `/metrics`.
    max_loss_rate: float = Field(default=0.1, ge=0, le=1)
    #: Tiers to sample (empty: every tier).
    tiers: list[str] = Field(default_factory=list)
    #: Keep privacy-clean conversations with their verdicts, for `export finetune`.
    keep_conversations: bool = False
    #: Moves `auto`'s difficulty threshold to keep the loss rate under `max_loss_rate`.
    controller: ThresholdControl = ThresholdControl()

    def check_references(self, deployments: set[str], tiers: set[str]) -> None:
        for field in ("baseline", "judge"):
            name = getattr(self, field)
            if name not in deployments:
                raise ValueError(
                    f"quality.{field}: no deployment named {name!r}; deployments are: "
                    f"{', '.join(sorted(deployments))}"
                )
        for i, tier in enumerate(self.tiers):
            if tier not in tiers:
                raise ValueError(f"quality.tiers[{i}]: {tier!r} is not a tier")
