"""Resolves the `model` a client sent — a deployment, a tier or `auto` — into a RouteDecision.

The decision is a chain of policy steps (`routing/policies/`, the interface in its `base.py`):
for `auto`, the task and difficulty steps choose a tier; the tier's members that can serve the
request (capability needs: tools, images, OpenAI-only fields) are the candidates; privacy,
residency, any plugins, capacity and cascade then narrow them, each saying why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..config.schema import PrivacyAction, Settings
from ..errors import NoRouteAvailable, PolicyRefused, UnknownModel, UnsupportedParameter
from ..protocol.canonical import ChatRequest, EmbedRequest
from ..protocol.openai import FORWARDED_FIELDS
from ..providers.base import EXTRA, Capabilities
from .auto import AutoModels, AutoSignals
from .candidates import Candidates
from .decision import RouteDecision
from .policies import UNDECIDED, Ask, EffectivePolicy, build_chain, resident
from .privacy import PrivacyScanner
from .privacy.policy import PrivacyGuard
from .spillover import CapacityTracker

AUTO = "auto"
EMBEDDINGS_TIER = "embeddings"


def _current_ask(request: ChatRequest) -> str:
    """What `auto` judges: the latest user message (a system prompt or earlier turns would
    otherwise be read as the ask), or all the text when no user message has any."""
    for message in reversed(request.messages):
        if message.role == "user":
            text = message.text()
            if text.strip():
                return text
    return request.prompt_text()


def _needs(request: ChatRequest) -> dict[str, str]:
    """Capability name → the parameter that needs it."""
    needs: dict[str, str] = {}
    if request.tools:
        needs["tools"] = "tools"
    if request.has_images():
        needs["images"] = "messages"
    for name in request.openai_extras:
        if name in FORWARDED_FIELDS:  # the rest is dropped on the way: nothing to need
            needs[f"{EXTRA}{name}"] = name
    return needs


_NO_SIGNALS = AutoSignals()
#: No privacy action, no residency: what a caller of `decide_*` gets by default.
_UNRESTRICTED = EffectivePolicy()


#: Privacy actions from the most to the least permissive: a key may only move right.
STRICTNESS: dict[PrivacyAction, int] = {"allow": 0, "redact": 1, "local_only": 2, "block": 3}
#: A residency no deployment is in (a key's regions and the gateway's do not overlap).
NOWHERE = "(none: the key's and the gateway's regions do not overlap)"


class Router:
    """model -> candidates, narrowed by the policy steps (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        capabilities: Mapping[str, Capabilities],
        *,
        guard: PrivacyGuard | None = None,
        tracker: CapacityTracker | None = None,
        cheapest_first: Sequence[str] = (),
        auto_models: AutoModels | None = None,
    ) -> None:
        self.auto_models = auto_models
        self._settings = settings
        self._capabilities = capabilities
        self._tiers = settings.tiers
        self._guard = guard
        self._self_hosted = {d.name for d in settings.deployments if d.self_hosted}
        self._regions = {d.name: d.region for d in settings.deployments}
        self._candidates = Candidates(settings, capabilities)
        chain = build_chain(
            settings,
            self._candidates,
            guard=guard,
            tracker=tracker,
            self_hosted=self._self_hosted,
            cheapest_first=list(cheapest_first),
            region_of=self._regions,
            auto_models=auto_models,
        )
        self._tier_steps = chain.tier_steps
        self._narrowing_steps = chain.narrowing_steps
        self._privacy = chain.privacy
        #: What a tier or deployment named by a request that needs nothing special resolves
        #: to: the same for every such request while this config lives (a decision is
        #: immutable; the steps after it narrow copies). One entry per configured name.
        self._named: dict[str, RouteDecision] = {}
        #: The gateway's own policy, for requests without a key of their own.
        self._keyless: EffectivePolicy | None = None

    def _require_guard(self, policy: EffectivePolicy) -> None:
        if self._guard is None and policy.privacy != "allow":
            raise PolicyRefused(
                f"privacy: the policy is {policy.privacy} but this gateway does not scan "
                "requests (server.privacy_scan is off); refusing rather than guessing",
                code="privacy_scan_off",
            )

    @property
    def scanner(self) -> PrivacyScanner:
        assert self._guard is not None, "redaction needs the privacy guard"
        return self._guard.scanner

    def remember_answer(self, decision: RouteDecision, text: str) -> None:
        """A sensitive conversation's answer: when a client sends it back, it is the same one."""
        if self._guard is not None and decision.conversation is not None:
            self._guard.memory.remember_answer(decision.conversation, text)

    def policy_for(
        self, key_privacy: PrivacyAction | None, key_residency: Sequence[str] | None
    ) -> EffectivePolicy:
        """The gateway's policy, narrowed by a key's: the stricter privacy action, and only
        regions both allow. A key can never widen what the gateway allows."""
        if key_privacy is None and not key_residency and self._keyless is not None:
            return self._keyless
        base = self._settings.policy
        privacy = base.privacy
        if key_privacy is not None and STRICTNESS[key_privacy] > STRICTNESS[privacy]:
            privacy = key_privacy
        residency = tuple(base.residency)
        if key_residency:
            residency = (
                tuple(r for r in key_residency if r in residency)
                if residency
                else tuple(key_residency)
            )
            if not residency:
                residency = (NOWHERE,)  # the two lists share no region: nothing may serve
        policy = EffectivePolicy(privacy=privacy, residency=residency, media=base.media)
        if key_privacy is None and not key_residency:
            self._keyless = policy
        return policy

    def model_names(self) -> list[str]:
        return [AUTO, *self._tiers, *(d.name for d in self._settings.deployments)]

    def _unknown(self, model: str) -> UnknownModel:
        return UnknownModel(
            f"model {model!r} is not a deployment, tier or 'auto'; "
            f"available: {', '.join(self.model_names())}",
            param="model",
        )

    def auto_signals(self, request: ChatRequest) -> AutoSignals:
        """Blocking (model inference): call it in a worker thread, and only for `auto`."""
        if self.auto_models is None:
            return AutoSignals()
        return self.auto_models.signals(_current_ask(request))

    def decide_chat(
        self,
        request: ChatRequest,
        policy: EffectivePolicy = _UNRESTRICTED,
        signals: AutoSignals | None = None,
        caller: str = "",
    ) -> RouteDecision:
        """`caller`: who asks (key id, else client address), the scope of conversation memory."""
        self._require_guard(policy)
        needs = _needs(request)
        ask = Ask(request, policy, signals or _NO_SIGNALS, caller, needs)
        if request.model == AUTO:
            decision = UNDECIDED
            for step in self._tier_steps:
                decision = step.narrow(ask, decision)
            assert decision.tier is not None, "the task step chooses a tier"
            members, reasons = self._candidates.of_tier(decision.tier, needs, decision.reasons)
            decision = RouteDecision(
                target=members[0], tier=decision.tier, fallbacks=tuple(members[1:]), reasons=reasons
            )
        else:
            decision = self._resolve(request.model, needs)
        for step in self._narrowing_steps:
            decision = step.narrow(ask, decision)
        return decision

    def _resolve(self, model: str, needs: dict[str, str]) -> RouteDecision:
        """A tier or deployment the caller named, as a decision."""
        if needs:
            return self._resolve_now(model, needs)
        decision = self._named.get(model)
        if decision is None:
            decision = self._named[model] = self._resolve_now(model, needs)
        return decision

    def _resolve_now(self, model: str, needs: dict[str, str]) -> RouteDecision:
        if model in self._tiers:
            members, reasons = self._candidates.of_tier(
                model, needs, (f"model names tier {model}",)
            )
            return RouteDecision(members[0], model, tuple(members[1:]), reasons)
        if model in self._capabilities:
            caps = self._capabilities[model]
            if not caps.chat:
                raise UnsupportedParameter(
                    f"deployment {model!r} does not serve chat", param="model"
                )
            for capability, param in needs.items():
                if not caps.supports(capability):
                    raise UnsupportedParameter(
                        f"deployment {model!r} does not support {param!r}", param=param
                    )
            return RouteDecision(model, None, reasons=(f"model names deployment {model}",))
        raise self._unknown(model)

    def decide_embeddings(
        self, request: EmbedRequest, policy: EffectivePolicy = _UNRESTRICTED
    ) -> RouteDecision:
        """Where embeddings may go. Inputs pass the same guard as chat; redaction means
        nothing for vectors (a placeholder embeds as itself), so it keeps them local too."""
        self._require_guard(policy)
        decision = self._embeddings_route(request.model, policy)
        if self._guard is None or policy.privacy == "allow":
            return decision
        assessment = self._privacy.assess(lambda guard: guard.assess_texts(request.inputs))
        if not assessment.sensitive:
            return decision
        why = assessment.describe()
        if policy.privacy == "block":
            raise PolicyRefused(
                f"privacy: {why}; the policy blocks sensitive requests", code="privacy_blocked"
            )
        candidates = [c for c in decision.candidates() if c in self._self_hosted]
        if not candidates:
            raise PolicyRefused(
                f"privacy: {why}; the policy keeps such inputs on self-hosted deployments and "
                "none serves these embeddings (refusing rather than sending them to a cloud API)",
                code="privacy_no_local_deployment",
            )
        excluded = [c for c in decision.candidates() if c not in candidates]
        note = f" (excluded {', '.join(excluded)})" if excluded else ""
        return RouteDecision(
            candidates[0],
            decision.tier,
            tuple(candidates[1:]),
            (*decision.reasons, f"privacy: {why} -> local only{note}"),
            privacy_action="local_only",
            privacy_findings=assessment.types,
        )

    def _embeddings_route(self, model: str, policy: EffectivePolicy) -> RouteDecision:
        if model == AUTO:
            model = EMBEDDINGS_TIER
        if model in self._tiers:
            members = [m for m in self._tiers[model] if self._capabilities[m].embeddings]
            if not members:
                raise NoRouteAvailable(f"tier {model!r} has no deployment that serves embeddings")
            reasons: tuple[str, ...] = (f"embeddings via tier {model}",)
            tier: str | None = model
        elif model in self._capabilities:
            if not self._capabilities[model].embeddings:
                raise UnsupportedParameter(
                    f"deployment {model!r} does not serve embeddings", param="model"
                )
            members, reasons, tier = [model], (f"model names deployment {model}",), None
        else:
            raise self._unknown(model)
        if policy.residency:
            members, reasons = resident(members, policy.residency, self._regions, reasons)
        return RouteDecision(members[0], tier, tuple(members[1:]), reasons)
