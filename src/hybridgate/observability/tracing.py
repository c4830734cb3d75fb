"""OpenTelemetry traces following the GenAI semantic conventions (`gen_ai.*` attributes).

One trace a request: the request span (`chat {model}`, or `embeddings {model}`), and under
it the routing decision (`hybridgate.route`), each upstream attempt (`chat {upstream model}`,
kind CLIENT, `gen_ai.system` the provider's) and the ledger write (`hybridgate.ledger`). A
caller's W3C `traceparent` is the request span's parent; each attempt's own traceparent is
sent to the upstream (`TRACEPARENT`, read by the upstream client), so a vLLM or a collector
behind it continues the same trace.

Off unless `tracing.enabled`: then nothing is imported from OpenTelemetry, `Gateway.tracing`
is None and every hook is one attribute test. On, it needs the `otel` extra
(`pip install 'hybridgate[otel]'`); spans are exported over OTLP/HTTP to
`tracing.otlp_endpoint`, or where the OTEL_EXPORTER_OTLP_* variables say. Span attributes
hold names, numbers and ids, never prompt or answer text.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config.observability import TracingSettings

if TYPE_CHECKING:
    from ..accounting.ledger import LedgerRow
    from ..config.schema import Deployment, Settings
    from ..routing.decision import RouteDecision

#: The traceparent of the upstream attempt in progress (the upstream client sends it).
TRACEPARENT: ContextVar[str | None] = ContextVar("hybridgate_traceparent", default=None)
#: (Tracing, the request span's context) of the request being served, for failover's attempts.
CURRENT: ContextVar[tuple[Tracing, Any] | None] = ContextVar("hybridgate_trace", default=None)

INSTALL_HINT = "tracing.enabled needs OpenTelemetry: pip install 'hybridgate[otel]'"


def make_processor(settings: TracingSettings) -> Any:
    """Spans batched to the OTLP/HTTP exporter (tests put an in-memory exporter here)."""
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:
        raise RuntimeError(INSTALL_HINT) from exc

    if settings.otlp_endpoint:
        endpoint = settings.otlp_endpoint.rstrip("/") + "/v1/traces"
        return BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint))
    return BatchSpanProcessor(OTLPSpanExporter())


@dataclass(frozen=True)
class _Upstream:
    system: str
    model: str


class Tracing:
    """Starts and ends the spans of each request; built by `build_tracing`."""

    def __init__(
        self, settings: TracingSettings, deployments: Mapping[str, Deployment], processor: Any
    ) -> None:
        try:
            from opentelemetry import trace
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
            from opentelemetry.trace.propagation.tracecontext import (
                TraceContextTextMapPropagator,
            )
        except ImportError as exc:
            raise RuntimeError(INSTALL_HINT) from exc
        self._trace = trace
        self._propagator = TraceContextTextMapPropagator()
        resource = Resource.create({"service.name": settings.service_name})
        sampler = ParentBased(TraceIdRatioBased(settings.sample_ratio))
        self.provider = TracerProvider(resource=resource, sampler=sampler)
        self.provider.add_span_processor(processor)
        self.tracer = self.provider.get_tracer("hybridgate")
        self._upstreams = {
            name: _Upstream(d.provider_class.telemetry_system or d.provider, d.model)
            for name, d in deployments.items()
        }

    def shutdown(self) -> None:
        self.provider.shutdown()

    # The request span ------------------------------------------------------------------

    def start_request(
        self,
        operation: str,
        model: str,
        request_id: str,
        traceparent: str | None,
        attributes: Mapping[str, Any],
    ) -> Any:
        """The request span, child of the caller's trace when it sent one; made current for
        this task's attempts (`CURRENT`)."""
        parent = None
        if traceparent:
            parent = self._propagator.extract({"traceparent": traceparent})
        span = self.tracer.start_span(
            f"{operation} {model}",
            context=parent,
            kind=self._trace.SpanKind.SERVER,
            attributes={
                "gen_ai.operation.name": operation,
                "gen_ai.request.model": model,
                "hybridgate.request_id": request_id,
                **{k: v for k, v in attributes.items() if v is not None},
            },
        )
        CURRENT.set((self, self._trace.set_span_in_context(span)))
        return span

    def decision(self, span: Any, started_ns: int, decision: RouteDecision) -> None:
        """The routing decision as a child span from `started_ns` until now."""
        attributes = {
            "hybridgate.tier": decision.tier,
            "hybridgate.target": decision.target,
            "hybridgate.candidates": list(decision.candidates()),
            "hybridgate.route": decision.explain()[:1000],
            "hybridgate.privacy_action": decision.privacy_action,
            "hybridgate.spilled": decision.spilled,
        }
        child = self.tracer.start_span(
            "hybridgate.route",
            context=self._trace.set_span_in_context(span),
            start_time=started_ns,
            attributes={k: v for k, v in attributes.items() if v is not None},
        )
        child.end()

    @contextlib.contextmanager
    def ledger(self, span: Any) -> Iterator[None]:
        """A span around handing the row to the ledger writer."""
        child = self.tracer.start_span(
            "hybridgate.ledger", context=self._trace.set_span_in_context(span)
        )
        try:
            yield
        finally:
            child.end()

    def end_request(self, span: Any, row: LedgerRow, cache: str | None, settings: Settings) -> None:
        model = None
        if row.deployment is not None:
            with contextlib.suppress(KeyError):
                model = settings.deployment(row.deployment).model
        attributes = {
            "gen_ai.response.model": model,
            "gen_ai.usage.input_tokens": row.input_tokens,
            "gen_ai.usage.output_tokens": row.output_tokens,
            "hybridgate.tier": row.tier,
            "hybridgate.deployment": row.deployment,
            "hybridgate.cost_usd": float(row.cost_usd),
            "hybridgate.key_id": row.key_id,
            "hybridgate.cache": cache,
            "http.response.status_code": row.http_status,
        }
        span.set_attributes({k: v for k, v in attributes.items() if v is not None})
        if row.error is not None:
            span.set_attribute("error.type", row.error)
            span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, row.error))
        span.end()

    # Upstream attempts -----------------------------------------------------------------

    @contextlib.contextmanager
    def _attempt(self, parent: Any, deployment: str) -> Iterator[None]:
        upstream = self._upstreams.get(deployment, _Upstream("unknown", deployment))
        span = self.tracer.start_span(
            f"chat {upstream.model}",
            context=parent,
            kind=self._trace.SpanKind.CLIENT,
            attributes={
                "gen_ai.operation.name": "chat",
                "gen_ai.system": upstream.system,
                "gen_ai.provider.name": upstream.system,
                "gen_ai.request.model": upstream.model,
                "hybridgate.deployment": deployment,
            },
        )
        carrier: dict[str, str] = {}
        self._propagator.inject(carrier, context=self._trace.set_span_in_context(span))
        token = TRACEPARENT.set(carrier.get("traceparent"))
        try:
            yield
        except BaseException as exc:
            code = getattr(exc, "code", None) or type(exc).__name__
            span.set_attribute("error.type", str(code))
            span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, str(code)))
            raise
        finally:
            TRACEPARENT.reset(token)
            span.end()


def attempt_span(deployment: str) -> contextlib.AbstractContextManager[None]:
    """A span around one upstream attempt of the request being traced (else nothing)."""
    current = CURRENT.get()
    if current is None:
        return contextlib.nullcontext()
    tracing, parent = current
    return tracing._attempt(parent, deployment)


def now_ns() -> int:
    return time.time_ns()


def build_tracing(
    settings: TracingSettings, deployments: Mapping[str, Deployment]
) -> Tracing | None:
    if not settings.enabled:
        return None
    return Tracing(settings, deployments, make_processor(settings))
