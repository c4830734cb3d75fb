"""One adapter for every OpenAI-compatible upstream: OpenAI, Mistral, vLLM, Ollama, llama.cpp
server, TGI. They differ only in base URL, key and model name, which the deployment carries.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import msgspec

from ..config.schema import Deployment
from ..errors import UpstreamProtocolError
from ..protocol import openai_upstream as wire
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    StreamEvent,
    Usage,
)
from ..protocol.sse import SSEEvent
from .base import Capabilities, Declared, ProviderDefaults, flattened
from .http import UpstreamClient

_encoder = msgspec.json.Encoder()


class _EmbeddingItem(msgspec.Struct):
    embedding: list[float]
    index: int = 0


class _EmbeddingAnswer(msgspec.Struct):
    data: list[_EmbeddingItem]
    usage: wire.WireUsage | None = None


class OpenAICompatProvider(Declared):
    """The OpenAI wire format; `provider: openai`, and the base of `mistral` and
    `openai_compatible` (vLLM, Ollama, llama.cpp server, TGI), which differ only in defaults."""

    capabilities = Capabilities(
        chat=True, embeddings=True, tools=True, images=True, openai_extras=True
    )
    defaults = ProviderDefaults(base_url="https://api.openai.com/v1")

    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        self.name = deployment.name
        self._deployment = deployment
        self._client = client
        self._url = deployment.url
        self._chat_url = f"{deployment.url}/chat/completions"
        self._headers = dict(deployment.headers)
        self._forward = wire.FORWARDED_FIELDS | frozenset(deployment.forward_fields)
        if deployment.api_key is not None:
            self._headers["authorization"] = f"Bearer {deployment.api_key.get_secret_value()}"

    async def chat(self, request: ChatRequest) -> ChatResponse:
        body = _encoder.encode(
            wire.upstream_chat_body(
                request, self._deployment.model, stream=False, forward=self._forward
            )
        )
        async with self._client.post(
            self._chat_url,
            provider=self.name,
            body=body,
            headers=self._headers,
            timeouts=self._deployment.timeouts,
        ) as response:
            return wire.decode_answer(await response.read())

    def chat_stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        return flattened(self.chat_stream_batches(request))

    async def chat_stream_batches(
        self, request: ChatRequest
    ) -> AsyncGenerator[list[StreamEvent], None]:
        """The answer's events, one list per network read (see `base.stream_batches`)."""
        body = _encoder.encode(
            wire.upstream_chat_body(
                request, self._deployment.model, stream=True, forward=self._forward
            )
        )
        async with self._client.post(
            self._chat_url,
            provider=self.name,
            body=body,
            headers=self._headers,
            timeouts=self._deployment.timeouts,
        ) as response:
            finished = False

            def translate(event: SSEEvent) -> list[StreamEvent]:
                nonlocal finished
                if event.data == "[DONE]":
                    finished = True
                    return []
                chunk = wire.decode_chunk(event.data)
                if chunk.error is not None:
                    raise UpstreamProtocolError(
                        f"{self.name} failed mid-stream: {chunk.error.get('message')}",
                        provider=self.name,
                    )
                return wire.chunk_events(chunk)

            def read_whole(payloads: bytes, frames: int, done: bool) -> list[StreamEvent] | None:
                nonlocal finished
                events = wire.read_events(payloads, frames)
                if events is not None and done:
                    finished = True
                return events

            async for batch in response.event_batches(
                translate, lambda: finished, read_whole=read_whole
            ):
                yield batch
            if not finished:
                raise UpstreamProtocolError(
                    f"{self.name} ended the stream before [DONE]", provider=self.name
                )

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        payload: dict[str, object] = {
            "model": self._deployment.model,
            "input": list(request.inputs),
        }
        if request.dimensions is not None:
            payload["dimensions"] = request.dimensions
        async with self._client.post(
            f"{self._url}/embeddings",
            provider=self.name,
            body=_encoder.encode(payload),
            headers=self._headers,
            timeouts=self._deployment.timeouts,
        ) as response:
            answer = msgspec.json.decode(await response.read(), type=_EmbeddingAnswer)
        ordered = sorted(answer.data, key=lambda item: item.index)
        tokens = answer.usage.prompt_tokens if answer.usage else 0
        return EmbedResponse(
            vectors=tuple(tuple(item.embedding) for item in ordered), usage=Usage(tokens, 0)
        )


class MistralProvider(OpenAICompatProvider):
    """Mistral's API speaks the OpenAI wire format."""

    defaults = ProviderDefaults(base_url="https://api.mistral.ai/v1")
    telemetry_system = "mistral_ai"


class OpenAICompatibleServer(OpenAICompatProvider):
    """A self-hosted OpenAI-compatible server (vLLM, Ollama, llama.cpp server, TGI): every
    deployment names its `base_url`."""

    defaults = ProviderDefaults(location="self_hosted")
