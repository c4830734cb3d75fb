"""A non-streaming OpenAI answer is spliced around its encoded strings (openai.py): the bytes
must be exactly those of the whole answer object encoded as JSON, whatever its text holds."""

from __future__ import annotations

import json
import random
from unittest import mock

import msgspec

from hybridgate.protocol import openai
from hybridgate.protocol.canonical import ChatResponse, ToolCall, Usage

_ALPHABET = 'ab "\\\n\t\x00\x1f\u2028\u2029üé東京😀</script>{}[],:'


def _whole(response: ChatResponse, response_id: str, model: str, usage: Usage) -> bytes:
    """The answer object as OpenAI documents it, encoded whole (how it was rendered before)."""
    return msgspec.json.encode(
        {
            "id": response_id,
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": response.text or None,
                        "refusal": None,
                    },
                    "finish_reason": response.finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": usage.input_tokens,
                "completion_tokens": usage.output_tokens,
                "total_tokens": usage.input_tokens + usage.output_tokens,
            },
        }
    )


def test_text_answers_are_the_bytes_of_the_whole_object() -> None:
    rng = random.Random(7)

    def text(most: int) -> str:
        return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, most)))

    with mock.patch.object(openai.time, "time", return_value=1_700_000_000.9):
        for _ in range(300):
            response = ChatResponse(
                text=text(40),
                tool_calls=(),
                finish_reason=rng.choice(["stop", "length", "content_filter"]),
                usage=None,
            )
            usage = Usage(rng.randint(0, 10**7), rng.randint(0, 10**5))
            response_id, model = f"chatcmpl-{text(8)}", text(12) or "m"
            rendered = openai.render_response(
                response, response_id=response_id, model=model, usage=usage
            )
            assert rendered == _whole(response, response_id, model, usage)
            assert json.loads(rendered)["choices"][0]["message"]["content"] == (
                response.text or None
            )


def test_tool_call_answers_still_carry_their_calls() -> None:
    response = ChatResponse(
        text="",
        tool_calls=(ToolCall("c1", "f", '{"a":1}'),),
        finish_reason="tool_calls",
        usage=None,
    )
    rendered = json.loads(
        openai.render_response(response, response_id="r", model="m", usage=Usage(1, 2))
    )
    message = rendered["choices"][0]["message"]
    assert message["tool_calls"] == [
        {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a":1}'}}
    ]
    assert message["content"] is None and rendered["usage"]["total_tokens"] == 3
