"""The in-process embeddings provider: all-MiniLM-L6-v2 on the gateway's own CPU, no upstream.

Embeddings-only: chat requests are refused as an unsupported `model`. Inference runs in a
worker thread so the event loop keeps serving other requests while a batch is encoded.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ..errors import InvalidRequest, UnsupportedParameter
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    StreamEvent,
    Usage,
)
from .base import Capabilities
from .embedder import DIMENSIONS, Embedder

if TYPE_CHECKING:
    from ..config.schema import Deployment
    from .http import UpstreamClient


class LocalEmbedProvider:
    def __init__(
        self,
        deployment: Deployment,
        client: UpstreamClient | None = None,
        *,
        embedder: Embedder | None = None,
    ) -> None:
        # `client` is unused (nothing goes upstream); it is accepted to fit ProviderFactory.
        self.name = deployment.name
        self.capabilities = Capabilities(chat=False, embeddings=True)
        self._embedder = embedder or Embedder()

    @property
    def embedder(self) -> Embedder:
        """The loaded-on-demand model, for in-process users such as the task classifier."""
        return self._embedder

    def ready(self) -> bool:
        return self._embedder.ready()

    def down_reason(self) -> str | None:
        return None

    async def aclose(self) -> None:
        return None

    async def warm(self) -> None:
        await asyncio.to_thread(self._embedder.load)

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        if not request.inputs:
            raise InvalidRequest("input must contain at least one string", param="input")
        if request.dimensions is not None and request.dimensions != DIMENSIONS:
            raise UnsupportedParameter(
                f"deployment {self.name!r} produces {DIMENSIONS}-dimensional vectors only; "
                f"dimensions={request.dimensions} is not supported",
                param="dimensions",
            )
        vectors, tokens = await asyncio.to_thread(self._embed_sync, request.inputs)
        return EmbedResponse(vectors=vectors, usage=Usage(input_tokens=tokens, output_tokens=0))

    def _embed_sync(self, texts: tuple[str, ...]) -> tuple[tuple[tuple[float, ...], ...], int]:
        token_ids = self._embedder.tokenize(texts)
        matrix = self._embedder.embed_tokens(token_ids)
        # Usage counts every token the caller sent, including any past the model's window.
        return tuple(tuple(row) for row in matrix.tolist()), sum(len(ids) for ids in token_ids)

    def _no_chat(self) -> UnsupportedParameter:
        return UnsupportedParameter(
            f"deployment {self.name!r} is an embeddings model and cannot answer chat requests",
            param="model",
        )

    async def chat(self, request: ChatRequest) -> ChatResponse:
        raise self._no_chat()

    async def chat_stream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        raise self._no_chat()
        yield  # unreachable; makes this an async generator, as the protocol's callers expect
