"""Anthropic-compatible endpoints: /v1/messages, translated to and from any backend, and
/v1/messages/count_tokens."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING

import msgspec

from ..errors import AuthenticationFailed, HybridgateError
from ..pipeline.gateway import SCAN_ON_LOOP_CHARS, ChatExecution, Protocol
from ..protocol import anthropic, openai
from ..protocol.canonical import ChatRequest, ChatResponse, Usage
from .chat import bearer_token, handle_chat
from .errors import error_response
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


def messages(request: Request, state: State) -> Awaitable[Response | StreamResponse]:
    return handle_chat(request, state.gateway, AnthropicCodec())  # its coroutine: one frame less


async def count_tokens(request: Request, state: State) -> Response:
    """`/v1/messages/count_tokens`: counted here (o200k, with the chat template's overhead),
    so nothing leaves the gateway. Anthropic's tokenizer counts somewhat differently: this is
    an estimate in the same units the gateway budgets with."""
    gateway = state.gateway
    try:
        await gateway.admission.authenticate(bearer_token(request))
        data = openai.decode_json_object(await request.body())
        data.setdefault("max_tokens", 1)  # what /v1/messages requires and counting does not
        data.pop("stream", None)
        chat = anthropic.parse_messages_request(msgspec.json.encode(data))
        if len(chat.prompt_text()) > SCAN_ON_LOOP_CHARS:
            tokens = await asyncio.to_thread(gateway.tokens.prompt_tokens, chat)
        else:
            tokens = gateway.tokens.prompt_tokens(chat)
    except HybridgateError as exc:
        if isinstance(exc, AuthenticationFailed):
            gateway.unauthenticated()
        return error_response("anthropic", exc)
    return Response(msgspec.json.encode({"input_tokens": tokens}))
