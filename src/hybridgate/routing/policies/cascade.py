"""Cascade: a tier that opts in (`cascade:`) answers on its cheap target first; the pipeline
(`pipeline/cascade.py`) then has a verifier grade the answer and escalates to the next
candidate when the grade is too low. Needs somewhere to escalate to, and never runs on a
redacted request (the verifier would grade placeholders)."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from ...config.schema import Cascade
from ..decision import RouteDecision
from .base import Ask


class CascadePolicy:
    name = "cascade"

    def __init__(self, cascades: Mapping[str, Cascade]) -> None:
        self._cascades = cascades

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision:
        if decision.tier not in self._cascades or not decision.fallbacks or decision.redact:
            return decision
        return msgspec.structs.replace(decision, cascade=True)
