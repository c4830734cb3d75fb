"""A streamed answer passes the pipeline a batch of events at a time (one upstream read's
each): whatever the batches, the caller gets the same answer, redaction restored where a
placeholder is cut between batches, and an answer abandoned or cut mid-way still releases
its deployment and leaves one ledger row."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybridgate.pipeline.execution import ChatExecution, RequestContext
from hybridgate.protocol.canonical import (
    Finish,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    fold,
)
from hybridgate.routing.privacy.redact import restore_batches, restore_stream
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.pipeline.test_steps import ask, ledger_rows, opened, pipeline_of

MAPPING = {"<EMAIL_1_ab12>": "anna@example.com", "<CREDENTIAL_1_ab12>": 'pa"ss'}
#: As an upstream might stream a redacted answer: placeholders cut inside events.
EVENTS: list[StreamEvent] = [
    TextDelta("Mail <EM"),
    TextDelta("AIL_1_ab12> now, "),
    TextDelta("<EMAIL_1_ab12>"),
    ToolCallDelta(index=0, id="c1", name="login", arguments='{"pw": "<CRED'),
    ToolCallDelta(index=0, arguments='ENTIAL_1_ab12>"}'),
    TextDelta(" and <EMAIL_"),
    Finish("stop"),
]


async def _batches(batches: list[list[StreamEvent]]) -> AsyncIterator[list[StreamEvent]]:
    for batch in batches:
        yield batch


async def _events(events: list[StreamEvent]) -> AsyncIterator[StreamEvent]:
    for event in events:
        yield event


@pytest.fixture
def upstream(openai_upstream: FakeUpstream) -> Iterator[FakeUpstream]:
    """The fake OpenAI upstream, left answering plainly again after the test (its last scripted
    reply would otherwise answer every later test that scripts none)."""
    yield openai_upstream
    fake_openai.script(openai_upstream.app, fake_openai.Answer())


def _cut(events: list[StreamEvent], cuts: set[int]) -> list[list[StreamEvent]]:
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(events)), len(events)]
    return [events[a:b] for a, b in itertools.pairwise(bounds)]


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(min_value=1, max_value=len(EVENTS) - 1)))
def test_restored_the_same_however_the_answer_is_batched(cuts: set[int]) -> None:
    async def both() -> tuple[list[StreamEvent], list[list[StreamEvent]]]:
        one_by_one = [e async for e in restore_stream(_events(EVENTS), MAPPING)]
        batched = [b async for b in restore_batches(_batches(_cut(EVENTS, cuts)), MAPPING)]
        return one_by_one, batched

    one_by_one, batched = asyncio.run(both())
    assert all(batched)  # no empty batch reaches the renderer
    answer = fold([e for batch in batched for e in batch])
    assert answer == fold(one_by_one)
    assert answer.text == "Mail anna@example.com now, anna@example.com and <EMAIL_"
    assert json.loads(answer.tool_calls[0].arguments) == {"pw": 'pa"ss'}


async def test_a_placeholder_cut_between_two_batches_is_held_back_then_restored() -> None:
    batches = [[TextDelta("Write to <EMAIL_1")], [TextDelta("_ab12> today"), Finish("stop")]]
    out = [b async for b in restore_batches(_batches(batches), MAPPING)]
    # The first batch's tail could still become a placeholder: nothing of it leaves early.
    assert out == [
        [TextDelta("Write to ")],
        [TextDelta("anna@example.com today"), Finish("stop")],
    ]


def test_a_redacted_stream_abandoned_mid_way_releases_its_deployment(
    gateway_factory: GatewayFactory, upstream: FakeUpstream
) -> None:
    # The restorer wraps the upstream's answer: closing the answer must still end its load
    # count (balancing) and its upstream call, not only the restorer.
    gw = gateway_factory(lambda config: config.update(policy={"privacy": "redact"}))
    pipeline = pipeline_of(gw)
    fake_openai.script(
        upstream.app,
        fake_openai.Answer(text="I will write to {placeholder} now, then", chunk_delay_s=0.05),
    )

    async def abandon() -> tuple[ChatExecution, int, int]:
        context = RequestContext(request_id="batch-1", protocol="openai")
        request = ask("Please mail jane.doe@example.com the invoice.", stream=True)
        execution = await opened(pipeline, context, request)
        load = pipeline.execute.failover.balancer.load(execution.deployment)
        events = aiter(execution.events())
        try:
            await anext(events)  # the caller reads some, then goes away
            while_open = load.outstanding
            await events.aclose()  # type: ignore[attr-defined]
        finally:
            await pipeline.account.chat(execution)
        await pipeline.ledger.flush()
        return execution, while_open, load.outstanding

    execution, while_open, after = gw.server.run(abandon())
    assert execution.decision.redact
    assert (while_open, after) == (1, 0)
    rows = ledger_rows(gw)
    assert [(r["request_id"], r["status"], r["privacy_action"]) for r in rows] == [
        ("batch-1", "cancelled", "redact")
    ]


def test_a_stream_cut_mid_way_keeps_what_was_delivered_in_one_row(
    gateway_factory: GatewayFactory, upstream: FakeUpstream
) -> None:
    # Several reads, then the upstream stops without [DONE]: the caller keeps the text that
    # came, the ledger one error row estimating the output from that text.
    gw = gateway_factory(lambda config: None)
    pipeline = pipeline_of(gw)
    words = "alpha beta gamma delta epsilon zeta eta theta"
    fake_openai.script(
        upstream.app,
        fake_openai.Answer(text=words, chunk_delay_s=0.02, truncate_after=4),
    )

    async def read() -> tuple[ChatExecution, str, str]:
        context = RequestContext(request_id="batch-2", protocol="openai")
        execution = await opened(pipeline, context, ask("Say eight words.", stream=True))
        text, failure = "", ""
        try:
            async for batch in execution.batches():
                text += "".join(e.text for e in batch if isinstance(e, TextDelta))
        except Exception as exc:  # the stream's end without [DONE], as the route sees it
            failure = type(exc).__name__
        finally:
            await pipeline.account.chat(execution)
        await pipeline.ledger.flush()
        return execution, text, failure

    execution, text, failure = gw.server.run(read())
    assert failure == "UpstreamProtocolError"
    assert text and words.startswith(text.rstrip()) and text.rstrip() != words
    assert "".join(execution.texts) == text
    rows = ledger_rows(gw)
    assert [(r["request_id"], r["status"]) for r in rows] == [("batch-2", "error")]
    assert rows[0]["usage_estimated"] and rows[0]["output_tokens"] > 0
    assert pipeline.execute.failover.balancer.load(execution.deployment).outstanding == 0
