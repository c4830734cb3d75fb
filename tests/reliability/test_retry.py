"""Retry policy: full-jitter backoff bounds, retry-after honoured up to a cap, attempts per deployment."""

from __future__ import annotations

import random

import pytest

from hybridgate.balance import RetryPolicy
from hybridgate.config.schema import Retries
from hybridgate.errors import (
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)

SETTINGS = Retries(attempts=3, backoff_s=0.1, max_backoff_s=0.3, max_retry_after_s=2.0)


def unavailable() -> UpstreamUnavailable:
    return UpstreamUnavailable("503", provider="p", upstream_status=503)


@pytest.mark.parametrize(
    ("attempt", "ceiling"),
    [(1, 0.1), (2, 0.2), (3, 0.3), (6, 0.3)],  # doubles each attempt, then capped
)
def test_backoff_is_full_jitter_within_the_exponential_ceiling(
    attempt: int, ceiling: float
) -> None:
    rng = random.Random(7)
    policy = RetryPolicy(SETTINGS, random=rng.random)
    samples = [policy.backoff(attempt) for _ in range(2000)]
    assert all(0 <= s <= ceiling for s in samples)
    # Full jitter spreads over the whole range, not around the ceiling.
    assert min(samples) < ceiling * 0.05
    assert max(samples) > ceiling * 0.95


def test_pinned_jitter_gives_the_ceiling() -> None:
    policy = RetryPolicy(SETTINGS, random=lambda: 1.0)
    assert policy.delay(1, unavailable()) == pytest.approx(0.1)
    assert policy.delay(2, unavailable()) == pytest.approx(0.2)


def test_attempts_per_deployment_are_bounded() -> None:
    policy = RetryPolicy(SETTINGS, random=lambda: 0.5)
    assert policy.delay(1, unavailable()) is not None
    assert policy.delay(2, unavailable()) is not None
    assert policy.delay(3, unavailable()) is None  # third attempt was the last


def test_default_is_two_attempts() -> None:
    policy = RetryPolicy(Retries())
    assert policy.delay(1, UpstreamTimeout("t", provider="p")) is not None
    assert policy.delay(2, UpstreamTimeout("t", provider="p")) is None


def test_retry_after_is_honoured_instead_of_backoff() -> None:
    policy = RetryPolicy(SETTINGS, random=lambda: 0.0)
    limited = UpstreamRateLimited("429", provider="p", retry_after=1.5)
    assert policy.delay(1, limited) == 1.5


def test_retry_after_over_the_cap_moves_on_instead_of_sleeping() -> None:
    policy = RetryPolicy(SETTINGS, random=lambda: 0.0)
    assert policy.delay(1, UpstreamRateLimited("429", provider="p", retry_after=7)) is None


def test_non_retryable_errors_are_never_retried() -> None:
    policy = RetryPolicy(SETTINGS)
    rejected = UpstreamRejected("400", provider="p", upstream_status=400)
    assert policy.delay(1, rejected) is None
