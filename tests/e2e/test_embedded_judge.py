"""Shadow judging with the embedded SmolLM2 model as a real (weak) judge: the mechanics hold
with a judge nobody scripted — two judge calls on the local model, costing nothing a token,
and a verdict on the ledger, whatever the small model makes of the two answers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select

from hybridgate.accounting.ledger import open_engine, requests_table
from hybridgate.quality.records import judgments_table
from tests import sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

pytestmark = pytest.mark.slow


def test_the_embedded_model_judges_a_shadowed_answer(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="The capital is Paris."))

    def edit(config: dict[str, Any]) -> None:
        config["deployments"].append(
            {"name": "local-judge", "provider": "llama_cpp", "model": "smollm2-135m-instruct"}
        )
        config["quality"] = {"baseline": "gpt-4o", "judge": "local-judge", "sample_rate": 1.0}

    gateway = gateway_factory(edit)
    answer = sdk.openai_client(gateway.url).chat.completions.create(
        model="summarization",  # gemini first on the test stack; a judged tier without a check
        messages=[{"role": "user", "content": "What is the capital of France? One sentence."}],
    )
    assert answer.choices[0].message.content

    engine = open_engine(str(gateway.config_path.parent / "ledger.db"))
    try:
        deadline = time.monotonic() + 240  # the model loads in a worker process first
        while True:
            with engine.connect() as conn:
                judged = conn.execute(select(judgments_table)).mappings().all()
                calls = conn.execute(
                    select(
                        requests_table.c.purpose,
                        requests_table.c.deployment,
                        requests_table.c.cost_nusd,
                        requests_table.c.status,
                    )
                ).all()
            # The verdict and the judge calls' ledger rows are written apart (rows in batches).
            judge_rows = [c for c in calls if c.purpose == "judge"]
            if (judged and len(judge_rows) >= 2) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        engine.dispose()
    (verdict,) = judged
    assert verdict["judge"] == "local-judge" and verdict["method"] == "judge"
    assert verdict["verdict"] in ("win", "tie", "loss")
    judge_calls = [c for c in calls if c.purpose == "judge"]
    assert [(c.deployment, c.cost_nusd, c.status) for c in judge_calls] == [
        ("local-judge", 0, "ok"),
        ("local-judge", 0, "ok"),
    ]
