"""The local embeddings provider, against the real bundled MiniLM model (no fakes), in its
worker process."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest
import pytest_asyncio

from hybridgate.config.schema import Deployment
from hybridgate.engines.embedder import Embedder
from hybridgate.errors import InvalidRequest, UnsupportedParameter
from hybridgate.protocol.canonical import ChatRequest, EmbedRequest, Message, TextPart
from hybridgate.providers.http import UpstreamClient
from hybridgate.providers.local_embed import LocalEmbedProvider

pytestmark = pytest.mark.asyncio(loop_scope="module")

DEPLOYMENT = Deployment(name="embed", provider="local_embeddings", model="all-minilm-l6-v2")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def provider() -> AsyncIterator[LocalEmbedProvider]:
    client = UpstreamClient()
    local = LocalEmbedProvider(DEPLOYMENT, client)
    yield local
    await local.aclose()
    await client.aclose()


async def embed(provider: LocalEmbedProvider, *texts: str) -> np.ndarray:
    answer = await provider.embed(EmbedRequest(model="embed", inputs=texts))
    return np.array(answer.vectors)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


async def test_vectors_are_384_dimensional_unit_length(provider: LocalEmbedProvider) -> None:
    assert not provider.ready()  # nothing loads until the first request
    vectors = await embed(provider, "hello world", "a second, longer sentence about routing")
    assert provider.ready()
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


async def test_similar_sentences_are_closer_than_unrelated(provider: LocalEmbedProvider) -> None:
    cat, kitten, tax = await embed(
        provider,
        "a cat sits on the mat",
        "a kitten is sitting on a rug",
        "The quarterly tax filing deadline is next Tuesday.",
    )
    assert cosine(cat, kitten) > 0.5
    assert cosine(cat, kitten) > cosine(cat, tax) + 0.3


async def test_order_is_preserved_whatever_the_batching(provider: LocalEmbedProvider) -> None:
    texts = [f"sentence number {i} " * (i % 7 + 1) for i in range(70)]  # > one batch, mixed length
    forward = await embed(provider, *texts)
    backward = await embed(provider, *reversed(texts))
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)
    alone = await embed(provider, texts[5])
    np.testing.assert_allclose(forward[5], alone[0], atol=1e-5)


async def test_usage_counts_tokens(provider: LocalEmbedProvider) -> None:
    answer = await provider.embed(EmbedRequest(model="embed", inputs=("hello world", "hello")))
    assert answer.usage.input_tokens == 3
    assert answer.usage.output_tokens == 0


async def test_empty_string_and_huge_input(provider: LocalEmbedProvider) -> None:
    huge = "routing " * 50_000
    answer = await provider.embed(EmbedRequest(model="embed", inputs=("", huge)))
    vectors = np.array(answer.vectors)
    assert vectors.shape == (2, 384)
    assert np.isfinite(vectors).all()
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Every token sent is counted, though only the first 256 are read by the model.
    assert answer.usage.input_tokens == 50_000
    head = await embed(provider, "routing " * 300)
    np.testing.assert_allclose(vectors[1], head[0], atol=1e-5)


async def test_no_inputs_is_a_bad_request(provider: LocalEmbedProvider) -> None:
    with pytest.raises(InvalidRequest) as caught:
        await provider.embed(EmbedRequest(model="embed", inputs=()))
    assert caught.value.param == "input"


async def test_other_dimensions_are_refused(provider: LocalEmbedProvider) -> None:
    with pytest.raises(UnsupportedParameter) as caught:
        await provider.embed(EmbedRequest(model="embed", inputs=("x",), dimensions=256))
    assert caught.value.param == "dimensions"
    answer = await provider.embed(EmbedRequest(model="embed", inputs=("x",), dimensions=384))
    assert len(answer.vectors[0]) == 384


async def test_the_model_runs_outside_the_gateway_process(provider: LocalEmbedProvider) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0)
            ticks += 1

    ticking = asyncio.create_task(ticker())
    await embed(provider, *["a long prompt about gateways " * 40] * 64)
    ticking.cancel()
    assert ticks > 10  # the loop kept running while the batch was encoded
    assert provider.worker.pid not in (None, os.getpid())
    assert "onnxruntime" in Path(f"/proc/{provider.worker.pid}/maps").read_text()


async def test_capabilities_say_embeddings_only(provider: LocalEmbedProvider) -> None:
    assert provider.capabilities.embeddings
    assert not provider.capabilities.chat


async def test_chat_is_refused_as_unsupported_model(provider: LocalEmbedProvider) -> None:
    request = ChatRequest(
        model="embed", messages=(Message(role="user", content=(TextPart("hi"),)),)
    )
    with pytest.raises(UnsupportedParameter) as caught:
        await provider.chat(request)
    assert caught.value.param == "model"
    with pytest.raises(UnsupportedParameter):
        async for _ in provider.chat_stream(request):
            pass


async def test_concurrent_first_use_loads_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedder the worker runs: threads that all want it first share one load."""
    import onnxruntime

    created: list[object] = []
    real_session = onnxruntime.InferenceSession

    def counting_session(*args: object, **options: object) -> object:
        created.append(args)
        return real_session(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(onnxruntime, "InferenceSession", counting_session)
    embedder = Embedder()
    results: list[np.ndarray] = []
    threads = [
        threading.Thread(target=lambda: results.append(embedder.embed(["same text"])))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert embedder.ready()
    assert len(created) == 1
    assert len(results) == 4
    for r in results[1:]:
        np.testing.assert_allclose(r, results[0], atol=1e-6)
