"""Settings for what operators watch: the log's format, the response cache and traces."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .strict import Strict as _Strict


class LogSettings(_Strict):
    #: `text`: human lines (fields appended as key=value); `json`: one JSON object a line;
    #: `logfmt`: key=value lines. Applies to every line `hybridgate serve` writes.
    format: Literal["text", "json", "logfmt"] = "text"
    #: One line per request (logger `hybridgate.access`): who, what, where, how long, how much.
    access_log: bool = True
    #: Failover steps, breaker transitions, health changes, spillovers and privacy actions
    #: (logger `hybridgate.events`).
    events: bool = True


class SemanticCache(_Strict):
    """Serve a stored answer to a prompt that means the same (local static embeddings)."""

    enabled: bool = False
    #: Cosine similarity at or above which two prompts count as the same question.
    threshold: float = Field(default=0.95, gt=0, le=1)


class CacheSettings(_Strict):
    """Answers kept in process memory, keyed per key, per privacy class and per route."""

    enabled: bool = False
    #: How long an answer may be served again.
    ttl_s: float = Field(default=300.0, gt=0)
    #: At most this many answers (least recently used goes first)...
    max_entries: int = Field(default=10_000, ge=1)
    #: ...and at most this many bytes of answer text.
    max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    #: Requests without `temperature: 0` may give another answer each time; they are cached
    #: only when this is set.
    nondeterministic: bool = False
    semantic: SemanticCache = SemanticCache()


class TracingSettings(_Strict):
    """OpenTelemetry spans (install the `otel` extra). Off: no tracer, no cost."""

    enabled: bool = False
    #: OTLP/HTTP endpoint, e.g. http://otel-collector:4318 (None: the SDK's environment
    #: variables, OTEL_EXPORTER_OTLP_ENDPOINT and friends, decide).
    otlp_endpoint: str | None = None
    service_name: str = "hybridgate"
    #: Share of requests traced when no caller sent a sampled trace context.
    sample_ratio: float = Field(default=1.0, ge=0, le=1)
