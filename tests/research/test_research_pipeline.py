"""`hybridgate research` end to end on the fakes: each stage on its tier's deployment, on the
ledger, citing real chunks, keeping sensitive content off cloud stages, stopping cleanly
when the budget runs out."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.fakes import research as fake
from tests.fakes.background import FakeUpstream

from .conftest import cli, research_json

QUESTION = "Which river runs through Vienna and where does the Danube end?"


def _stage(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in result["stages"] if s["stage"] == name)


def _ledger(config: Path) -> list[dict[str, Any]]:
    db = config.parent / "l.db"
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM requests ORDER BY id")]


def _index_dir(tmp_path: Path) -> str:
    return str(tmp_path / "index")


def test_every_stage_runs_on_its_tier_and_the_answer_cites_real_chunks(
    docs: Path, config: Path, tmp_path: Path, research_upstream: FakeUpstream
) -> None:
    seen = research_upstream.app[fake.REQUESTS]
    before = len(seen)
    code, result, err = research_json(
        QUESTION, "--docs", str(docs), "--config", str(config), "--index", _index_dir(tmp_path)
    )
    assert code == 0, err
    assert result["complete"] and result["stopped"] is None
    deployments = {s["stage"]: s["deployments"] for s in result["stages"]}
    assert deployments == {
        "index": ["embedder"],
        "plan": ["edge-router"],
        "retrieve": ["embedder"],
        "extract": ["mistral-small"],
        "synthesise": ["frontier"],
    }
    assert len(result["subquestions"]) == 2  # the fake planner split at "and"
    assert "Danube" in result["answer"]
    # Citations name chunks that exist, in documents that exist, and were given as facts.
    chunks = json.loads((tmp_path / "index" / "chunks.json").read_text())
    by_id = {c["id"]: c for c in chunks}
    assert result["citations"], result["answer"]
    for citation in result["citations"]:
        assert citation["chunk"] in by_id
        assert (docs / citation["document"]).is_file()
    assert result["invalid_citations"] == []
    for fact in result["facts"]:
        for chunk_id in fact["chunks"]:
            assert fact["text"].split(" ")[0] in by_id[chunk_id]["text"]
    # Only synthesis reached the reasoning tier, and it saw facts, not documents.
    synthesis = [b for b in seen[before:] if b.get("model") == "gpt-4.1"]
    assert len(synthesis) == 1
    sent = json.dumps(synthesis[0]["messages"])
    assert "Vienna has about two million inhabitants" not in sent
    # Routing and embeddings stayed on self-hosted deployments, and the output says so.
    assert result["local_stages"] == ["index", "plan", "retrieve"]
    assert _stage(result, "plan")["why"] == ["edge-router is self-hosted (first in its tier)"]
    assert _stage(result, "synthesise")["local"] is False


def test_every_call_is_on_the_ledger_with_its_cost(
    docs: Path, config: Path, tmp_path: Path
) -> None:
    code, result, _ = research_json(
        QUESTION, "--docs", str(docs), "--config", str(config), "--index", _index_dir(tmp_path)
    )
    assert code == 0
    rows = _ledger(config)
    ids = [r for s in result["stages"] for r in s["request_ids"]]
    assert sorted(r["request_id"] for r in rows) == sorted(ids)
    by_id = {r["request_id"]: r for r in rows}
    for stage in result["stages"]:
        for request_id in stage["request_ids"]:
            assert by_id[request_id]["deployment"] in stage["deployments"]
            assert by_id[request_id]["status"] == "ok"
    # The ledger keeps nano-dollars.
    total = sum(r["cost_nusd"] for r in rows) / 1e9
    assert total > 0 and abs(total - float(result["cost_usd"])) < 1e-8
    baseline = sum(r["baseline_cost_nusd"] for r in rows) / 1e9
    assert abs(baseline - float(result["baseline_cost_usd"])) < 1e-8
    assert result["cost_line"].startswith("cost $0.0")
    assert "if every stage ran on gpt-4o (−" in result["cost_line"]


def test_the_index_is_reused_and_updated_incrementally(
    docs: Path, config: Path, tmp_path: Path
) -> None:
    args = ("--docs", str(docs), "--config", str(config), "--index", _index_dir(tmp_path))
    _, first, _ = research_json(QUESTION, *args)
    chunks = first["index"]["chunks"]
    assert first["index"]["embedded"] == chunks and first["index"]["documents"] == 5
    _, again, _ = research_json(QUESTION, *args)
    assert again["index"]["embedded"] == 0 and again["index"]["reused"] == chunks
    assert _stage(again, "index")["calls"] == 0

    (docs / "mountains.txt").write_text("The Eiger is in the Bernese Alps.")
    (docs / "rivers.md").unlink()
    _, changed, _ = research_json(QUESTION, *args)
    assert changed["index"]["embedded"] == 1
    assert changed["index"]["removed_documents"] == 1
    index = json.loads((tmp_path / "index" / "chunks.json").read_text())
    assert not any(c["document"] == "rivers.md" for c in index)
    assert "Eiger" in next(c["text"] for c in index if c["document"] == "mountains.txt")


def test_html_and_pdf_are_read_as_text(docs: Path, config: Path, tmp_path: Path) -> None:
    research_json(
        "Where is Lake Geneva?",
        "--docs",
        str(docs),
        "--config",
        str(config),
        "--index",
        _index_dir(tmp_path),
    )
    chunks = {
        c["id"]: c["text"] for c in json.loads((tmp_path / "index" / "chunks.json").read_text())
    }
    assert "Lake Geneva lies between Switzerland and France." in chunks["lakes.pdf#1"]
    assert "Vienna is the capital of Austria." in chunks["cities/vienna.html#1"]
    assert "color" not in chunks["cities/vienna.html#1"]
    assert not any(name.startswith((".hidden", "image")) for name in chunks)


def test_sensitive_documents_stay_local_and_the_output_says_why(
    docs: Path, config: Path, tmp_path: Path, research_upstream: FakeUpstream
) -> None:
    seen = research_upstream.app[fake.REQUESTS]
    before = len(seen)
    code, result, _ = research_json(
        "Who climbed the Matterhorn and where does it stand?",
        "--docs",
        str(docs),
        "--config",
        str(config),
        "--index",
        _index_dir(tmp_path),
        "--privacy",
        "local_only",
    )
    assert code == 0
    extract = _stage(result, "extract")
    assert "local-llm" in extract["deployments"]
    assert any(w.startswith("privacy: email") for w in extract["why"]), extract["why"]
    cloud = [b for b in seen[before:] if b.get("model") in ("gpt-4.1", "mistral-small-latest")]
    assert not any("johanna.meyer@example.org" in json.dumps(b) for b in cloud)


def test_redaction_sends_cloud_stages_placeholders(
    docs: Path, config: Path, tmp_path: Path, research_upstream: FakeUpstream
) -> None:
    (docs / "patients.md").unlink()
    (docs / "huts.md").write_text(
        "The Hoernli hut below the Matterhorn takes bookings at hut.bookings@example.org only."
    )
    seen = research_upstream.app[fake.REQUESTS]
    before = len(seen)
    code, result, _ = research_json(
        "Where does the Hoernli hut below the Matterhorn take bookings?",
        "--docs",
        str(docs),
        "--config",
        str(config),
        "--index",
        _index_dir(tmp_path),
    )  # research's default privacy floor is redact
    assert code == 0, result["stopped"]
    extracted = [b for b in seen[before:] if b.get("model") == "mistral-small-latest"]
    assert extracted and all("hut.bookings@example.org" not in json.dumps(b) for b in extracted)
    assert any("redacted before mistral-small" in w for w in _stage(result, "extract")["why"])
    # Restored on the way back: the caller's facts hold the real address.
    assert any("hut.bookings@example.org" in f["text"] for f in result["facts"])


def test_budget_exhausted_mid_run_gives_a_partial_answer(
    docs: Path, config: Path, tmp_path: Path
) -> None:
    code, out, err = cli(
        "keys", "create", "--config", str(config), "--name", "researcher", "--json",
        "--budget-usd", "0.001", "--budget-period", "total",
    )  # fmt: skip
    assert code == 0, err
    secret = json.loads(out)["key"]
    args = ("--docs", str(docs), "--config", str(config), "--index", _index_dir(tmp_path))
    code, result, _ = research_json(QUESTION, *args, "--key", secret)
    assert code == 1
    assert not result["complete"]
    assert result["stopped"].startswith("stopped at the synthesise stage:")
    assert "budget" in result["stopped"] and "facts extracted so far" in result["stopped"]
    assert result["facts"] and result["answer"] is None
    assert _stage(result, "extract")["status"] == "ok"
    assert _stage(result, "synthesise")["status"] == "failed"
    refused = [r for r in _ledger(config) if r["status"] == "error"]
    assert [r["error"] for r in refused] == ["budget_exceeded"]

    code, text, _ = cli("research", QUESTION, *args, "--key", secret)
    assert code == 1
    assert "partial result" in text and "Facts extracted before the stop" in text


def test_text_output_has_stages_local_stages_and_the_cost_line(
    docs: Path, config: Path, tmp_path: Path
) -> None:
    code, text, err = cli(
        "research", QUESTION, "--docs", str(docs), "--config", str(config),
        "--index", _index_dir(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    assert "Sources:" in text and "rivers.md#1" in text
    assert "kept local: index, plan, retrieve" in text
    assert "if every stage ran on gpt-4o" in text.splitlines()[-1]
    assert "research index:" in err


def test_no_documents_is_a_clear_error(tmp_path: Path, config: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = cli("research", "q?", "--docs", str(tmp_path / "empty"), "--config", str(config))
    assert code == 2 and "no documents in" in err
