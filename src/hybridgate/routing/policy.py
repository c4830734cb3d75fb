"""Resolves the `model` a client sent — a deployment, a tier or `auto` — into a RouteDecision.

`auto` uses a simple rule on the prompt's wording and length until the trained task classifier
takes over; capability needs (tools, images, OpenAI-only fields) filter every candidate list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..config.schema import Settings
from ..errors import NoRouteAvailable, UnknownModel, UnsupportedParameter
from ..protocol.canonical import ChatRequest, ImagePart
from ..providers.base import Capabilities
from .decision import RouteDecision

AUTO = "auto"
EMBEDDINGS_TIER = "embeddings"

#: (tier, why, pattern) — the first match picks the tier for `auto`.
_AUTO_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "summarization",
        "prompt asks for a summary",
        re.compile(r"\b(summari[sz]e|summary|tl;?dr)\b", re.I),
    ),
    ("extraction", "prompt asks to extract", re.compile(r"\b(extract|parse|list all)\b", re.I)),
    (
        "reasoning",
        "prompt asks for multi-step reasoning",
        re.compile(r"\b(prove|step by step|derive|analy[sz]e|plan|why)\b", re.I),
    ),
)
_LONG_PROMPT_CHARS = 8000


def _needs(request: ChatRequest) -> dict[str, str]:
    """Capability name → the parameter that needs it."""
    needs: dict[str, str] = {}
    if request.tools:
        needs["tools"] = "tools"
    if any(isinstance(p, ImagePart) for m in request.messages for p in m.content):
        needs["images"] = "messages"
    if request.openai_extras:
        needs["openai_extras"] = next(iter(request.openai_extras))
    return needs


class Router:
    def __init__(self, settings: Settings, capabilities: Mapping[str, Capabilities]) -> None:
        self._settings = settings
        self._capabilities = capabilities
        self._tiers = settings.tiers

    def model_names(self) -> list[str]:
        return [AUTO, *self._tiers, *(d.name for d in self._settings.deployments)]

    def _unknown(self, model: str) -> UnknownModel:
        return UnknownModel(
            f"model {model!r} is not a deployment, tier or 'auto'; "
            f"available: {', '.join(self.model_names())}",
            param="model",
        )

    def decide_chat(self, request: ChatRequest) -> RouteDecision:
        model = request.model
        needs = _needs(request)
        if model == AUTO:
            tier, why = self._auto_tier(request)
            return self._from_tier(tier, needs, (f"auto: {why} -> tier {tier}",))
        if model in self._tiers:
            return self._from_tier(model, needs, (f"model names tier {model}",))
        if model in self._capabilities:
            caps = self._capabilities[model]
            if not caps.chat:
                raise UnsupportedParameter(
                    f"deployment {model!r} does not serve chat", param="model"
                )
            for capability, param in needs.items():
                if not getattr(caps, capability):
                    raise UnsupportedParameter(
                        f"deployment {model!r} does not support {param!r}", param=param
                    )
            return RouteDecision(
                target=model, tier=None, reasons=(f"model names deployment {model}",)
            )
        raise self._unknown(model)

    def decide_embeddings(self, model: str) -> RouteDecision:
        if model == AUTO:
            model = EMBEDDINGS_TIER
        if model in self._tiers:
            members = [m for m in self._tiers[model] if self._capabilities[m].embeddings]
            if not members:
                raise NoRouteAvailable(f"tier {model!r} has no deployment that serves embeddings")
            return RouteDecision(
                members[0], model, tuple(members[1:]), (f"embeddings via tier {model}",)
            )
        if model in self._capabilities:
            if not self._capabilities[model].embeddings:
                raise UnsupportedParameter(
                    f"deployment {model!r} does not serve embeddings", param="model"
                )
            return RouteDecision(model, None, (), (f"model names deployment {model}",))
        raise self._unknown(model)

    def _auto_tier(self, request: ChatRequest) -> tuple[str, str]:
        text = request.prompt_text()
        for tier, why, pattern in _AUTO_RULES:
            if tier in self._tiers and pattern.search(text):
                return tier, why
        if len(text) > _LONG_PROMPT_CHARS and "reasoning" in self._tiers:
            return "reasoning", "long prompt"
        return self._settings.default_tier, "no rule matched, default tier"

    def _from_tier(
        self, tier: str, needs: dict[str, str], reasons: tuple[str, ...]
    ) -> RouteDecision:
        members = self._tiers.get(tier)
        if members is None:
            raise NoRouteAvailable(f"tier {tier!r} is not configured")
        usable: list[str] = []
        notes: list[str] = []
        for name in members:
            caps = self._capabilities[name]
            missing = [
                param for capability, param in needs.items() if not getattr(caps, capability)
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
        return RouteDecision(usable[0], tier, tuple(usable[1:]), (*reasons, f"-> {usable[0]}"))
