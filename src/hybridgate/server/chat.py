"""One chat handler for every caller protocol; a codec supplies the protocol's wire format."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Protocol as TypingProtocol

from ..errors import AuthenticationFailed, HybridgateError
from ..pipeline.account import Account
from ..pipeline.gateway import ChatExecution, Gateway, Protocol, RequestContext
from ..protocol.canonical import ChatRequest, ChatResponse, StreamEvent, Usage
from ..routing.decision import RouteDecision
from .errors import error_response, internal_error
from .messages import Request, Response, StreamResponse

#: Every event stream's headers, before the route's own.
SSE_HEADERS = {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
}

log = logging.getLogger("hybridgate.server")


class StreamRenderer(TypingProtocol):
    def start(self) -> bytes: ...
    def event(self, event: StreamEvent) -> bytes: ...
    def end(self, usage: Usage) -> bytes: ...
    def failure(self, exc: HybridgateError) -> bytes: ...


class ChatCodec(TypingProtocol):
    protocol: Protocol

    def parse(self, body: bytes, caller: str) -> ChatRequest:
        """`caller`: who asks (see `RequestContext.caller`), for state kept per caller."""
        ...

    def render(self, response: ChatResponse, execution: ChatExecution, usage: Usage) -> bytes: ...
    def stream_renderer(self, execution: ChatExecution, input_estimate: int) -> StreamRenderer: ...


def bearer_token(request: Request) -> str | None:
    """The caller's key: `Authorization: Bearer` (OpenAI SDKs) or `x-api-key` (Anthropic SDKs)."""
    authorization = request.headers.get("authorization")
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return request.headers.get("x-api-key") or None


def route_header(context: RequestContext, decision: RouteDecision) -> str:
    """`x-hybridgate-route`: an alias first, so nobody takes `gpt-4o` for who answered."""
    header = decision.header()
    if context.alias is not None:
        header = f"alias:{context.alias.name}->{context.alias.target}; {header}"[:240]
        if not (header.isascii() and header.isprintable()):
            header = "".join(c if " " <= c <= "~" else "?" for c in header)
    return header


def route_headers(request_id: str, execution: ChatExecution, cost: Decimal) -> dict[str, str]:
    headers = {
        "x-request-id": request_id,
        "x-hybridgate-deployment": execution.deployment,
        "x-hybridgate-route": route_header(execution.context, execution.decision),
        "x-hybridgate-cost-usd": format(cost, "f"),
    }
    if execution.context.cache is not None:  # the response cache looked: `hit` or `miss`
        headers["x-hybridgate-cache"] = execution.context.cache
    return headers


def estimate_tokens(text: str) -> int:
    """A cheap upper-bound-ish guess (≈4 characters a token) for before the answer exists."""
    return max(1, len(text) // 4)


async def _sse(
    execution: ChatExecution, renderer: StreamRenderer, account: Account
) -> AsyncIterator[bytes]:
    failure: HybridgateError | None = None
    render = renderer.event
    try:
        # One write's worth a batch (an upstream read's events): the opening frame goes out
        # at once, with the first batch when that is in hand.
        start = renderer.start()
        if not execution.first_in_hand():
            yield start
            start = b""
        async for batch in execution.batches():
            frames = b"".join([render(event) for event in batch])
            if start:
                frames, start = start + frames, b""
            if frames:
                yield frames
        if start:
            yield start
    except HybridgateError as exc:
        failure = exc  # headers are long sent: it becomes a well-formed error event
    except BaseException:
        # The client went away at a yield above (closed or cancelled): this task may be
        # cancelled at its next await, so the answer is accounted in a task of its own.
        account.chat_detached(execution)
        raise
    await account.chat(execution)
    if failure is not None:
        yield renderer.failure(failure)
        return
    yield renderer.end(execution.usage or Usage(0, 0))


async def handle_chat(
    request: Request, gateway: Gateway, codec: ChatCodec
) -> Response | StreamResponse:
    """Answers one chat request. A client that hangs up cancels this (see http1), and with it
    the upstream call."""
    request_id = request.request_id
    # Positional, the rest set after: keywords to a class call cost a dict built and unpacked.
    context = RequestContext(request_id, codec.protocol)
    context.traceparent = request.headers.get("traceparent")
    chat: ChatRequest | None = None
    key = None
    try:
        key = await gateway.admission.authenticate(bearer_token(request))
        context.caller = f"key:{key.id}" if key else f"addr:{request.client}"
        raw = request.received()
        chat = codec.parse(raw if raw is not None else await request.body(), context.caller)
        execution = await gateway.start_chat(chat, context, key)
        if chat.stream:
            estimate = estimate_tokens(chat.prompt_text())
            cost = (
                Decimal(0)
                if execution.cached
                else gateway.prices.cost(execution.deployment, Usage(estimate, 0, estimated=True))
            )
            headers = SSE_HEADERS | route_headers(request_id, execution, cost)
            return StreamResponse(
                _sse(execution, codec.stream_renderer(execution, estimate), gateway.account),
                headers,
            )
        try:
            response = await execution.response()
        finally:
            await gateway.account.chat(execution)
        usage = execution.usage or Usage(0, 0)
        return Response(
            codec.render(response, execution, usage),
            200,
            route_headers(request_id, execution, execution.cost),  # headers
        )
    except HybridgateError as exc:
        if isinstance(exc, AuthenticationFailed):
            # Counted, not written row by row: anyone can send these, as fast as they like.
            gateway.unauthenticated()
        elif chat is None:  # rejected before the pipeline saw it; still on the ledger, its key's
            gateway.account.failure(context, "", exc, None, stream=False, key=key)
        return error_response(codec.protocol, exc)
    # The last line of defence: the caller gets a clean error body, the log gets the traceback.
    except Exception:
        log.exception("unhandled error serving request %s", request_id)
        return internal_error(codec.protocol)
