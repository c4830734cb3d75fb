"""Text deltas take a pre-encoded frame; the frames must equal what the general path builds,
for any text (quotes, backslashes, control characters, any script)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from hybridgate.protocol.anthropic import EventRenderer
from hybridgate.protocol.canonical import TextDelta, ToolCallDelta
from hybridgate.protocol.openai import ChunkRenderer


def _data(frame: bytes) -> list[dict[str, object]]:
    return [
        json.loads(line.removeprefix("data: "))
        for line in frame.decode().split("\n")
        if line.startswith("data: ")
    ]


@given(st.text())
def test_openai_text_chunks_are_the_full_chunk_shape(text: str) -> None:
    renderer = ChunkRenderer(response_id="chatcmpl-1", model="m", include_usage=False)
    [chunk] = _data(renderer.event(TextDelta(text)))
    assert chunk == {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": chunk["created"],
        "model": "m",
        "choices": [
            {"index": 0, "delta": {"content": text}, "finish_reason": None, "logprobs": None}
        ],
    }
    assert list(chunk) == ["id", "object", "created", "model", "choices"]


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_anthropic_text_deltas_carry_their_block_index(texts: list[str]) -> None:
    renderer = EventRenderer(response_id="msg_1", model="m", input_tokens=3)
    renderer.start()
    frames = [renderer.event(TextDelta(t)) for t in texts]
    frames.append(renderer.event(ToolCallDelta(index=0, id="t", name="f", arguments="{}")))
    frames.append(renderer.event(TextDelta(texts[0])))  # a new text block after the tool call
    deltas = [d for f in frames for d in _data(f) if d["type"] == "content_block_delta"]
    text_deltas = [d for d in deltas if d["delta"]["type"] == "text_delta"]  # type: ignore[index]
    assert [d["delta"]["text"] for d in text_deltas] == [*texts, texts[0]]  # type: ignore[index]
    assert [d["index"] for d in text_deltas] == [0] * len(texts) + [2]
