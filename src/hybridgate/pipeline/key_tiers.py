"""`model: auto` for a key limited to some tiers: choose among the tiers the key may use.

The policy picks a tier for the task as for anyone; when the key may not use it, the request
goes to the key's best allowed alternative (the default tier if allowed, else its allowed
tiers in config order) instead of failing with 403 — the caller asked the gateway to choose,
and this is the choice that key allows. A deployment or tier named explicitly is still refused
by admission when the key may not use it.
"""

from __future__ import annotations

from collections.abc import Collection

import msgspec

from ..accounting.admission import KeyRecord
from ..config.schema import Settings
from ..errors import NoRouteAvailable, UnsupportedParameter
from ..protocol.canonical import ChatRequest
from ..routing.decision import RouteDecision
from ..routing.policy import EffectivePolicy, Router


def alternatives(settings: Settings, allowed: Collection[str], chosen: str) -> list[str]:
    """The key's tiers to try instead of `chosen`, best first."""
    order = [settings.default_tier, *settings.tiers]
    out: list[str] = []
    for tier in order:
        if tier in allowed and tier in settings.tiers and tier != chosen and tier not in out:
            out.append(tier)
    return out


def within_key_tiers(
    decision: RouteDecision,
    router: Router,
    settings: Settings,
    request: ChatRequest,
    policy: EffectivePolicy,
    caller: str,
    key: KeyRecord,
) -> RouteDecision:
    """`decision` if the key may use its tier, else the decision for the first allowed tier
    that can serve the request; unchanged when none can (admission then refuses it, saying
    why)."""
    allowed = key.policy.allowed_tiers
    if allowed is None or decision.tier is None or decision.tier in allowed:
        return decision
    for tier in alternatives(settings, allowed, decision.tier):
        named = msgspec.structs.replace(request, model=tier)
        try:
            chosen = router.decide_chat(named, policy, None, caller)
        except (UnsupportedParameter, NoRouteAvailable):
            continue  # that tier cannot serve this request (embeddings only, no tools, ...)
        note = (
            f"key {key.name!r} may use tiers {', '.join(sorted(allowed))} "
            f"-> tier {tier} instead of {decision.tier}"
        )
        return msgspec.structs.replace(
            chosen, reasons=(*decision.reasons, note, *chosen.reasons[1:])
        )
    return decision
