"""The pipeline's steps (decide -> admit -> execute -> account) used directly, as a
composition of one's own would use them: on a running gateway, against the fake upstreams."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from typing import Any

import pytest
import yaml

from hybridgate.errors import PolicyRefused
from hybridgate.pipeline.execution import ChatExecution, RequestContext
from hybridgate.pipeline.gateway import Gateway as Pipeline
from hybridgate.protocol.canonical import ChatRequest, ChatResponse, Message, TextPart, collect
from hybridgate.routing.decision import RouteDecision
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream


def ask(text: str, *, model: str = "extraction", stream: bool = False) -> ChatRequest:
    return ChatRequest(model=model, messages=(Message("user", (TextPart(text),)),), stream=stream)


def pipeline_of(gw: Gateway) -> Pipeline:
    state = gw.server.app.state
    assert state is not None
    return state.gateway


def ledger_rows(gw: Gateway) -> list[sqlite3.Row]:
    storage = yaml.safe_load(gw.config_path.read_text())["storage"]
    with contextlib.closing(sqlite3.connect(storage)) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM requests ORDER BY id").fetchall()


async def opened(
    pipeline: Pipeline, context: RequestContext, request: ChatRequest
) -> ChatExecution:
    """Decide, admit (anonymously) and open: the answer in progress, nothing accounted yet."""
    decision = await pipeline.decide.chat(request, context, None)
    ticket = await pipeline.admit.reserve(None, request, decision, await pipeline.admit.enter(None))
    return await pipeline.execute.open(request, context, decision, ticket)


def test_the_four_steps_compose_into_one_answer_accounted_once(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(lambda config: None)
    pipeline = pipeline_of(gw)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Composed by hand."))

    async def serve() -> tuple[RouteDecision, ChatExecution, ChatResponse]:
        context = RequestContext(request_id="seam-1", protocol="openai")
        request = ask("Pull the dates out of this letter.")
        ticket = await pipeline.admit.enter(None)
        decision = await pipeline.decide.chat(request, context, None)
        ticket = await pipeline.admit.reserve(None, request, decision, ticket)
        execution = await pipeline.execute.open(request, context, decision, ticket)
        try:
            answer = await collect(execution.events())
        finally:
            await pipeline.account.chat(execution)
        await pipeline.account.chat(execution)  # handed over twice: still one row
        await pipeline.ledger.flush()
        return decision, execution, answer

    decision, execution, answer = gw.server.run(serve())
    assert answer.text == "Composed by hand."
    assert decision.candidates() == ("vllm-llama", "gpt-4o")
    assert decision.explain() == "model names tier extraction"
    assert execution.deployment == "vllm-llama"
    assert execution.usage is not None and execution.usage.output_tokens == 5
    assert execution.cost > 0
    rows = ledger_rows(gw)
    assert [(r["request_id"], r["deployment"], r["status"]) for r in rows] == [
        ("seam-1", "vllm-llama", "ok")
    ]
    assert rows[0]["output_tokens"] == 5


def test_a_stream_abandoned_after_its_first_event_is_accounted_once_as_cancelled(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(lambda config: None)
    pipeline = pipeline_of(gw)
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="one two three four five six seven", chunk_delay_s=0.05),
    )

    async def abandon() -> ChatExecution:
        context = RequestContext(request_id="seam-2", protocol="openai")
        request = ask("Count to seven.", stream=True)
        execution = await opened(pipeline, context, request)
        events = aiter(execution.events())
        try:
            await anext(events)  # the caller reads one event, then goes away
            await events.aclose()  # type: ignore[attr-defined]
        finally:
            await pipeline.account.chat(execution)
        await pipeline.ledger.flush()
        return execution

    execution = gw.server.run(abandon())
    assert execution.status == "cancelled"
    rows = ledger_rows(gw)
    assert [(r["request_id"], r["status"], r["http_status"]) for r in rows] == [
        ("seam-2", "cancelled", 499)
    ]
    assert rows[0]["usage_estimated"]  # the upstream never got to report usage


def test_decide_only_decides_and_refuses_before_anything_is_sent(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    def blocking(config: dict[str, Any]) -> None:
        config["policy"] = {"privacy": "block"}

    gw = gateway_factory(blocking)
    pipeline = pipeline_of(gw)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="never"))
    context = RequestContext(request_id="seam-3", protocol="openai")
    harmless = gw.server.run(pipeline.decide.chat(ask("What is 2 + 2?"), context, None))
    assert harmless.target == "vllm-llama"
    with pytest.raises(PolicyRefused) as refused:
        gw.server.run(
            pipeline.decide.chat(ask("Mail jane.doe@example.com the keys."), context, None)
        )
    assert refused.value.code == "privacy_blocked"
    assert openai_upstream.app[fake_openai.REQUESTS] == []  # deciding sends nothing
    gw.server.run(pipeline.ledger.flush())
    assert ledger_rows(gw) == []  # nor accounts anything: that is the caller's step


def test_a_consumer_cancelled_mid_stream_still_gets_its_answer_accounted_once(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(lambda config: None)
    pipeline = pipeline_of(gw)
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="one two three four five six seven", chunk_delay_s=0.2),
    )

    async def cancel_mid_stream() -> ChatExecution:
        context = RequestContext(request_id="seam-4", protocol="openai")
        request = ask("Count to seven.", stream=True)
        execution = await opened(pipeline, context, request)
        reading = asyncio.Event()

        async def consume() -> None:
            try:
                async for _ in execution.events():
                    reading.set()
            finally:
                await pipeline.account.chat(execution)  # while being cancelled

        consumer = asyncio.create_task(consume())
        await reading.wait()
        consumer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await consumer
        await pipeline.account.chat(execution)  # already handed over: nothing more
        return execution

    execution = gw.server.run(cancel_mid_stream())
    deadline = time.monotonic() + 10
    while True:  # the step finishes in a task of its own
        gw.server.run(pipeline.ledger.flush())
        rows = ledger_rows(gw)
        if rows or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert [(r["request_id"], r["status"]) for r in rows] == [("seam-4", "cancelled")]
    assert execution.texts  # it was cut off after some of the answer, not before
