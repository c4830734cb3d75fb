"""`auth: keys | open | auto`, `keys delete`, and `model: auto` for a key limited to some tiers."""

from __future__ import annotations

import contextlib
import io
import json
import time
from pathlib import Path

import openai
import pytest

from hybridgate.cli.main import main
from tests import sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.server.test_keys_api import CACHE_S, create_key


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def ask(gateway: Gateway, key: str = "unused", model: str = "gpt-4o") -> str | None:
    client = sdk.openai_client(gateway.url, api_key=key)
    answer = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "hello there"}]
    )
    return answer.choices[0].message.content


def test_auth_keys_refuses_everyone_until_a_key_exists(gateway_factory: GatewayFactory) -> None:
    gateway = gateway_factory(lambda config: config.update(auth="keys"))
    with pytest.raises(openai.AuthenticationError, match="keys create"):
        ask(gateway)
    secret = create_key(gateway, "--name", "app")
    assert ask(gateway, secret)
    code, out, _ = _cli("keys", "list", "--config", str(gateway.config_path))
    assert code == 0 and out.startswith("auth: keys")


def test_auth_open_ignores_missing_keys_but_honours_sent_ones(
    gateway_factory: GatewayFactory,
) -> None:
    gateway = gateway_factory(lambda config: config.update(auth="open"))
    secret = create_key(gateway, "--name", "limited", "--tiers", "routing")
    time.sleep(CACHE_S)
    assert ask(gateway)  # no key: fine, the gateway is open on purpose
    with pytest.raises(openai.PermissionDeniedError, match="may use tiers routing"):
        ask(gateway, secret, model="gpt-4o")  # the key's limits still apply to its requests


def test_deleting_the_last_key_reopens_an_auto_gateway(gateway: Gateway) -> None:
    secret = create_key(gateway, "--name", "temp")
    time.sleep(CACHE_S)
    with pytest.raises(openai.AuthenticationError):
        ask(gateway)
    config = str(gateway.config_path)
    code, out, _ = _cli("keys", "revoke", "temp", "--config", config)
    time.sleep(CACHE_S)
    with pytest.raises(openai.AuthenticationError):
        ask(gateway)  # revoking never reopens
    code, out, _ = _cli("keys", "delete", "temp", "--config", config)
    assert code == 0
    assert "Deleted key" in out and "auth: auto -> open" in out
    time.sleep(CACHE_S)
    assert ask(gateway)
    with pytest.raises(openai.AuthenticationError):
        ask(gateway, secret)  # the deleted key itself is unknown now
    code, _, err = _cli("keys", "delete", "temp", "--config", config)
    assert code == 2 and "no key with id or name 'temp'" in err


def test_auto_chooses_among_the_tiers_a_key_may_use(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    secret = create_key(gateway, "--name", "cheap", "--tiers", "routing,embeddings")
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    client = sdk.openai_client(gateway.url, api_key=secret)
    # Asked to summarize, `auto` would pick the summarization tier; this key may not use it.
    raw = client.chat.completions.with_raw_response.create(
        model="auto",
        messages=[{"role": "user", "content": "Summarize this thread for me: a, b, c."}],
    )
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert raw.headers["x-hybridgate-route"].startswith("tier:routing")
    assert "instead of summarization" in raw.headers["x-hybridgate-route"]
    # Naming a tier the key may not use is still refused.
    with pytest.raises(openai.PermissionDeniedError):
        client.chat.completions.create(
            model="summarization", messages=[{"role": "user", "content": "hi"}]
        )


def test_serve_refuses_to_run_open_beyond_loopback(gateway: Gateway, tmp_path: Path) -> None:
    config = str(gateway.config_path)
    code, _, err = _cli("serve", "--config", config, "--host", "0.0.0.0", "--port", "1")
    assert code == 2
    assert "refusing to listen on 0.0.0.0 without keys" in err and "--allow-open" in err
    keys = json.loads(_cli("keys", "list", "--config", config, "--json")[1])
    assert keys == []
