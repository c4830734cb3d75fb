"""The routing-policy interface: one step of a decision, as a function from values to a value.

A policy sees the request as the gateway understood it (`Ask`) and the decision so far
(`RouteDecision`), and returns the decision it allows:

- the same value, when it has nothing to say (no allocation: the common case);
- a narrower one — fewer candidates, or the same ones reordered — with a reason appended
  (`decision.with_reason("projects: ...")`), which the caller sees in `x-hybridgate-route`
  and the ledger keeps;
- or it raises `PolicyRefused` (403 in the caller's protocol, on the ledger) to refuse.

Steps run in order, each on the previous one's result. The built-in steps
(`routing/policies/`) come in this order, and `policies:` in the config may place plugins
between them (after `difficulty`, which is where a tier has been chosen):

    task -> difficulty -> privacy -> residency -> capacity -> cascade

A plugin is a callable registered under the entry-point group `hybridgate.policies`; it is
called once, with the gateway's `Settings`, when the gateway is built and returns the policy.
A plugin may only narrow: a step that adds a candidate or loosens what privacy decided is
refused at run time (fail closed), as is one that raises anything but `HybridgateError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import msgspec

from ...config.schema import PrivacyAction
from ...protocol.canonical import ChatRequest
from ..auto import AutoSignals
from ..decision import RouteDecision

if TYPE_CHECKING:
    from ...config.schema import Settings


@dataclass(frozen=True)
class EffectivePolicy:
    """The gateway's policy, narrowed by the caller's key where it sets its own."""

    privacy: PrivacyAction = "allow"
    residency: tuple[str, ...] = ()
    #: Images and other parts the scanner cannot read: "sensitive" (the default) or "allow".
    media: str = "sensitive"


class Ask(msgspec.Struct, frozen=True):
    """What a policy knows of the request besides the decision so far (built once per
    decision: a msgspec struct, as cheap to build as a tuple)."""

    #: The request in canonical form (protocol/canonical.py), whichever protocol it came in.
    request: ChatRequest
    #: The gateway's privacy and residency policy, narrowed by the caller's key.
    policy: EffectivePolicy
    #: What `auto`'s models found (task, difficulty, language); empty for a named model.
    signals: AutoSignals
    #: Who asks: "key:<id>", else "addr:<client ip>" (the scope of privacy memory).
    caller: str
    #: Capability name -> the request parameter that needs it ("tools" -> "tools").
    needs: Mapping[str, str]


class RoutingPolicy(Protocol):
    """One step of a routing decision (see the module docstring)."""

    #: The name `policies:` lists it by, and the prefix of its reasons by convention.
    name: str

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision: ...


class PolicyFactory(Protocol):
    """What an entry point of the `hybridgate.policies` group names."""

    def __call__(self, settings: Settings) -> RoutingPolicy: ...
