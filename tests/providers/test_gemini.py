"""The Gemini adapter against a fake Gemini API speaking the real wire format on loopback."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from msgspec.structs import replace
from pydantic import SecretStr

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
    FinishReason,
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
from hybridgate.providers.gemini import GeminiProvider
from hybridgate.providers.http import UpstreamClient
from tests.fakes import gemini

KEY = "test-key"
WEATHER = Tool(
    name="get_weather",
    description="Current weather in a city",
    parameters={
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    },
)


@dataclass
class Upstream:
    provider: GeminiProvider
    app: web.Application

    def script(self, *replies: gemini.Answer | gemini.Failure) -> None:
        self.app[gemini.SCRIPT].extend(replies)

    @property
    def sent(self) -> list[gemini.Received]:
        return self.app[gemini.REQUESTS]


@asynccontextmanager
async def serve(api_key: str, model: str = "gemini-2.5-flash") -> AsyncIterator[Upstream]:
    """The fake (expecting KEY) and a provider calling it with `api_key`."""
    app = gemini.make_app(api_key=KEY)
    client = UpstreamClient()
    async with TestServer(app) as server:
        deployment = Deployment(
            name="gemini-flash",
            provider="gemini",
            model=model,
            base_url=str(server.make_url("")),
            api_key=SecretStr(api_key),
        )
        try:
            yield Upstream(GeminiProvider(deployment, client), app)
        finally:
            await client.aclose()


@pytest.fixture
async def upstream() -> AsyncIterator[Upstream]:
    async with serve(KEY) as served:
        yield served


def ask(text: str) -> ChatRequest:
    return ChatRequest(model="gemini-flash", messages=(Message("user", (TextPart(text),)),))


async def test_chat_returns_text_and_usage(upstream: Upstream) -> None:
    upstream.script(gemini.Answer(text="Paris is the capital.", prompt_tokens=11, output_tokens=4))

    answer = await upstream.provider.chat(ask("Capital of France?"))

    assert answer.text == "Paris is the capital."
    assert answer.finish_reason == "stop"
    assert answer.usage == Usage(11, 4)
    assert upstream.sent[0].path == "/v1beta/models/gemini-2.5-flash:generateContent"


async def test_stream_yields_text_in_pieces_then_usage_and_finish(upstream: Upstream) -> None:
    upstream.script(
        gemini.Answer(text="one two three", prompt_tokens=3, output_tokens=3, pace_s=0.01)
    )

    events = [e async for e in upstream.provider.chat_stream(ask("count"))]

    texts = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(texts) == 3
    assert "".join(texts) == "one two three"
    assert events[-2:] == [UsageReport(Usage(3, 3)), Finish("stop")]
    assert upstream.sent[0].path.endswith(":streamGenerateContent?alt=sse")


async def test_request_carries_system_prompt_history_image_and_settings(
    upstream: Upstream,
) -> None:
    request = ChatRequest(
        model="gemini-flash",
        messages=(
            Message("system", (TextPart("Answer in French."),)),
            Message("user", (TextPart("Hi"),)),
            Message("assistant", (TextPart("Bonjour"),)),
            Message(
                "user", (TextPart("What is this?"), ImagePart(data="iVBOR", media_type="image/png"))
            ),
        ),
        max_tokens=64,
        temperature=0.2,
        top_p=0.9,
        stop=("END",),
    )

    await upstream.provider.chat(request)

    body = upstream.sent[0].body
    assert body["systemInstruction"] == {"parts": [{"text": "Answer in French."}]}
    assert body["contents"] == [
        {"role": "user", "parts": [{"text": "Hi"}]},
        {"role": "model", "parts": [{"text": "Bonjour"}]},
        {
            "role": "user",
            "parts": [
                {"text": "What is this?"},
                {"inlineData": {"mimeType": "image/png", "data": "iVBOR"}},
            ],
        },
    ]
    assert body["generationConfig"] == {
        "maxOutputTokens": 64,
        "temperature": 0.2,
        "topP": 0.9,
        "stopSequences": ["END"],
    }


@pytest.mark.parametrize("streaming", [False, True], ids=["chat", "stream"])
async def test_tools_round_trip(upstream: Upstream, streaming: bool) -> None:
    upstream.script(gemini.Answer(text="", function_call=("get_weather", {"city": "Oslo"})))
    request = replace(
        ask("Weather in Oslo?"), tools=(WEATHER,), tool_choice=ToolChoice("tool", "get_weather")
    )

    if streaming:
        events = [e async for e in upstream.provider.chat_stream(request)]
        [call] = [e for e in events if isinstance(e, ToolCallDelta)]
        assert (call.index, call.name, call.arguments) == (0, "get_weather", '{"city":"Oslo"}')
        assert call.id is not None and call.id.startswith("call_")
        answer = await collect(_stream_of(events))
    else:
        answer = await upstream.provider.chat(request)

    assert answer.finish_reason == "tool_calls"
    (call,) = answer.tool_calls
    assert (call.name, json.loads(call.arguments)) == ("get_weather", {"city": "Oslo"})
    sent = upstream.sent[0].body
    assert sent["tools"] == [
        {
            "functionDeclarations": [
                {
                    "name": "get_weather",
                    "description": "Current weather in a city",
                    "parametersJsonSchema": WEATHER.parameters,
                }
            ]
        }
    ]
    assert sent["toolConfig"] == {
        "functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}
    }

    follow_up = ChatRequest(
        model="gemini-flash",
        messages=(
            *request.messages,
            Message("assistant", tool_calls=(call,)),
            Message("tool", (TextPart('{"temp_c": 4}'),), tool_call_id=call.id),
        ),
        tools=(WEATHER,),
    )
    await upstream.provider.chat(follow_up)

    assert upstream.sent[1].body["contents"][1:] == [
        {
            "role": "model",
            "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Oslo"}}}],
        },
        {
            "role": "user",
            "parts": [
                {"functionResponse": {"name": "get_weather", "response": {"output": {"temp_c": 4}}}}
            ],
        },
    ]


async def test_parallel_tool_results_go_back_in_one_turn(upstream: Upstream) -> None:
    calls = (
        ToolCall("call_0", "get_weather", '{"city":"Oslo"}'),
        ToolCall("call_1", "get_time", "{}"),
    )
    request = ChatRequest(
        model="gemini-flash",
        messages=(
            Message("user", (TextPart("Weather and time?"),)),
            Message("assistant", tool_calls=calls),
            Message("tool", (TextPart("sunny"),), tool_call_id="call_1"),
            Message("tool", (TextPart("no such city"),), tool_call_id="call_0", is_error=True),
        ),
    )

    await upstream.provider.chat(request)

    assert upstream.sent[0].body["contents"][2] == {
        "role": "user",
        "parts": [
            {"functionResponse": {"name": "get_time", "response": {"output": "sunny"}}},
            {"functionResponse": {"name": "get_weather", "response": {"error": "no such city"}}},
        ],
    }


@pytest.mark.parametrize(
    ("answer", "finish"),
    [
        (gemini.Answer(finish_reason="MAX_TOKENS"), "length"),
        (gemini.Answer(text="", finish_reason="SAFETY"), "content_filter"),
        (gemini.Answer(block_reason="PROHIBITED_CONTENT"), "content_filter"),
    ],
    ids=["max-tokens", "safety", "prompt-blocked"],
)
async def test_finish_reasons(
    upstream: Upstream, answer: gemini.Answer, finish: FinishReason
) -> None:
    upstream.script(answer, answer)

    assert (await upstream.provider.chat(ask("hi"))).finish_reason == finish
    streamed = [e async for e in upstream.provider.chat_stream(ask("hi"))]
    assert streamed[-1] == Finish(finish)


@pytest.mark.parametrize("streaming", [False, True], ids=["chat", "stream"])
@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (gemini.Failure(401), UpstreamAuthFailed),
        (gemini.Failure(400, "Invalid JSON payload received."), UpstreamRejected),
        (gemini.Failure(500), UpstreamUnavailable),
        (gemini.Failure(503, "The model is overloaded."), UpstreamUnavailable),
    ],
    ids=["401", "400", "500", "503"],
)
async def test_upstream_errors_map_by_status(
    upstream: Upstream, failure: gemini.Failure, error: type[UpstreamError], streaming: bool
) -> None:
    upstream.script(failure)

    with pytest.raises(error) as raised:
        await _answer(upstream.provider, ask("hi"), streaming)

    assert raised.value.provider == "gemini-flash"


@pytest.mark.parametrize(
    ("failure", "seconds"),
    [
        (gemini.Failure(429, retry_after="7"), 7.0),
        # Google usually sends no header, only RetryInfo in the body.
        (gemini.Failure(429, retry_delay="22s"), 22.0),
    ],
    ids=["header", "retry-info"],
)
async def test_rate_limit_carries_retry_after(
    upstream: Upstream, failure: gemini.Failure, seconds: float
) -> None:
    upstream.script(failure)

    with pytest.raises(UpstreamRateLimited) as raised:
        await upstream.provider.chat(ask("hi"))

    assert raised.value.retry_after == seconds


async def test_wrong_api_key_is_an_auth_failure_not_a_bad_request() -> None:
    async with serve("not-the-key") as wrong:
        with pytest.raises(UpstreamAuthFailed):
            await wrong.provider.chat(ask("hi"))
        assert wrong.sent == []


async def test_truncated_stream_is_a_protocol_error(upstream: Upstream) -> None:
    upstream.script(gemini.Answer(text="cut off here", truncate=True))

    events: list[StreamEvent] = []
    with pytest.raises(UpstreamProtocolError):
        async for event in upstream.provider.chat_stream(ask("hi")):
            events.append(event)

    assert events == [TextDelta("cut")]


async def test_openai_only_parameters_and_image_urls_are_refused(upstream: Upstream) -> None:
    with pytest.raises(UnsupportedParameter) as raised:
        await upstream.provider.chat(replace(ask("hi"), openai_extras={"seed": 1}))
    assert raised.value.param == "seed"

    by_url = ChatRequest(
        model="gemini-flash",
        messages=(Message("user", (ImagePart(url="https://example.com/cat.png"),)),),
    )
    with pytest.raises(UnsupportedParameter):
        await upstream.provider.chat(by_url)
    assert upstream.sent == []


async def test_embeddings_return_vectors_in_order(upstream: Upstream) -> None:
    response = await upstream.provider.embed(
        EmbedRequest(model="gemini-flash", inputs=("alpha", "be", "gamma ray"), dimensions=3)
    )

    assert [v[:2] for v in response.vectors] == [(5.0, ord("a")), (2.0, ord("b")), (9.0, ord("g"))]
    assert response.usage.estimated
    sent = upstream.sent[0]
    assert sent.path == "/v1beta/models/gemini-2.5-flash:batchEmbedContents"
    assert sent.body["requests"][0] == {
        "model": "models/gemini-2.5-flash",
        "content": {"parts": [{"text": "alpha"}]},
        "outputDimensionality": 3,
    }


async def _answer(provider: GeminiProvider, request: ChatRequest, streaming: bool) -> object:
    if streaming:
        return await collect(provider.chat_stream(request))
    return await provider.chat(request)


async def _stream_of(events: list[StreamEvent]) -> AsyncIterator[StreamEvent]:
    for event in events:
        yield event


async def test_gemini_3_gets_its_thought_signatures_back_on_the_next_turn() -> None:
    async with serve(KEY, model="gemini-3-flash-preview") as upstream:
        upstream.script(gemini.Answer(text="", function_call=("get_weather", {"city": "Oslo"})))
        first = replace(ask("Weather in Oslo?"), tools=(WEATHER,))
        answer = await collect(upstream.provider.chat_stream(first))
        [call] = answer.tool_calls
        upstream.script(gemini.Answer(text="4°C and cloudy."))
        follow_up = replace(
            first,
            messages=(
                *first.messages,
                Message("assistant", (), tool_calls=(call,)),
                Message("tool", (TextPart("4°C, cloudy"),), tool_call_id=call.id),
            ),
        )
        second = await collect(upstream.provider.chat_stream(follow_up))
        assert second.text == "4°C and cloudy."
        model_turn = upstream.sent[-1].body["contents"][1]
        assert model_turn["parts"][0]["thoughtSignature"] == gemini.signature_for("get_weather")

        # A call this process never handed out (another replica, a restart): the documented
        # validator-skip value keeps the conversation going instead of a 400.
        unknown = ToolCall("call_from_elsewhere", "get_weather", '{"city":"Bergen"}')
        elsewhere = replace(
            first,
            messages=(
                *first.messages,
                Message("assistant", (), tool_calls=(unknown,)),
                Message("tool", (TextPart("rain"),), tool_call_id=unknown.id),
            ),
        )
        upstream.script(gemini.Answer(text="Rain in Bergen."))
        assert (await collect(upstream.provider.chat_stream(elsewhere))).text == "Rain in Bergen."
        sent = upstream.sent[-1].body["contents"][1]["parts"][0]["thoughtSignature"]
        assert sent == "skip_thought_signature_validator"


async def test_gemini_2_5_history_carries_no_invented_signatures(upstream: Upstream) -> None:
    unknown = ToolCall("call_x", "get_weather", '{"city":"Bergen"}')
    request = replace(
        ask("Weather?"),
        tools=(WEATHER,),
        messages=(
            Message("user", (TextPart("Weather?"),)),
            Message("assistant", (), tool_calls=(unknown,)),
            Message("tool", (TextPart("rain"),), tool_call_id=unknown.id),
        ),
    )
    await collect(upstream.provider.chat_stream(request))
    assert "thoughtSignature" not in upstream.sent[-1].body["contents"][1]["parts"][0]
