"""`POST /v1/research`: the research pipeline over documents sent inline, streamed back as
server-sent events — `progress` events while it runs, then one `result` event (the same
JSON as `hybridgate research --json`).

    {"question": "...", "documents": [{"name": "a.md", "text": "..."}], "top_k": 4}

Every stage runs as the caller: their key's budget, rate limits and privacy policy apply, and
each call is on the ledger. The documents are indexed for this request only (in memory).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import msgspec

from ..errors import AuthenticationFailed, HybridgateError, InvalidRequest
from ..pipeline.gateway import RequestContext
from ..research.documents import Document
from ..research.index import ChunkIndex
from ..research.pipeline import Progress, Research, ResearchOptions
from .chat import SSE_HEADERS, bearer_token
from .errors import error_response, internal_error
from .messages import Request, Response, StreamResponse

if TYPE_CHECKING:
    from .app import State

log = logging.getLogger("hybridgate.server")

#: Most documents one request may send (the body size limit applies as well).
MAX_DOCUMENTS = 500
MAX_TOP_K = 50


class _Document(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    text: str


class _Body(msgspec.Struct, forbid_unknown_fields=True):
    question: str
    documents: list[_Document]
    top_k: int = 4


def parse_research_request(body: bytes) -> _Body:
    try:
        parsed = msgspec.json.decode(body, type=_Body)
    except msgspec.ValidationError as exc:
        raise InvalidRequest(f"invalid research request: {exc}") from exc
    except msgspec.DecodeError as exc:
        raise InvalidRequest(f"the body is not valid JSON: {exc}") from exc
    if not parsed.question.strip():
        raise InvalidRequest("question must not be empty", param="question")
    if not parsed.documents or len(parsed.documents) > MAX_DOCUMENTS:
        raise InvalidRequest(
            f"documents: send between 1 and {MAX_DOCUMENTS} documents", param="documents"
        )
    names = [d.name for d in parsed.documents]
    if len(set(names)) != len(names) or not all(n.strip() for n in names):
        raise InvalidRequest("documents: each needs a distinct, non-empty name", param="documents")
    if not 1 <= parsed.top_k <= MAX_TOP_K:
        raise InvalidRequest(f"top_k must be between 1 and {MAX_TOP_K}", param="top_k")
    return parsed


def _event(kind: str, data: dict[str, Any]) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def research(request: Request, state: State) -> Response | StreamResponse:
    gateway = state.gateway
    context = RequestContext(request_id=request.request_id, protocol="openai")
    key = None
    try:
        key = await gateway.admission.authenticate(bearer_token(request))
        context.caller = f"key:{key.id}" if key else f"addr:{request.client}"
        body = parse_research_request(await request.body())
    except HybridgateError as exc:
        if isinstance(exc, AuthenticationFailed):
            gateway.unauthenticated()
        return error_response("openai", exc)
    except Exception:  # the last line of defence: a clean error body, the traceback logged
        log.exception("unhandled error serving request %s", request.request_id)
        return internal_error("openai")
    documents = [Document(d.name, d.text) for d in body.documents if d.text.strip()]
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()

    def progress(event: Progress) -> None:
        queue.put_nowait(_event("progress", dataclasses.asdict(event)))

    async def run() -> None:
        try:
            job = Research(
                gateway,
                ChunkIndex(None),
                options=ResearchOptions(top_k=body.top_k),
                key=key,
                caller=context.caller,
                on_progress=progress,
            )
            result = await job.run(body.question, documents)
            queue.put_nowait(_event("result", result.as_json()))
        # The stream has started: a failure becomes an error event, its traceback logged.
        except Exception:
            log.exception("research request %s failed", request.request_id)
            queue.put_nowait(_event("error", {"message": "the research run failed"}))
        finally:
            queue.put_nowait(None)

    async def events() -> AsyncIterator[bytes]:
        task = asyncio.create_task(run())
        try:
            while (chunk := await queue.get()) is not None:
                yield chunk
        finally:  # the client hung up: the run (and its upstream calls) stops too
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    return StreamResponse(events(), SSE_HEADERS | {"x-request-id": request.request_id})
