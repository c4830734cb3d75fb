"""Policy plugins: loaded by entry point (`hybridgate.policies`) when the gateway is built,
and guarded so that a plugin can only narrow a decision — never widen it, never let a
request through by failing (fail closed)."""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from ...config.loader import ConfigError
from ...config.policies import POLICY_ENTRY_POINTS
from ...config.schema import Settings
from ...errors import HybridgateError, PolicyRefused
from ..decision import RouteDecision
from .base import Ask, RoutingPolicy

log = logging.getLogger("hybridgate.policies")


class PluginLoadError(ConfigError):
    """A plugin named in `policies:` could not be loaded or built (a config error: the
    command line prints it, no traceback)."""


def load_plugin(name: str, settings: Settings) -> RoutingPolicy:
    matches = [ep for ep in entry_points(group=POLICY_ENTRY_POINTS) if ep.name == name]
    if not matches:
        raise PluginLoadError(f"policies: no plugin {name!r} in {POLICY_ENTRY_POINTS}")
    try:
        policy = matches[0].load()(settings)
    except Exception as exc:  # a plugin's own failure, whatever it is, named for the operator
        raise PluginLoadError(
            f"policies: plugin {name!r} ({matches[0].value}) failed to load: {exc}"
        ) from exc
    if not callable(getattr(policy, "narrow", None)):
        raise PluginLoadError(
            f"policies: plugin {name!r} ({matches[0].value}) gave {type(policy).__name__}, "
            "which has no narrow(ask, decision) method"
        )
    return GuardedPolicy(name, policy)


class GuardedPolicy:
    """A plugin's step, held to the interface's promise: it narrows or refuses."""

    def __init__(self, name: str, inner: RoutingPolicy) -> None:
        self.name = name
        self._inner = inner

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision:
        try:
            narrowed = self._inner.narrow(ask, decision)
        except HybridgateError:
            raise  # a refusal (PolicyRefused) or another error in the caller's protocol
        # A compliance check that breaks must not wave the request through (fail closed).
        except Exception as exc:
            log.exception("policy %s failed; refusing the request", self.name)
            raise PolicyRefused(
                f"policy {self.name} failed; refusing rather than routing unchecked",
                code="policy_failed",
            ) from exc
        if narrowed is decision:
            return decision
        widened = _widening(decision, narrowed)
        if widened is not None:
            log.error(
                "policy %s widened the decision (%s); refusing the request", self.name, widened
            )
            raise PolicyRefused(
                f"policy {self.name} widened the decision ({widened}); refusing",
                code="policy_widened",
            )
        return narrowed


def _widening(before: RouteDecision, after: RouteDecision) -> str | None:
    """What `after` allows that `before` did not, if anything."""
    allowed = set(before.candidates())
    added = [c for c in after.candidates() if c not in allowed]
    if added:
        return f"added {', '.join(added)}"
    if before.redact and not after.redact:
        return "dropped redaction"
    if (after.privacy_action, after.privacy_findings, after.conversation) != (
        before.privacy_action,
        before.privacy_findings,
        before.conversation,
    ):
        return "changed what privacy decided"
    if after.tier != before.tier:
        return "changed the tier"
    return None
