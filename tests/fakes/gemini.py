"""A fake Gemini API (generativelanguage.googleapis.com) on loopback, for adapter tests.

It speaks the real wire format: GenerateContentResponse JSON, SSE framed `data: {...}\\r\\n\\r\\n`
for `streamGenerateContent?alt=sse`, Google's `{"error": {code, message, status, details}}`
bodies, and Google's key checks (no key: 403 PERMISSION_DENIED; wrong key: 400
INVALID_ARGUMENT with reason API_KEY_INVALID). Script answers by appending `Answer`s or
`Failure`s to `app[SCRIPT]`; every JSON body received lands in `app[REQUESTS]`.
"""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Answer:
    text: str = "Hello from the fake Gemini."
    #: (name, args) of one function call to answer with, instead of or after the text.
    function_call: tuple[str, dict[str, Any]] | None = None
    finish_reason: str = "STOP"
    prompt_tokens: int = 7
    output_tokens: int = 5
    #: Streaming only: end the stream before the chunk carrying finishReason.
    truncate: bool = False
    #: Answer with no candidates, the prompt blocked for this reason.
    block_reason: str | None = None
    #: Streaming only: pause between chunks, as a model generating tokens does.
    pace_s: float = 0.0


@dataclass(frozen=True)
class Failure:
    status: int
    message: str = "The fake was told to fail."
    retry_after: str | None = None
    #: Google's RetryInfo.retryDelay detail, e.g. "22s".
    retry_delay: str | None = None


@dataclass(frozen=True)
class Received:
    path: str
    body: dict[str, Any]


REQUESTS = web.AppKey("requests", list[Received])
SCRIPT = web.AppKey("script", list[Answer | Failure])
_API_KEY = web.AppKey("api_key", str)

_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


def _error(
    status: int, message: str, details: list[dict[str, Any]], headers: dict[str, str] | None = None
) -> web.Response:
    body = {"error": {"code": status, "message": message, "status": _STATUS.get(status, "UNKNOWN")}}
    if details:
        body["error"]["details"] = details
    return web.json_response(body, status=status, headers=headers)


def _failure(failure: Failure) -> web.Response:
    details = []
    if failure.retry_delay is not None:
        details.append(
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": failure.retry_delay}
        )
    headers = {"Retry-After": failure.retry_after} if failure.retry_after else None
    return _error(failure.status, failure.message, details, headers)


def _check_key(request: web.Request) -> web.Response | None:
    key = request.headers.get("x-goog-api-key") or request.query.get("key")
    if key is None:
        return _error(
            403,
            "Method doesn't allow unregistered callers (callers without established identity)."
            " Please use API Key or other form of API consumer identity to call this API.",
            [],
        )
    if key != request.app[_API_KEY]:
        info = {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        }
        return _error(400, "API key not valid. Please pass a valid API key.", [info])
    return None


def _usage(answer: Answer, *, final: bool) -> dict[str, int]:
    # Google repeats usageMetadata on every chunk; only the last has the output count.
    output = answer.output_tokens if final else 0
    usage = {"promptTokenCount": answer.prompt_tokens, "totalTokenCount": answer.prompt_tokens}
    if final:
        usage["candidatesTokenCount"] = output
        usage["totalTokenCount"] += output
    return usage


def _chunk(parts: list[dict[str, Any]], answer: Answer, finish: str | None) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    if finish is not None:
        candidate["finishReason"] = finish
    return {
        "candidates": [candidate],
        "usageMetadata": _usage(answer, final=finish is not None),
        "modelVersion": "gemini-fake-001",
        "responseId": "fake-response-id",
    }


def signature_for(name: str) -> str:
    """The thought signature the fake's Gemini 3 models attach to a call of `name`."""
    return base64.b64encode(f"thought-state:{name}".encode()).decode()


def _missing_signature(body: dict[str, Any]) -> bool:
    """Gemini 3 refuses history whose model function calls lost their thought signatures."""
    return any(
        "functionCall" in part and not part.get("thoughtSignature")
        for content in body.get("contents", ())
        if content.get("role") == "model"
        for part in content.get("parts", ())
    )


def _pieces(answer: Answer, model: str = "") -> list[list[dict[str, Any]]]:
    """The answer's parts as streaming chunks: text word by word, a function call whole."""
    words = answer.text.split(" ") if answer.text else []
    pieces: list[list[dict[str, Any]]] = [
        [{"text": w if i == 0 else " " + w}] for i, w in enumerate(words)
    ]
    if answer.function_call is not None:
        name, args = answer.function_call
        call: dict[str, Any] = {"functionCall": {"name": name, "args": args}}
        if model.startswith("gemini-3"):
            call["thoughtSignature"] = signature_for(name)
        pieces.append([call])
    return pieces


async def _generate(
    request: web.Request, answer: Answer, stream: bool, model: str = ""
) -> web.StreamResponse:
    if answer.block_reason is not None:
        blocked: dict[str, Any] = {
            "promptFeedback": {"blockReason": answer.block_reason},
            "usageMetadata": _usage(answer, final=False),
        }
        if not stream:
            return web.json_response(blocked)
        chunks = [blocked]
    else:
        pieces = _pieces(answer, model)
        if not stream:
            parts = [p for piece in pieces for p in piece]
            return web.json_response(_chunk(parts, answer, answer.finish_reason))
        chunks = [_chunk(piece, answer, None) for piece in pieces]
        if answer.truncate:
            chunks = chunks[:1]
        else:
            chunks.append(_chunk([], answer, answer.finish_reason))
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    await response.prepare(request)
    for chunk in chunks:
        await response.write(b"data: " + json.dumps(chunk).encode() + b"\r\n\r\n")
        if answer.pace_s:
            await asyncio.sleep(answer.pace_s)
    await response.write_eof()
    return response


def _embed(body: dict[str, Any]) -> web.Response:
    # Deterministic vectors that identify their input: [length, first code point, 1.0].
    vectors = []
    for item in body["requests"]:
        text = item["content"]["parts"][0]["text"]
        vectors.append({"values": [float(len(text)), float(ord(text[0]) if text else 0), 1.0]})
    return web.json_response({"embeddings": vectors})


async def _handle(request: web.Request) -> web.StreamResponse:
    if (refused := _check_key(request)) is not None:
        return refused
    body = await request.json()
    request.app[REQUESTS].append(Received(request.path_qs, body))
    model, _, method = request.match_info["target"].partition(":")
    if model.startswith("gemini-3") and _missing_signature(body):
        return _error(
            400, "Function call is missing a thought_signature in functionCall parts.", []
        )
    script = request.app[SCRIPT]
    reply = script.pop(0) if script else Answer()
    if isinstance(reply, Failure):
        return _failure(reply)
    if method == "generateContent":
        return await _generate(request, reply, stream=False, model=model)
    if method == "streamGenerateContent" and request.query.get("alt") == "sse":
        return await _generate(request, reply, stream=True, model=model)
    if method == "batchEmbedContents":
        return _embed(body)
    return _error(404, f"Method {method!r} not found (the fake speaks alt=sse only).", [])


def make_app(*, api_key: str = "fake-gemini-key") -> web.Application:
    app = web.Application()
    app[_API_KEY] = api_key
    app[REQUESTS] = []
    app[SCRIPT] = []
    app.router.add_post("/v1beta/models/{target}", _handle)
    return app
