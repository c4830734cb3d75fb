"""Privacy: what the guard found in the request (`routing/privacy/`), and what the policy does
about it — nothing, redact for cloud calls, keep it on self-hosted deployments, or block.
Fails closed: a scan that breaks counts as sensitive, and no self-hosted deployment to keep
the request on is a refusal, never a cloud call."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

import msgspec

from ...errors import PolicyRefused
from ..candidates import Candidates
from ..decision import RouteDecision
from ..privacy.policy import PrivacyAssessment, PrivacyGuard, effective_action
from .base import Ask

#: The finding recorded when scanning itself failed (the request is treated as sensitive).
SCAN_FAILED = "scan_failed"
log = logging.getLogger("hybridgate.privacy")


class PrivacyPolicy:
    name = "privacy"

    def __init__(
        self, guard: PrivacyGuard | None, candidates: Candidates, self_hosted: set[str]
    ) -> None:
        self.guard = guard
        self._candidates = candidates
        self._self_hosted = self_hosted

    def assess(self, run: Callable[[PrivacyGuard], PrivacyAssessment]) -> PrivacyAssessment:
        """The guard's verdict; a guard that fails says "sensitive" (fail closed)."""
        assert self.guard is not None
        try:
            return run(self.guard)
        # Whatever broke in scanning, the request must not leave on the strength of it.
        except Exception:
            log.exception("privacy scan failed; treating the request as sensitive")
            return PrivacyAssessment(types=(SCAN_FAILED,), remembered=False, unredactable=True)

    def narrow(self, ask: Ask, decision: RouteDecision) -> RouteDecision:
        if self.guard is None:
            return decision
        media = ask.policy.media == "sensitive"
        assessment = self.assess(
            lambda guard: guard.assess(ask.request, media=media, caller=ask.caller)
        )
        action = effective_action(ask.policy.privacy, assessment)
        if action == "redact" and assessment.unredactable:
            action = "local_only"  # an image or a split value cannot be redacted
        privacy_action = (action or "allow") if assessment.sensitive else None
        if action == "block":
            raise PolicyRefused(
                f"privacy: {assessment.describe()}; the policy blocks sensitive requests",
                code="privacy_blocked",
            )
        candidates: Sequence[str] = decision.candidates()
        reasons = decision.reasons
        redact = False
        if action == "local_only":
            candidates, reasons = self._local_only(
                candidates, ask.needs, reasons, assessment.describe()
            )
        elif action == "redact" and any(c not in self._self_hosted for c in candidates):
            redact = True
            reasons = (*reasons, f"privacy: {assessment.describe()} -> redacted for cloud calls")
        if (
            privacy_action is None
            and not assessment.types
            and assessment.conversation is None
            and reasons is decision.reasons
        ):
            return decision  # nothing found, nothing to remember: the common case
        return msgspec.structs.replace(
            decision,
            target=candidates[0],
            fallbacks=tuple(candidates[1:]),
            reasons=reasons,
            privacy_action=privacy_action,
            privacy_findings=assessment.types,
            redact=redact,
            conversation=assessment.conversation,
        )

    def _local_only(
        self,
        candidates: Sequence[str],
        needs: Mapping[str, str],
        reasons: tuple[str, ...],
        why: str,
    ) -> tuple[list[str], tuple[str, ...]]:
        local = [c for c in candidates if c in self._self_hosted]
        if not local:  # the caller named a cloud route: any self-hosted deployment that can serve
            local = self._candidates.self_hosted_serving(needs)
        if not local:
            raise PolicyRefused(
                f"privacy: {why}; the policy keeps such requests on self-hosted deployments and none "
                "can serve this request (refusing rather than sending it to a cloud API)",
                code="privacy_no_local_deployment",
            )
        excluded = [c for c in candidates if c not in self._self_hosted]
        note = f" (excluded {', '.join(excluded)})" if excluded else ""
        return local, (*reasons, f"privacy: {why} -> local only{note}")
