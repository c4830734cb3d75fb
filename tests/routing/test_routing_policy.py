"""Privacy, residency and capacity policies as a client sees them: who answered, and why."""

from __future__ import annotations

import re
import threading
from typing import Any

import openai
import pytest

from tests import rawhttp, sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

PII = "Please email the contract to jane.doe@example.com and call +33 6 12 34 56 78."


def client(url: str) -> openai.OpenAI:
    return sdk.openai_client(url)


def with_policy(**policy: Any):  # type: ignore[no-untyped-def]
    def edit(config: dict[str, Any]) -> None:
        config["policy"] = policy
        # vllm-llama is the self-hosted deployment; gpt-4o and claude are cloud APIs.
        config["deployments"][1]["location"] = "self_hosted"
        config["tiers"]["reasoning"] = ["gpt-4o", "vllm-llama"]

    return edit


def test_local_only_keeps_sensitive_requests_local_even_when_a_cloud_model_is_named(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(with_policy(privacy="local_only"))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="done"))
    raw = client(gw.url).chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": PII}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert "local only" in raw.headers["x-hybridgate-route"]
    assert (
        openai_upstream.app[fake_openai.REQUESTS][-1]["model"]
        == "meta-llama/Llama-3.3-70B-Instruct"
    )
    # A harmless request still goes where it was sent.
    raw = client(gw.url).chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": "What is 2 + 2?"}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"


def test_local_only_remembers_the_conversation_without_a_session_id(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(with_policy(privacy="local_only"))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Noted, I will send it."))
    c = client(gw.url)
    first = c.chat.completions.create(
        model="reasoning", messages=[{"role": "user", "content": PII}]
    )
    answer = first.choices[0].message.content
    # The next turn drops the sensitive message but carries our earlier answer.
    raw = c.chat.completions.with_raw_response.create(
        model="reasoning",
        messages=[
            {"role": "assistant", "content": answer},
            {"role": "user", "content": "Thanks. Draft a polite follow-up."},
        ],
    )
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert "earlier" in raw.headers["x-hybridgate-route"]


def test_local_only_fails_closed_when_no_local_deployment_exists(
    gateway_factory: GatewayFactory,
) -> None:
    def edit(config: dict[str, Any]) -> None:
        config["policy"] = {"privacy": "local_only"}
        config["deployments"] = [d for d in config["deployments"] if d["name"] != "gpu-box"]
        config["deployments"][1]["location"] = "cloud"  # vllm-llama as a hosted API

    gw = gateway_factory(edit)  # now every deployment is a cloud API
    response = rawhttp.post(
        gw.url + "/v1/chat/completions",
        {"model": "gpt-4o", "messages": [{"role": "user", "content": PII}]},
    )
    assert response.status == 403
    error = response.json()["error"]
    assert error["code"] == "privacy_no_local_deployment"
    assert "jane.doe" not in error["message"]  # the refusal never echoes the sensitive value


def test_block_refuses_sensitive_requests(gateway_factory: GatewayFactory) -> None:
    gw = gateway_factory(with_policy(privacy="block"))
    response = rawhttp.post(
        gw.url + "/v1/messages",
        {"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": PII}]},
    )
    assert response.status == 403
    assert response.json()["error"]["type"] == "permission_error"
    assert "email" in response.json()["error"]["message"]


def test_redact_hides_values_from_the_cloud_and_restores_them_for_the_caller(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(with_policy(privacy="redact"))
    # The fake echoes a placeholder back, as a model answering about the redacted text would.
    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="I will write to {placeholder} today.")
    )
    stream = client(gw.url).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": PII}], stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]["messages"][0]["content"]
    assert "jane.doe@example.com" not in sent and re.search(r"<EMAIL_1_[0-9a-f]+>", sent)
    assert "+33 6 12 34 56 78" not in sent
    assert text == "I will write to jane.doe@example.com today."


