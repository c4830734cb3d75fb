"""An embedded model's worker process: `python -m hybridgate.providers.model_worker`.

It serves one model as an OpenAI-compatible server on loopback — a GGUF chat model on llama.cpp
(`--model FILE`, `/v1/chat/completions`) or the MiniLM embedder on ONNX Runtime
(`--embeddings`, `/v1/embeddings`) — so the gateway talks to it like any self-hosted upstream,
and a crash in native code ends this process only; the gateway holds no model. The supervisor
(worker_process.py) starts it and reads its announcements on stdout, one JSON object a line:
`{"event": "listening", "port": N}`, then `{"event": "ready"}` once the model is loaded (or
`{"event": "load_failed", ...}` and exit code 3). The worker exits when its stdin closes, so it
never outlives the gateway, however the gateway ends.

Requests need `Authorization: Bearer $HYBRIDGATE_WORKER_TOKEN`. The model runs on one thread,
one request at a time in arrival order; a caller that hangs up frees the chat model within a
token. `GET /health` reports `stalled_s`, how long the request in flight has gone without
progress, which the supervisor uses to recognise a hung native call.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import json
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..engines.embedder import Embedder
from ..server.http1 import Server
from ..server.messages import Limits, Request, Response, StreamResponse
from .llama_engine import BadRequest, ChatEngine, Prepared
from .worker_process import TOKEN_ENV

#: What a worker serves: a loaded chat engine or embedder.
Model = ChatEngine | Embedder

LOAD_FAILED_EXIT = 3


def _announce(**event: object) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _error(status: int, message: str, *, param: str | None = None, kind: str = "") -> Response:
    body = {
        "error": {
            "message": message,
            "type": kind or ("invalid_request_error" if status < 500 else "server_error"),
            "param": param,
            "code": None,
        }
    }
    return Response(json.dumps(body).encode(), status=status)


class Worker:
    def __init__(self, load: Callable[[], Model], name: str, token: str) -> None:
        self._load = load
        self._name = name
        self._token = f"Bearer {token}".encode()
        self._engine: Model | None = None
        self.load_error: str | None = None
        # One thread owns the model: loads and generations queue behind each other in order.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llama")
        self._busy_since: float | None = None
        self._last_token = 0.0

    async def load(self) -> bool:
        try:
            self._engine = await asyncio.get_running_loop().run_in_executor(
                self._thread, self._load
            )
        # Whatever llama.cpp raises for a file it cannot load, the gateway needs it as text.
        except Exception as exc:
            self.load_error = f"{type(exc).__name__}: {exc}"
            return False
        return True

    def stalled_s(self) -> float:
        if self._busy_since is None:
            return 0.0
        return time.monotonic() - max(self._busy_since, self._last_token)

    async def __call__(self, request: Request) -> Response | StreamResponse:
        if request.path == "/health":
            status = "ok" if self._engine else "loading"
            body = {"status": status, "stalled_s": round(self.stalled_s(), 3)}
            return Response(json.dumps(body).encode(), status=200 if self._engine else 503)
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, self._token):
            return _error(401, "missing or wrong worker token", kind="authentication_error")
        if request.path == "/v1/models" and request.method == "GET":
            if self._engine is None:
                return _error(503, "the model is loading")
            data = [{"id": self._name, "object": "model", "owned_by": "local"}]
            return Response(json.dumps({"object": "list", "data": data}).encode())
        engine = self._engine
        if request.method == "POST" and engine is None:
            return _error(503, self.load_error or "the model is loading")
        if request.path == "/v1/chat/completions" and isinstance(engine, ChatEngine):
            return await self._chat(request, engine)
        if request.path == "/v1/embeddings" and isinstance(engine, Embedder):
            return await self._embeddings(request, engine)
        return _error(404, f"{request.method} {request.path}: Not Found")

    async def _embeddings(self, request: Request, embedder: Embedder) -> Response:
        try:
            texts = await asyncio.to_thread(_embedding_inputs, await request.body())
        except BadRequest as exc:
            return _error(400, str(exc), param=exc.param)
        loop = asyncio.get_running_loop()

        def run() -> dict[str, Any]:
            self._busy_since = time.monotonic()
            try:
                token_ids = embedder.tokenize(texts)
                matrix = embedder.embed_tokens(token_ids)
            finally:
                self._busy_since = None
            data = [
                {"object": "embedding", "index": i, "embedding": row}
                for i, row in enumerate(matrix.tolist())
            ]
            # Usage counts every token the caller sent, including any past the model's window.
            tokens = sum(len(ids) for ids in token_ids)
            usage = {"prompt_tokens": tokens, "total_tokens": tokens}
            return {"object": "list", "data": data, "model": self._name, "usage": usage}

        answer = await loop.run_in_executor(self._thread, run)
        return Response(json.dumps(answer).encode())

    async def _chat(self, request: Request, engine: ChatEngine) -> Response | StreamResponse:
        try:
            # Parsing, templating and tokenizing grow with the prompt: off the loop that
            # answers the supervisor's health checks.
            prepared = await asyncio.to_thread(_prepare, engine, await request.body())
        except BadRequest as exc:
            return _error(400, str(exc), param=exc.param)
        chunks = self._chunks(engine, prepared)
        if prepared.stream:
            return StreamResponse(
                self._sse(chunks, prepared), {"content-type": "text/event-stream"}
            )
        return Response(json.dumps(await _collect(chunks)).encode())

    async def _chunks(
        self, engine: ChatEngine, prepared: Prepared
    ) -> AsyncIterator[dict[str, Any]]:
        """Chunks from the model's thread, handed to the loop as they come."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[dict[str, Any] | BaseException | None] = asyncio.Queue()
        stopped = threading.Event()

        def progress() -> None:
            self._last_token = time.monotonic()

        def run() -> None:
            if stopped.is_set():  # the caller left while queued
                return
            self._busy_since = time.monotonic()
            try:
                for chunk in engine.generate(prepared, stopped, progress):
                    loop.call_soon_threadsafe(queue.put_nowait, chunk)
            # Anything llama.cpp raises must reach the caller, not die with this thread.
            except Exception as exc:
                loop.call_soon_threadsafe(queue.put_nowait, exc)
            finally:
                self._busy_since = None
                loop.call_soon_threadsafe(queue.put_nowait, None)

        loop.run_in_executor(self._thread, run)
        try:
            while (item := await queue.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stopped.set()  # a caller that hung up frees the model at the next token

    async def _sse(
        self, chunks: AsyncIterator[dict[str, Any]], prepared: Prepared
    ) -> AsyncIterator[bytes]:
        try:
            async for chunk in chunks:
                if "usage" in chunk and not prepared.include_usage:
                    continue
                yield b"data: " + json.dumps(chunk).encode() + b"\n\n"
        except Exception as exc:  # mid-stream: the only way left to say it is an error event
            error = {"error": {"message": f"generation failed: {exc}", "type": "server_error"}}
            yield b"data: " + json.dumps(error).encode() + b"\n\n"
            return
        yield b"data: [DONE]\n\n"


def _embedding_inputs(raw: bytes) -> tuple[str, ...]:
    try:
        body = json.loads(raw)
    except ValueError:
        raise BadRequest("the body is not valid JSON") from None
    inputs = body.get("input") if isinstance(body, dict) else None
    if isinstance(inputs, str):
        inputs = [inputs]
    if not isinstance(inputs, list) or not all(isinstance(t, str) for t in inputs):
        raise BadRequest("input must be a string or a list of strings", "input")
    return tuple(inputs)


def _prepare(engine: ChatEngine, raw: bytes) -> Prepared:
    try:
        body = json.loads(raw)
    except ValueError:
        raise BadRequest("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return engine.prepare(body)


async def _collect(chunks: AsyncIterator[dict[str, Any]]) -> dict[str, Any]:
    content: list[str] = []
    calls: list[dict[str, Any]] = []
    reason, usage = "stop", None
    head: dict[str, Any] = {}
    async for chunk in chunks:
        head = head or chunk
        usage = chunk.get("usage", usage)
        for choice in chunk["choices"]:
            delta = choice["delta"]
            content.append(delta.get("content") or "")
            calls.extend(delta.get("tool_calls") or ())
            reason = choice["finish_reason"] or reason
    message: dict[str, Any] = {"role": "assistant", "content": "".join(content) or None}
    if calls:
        message["tool_calls"] = [{k: v for k, v in c.items() if k != "index"} for c in calls]
    return {
        "id": head.get("id"),
        "object": "chat.completion",
        "created": head.get("created"),
        "model": head.get("model"),
        "choices": [{"index": 0, "message": message, "finish_reason": reason}],
        "usage": usage,
    }


def _exit_with_parent() -> None:
    """The gateway holds our stdin open; when it ends (however it ends), so do we."""
    sys.stdin.buffer.read()
    os._exit(0)


def _loader(args: argparse.Namespace) -> tuple[Callable[[], Model], str]:
    if args.embeddings:

        def embedder() -> Embedder:
            model = Embedder()
            model.load()
            return model

        return embedder, "all-minilm-l6-v2"
    path = Path(args.model)
    return (lambda: ChatEngine(path, args.n_ctx)), path.name


async def _main(args: argparse.Namespace) -> int:
    load, name = _loader(args)
    worker = Worker(load, name, os.environ.get(TOKEN_ENV, ""))
    server = Server(worker, Limits(max_body_bytes=args.max_body_bytes, keepalive_timeout_s=60))
    await server.listen("127.0.0.1", 0)
    _announce(event="listening", port=server.port, pid=os.getpid())
    if not await worker.load():
        _announce(event="load_failed", error=worker.load_error)
        return LOAD_FAILED_EXIT
    _announce(event="ready")
    await asyncio.Event().wait()  # serve until the parent goes (stdin) or a signal ends us
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hybridgate-model-worker")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--model", help="a GGUF chat model, served on llama.cpp")
    which.add_argument("--embeddings", action="store_true", help="the bundled MiniLM embedder")
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--max-body-bytes", type=int, default=64 * 1024 * 1024)
    args = parser.parse_args(argv)
    threading.Thread(target=_exit_with_parent, daemon=True, name="parent-watch").start()
    return asyncio.run(_main(args))


if __name__ == "__main__":
    sys.exit(main())
