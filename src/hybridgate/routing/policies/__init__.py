"""The routing policies: the built-in steps and plugins, in the order `policies:` gives
(the interface is in `base.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...config.policies import BUILTIN_POLICIES, FIRST_PLUGIN_SLOT
from ...config.schema import Settings
from ..auto import AutoModels
from ..candidates import Candidates
from ..privacy.policy import PrivacyGuard
from ..spillover import CapacityTracker
from .base import Ask, EffectivePolicy, PolicyFactory, RoutingPolicy
from .capacity import CapacityPolicy
from .cascade import CascadePolicy
from .plugins import PluginLoadError, load_plugin
from .privacy import PrivacyPolicy
from .residency import ResidencyPolicy, resident
from .tier import UNDECIDED, DifficultyPolicy, TaskPolicy


@dataclass(frozen=True)
class PolicyChain:
    #: Choose `auto`'s tier (task, difficulty); the router then lists the tier's members.
    tier_steps: tuple[RoutingPolicy, ...]
    #: Narrow those candidates (privacy, residency, plugins, capacity, cascade), in order.
    narrowing_steps: tuple[RoutingPolicy, ...]
    privacy: PrivacyPolicy


def build_chain(
    settings: Settings,
    candidates: Candidates,
    *,
    guard: PrivacyGuard | None,
    tracker: CapacityTracker | None,
    self_hosted: set[str],
    cheapest_first: list[str],
    region_of: Mapping[str, str],
    auto_models: AutoModels | None,
) -> PolicyChain:
    """The steps `policies:` lists (default: the built-ins), plugins loaded and guarded."""
    privacy = PrivacyPolicy(guard, candidates, self_hosted)
    builtin: dict[str, RoutingPolicy] = {
        "task": TaskPolicy(settings),
        "difficulty": DifficultyPolicy(settings, auto_models),
        "privacy": privacy,
        "residency": ResidencyPolicy(region_of),
        "capacity": CapacityPolicy(tracker, self_hosted, cheapest_first),
        "cascade": CascadePolicy(settings.cascade),
    }
    names = settings.policies if settings.policies is not None else list(BUILTIN_POLICIES)
    steps = tuple(builtin.get(name) or load_plugin(name, settings) for name in names)
    return PolicyChain(steps[:FIRST_PLUGIN_SLOT], steps[FIRST_PLUGIN_SLOT:], privacy)


__all__ = [
    "UNDECIDED",
    "Ask",
    "EffectivePolicy",
    "PluginLoadError",
    "PolicyChain",
    "PolicyFactory",
    "RoutingPolicy",
    "build_chain",
    "resident",
]
