"""Executing a decision reliably: retries, circuit breakers, health checks, load balancing.

    Failover.open_stream(candidates, request)   (Failover.answer: a non-streaming answer, whole)
      ├── Balancer      orders equal deployments (same `model`) by outstanding requests, latency
      ├── CircuitBreaker per deployment: open ones are skipped, half-open ones get one probe
      ├── RetryPolicy   backoff with full jitter, honours a capped `retry-after`
      └── primes the first event, so a failure before it falls back without the caller noticing
    HealthChecker       background GETs of self-hosted `/models`; results feed the breakers

The decision's candidates are the compliant set (privacy, residency, capabilities): nothing
here ever adds a deployment, it only orders, skips and retries them.
"""

from __future__ import annotations

from .balancer import Balancer
from .breaker import CircuitBreaker
from .failover import Failover, Opened
from .health import HealthChecker
from .retry import RetryPolicy

__all__ = ["Balancer", "CircuitBreaker", "Failover", "HealthChecker", "Opened", "RetryPolicy"]
