"""`/metrics`: requests through the official openai SDK, then the Prometheus exposition shows
them, parsed with prometheus_client's own parser."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import openai
import pytest
from msgspec.structs import replace
from prometheus_client.parser import text_string_to_metric_families

from hybridgate.accounting.ledger import LedgerRow
from hybridgate.server.metrics import Metrics
from tests import rawhttp
from tests.conftest import Gateway
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def scrape(gateway: Gateway, ready: Callable[[Samples], bool], timeout: float = 10) -> Samples:
    """Polls `/metrics` until `ready`: a streamed answer's row is recorded as the stream ends,
    which may be just after the client has read it."""
    deadline = time.monotonic() + timeout
    while True:
        response = rawhttp.get(f"{gateway.url}/metrics")
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
        samples = parse(response.body.decode())
        if ready(samples) or time.monotonic() > deadline:
            return samples
        time.sleep(0.05)


def test_metrics_count_requests_tokens_cost_and_latency(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="a b c", prompt_tokens=20, completion_tokens=6)
    )
    with openai.OpenAI(base_url=f"{gateway.url}/v1", api_key="unused", max_retries=0) as client:
        for _ in range(2):
            client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "q"}]
            )
        stream = client.chat.completions.create(
            model="vllm-llama",
            messages=[{"role": "user", "content": "q"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == "a b c"
        with pytest.raises(openai.NotFoundError):
            client.chat.completions.create(
                model="no-such", messages=[{"role": "user", "content": "q"}]
            )

    def requests(samples: Samples) -> float:
        return sum(v for (name, _), v in samples.items() if name == "hybridgate_requests_total")

    samples = scrape(gateway, lambda s: requests(s) >= 4)
    gpt, llama = ("deployment", "gpt-4o"), ("deployment", "vllm-llama")
    by_deployment: dict[str, dict[str, str]] = {}
    for name, labels in samples:
        if name == "hybridgate_requests_total":
            by_deployment[dict(labels)["deployment"]] = dict(labels)
    tier = by_deployment["gpt-4o"]["tier"]
    llama_tier = by_deployment["vllm-llama"]["tier"]
    route = {"deployment": "gpt-4o", "tier": tier}
    assert value(samples, "hybridgate_requests_total", **route, status="ok") == 2
    assert by_deployment["none"] == {"deployment": "none", "tier": "none", "status": "error"}
    assert requests(samples) == 4
    assert value(samples, "hybridgate_tokens_total", **route, direction="input") == 40
    assert value(samples, "hybridgate_tokens_total", **route, direction="output") == 12
    # 2 × (20 × $2.50/M + 6 × $10/M) on the catalog; the baseline is gpt-4o itself.
    assert value(samples, "hybridgate_cost_usd_total", **route) == pytest.approx(0.00022)
    assert value(samples, "hybridgate_baseline_cost_usd_total", **route) == pytest.approx(0.00022)
    llama_route = {"deployment": "vllm-llama", "tier": llama_tier}
    assert value(samples, "hybridgate_baseline_cost_usd_total", **llama_route) > value(
        samples, "hybridgate_cost_usd_total", **llama_route
    )
    # Histograms: every answer in _count and the +Inf bucket; buckets are cumulative.
    assert value(samples, "hybridgate_request_latency_seconds_count", **route) == 2
    assert value(samples, "hybridgate_request_latency_seconds_bucket", **route, le="+Inf") == 2
    assert value(samples, "hybridgate_request_latency_seconds_sum", **route) > 0
    assert value(samples, "hybridgate_ttft_seconds_count", **llama_route) == 1
    buckets = sorted(
        (float(dict(labels)["le"]), v)
        for (name, labels), v in samples.items()
        if name == "hybridgate_request_latency_seconds_bucket" and gpt in labels
    )
    assert [v for _, v in buckets] == sorted(v for _, v in buckets)
    assert value(samples, "hybridgate_budget_refusals_total", code="budget_exceeded") == 0
    assert llama in {label for (_, labels) in samples for label in labels}


BASE = LedgerRow(
    ts=datetime(2026, 11, 1, tzinfo=UTC),
    request_id="r",
    protocol="openai",
    requested_model="auto",
    deployment="gpt-4o",
    tier="extraction",
    reasons="",
    stream=False,
    input_tokens=10,
    output_tokens=2,
    usage_estimated=False,
    latency_ms=1500.0,
    ttft_ms=None,
    status="ok",
    http_status=200,
    error=None,
    cost_usd=Decimal("0.001"),
)


def test_exposition_format_for_spillovers_privacy_and_refusals() -> None:
    metrics = Metrics()
    refused = replace(BASE, deployment=None, tier=None, status="error", latency_ms=1.0)
    metrics(replace(BASE, spilled=True))
    metrics(replace(BASE, deployment="vllm-llama", privacy_action="local_only"))
    metrics(replace(BASE, privacy_action="redacted"))
    metrics(replace(refused, error="budget_exceeded"))
    metrics(replace(refused, error="rate_limit_exceeded"))
    text = metrics.exposition().decode()
    for name, kind in (
        ("hybridgate_requests_total", "counter"),
        ("hybridgate_request_latency_seconds", "histogram"),
        ("hybridgate_ttft_seconds", "histogram"),
        ("hybridgate_spillovers_total", "counter"),
    ):
        assert f"# HELP {name}" in text and f"# TYPE {name} {kind}" in text
    samples = parse(text)
    route = {"deployment": "gpt-4o", "tier": "extraction"}
    assert value(samples, "hybridgate_spillovers_total", **route) == 1
    assert value(samples, "hybridgate_privacy_actions_total", action="local_only") == 1
    assert value(samples, "hybridgate_privacy_actions_total", action="redacted") == 1
    assert value(samples, "hybridgate_budget_refusals_total", code="budget_exceeded") == 1
    assert value(samples, "hybridgate_budget_refusals_total", code="rate_limit_exceeded") == 1
    # 1.5 s lands in le=2.5 and above, not in le=1.0; refused requests are not latencies.
    assert value(samples, "hybridgate_request_latency_seconds_bucket", **route, le="1.0") == 0
    assert value(samples, "hybridgate_request_latency_seconds_bucket", **route, le="2.5") == 2
    assert value(samples, "hybridgate_request_latency_seconds_count", **route) == 2
    # Each app has its own registry: a second instance starts from zero.
    assert value(parse(Metrics().exposition().decode()), "hybridgate_requests_total", **route) == 0
