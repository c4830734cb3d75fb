"""The last look before bytes leave for a cloud deployment: every string of the exact upstream
body a provider is about to send (after its own translation) is scanned, and a body that
still carries sensitive data is not sent (fail closed, 403 `privacy_egress`).

Routing decides on the canonical request (scanner.py walks every field a provider renders);
this check does not depend on that list being complete. It runs for every request under a
privacy policy other than `allow`, for cloud deployments only, and it is cheap on the common
path: strings the scanner already found clean are recognised by digest, and so is a whole body
it already found clean (the same bytes carry the same strings: the same prompt sent again).

The pipeline sets the rule for the request being served as its egress check
(providers/egress.py); the provider code that builds bodies needs no knowledge of privacy.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from ...errors import PolicyRefused
from .scanner import PrivacyScanner, iter_json_strings, json_texts

#: Bodies larger than this are refused unscanned rather than scanned on the event loop.
MAX_SCANNED_BODY = 8 * 1024 * 1024


@dataclass(frozen=True)
class EgressRule:
    scanner: PrivacyScanner
    #: The policy in force for this request (never "allow": then there is no rule).
    action: str

    def __call__(self, deployment: str, body: bytes) -> None:
        try:
            self._check(deployment, body)
        except PolicyRefused:
            raise
        # A check that cannot finish must not let the body out (fail closed).
        except Exception as exc:
            raise PolicyRefused(
                f"privacy: the body for {deployment} could not be scanned; not sent",
                code="privacy_egress",
            ) from exc

    def _check(self, deployment: str, body: bytes) -> None:
        if len(body) > MAX_SCANNED_BODY:
            raise PolicyRefused(
                f"privacy: the body for {deployment} is too large to scan; not sent",
                code="privacy_egress",
            )
        digest = self.scanner.body_digest(body)
        if digest is None:
            return  # these very bytes were checked clean before
        try:
            value = msgspec.json.decode(body)
        except msgspec.DecodeError:  # not JSON: the raw text is what leaves
            value = body.decode("utf-8", "replace")
        for text in json_texts(value):
            findings = self.scanner.scan(text)
            if findings:
                where = next(w for w, t in iter_json_strings(value) if t == text)
                kinds = ", ".join(sorted({f.type for f in findings}))
                raise PolicyRefused(
                    f"privacy: {kinds} found in what would be sent to {deployment} "
                    f"(at {where}); under policy {self.action} it is not sent",
                    code="privacy_egress",
                )
        self.scanner.remember_clean_body(digest)
