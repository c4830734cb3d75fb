"""OpenAI-compatible endpoints: /v1/chat/completions, /v1/embeddings, /v1/models."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING

import msgspec

from ..errors import AuthenticationFailed, HybridgateError
from ..pipeline.gateway import ChatExecution, Protocol, RequestContext
from ..protocol import openai
from ..protocol.canonical import ChatRequest, ChatResponse, Usage
from .chat import bearer_token, handle_chat, route_header
from .errors import error_response, internal_error
from .messages import Request, Response, StreamResponse

if TYPE_CHECKING:
    from .app import State

log = logging.getLogger("hybridgate.server")


class _ChunkStream:
    def __init__(self, renderer: openai.ChunkRenderer) -> None:
        self.start = renderer.start
        self.event = renderer.event
        self.end = renderer.end
        self._renderer = renderer

    def failure(self, exc: HybridgateError) -> bytes:
        return self._renderer.error(
            openai.error_body(
                exc.message, error_type=exc.error_type, param=exc.param, code=exc.code
            )
        )


class OpenAICodec:
    protocol: Protocol = "openai"

    def __init__(self) -> None:
        self._include_usage = False

    def parse(self, body: bytes, caller: str) -> ChatRequest:
        request, self._include_usage = openai.parse_chat_request(body)
        return request

    def render(self, response: ChatResponse, execution: ChatExecution, usage: Usage) -> bytes:
        return openai.render_response(
            response,
            response_id=f"chatcmpl-{execution.context.request_id}",
            model=execution.model,
            usage=usage,
        )

    def stream_renderer(self, execution: ChatExecution, input_estimate: int) -> _ChunkStream:
        return _ChunkStream(
            openai.ChunkRenderer(
                response_id=f"chatcmpl-{execution.context.request_id}",
                model=execution.model,
                include_usage=self._include_usage,
            )
        )


def chat_completions(request: Request, state: State) -> Awaitable[Response | StreamResponse]:
    return handle_chat(request, state.gateway, OpenAICodec())  # its coroutine: one frame less


async def embeddings(request: Request, state: State) -> Response:
    gateway = state.gateway
    context = RequestContext(
        request_id=request.request_id,
        protocol="openai",
        traceparent=request.headers.get("traceparent"),
    )
    key = None
    parsed = False
    try:
        key = await gateway.admission.authenticate(bearer_token(request))
        context.caller = f"key:{key.id}" if key else f"addr:{request.client}"
        embed_request, encoding, arrays = openai.parse_embeddings_request(await request.body())
        if arrays is not None:  # token ids: decoded off the loop (the first use loads ranks)
            texts = await asyncio.to_thread(state.token_decoder.decode, arrays)
            embed_request = msgspec.structs.replace(embed_request, inputs=texts)
        parsed = True
        response, decision, deployment, cost = await gateway.embed(embed_request, context, key)
    except HybridgateError as exc:
        if isinstance(exc, AuthenticationFailed):
            gateway.unauthenticated()
        elif not parsed:  # refused before the pipeline saw it (the pipeline records its own)
            gateway.account.failure(context, "", exc, None, stream=False, key=key)
        return error_response("openai", exc)
    # The last line of defence: the caller gets a clean error body, the log gets the traceback.
    except Exception:
        log.exception("unhandled error serving request %s", request.request_id)
        return internal_error("openai")
    model = gateway.settings.deployment(deployment).model
    return Response(
        openai.render_embeddings(
            response.vectors, model=model, usage=response.usage, encoding=encoding
        ),
        headers={
            "x-hybridgate-deployment": deployment,
            "x-hybridgate-route": route_header(context, decision),
            "x-hybridgate-cost-usd": format(cost, "f"),
        },
    )
