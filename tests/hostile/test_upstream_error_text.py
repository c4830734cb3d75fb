"""What an upstream says when it fails stays in the house: a 5xx body (internal host names,
stack paths, a DSN with its password) never reaches the caller, and the log keeps the text with
its secrets masked. A 4xx about the caller's own request keeps its one-line reason."""

from __future__ import annotations

import logging

import openai
import pytest

from tests import sdk
from tests.conftest import Gateway
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

LEAKY = (
    "Traceback (most recent call last): File /srv/gateway-internal/app.py, line 3; "
    "could not connect to postgresql://svc:hunter2@db-7.corp.internal:5432/billing"
)


def test_a_5xx_body_never_reaches_the_caller(
    gateway: Gateway, openai_upstream: FakeUpstream, caplog: pytest.LogCaptureFixture
) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Failure(500, LEAKY))
    with (
        caplog.at_level(logging.WARNING, logger="hybridgate.upstream"),
        pytest.raises(openai.APIStatusError) as info,
    ):
        sdk.openai_client(gateway.url).chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "hi"}], max_tokens=5
        )
    seen = str(info.value.body) + str(info.value)
    for secret in ("hunter2", "corp.internal", "/srv/gateway-internal"):
        assert secret not in seen
    assert "HTTP 500" in seen
    logged = caplog.text
    assert "corp.internal" in logged and "hunter2" not in logged  # kept for operators, masked
    fake_openai.script(openai_upstream.app, fake_openai.Answer())


def test_a_4xx_keeps_its_reason(gateway: Gateway, openai_upstream: FakeUpstream) -> None:
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Failure(400, "max_tokens is too large: 99999999", "invalid_request_error"),
    )
    with pytest.raises(openai.BadRequestError, match="max_tokens is too large"):
        sdk.openai_client(gateway.url).chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "hi"}], max_tokens=5
        )
    fake_openai.script(openai_upstream.app, fake_openai.Answer())