def test_residency_excludes_deployments_in_other_regions(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    def edit(config: dict[str, Any]) -> None:
        config["policy"] = {"residency": ["eu"]}
        config["tiers"]["reasoning"] = ["claude", "gpt-4o", "vllm-llama"]

    gw = gateway_factory(edit)
    # The only eu member fails: the request fails rather than fall back to a us deployment.
    fake_openai.script(openai_upstream.app, fake_openai.Failure(503))
    with pytest.raises(openai.APIStatusError) as info:
        client(gw.url).chat.completions.create(
            model="reasoning", messages=[{"role": "user", "content": "hi"}]
        )
    assert info.value.status_code == 502
    # (retried on the same eu deployment, never sent to a us one)
    assert {r["model"] for r in openai_upstream.app[fake_openai.REQUESTS]} == {
        "meta-llama/Llama-3.3-70B-Instruct"
    }
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="from eu"))
    raw = client(gw.url).chat.completions.with_raw_response.create(
        model="reasoning", messages=[{"role": "user", "content": "hi"}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert "excluded claude (us), gpt-4o (us)" in raw.headers["x-hybridgate-route"]
    response = rawhttp.post(
        gw.url + "/v1/chat/completions",
        {"model": "claude", "messages": [{"role": "user", "content": "hi"}]},
    )
    assert response.status == 403 and response.json()["error"]["code"] == "residency_no_deployment"


def test_bursts_spill_from_a_busy_self_hosted_deployment_to_the_cheapest_cloud(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    def edit(config: dict[str, Any]) -> None:
        gpu = config["deployments"][2]  # gpu-box: self-hosted, 1 slot, short wait target
        gpu["capacity"] = {"max_concurrency": 1, "max_wait_s": 0.1}
        config["tiers"]["extraction"] = ["gpu-box", "gpt-4o", "vllm-llama"]
        config["deployments"][1]["location"] = "cloud"  # vllm-llama as a cheap hosted Llama API

    gw = gateway_factory(edit)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="slow", delay_s=1.0))
    c = client(gw.url)
    answered: list[str] = []

    def call() -> None:
        raw = c.chat.completions.with_raw_response.create(
            model="extraction", messages=[{"role": "user", "content": "extract"}]
        )
        answered.append(raw.headers["x-hybridgate-deployment"])

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    # gpu-box takes the base load; once its queue is over target the rest go to the cloud,
    # cheapest first (vllm-llama is priced at $0.50/$1 per 1M, gpt-4o at $2.50/$10).
    assert answered.count("gpu-box") >= 1
    assert "vllm-llama" in answered
    assert "gpt-4o" not in answered
    report = gw.report(expect_requests=4)
    assert report["requests"] == 4


def with_cascade(config: dict[str, Any]) -> None:
    config["tiers"]["summarization"] = ["vllm-llama", "gpt-4o"]
    config["cascade"] = {"summarization": {"verifier_deployment": "gpu-box", "threshold": 0.6}}


def test_cascade_keeps_a_good_cheap_answer(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(with_cascade)
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="A short, faithful summary."),  # the cheap model answers
        fake_openai.Answer(text="9"),  # the verifier grades it
    )
    raw = client(gw.url).chat.completions.with_raw_response.create(
        model="summarization", messages=[{"role": "user", "content": "Summarize: the cat sat."}]
    )
    assert raw.parse().choices[0].message.content == "A short, faithful summary."
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert "graded 0.9" in raw.headers["x-hybridgate-route"]
    report = gw.report(expect_requests=2)  # the cheap call and the grading, one request id
    assert set(report["by_deployment"]) == {"vllm-llama", "gpu-box"}


def test_cascade_escalates_a_poor_answer_and_the_ledger_keeps_both_calls(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(with_cascade)
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="cat"),
        fake_openai.Answer(text="2"),
        fake_openai.Answer(text="The cat sat on the mat, content."),
    )
    stream = client(gw.url).chat.completions.create(
        model="summarization",
        messages=[{"role": "user", "content": "Summarize: the cat sat."}],
        stream=True,
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "The cat sat on the mat, content."
    models = [r["model"] for r in openai_upstream.app[fake_openai.REQUESTS]]
    assert models == ["meta-llama/Llama-3.3-70B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "gpt-4o"]
    report = gw.report(expect_requests=3)
    assert report["by_deployment"]["vllm-llama"]["requests"] == 1
    assert report["by_deployment"]["gpt-4o"]["requests"] == 1
