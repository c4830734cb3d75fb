"""The provider interface: what every backend implements, and what it can do, as data.

A provider owns its wire format and its upstream; the pipeline only speaks canonical types.
`chat_stream` is the one required chat method; `chat` exists so a provider can use its
upstream's non-streaming endpoint, and answers as the same canonical `ChatResponse`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Protocol

import msgspec

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


class Capabilities(msgspec.Struct, frozen=True):
    chat: bool = True
    embeddings: bool = False
    tools: bool = False
    images: bool = False
    #: Accepts OpenAI-only request fields verbatim (`ChatRequest.openai_extras`).
    openai_extras: bool = False


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


class ProviderFactory(Protocol):
    def __call__(self, deployment: Deployment, client: UpstreamClient) -> Provider: ...
