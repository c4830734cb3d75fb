"""Traces as a collector receives them (the SDK's in-memory exporter in place of OTLP): one
trace per request with the GenAI attributes, the caller's trace continued, the upstream handed
the trace context, and nothing traced (nor imported) when tracing is off."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from hybridgate.observability import tracing
from tests import sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_PARENT = f"00-{CALLER_TRACE}-00f067aa0ba902b7-01"
PROMPT = "Outline the Pelargonium budget in two lines"


@pytest.fixture
def exported(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    monkeypatch.setattr(tracing, "make_processor", lambda settings: SimpleSpanProcessor(exporter))
    yield exporter


def _traced(config: dict[str, Any]) -> None:
    config["tracing"] = {"enabled": True}
    config["deployments"].append(
        {
            "name": "dead",
            "provider": "openai",
            "model": "gpt-4o",
            "base_url": "http://127.0.0.1:9/v1",
        }
    )
    config["tiers"]["flaky"] = ["dead", "gpt-4o"]
    config["reliability"] = {"retries": {"attempts": 1}}


def test_a_request_is_one_trace_with_genai_attributes(
    gateway_factory: GatewayFactory, exported: InMemorySpanExporter, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(_traced)
    client = sdk.openai_client(gateway.url)
    client.chat.completions.create(
        model="flaky",
        messages=[{"role": "user", "content": PROMPT}],
        max_tokens=7,
        extra_headers={"traceparent": CALLER_PARENT},
    )
    spans = {span.name: span for span in exported.get_finished_spans()}
    request = spans["chat flaky"]
    assert format(request.context.trace_id, "032x") == CALLER_TRACE  # the caller's trace
    assert request.attributes is not None
    assert request.attributes["gen_ai.operation.name"] == "chat"
    assert request.attributes["gen_ai.request.model"] == "flaky"
    assert request.attributes["gen_ai.request.max_tokens"] == 7
    assert request.attributes["gen_ai.response.model"] == "gpt-4o"
    assert request.attributes["gen_ai.usage.input_tokens"] == 11
    assert request.attributes["gen_ai.usage.output_tokens"] == 5
    assert request.attributes["hybridgate.deployment"] == "gpt-4o"

    attempts = [s for s in exported.get_finished_spans() if s.name == "chat gpt-4o"]
    assert len(attempts) == 2  # the dead deployment, then the fallback
    assert {s.attributes["hybridgate.deployment"] for s in attempts if s.attributes} == {
        "dead",
        "gpt-4o",
    }
    failed = next(
        s for s in attempts if s.attributes and s.attributes["hybridgate.deployment"] == "dead"
    )
    assert failed.attributes is not None and failed.attributes["error.type"]
    assert all(s.attributes and s.attributes["gen_ai.system"] == "openai" for s in attempts)
    for child in (*attempts, spans["hybridgate.route"], spans["hybridgate.ledger"]):
        assert child.parent is not None and child.parent.span_id == request.context.span_id
    assert spans["hybridgate.route"].attributes["hybridgate.tier"] == "flaky"  # type: ignore[index]

    # The upstream that answered was handed the trace context of its attempt.
    answered = next(s for s in attempts if s is not failed)
    sent = openai_upstream.app[fake_openai.HEADERS][-1]
    assert sent["traceparent"] == (
        f"00-{CALLER_TRACE}-{format(answered.context.span_id, '016x')}-01"
    )
    # No prompt text in any attribute.
    for span in exported.get_finished_spans():
        assert PROMPT not in str(dict(span.attributes or {}))


def test_a_failed_request_is_an_error_span(
    gateway_factory: GatewayFactory, exported: InMemorySpanExporter
) -> None:
    def down(config: dict[str, Any]) -> None:
        _traced(config)
        config["tiers"]["down"] = ["dead"]

    gateway = gateway_factory(down)
    with pytest.raises(openai.APIStatusError):
        sdk.openai_client(gateway.url).chat.completions.create(
            model="down", messages=[{"role": "user", "content": "hi"}], max_tokens=5
        )
    request = next(s for s in exported.get_finished_spans() if s.name == "chat down")
    assert request.status.is_ok is False
    assert request.attributes is not None and request.attributes["error.type"]


def test_tracing_off_imports_nothing_from_opentelemetry(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(lambda config: None)
    sdk.openai_client(gateway.url).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], max_tokens=5
    )
    assert "traceparent" not in openai_upstream.app[fake_openai.HEADERS][-1]
    code = (
        "import sys, hybridgate.server.app, hybridgate.cli.main; "
        "print(any(m.startswith('opentelemetry.sdk') for m in sys.modules))"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_each_attempt_names_its_providers_genai_system(
    gateway_factory: GatewayFactory, exported: InMemorySpanExporter, openai_upstream: FakeUpstream
) -> None:
    def edit(config: dict[str, Any]) -> None:
        _traced(config)
        # The conventions call Mistral's API `mistral_ai`: the provider declares it.
        config["deployments"][-1] |= {"provider": "mistral", "api_key": "unused"}

    gateway = gateway_factory(edit)
    sdk.openai_client(gateway.url).chat.completions.create(
        model="flaky", messages=[{"role": "user", "content": PROMPT}], max_tokens=7
    )
    systems = {
        s.attributes["hybridgate.deployment"]: s.attributes["gen_ai.system"]
        for s in exported.get_finished_spans()
        if s.name == "chat gpt-4o" and s.attributes
    }
    assert systems == {"dead": "mistral_ai", "gpt-4o": "openai"}
