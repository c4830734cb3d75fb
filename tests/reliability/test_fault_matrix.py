"""The fault matrix: what a client sees for each upstream fault, with and without a fallback.

The gateway runs for real (uvicorn on loopback) in front of fake upstreams that inject one
fault each; the client is the official OpenAI SDK. "fallback" means the requested tier is
[primary, fallback] with a healthy, compliant fallback; "no fallback" names the primary alone.

| fault                                 | stream + fallback | non-stream + fallback | stream, no fallback   | non-stream, no fallback |
|---------------------------------------|-------------------|-----------------------|-----------------------|-------------------------|
| HTTP 500 / 502 / 503                  | fallback answers  | fallback answers      | 502 (OpenAI error)    | 502                     |
| 503 once, then ok                     | primary (retried) | primary (retried)     | primary (retried)     | primary (retried)       |
| 429, retry-after 0.1 s (within cap)   | fallback answers  | fallback answers      | 503 + retry-after     | 503 + retry-after       |
| 429, retry-after 0.1 s once, then ok  | primary (waited)  | primary (waited)      | primary (waited)      | primary (waited)        |
| 429, retry-after 30 s (over cap)      | fallback, at once | fallback, at once     | 503 + retry-after: 30 | 503 + retry-after: 30   |
| connection refused                    | fallback answers  | fallback answers      | 502 "cannot connect"  | 502                     |
| connect timeout (accept queue full)   | fallback answers  | fallback answers      | 504                   | 504                     |
| read timeout (no first byte in time)  | fallback answers  | fallback answers      | 504                   | 504                     |
| accepts, never answers                | fallback answers  | fallback answers      | 504                   | 504                     |
| reset before the first token          | fallback answers  | fallback answers      | 502                   | 502                     |
| reset mid-answer                      | error event after | fallback answers      | error event after     | 502                     |
|                                       | the partial text  | (body was cut)        | the partial text      |                         |
| malformed JSON                        | fallback answers  | fallback answers      | 502 "not valid JSON"  | 502                     |
| truncated SSE, before any token       | fallback answers  | n/a (SSE only)        | 502 "before [DONE]"   | n/a                     |
| truncated SSE, mid-answer             | error event       | n/a                   | error event           | n/a                     |
| slow trickle (gaps < first_byte_s)    | primary answers   | primary answers       | primary answers       | primary answers         |
| huge response (5 MB)                  | primary answers   | primary answers       | primary answers       | primary answers         |

Once the first token reached the client a fallback cannot help: the stream ends with a
well-formed error event and the ledger keeps the partial answer. After every case the
gateway's event loop holds no task it did not hold before, the fake upstream runs no request
handler any more, and no more than one (idle, pooled) connection to any upstream is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import openai
import pytest
import yaml
from aiohttp import web

from hybridgate.config.loader import load_settings
from hybridgate.server.app import App, create_app
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, GatewayServer, LoopThread, free_port
from tests.fakes.openai import Answer, Failure, Reply

PRIMARY_TEXT = "from the primary"
FALLBACK_TEXT = "from the fallback"
HUGE_TEXT = " ".join(["x" * 16_000] * 320)  # ≈5 MB in 320 chunks of realistic size
TRICKLE_TEXT = " ".join(f"w{i}" for i in range(20))
#: Short limits keep the whole matrix fast: every timeout case costs 2 × 0.4 s at most.
TIMEOUTS = {"connect_s": 0.3, "first_byte_s": 0.4, "total_s": 10}


# ------------------------------------------------------------------------- fake upstreams


INFLIGHT = web.AppKey("inflight", list[int])


@web.middleware
async def _count_inflight(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    request.app[INFLIGHT][0] += 1
    try:
        return await handler(request)
    finally:
        request.app[INFLIGHT][0] -= 1


def counted_fake() -> web.Application:
    app = fake_openai.make_app()
    app[INFLIGHT] = [0]
    app.middlewares.append(_count_inflight)
    return app


class Silent:
    """Accepts connections, reads the request, never answers; counts what is still open."""

    def __init__(self) -> None:
        self.port = free_port()
        self.open = 0
        self._thread = LoopThread()
        self._server: asyncio.Server = self._thread.run(
            asyncio.start_server(self._handle, "127.0.0.1", self.port)
        )

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open += 1
        try:
            await reader.read()  # until the gateway hangs up
        finally:
            self.open -= 1
            writer.close()

    def stop(self) -> None:
        self._server.close()
        self._thread.stop()


class Blackhole:
    """A listener whose accept queue is full: the kernel drops new SYNs, connect() hangs."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        self.port = self._listener.getsockname()[1]
        self._filler = socket.create_connection(("127.0.0.1", self.port), timeout=1)
        with socket.socket() as probe, pytest.raises(TimeoutError):
            probe.settimeout(0.2)
            probe.connect(("127.0.0.1", self.port))  # proves the queue is full

    def stop(self) -> None:
        self._filler.close()
        self._listener.close()


