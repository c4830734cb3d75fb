"""The Anthropic Messages API through the official `anthropic` SDK, translated to any backend."""

from __future__ import annotations

import anthropic
import pytest

from tests import rawhttp, sdk
from tests.conftest import Gateway
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import gemini as fake_gemini
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Weather for a city",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}


def client(gateway: Gateway) -> anthropic.Anthropic:
    return sdk.anthropic_client(gateway.url)


def test_message_translated_to_an_openai_backend(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="Bonjour!", prompt_tokens=14, completion_tokens=3),
    )
    raw = client(gateway).messages.with_raw_response.create(
        model="gpt-4o",
        max_tokens=100,
        system="Answer in French.",
        messages=[{"role": "user", "content": "Say hello"}],
    )
    message = raw.parse()
    assert message.content[0].type == "text" and message.content[0].text == "Bonjour!"
    assert message.stop_reason == "end_turn"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (14, 3)
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]
    assert sent["messages"][0] == {"role": "system", "content": "Answer in French."}
    assert sent["max_tokens"] == 100


def test_message_on_a_native_anthropic_backend(
    gateway: Gateway, anthropic_upstream: FakeUpstream
) -> None:
    anthropic_upstream.app[fake_anthropic.REPLIES][:] = [
        fake_anthropic.Answer(text="Native answer")
    ]
    message = client(gateway).messages.create(
        model="claude", max_tokens=50, messages=[{"role": "user", "content": "hi"}]
    )
    assert message.content[0].type == "text" and message.content[0].text == "Native answer"
    assert anthropic_upstream.app[fake_anthropic.REQUESTS][-1]["model"] == "claude-sonnet-4-5"


def test_streaming_gives_the_full_event_sequence(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="alpha beta gamma", prompt_tokens=8, completion_tokens=3),
    )
    with client(gateway).messages.stream(
        model="vllm-llama", max_tokens=64, messages=[{"role": "user", "content": "three words"}]
    ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert kinds[0] == "message_start"
    assert kinds[-1] == "message_stop"
    assert {
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
    } <= set(kinds)
    assert final.content[0].type == "text" and final.content[0].text == "alpha beta gamma"
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens == 3 and final.usage.input_tokens == 8


def test_tool_use_round_trip_through_an_openai_backend(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    call = fake_openai.ToolCallSpec(name="get_weather", arguments={"city": "Oslo"}, id="call_abc")
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="", tool_calls=(call,)))
    c = client(gateway)
    first = c.messages.create(
        model="gpt-4o",
        max_tokens=100,
        tools=[WEATHER_TOOL],
        messages=[{"role": "user", "content": "Oslo weather?"}],  # type: ignore[list-item]
    )
    assert first.stop_reason == "tool_use"
    tool_use = next(b for b in first.content if b.type == "tool_use")
    assert tool_use.name == "get_weather" and tool_use.input == {"city": "Oslo"}
    assert openai_upstream.app[fake_openai.REQUESTS][-1]["tools"][0]["function"]["parameters"][
        "required"
    ] == ["city"]

    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="It is 4°C in Oslo."))
    second = c.messages.create(
        model="gpt-4o",
        max_tokens=100,
        tools=[WEATHER_TOOL],  # type: ignore[list-item]
        messages=[
            {"role": "user", "content": "Oslo weather?"},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": tool_use.id,
                        "name": "get_weather",
                        "input": {"city": "Oslo"},
                    }
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": tool_use.id, "content": "4°C, cloudy"}
                ],
            },
        ],
    )
    assert second.content[0].type == "text" and "4°C" in second.content[0].text
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]["messages"]
    assert sent[1]["tool_calls"][0]["id"] == "call_abc"
    assert sent[2] == {"role": "tool", "content": "4°C, cloudy", "tool_call_id": "call_abc"}


def test_streamed_tool_use_from_gemini(gateway: Gateway, gemini_upstream: FakeUpstream) -> None:
    gemini_upstream.app[fake_gemini.SCRIPT][:] = [
        fake_gemini.Answer(text="", function_call=("get_weather", {"city": "Rome"}))
    ]
    with client(gateway).messages.stream(
        model="gemini",
        max_tokens=100,
        tools=[WEATHER_TOOL],
        messages=[{"role": "user", "content": "Rome?"}],  # type: ignore[list-item]
    ) as stream:
        final = stream.get_final_message()
    tool_use = next(b for b in final.content if b.type == "tool_use")
    assert tool_use.input == {"city": "Rome"}
    assert final.stop_reason == "tool_use"


def test_errors_come_back_in_anthropic_shape(gateway: Gateway) -> None:
    with pytest.raises(anthropic.NotFoundError) as info:
        client(gateway).messages.create(
            model="nope", max_tokens=10, messages=[{"role": "user", "content": "x"}]
        )
    body = info.value.body
    assert isinstance(body, dict)
    assert body["type"] == "error" and body["error"]["type"] == "not_found_error"
    assert "nope" in body["error"]["message"]


def test_missing_max_tokens_is_rejected_like_anthropic_does(gateway: Gateway) -> None:
    response = rawhttp.post(
        f"{gateway.url}/v1/messages",
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}]},
    )
    assert response.status == 400
    assert response.json()["error"] == {
        "type": "invalid_request_error",
        "message": "max_tokens: Field required",
    }
