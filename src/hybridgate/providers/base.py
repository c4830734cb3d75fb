"""The provider interface: what every backend implements, and what it can do, as data.

A provider owns its wire format and its upstream; the pipeline only speaks canonical types.
`chat_stream` is the one required chat method; `chat` exists so a provider can use its
upstream's non-streaming endpoint, and answers as the same canonical `ChatResponse`. A
provider that reads its upstream a network read at a time may also offer
`chat_stream_batches`: the same events, one list per read, so the layers above pass a read's
events on in one step instead of one step per event (`stream_batches`).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import TYPE_CHECKING, Literal, Protocol

import msgspec
from pydantic import BaseModel

from ..config.strict import Strict
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    StreamEvent,
)

if TYPE_CHECKING:
    from ..config.schema import Deployment
    from .http import UpstreamClient


#: Prefix of a need for one OpenAI-only request field ("extra:response_format").
EXTRA = "extra:"


class Capabilities(msgspec.Struct, frozen=True):
    chat: bool = True
    embeddings: bool = False
    tools: bool = False
    images: bool = False
    #: OpenAI-only request fields (`ChatRequest.openai_extras`) accepted: all (True), none
    #: (False), or those named.
    openai_extras: bool | frozenset[str] = False

    def supports(self, need: str) -> bool:
        """A capability name, or EXTRA + the name of an OpenAI-only field."""
        if need.startswith(EXTRA):
            extras = self.openai_extras
            return extras if isinstance(extras, bool) else need[len(EXTRA) :] in extras
        return bool(getattr(self, need))


class ProviderDefaults(msgspec.Struct, frozen=True):
    """What a deployment of a provider is when its config does not say."""

    #: Where it calls; None: every deployment names its own `base_url` (a self-hosted server),
    #: unless the provider runs in a worker process (which has no URL to configure).
    base_url: str | None = None
    location: Literal["cloud", "self_hosted"] = "cloud"
    #: `unknown` passes only a `policy.residency` list that names `unknown`.
    region: str = "unknown"


class NoOptions(Strict):
    """The options of a provider that has none of its own (every key is then an error)."""


class Declared:
    """What a provider declares about itself, as data on its class, read before any instance
    exists: config validation checks each deployment against it. Built-ins and plugins alike
    inherit these defaults and override what differs."""

    #: Its own deployment options: a pydantic model (best a `config.strict.Strict`, so a
    #: misspelt key is an error) for the keys a deployment has beside the common ones
    #: (`model_path` for llama_cpp). The validated value is `Deployment.options`.
    options: type[BaseModel] = NoOptions
    defaults: ProviderDefaults = ProviderDefaults()
    capabilities: Capabilities = Capabilities()
    #: It runs its model in a supervised worker process: no upstream URL, health from the worker.
    runs_in_worker: bool = False
    #: Its `gen_ai.system` in traces (OpenTelemetry's GenAI conventions name some systems
    #: differently from our provider names); None: the name it is registered under.
    telemetry_system: str | None = None

    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        """Every provider is built from its deployment and the gateway's upstream client (the
        pool, timeouts, egress check and error mapping every upstream call goes through)."""
        raise NotImplementedError(f"{type(self).__name__} defines no __init__")

    # An HTTP upstream has nothing to load or close and is always ready: its health is what
    # the breaker learns from calls. Providers with a process or a model override these.
    def ready(self) -> bool:
        return True

    def down_reason(self) -> str | None:
        return None

    async def warm(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


class Provider(Protocol):
    name: str
    capabilities: Capabilities

    async def chat(self, request: ChatRequest) -> ChatResponse: ...

    def chat_stream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]: ...

    async def embed(self, request: EmbedRequest) -> EmbedResponse: ...

    async def aclose(self) -> None: ...

    async def warm(self) -> None:
        """Load what the first request would otherwise wait for (no-op for HTTP upstreams)."""
        ...

    def ready(self) -> bool:
        """Whether the provider can answer now without a cold start (model loaded, ...)."""
        ...

    def down_reason(self) -> str | None:
        """Why it cannot answer now nor soon (its worker process died), else None."""
        ...


def stream_batches(
    provider: Provider, request: ChatRequest
) -> AsyncGenerator[list[StreamEvent], None]:
    """A provider's answer a batch of events at a time: its `chat_stream_batches` where it
    has one (a network read's events each), else its `chat_stream`, one event a batch. No
    batch is empty."""
    batches = getattr(provider, "chat_stream_batches", None)
    if batches is not None:
        return batches(request)
    return _one_by_one(provider.chat_stream(request))


async def _one_by_one(
    events: AsyncIterator[StreamEvent],
) -> AsyncGenerator[list[StreamEvent], None]:
    try:
        async for event in events:
            yield [event]
    finally:  # closing this closes the provider's stream (its connection) at once
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()


async def flattened(
    batches: AsyncGenerator[list[StreamEvent], None],
) -> AsyncGenerator[StreamEvent, None]:
    """`chat_stream` of a provider whose `chat_stream_batches` is its own reading."""
    try:
        async for batch in batches:
            for event in batch:
                yield event
    finally:  # closing this closes the batches (and the upstream connection) at once
        await batches.aclose()


#: A provider class as the registry holds it: its declarations, and a constructor.
ProviderClass = type[Declared]
