"""OpenAI-compatible endpoints: /v1/chat/completions, /v1/embeddings, /v1/models."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response

from ..errors import HybridgateError
from ..pipeline.gateway import ChatExecution, Gateway, Protocol, RequestContext
from ..protocol import openai
from ..protocol.canonical import ChatRequest, ChatResponse, Usage
from .chat import bearer_token, handle_chat
from .errors import error_response, internal_error
from .transport import ClientDisconnected, read_body

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

    def parse(self, body: bytes) -> ChatRequest:
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


async def chat_completions(request: Request) -> Response:
    return await handle_chat(request, OpenAICodec())


async def embeddings(request: Request) -> Response:
    gateway: Gateway = request.app.state.gateway
    request_id: str = request.scope["hybridgate.request_id"]
    context = RequestContext(request_id=request_id, protocol="openai")
    try:
        key = await gateway.admission.authenticate(bearer_token(request))
        body = await read_body(request, gateway.settings.server)
        embed_request, encoding = openai.parse_embeddings_request(body)
        response, decision, cost = await gateway.embed(embed_request, context, key)
    except HybridgateError as exc:
        return error_response("openai", exc, {"x-request-id": request_id})
    except ClientDisconnected:
        return Response(status_code=499, headers={"x-request-id": request_id})
    # The last line of defence: the caller gets a clean error body, the log gets the traceback.
    except Exception:
        log.exception("unhandled error serving request %s", request_id)
        return internal_error("openai", {"x-request-id": request_id})
    model = gateway.settings.deployment(decision.target).model
    return Response(
        openai.render_embeddings(
            response.vectors, model=model, usage=response.usage, encoding=encoding
        ),
        media_type="application/json",
        headers={
            "x-request-id": request_id,
            "x-hybridgate-deployment": decision.target,
            "x-hybridgate-route": decision.header(),
            "x-hybridgate-cost-usd": format(cost, "f"),
        },
    )
