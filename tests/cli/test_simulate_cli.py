"""`hybridgate simulate` as a user runs it on an outcome file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))


def _outcomes(path: Path) -> Path:
    # Long prompts need the strong model; the short ones the weak model answers as well.
    rows = [
        {
            "prompt": "Prove, step by step, " + "and then some more " * (i % 7),
            "small_correct": i % 7 < 3,
            "large_correct": True,
        }
        for i in range(70)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_simulate_prints_operating_points_priced_from_the_catalog(tmp_path: Path) -> None:
    path = _outcomes(tmp_path / "o.jsonl")
    command = [
        HYBRIDGATE,
        "simulate",
        "--outcomes",
        str(path),
        "--price",
        "large=gpt-4o",
        "--price",
        "small=gpt-4o-mini",
        "--output-tokens",
        "100",
    ]
    data = json.loads(
        subprocess.run([*command, "--json"], capture_output=True, text=True, check=True).stdout
    )
    assert (data["weak"], data["strong"], data["rows"]) == ("small", "large", 70)
    assert "gpt-4o list price" in data["cost_basis"]["large"]
    by = {p["policy"]: p for p in data["policies"]}
    assert set(by) == {"difficulty", "length", "random", "oracle"}
    # Length is a perfect router here: strong quality with 4 calls in 7 on the strong model.
    length_100 = by["length"]["operating_points"][1]
    assert length_100["strong_share"] == 4 / 7
    assert length_100["cost_cut"] > 0.3
    assert by["random"]["operating_points"][1]["cost_cut"] == 0.0
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "operating points" in text and "cost/quality curve" in text


def test_simulate_without_prices_says_how_to_give_them(tmp_path: Path) -> None:
    path = _outcomes(tmp_path / "o.jsonl")
    result = subprocess.run(
        [HYBRIDGATE, "simulate", "--outcomes", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "--price" in result.stderr and "Traceback" not in result.stderr
