"""Property-based fuzzing of the public API from its OpenAPI description: whatever a client
sends, valid or not, the gateway never answers 5xx (the upstreams here are healthy fakes)."""

from __future__ import annotations

import collections

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from hybridgate.server.openapi import spec
from tests.conftest import Gateway

#: Bounded and derandomized: the same examples every run, the whole module in about a minute.
EXAMPLES = 50
#: Random `model` strings are all 404s; these names (from tests/conftest.py) reach the fakes, so
#: valid requests get as far as an upstream and back. None keeps the generated name.
MODELS = st.sampled_from([None, "gpt-4o", "vllm-llama", "claude", "gemini", "reasoning"])

OPERATIONS = [
    ("POST", "/v1/chat/completions", GenerationMode.POSITIVE),
    ("POST", "/v1/chat/completions", GenerationMode.NEGATIVE),
    ("POST", "/v1/messages", GenerationMode.POSITIVE),
    ("POST", "/v1/messages", GenerationMode.NEGATIVE),
    ("POST", "/v1/embeddings", GenerationMode.POSITIVE),
    ("POST", "/v1/embeddings", GenerationMode.NEGATIVE),
    ("POST", "/v1/responses", GenerationMode.POSITIVE),
    ("POST", "/v1/responses", GenerationMode.NEGATIVE),
    ("POST", "/v1/completions", GenerationMode.POSITIVE),
    ("POST", "/v1/completions", GenerationMode.NEGATIVE),
    ("POST", "/v1/messages/count_tokens", GenerationMode.NEGATIVE),
    ("POST", "/v1/research", GenerationMode.NEGATIVE),
    ("GET", "/v1/models", GenerationMode.POSITIVE),
    ("GET", "/v1/models/{model}", GenerationMode.POSITIVE),
    ("GET", "/healthz", GenerationMode.POSITIVE),
]


def test_the_description_is_served(gateway: Gateway) -> None:
    served = requests.get(gateway.url + "/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == spec()
    assert served.json()["openapi"].startswith("3.1")


@pytest.mark.parametrize(("method", "path", "mode"), OPERATIONS)
def test_no_input_gets_a_server_error(
    gateway: Gateway, method: str, path: str, mode: GenerationMode
) -> None:
    operation = schemathesis.openapi.from_dict(spec())[path][method]
    session = requests.Session()
    statuses: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode), model=MODELS)
    def check(case: schemathesis.Case, model: str | None) -> None:
        if model is not None and isinstance(case.body, dict) and "model" in case.body:
            case.body["model"] = model
        response = case.call(base_url=gateway.url, session=session, timeout=30)
        statuses.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error])

    try:
        check()
    finally:
        session.close()
    assert statuses
    print(method, path, mode.value, sorted(collections.Counter(statuses).items()))
