"""Bad input gets a 4xx in the caller's protocol that names the problem — never a traceback."""

from __future__ import annotations

import pytest

from tests import rawhttp
from tests.conftest import Gateway

CHAT = "/v1/chat/completions"
MESSAGES = "/v1/messages"


def openai_error(response: rawhttp.RawResponse) -> dict[str, object]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "type", "param", "code"}
    return dict(body["error"])


@pytest.mark.parametrize(
    ("body", "status", "param", "words"),
    [
        (b"{not json", 400, None, "not valid JSON"),
        (b"[1, 2]", 400, None, "JSON object"),
        ({"model": "gpt-4o"}, 400, "messages", "messages"),
        ({"model": "gpt-4o", "messages": "hello"}, 400, "messages", "Expected `array`"),
        (
            {"model": "gpt-4o", "messages": [{"role": "user", "content": 5}]},
            400,
            "messages[0].content",
            "Expected",
        ),
        (
            {"model": "gpt-4o", "messages": [{"role": "wizard", "content": "x"}]},
            400,
            "messages[0].role",
            "wizard",
        ),
        ({"model": "gpt-4o", "messages": []}, 400, "messages", "at least one"),
        (
            {
                "model": "gpt-4o",
                "max_tokens": "ten",
                "messages": [{"role": "user", "content": "x"}],
            },
            400,
            "max_tokens",
            "Expected `int",
        ),
        (
            {"model": "gpt-4o", "n": 3, "messages": [{"role": "user", "content": "x"}]},
            400,
            "n",
            "n=1",
        ),
        (
            {
                "model": "gpt-4o",
                "modalities": ["audio"],
                "messages": [{"role": "user", "content": "x"}],
            },
            400,
            "modalities",
            "text",
        ),
        (
            {"model": "who-knows", "messages": [{"role": "user", "content": "x"}]},
            404,
            "model",
            "who-knows",
        ),
        (
            {"model": "claude", "seed": 4, "messages": [{"role": "user", "content": "x"}]},
            400,
            "seed",
            "claude",
        ),
    ],
)
def test_openai_bad_requests(
    gateway: Gateway, body: bytes | dict[str, object], status: int, param: str | None, words: str
) -> None:
    response = rawhttp.post(gateway.url + CHAT, body)
    assert response.status == status
    error = openai_error(response)
    assert error["param"] == param
    assert words in str(error["message"])
    assert response.headers["x-request-id"]


def test_body_over_the_limit_is_413(gateway: Gateway) -> None:
    big = {"model": "gpt-4o", "messages": [{"role": "user", "content": "x" * 70_000}]}
    response = rawhttp.post(gateway.url + CHAT, big)
    assert response.status == 413
    assert "limit" in str(openai_error(response)["message"])


def test_anthropic_errors_use_anthropic_shape(gateway: Gateway) -> None:
    cases = [
        (b"{oops", 400, "not valid JSON"),
        (
            {
                "model": "gpt-4o",
                "max_tokens": 5,
                "messages": [{"role": "user", "content": "x"}],
                "frequency": 1,
            },
            400,
            "frequency",
        ),
        ({"model": "gpt-4o", "max_tokens": "5", "messages": []}, 400, "max_tokens"),
        (
            {
                "model": "gpt-4o",
                "max_tokens": 5,
                "messages": [{"role": "user", "content": "x" * 70_000}],
            },
            413,
            "limit",
        ),
    ]
    for body, status, words in cases:
        response = rawhttp.post(gateway.url + MESSAGES, body)
        assert response.status == status, body
        payload = response.json()
        assert payload["type"] == "error"
        assert words in payload["error"]["message"]
        assert payload["error"]["type"] in {"invalid_request_error", "request_too_large"}


def test_a_backend_that_cannot_take_the_input_refuses_it_clearly(gateway: Gateway) -> None:
    # Gemini only reads images it is sent inline; the gateway never fetches URLs for it.
    body = {
        "model": "gemini",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "https://example.invalid/cat.png"}}
                ],
            }
        ],
    }
    response = rawhttp.post(gateway.url + CHAT, body)
    assert response.status == 400
    assert "URL" in str(openai_error(response)["message"])


def test_rejected_requests_are_on_the_ledger(gateway: Gateway) -> None:
    rawhttp.post(gateway.url + CHAT, b"{broken")
    rawhttp.post(
        gateway.url + CHAT, {"model": "nope", "messages": [{"role": "user", "content": "x"}]}
    )
    report = gateway.report(expect_requests=2)
    assert report["requests"] == 2 and report["errors"] == 2


def test_unknown_path_is_a_json_404(gateway: Gateway) -> None:
    response = rawhttp.get(gateway.url + "/v1/nothing-here")
    assert response.status == 404
    assert "error" in response.json()
