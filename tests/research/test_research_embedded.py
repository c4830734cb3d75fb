"""`hybridgate research` with zero configuration: every stage on the embedded models (SmolLM2
for planning, extraction and synthesis, MiniLM for embeddings). Weak, but it completes, cites
real chunks and nothing leaves the machine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import cli

pytestmark = pytest.mark.slow


def test_the_whole_pipeline_runs_offline_on_the_embedded_models(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.endswith("_API_KEY") or name == "HYBRIDGATE_CONFIG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HYBRIDGATE_DATA_DIR", str(tmp_path / "state"))
    code, out, err = cli(
        "research", "Which river runs through Vienna?", "--docs", str(docs), "--top-k", "2",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert result["complete"]
    for stage in result["stages"]:
        if stage["calls"]:
            assert stage["local"] is True, stage
    assert {d for s in result["stages"] for d in s["deployments"]} == {
        "local-chat",
        "local-embed",
    }
    assert result["local_stages"] == ["index", "plan", "retrieve", "extract", "synthesise"]
    assert result["answer"]
    chunks = json.loads(next((tmp_path / "state" / "research").glob("*/chunks.json")).read_text())
    ids = {c["id"] for c in chunks}
    assert all(f["chunks"] and set(f["chunks"]) <= ids for f in result["facts"])
    assert all(c["chunk"] in ids for c in result["citations"])
    assert "(−100%)" in result["cost_line"]
