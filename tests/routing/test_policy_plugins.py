"""Routing policy plugins: registered by entry point (`hybridgate.policies`), placed by
`policies:` in the config, and seen by the caller in the route header, the error and the
ledger. The plugin is a real installed distribution (a .dist-info on sys.path)."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import openai
import pytest
import yaml

from hybridgate.config.loader import ConfigError, parse_settings
from hybridgate.errors import PolicyRefused
from hybridgate.pipeline.assembly import assemble
from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from tests import sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

PLUGIN = '''
"""A compliance policy: project codes that must stay in-house, and one nobody may route."""

from hybridgate.errors import PolicyRefused


class ProjectCodes:
    name = "projects"

    def __init__(self, settings):
        self._self_hosted = {d.name for d in settings.deployments if d.self_hosted}

    def narrow(self, ask, decision):
        text = ask.request.prompt_text()
        if "ORION-7" in text:
            raise PolicyRefused(
                "projects: ORION-7 is embargoed; this gateway routes nothing about it",
                code="project_embargoed",
            )
        if "VEGA-" not in text:
            return decision
        local = [c for c in decision.candidates() if c in self._self_hosted]
        if not local:
            raise PolicyRefused("projects: VEGA work needs a self-hosted deployment", code="project_local")
        return decision.narrowed(local, "projects: VEGA code -> self-hosted only")


class Widening:
    """Broken on purpose: adds a cloud deployment the decision did not allow."""

    name = "widening"

    def __init__(self, settings):
        pass

    def narrow(self, ask, decision):
        return decision.narrowed(("gpt-4o", *decision.candidates()), "widening: why not")


class Crashing:
    name = "crashing"

    def __init__(self, settings):
        pass

    def narrow(self, ask, decision):
        raise RuntimeError("the compliance database is down")
'''

ENTRY_POINTS = """
[hybridgate.policies]
projects = hg_projects:ProjectCodes
widening = hg_projects:Widening
crashing = hg_projects:Crashing
gone = hg_projects:NoSuchPolicy
"""

ORDER = ["task", "difficulty", "privacy", "residency", "projects", "capacity", "cascade"]


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Install the plugin distribution the way pip lays it out, on sys.path."""
    site = tmp_path / "site"
    info = site / "hg_projects-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "hg_projects.py").write_text(textwrap.dedent(PLUGIN))
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hg-projects\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "hg_projects", raising=False)


def with_projects(config: dict[str, Any]) -> None:
    config["policies"] = ORDER
    # gpt-4o is a cloud API, gpu-box self-hosted.
    config["tiers"]["reasoning"] = ["gpt-4o", "gpu-box"]


def ledger_rows(gw: Gateway, expect: int) -> list[sqlite3.Row]:
    storage = yaml.safe_load(gw.config_path.read_text())["storage"]
    deadline = time.monotonic() + 10
    while True:
        with contextlib.closing(sqlite3.connect(storage)) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM requests ORDER BY id").fetchall()
        if len(rows) >= expect or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


@pytest.mark.usefixtures("installed")
def test_a_plugin_policy_from_config_routes_and_refuses_as_the_caller_sees_it(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(with_projects)
    client = sdk.openai_client(gw.url)
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="Cloud answer."),
        fake_openai.Answer(text="In-house answer."),
    )
    plain = client.chat.completions.with_raw_response.create(
        model="reasoning", messages=[{"role": "user", "content": "Plan the launch."}]
    )
    assert plain.headers["x-hybridgate-deployment"] == "gpt-4o"
    kept = client.chat.completions.with_raw_response.create(
        model="reasoning", messages=[{"role": "user", "content": "Plan the VEGA-12 launch."}]
    )
    assert kept.parse().choices[0].message.content == "In-house answer."
    assert kept.headers["x-hybridgate-deployment"] == "gpu-box"
    assert "projects: VEGA code -> self-hosted only" in kept.headers["x-hybridgate-route"]
    with pytest.raises(openai.PermissionDeniedError) as refused:
        client.chat.completions.create(
            model="reasoning", messages=[{"role": "user", "content": "Status of ORION-7?"}]
        )
    assert "ORION-7 is embargoed" in str(refused.value)
    assert len(openai_upstream.app[fake_openai.REQUESTS]) == 2  # the refused one never left
    rows = ledger_rows(gw, expect=3)
    assert [(r["deployment"], r["http_status"]) for r in rows] == [
        ("gpt-4o", 200),
        ("gpu-box", 200),
        (None, 403),
    ]
    assert "projects: VEGA code -> self-hosted only" in rows[1]["reasons"]
    assert rows[2]["error"] == "project_embargoed"


def base_config(policies: list[str] | None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "deployments": [
            {"name": "api", "provider": "openai", "model": "gpt-4o", "api_key": "sk-x"},
            {
                "name": "box",
                "provider": "openai_compatible",
                "model": "qwen",
                "base_url": "http://127.0.0.1:9/v1",
                "location": "self_hosted",
            },
        ],
        "tiers": {"routing": ["api", "box"]},
    }
    if policies is not None:
        config["policies"] = policies
    return config


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("policies", "expected"),
    [
        ([*ORDER, "complaince"], ["policies[7]", "no policy named 'complaince'", "projects"]),
        (["projects"], ["policies:", "missing task"]),
        (
            ["task", "difficulty", "residency", "privacy", "capacity", "cascade"],
            ["policies:", "out of order"],
        ),
        (["projects", *ORDER[:4], *ORDER[5:]], ["policies[0]", "after 'difficulty'"]),
        ([*ORDER, "projects"], ["policies[7]", "listed twice"]),
    ],
)
def test_bad_policies_lists_are_clear_config_errors(
    policies: list[str], expected: list[str]
) -> None:
    with pytest.raises(ConfigError) as error:
        parse_settings(base_config(policies), "hybridgate.yaml", secrets=False)
    for part in expected:
        assert part in str(error.value)


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("plugin", "code"), [("widening", "policy_widened"), ("crashing", "policy_failed")]
)
def test_a_plugin_that_widens_or_breaks_refuses_the_request(plugin: str, code: str) -> None:
    order = [*ORDER[:4], plugin, *ORDER[5:]]
    settings = parse_settings(base_config(order), "hybridgate.yaml", secrets=False)
    router = assemble(settings).router
    request = ChatRequest(model="box", messages=(Message("user", (TextPart("hello"),)),))
    with pytest.raises(PolicyRefused) as refused:
        router.decide_chat(request)
    assert refused.value.code == code


@pytest.mark.usefixtures("installed")
def test_a_plugin_that_cannot_load_is_a_config_error_naming_it() -> None:
    order = [*ORDER[:4], "gone", *ORDER[5:]]
    settings = parse_settings(base_config(order), "hybridgate.yaml", secrets=False)
    with pytest.raises(ConfigError) as error:
        assemble(settings)
    assert "'gone'" in str(error.value)
    assert "hg_projects:NoSuchPolicy" in str(error.value)
