"""`/v1/responses` through the official `openai` SDK's `client.responses`, against fake upstreams
that speak only Chat Completions or Anthropic Messages."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import openai
import pytest

from tests import sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.server.test_keys_api import CACHE_S, create_key

WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Weather for a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}


def client(gateway: Gateway) -> openai.OpenAI:
    return sdk.openai_client(gateway.url)


def test_text_answer_with_usage_headers_and_ledger(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="Paris.", prompt_tokens=20, completion_tokens=6),
    )
    raw = client(gateway).responses.with_raw_response.create(
        model="gpt-4o", instructions="Answer in one word.", input="Capital of France?"
    )
    response = raw.parse()
    assert response.output_text == "Paris."
    assert response.status == "completed"
    assert response.usage is not None
    assert (response.usage.input_tokens, response.usage.output_tokens) == (20, 6)
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"
    assert Decimal(raw.headers["x-hybridgate-cost-usd"]) == Decimal("0.00011")
    # The upstream saw a Chat Completions request: instructions as the system message.
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]
    assert sent["messages"] == [
        {"role": "system", "content": "Answer in one word."},
        {"role": "user", "content": "Capital of France?"},
    ]
    report = gateway.report(expect_requests=1)
    assert report["requests"] == 1
    assert Decimal(str(report["cost_usd"])) == Decimal("0.00011")


def test_streaming_events_in_order_and_the_sdk_helper(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="one two three", chunk_delay_s=0.01)
    )
    events = list(client(gateway).responses.create(model="gpt-4o", input="count", stream=True))
    kinds = [e.type for e in events]
    assert kinds[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert kinds[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    deltas = [e.delta for e in events if e.type == "response.output_text.delta"]
    assert "".join(deltas) == "one two three" and len(deltas) >= 3
    assert [e.sequence_number for e in events] == list(range(len(events)))
    completed = events[-1]
    assert completed.type == "response.completed"
    assert completed.response.output_text == "one two three"
    assert completed.response.usage is not None and completed.response.usage.output_tokens > 0

    # The SDK's accumulating helper reassembles the same answer.
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="streamed"))
    with client(gateway).responses.stream(model="gpt-4o", input="hi") as stream:
        final = stream.get_final_response()
    assert final.output_text == "streamed"


@pytest.mark.parametrize("stream", [False, True])
def test_function_call_then_its_output_through_an_anthropic_upstream(
    gateway: Gateway, anthropic_upstream: FakeUpstream, stream: bool
) -> None:
    anthropic_upstream.app[fake_anthropic.REQUESTS].clear()
    anthropic_upstream.app[fake_anthropic.REPLIES][:] = [
        fake_anthropic.Answer(
            text="", tool_use=fake_anthropic.ToolUse(name="get_weather", input={"city": "Lyon"})
        ),
        fake_anthropic.Answer(text="Sunny in Lyon."),
    ]
    sdk_client = client(gateway)
    if stream:
        with sdk_client.responses.stream(
            model="claude", input="Weather in Lyon?", tools=[WEATHER]
        ) as events:
            first = events.get_final_response()
    else:
        first = sdk_client.responses.create(
            model="claude",
            input="Weather in Lyon?",
            tools=[WEATHER],  # type: ignore[list-item]
        )
    calls = [item for item in first.output if item.type == "function_call"]
    assert len(calls) == 1
    assert calls[0].name == "get_weather"
    assert json.loads(calls[0].arguments) == {"city": "Lyon"}
    answer = sdk_client.responses.create(
        model="claude",
        previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": calls[0].call_id, "output": "sunny"}],
        tools=[WEATHER],  # type: ignore[list-item]
    )
    assert answer.output_text == "Sunny in Lyon."
    # The Anthropic upstream got the whole conversation: question, tool use, tool result.
    sent = anthropic_upstream.app[fake_anthropic.REQUESTS][-1]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"][-1]["type"] == "tool_use"
    assert sent[2]["content"][0]["type"] == "tool_result"
    assert sent[2]["content"][0]["tool_use_id"] == calls[0].call_id


def test_history_sent_as_input_items_without_the_store(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="It is 22C."))
    answer = client(gateway).responses.create(
        model="gpt-4o",
        input=[
            {"role": "developer", "content": "Be brief."},
            {"role": "user", "content": [{"type": "input_text", "text": "Weather in Lyon?"}]},
            {
                "type": "function_call",
                "call_id": "call_1",
                "name": "get_weather",
                "arguments": '{"city":"Lyon"}',
            },
            {"type": "function_call_output", "call_id": "call_1", "output": "22C"},
        ],
        tools=[WEATHER],  # type: ignore[list-item]
        store=False,
    )
    assert answer.output_text == "It is 22C."
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]
    assert [m["role"] for m in sent["messages"]] == ["system", "user", "assistant", "tool"]
    assert sent["messages"][2]["tool_calls"][0]["id"] == "call_1"
    assert sent["tools"][0]["function"]["name"] == "get_weather"
    # store=False: nothing to continue from.
    with pytest.raises(openai.BadRequestError, match="not in this gateway's store"):
        client(gateway).responses.create(
            model="gpt-4o", input="and tomorrow?", previous_response_id=answer.id
        )


def test_previous_response_belongs_to_its_caller(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(lambda config: None)
    keys = [create_key(gateway, "--name", name) for name in ("alice", "bob")]
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="My secret plan."))
    alice = sdk.openai_client(gateway.url, api_key=keys[0])
    bob = sdk.openai_client(gateway.url, api_key=keys[1])
    first = alice.responses.create(model="gpt-4o", input="Remember: the plan is X.")
    assert alice.responses.create(model="gpt-4o", input="And?", previous_response_id=first.id)
    with pytest.raises(openai.BadRequestError, match="not in this gateway's store"):
        bob.responses.create(model="gpt-4o", input="What plan?", previous_response_id=first.id)


def test_store_off_is_a_clear_400(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(lambda config: config["server"].update(response_store=0))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    first = client(gateway).responses.create(model="gpt-4o", input="hi")
    with pytest.raises(openai.BadRequestError, match="response_store: 0"):
        client(gateway).responses.create(
            model="gpt-4o", input="again", previous_response_id=first.id
        )


def test_structured_output_becomes_response_format(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text='{"name": "Alice"}'))
    answer = client(gateway).responses.create(
        model="gpt-4o",
        input="Alice is 30.",
        text={
            "format": {
                "type": "json_schema",
                "name": "person",
                "schema": {"type": "object", "properties": {"name": {"type": "string"}}},
            }
        },
    )
    assert json.loads(answer.output_text) == {"name": "Alice"}
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "person"


def test_built_in_tools_are_refused_by_name(gateway: Gateway) -> None:
    with pytest.raises(openai.BadRequestError, match="function tools only"):
        client(gateway).responses.create(
            model="gpt-4o",
            input="search the web",
            tools=[{"type": "web_search"}],  # type: ignore[list-item]
        )


def test_the_privacy_guard_sees_the_stored_history(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(lambda config: config.update(policy={"privacy": "block"}))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="noted"))
    sdk_client = client(gateway)
    first = sdk_client.responses.create(model="gpt-4o", input="Hello there")
    with pytest.raises(openai.PermissionDeniedError):
        sdk_client.responses.create(
            model="gpt-4o",
            input="My email is jane.doe@example.com",
            previous_response_id=first.id,
        )


def test_retrieve_and_delete_a_stored_response(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(lambda config: None)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="kept"))
    sdk_client = client(gateway)
    created = sdk_client.responses.create(model="gpt-4o", input="remember this")
    with sdk_client.responses.stream(model="gpt-4o", input="and this") as stream:
        streamed = stream.get_final_response()
    for answer in (created, streamed):
        fetched = sdk_client.responses.retrieve(answer.id)
        assert fetched.id == answer.id and fetched.output_text == "kept"
        assert fetched.usage is not None
    # Only its creator sees it.
    other = sdk.openai_client(gateway.url, api_key=create_key(gateway, "--name", "other"))
    with pytest.raises(openai.NotFoundError):
        other.responses.retrieve(created.id)
    time.sleep(CACHE_S)  # a key exists now: requests need one
    owner = sdk.openai_client(gateway.url, api_key=create_key(gateway, "--name", "owner"))
    mine = owner.responses.create(model="gpt-4o", input="mine")
    owner.responses.delete(mine.id)
    with pytest.raises(openai.NotFoundError):
        owner.responses.retrieve(mine.id)
    with pytest.raises(openai.BadRequestError, match="not in this gateway's store"):
        owner.responses.create(model="gpt-4o", input="again", previous_response_id=mine.id)


def test_redaction_covers_tool_outputs_and_stored_history(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(lambda config: config.update(policy={"privacy": "redact"}))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Noted."))
    sdk_client = client(gateway)
    first = sdk_client.responses.create(
        model="gpt-4o",
        input=[
            {"role": "user", "content": "Look up the customer."},
            {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "jane.doe@example.com"},
        ],
        tools=[{**WEATHER, "name": "lookup"}],  # type: ignore[list-item]
    )
    sdk_client.responses.create(model="gpt-4o", input="Thanks", previous_response_id=first.id)
    sent = openai_upstream.app[fake_openai.REQUESTS]
    assert len(sent) == 2
    assert all("jane.doe@example.com" not in json.dumps(body) for body in sent)
    assert "example.com" not in json.dumps(sent[-1]["messages"])
