"""The circuit breaker's state machine, driven by a fake clock."""

from __future__ import annotations

from hybridgate.balance import CircuitBreaker
from hybridgate.config.schema import Breaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


SETTINGS = Breaker(
    consecutive_failures=3, failure_rate=0.5, window_s=10, min_requests=6, cooldown_s=5
)


def breaker() -> tuple[CircuitBreaker, Clock]:
    clock = Clock()
    return CircuitBreaker(SETTINGS, clock=clock), clock


def test_opens_after_consecutive_failures() -> None:
    b, _ = breaker()
    b.record_failure()
    b.record_failure()
    assert b.state == "closed" and b.allow()
    b.record_failure()
    assert b.state == "open"
    assert not b.allow()


def test_a_success_resets_the_consecutive_count() -> None:
    b, _ = breaker()
    for _ in range(2):
        b.record_failure()
    b.record_success()
    b.record_failure()
    b.record_failure()
    assert b.state == "closed"


def test_opens_on_failure_rate_in_the_window() -> None:
    b, _ = breaker()
    for _ in range(3):  # alternate: never 3 in a row, but 50% of 6
        b.record_success()
        b.record_failure()
    assert b.state == "open"


def test_old_outcomes_leave_the_window() -> None:
    b, clock = breaker()
    for _ in range(2):
        b.record_success()
        b.record_failure()
    clock.now += 11  # those four are outside the window now
    b.record_success()
    b.record_failure()
    b.record_success()
    b.record_failure()
    assert b.state == "closed"


def test_cooldown_then_half_open_lets_exactly_one_probe() -> None:
    b, clock = breaker()
    for _ in range(3):
        b.record_failure()
    clock.now += 4.9
    assert not b.allow()
    assert b.retry_in() > 0
    clock.now += 0.2
    assert b.state == "half_open"
    assert b.allow()  # the probe
    assert not b.allow()  # everyone else waits for its verdict


def test_successful_probe_closes() -> None:
    b, clock = breaker()
    for _ in range(3):
        b.record_failure()
    clock.now += 5
    assert b.allow()
    b.record_success()
    assert b.state == "closed"
    assert b.allow() and b.allow()


def test_failed_probe_reopens_for_another_cooldown() -> None:
    b, clock = breaker()
    for _ in range(3):
        b.record_failure()
    clock.now += 5
    assert b.allow()
    b.record_failure()
    assert b.state == "open"
    clock.now += 4
    assert not b.allow()
    clock.now += 1
    assert b.allow()


def test_an_abandoned_probe_frees_the_slot() -> None:
    b, clock = breaker()
    for _ in range(3):
        b.record_failure()
    clock.now += 5
    assert b.allow()
    b.release()  # the caller went away before a verdict
    assert b.allow()


def test_a_passing_health_check_allows_a_probe_before_the_cooldown() -> None:
    b, _ = breaker()
    for _ in range(3):
        b.record_failure()
    b.probe_ok()
    assert b.state == "half_open"
    assert b.allow()
