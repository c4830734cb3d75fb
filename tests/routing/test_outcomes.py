"""Retraining the difficulty router on the gateway's own traffic: features recorded per `auto`
request (no prompt text), grades imported later, a head trained from the ledger."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from hybridgate.routing.difficulty import DifficultyHead, DifficultyScorer
from tests import sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))

EASY = ["What is the capital of {}?", "Translate '{}' to French.", "Say hello to {}."]
HARD = [
    "A tank holds {} litres and drains 3 litres per minute while 2 are added; after 7 minutes "
    "a second pipe doubles the inflow. How long until it is empty? Show each step.",
    "Prove that for every integer n > {}, n^3 - n is divisible by 6, and derive the general case.",
]


def test_graded_auto_traffic_retrains_the_difficulty_router(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream, tmp_path: Path
) -> None:
    def edit(config: dict[str, Any]) -> None:
        config["auto"] = {"record_outcomes": True}
        config["tiers"]["routing"] = ["gpt-4o"]
        config["tiers"]["reasoning"] = ["gpt-4o"]

    gw = gateway_factory(edit)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    client = sdk.openai_client(gw.url)
    grades = []
    for i in range(15):
        for template, hard in ((EASY[i % 3], False), (HARD[i % 2], True)):
            prompt = template.format(
                ["Peru", "Oslo", "Kenya", "Laos", "Chad"][i % 5] if not hard else 40 + i
            )
            raw = client.chat.completions.with_raw_response.create(
                model="auto", messages=[{"role": "user", "content": prompt}]
            )
            request_id = raw.headers["x-request-id"]
            # The cheap model fails the hard prompts; the strong one gets everything right.
            grades.append(
                {"request_id": request_id, "weak_score": 0.0 if hard else 1.0, "strong_score": 1.0}
            )

    ledger = tmp_path / "ledger.db"
    with sqlite3.connect(ledger) as db:
        stored = db.execute("SELECT count(*), min(length(features)) FROM outcomes").fetchone()
    assert stored[0] == 30 and stored[1] > 1000  # feature vectors, not prompts
    grades_file = tmp_path / "grades.jsonl"
    grades_file.write_text("\n".join(json.dumps(g) for g in grades))
    config = ["--config", str(gw.config_path)]
    imported = subprocess.run(
        [HYBRIDGATE, "router", "outcomes", str(grades_file), *config],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "30 of 30" in imported.stdout

    head_path = tmp_path / "mine.npz"
    subprocess.run(
        [HYBRIDGATE, "router", "train", "--from-ledger", "--out", str(head_path), *config],
        capture_output=True,
        text=True,
        check=True,
    )
    scorer = DifficultyScorer(head=DifficultyHead.load(head_path))
    hard, easy = scorer.strong_scores([HARD[0].format(99), EASY[0].format("Chile")])
    assert hard > easy


def test_bad_grade_lines_are_named(tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "deployments:\n  - {name: a, provider: llama_cpp, model: m}\ntiers: {routing: [a]}\n"
    )
    grades = tmp_path / "g.jsonl"
    grades.write_text('{"request_id": "x", "weak_score": 1.5}\n')
    result = subprocess.run(
        [HYBRIDGATE, "router", "outcomes", str(grades), "--config", str(config)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "line 1" in result.stderr and "weak_score" in result.stderr
    too_few = subprocess.run(
        [HYBRIDGATE, "router", "train", "--from-ledger", "--config", str(config)],
        capture_output=True,
        text=True,
    )
    assert too_few.returncode == 2 and "record_outcomes" in too_few.stderr
