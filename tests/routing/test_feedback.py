"""Learning from traffic: `POST /v1/feedback` grades answers, `router train --from-ledger`
turns the grades into a head, and the running gateway uses it without a restart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from hybridgate.routing.difficulty import DifficultyHead, load_default_head
from hybridgate.routing.head_store import HeadStore, HeadWatcher
from tests import rawhttp, sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))

EASY = "What is the capital of {}?"
HARD = (
    "A tank holds {} litres and drains 3 litres per minute while 2 are added; after 7 minutes "
    "a second pipe doubles the inflow. How long until it is empty? Explain each step, then "
    "check the answer with a second method and compare both."
)


def test_feedback_becomes_a_head_the_running_gateway_uses(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream, tmp_path: Path
) -> None:
    def edit(config: dict[str, Any]) -> None:
        # Nothing escalates to the strong tier, so every answer is a cheap one and feedback
        # grades it (the hard prompt's task still sends it to the reasoning tier).
        config["auto"] = {
            "record_outcomes": True,
            "max_strong_fraction": 0.0,
            "strong_tier": "strong",
        }
        config["tiers"]["strong"] = ["gpt-4o"]
        config["tiers"]["routing"] = ["gpt-4o"]
        config["tiers"]["reasoning"] = ["gpt-4o"]

    gw = gateway_factory(edit)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    client = sdk.openai_client(gw.url)
    for i in range(15):
        for template, score in ((EASY, 1.0), (HARD, 0.0)):
            raw = client.chat.completions.with_raw_response.create(
                model="auto", messages=[{"role": "user", "content": template.format(40 + i)}]
            )
            answer = rawhttp.post(
                f"{gw.url}/v1/feedback",
                {"request_id": raw.headers["x-request-id"], "score": score},
            )
            assert answer.status == 200 and answer.json()["graded"] == "weak"

    unknown = rawhttp.post(f"{gw.url}/v1/feedback", {"request_id": "nope", "score": 1})
    assert unknown.status == 404 and "auto.record_outcomes" in unknown.json()["error"]["message"]
    out_of_range = rawhttp.post(f"{gw.url}/v1/feedback", {"request_id": "x", "score": 7})
    assert out_of_range.status == 400

    trained = subprocess.run(
        [HYBRIDGATE, "router", "train", "--from-ledger", "--config", str(gw.config_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "published difficulty head v1" in trained.stdout
    store = HeadStore(tmp_path / "hybridgate-heads")
    assert store.versions() == [1]
    head = DifficultyHead.load(store.path(1))
    assert "30 graded requests" in head.trained_on

    # The same gateway, not restarted: its next decision names the new head.
    raw = client.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": "What is the capital of Chile?"}]
    )
    assert "head v0001" in raw.headers["x-hybridgate-route"]


def test_versions_are_kept_and_a_rollback_is_picked_up(tmp_path: Path) -> None:
    store = HeadStore(tmp_path / "heads")
    watcher = HeadWatcher(store)
    assert store.current() is None and watcher.changed() is None
    head = load_default_head()
    assert store.publish(head) == 1
    assert watcher.changed() == store.path(1)
    assert watcher.changed() is None  # nothing new
    assert store.publish(head) == 2
    assert watcher.changed() == store.path(2)
    store.use(1)  # roll back
    assert watcher.changed() == store.path(1)
    assert store.versions() == [1, 2]
    reloaded = DifficultyHead.load(store.path(2))
    assert np.allclose(reloaded.mean, head.mean)
