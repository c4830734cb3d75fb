"""Which deployments can serve a request: a tier's members, less those lacking a capability
the request needs (tools, images, OpenAI-only fields)."""

from __future__ import annotations

from collections.abc import Mapping

from ..config.schema import Settings
from ..errors import NoRouteAvailable, UnsupportedParameter
from ..providers.base import Capabilities


class Candidates:
    def __init__(self, settings: Settings, capabilities: Mapping[str, Capabilities]) -> None:
        self._settings = settings
        self._tiers = settings.tiers
        self.capabilities = capabilities

    def serves(self, name: str, needs: Mapping[str, str]) -> bool:
        caps = self.capabilities[name]
        return caps.chat and all(caps.supports(capability) for capability in needs)

    def self_hosted_serving(self, needs: Mapping[str, str]) -> list[str]:
        """Every self-hosted deployment that can serve the request, in config order."""
        return [
            d.name
            for d in self._settings.deployments
            if d.self_hosted and self.serves(d.name, needs)
        ]

    def of_tier(
        self, tier: str, needs: Mapping[str, str], reasons: tuple[str, ...]
    ) -> tuple[list[str], tuple[str, ...]]:
        """The tier's members that can serve, and the reasons with what was skipped and why."""
        members = self._tiers.get(tier)
        if members is None:
            raise NoRouteAvailable(f"tier {tier!r} is not configured")
        usable: list[str] = []
        notes: list[str] = []
        for name in members:
            caps = self.capabilities[name]
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
