"""The OpenAI-compatible API through the official `openai` SDK, against fake upstreams."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

import openai
import pytest

from tests import rawhttp, sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, free_port


def client(gateway: Gateway) -> openai.OpenAI:
    return sdk.openai_client(gateway.url)


def test_chat_completion_through_a_deployment(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="Paris is the capital.", prompt_tokens=20, completion_tokens=6),
    )
    raw = client(gateway).chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": "Capital of France?"}]
    )
    completion = raw.parse()
    assert completion.choices[0].message.content == "Paris is the capital."
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (20, 6)
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"
    assert raw.headers["x-request-id"]
    assert "deployment" in raw.headers["x-hybridgate-route"]
    # gpt-4o from the bundled catalog: 20 × $2.50/M + 6 × $10/M
    assert Decimal(raw.headers["x-hybridgate-cost-usd"]) == Decimal("0.00011")
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]
    assert sent["model"] == "gpt-4o"
    assert sent["messages"] == [{"role": "user", "content": "Capital of France?"}]


def test_streaming_with_usage_chunk(gateway: Gateway, openai_upstream: FakeUpstream) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(
            text="one two three four", prompt_tokens=9, completion_tokens=4, chunk_delay_s=0.02
        ),
    )
    stream = client(gateway).chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "count"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "one two three four"
    # Tokens that arrive apart are passed on apart, as they come.
    assert sum(1 for c in chunks if c.choices and c.choices[0].delta.content) >= 4
    assert [
        c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason
    ] == ["stop"]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 4
    assert chunks[-1].choices == []


def test_tools_pass_through_and_come_back(gateway: Gateway, openai_upstream: FakeUpstream) -> None:
    call = fake_openai.ToolCallSpec(name="get_weather", arguments={"city": "Lyon"})
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="", tool_calls=(call,)))
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Weather for a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    ]
    completion = client(gateway).chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Weather in Lyon?"}],
        tools=tools,  # type: ignore[arg-type]
    )
    message = completion.choices[0].message
    assert completion.choices[0].finish_reason == "tool_calls"
    assert message.tool_calls is not None
    assert message.tool_calls[0].function.name == "get_weather"
    assert json.loads(message.tool_calls[0].function.arguments) == {"city": "Lyon"}
    assert (
        openai_upstream.app[fake_openai.REQUESTS][-1]["tools"][0]["function"]["name"]
        == "get_weather"
    )

    # Streaming: the same call arrives in pieces the SDK can reassemble.
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="", tool_calls=(call,)))
    with client(gateway).chat.completions.stream(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Weather in Lyon?"}],
        tools=tools,  # type: ignore[arg-type]
    ) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert calls is not None and json.loads(calls[0].function.arguments) == {"city": "Lyon"}


def test_usage_is_filled_when_the_upstream_reports_none(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="a short answer", reports_usage=False)
    )
    completion = client(gateway).chat.completions.create(
        model="vllm-llama", messages=[{"role": "user", "content": "hello there, how are you?"}]
    )
    assert completion.usage is not None
    assert completion.usage.prompt_tokens > 0 and completion.usage.completion_tokens > 0


def test_tier_name_routes_to_its_first_deployment(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    raw = client(gateway).chat.completions.with_raw_response.create(
        model="extraction", messages=[{"role": "user", "content": "Extract the date: 3 May"}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert raw.headers["x-hybridgate-route"].startswith("tier:extraction")


def test_auto_decision_is_explained_in_headers_and_ledger(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    raw = client(gateway).chat.completions.with_raw_response.create(
        model="auto",
        messages=[
            {"role": "user", "content": "Please extract every email address from this text."}
        ],
    )
    assert raw.headers["x-hybridgate-route"].startswith("tier:extraction")
    report = gateway.report(expect_requests=1)
    assert report["by_tier"]["extraction"]["requests"] == 1


def test_upstream_failure_falls_back_within_the_tier(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app,
        # Both attempts on the target fail (it is retried once), then the fallback answers.
        fake_openai.Failure(503, "overloaded"),
        fake_openai.Failure(503, "overloaded"),
        fake_openai.Answer(text="from the fallback"),
    )
    raw = client(gateway).chat.completions.with_raw_response.create(
        model="extraction", messages=[{"role": "user", "content": "hi"}]
    )
    assert raw.parse().choices[0].message.content == "from the fallback"
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"


def test_upstream_failure_without_fallback_is_a_clear_502(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Failure(500, "boom"))
    with pytest.raises(openai.APIStatusError) as info:
        client(gateway).chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
        )
    assert info.value.status_code == 502
    assert "HTTP 500" in info.value.message


def test_upstream_rate_limit_is_503_with_retry_after(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Failure(429, "slow down", "rate_limit_error", retry_after="7"),
    )
    with pytest.raises(openai.APIStatusError) as info:
        client(gateway).chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
        )
    assert info.value.status_code == 503
    assert info.value.response.headers["retry-after"] == "7"


def test_models_lists_auto_tiers_and_deployments(gateway: Gateway) -> None:
    ids = [m.id for m in client(gateway).models.list()]
    assert ids[0] == "auto"
    assert {"routing", "reasoning", "embeddings", "gpt-4o", "claude", "gemini"} <= set(ids)


def test_embeddings_float_and_base64(gateway: Gateway, openai_upstream: FakeUpstream) -> None:
    result = client(gateway).embeddings.create(model="embeddings", input=["abc", "hello"])
    assert [d.embedding for d in result.data] == [[3.0, 0.0, 1.0], [5.0, 1.0, 1.0]]
    floats = client(gateway).embeddings.create(
        model="vllm-llama", input="abc", encoding_format="float"
    )
    assert floats.data[0].embedding == [3.0, 0.0, 1.0]


def test_ledger_records_every_request(gateway: Gateway, openai_upstream: FakeUpstream) -> None:
    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="ok", prompt_tokens=100, completion_tokens=50)
    )
    c = client(gateway)
    c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "a"}])
    c.chat.completions.create(model="vllm-llama", messages=[{"role": "user", "content": "b"}])
    with pytest.raises(openai.NotFoundError):
        c.chat.completions.create(
            model="no-such-model", messages=[{"role": "user", "content": "c"}]
        )
    report = gateway.report(expect_requests=3)
    assert report["requests"] == 3
    assert report["errors"] == 1
    assert Decimal(report["by_deployment"]["gpt-4o"]["cost_usd"]) == Decimal("0.00075")
    assert Decimal(report["by_deployment"]["vllm-llama"]["cost_usd"]) == Decimal("0.0001")
    assert report["input_tokens"] == 200 and report["output_tokens"] == 100


def test_self_hosted_hardware_cost_is_amortized_over_busy_time(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok", delay_s=0.5))
    raw = client(gateway).chat.completions.with_raw_response.create(
        model="gpu-box", messages=[{"role": "user", "content": "hi"}]
    )
    raw.parse()
    # 2 × H100 at $3.60/GPU-hour = $0.002/s while the request ran (≥ 0.5 s).
    report = gateway.report(expect_requests=1)
    cost = Decimal(report["by_deployment"]["gpu-box"]["cost_usd"])
    assert Decimal("0.001") <= cost <= Decimal("0.004")


def test_measurement_switches_turn_the_scan_and_the_ledger_off(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    def edit(config: dict[str, Any]) -> None:
        config["server"].update({"privacy_scan": False, "ledger": False})

    gw = gateway_factory(edit)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    raw = client(gw).chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": "mail bob@example.com"}]
    )
    assert raw.parse().choices[0].message.content == "ok"
    assert "privacy" not in raw.headers["x-hybridgate-route"]
    metrics = rawhttp.get(gw.url + "/metrics").body.decode()
    assert 'hybridgate_requests_total{deployment="gpt-4o"' in metrics  # still measured
    time.sleep(0.2)
    assert gw.report()["requests"] == 0


def _with_dead_embedder(config: dict[str, Any], *, fallback: bool) -> None:
    config["deployments"].append(
        {
            "name": "dead-embed",
            "provider": "openai_compatible",
            "model": "bge-m3",
            "base_url": f"http://127.0.0.1:{free_port()}/v1",  # nothing listens: refused
            "api_key": "env:HG_TEST_OPENAI_KEY",
            "region": "eu",
        }
    )
    config["tiers"]["embeddings"] = ["dead-embed", *(["vllm-llama"] if fallback else [])]
    config["reliability"] = {"retries": {"attempts": 2, "backoff_s": 0.01}}


def test_embeddings_fail_over_to_the_next_deployment_of_the_tier(
    gateway_factory: GatewayFactory,
) -> None:
    gateway = gateway_factory(lambda c: _with_dead_embedder(c, fallback=True))
    raw = client(gateway).embeddings.with_raw_response.create(model="embeddings", input=["abc"])
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert "answered by fallback vllm-llama" in raw.headers["x-hybridgate-route"]
    assert raw.parse().data[0].embedding == [3.0, 0.0, 1.0]
    report = gateway.report(expect_requests=1)
    assert report["requests"] == 1 and report["errors"] == 0


def test_embeddings_without_a_healthy_deployment_get_a_clear_502(
    gateway_factory: GatewayFactory,
) -> None:
    gateway = gateway_factory(lambda c: _with_dead_embedder(c, fallback=False))
    with pytest.raises(openai.APIStatusError) as caught:
        client(gateway).embeddings.create(model="embeddings", input=["abc"])
    assert caught.value.status_code == 502
    assert "cannot connect to dead-embed" in caught.value.message
