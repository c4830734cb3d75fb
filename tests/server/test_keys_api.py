"""Virtual keys through the official SDKs: authentication, budgets, rate limits, allowed
tiers, in both caller protocols, and a budget under 100 concurrent requests."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import random
import sqlite3
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import anthropic
import openai
import pytest
import yaml

from hybridgate.cli.main import main
from tests import rawhttp
from tests.conftest import Gateway
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

#: The key cache's TTL is 1 s: a key created or revoked elsewhere counts after it.
CACHE_S = 1.1
GPT_4O_IN, GPT_4O_OUT = Decimal("2.5e-6"), Decimal("10e-6")  # USD a token (bundled catalog)


def create_key(gateway: Gateway, *flags: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["keys", "create", "--config", str(gateway.config_path), "--json", *flags])
    assert code == 0
    return str(json.loads(out.getvalue())["key"])


def revoke_key(gateway: Gateway, name: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["keys", "revoke", name, "--config", str(gateway.config_path)]) == 0


class Clients:
    """SDK clients on the gateway, closed after the test (an exception kept by
    `pytest.raises` would otherwise keep one's socket alive until some later test)."""

    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway
        self._open: list[openai.OpenAI | anthropic.Anthropic] = []

    def openai(self, key: str) -> openai.OpenAI:
        client = openai.OpenAI(base_url=f"{self._gateway.url}/v1", api_key=key, max_retries=0)
        self._open.append(client)
        return client

    def anthropic(self, key: str) -> anthropic.Anthropic:
        client = anthropic.Anthropic(base_url=self._gateway.url, api_key=key, max_retries=0)
        self._open.append(client)
        return client

    def close(self) -> None:
        for client in self._open:
            client.close()


@pytest.fixture
def sdk(gateway: Gateway) -> Iterator[Clients]:
    clients = Clients(gateway)
    yield clients
    clients.close()


def ask(client: openai.OpenAI, model: str = "gpt-4o", max_tokens: int = 10) -> Any:
    return client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "hello there"}], max_tokens=max_tokens
    )


def ledger_rows(gateway: Gateway, expect: int, timeout: float = 10) -> list[sqlite3.Row]:
    storage = yaml.safe_load(gateway.config_path.read_text())["storage"]
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.closing(sqlite3.connect(storage)) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM requests ORDER BY id").fetchall()
        if len(rows) >= expect or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


def test_open_until_a_key_exists_then_every_request_needs_one(
    sdk: Clients, gateway: Gateway
) -> None:
    assert ask(sdk.openai("unused")).choices[0].message.content  # open, as out of the box
    secret = create_key(gateway, "--name", "app")
    time.sleep(CACHE_S)

    with pytest.raises(openai.AuthenticationError) as raised:
        ask(sdk.openai("unused"))
    assert raised.value.status_code == 401
    assert isinstance(raised.value.body, dict) and raised.value.body["code"] == "invalid_api_key"
    with pytest.raises(anthropic.AuthenticationError) as denied:
        sdk.anthropic("hg-not-a-real-key").messages.create(
            model="claude", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
        )
    assert denied.value.status_code == 401
    assert denied.value.response.json()["error"]["type"] == "authentication_error"

    assert ask(sdk.openai(secret)).choices[0].message.content
    message = sdk.anthropic(secret).messages.create(
        model="claude", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    )
    assert message.content


def test_a_revoked_key_gets_401_in_both_protocols(sdk: Clients, gateway: Gateway) -> None:
    secret = create_key(gateway, "--name", "leaked")
    assert ask(sdk.openai(secret)).choices[0].message.content
    revoke_key(gateway, "leaked")
    time.sleep(CACHE_S)
    with pytest.raises(openai.AuthenticationError, match="revoked"):
        ask(sdk.openai(secret))
    with pytest.raises(anthropic.AuthenticationError, match="revoked"):
        sdk.anthropic(secret).messages.create(
            model="claude", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
        )


def test_budget_exhausted_is_429_budget_exceeded_with_retry_after(
    sdk: Clients, gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(prompt_tokens=11, completion_tokens=5)
    )
    # Each request costs $0.0000775 (11 in, 5 out) and reserves twice its counted prompt
    # (the template's overhead learned from the first answer: 22 tokens) + 10 out: $0.000155.
    secret = create_key(
        gateway, "--name", "small", "--budget-usd", "0.00025", "--budget-period", "day"
    )
    client = sdk.openai(secret)
    ask(client)
    ask(client)
    with pytest.raises(openai.RateLimitError) as refused:
        ask(client)
    error = refused.value
    assert isinstance(error.body, dict) and error.body["code"] == "budget_exceeded"
    assert "daily budget" in error.message and "$0.000155 spent" in error.message
    assert 0 < int(error.response.headers["retry-after"]) <= 86400  # the next UTC day

    with pytest.raises(anthropic.RateLimitError) as in_anthropic:
        sdk.anthropic(secret).messages.create(
            model="gpt-4o", max_tokens=10, messages=[{"role": "user", "content": "hello there"}]
        )
    body = in_anthropic.value.response.json()
    assert body["type"] == "error" and body["error"]["type"] == "rate_limit_error"
    assert "budget" in body["error"]["message"]
    assert in_anthropic.value.response.headers["retry-after"]

    rows = ledger_rows(gateway, 4)
    key_id = rows[0]["key_id"]
    assert key_id and all(row["key_id"] == key_id for row in rows)
    assert [row["http_status"] for row in rows] == [200, 200, 429, 429]
    assert sum(row["cost_nusd"] for row in rows) == 155_000


