"""`provider:` is checked against the installed providers, and each deployment's own keys
against its provider's options model: built-ins and plugins through the same registry."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import Field

from hybridgate.cli import providers as providers_cli
from hybridgate.config.loader import ConfigError, load_settings, parse_settings
from hybridgate.config.strict import Strict
from hybridgate.providers.base import Capabilities, Declared, ProviderDefaults
from hybridgate.providers.registry import ProviderRegistry


class _TapeOptions(Strict):
    reels: int = Field(default=1, ge=1, le=4)


class _TapeProvider(Declared):
    """A plugin provider as a test defines one (never constructed here: validation only)."""

    options = _TapeOptions
    defaults = ProviderDefaults(location="self_hosted", region="eu")
    capabilities = Capabilities(chat=False, embeddings=True)


def _registry() -> ProviderRegistry:
    registry = ProviderRegistry()  # the installed providers ...
    registry.register("tape", _TapeProvider)  # ... and one registered in code
    return registry


def _config(tmp_path: Path, deployment: str) -> Path:
    path = tmp_path / "hybridgate.yaml"
    path.write_text(f"deployments:\n  - {deployment}\n", encoding="utf-8")
    return path


def test_an_unknown_provider_is_named_with_the_installed_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_config(tmp_path, "{name: a, provider: anthropc, model: m}"))
    message = str(info.value)
    assert "deployments[0].provider" in message
    assert "'anthropc'" in message
    assert "did you mean 'anthropic'?" in message
    for builtin in ("'openai'", "'llama_cpp'", "'gemini'", "'local_embeddings'"):
        assert builtin in message
    assert "Traceback" not in message


def test_a_plugin_option_is_validated_by_the_plugin_schema() -> None:
    tape = {"name": "t", "provider": "tape", "model": "m", "base_url": "http://tape:9/v1"}
    data = {"deployments": [{**tape, "reels": 9}]}
    with pytest.raises(ConfigError) as info:
        parse_settings(data, "plugin.yaml", providers=_registry())
    assert "deployments[0].reels" in str(info.value)
    assert "4" in str(info.value)  # the bound the plugin declared

    data["deployments"][0]["reels"] = 3
    deployment = parse_settings(data, "plugin.yaml", providers=_registry()).deployments[0]
    assert isinstance(deployment.options, _TapeOptions) and deployment.options.reels == 3
    # The plugin's declared defaults fill what the config leaves out.
    assert (deployment.location, deployment.region) == ("self_hosted", "eu")
    assert deployment.origin == "http://tape:9"

    # Without a default URL and not in a worker, a deployment must say where its server is.
    del data["deployments"][0]["base_url"]
    with pytest.raises(ConfigError, match=r"deployments\[0\]: provider tape needs a base_url"):
        parse_settings(data, "plugin.yaml", providers=_registry())


def test_a_key_no_provider_defines_names_the_provider_and_its_options() -> None:
    data = {"deployments": [{"name": "t", "provider": "tape", "model": "m", "reel": 2}]}
    with pytest.raises(ConfigError) as info:
        parse_settings(data, "plugin.yaml", providers=_registry())
    message = str(info.value)
    assert "deployments[0].reel" in message
    assert "tape" in message and "'reels'" in message
    # A built-in's option on another provider is no option there either.
    data = {"deployments": [{"name": "a", "provider": "openai", "model": "m", "model_path": "x"}]}
    with pytest.raises(ConfigError, match=r"deployments\[0\]\.model_path"):
        parse_settings(data, "plugin.yaml")


def test_the_plugin_is_unknown_where_it_is_not_installed() -> None:
    data = {"deployments": [{"name": "t", "provider": "tape", "model": "m"}]}
    with pytest.raises(ConfigError, match=r"deployments\[0\]\.provider: no provider named 'tape'"):
        parse_settings(data, "plugin.yaml")


def test_builtins_come_from_hybridgates_own_entry_points(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert providers_cli.run(argparse.Namespace(json=True)) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(rows) >= {"openai", "openai_compatible", "mistral", "anthropic", "gemini"}
    assert {row["distribution"] for row in rows.values()} == {"hybridgate"}
    assert rows["llama_cpp"]["runs_in_worker"] and rows["llama_cpp"]["options"] == [
        "model_path",
        "context_tokens",
    ]
    assert rows["local_embeddings"]["capabilities"] == ["embeddings"]
    assert rows["mistral"]["base_url"] == "https://api.mistral.ai/v1"


def test_nothing_is_loaded_at_import_and_only_named_providers_later() -> None:
    """Importing the app reads no entry points; a config naming openai imports no other
    provider's module."""
    code = (
        "import sys, importlib.metadata as m\n"
        "calls = []\n"
        "real = m.entry_points\n"
        "m.entry_points = lambda **kw: calls.append(kw['group']) or real(**kw)\n"
        "import hybridgate.server.app, hybridgate.config.loader as loader\n"
        "assert 'hybridgate.providers' not in calls, calls\n"
        "assert 'hybridgate.providers.gemini' not in sys.modules\n"
        "loader.parse_settings({'deployments': [{'name': 'a', 'provider': 'openai',"
        " 'model': 'm'}]}, 'x')\n"
        "assert 'hybridgate.providers' in calls\n"
        "print(sorted(n for n in sys.modules if n.startswith('hybridgate.providers.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out.replace("'", '"')))
    assert "hybridgate.providers.openai_compat" in loaded
    assert not loaded & {
        "hybridgate.providers.gemini",
        "hybridgate.providers.anthropic",
        "hybridgate.providers.local_llama",
    }
