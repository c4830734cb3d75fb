"""The command line as users meet it: clear messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))


def test_bad_config_names_file_and_path(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("deployments:\n  - {name: a, provider: nope, model: m}\n")
    for command in (["serve"], ["report", "--json"]):
        result = subprocess.run(
            [HYBRIDGATE, *command, "--config", str(config)], capture_output=True, text=True
        )
        assert result.returncode == 2
        assert "deployments[0].provider" in result.stderr
        assert "Traceback" not in result.stderr


def test_report_on_an_empty_ledger(tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "deployments:\n  - {name: a, provider: llama_cpp, model: m}\ntiers: {routing: [a]}\n"
        "storage: ledger.db\n"
    )
    result = subprocess.run(
        [HYBRIDGATE, "report", "--config", str(config)], capture_output=True, text=True, check=True
    )
    assert "0 requests" in result.stdout
    assert (tmp_path / "ledger.db").exists()  # a relative storage: is beside the config file
    assert f"ledger: {tmp_path / 'ledger.db'}" in result.stderr


def test_report_rejects_a_bad_since(tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "deployments:\n  - {name: a, provider: llama_cpp, model: m}\ntiers: {routing: [a]}\n"
    )
    result = subprocess.run(
        [HYBRIDGATE, "report", "--since", "last tuesday", "--config", str(config)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "--since" in result.stderr and "Traceback" not in result.stderr


def test_missing_gguf_file_is_named_before_the_server_starts(tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "deployments:\n  - {name: mine, provider: llama_cpp, model: m, model_path: /nope/model.gguf}\n"
        "tiers: {routing: [mine]}\n"
    )
    result = subprocess.run(
        [HYBRIDGATE, "serve", "--config", str(config)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "/nope/model.gguf" in result.stderr and "mine" in result.stderr
    assert "Traceback" not in result.stderr


def test_route_explain_shows_the_decision_and_its_reasons(tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "deployments:\n"
        "  - {name: local, provider: llama_cpp, model: m}\n"
        "  - {name: gpt, provider: openai, model: gpt-4o, api_key: sk-x, region: us}\n"
        "tiers: {routing: [local], reasoning: [gpt, local]}\n"
        "policy: {privacy: local_only}\n"
    )
    body = '{"model": "reasoning", "messages": [{"role": "user", "content": "Why? Write to ana@example.org"}]}'
    result = subprocess.run(
        [HYBRIDGATE, "route", "explain", "--json", "--config", str(config)],
        input=body,
        capture_output=True,
        text=True,
        check=True,
    )
    decision = json.loads(result.stdout)
    assert decision["target"] == "local"
    assert decision["privacy_action"] == "local_only"
    assert decision["privacy_findings"] == ["email"]
    assert any("local only" in r for r in decision["reasons"])


def test_route_explain_names_a_bad_field(tmp_path: Path) -> None:
    result = subprocess.run(
        [HYBRIDGATE, "route", "explain"],
        input='{"model": "auto", "messages": "hi"}',
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "messages" in result.stderr and "Traceback" not in result.stderr
