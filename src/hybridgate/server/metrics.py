"""Prometheus metrics, fed by the gateway's ledger rows (`Gateway(observers=[metrics])`).

Each app owns its `CollectorRegistry` (never the process-global default), so two apps in one
process — tests, or an embedding program — never share counters. Counting is plain dictionary
arithmetic on the request path; prometheus_client builds the families only when scraped (a
custom collector), because its labelled children lock and look up on every increment. Counts are per process: each
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
    hybridgate_judgments_total{deployment,tier,verdict}         shadow judging (`quality:`)
    hybridgate_proof_cost_usd_total{deployment,tier}            its shadow and judge calls
    hybridgate_loss_rate{deployment,tier}                       losses / judged, this process
    hybridgate_loss_rate_alert{deployment,tier}                 1 above quality.max_loss_rate
    hybridgate_cache_requests_total{deployment,tier,result}     result: hit | miss (cache on)
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

from ..accounting.ledger import LedgerRow
from ..accounting.report_queries import BUDGET_CODES
from ..quality.records import Judgment

#: LLM calls run from well under a second (a classifier) to minutes (long reasoning answers).
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)
TTFT_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
#: The label value for rows without a deployment or tier (refused before routing).
NONE = "none"
ROUTE = ("deployment", "tier")

Route = tuple[str, str]


class _Histogram:
    __slots__ = ("bounds", "counts", "total")

    def __init__(self, bounds: Sequence[float]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)  # the last one is +Inf
        self.total = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect.bisect_left(self.bounds, value)] += 1
        self.total += value

    def buckets(self) -> list[tuple[str, float]]:
        out: list[tuple[str, float]] = []
        running = 0
        for bound, count in zip((*self.bounds, float("inf")), self.counts, strict=True):
            running += count
            out.append(("+Inf" if bound == float("inf") else str(bound), running))
        return out


class Metrics:
    """A ledger-row observer and the collector `/metrics` exposes what it counted through."""

    def __init__(self) -> None:
        self._requests: defaultdict[tuple[str, str, str], int] = defaultdict(int)
        self._tokens: defaultdict[tuple[str, str, str], int] = defaultdict(int)
        self._cost: defaultdict[Route, float] = defaultdict(float)
        self._baseline_cost: defaultdict[Route, float] = defaultdict(float)
        self._latency: dict[Route, _Histogram] = {}
        self._ttft: dict[Route, _Histogram] = {}
        self._spillovers: defaultdict[Route, int] = defaultdict(int)
        self._privacy: defaultdict[str, int] = defaultdict(int)
        # Present at 0, so rate() and alerts work before the first refusal.
        self._refusals: dict[str, int] = dict.fromkeys(BUDGET_CODES, 0)
        self._unauthenticated = 0
        self._judgments: defaultdict[tuple[str, str, str], int] = defaultdict(int)
        self._proof_cost: defaultdict[Route, float] = defaultdict(float)
        #: `quality.max_loss_rate`, set by the app when shadow judging is on.
        self.max_loss_rate: float | None = None
        self._cache: defaultdict[tuple[str, str, str], int] = defaultdict(int)
        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(self)

    def __call__(self, row: LedgerRow) -> None:
        deployment, tier = row.deployment or NONE, row.tier or NONE
        route = (deployment, tier)
        self._requests[(deployment, tier, row.status)] += 1
        if row.input_tokens:
            self._tokens[(deployment, tier, "input")] += row.input_tokens
        if row.output_tokens:
            self._tokens[(deployment, tier, "output")] += row.output_tokens
        # Prometheus values are floats; the exact Decimal totals live in the ledger.
        self._cost[route] += float(row.cost_usd)
        self._baseline_cost[route] += float(row.baseline_cost_usd)
        if row.status == "ok":
            latency = self._latency.get(route) or self._latency.setdefault(
                route, _Histogram(LATENCY_BUCKETS)
            )
            # `_Histogram.observe` inlined (every request)
            seconds = row.latency_ms / 1000
            latency.counts[bisect.bisect_left(latency.bounds, seconds)] += 1
            latency.total += seconds
            if row.ttft_ms is not None:
                ttft = self._ttft.get(route) or self._ttft.setdefault(
                    route, _Histogram(TTFT_BUCKETS)
                )
                seconds = row.ttft_ms / 1000
                ttft.counts[bisect.bisect_left(ttft.bounds, seconds)] += 1
                ttft.total += seconds
        if row.spilled:
            self._spillovers[route] += 1
        if row.privacy_action is not None:
            self._privacy[row.privacy_action] += 1
        if row.error in BUDGET_CODES:
            self._refusals[row.error] += 1

    def count_unauthenticated(self) -> None:
        self._unauthenticated += 1

    def count_judgment(self, judgment: Judgment) -> None:
        route = (judgment.deployment, judgment.tier or NONE)
        self._judgments[(*route, judgment.verdict)] += 1
        self._proof_cost[route] += float(judgment.proof_cost_usd)

    def _loss_rates(self) -> dict[Route, float]:
        judged: defaultdict[Route, list[int]] = defaultdict(lambda: [0, 0])
        for (deployment, tier, verdict), n in list(self._judgments.items()):
            judged[(deployment, tier)][0] += n if verdict == "loss" else 0
            judged[(deployment, tier)][1] += n
        return {route: losses / n for route, (losses, n) in judged.items() if n}

    def count_cache(self, row: LedgerRow, result: str) -> None:
        """A request the response cache looked at: `hit` or `miss`."""
        self._cache[(row.deployment or NONE, row.tier or NONE, result)] += 1

    def collect(self) -> Iterator[Metric]:
        """The families, built at scrape time (prometheus_client's custom-collector protocol)."""
        yield _counter(
            "hybridgate_requests",
            "Requests answered or refused, by deployment, tier and status.",
            [*ROUTE, "status"],
            self._requests,
        )
        yield _counter(
            "hybridgate_tokens",
            "Tokens processed, by deployment, tier and direction (input or output).",
            [*ROUTE, "direction"],
            self._tokens,
        )
        yield _counter(
            "hybridgate_cost_usd",
            "Spend in USD (per-token price, or amortized hardware while busy).",
            ROUTE,
            self._cost,
        )
        yield _counter(
            "hybridgate_baseline_cost_usd",
            "What the same usage would have cost on the baseline model, in USD.",
            ROUTE,
            self._baseline_cost,
        )
        yield _histogram(
            "hybridgate_request_latency_seconds",
            "Time from receiving a request to its last byte, for successful requests.",
            self._latency,
        )
        yield _histogram(
            "hybridgate_ttft_seconds",
            "Time from receiving a request to the upstream's first token, successful requests.",
            self._ttft,
        )
        yield _counter(
            "hybridgate_spillovers",
            "Requests that spilled from busy self-hosted capacity to another deployment.",
            ROUTE,
            self._spillovers,
        )
        yield _counter(
            "hybridgate_privacy_actions",
            "Privacy guard decisions on requests carrying sensitive data, by action.",
            ["action"],
            {(k,): v for k, v in self._privacy.items()},
        )
        yield _counter(
            "hybridgate_budget_refusals",
            "Requests refused by a key's budget or rate limit, by error code.",
            ["code"],
            {(k,): v for k, v in self._refusals.items()},
        )
        yield from self._quality_families()
        yield _counter(
            "hybridgate_unauthenticated_refusals",
            "Requests refused for a missing, unknown or revoked key (not written to the ledger).",
            [],
            {(): self._unauthenticated},
        )
        yield _counter(
            "hybridgate_cache_requests",
            "Requests the response cache looked at, by deployment, tier and result (hit, miss).",
            [*ROUTE, "result"],
            self._cache,
        )

    def _quality_families(self) -> Iterator[Metric]:
        if self.max_loss_rate is None:
            return
        yield _counter(
            "hybridgate_judgments",
            "Shadow-judged answers of cheaper deployments against the baseline, by verdict.",
            [*ROUTE, "verdict"],
            self._judgments,
        )
        yield _counter(
            "hybridgate_proof_cost_usd",
            "Spend on shadow and judge calls (the cost of proving quality), in USD.",
            ROUTE,
            self._proof_cost,
        )
        rates = self._loss_rates()
        loss = GaugeMetricFamily(
            "hybridgate_loss_rate", "Judged loss rate against the baseline.", labels=list(ROUTE)
        )
        alert = GaugeMetricFamily(
            "hybridgate_loss_rate_alert",
            "1 where the judged loss rate is above quality.max_loss_rate.",
            labels=list(ROUTE),
        )
        for route, rate in rates.items():
            loss.add_metric(list(route), rate)
            alert.add_metric(list(route), float(rate > self.max_loss_rate))
        yield loss
        yield alert

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _counter(
    name: str, doc: str, labels: Sequence[str], values: Mapping[Any, float]
) -> CounterMetricFamily:
    family = CounterMetricFamily(name, doc, labels=list(labels))
    for key, value in list(values.items()):
        family.add_metric(list(key), value)
    return family


def _histogram(name: str, doc: str, by_route: dict[Route, _Histogram]) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, doc, labels=list(ROUTE))
    for route, histogram in list(by_route.items()):
        family.add_metric(list(route), histogram.buckets(), sum_value=histogram.total)
    return family
