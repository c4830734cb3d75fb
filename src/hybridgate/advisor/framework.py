"""The open-vs-closed decision framework: explicit rules, each a small function of the facts.

A rule returns a `Verdict` (or None when it has nothing to say): which way it leans (`open` =
self-host an open-weight model, `closed` = use the API, `compare` = neutral, look at the
numbers), how much it weighs (0–3), or that it is a hard constraint, and a reason that quotes
the number that triggered it. The rules, in order:

| rule          | trigger                                           | lean    | weight |
|---------------|---------------------------------------------------|---------|--------|
| volume        | < 100K tokens/day                                 | closed  | 2      |
|               | 100K – 10M tokens/day                             | compare | 0      |
|               | > 10M tokens/day                                  | open    | 2      |
| cost          | API ≥ 1.3 × self-hosted (GPUs + ops) per month    | open    | 3      |
|               | self-hosted ≥ 1.3 × API                           | closed  | 3      |
|               | within 30% of each other                          | compare | 0      |
| burstiness    | peak-to-mean ≥ 4 (GPUs sized for peak sit idle)   | closed  | 2      |
|               | peak-to-mean ≤ 1.5 (steady load keeps GPUs busy)  | open    | 1      |
| privacy       | sensitive share > 0 and privacy `local_only`      | open    | hard   |
|               | sensitive share > 0 and privacy `redact`          | compare | 0      |
|               | sensitive share ≥ 10% and privacy `allow`         | open    | 1      |
| residency     | EU residency and the API model is not EU-resident | open    | hard   |
|               | EU residency and an EU API                        | compare | 0      |
| fine-tuning   | needs its own fine-tuned weights                  | open    | 2      |
| frontier      | needs frontier reasoning                          | closed  | 3      |
| multimodal    | needs images/audio in                             | closed  | 2      |
| ML-ops        | team capacity `none`                              | closed  | 3      |
|               | team capacity `strong`                            | open    | 1      |

Combining: any hard constraint decides `open` (all hard constraints point at keeping data on
your own infrastructure). Otherwise score = Σ weight (open +, closed −): ≥ 3 → open,
≤ −3 → closed, else compare. When a hard constraint wins against soft factors that favour the
API (score ≤ −3), the note proposes the split the gateway supports: only the sensitive share
local (or redacted), the rest on the API; for residency, an EU API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .breakeven import Costs, usd
from .profile import ResolvedTier, Team

Lean = Literal["open", "closed", "compare"]

VOLUME_LOW = 100_000
VOLUME_HIGH = 10_000_000
COST_MARGIN = Decimal("1.3")
BURSTY = Decimal(4)
STEADY = Decimal("1.5")
SENSITIVE_SOFT = Decimal("0.1")
DECISIVE_SCORE = 3


@dataclass(frozen=True)
class Verdict:
    rule: str
    lean: Lean
    #: 0–3; ignored for a hard constraint, which decides on its own.
    weight: int
    reason: str
    hard: bool = False

    @property
    def signed(self) -> int:
        return {"open": self.weight, "closed": -self.weight, "compare": 0}[self.lean]


@dataclass(frozen=True)
class Facts:
    tier: ResolvedTier
    costs: Costs
    team: Team


@dataclass(frozen=True)
class Recommendation:
    tier: str
    lean: Lean
    score: int
    verdicts: tuple[Verdict, ...]
    note: str | None = None

    @property
    def hard(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.hard)


def _tokens(n: int | Decimal) -> str:
    return f"{int(n):,}"


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def volume(f: Facts) -> Verdict:
    v = f.tier.tokens_per_day
    if v < VOLUME_LOW:
        return Verdict(
            "volume", "closed", 2, f"volume: {_tokens(v)} tokens/day < 100K: an API costs little"
        )
    if v > VOLUME_HIGH:
        return Verdict(
            "volume", "open", 2, f"volume: {_tokens(v)} tokens/day > 10M: enough to keep GPUs busy"
        )
    return Verdict(
        "volume", "compare", 0, f"volume: {_tokens(v)} tokens/day is between 100K and 10M"
    )


def cost(f: Facts) -> Verdict:
    c = f.costs
    api, own = c.api_monthly_usd, c.self_hosted_monthly_usd
    host = f.tier.profile.self_host
    numbers = (
        f"API ${usd(api)}/month vs self-hosted ${usd(own)}/month "
        f"({c.gpus}×{host.gpu} ${usd(c.gpu_monthly_usd)} + ops ${usd(c.ops_overhead_usd)})"
    )
    if c.break_even_tokens_per_day is None:
        crossing = "; self-hosting never breaks even at this throughput"
    else:
        crossing = f"; break-even ≈ {_tokens(c.break_even_tokens_per_day)} tokens/day"
    if api >= own * COST_MARGIN:
        return Verdict("cost", "open", 3, f"cost: {numbers}{crossing}")
    if own >= api * COST_MARGIN:
        return Verdict("cost", "closed", 3, f"cost: {numbers}{crossing}")
    return Verdict("cost", "compare", 0, f"cost: within 30%: {numbers}{crossing}")


def burstiness(f: Facts) -> Verdict | None:
    ratio = f.tier.profile.peak_to_mean
    if ratio >= BURSTY:
        idle = (1 - 1 / ratio) * 100
        return Verdict(
            "burstiness",
            "closed",
            2,
            f"burstiness: peak is {ratio.normalize():f}× the mean: GPUs sized for the peak idle "
            f"~{idle:.0f}% of the time; let bursts spill to an API",
        )
    if ratio <= STEADY:
        return Verdict(
            "burstiness",
            "open",
            1,
            f"burstiness: peak is only {ratio.normalize():f}× the mean: steady load keeps GPUs busy",
        )
    return None


def privacy(f: Facts) -> Verdict | None:
    p = f.tier.profile
    share = p.sensitive_share
    if share <= 0 or p.privacy == "block":
        return None  # blocked requests reach no model, local or not
    if p.privacy == "local_only":
        return Verdict(
            "privacy",
            "open",
            0,
            f"privacy: {_pct(share)} of requests carry sensitive data and policy is local_only "
            "→ they must run on your hardware (or set privacy: redact)",
            hard=True,
        )
    if p.privacy == "redact":
        return Verdict(
            "privacy",
            "compare",
            0,
            f"privacy: {_pct(share)} of requests carry sensitive data, redacted before they leave",
        )
    if share >= SENSITIVE_SOFT:
        return Verdict(
            "privacy",
            "open",
            1,
            f"privacy: {_pct(share)} of requests carry sensitive data that policy lets leave",
        )
    return None


def residency(f: Facts) -> Verdict | None:
    p = f.tier.profile
    if not p.eu_residency:
        return None
    if p.api_in_eu():
        return Verdict(
            "residency", "compare", 0, f"residency: EU required and {p.api_model} stays in the EU"
        )
    return Verdict(
        "residency",
        "open",
        0,
        f"residency: EU required and {p.api_model} is not EU-resident "
        "→ self-host in the EU or pick an EU API (mistral-*, or set api_eu_residency)",
        hard=True,
    )


def fine_tuning(f: Facts) -> Verdict | None:
    if not f.tier.profile.needs_fine_tuning:
        return None
    return Verdict(
        "fine-tuning", "open", 2, "fine-tuning: own weights you can train, keep and serve"
    )


def frontier(f: Facts) -> Verdict | None:
    if not f.tier.profile.needs_frontier_reasoning:
        return None
    return Verdict(
        "frontier",
        "closed",
        3,
        "frontier reasoning: closed frontier models still lead on hard multi-step reasoning",
    )


def multimodal(f: Facts) -> Verdict | None:
    if not f.tier.profile.needs_multimodal:
        return None
    return Verdict(
        "multimodal", "closed", 2, "multimodal: APIs take images and audio with no serving work"
    )


def mlops(f: Facts) -> Verdict | None:
    capacity = f.team.mlops_capacity
    if capacity == "none":
        return Verdict(
            "mlops",
            "closed",
            3,
            "ML-ops capacity: none: nobody to own GPUs, upgrades and on-call",
        )
    if capacity == "strong":
        return Verdict(
            "mlops", "open", 1, "ML-ops capacity: strong: serving models is routine for the team"
        )
    return None


#: Every rule, in the order reasons are listed.
RULES: tuple[Callable[[Facts], Verdict | None], ...] = (
    privacy,
    residency,
    volume,
    cost,
    burstiness,
    fine_tuning,
    frontier,
    multimodal,
    mlops,
)


def decide(facts: Facts) -> Recommendation:
    verdicts = tuple(v for rule in RULES if (v := rule(facts)) is not None)
    score = sum(v.signed for v in verdicts if not v.hard)
    hard = [v for v in verdicts if v.hard]
    lean: Lean
    if hard or score >= DECISIVE_SCORE:
        lean = "open"
    elif score <= -DECISIVE_SCORE:
        lean = "closed"
    else:
        lean = "compare"
    return Recommendation(facts.tier.name, lean, score, verdicts, _note(facts, lean, score, hard))


def _note(facts: Facts, lean: Lean, score: int, hard: list[Verdict]) -> str | None:
    p = facts.tier.profile
    if hard and score <= -DECISIVE_SCORE:
        rules = {v.rule for v in hard}
        if "privacy" in rules and p.sensitive_share < 1 and "residency" not in rules:
            local = int(p.sensitive_share * facts.tier.tokens_per_day)
            return (
                f"split: serve the sensitive {_pct(p.sensitive_share)} (~{_tokens(local)} "
                f"tokens/day) locally and the rest on {p.api_model}; or redact instead"
            )
        if "residency" in rules and "privacy" not in rules:
            return "soft factors favour an API: an EU-resident API would meet residency too"
    if lean == "open" and p.peak_to_mean >= BURSTY:
        return "size GPUs for the base load and spill peaks to the API (capacity spillover)"
    if lean == "compare":
        return _compare_note(facts, score)
    return None


def _times(factor: Decimal) -> str:
    return f"{factor:,.0f}×" if factor >= 10 else f"{factor:.1f}×"


def _compare_note(facts: Facts, score: int) -> str:
    """Neither side scores decisively. "Close call" only when the money is close too (within
    COST_MARGIN); otherwise say which side costs less, by how much, and that other factors
    pull against it."""
    api, own = facts.costs.api_monthly_usd, facts.costs.self_hosted_monthly_usd
    numbers = f"API ${usd(api)}/month vs self-hosted ${usd(own)}/month"
    low, high = min(api, own), max(api, own)
    if high <= low * COST_MARGIN:
        return (
            f"close call: the costs are within {COST_MARGIN}× of each other ({numbers}); "
            "decide on what else matters and re-run as traffic grows"
        )
    cheaper = "the API" if api < own else "self-hosting"
    by = "costs nothing against it" if low == 0 else f"is {_times(high / low)} cheaper"
    return (
        f"{cheaper} wins on cost: it {by} ({numbers}); the other factors pull the other way "
        f"(score {score:+d}, {DECISIVE_SCORE} would decide), so weigh them against that gap"
    )
