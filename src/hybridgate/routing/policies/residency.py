"""Residency: only deployments in the regions the policy allows may serve (fallbacks too)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from ...errors import PolicyRefused
from ..decision import RouteDecision
from .base import Ask


def resident(
    candidates: Sequence[str],
    regions: tuple[str, ...],
    region_of: Mapping[str, str],
    reasons: tuple[str, ...],
) -> tuple[list[str], tuple[str, ...]]:
    """The candidates inside `regions`, and the reasons with what was excluded; refuses
    (fails closed) when none is."""
    allowed = [c for c in candidates if region_of[c] in regions]
    excluded = [f"{c} ({region_of[c]})" for c in candidates if c not in allowed]
    if not allowed:
        raise PolicyRefused(
            f"residency: only {', '.join(regions)} allowed and every route is elsewhere: {', '.join(excluded)}",
            code="residency_no_deployment",
        )
    if excluded:
        reasons = (*reasons, f"residency: {'/'.join(regions)} excluded {', '.join(excluded)}")
    return allowed, reasons


class ResidencyPolicy:
    name = "residency"

    def __init__(self, region_of: Mapping[str, str]) -> None:
        self._region_of = region_of

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision:
        regions = ask.policy.residency
        if not regions:
            return decision
        candidates = decision.candidates()
        allowed, reasons = resident(candidates, regions, self._region_of, decision.reasons)
        if len(allowed) == len(candidates):
            return decision
        return msgspec.structs.replace(
            decision, target=allowed[0], fallbacks=tuple(allowed[1:]), reasons=reasons
        )
