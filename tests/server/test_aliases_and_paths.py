"""Model names clients hard-code (aliases), `/v1/models/{id}`, paths without `/v1`, `GET /`."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import openai
import pytest
import yaml

from hybridgate.config.loader import ConfigError, load_settings
from tests import sdk
from tests.conftest import Gateway, GatewayFactory, upstream_config
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream


def test_default_aliases_land_on_tiers_and_say_so(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    client = sdk.openai_client(gateway.url)
    # LangChain's ChatOpenAI default; the test config has a `routing` tier.
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-3.5-turbo", messages=[{"role": "user", "content": "hi"}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert raw.headers["x-hybridgate-route"].startswith(
        "alias:gpt-3.5-turbo->routing; tier:routing"
    )
    # The upstream is asked for its own model, never the alias.
    assert openai_upstream.app[fake_openai.REQUESTS][-1]["model"] == (
        "meta-llama/Llama-3.3-70B-Instruct"
    )
    # A deployment of that name wins over the default alias.
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"
    assert "alias" not in raw.headers["x-hybridgate-route"]
    embedded = client.embeddings.with_raw_response.create(
        model="text-embedding-3-small", input="hello"
    )
    assert embedded.headers["x-hybridgate-route"].startswith("alias:text-embedding-3-small")
    ids = [m.id for m in client.models.list()]
    assert {"gpt-3.5-turbo", "text-embedding-3-small", "auto", "routing", "gpt-4o"} <= set(ids)
    rows = gateway.report(expect_requests=3)
    assert rows["requests"] == 3


def test_configured_aliases_replace_the_defaults(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(lambda config: config.update(aliases={"house-model": "auto"}))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    client = sdk.openai_client(gateway.url)
    raw = client.chat.completions.with_raw_response.create(
        model="house-model", messages=[{"role": "user", "content": "Summarize: a b c"}]
    )
    assert raw.headers["x-hybridgate-route"].startswith("alias:house-model->auto; tier:")
    with pytest.raises(openai.NotFoundError, match=r"gpt-3\.5-turbo"):
        client.chat.completions.create(
            model="gpt-3.5-turbo", messages=[{"role": "user", "content": "hi"}]
        )


def test_an_alias_to_nowhere_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HG_TEST_OPENAI_KEY", "HG_TEST_ANTHROPIC_KEY", "HG_TEST_GEMINI_KEY"):
        monkeypatch.setenv(var, "k")
    config = upstream_config("http://a", "http://b", "http://c", tmp_path / "l.db")
    config["aliases"] = {"gpt-4o-mini": "cheap"}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(config))
    with pytest.raises(ConfigError, match=r"aliases\.gpt-4o-mini: 'cheap' is not a tier"):
        load_settings(path)


def test_models_retrieve_and_paths_without_v1(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    client = sdk.openai_client(gateway.url)
    assert client.models.retrieve("gpt-3.5-turbo").id == "gpt-3.5-turbo"
    assert client.models.retrieve("reasoning").id == "reasoning"
    with pytest.raises(openai.NotFoundError, match="no-such-model"):
        client.models.retrieve("no-such-model")
    # Some tools are configured with the bare host as their base URL.
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="bare"))
    bare = openai.OpenAI(base_url=gateway.url, api_key="unused", max_retries=0)
    try:
        answer = bare.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
        )
        assert answer.choices[0].message.content == "bare"
        assert bare.models.retrieve("auto").id == "auto"
    finally:
        bare.close()


def test_root_points_at_the_dashboard(gateway: Gateway) -> None:
    parts = urlsplit(gateway.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 302
        assert response.getheader("location") == "/ui"
    finally:
        connection.close()
