"""A fast fake OpenAI upstream for the overhead benchmark (raw asyncio + httptools + uvloop).

`POST /v1/chat/completions` answers in the OpenAI wire format, always with usage:
- non-streaming: at once, one JSON body;
- streaming: 20 `chat.completion.chunk` events, a usage chunk and `data: [DONE]`. The model
  name picks the pace: `paced` sends the 20 chunks 10 ms apart (the first at once), any other
  model sends them all at once (the "instant" upstream).
`GET /healthz` answers 200. Kept lean so that it is never the bottleneck: answers are encoded
once at start-up, the request body is not parsed (a byte search finds `"stream": true` and the
model), keep-alive throughout.

    python bench/overhead/fake_upstream.py --port 9100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re

import httptools

CHUNKS = 20
PACE_S = 0.010
USAGE = {"prompt_tokens": 12, "completion_tokens": CHUNKS, "total_tokens": 12 + CHUNKS}
_STREAM_RE = re.compile(rb'"stream"\s*:\s*true')
_PACED_RE = re.compile(rb'"model"\s*:\s*"paced"')


def _answer() -> bytes:
    body = json.dumps(
        {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "fast",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "tok " * CHUNKS},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": USAGE,
        },
        separators=(",", ":"),
    ).encode()
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


def _event(choices: list[dict[str, object]], usage: dict[str, int] | None = None) -> bytes:
    payload: dict[str, object] = {
        "id": "chatcmpl-bench",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "fast",
        "choices": choices,
    }
    if usage is not None:
        payload["usage"] = usage
    data = b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"
    return b"%x\r\n%s\r\n" % (len(data), data)  # one HTTP chunk per SSE event


def _stream_parts() -> tuple[bytes, list[bytes], bytes]:
    head = (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n"
        b"transfer-encoding: chunked\r\n\r\n"
    )
    chunks = []
    for i in range(CHUNKS):
        delta: dict[str, str] = {"content": "tok "}
        if i == 0:
            delta["role"] = "assistant"
        finish = "stop" if i == CHUNKS - 1 else None
        chunks.append(_event([{"index": 0, "delta": delta, "finish_reason": finish}]))
    done = b"e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n"
    tail = _event([], USAGE) + done
    return head, chunks, tail


ANSWER = _answer()
STREAM_HEAD, STREAM_CHUNKS, STREAM_TAIL = _stream_parts()
STREAM_ALL = STREAM_HEAD + b"".join(STREAM_CHUNKS) + STREAM_TAIL
OK = b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok"
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"


class FakeProtocol(asyncio.Protocol):
    def __init__(self) -> None:
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.url = b""
        self.body: list[bytes] = []
        self.queue: list[tuple[bytes, bytes]] = []  # pipelined requests behind a paced one
        self.busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            assert self.transport is not None
            self.transport.close()

    # httptools callbacks
    def on_message_begin(self) -> None:
        self.url, self.body = b"", []

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        request = (self.url, b"".join(self.body))
        if self.busy:
            self.queue.append(request)
        else:
            self.handle(*request)

    def handle(self, url: bytes, body: bytes) -> None:
        transport = self.transport
        assert transport is not None
        if url.startswith(b"/healthz") or url.startswith(b"/v1/models"):
            transport.write(OK)
        elif url.endswith(b"/chat/completions"):
            if not _STREAM_RE.search(body):
                transport.write(ANSWER)
            elif _PACED_RE.search(body):
                self.busy = True
                asyncio.get_running_loop().create_task(self.paced())
            else:
                transport.write(STREAM_ALL)
        else:
            transport.write(NOT_FOUND)

    async def paced(self) -> None:
        transport = self.transport
        assert transport is not None
        transport.write(STREAM_HEAD + STREAM_CHUNKS[0])
        for chunk in STREAM_CHUNKS[1:]:
            await asyncio.sleep(PACE_S)
            if transport.is_closing():
                return
            transport.write(chunk)
        transport.write(STREAM_TAIL)
        self.busy = False
        while self.queue and not self.busy:
            self.handle(*self.queue.pop(0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(FakeProtocol, args.host, args.port, backlog=4096)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
