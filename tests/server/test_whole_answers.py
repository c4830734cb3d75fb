"""A non-streaming answer is handed over whole (`Failover.answer`, `ChatExecution.response`),
a streaming one as events: both SDKs get the same answer either way, and the ledger the same
row but for `stream` and timings — redaction restored, usage and cost from the upstream."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests import sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.server.test_keys_api import ledger_rows

#: What differs between a streamed and a collected answer's row by nature.
_PER_CALL = {"id", "ts", "request_id", "stream", "latency_ms", "ttft_ms"}

EMAIL = "jane.doe@example.com"


def _same_but_stream(rows: list[Any]) -> dict[str, Any]:
    whole, streamed = (
        {k: row[k] for k in row.keys() if k not in _PER_CALL}  # noqa: SIM118 (a sqlite3.Row)
        for row in rows
    )
    assert (rows[0]["stream"], rows[1]["stream"]) == (0, 1)
    assert rows[0]["ttft_ms"] is not None and rows[1]["ttft_ms"] is not None
    assert whole == streamed
    return whole


@pytest.fixture
def redacting(gateway_factory: GatewayFactory) -> Gateway:
    """The benchmark's `full` settings on the test fakes: every prompt scanned, redacted."""
    return gateway_factory(lambda config: config.update(policy={"privacy": "redact"}))


def test_openai_sdk_whole_and_streamed_answers_match_with_redaction_restored(
    redacting: Gateway, openai_upstream: FakeUpstream
) -> None:
    client = sdk.openai_client(redacting.url)
    reply = fake_openai.Answer(text="I will write to {placeholder}.", completion_tokens=6)
    fake_openai.script(openai_upstream.app, reply, reply)
    question = [{"role": "user", "content": f"Please email {EMAIL} about the invoice."}]
    whole = client.chat.completions.create(model="gpt-4o", messages=question)  # type: ignore[arg-type]
    chunks = client.chat.completions.create(
        model="gpt-4o",
        messages=question,  # type: ignore[arg-type]
        stream=True,
        stream_options={"include_usage": True},
    )
    streamed, usage = "", None
    for chunk in chunks:
        if chunk.choices and chunk.choices[0].delta.content:
            streamed += chunk.choices[0].delta.content
        usage = chunk.usage or usage
    assert whole.choices[0].message.content == streamed == f"I will write to {EMAIL}."
    assert whole.usage is not None and usage is not None
    assert (whole.usage.prompt_tokens, whole.usage.completion_tokens) == (11, 6)
    assert (usage.prompt_tokens, usage.completion_tokens) == (11, 6)
    sent = openai_upstream.app[fake_openai.REQUESTS]
    assert len(sent) == 2 and all(EMAIL not in json.dumps(body) for body in sent)
    row = _same_but_stream(ledger_rows(redacting, 2))
    assert (row["deployment"], row["status"], row["privacy_action"]) == (
        "gpt-4o",
        "ok",
        "redact",
    )
    assert (row["input_tokens"], row["output_tokens"], row["usage_estimated"]) == (11, 6, 0)
    assert row["cost_nusd"] > 0


@pytest.mark.parametrize("model", ["claude", "vllm-llama"])  # native, and translated
def test_anthropic_sdk_whole_and_streamed_answers_match(
    redacting: Gateway,
    openai_upstream: FakeUpstream,
    anthropic_upstream: FakeUpstream,
    model: str,
) -> None:
    fake_anthropic_reply = fake_anthropic.Answer(text="Two words.", output_tokens=3)
    anthropic_upstream.app[fake_anthropic.REPLIES][:] = [fake_anthropic_reply] * 2
    fake_openai.script(
        openai_upstream.app,
        *[fake_openai.Answer(text="Two words.", prompt_tokens=12, completion_tokens=3)] * 2,
    )
    client = sdk.anthropic_client(redacting.url)
    question = [{"role": "user", "content": "Say two words."}]
    whole = client.messages.create(model=model, max_tokens=20, messages=question)  # type: ignore[arg-type]
    with client.messages.stream(model=model, max_tokens=20, messages=question) as stream:  # type: ignore[arg-type]
        streamed = stream.get_final_message()
    for message in (whole, streamed):
        assert message.content[0].type == "text" and message.content[0].text == "Two words."
        assert (message.usage.input_tokens, message.usage.output_tokens) == (12, 3)
        assert message.stop_reason == "end_turn"
    row = _same_but_stream(ledger_rows(redacting, 2))
    assert (row["deployment"], row["status"], row["output_tokens"]) == (model, "ok", 3)
