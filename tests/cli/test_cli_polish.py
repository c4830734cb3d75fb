"""The CLI as a new user meets it: `--version`, `init`, `config check`, env references, YAML and
key errors that say where and what, one state directory, and pipes that close early."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hybridgate.cli.init import TEMPLATES

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
ENV_KEYS = {"OPENAI_API_KEY": "sk-x", "ANTHROPIC_API_KEY": "sk-ant-x", "MISTRAL_API_KEY": "m-x"}


def run(
    *argv: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HYBRIDGATE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("hybridgate ")


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_every_starter_config_checks_out(template: str, tmp_path: Path) -> None:
    path = tmp_path / "hybridgate.yaml"
    made = run("init", "--template", template, "--output", str(path))
    assert made.returncode == 0, made.stderr
    assert path.read_text().startswith("# hybridgate starter")
    assert run("init", "--template", template, "--output", str(path)).returncode == 2  # no clobber
    checked = run("config", "check", "--config", str(path), "--json", env=ENV_KEYS)
    assert checked.returncode == 0, checked.stderr
    table = json.loads(checked.stdout)
    assert table["tiers"]["embeddings"]
    assert set(table["tiers"]) >= {"routing", "reasoning"}


def test_config_check_prints_the_routing_table_and_resolves_env_refs(tmp_path: Path) -> None:
    path = tmp_path / "hybridgate.yaml"
    run("init", "--template", "ollama-openai", "--output", str(path))
    checked = run("config", "check", "--config", str(path), env=ENV_KEYS)
    assert checked.returncode == 0, checked.stderr
    assert "reasoning: gpt-4.1 -> gpt-4.1-mini" in checked.stdout
    assert "gpt-3.5-turbo -> routing" in checked.stdout
    # os.environ/NAME and ${NAME} are references, not literal keys: unset, they are errors.
    missing = run("config", "check", "--config", str(path), env={"OPENAI_API_KEY": ""})
    assert missing.returncode == 2
    assert "environment variable OPENAI_API_KEY is not set" in missing.stderr
    assert "os.environ/OPENAI_API_KEY" in missing.stderr and "${OPENAI_API_KEY}" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_yaml_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("deployments:\n  - name: a\n    provider: [unclosed\n")
    result = run("config", "check", "--config", str(path))
    assert result.returncode == 2
    assert f"{path}: not valid YAML: line" in result.stderr
    assert "<unicode string>" not in result.stderr


def test_unknown_keys_get_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "deployments:\n  - {name: a, provider: llama_cpp, model: m, regoin: eu}\n"
        "teirs: {routing: [a]}\npolicy: {privcy: block}\n"
    )
    result = run("config", "check", "--config", str(path))
    assert result.returncode == 2
    assert "teirs: Extra inputs are not permitted (did you mean 'tiers'?)" in result.stderr
    assert "(did you mean 'region'?)" in result.stderr
    assert "(did you mean 'privacy'?)" in result.stderr


def test_one_state_directory_wherever_commands_run(tmp_path: Path) -> None:
    state = tmp_path / "state"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    created = run("keys", "create", "--name", "ci", "--json", "--data-dir", str(state))
    assert created.returncode == 0, created.stderr
    assert f"ledger: {state / 'hybridgate.db'}" in created.stderr
    # Another directory, the same state (through the environment this time).
    listed = run("keys", "list", "--json", env={"HYBRIDGATE_DATA_DIR": str(state)}, cwd=elsewhere)
    assert [k["name"] for k in json.loads(listed.stdout)] == ["ci"]
    assert not (elsewhere / "hybridgate.db").exists()


def test_read_only_commands_need_no_upstream_secrets(tmp_path: Path) -> None:
    path = tmp_path / "gw.yaml"
    path.write_text(
        "deployments:\n"
        "  - {name: gpt, provider: openai, model: gpt-4o, api_key: os.environ/HG_UNSET_KEY}\n"
        "tiers: {reasoning: [gpt]}\ndefault_tier: reasoning\nstorage: ledger.db\n"
    )
    env = {"HG_UNSET_KEY": ""}
    for argv in (("report",), ("keys", "list")):
        result = run(*argv, "--config", str(path), env=env)
        assert result.returncode == 0, (argv, result.stderr)
    advised = run("advise", "--from-ledger", "--config", str(path), env=env)
    assert "no chat traffic" in advised.stderr  # it got as far as reading the ledger
    served = run("serve", "--config", str(path), "--port", "1", env=env)
    assert served.returncode == 2 and "HG_UNSET_KEY is not set" in served.stderr


def test_tables_keep_full_values_when_piped(tmp_path: Path) -> None:
    state = ["--data-dir", str(tmp_path)]  # keys in the shared state would close other gateways
    name = "a-rather-long-key-name-for-a-service"
    created = run("keys", "create", "--name", name, "--json", *state)
    key_id = json.loads(created.stdout)["id"]
    listed = run("keys", "list", *state)  # stdout is a pipe here
    assert key_id in listed.stdout
    assert "a-rather-long-key-name-for-a-service" in listed.stdout


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "hybridgate.yaml"
    run("init", "--output", str(path))
    process = subprocess.Popen(
        [HYBRIDGATE, "config", "check", "--json", "--config", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -0`: nobody reads what comes
    err = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err
