"""OpenAI Responses API: `POST /v1/responses`, through the same chat pipeline as every protocol.

The request becomes a canonical chat request (protocol/responses.py), so the privacy guard,
routing, fallbacks, budgets and the ledger treat it exactly like `/v1/chat/completions`, and
every provider can answer it. `previous_response_id` continues a conversation from the
gateway's own store (response_store.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..errors import HybridgateError
from ..pipeline.gateway import ChatExecution, Protocol
from ..protocol import responses
from ..protocol.canonical import ChatRequest, ChatResponse, Usage
from ..protocol.responses_stream import EventRenderer
from .chat import bearer_token, handle_chat
from .errors import error_response
from .messages import Request, Response, StreamResponse
from .response_store import ResponseStore

if TYPE_CHECKING:
    from .app import State


def response_id(request_id: str) -> str:
    return f"resp_{request_id}"


class _Stream:
    def __init__(self, renderer: EventRenderer, on_end: ResponsesCodec) -> None:
        self._renderer = renderer
        self._codec = on_end
        self.start = renderer.start
        self.event = renderer.event

    def end(self, usage: Usage) -> bytes:
        out = self._renderer.end(usage)
        self._codec.remember(self._renderer.collected(), self._renderer.final_body())
        return out

    def failure(self, exc: HybridgateError) -> bytes:
        return self._renderer.error(exc.code, exc.message, exc.param, exc.error_type)


class ResponsesCodec:
    protocol: Protocol = "openai"

    def __init__(self, store: ResponseStore, request_id: str) -> None:
        self._store = store
        self._id = response_id(request_id)
        self._owner = ""
        self._parsed: responses.ResponsesRequest | None = None

    def parse(self, body: bytes, caller: str) -> ChatRequest:
        self._owner = caller
        self._parsed = responses.parse_request(
            body, lambda previous: self._store.history(previous, caller)
        )
        return self._parsed.chat

    def remember(self, answer: ChatResponse, body: bytes) -> None:
        parsed = self._parsed
        if parsed is not None and parsed.store:
            conversation = (*parsed.conversation, responses.assistant_message(answer))
            self._store.put(self._id, self._owner, conversation, body)

    def render(self, response: ChatResponse, execution: ChatExecution, usage: Usage) -> bytes:
        assert self._parsed is not None
        body = responses.render_response(
            response,
            response_id=self._id,
            model=execution.model,
            usage=usage,
            echo=self._parsed.echo,
        )
        self.remember(response, body)
        return body

    def stream_renderer(self, execution: ChatExecution, input_estimate: int) -> _Stream:
        assert self._parsed is not None
        renderer = EventRenderer(
            response_id=self._id, model=execution.model, echo=self._parsed.echo
        )
        return _Stream(renderer, self)


async def create(request: Request, state: State) -> Response | StreamResponse:
    codec = ResponsesCodec(state.responses, request.request_id)
    return await handle_chat(request, state.gateway, codec)


async def _stored(request: Request, state: State) -> tuple[str, str]:
    """(response id, caller) for `/v1/responses/{id}`; the caller authenticates as for chat."""
    key = await state.gateway.admission.authenticate(bearer_token(request))
    caller = f"key:{key.id}" if key else f"addr:{request.client}"
    return unquote(request.path.removeprefix("/v1").removeprefix("/responses/")), caller


async def retrieve(request: Request, state: State) -> Response:
    """`GET /v1/responses/{id}` (`client.responses.retrieve`): a stored answer, its creator's."""
    try:
        response_id, caller = await _stored(request, state)
        return Response(state.responses.body(response_id, caller))
    except HybridgateError as exc:
        return error_response("openai", exc)


async def delete(request: Request, state: State) -> Response:
    """`DELETE /v1/responses/{id}`: forget a stored answer (and the conversation it ends)."""
    try:
        response_id, caller = await _stored(request, state)
        state.responses.delete(response_id, caller)
    except HybridgateError as exc:
        return error_response("openai", exc)
    body = {"id": response_id, "object": "response.deleted", "deleted": True}
    return Response(responses.encode(body))
