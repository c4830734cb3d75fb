"""The embedded llama.cpp provider, run against the real bundled SmolLM2-135M model."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from hybridgate.config.schema import Deployment
from hybridgate.errors import InvalidRequest, UnsupportedParameter
from hybridgate.protocol.canonical import (
    ChatRequest,
    EmbedRequest,
    Finish,
    Message,
    TextDelta,
    TextPart,
    UsageReport,
)
from hybridgate.providers.local_llama import LocalLlamaProvider

STORY = "Write a long story about a dragon who learns to cook."


def ask(text: str, *, max_tokens: int | None = 32) -> ChatRequest:
    return ChatRequest(
        model="local",
        messages=(Message("user", (TextPart(text),)),),
        max_tokens=max_tokens,
        temperature=0.0,
    )


@pytest.fixture(scope="module")
def provider() -> Iterator[LocalLlamaProvider]:
    # Loaded once for the module: each test runs on its own event loop, the model's thread
    # and futures are not tied to any loop.
    deployment = Deployment(name="local", provider="llama_cpp", model="smollm2")
    local = LocalLlamaProvider(deployment, None)  # type: ignore[arg-type]
    assert not local.ready()
    asyncio.run(local.warm())
    yield local
    asyncio.run(local.aclose())


@pytest.mark.slow
async def test_chat_answers_with_text_usage_and_finish(provider: LocalLlamaProvider) -> None:
    assert provider.ready()
    answer = await provider.chat(ask("Say hello in one short sentence."))
    assert answer.text.strip()
    assert answer.usage is not None
    assert answer.usage.input_tokens > 0
    assert answer.usage.output_tokens > 0
    assert answer.finish_reason in ("stop", "length")


@pytest.mark.slow
async def test_stream_joins_to_the_collected_answer(provider: LocalLlamaProvider) -> None:
    request = ask("Name three colours.")
    events = [event async for event in provider.chat_stream(request)]
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(deltas) > 3
    assert sum(isinstance(e, Finish) for e in events) == 1
    assert sum(isinstance(e, UsageReport) for e in events) == 1
    collected = await provider.chat(request)
    assert "".join(deltas) == collected.text


@pytest.mark.slow
async def test_max_tokens_cuts_the_answer(provider: LocalLlamaProvider) -> None:
    answer = await provider.chat(ask(STORY, max_tokens=5))
    assert answer.finish_reason == "length"
    assert answer.usage is not None
    assert 0 < answer.usage.output_tokens <= 5


@pytest.mark.slow
async def test_event_loop_keeps_running_during_generation(provider: LocalLlamaProvider) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        seen: list[int] = []
        async for event in provider.chat_stream(ask(STORY, max_tokens=40)):
            if isinstance(event, TextDelta):
                seen.append(ticks)
    finally:
        task.cancel()
    # A blocked loop would show the same tick count at every token.
    assert ticks >= 10
    assert len(set(seen)) >= 5


@pytest.mark.slow
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
    await stream.aclose()  # what the server does when the client disconnects
    answer = await asyncio.wait_for(provider.chat(ask("Say hi.", max_tokens=5)), timeout=20)
    assert answer.text


@pytest.mark.slow
async def test_prompt_longer_than_the_context_is_refused(provider: LocalLlamaProvider) -> None:
    with pytest.raises(InvalidRequest, match="context is 4096 tokens"):
        await provider.chat(ask("dragon " * 5000))


@pytest.mark.slow
async def test_tools_and_embeddings_are_refused(provider: LocalLlamaProvider) -> None:
    assert not provider.capabilities.tools
    with pytest.raises(UnsupportedParameter) as info:
        await provider.embed(EmbedRequest(model="local", inputs=("x",)))
    assert info.value.param == "model"


def test_missing_model_path_names_the_setting() -> None:
    deployment = Deployment(
        name="local", provider="llama_cpp", model="m", model_path="/nowhere/model.gguf"
    )
    with pytest.raises(FileNotFoundError, match=r"model_path '/nowhere/model.gguf'"):
        LocalLlamaProvider(deployment, None)  # type: ignore[arg-type]
