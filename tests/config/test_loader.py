"""Configuration: the zero-config default, env-var keys, and errors that name file and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybridgate.config.loader import ConfigError, load_settings
from hybridgate.config.state import data_dir


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gw.yaml"
    path.write_text(text)
    return path


def test_default_is_the_seed_stack_on_local_models(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "MISTRAL_API_KEY",
        "GEMINI_API_KEY",
        "HYBRIDGATE_CONFIG",
    ):
        monkeypatch.delenv(var, raising=False)
    settings = load_settings()
    assert [d.provider for d in settings.deployments] == ["llama_cpp", "local_embeddings"]
    assert all(d.self_hosted for d in settings.deployments)
    assert settings.tiers["reasoning"] == ["local-chat"]
    assert settings.tiers["embeddings"] == ["local-embed"]
    assert (settings.server.host, settings.server.port) == ("127.0.0.1", 8080)


def test_closed_deployments_join_when_keys_are_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HYBRIDGATE_CONFIG", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    monkeypatch.setenv("MISTRAL_API_KEY", "m-x")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    settings = load_settings()
    assert settings.tiers["reasoning"] == ["gpt-4.1", "mistral-large", "local-chat"]
    assert settings.tiers["summarization"][0] == "gpt-4.1-mini"
    assert settings.tiers["routing"] == ["local-chat"]  # routing stays on the small local model
    key = settings.deployment("gpt-4.1").api_key
    assert key is not None and key.get_secret_value() == "sk-x"
    assert "sk-x" not in repr(settings)


def test_env_config_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(
        tmp_path,
        "deployments:\n  - {name: a, provider: llama_cpp, model: m}\ntiers: {routing: [a]}\n",
    )
    monkeypatch.setenv("HYBRIDGATE_CONFIG", str(path))
    settings = load_settings()
    assert settings.deployments[0].name == "a"
    # No storage: the ledger is in the state directory, wherever the command runs.
    assert Path(settings.storage) == data_dir() / "hybridgate.db"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m}\n  - {name: b, provider: llama_cpp, model: m}\n"
            "  - {name: c, provider: openia, model: m}\n",
            ["deployments[2].provider", "'openai'", "'gemini'", "openia"],
        ),
        (
            "deployments:\n  - {name: a, provider: openai}\n",
            ["deployments[0].model", "Field required"],
        ),
        (
            "deployments:\n  - {name: a, provider: openai, model: m, api_key: 'env:NOPE_UNSET_VAR'}\n",
            ["deployments[0].api_key", "NOPE_UNSET_VAR"],
        ),
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m}\ntiers: {routing: [a, ghost]}\n",
            ["tiers.routing[1]", "ghost"],
        ),
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m, colour: blue}\n",
            ["deployments[0].colour", "Extra inputs"],
        ),
        ("deployments:\n  - {name: a, provider: openai_compatible, model: m}\n", ["base_url"]),
        ("deployments: [\n", ["not valid YAML"]),
        ("- just a list\n", ["top level"]),
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m, region: eu}\ntiers: {routing: [a]}\npolicy: {residency: [eu, mars]}\n",
            ["policy.residency[1]", "mars", "regions in use: eu"],
        ),
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m, region: eu}\n  - {name: b, provider: openai, model: m, region: us}\n"
            "tiers: {routing: [a], reasoning: [b]}\npolicy: {residency: [eu]}\n",
            ["tiers.reasoning", "leaves no deployment", "b: us"],
        ),
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m}\ntiers: {routing: [a]}\ntasks: {summarization: summaries}\n",
            ["tasks.summarization", "'summaries' is not a tier"],
        ),
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m}\ntiers: {routing: [a]}\nauto: {strong_tier: big}\n",
            ["auto.strong_tier", "'big'"],
        ),
        (
            "deployments:\n  - {name: a, provider: llama_cpp, model: m}\npolicy: {privacy: local_only}\nserver: {privacy_scan: false}\n",
            ["server.privacy_scan", "local_only"],
        ),
        (
            "deployments:\n  - {name: a, provider: openai, model: m, price: {input_per_mtok: -1, output_per_mtok: 2}}\n",
            ["deployments[0].price.input_per_mtok", "greater than or equal to 0"],
        ),
        (
            'deployments:\n  - {name: a, provider: openai, model: m, headers: {x-team: "a\\r\\nx-admin: 1"}}\n',
            ["deployments[0].headers", "'x-team'", "single lines"],
        ),
    ],
)
def test_errors_name_the_file_and_the_path(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "absent.yaml")
