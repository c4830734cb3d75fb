"""The response cache as a caller and an operator see it: the same deterministic question is
answered again without an upstream call, at $0, marked `x-hybridgate-cache: hit`; answers
never cross keys or privacy classes; entries expire and the cache stays within its bounds."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from decimal import Decimal
from typing import Any

import pytest

from hybridgate.config.observability import CacheSettings, SemanticCache
from hybridgate.pipeline.response_cache import ResponseCache
from hybridgate.protocol.canonical import ChatRequest, Finish, Message, TextDelta, TextPart
from hybridgate.routing.decision import RouteDecision
from tests import rawhttp, sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.server.test_keys_api import create_key

QUESTION = [{"role": "user", "content": "Name the capital of France in one word."}]


def _cached(config: dict[str, Any]) -> None:
    config["cache"] = {"enabled": True}


def _rows(gateway: Gateway, expect: int) -> list[tuple[int, str]]:
    ledger = gateway.config_path.parent / "ledger.db"
    deadline = time.monotonic() + 10
    while True:
        with contextlib.closing(sqlite3.connect(ledger)) as db:
            rows = db.execute("SELECT cost_nusd, reasons FROM requests ORDER BY id").fetchall()
        if len(rows) >= expect or time.monotonic() > deadline:
            return [(int(cost), str(reasons)) for cost, reasons in rows]
        time.sleep(0.05)


def test_a_repeated_question_is_served_from_the_cache_at_no_cost(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(_cached)
    client = sdk.openai_client(gateway.url)
    calls = len(openai_upstream.app[fake_openai.REQUESTS])
    first = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=QUESTION, temperature=0, max_tokens=10
    )
    assert first.headers["x-hybridgate-cache"] == "miss"
    second = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=QUESTION, temperature=0, max_tokens=10
    )
    assert second.headers["x-hybridgate-cache"] == "hit"
    assert second.headers["x-hybridgate-cost-usd"] == "0"
    assert second.parse().choices[0].message.content == first.parse().choices[0].message.content
    assert second.parse().usage == first.parse().usage
    # Streaming reads the same entry.
    with client.chat.completions.with_streaming_response.create(
        model="gpt-4o", messages=QUESTION, temperature=0, max_tokens=10, stream=True
    ) as streamed:
        assert streamed.headers["x-hybridgate-cache"] == "hit"
        text = "".join(
            chunk.choices[0].delta.content or "" for chunk in streamed.parse() if chunk.choices
        )
    assert text == first.parse().choices[0].message.content
    assert len(openai_upstream.app[fake_openai.REQUESTS]) == calls + 1

    metrics = rawhttp.get(f"{gateway.url}/metrics").body.decode()
    assert (
        'hybridgate_cache_requests_total{deployment="gpt-4o",result="hit",tier="none"} 2.0'
        in metrics
    )
    rows = _rows(gateway, 3)
    assert rows[0][0] > 0
    saved = Decimal(rows[0][0]) / Decimal(10**9)
    for cost, reasons in rows[1:]:
        assert cost == 0
        assert f"cache: hit, saved ${saved:f}" in reasons


def test_a_streamed_answer_is_kept_whole_and_served_to_a_non_streaming_caller(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(_cached)
    client = sdk.openai_client(gateway.url)
    question = [{"role": "user", "content": "Stream me the capital of Italy."}]
    stream = client.chat.completions.create(
        model="gpt-4o",
        messages=question,
        temperature=0,
        max_tokens=10,
        stream=True,
        stream_options={"include_usage": True},  # usage arrives after the finish
    )
    streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    calls = len(openai_upstream.app[fake_openai.REQUESTS])
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=question, temperature=0, max_tokens=10
    )
    assert raw.headers["x-hybridgate-cache"] == "hit"
    answer = raw.parse()
    assert answer.choices[0].message.content == streamed
    assert answer.usage is not None and answer.usage.completion_tokens == 5
    assert len(openai_upstream.app[fake_openai.REQUESTS]) == calls


def test_nondeterministic_requests_reach_the_upstream_every_time(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(_cached)
    client = sdk.openai_client(gateway.url)
    calls = len(openai_upstream.app[fake_openai.REQUESTS])
    for _ in range(2):
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o", messages=QUESTION, max_tokens=10
        )
        assert raw.headers["x-hybridgate-cache"] == "miss"
    assert len(openai_upstream.app[fake_openai.REQUESTS]) == calls + 2


def test_one_keys_answer_never_serves_another_key(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    def keyed(config: dict[str, Any]) -> None:
        _cached(config)
        config["auth"] = "keys"

    gateway = gateway_factory(keyed)
    alice, bob = create_key(gateway, "--name", "alice"), create_key(gateway, "--name", "bob")
    seen = []
    for secret in (alice, alice, bob):
        raw = sdk.openai_client(gateway.url, api_key=secret).chat.completions.with_raw_response
        answer = raw.create(model="gpt-4o", messages=QUESTION, temperature=0, max_tokens=10)
        seen.append(answer.headers["x-hybridgate-cache"])
    assert seen == ["miss", "hit", "miss"]


def test_the_semantic_cache_serves_a_reworded_question(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    def semantic(config: dict[str, Any]) -> None:
        config["cache"] = {"enabled": True, "semantic": {"enabled": True, "threshold": 0.9}}

    gateway = gateway_factory(semantic)
    client = sdk.openai_client(gateway.url).chat.completions.with_raw_response
    ask = "Name the capital of France in one word."
    reworded = "name the capital of france, in one word!"
    unrelated = "Write a haiku about database migrations."
    seen = [
        client.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": text}],
            temperature=0,
            max_tokens=10,
        ).headers["x-hybridgate-cache"]
        for text in (ask, reworded, unrelated)
    ]
    assert seen == ["miss", "hit", "miss"]


# The cache on its own: keys, expiry and bounds.


def _request(text: str, **changes: Any) -> ChatRequest:
    message = Message(role="user", content=(TextPart(text),))
    fields: dict[str, Any] = {"model": "gpt-4o", "temperature": 0} | changes
    return ChatRequest(messages=(message,), **fields)


def _answer(text: str) -> list[Any]:
    return [TextDelta(text), Finish("stop")]


LOCAL = RouteDecision(target="gpu-box", tier="routing", privacy_action="local_only")
CLOUD = RouteDecision(target="gpt-4o", tier="routing", fallbacks=("gpu-box",))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_locally_kept_answer_never_serves_a_cloud_routed_request() -> None:
    cache = ResponseCache(CacheSettings(enabled=True))
    request = _request("my email is a@b.example, summarise it")
    local = cache.key(request, LOCAL, "key:k1")
    assert local is not None
    cache.put(local, _answer("kept local"), "gpu-box", Decimal(0))
    cloud = cache.key(request, CLOUD, "key:k1")
    assert cloud is not None and (await cache.lookup(cloud, request))[0] is None
    assert (await cache.lookup(local, request))[0] is not None
    assert cache.key(request, RouteDecision("gpt-4o", None, redact=True), "key:k1") is None


@pytest.mark.parametrize("changes", [{"max_tokens": 5}, {"stop": ("x",)}, {"model": "other"}])
async def test_any_other_parameter_is_another_question(changes: dict[str, Any]) -> None:
    cache = ResponseCache(CacheSettings(enabled=True))
    stored = cache.key(_request("hello"), CLOUD, "c")
    assert stored is not None
    cache.put(stored, _answer("hi"), "gpt-4o", Decimal(0))
    other = cache.key(_request("hello", **changes), CLOUD, "c")
    assert other is not None and (await cache.lookup(other, _request("hello")))[0] is None


async def test_entries_expire_and_the_cache_keeps_to_its_bounds() -> None:
    clock = Clock()
    cache = ResponseCache(CacheSettings(enabled=True, ttl_s=60, max_entries=3), clock=clock)
    keys = []
    for i in range(4):
        key = cache.key(_request(f"q{i}"), CLOUD, "c")
        assert key is not None
        keys.append(key)
        cache.put(key, _answer(f"a{i}"), "gpt-4o", Decimal(0))
    assert len(cache) == 3
    assert (await cache.lookup(keys[0], _request("q0")))[0] is None  # the oldest went first
    assert (await cache.lookup(keys[3], _request("q3")))[0] is not None
    clock.now += 61
    assert (await cache.lookup(keys[3], _request("q3")))[0] is None
    assert len(cache) == 2

    small = ResponseCache(CacheSettings(enabled=True, max_bytes=1024))
    for i in range(8):
        key = small.key(_request(f"q{i}"), CLOUD, "c")
        assert key is not None
        small.put(key, _answer("x" * 300), "gpt-4o", Decimal(0))
    assert 0 < len(small) <= 3


async def test_semantic_matches_stay_inside_their_partition() -> None:
    vectors = {"a": [1.0, 0.0], "a'": [0.99, 0.141], "b": [0.0, 1.0]}
    import numpy as np

    settings = CacheSettings(enabled=True, semantic=SemanticCache(enabled=True, threshold=0.9))
    cache = ResponseCache(settings, embed=lambda text: np.asarray(vectors[text]))
    key = cache.key(_request("a"), CLOUD, "c")
    assert key is not None
    entry, vector = await cache.lookup(key, _request("a"))
    assert entry is None
    cache.put(key, _answer("A"), "gpt-4o", Decimal(0), vector)
    near = cache.key(_request("a'"), CLOUD, "c")
    assert near is not None and (await cache.lookup(near, _request("a'")))[0] is not None
    far = cache.key(_request("b"), CLOUD, "c")
    assert far is not None and (await cache.lookup(far, _request("b")))[0] is None
    other_key = cache.key(_request("a'"), CLOUD, "d")
    assert other_key is not None and (await cache.lookup(other_key, _request("a'")))[0] is None
