"""`auto`'s tier, as two policy steps: the task (with the unsure and language rules), then
difficulty escalation. Both only name a tier; the router then lists the tier's members that
can serve the request. For a model named by the caller (a tier or deployment) they do nothing.
The rules themselves are in `routing/auto_policy.py`."""

from __future__ import annotations

from ...config.schema import Settings
from ..auto import AutoModels
from ..auto_policy import escalated_tier, settled_by_language, task_tier
from ..decision import RouteDecision
from .base import Ask

#: The decision before `auto` has chosen a tier: no deployment yet.
UNDECIDED = RouteDecision(target="auto", tier=None)


class TaskPolicy:
    name = "task"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._tiers = frozenset(settings.tiers)

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision:
        tier, why, _ = task_tier(self._settings, self._tiers, ask.signals)
        return RouteDecision(
            target=decision.target,
            tier=tier,
            reasons=(*decision.reasons, *(f"auto: {w}" for w in why)),
        )


class DifficultyPolicy:
    name = "difficulty"

    def __init__(self, settings: Settings, models: AutoModels | None) -> None:
        self._settings = settings
        self._tiers = frozenset(settings.tiers)
        self._models = models

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision:
        signals = ask.signals
        if decision.tier is None or signals.strong_score is None:
            return decision
        if signals.task not in self._settings.auto.escalate_tasks:
            return decision
        if settled_by_language(self._settings, self._tiers, signals):
            return decision
        tier, why = escalated_tier(
            self._settings, self._tiers, signals, self._models, decision.tier, []
        )
        if not why:
            return decision
        return RouteDecision(
            target=decision.target,
            tier=tier,
            reasons=(*decision.reasons, *(f"auto: {w}" for w in why)),
        )
