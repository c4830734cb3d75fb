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


class ProviderFactory(Protocol):
    def __call__(self, deployment: Deployment, client: UpstreamClient) -> Provider: ...
