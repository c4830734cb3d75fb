"""The embedded llama.cpp provider, run against the real bundled SmolLM2-135M model in its
worker process."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from hybridgate.config.schema import Deployment
from hybridgate.errors import UnsupportedParameter, UpstreamRejected
from hybridgate.protocol.canonical import (
    ChatRequest,
    EmbedRequest,
    Finish,
    Message,
    TextDelta,
    TextPart,
    Tool,
    ToolCallDelta,
    ToolChoice,
    UsageReport,
)
from hybridgate.providers.http import UpstreamClient
from hybridgate.providers.local_llama import LocalLlamaProvider

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

STORY = "Write a long story about a dragon who learns to cook."
WEATHER = Tool(
    "get_weather",
    None,  # no description: what many clients send
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


def ask(text: str, *, max_tokens: int | None = 32, **extras: Any) -> ChatRequest:
    return ChatRequest(
        model="local",
        messages=(Message("user", (TextPart(text),)),),
        max_tokens=max_tokens,
        temperature=0.0,
        openai_extras=extras,
    )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def provider() -> AsyncIterator[LocalLlamaProvider]:
    deployment = Deployment(name="local", provider="llama_cpp", model="smollm2")
    client = UpstreamClient()
    local = LocalLlamaProvider(deployment, client)
    assert not local.ready()
    await local.warm()
    yield local
    await local.aclose()
    await client.aclose()


async def test_chat_answers_with_text_usage_and_finish(provider: LocalLlamaProvider) -> None:
    assert provider.ready()
    answer = await provider.chat(ask("Say hello in one short sentence."))
    assert answer.text.strip()
    assert answer.usage is not None
    assert answer.usage.input_tokens > 10  # the chat template is counted, not just the text
    assert answer.usage.output_tokens > 0
    assert answer.finish_reason in ("stop", "length")


async def test_stream_joins_to_the_collected_answer(provider: LocalLlamaProvider) -> None:
    request = ask("Name three colours.", seed=7)
    events = [event async for event in provider.chat_stream(request)]
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(deltas) > 3
    assert sum(isinstance(e, Finish) for e in events) == 1
    assert sum(isinstance(e, UsageReport) for e in events) == 1
    collected = await provider.chat(request)
    assert "".join(deltas) == collected.text  # greedy and seeded: the same answer twice


async def test_max_tokens_cuts_the_answer(provider: LocalLlamaProvider) -> None:
    answer = await provider.chat(ask(STORY, max_tokens=5))
    assert answer.finish_reason == "length"
    assert answer.usage is not None
    assert 0 < answer.usage.output_tokens <= 5


async def test_closing_a_stream_early_frees_the_model(provider: LocalLlamaProvider) -> None:
    # Unstopped, this would run for minutes on a CPU: 4000 tokens of counting.
    stream = provider.chat_stream(
        ask("Count from 1 to 1000, separated by commas.", max_tokens=2000)
    )
    received = 0
    async for event in stream:
        received += isinstance(event, TextDelta)
        if received == 3:
            break
    await stream.aclose()  # type: ignore[attr-defined]  # what the server does on disconnect
    answer = await asyncio.wait_for(provider.chat(ask("Say hi.", max_tokens=5)), timeout=20)
    assert answer.text


async def test_prompt_longer_than_the_context_is_refused(provider: LocalLlamaProvider) -> None:
    with pytest.raises(UpstreamRejected, match="context is 4096 tokens"):
        await provider.chat(ask("dragon " * 5000))


async def test_json_schema_output_follows_the_schema(provider: LocalLlamaProvider) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    answer = await provider.chat(
        ask(
            "Alice is 30 years old. Give her as JSON.",
            max_tokens=60,
            response_format={"type": "json_schema", "json_schema": {"name": "P", "schema": schema}},
        )
    )
    person = json.loads(answer.text)
    assert set(person) == {"name", "age"}
    assert isinstance(person["age"], int)


async def test_json_object_output_is_json(provider: LocalLlamaProvider) -> None:
    answer = await provider.chat(
        ask("List two fruits as JSON.", max_tokens=60, response_format={"type": "json_object"})
    )
    assert isinstance(json.loads(answer.text), dict)


async def test_a_named_tool_is_called_with_arguments_that_fit(
    provider: LocalLlamaProvider,
) -> None:
    request = ChatRequest(
        model="local",
        messages=(Message("user", (TextPart("What is the weather in Paris?"),)),),
        max_tokens=40,
        tools=(WEATHER,),
        tool_choice=ToolChoice(mode="tool", name="get_weather"),
        stream=True,
    )
    events = [e async for e in provider.chat_stream(request)]
    calls = [e for e in events if isinstance(e, ToolCallDelta)]
    assert [c.name for c in calls if c.name] == ["get_weather"]
    arguments = json.loads("".join(c.arguments for c in calls))
    assert isinstance(arguments["city"], str)
    assert [e.reason for e in events if isinstance(e, Finish)] == ["tool_calls"]


async def test_required_tool_choice_calls_one_of_the_tools(provider: LocalLlamaProvider) -> None:
    clock = Tool("get_time", "The current time in a city", {"type": "object", "properties": {}})
    request = ChatRequest(
        model="local",
        messages=(Message("user", (TextPart("Weather in Rome?"),)),),
        max_tokens=60,
        tools=(WEATHER, clock),
        tool_choice=ToolChoice(mode="required"),
    )
    answer = await provider.chat(request)
    assert len(answer.tool_calls) == 1
    assert answer.tool_calls[0].name in ("get_weather", "get_time")
    assert isinstance(json.loads(answer.tool_calls[0].arguments), dict)


async def test_sampling_fields_are_honoured_and_inert_ones_accepted(
    provider: LocalLlamaProvider,
) -> None:
    request = ask(
        "Name a colour.",
        seed=3,
        presence_penalty=0.5,
        frequency_penalty=0.5,
        logit_bias={"0": -100},
        metadata={"team": "a"},
        store=False,
        service_tier="auto",
        parallel_tool_calls=False,
        reasoning_effort="low",
    )
    assert (await provider.chat(request)).text


async def test_what_cannot_be_honoured_is_refused_by_name(provider: LocalLlamaProvider) -> None:
    assert not provider.capabilities.supports("extra:logprobs")
    with pytest.raises(UpstreamRejected, match="logprobs"):
        await provider.chat(ask("hi", logprobs=True))
    # A field nobody knows is dropped on the way (the privacy guard has scanned it).
    assert (await provider.chat(ask("hi", frobnicate=1))).text


async def test_embeddings_are_refused(provider: LocalLlamaProvider) -> None:
    with pytest.raises(UnsupportedParameter) as info:
        await provider.embed(EmbedRequest(model="local", inputs=("x",)))
    assert info.value.param == "model"


async def test_the_model_runs_in_its_own_process(provider: LocalLlamaProvider) -> None:
    assert provider.ready()
    assert provider.worker.pid is not None and provider.worker.pid != os.getpid()


async def test_missing_model_path_names_the_setting() -> None:
    deployment = Deployment(
        name="local", provider="llama_cpp", model="m", model_path="/nowhere/model.gguf"
    )
    with pytest.raises(FileNotFoundError, match=r"model_path '/nowhere/model.gguf'"):
        LocalLlamaProvider(deployment, UpstreamClient())
