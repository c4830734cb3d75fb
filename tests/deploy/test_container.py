"""The Dockerfile and compose.yaml as an operator builds and starts them: the Dockerfile
passes hadolint, builds llama.cpp with the Makefile's portable flags, runs as a non-root user
and checks /healthz; compose.yaml is valid against the Compose Specification and wires two
replicas to one PostgreSQL, one Redis and Prometheus; the configs they ship load."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from dockerfile_parse import DockerfileParser

from hybridgate.config.loader import load_settings

ROOT = Path(__file__).resolve().parents[2]
HADOLINT = Path(sys.executable).parent / "hadolint"


def _makefile_value(name: str) -> str:
    match = re.search(rf"^{name} := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match is not None
    return match.group(1).strip()


@pytest.fixture(scope="module")
def dockerfile() -> DockerfileParser:
    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    return parser


def test_the_dockerfile_passes_hadolint() -> None:
    done = subprocess.run(
        [str(HADOLINT), "--failure-threshold", "info", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_is_multi_stage_non_root_and_checks_healthz(
    dockerfile: DockerfileParser,
) -> None:
    instructions = dockerfile.structure
    stages = [i for i in instructions if i["instruction"] == "FROM"]
    assert len(stages) >= 2
    final = instructions[instructions.index(stages[-1]) :]
    users = [i["value"] for i in final if i["instruction"] == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    health = [i["value"] for i in final if i["instruction"] == "HEALTHCHECK"]
    assert len(health) == 1 and "/healthz" in health[0]
    assert any(i["instruction"] == "COPY" and "--from=build" in i["value"] for i in final)
    args = {i["value"].split("=")[0] for i in instructions if i["instruction"] == "ARG"}
    assert "WITH_MODEL" in args  # the embedded model is a build-time choice


def test_llama_cpp_is_built_with_the_makefiles_portable_flags(
    dockerfile: DockerfileParser,
) -> None:
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r'CMAKE_ARGS="([^"]+)"', text)
    assert match is not None
    assert match.group(1) == _makefile_value("LLAMA_CMAKE_ARGS")
    assert f"LLAMA_CPP_VERSION={_makefile_value('LLAMA_CPP_VERSION')}" in text
    assert f"SMOLLM2_VERSION={_makefile_value('SMOLLM2_VERSION')}" in text
    assert "--constraint requirements.lock" in text


def test_the_images_own_config_loads() -> None:
    settings = load_settings(ROOT / "deploy" / "container" / "config.yaml")
    assert settings.auth == "keys"  # it listens beyond loopback
    assert settings.logging.format == "json"


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_yaml_is_valid_against_the_compose_specification() -> None:
    schema = json.loads((Path(__file__).parent / "data" / "compose_spec.json").read_text())
    # Its $schema names draft 2019-09 with a trailing '#', which jsonschema does not look up.
    jsonschema.Draft201909Validator(schema).validate(_compose())


def test_compose_runs_two_replicas_on_one_postgresql_and_redis_scraped_by_prometheus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = _compose()["services"]
    gateways = [name for name, s in services.items() if s.get("image") == "hybridgate:local"]
    assert len(gateways) == 2
    assert {"postgres", "redis", "prometheus"} <= set(services)
    for name in gateways:
        service = services[name]
        assert service["build"]["context"] == "."
        assert set(service["depends_on"]) == {"postgres", "redis"}
        assert all(d["condition"] == "service_healthy" for d in service["depends_on"].values())
        for mount in service["volumes"]:
            assert (ROOT / mount.split(":")[0]).exists()
    assert {s["healthcheck"]["test"][0] for n, s in services.items() if n in ("postgres", "redis")}

    scrape = yaml.safe_load((ROOT / "deploy" / "compose" / "prometheus.yml").read_text())
    targets = scrape["scrape_configs"][0]["static_configs"][0]["targets"]
    assert sorted(targets) == sorted(f"{name}:8080" for name in gateways)

    env = services[gateways[0]]["environment"]
    monkeypatch.setenv("HYBRIDGATE_STORAGE", env["HYBRIDGATE_STORAGE"])
    monkeypatch.setenv("HYBRIDGATE_REDIS", env["HYBRIDGATE_REDIS"])
    settings = load_settings(ROOT / "deploy" / "compose" / "hybridgate.yaml")
    assert settings.storage.startswith("postgresql://") and "@postgres:5432/" in settings.storage
    assert settings.redis == "redis://redis:6379/0"
