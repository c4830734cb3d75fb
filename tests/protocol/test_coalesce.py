"""Text deltas that reach the gateway together leave it as one; everything else keeps its
order and its boundaries."""

from __future__ import annotations

import asyncio
import json

from hybridgate.config.schema import Deployment
from hybridgate.protocol.canonical import (
    ChatRequest,
    Finish,
    Message,
    StreamEvent,
    TextDelta,
    TextPart,
    ToolCallDelta,
    Usage,
    UsageReport,
    coalesced,
)
from hybridgate.providers.http import UpstreamClient
from hybridgate.providers.openai_compat import OpenAICompatProvider


def test_runs_of_text_are_joined_and_nothing_else_moves() -> None:
    call = ToolCallDelta(index=0, id="c1", name="f", arguments='{"a"')
    events: list[StreamEvent] = [
        TextDelta("Hel"),
        TextDelta("lo"),
        call,
        ToolCallDelta(index=0, arguments=":1}"),
        TextDelta(" again"),
        Finish("stop"),
        UsageReport(Usage(3, 4)),
    ]
    assert coalesced(events) == [
        TextDelta("Hello"),
        call,
        ToolCallDelta(index=0, arguments=":1}"),
        TextDelta(" again"),
        Finish("stop"),
        UsageReport(Usage(3, 4)),
    ]
    assert coalesced([TextDelta("one")]) == [TextDelta("one")]
    assert coalesced([]) == []


def _chunk(delta: dict[str, object], finish: str | None = None) -> bytes:
    body = {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return b"data: " + json.dumps(body).encode() + b"\n\n"


async def test_an_upstream_burst_becomes_one_delta_and_a_trickle_stays_apart() -> None:
    words = ["one ", "two ", "three ", "four"]
    burst = b"".join(_chunk({"content": w}) for w in words)
    tail = _chunk({}, "stop") + b"data: [DONE]\n\n"

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        writer.write(b"%x\r\n%b\r\n" % (len(burst), burst))  # four tokens in one packet
        await writer.drain()
        await asyncio.sleep(0.05)
        for word in ["five ", "six"]:  # then two that arrive apart
            piece = _chunk({"content": word})
            writer.write(b"%x\r\n%b\r\n" % (len(piece), piece))
            await writer.drain()
            await asyncio.sleep(0.05)
        writer.write(b"%x\r\n%b\r\n0\r\n\r\n" % (len(tail), tail))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = UpstreamClient()
    deployment = Deployment(
        name="up", provider="openai_compatible", model="m", base_url=f"http://127.0.0.1:{port}/v1"
    )
    provider = OpenAICompatProvider(deployment, client)
    request = ChatRequest(
        model="up", messages=(Message(role="user", content=(TextPart("hi"),)),), stream=True
    )
    try:
        events = [event async for event in provider.chat_stream(request)]
    finally:
        await client.aclose()
        server.close()
        await server.wait_closed()
    assert events == [
        TextDelta("one two three four"),
        TextDelta("five "),
        TextDelta("six"),
        Finish("stop"),
    ]
