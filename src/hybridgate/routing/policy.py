"""Resolves the `model` a client sent — a deployment, a tier or `auto` — into a RouteDecision.

For `auto`, what the models found (`auto.py`: the instruction reader, difficulty, language)
becomes a tier in `auto_policy.py`; capability needs (tools, images, OpenAI-only fields)
filter every candidate list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..config.schema import PrivacyAction, Settings
from ..errors import NoRouteAvailable, PolicyRefused, UnknownModel, UnsupportedParameter
from ..protocol.canonical import ChatRequest, EmbedRequest, ImagePart
from ..protocol.openai import FORWARDED_FIELDS
from ..providers.base import EXTRA, Capabilities
from .auto import AutoModels, AutoSignals
from .auto_policy import auto_tier
from .decision import RouteDecision
from .privacy import PrivacyScanner
from .privacy.policy import PrivacyAssessment, PrivacyGuard, effective_action
from .spillover import CapacityTracker, spill

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
    if any(isinstance(p, ImagePart) for m in request.messages for p in m.content):
        needs["images"] = "messages"
    for name in request.openai_extras:
        if name in FORWARDED_FIELDS:  # the rest is dropped on the way: nothing to need
            needs[f"{EXTRA}{name}"] = name
    return needs


_NO_SIGNALS = AutoSignals()


#: The finding recorded when scanning itself failed (the request is treated as sensitive).
SCAN_FAILED = "scan_failed"
log = logging.getLogger("hybridgate.privacy")

#: Privacy actions from the most to the least permissive: a key may only move right.
STRICTNESS: dict[PrivacyAction, int] = {"allow": 0, "redact": 1, "local_only": 2, "block": 3}
#: A residency no deployment is in (a key's regions and the gateway's do not overlap).
NOWHERE = "(none: the key's and the gateway's regions do not overlap)"


@dataclass(frozen=True)
class EffectivePolicy:
    """The gateway's policy, narrowed by the caller's key where it sets its own."""

    privacy: PrivacyAction = "allow"
    residency: tuple[str, ...] = ()
    #: Images and other parts the scanner cannot read: "sensitive" (the default) or "allow".
    media: str = "sensitive"


class Router:
    """model → candidates (tier, capabilities) → privacy → residency → capacity spillover."""

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
        self._tracker = tracker
        self._cheapest_first = list(cheapest_first)
        self._self_hosted = {d.name for d in settings.deployments if d.self_hosted}
        self._regions = {d.name: d.region for d in settings.deployments}

    def _assess(self, run: Callable[[PrivacyGuard], PrivacyAssessment]) -> PrivacyAssessment:
        """The guard's verdict; a guard that fails says "sensitive" (fail closed)."""
        assert self._guard is not None
        try:
            return run(self._guard)
        # Whatever broke in scanning, the request must not leave on the strength of it.
        except Exception:
            log.exception("privacy scan failed; treating the request as sensitive")
            return PrivacyAssessment(types=(SCAN_FAILED,), remembered=False, unredactable=True)

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
        return EffectivePolicy(privacy=privacy, residency=residency, media=base.media)

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
        policy: EffectivePolicy = EffectivePolicy(),
        signals: AutoSignals | None = None,
        caller: str = "",
    ) -> RouteDecision:
        """`caller`: who asks (key id, else client address), the scope of conversation memory."""
        self._require_guard(policy)
        needs = _needs(request)
        tier, candidates, reasons = self._resolve(request, needs, signals or _NO_SIGNALS)
        privacy_action: str | None = None
        findings: tuple[str, ...] = ()
        redact = False
        conversation: tuple[bytes, bytes] | None = None
        if self._guard is not None:
            assessment = self._assess(
                lambda guard: guard.assess(
                    request, media=policy.media == "sensitive", caller=caller
                )
            )
            conversation = assessment.conversation
            findings = assessment.types
            action = effective_action(policy.privacy, assessment)
            if action == "redact" and assessment.unredactable:
                action = "local_only"  # an image or a split value cannot be redacted
            if assessment.sensitive:
                privacy_action = action or "allow"
            if action == "block":
                raise PolicyRefused(
                    f"privacy: {assessment.describe()}; the policy blocks sensitive requests",
                    code="privacy_blocked",
                )
            if action == "local_only":
                candidates, reasons = self._local_only(
                    candidates, needs, reasons, assessment.describe()
                )
            elif action == "redact" and any(c not in self._self_hosted for c in candidates):
                redact = True
                reasons = (
                    *reasons,
                    f"privacy: {assessment.describe()} -> redacted for cloud calls",
                )
        if policy.residency:
            candidates, reasons = self._resident(candidates, policy.residency, reasons)
        decision = RouteDecision(
            target=candidates[0],
            tier=tier,
            fallbacks=tuple(candidates[1:]),
            reasons=reasons,
            privacy_action=privacy_action,
            privacy_findings=findings,
            redact=redact,
            conversation=conversation,
        )
        if self._tracker is not None and privacy_action != "local_only":
            decision = spill(
                decision,
                self._tracker,
                self_hosted=self._self_hosted,
                cheapest_first=self._cheapest_first,
            )
        return decision

    def _resolve(
        self, request: ChatRequest, needs: dict[str, str], signals: AutoSignals
    ) -> tuple[str | None, list[str], tuple[str, ...]]:
        model = request.model
        if model == AUTO:
            tier, why = self._auto_tier(request, signals)
            return tier, *self._from_tier(tier, needs, tuple(f"auto: {w}" for w in why))
        if model in self._tiers:
            return model, *self._from_tier(model, needs, (f"model names tier {model}",))
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
            return None, [model], (f"model names deployment {model}",)
        raise self._unknown(model)

    def _serves(self, name: str, needs: dict[str, str]) -> bool:
        caps = self._capabilities[name]
        return caps.chat and all(caps.supports(capability) for capability in needs)

    def _local_only(
        self, candidates: list[str], needs: dict[str, str], reasons: tuple[str, ...], why: str
    ) -> tuple[list[str], tuple[str, ...]]:
        local = [c for c in candidates if c in self._self_hosted]
        if not local:  # the caller named a cloud route: any self-hosted deployment that can serve
            local = [
                d.name
                for d in self._settings.deployments
                if d.self_hosted and self._serves(d.name, needs)
            ]
        if not local:
            raise PolicyRefused(
                f"privacy: {why}; the policy keeps such requests on self-hosted deployments and none "
                "can serve this request (refusing rather than sending it to a cloud API)",
                code="privacy_no_local_deployment",
            )
        excluded = [c for c in candidates if c not in self._self_hosted]
        note = f" (excluded {', '.join(excluded)})" if excluded else ""
        return local, (*reasons, f"privacy: {why} -> local only{note}")

    def _resident(
        self, candidates: list[str], regions: tuple[str, ...], reasons: tuple[str, ...]
    ) -> tuple[list[str], tuple[str, ...]]:
        allowed = [c for c in candidates if self._regions[c] in regions]
        excluded = [f"{c} ({self._regions[c]})" for c in candidates if c not in allowed]
        if not allowed:
            raise PolicyRefused(
                f"residency: only {', '.join(regions)} allowed and every route is elsewhere: {', '.join(excluded)}",
                code="residency_no_deployment",
            )
        if excluded:
            reasons = (*reasons, f"residency: {'/'.join(regions)} excluded {', '.join(excluded)}")
        return allowed, reasons

    def decide_embeddings(
        self, request: EmbedRequest, policy: EffectivePolicy = EffectivePolicy()
    ) -> RouteDecision:
        """Where embeddings may go. Inputs pass the same guard as chat; redaction means
        nothing for vectors (a placeholder embeds as itself), so it keeps them local too."""
        self._require_guard(policy)
        decision = self._embeddings_route(request.model, policy)
        if self._guard is None or policy.privacy == "allow":
            return decision
        assessment = self._assess(lambda guard: guard.assess_texts(request.inputs))
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
            members, reasons = self._resident(members, policy.residency, reasons)
        return RouteDecision(members[0], tier, tuple(members[1:]), reasons)

    def _auto_tier(self, request: ChatRequest, signals: AutoSignals) -> tuple[str, list[str]]:
        """The task's tier, unless unsure, the language or the difficulty says otherwise."""
        return auto_tier(self._settings, set(self._tiers), signals, self.auto_models)

    def _from_tier(
        self, tier: str, needs: dict[str, str], reasons: tuple[str, ...]
    ) -> tuple[list[str], tuple[str, ...]]:
        members = self._tiers.get(tier)
        if members is None:
            raise NoRouteAvailable(f"tier {tier!r} is not configured")
        usable: list[str] = []
        notes: list[str] = []
        for name in members:
            caps = self._capabilities[name]
            missing = [
                param for capability, param in needs.items() if not caps.supports(capability)
            ]
            if not caps.chat:
                notes.append(f"{name} serves no chat")
            elif missing:
                notes.append(f"{name} lacks {', '.join(missing)}")
            else:
                usable.append(name)
        if not usable:
            raise UnsupportedParameter(
                f"no deployment in tier {tier!r} can serve this request ({'; '.join(notes)})",
                param=next(iter(needs.values()), "model"),
            )
        if notes:
            reasons = (*reasons, "skipped " + ", ".join(notes))
        return usable, reasons
