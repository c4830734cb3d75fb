"""Prometheus metrics, fed by the gateway's ledger rows (`Gateway(observers=[metrics])`).

Each app owns its `CollectorRegistry` (never the process-global default), so two apps in one
process — tests, or an embedding program — never share counters. Counts are per process: each
replica exposes its own, and Prometheus sums them. A cascade's escalation is its own ledger row,
so it counts as its own request here too.

    hybridgate_requests_total{deployment,tier,status}
    hybridgate_tokens_total{deployment,tier,direction}          direction: input | output
    hybridgate_cost_usd_total{deployment,tier}
    hybridgate_baseline_cost_usd_total{deployment,tier}         the same usage on the baseline
    hybridgate_request_latency_seconds{deployment,tier}         histogram, successful requests
    hybridgate_ttft_seconds{deployment,tier}                    histogram, successful requests
    hybridgate_spillovers_total{deployment,tier}                deployment: where it spilled to
    hybridgate_privacy_actions_total{action}
    hybridgate_budget_refusals_total{code}                      budget_exceeded | rate_limit_exceeded
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest

from ..accounting.ledger import LedgerRow
from ..accounting.report_queries import BUDGET_CODES

#: LLM calls run from well under a second (a classifier) to minutes (long reasoning answers).
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)
TTFT_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
#: The label value for rows without a deployment or tier (refused before routing).
NONE = "none"


@dataclass(slots=True, frozen=True)
class _RouteChildren:
    tokens_in: Any
    tokens_out: Any
    cost: Any
    baseline_cost: Any
    latency: Any
    ttft: Any


class Metrics:
    """A ledger-row observer and the `/metrics` endpoint that exposes what it counted."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        route = ["deployment", "tier"]
        self.requests = Counter(
            "hybridgate_requests",
            "Requests answered or refused, by deployment, tier and status.",
            [*route, "status"],
            registry=self.registry,
        )
        self.tokens = Counter(
            "hybridgate_tokens",
            "Tokens processed, by deployment, tier and direction (input or output).",
            [*route, "direction"],
            registry=self.registry,
        )
        self.cost = Counter(
            "hybridgate_cost_usd",
            "Spend in USD (per-token price, or amortized hardware while busy).",
            route,
            registry=self.registry,
        )
        self.baseline_cost = Counter(
            "hybridgate_baseline_cost_usd",
            "What the same usage would have cost on the baseline model, in USD.",
            route,
            registry=self.registry,
        )
        self.latency = Histogram(
            "hybridgate_request_latency_seconds",
            "Time from receiving a request to its last byte, for successful requests.",
            route,
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.ttft = Histogram(
            "hybridgate_ttft_seconds",
            "Time from receiving a request to the upstream's first token, successful requests.",
            route,
            buckets=TTFT_BUCKETS,
            registry=self.registry,
        )
        self.spillovers = Counter(
            "hybridgate_spillovers",
            "Requests that spilled from busy self-hosted capacity to another deployment.",
            route,
            registry=self.registry,
        )
        self.privacy = Counter(
            "hybridgate_privacy_actions",
            "Privacy guard decisions on requests carrying sensitive data, by action.",
            ["action"],
            registry=self.registry,
        )
        self.refusals = Counter(
            "hybridgate_budget_refusals",
            "Requests refused by a key's budget or rate limit, by error code.",
            ["code"],
            registry=self.registry,
        )
        for code in BUDGET_CODES:  # present at 0, so rate() and alerts work before the first
            self.refusals.labels(code=code)
        self._by_route: dict[tuple[str, str], _RouteChildren] = {}

    def _children(self, deployment: str, tier: str) -> _RouteChildren:
        # `labels()` hashes and locks on every call; a route's children are looked up once.
        key = (deployment, tier)
        children = self._by_route.get(key)
        if children is None:
            children = self._by_route[key] = _RouteChildren(
                tokens_in=self.tokens.labels(deployment, tier, "input"),
                tokens_out=self.tokens.labels(deployment, tier, "output"),
                cost=self.cost.labels(deployment, tier),
                baseline_cost=self.baseline_cost.labels(deployment, tier),
                latency=self.latency.labels(deployment, tier),
                ttft=self.ttft.labels(deployment, tier),
            )
        return children

    def __call__(self, row: LedgerRow) -> None:
        deployment, tier = row.deployment or NONE, row.tier or NONE
        route = self._children(deployment, tier)
        self.requests.labels(deployment, tier, row.status).inc()
        if row.input_tokens:
            route.tokens_in.inc(row.input_tokens)
        if row.output_tokens:
            route.tokens_out.inc(row.output_tokens)
        # Prometheus values are floats; the exact Decimal totals live in the ledger.
        route.cost.inc(float(row.cost_usd))
        route.baseline_cost.inc(float(row.baseline_cost_usd))
        if row.status == "ok":
            route.latency.observe(row.latency_ms / 1000)
            if row.ttft_ms is not None:
                route.ttft.observe(row.ttft_ms / 1000)
        if row.spilled:
            self.spillovers.labels(deployment, tier).inc()
        if row.privacy_action is not None:
            self.privacy.labels(row.privacy_action).inc()
        if row.error in BUDGET_CODES:
            self.refusals.labels(row.error).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
