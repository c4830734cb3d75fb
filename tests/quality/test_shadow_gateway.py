"""Shadow judging in the running gateway, through the official OpenAI SDK against the fakes:
the caller gets the cheap answer; the baseline and a judge are asked afterwards; the report's
spend and savings stay the caller's, and /metrics shows the verdicts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from hybridgate.accounting.ledger import open_engine, requests_table
from hybridgate.quality.records import judgments_table
from tests import rawhttp, sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.server.test_metrics import scrape, value


@pytest.fixture
def judge_upstream() -> Iterator[FakeUpstream]:
    # A judge with a position bias: it always says "A", so its two orders disagree: a tie.
    server = FakeUpstream(fake_openai.make_app(replies=[fake_openai.Answer(text="A")]))
    yield server
    server.stop()


def test_a_sampled_answer_is_judged_off_the_request_path_and_billed_to_no_key(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream, judge_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Paris."))

    def edit(config: dict[str, Any]) -> None:
        config["deployments"].append(
            {
                "name": "judge",
                "provider": "openai",
                "model": "gpt-4.1-mini",
                "base_url": f"{judge_upstream.url}/v1",
                "api_key": "env:HG_TEST_OPENAI_KEY",
                "region": "us",
            }
        )
        config["quality"] = {"baseline": "gpt-4o", "judge": "judge", "sample_rate": 1.0}

    gateway = gateway_factory(edit)
    client = sdk.openai_client(gateway.url)
    answer = client.chat.completions.create(
        model="extraction", messages=[{"role": "user", "content": "Capital of France?"}]
    )
    assert answer.choices[0].message.content == "Paris."

    samples = scrape(
        gateway,
        lambda s: (
            value(
                s,
                "hybridgate_judgments_total",
                deployment="vllm-llama",
                tier="extraction",
                verdict="tie",
            )
            == 1
        ),
    )
    assert value(samples, "hybridgate_loss_rate", deployment="vllm-llama", tier="extraction") == 0
    # The baseline got the caller's request as it was; the judge saw both orders.
    asked = openai_upstream.app[fake_openai.REQUESTS]
    assert [r["model"] for r in asked] == ["meta-llama/Llama-3.3-70B-Instruct", "gpt-4o"]
    assert len(judge_upstream.app[fake_openai.REQUESTS]) == 2

    engine = open_engine(str(gateway.config_path.parent / "ledger.db"))
    try:
        deadline = time.monotonic() + 10
        while True:
            with engine.connect() as conn:
                rows = conn.execute(
                    select(requests_table.c.purpose, requests_table.c.deployment)
                ).all()
                verdicts = conn.execute(select(judgments_table.c.verdict)).scalars().all()
            if len(rows) == 4 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    finally:
        engine.dispose()
    assert sorted(rows) == [
        ("answer", "vllm-llama"),
        ("judge", "judge"),
        ("judge", "judge"),
        ("shadow", "gpt-4o"),
    ]
    assert verdicts == ["tie"]
    report = gateway.report(expect_requests=1)
    assert report["requests"] == 1
    assert set(report["by_deployment"]) == {"vllm-llama"}
    page = rawhttp.get(f"{gateway.url}/ui").body.decode()
    assert 'id="quality"' in page
    assert "extraction/vllm-llama: saved" in page and "against gpt-4o, n=1" in page
