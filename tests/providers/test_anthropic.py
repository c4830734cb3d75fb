"""The Anthropic provider against a fake Messages API on loopback, through the real HTTP client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from hybridgate.config.schema import Deployment
from hybridgate.errors import (
    UnsupportedParameter,
    UpstreamAuthFailed,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamUnavailable,
)
from hybridgate.protocol.canonical import (
    ChatRequest,
    EmbedRequest,
    Finish,
    ImagePart,
    Message,
    StreamEvent,
    TextDelta,
    TextPart,
    Tool,
    ToolCall,
    ToolCallDelta,
    ToolChoice,
    Usage,
    UsageReport,
    collect,
)
from hybridgate.providers.anthropic import AnthropicProvider
from hybridgate.providers.http import UpstreamClient
from tests.fakes.anthropic import API_KEY, REPLIES, REQUESTS, Answer, Failure, ToolUse, make_app

WEATHER = Tool(
    name="get_weather",
    description="Current weather in a city",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


@pytest.fixture
async def upstream() -> AsyncIterator[TestServer]:
    server = TestServer(make_app())
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
async def client() -> AsyncIterator[UpstreamClient]:
    upstream_client = UpstreamClient()
    yield upstream_client
    await upstream_client.aclose()


@pytest.fixture
def provider(upstream: TestServer, client: UpstreamClient) -> AnthropicProvider:
    return _provider(upstream, client, API_KEY)


def _provider(upstream: TestServer, client: UpstreamClient, api_key: str) -> AnthropicProvider:
    deployment = Deployment(
        name="claude",
        provider="anthropic",
        model="claude-sonnet-4-5",
        base_url=str(upstream.make_url("/")),
        api_key=api_key,
    )
    return AnthropicProvider(deployment, client)


def ask(*messages: Message) -> ChatRequest:
    return ChatRequest(model="claude", messages=messages)


def user(text: str) -> Message:
    return Message(role="user", content=(TextPart(text),))


def sent(upstream: TestServer) -> dict:
    return upstream.app[REQUESTS][-1]


async def stream(provider: AnthropicProvider, request: ChatRequest) -> list[StreamEvent]:
    return [event async for event in provider.chat_stream(request)]


async def test_text_answer_with_usage(provider: AnthropicProvider, upstream: TestServer) -> None:
    upstream.app[REPLIES].append(
        Answer(text="Paris is the capital of France.", input_tokens=15, output_tokens=8)
    )

    answer = await provider.chat(ask(user("Capital of France?")))

    assert answer.text == "Paris is the capital of France."
    assert answer.finish_reason == "stop"
    assert answer.tool_calls == ()
    assert answer.usage == Usage(15, 8)
    body = sent(upstream)
    assert body["model"] == "claude-sonnet-4-5"
    assert body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "Capital of France?"}]}
    ]
    assert "stream" not in body


async def test_stream_gives_the_same_text_in_pieces_then_usage_and_finish(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    upstream.app[REPLIES].append(
        Answer(
            text="Paris is the capital of France.", input_tokens=15, output_tokens=8, pace_s=0.01
        )
    )

    events = await stream(provider, ask(user("Capital of France?")))

    pieces = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(pieces) > 1
    assert "".join(pieces) == "Paris is the capital of France."
    assert events[-2:] == [UsageReport(Usage(15, 8)), Finish("stop")]
    assert sent(upstream)["stream"] is True


async def test_system_messages_become_the_system_field(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    system = Message(role="system", content=(TextPart("You are terse."),))
    extra = Message(role="system", content=(TextPart("Answer in French."),))

    await provider.chat(ask(system, extra, user("Hi")))

    body = sent(upstream)
    assert body["system"] == "You are terse.\n\nAnswer in French."
    assert [m["role"] for m in body["messages"]] == ["user"]


async def test_max_tokens_defaults_to_4096_because_anthropic_requires_it(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    await provider.chat(ask(user("Hi")))
    assert sent(upstream)["max_tokens"] == 4096

    await provider.chat(ChatRequest(model="claude", messages=(user("Hi"),), max_tokens=50))
    assert sent(upstream)["max_tokens"] == 50


async def test_sampling_options_and_stop_sequences_are_sent(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    upstream.app[REPLIES].append(Answer(text="1, 2", stop_reason="stop_sequence"))

    answer = await provider.chat(
        ChatRequest(
            model="claude", messages=(user("Count"),), temperature=0.2, top_p=0.9, stop=("3",)
        )
    )

    assert answer.finish_reason == "stop"
    body = sent(upstream)
    assert (body["temperature"], body["top_p"], body["stop_sequences"]) == (0.2, 0.9, ["3"])


@pytest.mark.parametrize(
    ("stop_reason", "finish"),
    [("end_turn", "stop"), ("max_tokens", "length"), ("refusal", "content_filter")],
)
async def test_stop_reasons_map_to_finish_reasons(
    provider: AnthropicProvider, upstream: TestServer, stop_reason: str, finish: str
) -> None:
    upstream.app[REPLIES].extend([Answer(stop_reason=stop_reason), Answer(stop_reason=stop_reason)])

    assert (await provider.chat(ask(user("Hi")))).finish_reason == finish
    assert (await stream(provider, ask(user("Hi"))))[-1] == Finish(finish)  # type: ignore[arg-type]


@pytest.mark.parametrize("streaming", [False, True])
async def test_tool_use_answer_becomes_a_tool_call_with_json_arguments(
    provider: AnthropicProvider, upstream: TestServer, streaming: bool
) -> None:
    call = ToolUse(name="get_weather", input={"city": "Paris", "unit": "celsius"}, id="toolu_01")
    upstream.app[REPLIES].append(Answer(text="Let me check.", tool_use=call))
    request = ChatRequest(
        model="claude",
        messages=(user("Weather in Paris?"),),
        tools=(WEATHER,),
        tool_choice=ToolChoice(mode="required"),
    )

    if streaming:
        answer = await collect(provider.chat_stream(request))
    else:
        answer = await provider.chat(request)

    assert answer.text == "Let me check."
    assert answer.finish_reason == "tool_calls"
    [tool_call] = answer.tool_calls
    assert (tool_call.id, tool_call.name) == ("toolu_01", "get_weather")
    assert json.loads(tool_call.arguments) == {"city": "Paris", "unit": "celsius"}
    body = sent(upstream)
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Current weather in a city",
            "input_schema": WEATHER.parameters,
        }
    ]
    assert body["tool_choice"] == {"type": "any"}


@pytest.mark.parametrize(
    ("choice", "wire"),
    [
        (ToolChoice(mode="auto"), {"type": "auto"}),
        (ToolChoice(mode="none"), {"type": "none"}),
        (ToolChoice(mode="required"), {"type": "any"}),
        (ToolChoice(mode="tool", name="get_weather"), {"type": "tool", "name": "get_weather"}),
    ],
)
async def test_tool_choice_is_translated(
    provider: AnthropicProvider, upstream: TestServer, choice: ToolChoice, wire: dict
) -> None:
    await provider.chat(
        ChatRequest(
            model="claude", messages=(user("Weather?"),), tools=(WEATHER,), tool_choice=choice
        )
    )
    assert sent(upstream)["tool_choice"] == wire


async def test_tool_results_go_back_as_tool_result_blocks_in_one_user_turn(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    calls = (
        ToolCall(id="toolu_01", name="get_weather", arguments='{"city": "Paris"}'),
        ToolCall(id="toolu_02", name="get_weather", arguments='{"city": "Oslo"}'),
    )
    conversation = (
        user("Weather in Paris and Oslo?"),
        Message(role="assistant", content=(TextPart("Checking both."),), tool_calls=calls),
        Message(role="tool", content=(TextPart("18°C, sunny"),), tool_call_id="toolu_01"),
        Message(
            role="tool",
            content=(TextPart("city not found"),),
            tool_call_id="toolu_02",
            is_error=True,
        ),
        user("Answer briefly."),
    )

    answer = await provider.chat(
        ChatRequest(model="claude", messages=conversation, tools=(WEATHER,))
    )

    assert answer.text  # the fake accepted the conversation: roles alternate, results match calls
    assert sent(upstream)["messages"][1:] == [
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Checking both."},
                {
                    "type": "tool_use",
                    "id": "toolu_01",
                    "name": "get_weather",
                    "input": {"city": "Paris"},
                },
                {
                    "type": "tool_use",
                    "id": "toolu_02",
                    "name": "get_weather",
                    "input": {"city": "Oslo"},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_01", "content": "18°C, sunny"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_02",
                    "content": "city not found",
                    "is_error": True,
                },
                {"type": "text", "text": "Answer briefly."},
            ],
        },
    ]


async def test_consecutive_same_role_messages_are_merged(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    await provider.chat(
        ask(user("First."), user("Second."), Message(role="assistant", content=(TextPart("Ok"),)))
    )

    assert sent(upstream)["messages"] == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "First."}, {"type": "text", "text": "Second."}],
        },
        {"role": "assistant", "content": [{"type": "text", "text": "Ok"}]},
    ]


async def test_images_are_sent_as_image_blocks(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    message = Message(
        role="user",
        content=(
            TextPart("Compare these."),
            ImagePart(data="iVBORw0KGgo=", media_type="image/png"),
            ImagePart(url="https://example.com/cat.jpg"),
        ),
    )

    await provider.chat(ask(message))

    assert sent(upstream)["messages"][0]["content"][1:] == [
        {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
        },
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
    ]


@pytest.mark.parametrize("streaming", [False, True])
@pytest.mark.parametrize(
    ("failure", "error", "status"),
    [
        (Failure(429, "rate_limit_error", retry_after="7"), UpstreamRateLimited, 429),
        (Failure(529, "overloaded_error"), UpstreamUnavailable, 529),
        (Failure(500, "api_error"), UpstreamUnavailable, 500),
        (Failure(400, "invalid_request_error"), UpstreamRejected, 400),
    ],
)
async def test_upstream_error_statuses_map_to_the_gateway_errors(
    provider: AnthropicProvider,
    upstream: TestServer,
    streaming: bool,
    failure: Failure,
    error: type[UpstreamError],
    status: int,
) -> None:
    upstream.app[REPLIES].append(failure)

    with pytest.raises(error) as raised:
        if streaming:
            await stream(provider, ask(user("Hi")))
        else:
            await provider.chat(ask(user("Hi")))

    assert raised.value.upstream_status == status
    assert raised.value.provider == "claude"
    assert failure.error_type in (raised.value.body or "")
    if isinstance(raised.value, UpstreamRateLimited):
        assert raised.value.retry_after == 7.0


async def test_wrong_api_key_is_an_auth_failure(
    upstream: TestServer, client: UpstreamClient
) -> None:
    provider = _provider(upstream, client, "wrong-key")

    with pytest.raises(UpstreamAuthFailed):
        await provider.chat(ask(user("Hi")))


async def test_stream_cut_before_message_stop_is_a_protocol_error(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    upstream.app[REPLIES].append(Answer(text="Half an answer", truncate=True))
    received: list[StreamEvent] = []

    with pytest.raises(UpstreamProtocolError, match="message_stop"):
        async for event in provider.chat_stream(ask(user("Hi"))):
            received.append(event)

    assert "".join(e.text for e in received if isinstance(e, TextDelta)) == "Half an answer"
    assert not any(isinstance(e, Finish) for e in received)


@pytest.mark.parametrize(
    ("error_type", "error"),
    [("overloaded_error", UpstreamUnavailable), ("api_error", UpstreamProtocolError)],
)
async def test_error_event_mid_stream_raises(
    provider: AnthropicProvider, upstream: TestServer, error_type: str, error: type[UpstreamError]
) -> None:
    upstream.app[REPLIES].append(Answer(text="It began well", error_mid_stream=error_type))
    received: list[StreamEvent] = []

    with pytest.raises(error, match=error_type):
        async for event in provider.chat_stream(ask(user("Hi"))):
            received.append(event)

    assert received == [TextDelta("It ")]


async def test_openai_only_parameters_are_refused_by_name(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    with pytest.raises(UnsupportedParameter) as raised:
        await provider.chat(
            ChatRequest(model="claude", messages=(user("Hi"),), openai_extras={"seed": 7})
        )

    assert raised.value.param == "seed"
    assert upstream.app[REQUESTS] == []


async def test_embeddings_are_refused_and_capabilities_say_so(provider: AnthropicProvider) -> None:
    assert not provider.capabilities.embeddings
    assert provider.capabilities.tools and provider.capabilities.images

    with pytest.raises(UnsupportedParameter, match="does not serve embeddings"):
        await provider.embed(EmbedRequest(model="claude", inputs=("text",)))


async def test_streamed_tool_call_arrives_in_pieces_numbered_among_tool_calls(
    provider: AnthropicProvider, upstream: TestServer
) -> None:
    call = ToolUse(name="get_weather", input={"city": "Paris"}, id="toolu_01")
    upstream.app[REPLIES].append(Answer(text="Checking.", tool_use=call))

    events = await stream(provider, ask(user("Weather in Paris?")))

    pieces = [e for e in events if isinstance(e, ToolCallDelta)]
    assert len(pieces) > 1
    assert {p.index for p in pieces} == {0}  # the text block before it does not count
    assert (pieces[0].id, pieces[0].name) == ("toolu_01", "get_weather")
    assert json.loads("".join(p.arguments for p in pieces)) == {"city": "Paris"}
