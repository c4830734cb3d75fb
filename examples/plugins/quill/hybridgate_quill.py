"""Quill, a (fictional) in-house model server: `POST {base_url}/generate` with
`{"model", "prompt", "max_tokens"}` answers `{"text", "prompt_tokens", "completion_tokens"}`.
Quill serves requests from numbered lanes; `lane` is this provider's own config option."""

from collections.abc import AsyncIterator

import msgspec
from pydantic import Field

from hybridgate.config.schema import Deployment
from hybridgate.config.strict import Strict
from hybridgate.errors import UnsupportedParameter
from hybridgate.protocol import canonical as c
from hybridgate.providers.base import Capabilities, Declared, ProviderDefaults
from hybridgate.providers.http import UpstreamClient


class QuillOptions(Strict):
    lane: int = Field(default=0, ge=0, le=7)  # checked when the config loads


class _Answer(msgspec.Struct):
    text: str
    prompt_tokens: int
    completion_tokens: int


class QuillProvider(Declared):
    options = QuillOptions
    defaults = ProviderDefaults(base_url="http://127.0.0.1:7070", location="self_hosted")
    capabilities = Capabilities(chat=True)

    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        self.name, self._deployment, self._client = deployment.name, deployment, client
        assert isinstance(deployment.options, QuillOptions)
        self._headers = {"x-quill-lane": str(deployment.options.lane)}

    async def chat(self, request: c.ChatRequest) -> c.ChatResponse:
        prompt = "\n".join(f"{m.role}: {m.text()}" for m in request.messages)
        body = {"model": self._deployment.model, "prompt": prompt}
        async with self._client.post(  # errors, timeouts and retries as for any upstream
            f"{self._deployment.url}/generate",
            provider=self.name,
            body=msgspec.json.encode({**body, "max_tokens": request.max_tokens or 256}),
            headers=self._headers,
            timeouts=self._deployment.timeouts,
        ) as answer:
            got = msgspec.json.decode(await answer.read(), type=_Answer)
        usage = c.Usage(got.prompt_tokens, got.completion_tokens)
        return c.ChatResponse(text=got.text, tool_calls=(), finish_reason="stop", usage=usage)

    async def chat_stream(self, request: c.ChatRequest) -> AsyncIterator[c.StreamEvent]:
        async for event in c.replay(await self.chat(request)):  # Quill does not stream
            yield event

    async def embed(self, request: c.EmbedRequest) -> c.EmbedResponse:
        raise UnsupportedParameter(f"{self.name} has no embeddings", param="model")
