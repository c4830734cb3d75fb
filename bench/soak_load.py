"""The soak test's clients (bench/soak.py): what each kind of caller sends, and how it reads.

SDK kinds go through the official `openai` SDK, as users' code does; raw kinds open a socket
for what no SDK sends (bodies over the limit, garbage, bytes trickled past a timeout) or how no
SDK reads (hanging up mid-stream with FIN or RST, reading slowly). Each returns its outcome:
"200", "200 stream" (read to `[DONE]`), "<status> <error code>", "hung up", "stream error" (an
error event after the head) or "no answer: <why>".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import openai
from openai.types.chat import ChatCompletionUserMessageParam

#: The gateway's server.max_body_bytes in the soak config.
MAX_BODY = 64 * 1024
ANSWERED = {"200", "200 stream"}


@dataclass
class Sent:
    kind: str
    key: str  # "main" | "budget"
    request_id: str
    outcome: str = ""
    echoed: str | None = None  # the x-request-id the gateway answered with


@dataclass
class Target:
    port: int
    secrets: dict[str, str]
    sdks: dict[str, openai.AsyncOpenAI]


def _messages(size: int = 0) -> list[ChatCompletionUserMessageParam]:
    filler = " lorem ipsum" * (size // 12)
    return [{"role": "user", "content": f"Say something short.{filler}"}]


async def sdk_call(t: Target, s: Sent, model: str, stream: bool = False, size: int = 0) -> str:
    sdk, extra = t.sdks[s.key], {"x-request-id": s.request_id}
    try:
        if model == "embeddings":
            raw: Any = await sdk.embeddings.with_raw_response.create(
                model=model, input=["first soak text", "second"], extra_headers=extra
            )
        else:
            raw = await sdk.chat.completions.with_raw_response.create(
                model=model,
                messages=_messages(size),
                max_tokens=100,
                stream=stream,
                stream_options={"include_usage": True} if stream else openai.omit,
                extra_headers=extra,
            )
        s.echoed = raw.headers.get("x-request-id")
        answer = raw.parse()
        if stream:
            async for _ in answer:
                pass
        return "200 stream" if stream else "200"
    except openai.APIStatusError as exc:
        s.echoed = exc.response.headers.get("x-request-id")
        return f"{exc.status_code} {exc.code or ''}".strip()
    except openai.APIConnectionError as exc:
        return f"no answer: {type(exc.__cause__ or exc).__name__}"
    except openai.APIError:  # an error event after the head: the stream failed upstream
        return "stream error"


def _head(t: Target, s: Sent, length: int | None, chunked: bool = False) -> bytes:
    lines = ["POST /v1/chat/completions HTTP/1.1", "host: 127.0.0.1", "connection: close"]
    lines += [f"authorization: Bearer {t.secrets[s.key]}", f"x-request-id: {s.request_id}"]
    lines += ["content-type: application/json"]
    lines += ["transfer-encoding: chunked"] if chunked else [f"content-length: {length}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _read_head(reader: asyncio.StreamReader, s: Sent) -> int:
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "x-request-id":
            s.echoed = value.strip()
    return int(lines[0].split()[1])


async def raw_exchange(t: Target, s: Sent) -> str:
    """The raw-socket kinds: what no SDK sends, or how no SDK reads."""
    reader, writer = await asyncio.open_connection("127.0.0.1", t.port)
    try:
        return await RAW[s.kind](t, s, reader, writer)
    except (ConnectionError, asyncio.IncompleteReadError) as exc:
        return f"no answer: {type(exc).__name__}"
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):  # the reset we asked for, or the server's
            await writer.wait_closed()


RawKind = Callable[[Target, Sent, asyncio.StreamReader, asyncio.StreamWriter], Awaitable[str]]
STREAM = json.dumps({"model": "slow", "messages": _messages(), "stream": True}).encode()


async def hang_up(t: Target, s: Sent, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> str:
    w.write(_head(t, s, len(STREAM)) + STREAM)
    if (status := await _read_head(r, s)) != 200:
        return str(status)
    await asyncio.sleep(random.uniform(0, 0.6))
    await r.read(4096)
    if random.random() < 0.5:
        w.transport.abort()  # RST
    return "hung up"


async def slow_reader(t: Target, s: Sent, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> str:
    w.write(_head(t, s, len(STREAM)) + STREAM)
    if (status := await _read_head(r, s)) != 200:
        return str(status)
    body = b""
    while chunk := await r.read(512):
        body += chunk
        await asyncio.sleep(0.02)
    complete = body.endswith(b"0\r\n\r\n") and b"data: [DONE]" in body
    return "200 stream" if complete and b'"error"' not in body else "stream error"


async def oversized(t: Target, s: Sent, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> str:
    body = json.dumps({"model": "steady", "messages": _messages(2 * MAX_BODY)}).encode()
    chunked = random.random() < 0.5  # no length declared: the limit is found while reading
    w.write(_head(t, s, len(body), chunked))
    for i in range(0, len(body), 16384):
        piece = body[i : i + 16384]
        w.write(b"%x\r\n%b\r\n" % (len(piece), piece) if chunked else piece)
        await w.drain()
    return str(await _read_head(r, s))


async def _trickle(r: asyncio.StreamReader, s: Sent, w: asyncio.StreamWriter, rest: bytes) -> str:
    answer = asyncio.ensure_future(_read_head(r, s))
    for i in range(len(rest)):
        if answer.done():
            break
        w.write(rest[i : i + 1])
        await asyncio.wait([answer], timeout=0.25)
    return str(await asyncio.wait_for(answer, 10))


async def slow_body(t: Target, s: Sent, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> str:
    body = json.dumps({"model": "steady", "messages": _messages()}).encode()
    w.write(_head(t, s, len(body)) + body[:10])
    return await _trickle(r, s, w, body[10:])


async def slow_head(t: Target, s: Sent, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> str:
    head = _head(t, s, 2)
    w.write(head[:40])
    return await _trickle(r, s, w, head[40:])


async def garbage(t: Target, s: Sent, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> str:
    if random.random() < 0.5:
        w.write(b"\x16\x03\x01\x02\x00 THIS IS NOT HTTP\r\n\r\n")  # the parser refuses it
    else:
        cut = b'{"model": "x", "messag'  # JSON cut short
        w.write(_head(t, s, len(cut)) + cut)
    return str(await _read_head(r, s))


RAW: dict[str, RawKind] = {
    "hang up": hang_up,
    "slow reader": slow_reader,
    "oversized": oversized,
    "slow body": slow_body,
    "slow headers": slow_head,
    "garbage": garbage,
}
SDK: dict[str, Callable[[Target, Sent], Awaitable[str]]] = {
    "chat": lambda t, s: sdk_call(t, s, "routing"),
    "stream": lambda t, s: sdk_call(t, s, "routing", stream=True),
    "flaky direct": lambda t, s: sdk_call(t, s, "flaky", stream=random.random() < 0.5),
    "auto": lambda t, s: sdk_call(t, s, "auto", stream=random.random() < 0.5),
    "40 KB prompt": lambda t, s: sdk_call(t, s, "steady", size=40_000),
    "embeddings": lambda t, s: sdk_call(t, s, "embeddings"),
}
MAIN_MIX = {"chat": 20, "stream": 20, "flaky direct": 5, "auto": 5, "40 KB prompt": 2}
MAIN_MIX |= {"embeddings": 8, "hang up": 8, "slow reader": 2, "oversized": 3, "slow body": 1}
MAIN_MIX |= {"slow headers": 1, "garbage": 3}
BUDGET_MIX = {"chat": 2, "stream": 2, "hang up": 1}
#: Per key: the kinds it sends, with their weights, and its mean pause between requests (s).
MIXES = {"main": (MAIN_MIX, 0.1), "budget": (BUDGET_MIX, 0.5)}


async def client(t: Target, key: str, until: float, ids: Iterator[int]) -> list[Sent]:
    """One caller: a request of a random kind at a time, until `until` (monotonic)."""
    sent: list[Sent] = []
    mix, pause_s = MIXES[key]
    kinds, weights = list(mix), list(mix.values())
    while time.monotonic() < until:
        s = Sent(random.choices(kinds, weights)[0], key, f"soak-{next(ids)}")
        action = raw_exchange if s.kind in RAW else SDK[s.kind]
        try:
            s.outcome = await asyncio.wait_for(action(t, s), 60)
        except TimeoutError:
            s.outcome = "no answer: timeout"
        except Exception as exc:  # a surprise on the client side is a figure, not the end
            s.outcome = f"no answer: {type(exc).__name__}"
        sent.append(s)
        await asyncio.sleep(random.uniform(0.2, 1.8) * pause_s)
    return sent
