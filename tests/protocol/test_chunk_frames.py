"""`chat.completion.chunk` frames are spliced around a head encoded once: each must still be
one well-formed SSE frame holding exactly the chunk an OpenAI client expects."""

from __future__ import annotations

import json
from typing import Any

from hybridgate.protocol.canonical import Finish, TextDelta, ToolCallDelta, Usage, UsageReport
from hybridgate.protocol.openai import ChunkRenderer


def _chunk(frame: bytes) -> dict[str, Any]:
    assert frame.startswith(b"data: ") and frame.endswith(b"\n\n")
    assert b"\n" not in frame[:-2]  # one data line
    parsed: dict[str, Any] = json.loads(frame[6:])
    return parsed


def test_every_frame_is_the_head_and_its_own_choices() -> None:
    renderer = ChunkRenderer(response_id='chatcmpl-"x"\u2028', model="m/ü", include_usage=True)
    frames = [
        renderer.start(),
        renderer.event(TextDelta('a "quoted"\nline, ü and \u2028')),
        renderer.event(ToolCallDelta(index=0, id="c1", name="f", arguments='{"a":')),
        renderer.event(ToolCallDelta(index=0, arguments="1}")),
        renderer.event(Finish("tool_calls")),
    ]
    assert renderer.event(UsageReport(Usage(3, 4))) == b""  # usage comes once, at the end
    end = renderer.end(Usage(3, 4))
    assert end.endswith(b"data: [DONE]\n\n")
    frames.append(end[: -len(b"data: [DONE]\n\n")])
    chunks = [_chunk(frame) for frame in frames]
    head = {key: chunks[0][key] for key in ("id", "object", "created", "model")}
    assert head["id"] == 'chatcmpl-"x"\u2028' and head["model"] == "m/ü"
    assert head["object"] == "chat.completion.chunk" and isinstance(head["created"], int)

    def choice(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            **head,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        }

    assert chunks == [
        choice({"role": "assistant", "content": ""}),
        choice({"content": 'a "quoted"\nline, ü and \u2028'}),
        choice(
            {
                "tool_calls": [
                    {
                        "index": 0,
                        "function": {"arguments": '{"a":', "name": "f"},
                        "id": "c1",
                        "type": "function",
                    }
                ]
            }
        ),
        choice({"tool_calls": [{"index": 0, "function": {"arguments": "1}"}}]}),
        choice({}, "tool_calls"),
        {
            **head,
            "choices": [],
            "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7},
        },
    ]


def test_without_include_usage_the_stream_ends_with_done_alone() -> None:
    renderer = ChunkRenderer(response_id="r", model="m", include_usage=False)
    assert renderer.end(Usage(1, 2)) == b"data: [DONE]\n\n"
