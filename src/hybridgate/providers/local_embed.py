"""The embedded embeddings model: all-MiniLM-L6-v2 (int8 ONNX), in a supervised worker process.

Like the embedded chat model (local_llama.py), it runs in model_worker.py and is called as an
OpenAI-compatible upstream, so the gateway process holds no model: ONNX Runtime and its ~200
MB stay in the worker, and a fault there fails only embedding requests. Embeddings only: chat
requests are refused as an unsupported `model`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from ..config.schema import Deployment
from ..engines.embedder import DIMENSIONS
from ..errors import InvalidRequest, UnsupportedParameter
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    StreamEvent,
)
from .base import Capabilities, ProviderDefaults
from .http import UpstreamClient
from .worker_process import WorkerBacked, WorkerUpstream


class LocalEmbedProvider(WorkerBacked):
    capabilities = Capabilities(chat=False, embeddings=True)
    defaults = ProviderDefaults(location="self_hosted", region="local")

    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        self.name = deployment.name
        self._upstream = WorkerUpstream(deployment, client, ["--embeddings"])

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        if not request.inputs:
            raise InvalidRequest("input must contain at least one string", param="input")
        if request.dimensions is not None and request.dimensions != DIMENSIONS:
            raise UnsupportedParameter(
                f"deployment {self.name!r} produces {DIMENSIONS}-dimensional vectors only; "
                f"dimensions={request.dimensions} is not supported",
                param="dimensions",
            )
        return await (await self._upstream.current()).embed(request)

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