def tcp_connections(port: int) -> int:
    """Sockets of this network namespace connected or connecting *to* `port` (client side)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[3] in ("01", "02"):  # ESTABLISHED, SYN_SENT
                count += 1
    return count


# ------------------------------------------------------------------------------ the gateway


@dataclass
class World:
    gateway: GatewayServer
    app: App
    faulty: FakeUpstream
    healthy: FakeUpstream
    silent: Silent
    blackhole: Blackhole
    refused_port: int
    config_path: Path
    client: openai.OpenAI

    def tasks(self) -> list[str]:
        return self.gateway.tasks()

    def ports(self) -> list[int]:
        return [self.faulty.port, self.healthy.port, self.silent.port, self.blackhole.port]


def _deployment(name: str, url: str, model: str, region: str = "local") -> dict[str, Any]:
    return {
        "name": name,
        "provider": "openai_compatible",
        "model": model,
        "base_url": f"{url}/v1",
        "api_key": "env:HG_TEST_OPENAI_KEY",
        "region": region,
        "timeouts": TIMEOUTS,
    }


PRIMARIES = ("http", "refused", "blackhole", "silent")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    mp = pytest.MonkeyPatch()
    mp.setenv("HG_TEST_OPENAI_KEY", fake_openai.API_KEY)
    faulty, healthy = FakeUpstream(counted_fake()), FakeUpstream(counted_fake())
    fake_openai.script(healthy.app, Answer(text=FALLBACK_TEXT))
    silent, blackhole, refused_port = Silent(), Blackhole(), free_port()
    urls = {
        "http": faulty.url,
        "refused": f"http://127.0.0.1:{refused_port}",
        "blackhole": f"http://127.0.0.1:{blackhole.port}",
        "silent": f"http://127.0.0.1:{silent.port}",
    }
    tmp = tmp_path_factory.mktemp("matrix")
    config = {
        "storage": str(tmp / "ledger.db"),
        "deployments": [
            *(_deployment(f"primary-{k}", urls[k], "primary-model") for k in PRIMARIES),
            _deployment("fallback", healthy.url, "fallback-model"),
            _deployment("us-fallback", healthy.url, "fallback-model", region="us"),
        ],
        "tiers": {
            **{f"fb-{k}": [f"primary-{k}", "fallback"] for k in PRIMARIES},
            "routing": ["fallback"],
            "fb-us": ["primary-http", "us-fallback"],
        },
        "policy": {"residency": ["local"]},
        "reliability": {
            "retries": {"attempts": 2, "backoff_s": 0.02, "max_retry_after_s": 0.5},
            # Breakers have their own tests; here every case must meet a fresh primary.
            "breaker": {"consecutive_failures": 1000, "min_requests": 1000},
            "health": {"enabled": False},
        },
        "server": {"warm_up": False},
    }
    config_path = tmp / "gw.yaml"
    config_path.write_text(yaml.safe_dump(config))
    app = create_app(load_settings(config_path))
    gateway = GatewayServer(app)
    client = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key="x", max_retries=0, timeout=20)
    built = World(
        gateway, app, faulty, healthy, silent, blackhole, refused_port, config_path, client
    )
    try:
        yield built
    finally:
        client.close()
        gateway.stop()
        for server in (faulty, healthy, silent, blackhole):
            server.stop()
        mp.undo()


# ------------------------------------------------------------------------------ the matrix


@dataclass(frozen=True)
class Fault:
    name: str
    #: Which primary deployment carries the fault (see PRIMARIES).
    primary: str = "http"
    #: What the faulty fake answers, in order (the last repeats).
    script: tuple[Reply, ...] = ()


@dataclass(frozen=True)
class Expect:
    kind: Literal["fallback", "primary", "error", "error_event"]
    status: int = 200
    says: str = ""
    retry_after: str | None = None
    #: error_event: the text the client had received before the error.
    partial: str = ""


FALLBACK = Expect("fallback")
PRIMARY = Expect("primary")


def error(status: int, says: str = "", retry_after: str | None = None) -> Expect:
    return Expect("error", status, says, retry_after)


def error_event(partial: str, says: str) -> Expect:
    return Expect("error_event", says=says, partial=partial)


NA = None
# fault, then: stream + fallback, non-stream + fallback, stream alone, non-stream alone
MATRIX: list[tuple[Fault, Expect | None, Expect | None, Expect | None, Expect | None]] = [
    *(
        (
            Fault(f"HTTP {s}", script=(Failure(s),)),
            FALLBACK,
            FALLBACK,
            error(502, f"HTTP {s}"),
            error(502, f"HTTP {s}"),
        )
        for s in (500, 502, 503)
    ),
    (
        Fault("503 once, then ok", script=(Failure(503), Answer(text=PRIMARY_TEXT))),
        PRIMARY,
        PRIMARY,
        PRIMARY,
        PRIMARY,
    ),
    (
        Fault("429 retry-after 0.1 s", script=(Failure(429, retry_after="0.1"),)),
        FALLBACK,
        FALLBACK,
        error(503, "HTTP 429", retry_after="1"),
        error(503, "HTTP 429", retry_after="1"),
    ),
    (
        Fault(
            "429 retry-after 0.1 s once, then ok",
            script=(Failure(429, retry_after="0.1"), Answer(text=PRIMARY_TEXT)),
        ),
        PRIMARY,
        PRIMARY,
        PRIMARY,
        PRIMARY,
    ),
    (
        Fault("429 retry-after 30 s", script=(Failure(429, retry_after="30"),)),
        FALLBACK,
        FALLBACK,
        error(503, "HTTP 429", retry_after="30"),
        error(503, "HTTP 429", retry_after="30"),
    ),
    (
        Fault("connection refused", primary="refused"),
        FALLBACK,
        FALLBACK,
        error(502, "cannot connect"),
        error(502, "cannot connect"),
    ),
    (
        Fault("connect timeout", primary="blackhole"),
        FALLBACK,
        FALLBACK,
        error(504, "did not answer in time"),
        error(504, "did not answer in time"),
    ),
    (
        Fault("read timeout", script=(Answer(text=PRIMARY_TEXT, delay_s=3),)),
        FALLBACK,
        FALLBACK,
        error(504, "did not answer in time"),
        error(504, "did not answer in time"),
    ),
    (
        Fault(
            "headers at once, first event late",
            script=(Answer(text=PRIMARY_TEXT, first_event_delay_s=3),),
        ),
        FALLBACK,
        NA,
        error(504, "did not answer in time"),
        NA,
    ),
    (
        Fault("accepts, never answers", primary="silent"),
        FALLBACK,
        FALLBACK,
        error(504, "did not answer in time"),
        error(504, "did not answer in time"),
    ),
    (
        Fault("reset before the first token", script=(Answer(text=PRIMARY_TEXT, reset_after=0),)),
        FALLBACK,
        FALLBACK,
        error(502, "closed the connection"),
        error(502, "closed the connection"),
    ),
    (
        Fault("reset mid-answer", script=(Answer(text="one two three four", reset_after=2),)),
        error_event("one two ", "closed the connection"),
        FALLBACK,
        error_event("one two ", "closed the connection"),
        error(502, "closed the connection"),
    ),
    (
        Fault("malformed JSON", script=(Answer(text=PRIMARY_TEXT, malformed=True),)),
        FALLBACK,
        FALLBACK,
        error(502, "not valid JSON"),
        error(502, "not valid JSON"),
    ),
    (
        Fault(
            "truncated SSE before any token",
            script=(Answer(text=PRIMARY_TEXT, truncate_after=0),),
        ),
        FALLBACK,
        NA,
        error(502, "before [DONE]"),
        NA,
    ),
    (
        Fault(
            "truncated SSE mid-answer",
            script=(Answer(text="one two three four", truncate_after=2),),
        ),
        error_event("one two ", "before [DONE]"),
        NA,
        error_event("one two ", "before [DONE]"),
        NA,
    ),
    (
        Fault(
            "slow trickle",
            script=(Answer(text=TRICKLE_TEXT, delay_s=0.2, chunk_delay_s=0.03),),
        ),
        Expect("primary", says=TRICKLE_TEXT),
        Expect("primary", says=TRICKLE_TEXT),
        Expect("primary", says=TRICKLE_TEXT),
        Expect("primary", says=TRICKLE_TEXT),
    ),
    (
        Fault("huge response (5 MB)", script=(Answer(text=HUGE_TEXT),)),
        Expect("primary", says=HUGE_TEXT),
        Expect("primary", says=HUGE_TEXT),
        Expect("primary", says=HUGE_TEXT),
        Expect("primary", says=HUGE_TEXT),
    ),
]

COLUMNS = (
    ("stream", True, True),
    ("non-stream", False, True),
    ("stream, no fallback", True, False),
    ("non-stream, no fallback", False, False),
)


def _cases() -> Iterator[Any]:
    for fault, *outcomes in MATRIX:
        for (column, stream, fallback), expect in zip(COLUMNS, outcomes, strict=True):
            if expect is not None:
                yield pytest.param(fault, stream, fallback, expect, id=f"{fault.name} | {column}")


@dataclass
class Seen:
    status: int
    text: str
    deployment: str | None = None
    error: dict[str, Any] | None = None
    retry_after: str | None = None
    #: The stream's error event, after `text` had arrived.
    stream_error: str | None = None


def ask(world: World, model: str, stream: bool) -> Seen:
    messages: list[Any] = [{"role": "user", "content": "hi"}]
    chat = world.client.chat.completions
    try:
        if not stream:
            raw = chat.with_raw_response.create(model=model, messages=messages)
            answer = raw.parse()
            return Seen(
                200,
                answer.choices[0].message.content or "",
                raw.headers.get("x-hybridgate-deployment"),
            )
        received: list[str] = []
        with chat.with_streaming_response.create(
            model=model, messages=messages, stream=True
        ) as response:
            deployment = response.headers.get("x-hybridgate-deployment")
            try:
                for chunk in response.parse():
                    if chunk.choices and chunk.choices[0].delta.content:
                        received.append(chunk.choices[0].delta.content)
            except openai.APIError as exc:  # the error event, in OpenAI's shape
                return Seen(200, "".join(received), deployment, stream_error=exc.message)
        return Seen(200, "".join(received), deployment)
    except openai.APIStatusError as exc:
        return Seen(
            exc.status_code,
            "",
            error=exc.response.json()["error"],
            retry_after=exc.response.headers.get("retry-after"),
        )


def wait_for(predicate: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.fixture(scope="module")
def baseline_tasks(world: World) -> list[str]:
    ask(world, "routing", stream=False)  # warm: whatever the first request starts for good
    return world.tasks()


@pytest.mark.parametrize(("fault", "stream", "fallback", "expect"), list(_cases()))
def test_fault_matrix(
    world: World,
    baseline_tasks: list[str],
    fault: Fault,
    stream: bool,
    fallback: bool,
    expect: Expect,
) -> None:
    if fault.script:
        fake_openai.script(world.faulty.app, *fault.script)
    model = f"fb-{fault.primary}" if fallback else f"primary-{fault.primary}"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()

    seen = ask(world, model, stream)

    assert time.monotonic() - started < 5, "no case may wait on a long retry-after"
    if expect.kind == "fallback":
        assert (seen.status, seen.text, seen.deployment) == (200, FALLBACK_TEXT, "fallback")
    elif expect.kind == "primary":
        assert seen.status == 200 and seen.stream_error is None
        assert seen.text == (expect.says or PRIMARY_TEXT)
        assert seen.deployment == f"primary-{fault.primary}"
    elif expect.kind == "error":
        assert seen.status == expect.status
        assert seen.error is not None and expect.says in seen.error["message"]
        assert seen.error["type"] and seen.error["code"]  # OpenAI's error shape
        assert seen.retry_after == expect.retry_after
    else:
        # An RST may beat the last bytes sent before it: some prefix of the partial arrives.
        assert seen.status == 200 and seen.text and expect.partial.startswith(seen.text)
        assert seen.stream_error is not None and expect.says in seen.stream_error
        assert seen.deployment == f"primary-{fault.primary}"
    if fault.name.startswith("huge"):
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        assert grown_mb < 200, f"a 5 MB answer grew the process by {grown_mb:.0f} MB"

    # Nothing left behind: tasks, upstream handlers, connections.
    assert wait_for(lambda: world.tasks() == baseline_tasks), (
        f"leaked tasks: {sorted(set(world.tasks()) - set(baseline_tasks))}"
    )
    assert wait_for(lambda: world.faulty.app[INFLIGHT][0] == 0), "upstream handler still running"
    assert wait_for(lambda: world.silent.open == 0), "connection to the silent upstream kept"
    for port in world.ports():
        assert wait_for(lambda p=port: tcp_connections(p) <= 1 + (p == world.blackhole.port)), (
            f"{tcp_connections(port)} connections to upstream port {port} linger"
        )


def test_a_fallback_outside_the_residency_policy_is_never_used(world: World) -> None:
    fake_openai.script(world.faulty.app, Failure(500))
    before = len(world.healthy.app[fake_openai.REQUESTS])
    seen = ask(world, "fb-us", stream=False)
    assert seen.status == 502 and seen.error is not None
    assert len(world.healthy.app[fake_openai.REQUESTS]) == before  # the us fallback saw nothing

    # The ledger's row for the failure says what was tried, not only that it failed.
    ledger = world.config_path.parent / "ledger.db"

    def failure_reasons() -> list[str]:
        with contextlib.closing(sqlite3.connect(ledger)) as db:
            rows = db.execute(
                "SELECT reasons FROM requests WHERE tier = 'fb-us' AND status = 'error'"
            ).fetchall()
        return [r for (r,) in rows]

    assert wait_for(lambda: bool(failure_reasons()), timeout=5)
    assert "primary-http: 500 after 2 attempts, moved on" in failure_reasons()[-1]


def test_a_mid_stream_failure_is_an_anthropic_error_event_and_a_partial_ledger_row(
    world: World,
) -> None:
    import anthropic

    fake_openai.script(world.faulty.app, Answer(text="one two three four", reset_after=2))
    received: list[str] = []
    with (
        anthropic.Anthropic(base_url=world.gateway.url, api_key="x", max_retries=0) as client,
        pytest.raises(anthropic.APIStatusError, match="closed the connection"),
        client.messages.stream(
            model="fb-http", max_tokens=20, messages=[{"role": "user", "content": "go"}]
        ) as stream,
    ):
        received.extend(stream.text_stream)
    assert "".join(received) in ("one ", "one two ")  # an RST may beat the last bytes
    ledger = world.config_path.parent / "ledger.db"

    def partial_rows() -> list[tuple[str, int]]:
        with contextlib.closing(sqlite3.connect(ledger)) as db:
            return db.execute(
                "SELECT status, output_tokens FROM requests"
                " WHERE deployment = 'primary-http' AND protocol = 'anthropic'"
            ).fetchall()

    assert wait_for(lambda: bool(partial_rows()), timeout=5)
    status, output_tokens = partial_rows()[-1]
    assert status == "error"
    assert output_tokens > 0  # the partial answer is on the ledger
