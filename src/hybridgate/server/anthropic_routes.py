"""Anthropic-compatible endpoint: /v1/messages, translated to and from any backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import HybridgateError
from ..pipeline.gateway import ChatExecution, Protocol
from ..protocol import anthropic
from ..protocol.canonical import ChatRequest, ChatResponse, Usage
from .chat import handle_chat
from .messages import Request, Response, StreamResponse

if TYPE_CHECKING:
    from .app import State


class _EventStream:
    def __init__(self, renderer: anthropic.EventRenderer) -> None:
        self.start = renderer.start
        self.event = renderer.event
        self.end = renderer.end
        self._renderer = renderer

    def failure(self, exc: HybridgateError) -> bytes:
        return self._renderer.error(anthropic.error_type_for(exc.status), exc.message)


class AnthropicCodec:
    protocol: Protocol = "anthropic"

    def parse(self, body: bytes, caller: str) -> ChatRequest:
        return anthropic.parse_messages_request(body)

    def render(self, response: ChatResponse, execution: ChatExecution, usage: Usage) -> bytes:
        return anthropic.render_message(
            response,
            response_id=anthropic.message_id(execution.context.request_id),
            model=execution.model,
            usage=usage,
        )

    def stream_renderer(self, execution: ChatExecution, input_estimate: int) -> _EventStream:
        return _EventStream(
            anthropic.EventRenderer(
                response_id=anthropic.message_id(execution.context.request_id),
                model=execution.model,
                input_tokens=input_estimate,
            )
        )


async def messages(request: Request, state: State) -> Response | StreamResponse:
    return await handle_chat(request, state.gateway, AnthropicCodec())
