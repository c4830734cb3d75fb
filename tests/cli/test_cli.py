"""The command line as users meet it: clear messages, no tracebacks."""

from __future__ import annotations

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
    )
    result = subprocess.run(
        [HYBRIDGATE, "report", "--config", str(config)], capture_output=True, text=True, check=True
    )
    assert "0 requests" in result.stdout
    assert (tmp_path / "hybridgate.db").exists()


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
