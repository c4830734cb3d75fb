"""Every example file the README names is shipped, and the README's router commands run on
them; a head trained into the state directory is what the gateway and `router classify` use."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hybridgate.config.loader import load_settings

ROOT = Path(__file__).resolve().parents[2]
HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))


def run(argv: list[str], stdin: Path | None, state: Path) -> subprocess.CompletedProcess[str]:
    with (stdin or Path(os.devnull)).open() as source:
        return subprocess.run(
            [HYBRIDGATE, *argv, "--data-dir", str(state)],
            stdin=source,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )


def test_every_example_file_the_readme_uses_is_shipped() -> None:
    named = set(re.findall(r"examples/[\w./-]+\.\w+", (ROOT / "README.md").read_text()))
    assert named >= {"examples/labelled.jsonl", "examples/prompts.jsonl", "examples/message.txt"}
    missing = [name for name in sorted(named) if not (ROOT / name).is_file()]
    assert missing == []


def test_the_readme_router_commands_run_on_the_examples(tmp_path: Path) -> None:
    prompts = ROOT / "examples" / "prompts.jsonl"
    classified = run(["router", "classify"], prompts, tmp_path)
    assert classified.returncode == 0, classified.stderr
    assert len(classified.stdout.splitlines()) == 5
    scored = run(["router", "score"], prompts, tmp_path)
    assert scored.returncode == 0, scored.stderr
    with (ROOT / "examples" / "message.txt").open() as message:
        scan = subprocess.run(
            [HYBRIDGATE, "privacy", "scan", "--json"],
            stdin=message,
            capture_output=True,
            text=True,
            timeout=120,
        )
    types = {f["type"] for f in json.loads(scan.stdout)["findings"]}
    assert {"email", "iban"} <= types

    trained = run(["router", "train", "--task-data", "examples/labelled.jsonl"], None, tmp_path)
    assert trained.returncode == 0, trained.stderr
    head = tmp_path / "task_head.npz"
    assert head.is_file() and "state directory" in trained.stdout
    # The user's own tiers are what `classify` answers with now, and what the gateway loads.
    relabelled = run(["router", "classify"], prompts, tmp_path)
    tiers = {json.loads(line)["tier"] for line in relabelled.stdout.splitlines()}
    assert tiers <= {"routing", "extraction", "summarization", "reasoning"}
    os.environ["HYBRIDGATE_DATA_DIR"], previous = str(tmp_path), os.environ["HYBRIDGATE_DATA_DIR"]
    try:
        assert load_settings().auto.task_head == str(head)
    finally:
        os.environ["HYBRIDGATE_DATA_DIR"] = previous

    outcomes = run(["router", "train", "--outcome-data", "examples/outcomes.jsonl"], None, tmp_path)
    assert outcomes.returncode == 0, outcomes.stderr
    assert (tmp_path / "difficulty_head.npz").is_file()
