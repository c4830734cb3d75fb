"""`/v1/completions` (OpenAI's legacy text completions), answered through the chat pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import HybridgateError
from ..pipeline.gateway import ChatExecution, Protocol
from ..protocol import completions, openai
from ..protocol.canonical import ChatRequest, ChatResponse, Usage
from .chat import handle_chat
from .messages import Request, Response, StreamResponse

if TYPE_CHECKING:
    from .app import State


class _Stream:
    def __init__(self, renderer: completions.ChunkRenderer) -> None:
        self.start = renderer.start
        self.event = renderer.event
        self.end = renderer.end

    def failure(self, exc: HybridgateError) -> bytes:
        body = openai.error_body(
            exc.message, error_type=exc.error_type, param=exc.param, code=exc.code
        )
        return b"data: " + body + b"\n\n"


class CompletionsCodec:
    protocol: Protocol = "openai"

    def __init__(self) -> None:
        self._include_usage = False

    def parse(self, body: bytes, caller: str) -> ChatRequest:
        request, self._include_usage = completions.parse_request(body)
        return request

    def render(self, response: ChatResponse, execution: ChatExecution, usage: Usage) -> bytes:
        return completions.render_response(
            response,
            response_id=f"cmpl-{execution.context.request_id}",
            model=execution.model,
            usage=usage,
        )

    def stream_renderer(self, execution: ChatExecution, input_estimate: int) -> _Stream:
        return _Stream(
            completions.ChunkRenderer(
                response_id=f"cmpl-{execution.context.request_id}",
                model=execution.model,
                include_usage=self._include_usage,
            )
        )


async def create(request: Request, state: State) -> Response | StreamResponse:
    return await handle_chat(request, state.gateway, CompletionsCodec())
