"""A fake Anthropic Messages API on loopback, speaking the real wire format.

It checks what the real API checks and a mapping bug would break (credentials, version header,
`max_tokens`, role alternation, tool results answering the previous turn's tool calls) and
answers with a queue of scripted replies, in JSON or as the real event stream:

    app = make_app(replies=[Answer(text="Hi")])
    app[REQUESTS]  # every JSON body received, in order
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web

API_KEY = "test-key"


@dataclass(frozen=True)
class ToolUse:
    name: str
    input: dict[str, Any]
    id: str = "toolu_fake_01"


@dataclass(frozen=True)
class Answer:
    text: str = "Hello from the fake Claude."
    tool_use: ToolUse | None = None
    #: Defaults to `tool_use` when the answer calls a tool, `end_turn` otherwise.
    stop_reason: str | None = None
    input_tokens: int = 12
    output_tokens: int = 7
    #: Streaming only: end the response after the content, before message_delta/message_stop.
    truncate: bool = False
    #: Streaming only: send `event: error` of this type after the first text delta.
    error_mid_stream: str | None = None
    #: Streaming only: pause between events, as a model generating tokens does.
    pace_s: float = 0.0


@dataclass(frozen=True)
class Failure:
    status: int
    error_type: str
    message: str = "the fake failed on purpose"
    retry_after: str | None = None


Reply = Answer | Failure

REQUESTS = web.AppKey("requests", list[dict[str, Any]])
REPLIES = web.AppKey("replies", list[Reply])
_KEY = web.AppKey("api_key", str)


def _error(
    status: int, error_type: str, message: str, retry_after: str | None = None
) -> web.Response:
    headers = {"retry-after": retry_after} if retry_after is not None else None
    body = {"type": "error", "error": {"type": error_type, "message": message}}
    return web.json_response(body, status=status, headers=headers)


def _invalid(body: dict[str, Any]) -> str | None:
    """What the real API would say is wrong with `body`, or None."""
    if not isinstance(body.get("max_tokens"), int):
        return "max_tokens: Field required"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: at least one message is required"
    previous: dict[str, Any] | None = None
    for i, message in enumerate(messages):
        role = message.get("role")
        if role not in ("user", "assistant"):
            return f"messages.{i}.role: Input should be 'user' or 'assistant'"
        if previous is not None and previous["role"] == role:
            return (
                'messages: roles must alternate between "user" and "assistant", '
                f'but found multiple "{role}" roles in a row'
            )
        content = message.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        for block in blocks:
            if block.get("type") == "text" and not block.get("text"):
                return f"messages.{i}: text content blocks must be non-empty"
            if block.get("type") == "tool_result":
                asked = [
                    b["id"]
                    for b in (previous or {}).get("content", [])
                    if b.get("type") == "tool_use"
                ]
                if block.get("tool_use_id") not in asked:
                    return (
                        f"messages.{i}: tool_result block(s) provided when previous message "
                        "does not have tool_use blocks"
                    )
        previous = message
    return None


def _content(answer: Answer) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if answer.text:
        blocks.append({"type": "text", "text": answer.text})
    if answer.tool_use is not None:
        call = answer.tool_use
        blocks.append({"type": "tool_use", "id": call.id, "name": call.name, "input": call.input})
    return blocks


def _stop_reason(answer: Answer) -> str:
    return answer.stop_reason or ("tool_use" if answer.tool_use else "end_turn")


def _message(
    answer: Answer, model: str, content: list[dict[str, Any]], stop: str | None
) -> dict[str, Any]:
    return {
        "id": "msg_fake_01",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {
            "input_tokens": answer.input_tokens,
            "output_tokens": answer.output_tokens if stop else 1,
        },
    }


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode()


def _events(answer: Answer, model: str) -> list[bytes]:
    """The event stream the real API sends for `answer`, text and tool input in pieces."""
    events = [
        _event("message_start", {"message": _message(answer, model, [], None)}),
        _event("ping", {}),
    ]
    index = 0
    if answer.text:
        events.append(
            _event(
                "content_block_start",
                {"index": index, "content_block": {"type": "text", "text": ""}},
            )
        )
        for n, piece in enumerate(re.findall(r"\S+\s*", answer.text)):
            delta = {"type": "text_delta", "text": piece}
            events.append(_event("content_block_delta", {"index": index, "delta": delta}))
            if n == 0 and answer.error_mid_stream:
                error = {"type": answer.error_mid_stream, "message": "the fake failed mid-stream"}
                return [*events, _event("error", {"error": error})]
        events.append(_event("content_block_stop", {"index": index}))
        index += 1
    if answer.tool_use is not None:
        call = answer.tool_use
        head = {"type": "tool_use", "id": call.id, "name": call.name, "input": {}}
        events.append(_event("content_block_start", {"index": index, "content_block": head}))
        arguments = json.dumps(call.input)
        for piece in ("", arguments[: len(arguments) // 2], arguments[len(arguments) // 2 :]):
            delta = {"type": "input_json_delta", "partial_json": piece}
            events.append(_event("content_block_delta", {"index": index, "delta": delta}))
        events.append(_event("content_block_stop", {"index": index}))
    if answer.truncate:
        return events
    stop = {"stop_reason": _stop_reason(answer), "stop_sequence": None}
    events.append(
        _event("message_delta", {"delta": stop, "usage": {"output_tokens": answer.output_tokens}})
    )
    events.append(_event("message_stop", {}))
    return events


async def _messages(request: web.Request) -> web.StreamResponse:
    if request.headers.get("x-api-key") != request.app[_KEY]:
        return _error(401, "authentication_error", "invalid x-api-key")
    if not request.headers.get("anthropic-version"):
        return _error(400, "invalid_request_error", "anthropic-version: header is required")
    try:
        body = await request.json()
    except json.JSONDecodeError:
        return _error(400, "invalid_request_error", "request body is not valid JSON")
    request.app[REQUESTS].append(body)
    problem = _invalid(body)
    if problem is not None:
        return _error(400, "invalid_request_error", problem)
    replies = request.app[REPLIES]
    reply = replies.pop(0) if replies else Answer()
    if isinstance(reply, Failure):
        return _error(reply.status, reply.error_type, reply.message, reply.retry_after)
    if not body.get("stream"):
        message = _message(reply, body["model"], _content(reply), _stop_reason(reply))
        return web.json_response(message)
    response = web.StreamResponse(
        headers={"content-type": "text/event-stream", "cache-control": "no-cache"}
    )
    await response.prepare(request)
    for event in _events(reply, body["model"]):
        await response.write(event)
        if reply.pace_s:
            await asyncio.sleep(reply.pace_s)
    await response.write_eof()
    return response


def make_app(*, api_key: str = API_KEY, replies: list[Reply] | None = None) -> web.Application:
    """The fake; `replies` are answered in order, then the default `Answer()` for every request."""
    app = web.Application()
    app[_KEY] = api_key
    app[REQUESTS] = []
    app[REPLIES] = list(replies or ())
    app.router.add_post("/v1/messages", _messages)
    return app