def test_rpm_limit_is_429_rate_limit_exceeded(sdk: Clients, gateway: Gateway) -> None:
    secret = create_key(gateway, "--name", "chatty", "--rpm", "2")
    if time.time() % 60 > 57:  # three requests in one clock minute
        time.sleep(60 - time.time() % 60)
    ask(sdk.openai(secret))
    ask(sdk.openai(secret))
    with pytest.raises(openai.RateLimitError) as refused:
        ask(sdk.openai(secret))
    assert isinstance(refused.value.body, dict)
    assert refused.value.body["code"] == "rate_limit_exceeded"
    assert 1 <= int(refused.value.response.headers["retry-after"]) <= 60


def test_tpm_counts_the_reservation(sdk: Clients, gateway: Gateway) -> None:
    secret = create_key(gateway, "--name", "wordy", "--tpm", "100")
    with pytest.raises(openai.RateLimitError, match="lower max_tokens"):
        ask(sdk.openai(secret), max_tokens=500)
    assert ask(sdk.openai(secret), max_tokens=20).choices


def test_a_key_limited_to_some_tiers_gets_a_clear_403(sdk: Clients, gateway: Gateway) -> None:
    secret = create_key(gateway, "--name", "cheap", "--tiers", "routing,extraction")
    assert ask(sdk.openai(secret), model="routing").choices
    assert ask(sdk.openai(secret), model="vllm-llama").choices  # a member of routing
    with pytest.raises(openai.PermissionDeniedError) as refused:
        ask(sdk.openai(secret), model="reasoning")
    assert isinstance(refused.value.body, dict)
    assert refused.value.body["code"] == "model_not_allowed"
    assert "may use tiers extraction, routing" in refused.value.message
    assert "tier 'reasoning'" in refused.value.message
    with pytest.raises(openai.PermissionDeniedError, match="deployment 'claude'"):
        ask(sdk.openai(secret), model="claude")


async def test_100_concurrent_requests_never_overspend_a_small_budget(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="ok", prompt_tokens=3, completion_tokens=4, delay_s=0.05),
    )
    budget = Decimal("0.0005")
    secret = create_key(
        gateway, "--name", "burst", "--budget-usd", str(budget), "--budget-period", "total"
    )
    # Each answer costs 3 input and at most 5 output tokens at gpt-4o's prices.
    reservation = 3 * GPT_4O_IN + 5 * GPT_4O_OUT
    client = openai.AsyncOpenAI(base_url=f"{gateway.url}/v1", api_key=secret, max_retries=0)
    rng = random.Random(7)

    async def one(n: int) -> str:
        await asyncio.sleep(rng.random() * 0.6)  # overlapping, arriving over 0.6 s
        messages: Any = [{"role": "user", "content": "Say something."}]
        try:
            if n % 2:
                stream = await client.chat.completions.create(
                    model="gpt-4o", messages=messages, max_tokens=5, stream=True,
                    stream_options={"include_usage": True},
                )  # fmt: skip
                async for _ in stream:
                    pass
            else:
                await client.chat.completions.create(
                    model="gpt-4o", messages=messages, max_tokens=5
                )
        except openai.RateLimitError as exc:
            assert isinstance(exc.body, dict)
            return str(exc.body["code"])
        return "ok"

    outcomes = await asyncio.gather(*(one(n) for n in range(100)))
    rows = ledger_rows(gateway, 100)
    spent = Decimal(sum(row["cost_nusd"] for row in rows)) / Decimal(10**9)
    print(f"100 concurrent: {outcomes.count('ok')} answered, spent ${spent} of ${budget}")
    assert len(rows) == 100
    assert set(outcomes) == {"ok", "budget_exceeded"}
    assert spent <= budget + reservation
    # Refusals under a burst come from reservations in flight (how many overlap depends on
    # the machine's load); once they are settled the rest of the budget is still spendable,
    # one request at a time, until less than one reservation is left (the gateway reserves
    # up to twice an answer's cost: chat overhead and a margin for tokenizers it doesn't know).
    later = []
    while (outcome := await one(0)) == "ok":
        later.append(outcome)
        assert len(later) < 100, "the budget never ran out"
    await client.close()
    rows = ledger_rows(gateway, 101 + len(later))
    spent = Decimal(sum(row["cost_nusd"] for row in rows)) / Decimal(10**9)
    print(f"then {len(later)} one at a time: spent ${spent}")
    assert budget - 2 * reservation < spent <= budget + reservation
    assert {row["stream"] for row in rows if row["http_status"] == 200} == {0, 1}


