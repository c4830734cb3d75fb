"""A fake OpenAI Chat Completions / Embeddings API on loopback, speaking the real wire format.

Answers with a queue of scripted replies (the last one repeats), in JSON or as the real
`chat.completion.chunk` event stream ending in `data: [DONE]`:

    app = make_app(replies=[Answer(text="Hi")])
    app[REQUESTS]  # every JSON body received, in order
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import socket
import struct
from dataclasses import dataclass
from typing import Any

from aiohttp import web

API_KEY = "sk-test-key"


@dataclass(frozen=True)
class ToolCallSpec:
    name: str
    arguments: dict[str, Any]
    id: str = "call_fake_01"


@dataclass(frozen=True)
class Answer:
    text: str = "Hello from the fake GPT."
    tool_calls: tuple[ToolCallSpec, ...] = ()
    finish_reason: str | None = None
    prompt_tokens: int = 11
    completion_tokens: int = 5
    #: Streaming: send usage only when the caller asked for it (as OpenAI does).
    #: False makes the fake never report usage (some OpenAI-compatible servers don't).
    reports_usage: bool = True
    #: Pause before answering at all (both modes): a slow upstream.
    delay_s: float = 0.0
    #: Streaming: pause between chunks.
    chunk_delay_s: float = 0.0
    #: Streaming: send the headers at once, then pause before the first event.
    first_event_delay_s: float = 0.0
    #: Streaming: stop after this many content chunks without [DONE].
    truncate_after: int | None = None
    #: Answer 200 with a body that is not JSON (streaming: an event whose data is not JSON).
    malformed: bool = False
    #: Reset the TCP connection (RST) after this many content chunks (non-streaming: halfway
    #: through the body).
    reset_after: int | None = None


@dataclass(frozen=True)
class Failure:
    status: int
    message: str = "the fake failed on purpose"
    error_type: str = "server_error"
    retry_after: str | None = None


Reply = Answer | Failure

REQUESTS = web.AppKey("requests", list[dict[str, Any]])
#: The headers of each chat request (lower-cased names; the API key left out).
HEADERS = web.AppKey("headers", list[dict[str, str]])
REPLIES = web.AppKey("replies", list[Reply])
CANCELLED = web.AppKey("cancelled", list[str])


def _error(
    status: int, message: str, error_type: str, retry_after: str | None = None
) -> web.Response:
    headers = {"retry-after": retry_after} if retry_after else None
    body = {"error": {"message": message, "type": error_type, "param": None, "code": None}}
    return web.json_response(body, status=status, headers=headers)


def _reset(request: web.Request) -> None:
    """Drop the connection with a TCP RST (SO_LINGER 0), as a crashing upstream would."""
    transport = request.transport
    assert transport is not None
    sock = transport.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _next_reply(app: web.Application) -> Reply:
    replies = app[REPLIES]
    return replies.pop(0) if len(replies) > 1 else replies[0]


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


async def _chat(request: web.Request) -> web.StreamResponse:
    if request.headers.get("authorization") != f"Bearer {API_KEY}":
        return _error(401, "Incorrect API key provided.", "invalid_request_error")
    body = await request.json()
    request.app[REQUESTS].append(body)
    request.app[HEADERS].append(
        {k.lower(): v for k, v in request.headers.items() if k.lower() != "authorization"}
    )
    if not body.get("messages"):
        return _error(400, "'messages' is required", "invalid_request_error")
    reply = _next_reply(request.app)
    if isinstance(reply, Failure):
        return _error(reply.status, reply.message, reply.error_type, reply.retry_after)
    if "{placeholder}" in reply.text:  # echo what a redacting gateway sent, as a model would
        sent = json.dumps(body["messages"])
        found = re.search(r"<[A-Z_]+_\d+_[0-9a-f]+>", sent)
        reply = dataclasses.replace(
            reply, text=reply.text.replace("{placeholder}", found.group() if found else "?")
        )
    model = body["model"]
    if reply.delay_s:
        try:
            await asyncio.sleep(reply.delay_s)
        except asyncio.CancelledError:
            request.app[CANCELLED].append(model)
            raise
    finish = reply.finish_reason or ("tool_calls" if reply.tool_calls else "stop")
    usage = {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": reply.prompt_tokens + reply.completion_tokens,
    }
    if reply.malformed and not body.get("stream"):
        return web.Response(body=b'{"id": "chatcmpl-fake", "choices": [{"index": 0, "mess')
    if not body.get("stream"):
        message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": json.dumps(c.arguments)},
                }
                for c in reply.tool_calls
            ]
        answer: dict[str, Any] = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1764000000,
            "model": model,
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            ],
        }
        if reply.reports_usage:
            answer["usage"] = usage
        if reply.reset_after is not None:
            encoded = json.dumps(answer).encode()
            half = web.StreamResponse(headers={"content-type": "application/json"})
            half.content_length = len(encoded)
            await half.prepare(request)
            await half.write(encoded[: len(encoded) // 2])
            _reset(request)
            return half
        return web.json_response(answer)

    response = web.StreamResponse(headers={"content-type": "text/event-stream"})
    await response.prepare(request)
    head = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 1764000000,
        "model": model,
    }

    async def send(choices: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> None:
        await response.write(
            f"data: {json.dumps({**head, 'choices': choices, **(extra or {})})}\n\n".encode()
        )

    try:
        if reply.first_event_delay_s:
            await asyncio.sleep(reply.first_event_delay_s)
        await send(
            [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]
        )
        if reply.malformed:
            await response.write(b"data: {not json\n\n")
        for n, piece in enumerate(_pieces(reply.text) if reply.text else []):
            if reply.truncate_after is not None and n >= reply.truncate_after:
                return response  # cut: no finish, no [DONE]
            if reply.reset_after is not None and n >= reply.reset_after:
                await asyncio.sleep(0.1)  # let the caller read what was sent: RST drops it
                _reset(request)
                return response
            if reply.chunk_delay_s:
                await asyncio.sleep(reply.chunk_delay_s)
            await send([{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
        for i, call in enumerate(reply.tool_calls):
            args = json.dumps(call.arguments)
            first = {
                "index": i,
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": ""},
            }
            await send([{"index": 0, "delta": {"tool_calls": [first]}, "finish_reason": None}])
            half = len(args) // 2
            for part in (args[:half], args[half:]):
                delta = {"tool_calls": [{"index": i, "function": {"arguments": part}}]}
                await send([{"index": 0, "delta": delta, "finish_reason": None}])
        await send([{"index": 0, "delta": {}, "finish_reason": finish}])
        if reply.reports_usage and (body.get("stream_options") or {}).get("include_usage"):
            await send([], {"usage": usage})
        await response.write(b"data: [DONE]\n\n")
    except (asyncio.CancelledError, ConnectionResetError):
        request.app[CANCELLED].append(model)
        raise
    return response


async def _embeddings(request: web.Request) -> web.Response:
    if request.headers.get("authorization") != f"Bearer {API_KEY}":
        return _error(401, "Incorrect API key provided.", "invalid_request_error")
    body = await request.json()
    request.app[REQUESTS].append(body)
    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
    data = [
        {"object": "embedding", "index": i, "embedding": [float(len(text)), float(i), 1.0]}
        for i, text in enumerate(inputs)
    ]
    tokens = sum(len(t.split()) for t in inputs)
    return web.json_response(
        {
            "object": "list",
            "data": data,
            "model": body["model"],
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }
    )


def make_app(*, replies: list[Reply] | None = None) -> web.Application:
    app = web.Application()
    app[REQUESTS] = []
    app[HEADERS] = []
    app[REPLIES] = list(replies or [Answer()])
    app[CANCELLED] = []
    app.router.add_post("/v1/chat/completions", _chat)
    app.router.add_post("/v1/embeddings", _embeddings)
    return app


def script(app: web.Application, *replies: Reply) -> None:
    """Replace the queue of replies (tests script each scenario)."""
    app[REPLIES][:] = list(replies)
    app[REQUESTS].clear()


__all__ = [
    "API_KEY",
    "CANCELLED",
    "REQUESTS",
    "Answer",
    "Failure",
    "ToolCallSpec",
    "make_app",
    "script",
]
