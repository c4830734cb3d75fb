"""`hybridgate export finetune`: the exact files a trainer reads."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from hybridgate.accounting.ledger import migrate, open_engine
from hybridgate.quality.records import Judgment, record_judgment

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
CONVERSATION = json.dumps(
    [
        {"role": "system", "content": "Extract the city."},
        {"role": "user", "content": "I flew to Lisbon."},
    ]
)


def _judgment(request_id: str, verdict: str, *, day: int = 2, clean: bool = True) -> Judgment:
    return Judgment(
        ts=datetime(2026, 12, day, 12, 0, tzinfo=UTC),
        request_id=request_id,
        tier="extraction",
        deployment="mini",
        baseline="frontier",
        judge="judge",
        method="judge",
        verdict=verdict,
        answer_cost_usd=Decimal("0.001"),
        baseline_cost_usd=Decimal("0.004"),
        proof_cost_usd=Decimal("0.005"),
        privacy_clean=clean,
        conversation=CONVERSATION if clean else None,
        answer="lisbon?",
        baseline_answer=f"Lisbon ({request_id})",
    )


def test_export_writes_judge_approved_frontier_answers_with_a_manifest(tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "storage: hybridgate.db\n"
        "deployments:\n"
        "  - {name: mini, provider: openai, model: gpt-4o-mini}\n"
        "  - {name: frontier, provider: openai, model: gpt-4o}\n"
        "  - {name: judge, provider: openai, model: gpt-4.1-mini}\n"
        "tiers: {extraction: [mini]}\n"
        "default_tier: extraction\n"
        "quality: {baseline: frontier, judge: judge, keep_conversations: true}\n"
    )
    engine = open_engine(str(tmp_path / "hybridgate.db"))
    migrate(engine)
    for judgment in (
        _judgment("frontier-won", "loss"),  # the cheaper answer lost: the frontier one won
        _judgment("tied", "tie"),
        _judgment("cheap-won", "win"),
        _judgment("too-early", "loss", day=1),
        _judgment("not-clean", "loss", clean=False),
    ):
        record_judgment(engine, judgment)
    engine.dispose()

    out = tmp_path / "export"
    command = [
        HYBRIDGATE,
        "export",
        "finetune",
        "--config",
        str(config),
        "--tier",
        "extraction",
        "--since",
        "2026-12-02",
        "--out",
        str(out),
        "--json",
    ]
    manifest = json.loads(
        subprocess.run(command, capture_output=True, text=True, check=True).stdout
    )
    lines = (out / "openai.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "messages": [
                {"role": "system", "content": "Extract the city."},
                {"role": "user", "content": "I flew to Lisbon."},
                {"role": "assistant", "content": f"Lisbon ({rid})"},
            ]
        }
        for rid in ("frontier-won", "tied")
    ]
    first = json.loads((out / "sharegpt.jsonl").read_text().splitlines()[0])
    assert [turn["from"] for turn in first["conversations"]] == ["system", "human", "gpt"]
    assert manifest == json.loads((out / "manifest.json").read_text())
    assert manifest["rows"] == 2 and manifest["filters"]["min_verdict"] == "tie"
    assert manifest["date_range"] == ["2026-12-02T12:00:00+00:00"] * 2
    assert "gpt-4o" in manifest["licence_note"]

    wins = subprocess.run(
        [*command[:-1], "--min-verdict", "win", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(wins.stdout)["rows"] == 1