def test_anthropic_sdks_send_the_key_as_x_api_key(sdk: Clients, gateway: Gateway) -> None:
    secret = create_key(gateway, "--name", "claude-user")
    message = sdk.anthropic(secret).messages.create(
        model="claude", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    )
    assert message.content[0].type == "text" and message.content[0].text
    assert ledger_rows(gateway, 1)[0]["key_id"].startswith("key_")


async def test_an_upstream_that_counts_twice_the_estimate_cannot_overspend(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    """The reservation is an upper bound: an upstream whose tokenizer counts twice what the
    gateway estimates (chat formatting, another vocabulary) overspends by at most one answer."""
    from hybridgate.accounting.tokens import TokenCounter
    from hybridgate.protocol.canonical import ChatRequest, Message, TextPart

    text = "Say something, and make it count."
    estimate = TokenCounter().prompt_tokens(
        ChatRequest("gpt-4o", (Message("user", (TextPart(text),)),))
    )
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="ok", prompt_tokens=2 * estimate, completion_tokens=5),
    )
    budget = Decimal("0.001")
    secret = create_key(
        gateway, "--name", "heavy", "--budget-usd", str(budget), "--budget-period", "total"
    )
    one_answer = 2 * estimate * GPT_4O_IN + 5 * GPT_4O_OUT
    client = openai.AsyncOpenAI(base_url=f"{gateway.url}/v1", api_key=secret, max_retries=0)

    async def one() -> str:
        try:
            await client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": text}], max_tokens=5
            )
        except openai.RateLimitError:
            return "refused"
        return "ok"

    outcomes = await asyncio.gather(*(one() for _ in range(100)))
    await client.close()
    rows = ledger_rows(gateway, 100)
    spent = Decimal(sum(row["cost_nusd"] for row in rows)) / Decimal(10**9)
    assert outcomes.count("ok") >= 1
    assert spent <= budget + one_answer, (spent, budget, one_answer)


def test_unauthenticated_requests_are_counted_not_written_to_the_ledger(
    sdk: Clients, gateway: Gateway
) -> None:
    """Anyone can send requests without a key, as fast as they like: each would otherwise be a
    ledger row (a cheap way to flood it). They are a metric instead."""
    secret = create_key(gateway, "--name", "real")
    time.sleep(CACHE_S)
    assert ask(sdk.openai(secret)).choices
    for _ in range(20):
        with pytest.raises(openai.AuthenticationError):
            ask(sdk.openai("hg-guess"))
    with pytest.raises(openai.AuthenticationError):
        sdk.openai("hg-guess").embeddings.create(model="vllm-llama", input="x")
    time.sleep(0.5)  # the ledger writer's batch interval
    assert len(ledger_rows(gateway, 1, timeout=0)) == 1  # the real request only
    metrics = rawhttp.get(gateway.url + "/metrics").body.decode()
    assert "hybridgate_unauthenticated_refusals_total 21.0" in metrics


def test_a_key_over_its_limits_is_refused_before_its_request_is_scanned(
    sdk: Clients, gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    """Admission before work: the rate limit and a spent budget need only the key, so a big
    request from a key that may not send it costs no scanning, counting or routing."""
    router = gateway.server.app.parts.router
    decided: list[str] = []
    decide = router.decide_chat

    def counting(request: Any, *args: Any, **kwargs: Any) -> Any:
        decided.append(request.model)
        return decide(request, *args, **kwargs)

    router.decide_chat = counting  # type: ignore[method-assign]
    secret = create_key(gateway, "--name", "slow", "--rpm", "1")
    if time.time() % 60 > 55:  # both requests in one clock minute
        time.sleep(60 - time.time() % 60)
    assert ask(sdk.openai(secret)).choices
    big = "lorem ipsum dolor sit amet " * 2000
    with pytest.raises(openai.RateLimitError):
        sdk.openai(secret).chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": big}], max_tokens=5
        )
    assert decided == ["gpt-4o"]  # only the first request was ever routed

    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(prompt_tokens=1000, completion_tokens=1000)
    )
    spent = create_key(gateway, "--name", "spent", "--budget-usd", "0.001")
    ask(sdk.openai(spent))  # costs more than the whole budget: it is spent now
    decided.clear()
    with pytest.raises(openai.RateLimitError, match="budget"):
        sdk.openai(spent).chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": big}], max_tokens=5
        )
    assert decided == []
    fake_openai.script(openai_upstream.app, fake_openai.Answer())


def test_a_refused_body_is_on_the_ledger_under_its_key(sdk: Clients, gateway: Gateway) -> None:
    secret = create_key(gateway, "--name", "sloppy")
    time.sleep(CACHE_S)
    headers = {"authorization": f"Bearer {secret}"}
    assert rawhttp.post(gateway.url + "/v1/chat/completions", b"{not json", headers).status == 400
    assert rawhttp.post(gateway.url + "/v1/embeddings", b"[]", headers).status == 400
    rows = ledger_rows(gateway, 2)
    assert [row["http_status"] for row in rows] == [400, 400]
    assert all(row["key_id"] and row["key_id"].startswith("key_") for row in rows)
