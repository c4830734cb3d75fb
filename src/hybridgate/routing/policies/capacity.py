"""Capacity: a self-hosted target whose queue is too long spills to the cheapest cloud
candidate (`routing/spillover.py`) — never when privacy keeps the request local."""

from __future__ import annotations

from ..decision import RouteDecision
from ..spillover import CapacityTracker, spill
from .base import Ask


class CapacityPolicy:
    name = "capacity"

    def __init__(
        self, tracker: CapacityTracker | None, self_hosted: set[str], cheapest_first: list[str]
    ) -> None:
        self._tracker = tracker
        self._self_hosted = self_hosted
        self._cheapest_first = cheapest_first

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision:
        if self._tracker is None or decision.privacy_action == "local_only":
            return decision
        return spill(
            decision,
            self._tracker,
            self_hosted=self._self_hosted,
            cheapest_first=self._cheapest_first,
        )
