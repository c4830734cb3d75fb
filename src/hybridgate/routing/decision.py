"""A routing decision is a value that explains itself: target, fallbacks and reasons."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec


class RouteDecision(msgspec.Struct, frozen=True):
    #: The deployment tried first.
    target: str
    #: Tier the request was resolved through, if any (None for an explicit deployment).
    tier: str | None
    #: Deployments tried in order when the target fails before answering.
    fallbacks: tuple[str, ...] = ()
    #: Why, in order, e.g. "model 'auto' → tier summarization (prompt asks to summarize)".
    reasons: tuple[str, ...] = ()
    #: What the privacy guard did (None: nothing sensitive found) and the finding types seen.
    privacy_action: str | None = None
    privacy_findings: tuple[str, ...] = ()
    #: Cloud calls get a redacted request; answers are restored before the caller sees them.
    redact: bool = False
    #: The self-hosted target was too busy and a cloud deployment was put first.
    spilled: bool = False
    #: A sensitive conversation's handle, to remember the answer by (privacy/policy.py).
    conversation: tuple[bytes, bytes] | None = None
    #: The tier's cascade applies: the cheap target answers first and a verifier grades it.
    cascade: bool = False

    def candidates(self) -> tuple[str, ...]:
        return (self.target, *self.fallbacks)

    def explain(self) -> str:
        return "; ".join(self.reasons)

    def header(self) -> str:
        """Short, ASCII (HTTP header-safe) summary for `x-hybridgate-route`."""
        route = f"tier:{self.tier}" if self.tier else "deployment"
        if self.privacy_action:
            route += f"; privacy:{self.privacy_action}"
        why = self.reasons[-1] if self.reasons else ""
        # Reasons may quote what the caller sent; control characters are not allowed in headers.
        text = f"{route}; {why}"
        if not (text.isascii() and text.isprintable()):
            text = "".join(c if " " <= c <= "~" else "?" for c in text)
        return text[:200]

    def with_reason(self, reason: str) -> RouteDecision:
        return msgspec.structs.replace(self, reasons=(*self.reasons, reason))

    def narrowed(self, candidates: Sequence[str], reason: str) -> RouteDecision:
        """The same decision over `candidates` (first is the target), with `reason` added."""
        return msgspec.structs.replace(
            self,
            target=candidates[0],
            fallbacks=tuple(candidates[1:]),
            reasons=(*self.reasons, reason),
        )
