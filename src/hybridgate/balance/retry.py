"""When to try the same deployment again, and how long to wait first."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ..config.schema import Retries
from ..errors import UpstreamError, UpstreamOutcomeUnknown, UpstreamRedirected


@dataclass(frozen=True)
class RetryPolicy:
    settings: Retries
    #: Uniform in [0, 1); injectable so tests can pin the jitter.
    random: Callable[[], float] = random.random

    def backoff(self, attempt: int) -> float:
        """Full jitter (AWS architecture blog): uniform over [0, base·2^(attempt-1)], capped."""
        ceiling = min(self.settings.max_backoff_s, self.settings.backoff_s * 2 ** (attempt - 1))
        return self.random() * ceiling

    def delay(self, attempt: int, error: UpstreamError) -> float | None:
        """Seconds to wait before attempt `attempt + 1` on the same deployment; None: move on.

        An upstream's `retry-after` beats our backoff, but a long one is not worth holding the
        caller for when another deployment may answer now.
        """
        if not error.retryable or attempt >= self.settings.attempts:
            return None
        if isinstance(error, UpstreamRedirected):
            return None  # the same URL redirects again: configuration, not chance
        if isinstance(error, UpstreamOutcomeUnknown):
            return None  # it may have been processed: sending it again could bill twice
        if error.retry_after is not None:
            if error.retry_after > self.settings.max_retry_after_s:
                return None
            return error.retry_after
        return self.backoff(attempt)
