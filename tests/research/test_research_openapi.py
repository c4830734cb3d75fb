"""`POST /v1/research` in the served OpenAPI document: the document validates, and what it
says of the request and of the streamed events is what the endpoint really accepts and sends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests
import schemathesis

from hybridgate.config.loader import load_settings
from hybridgate.server.app import create_app
from tests import rawhttp
from tests.fakes.background import GatewayServer

from .conftest import DOCUMENTS
from .test_research_endpoint import _events


@pytest.fixture
def server(config: Path) -> Iterator[GatewayServer]:
    running = GatewayServer(create_app(load_settings(config)))
    yield running
    running.stop()


@pytest.fixture
def served(server: GatewayServer) -> dict[str, Any]:
    response = requests.get(server.url + "/openapi.json", timeout=10)
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _validator(document: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return jsonschema.Draft202012Validator(root)


def test_the_served_document_validates_and_describes_research(served: dict[str, Any]) -> None:
    schemathesis.openapi.from_dict(served).validate()  # the OpenAPI 3.1 meta-schema
    for schema in served["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    operation = served["paths"]["/v1/research"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ResearchRequest"}
    stream = operation["responses"]["200"]["content"]["text/event-stream"]
    assert set(stream["x-events"]) == {"progress", "result", "error"}
    for ref in stream["x-events"].values():
        assert ref["$ref"].removeprefix("#/components/schemas/") in served["components"]["schemas"]
    assert {"400", "401"} <= set(operation["responses"])


def test_the_streamed_events_are_as_described(
    served: dict[str, Any], server: GatewayServer
) -> None:
    request = {
        "question": "Which river runs through Vienna?",
        "documents": [{"name": name, "text": text} for name, text in DOCUMENTS.items()],
        "top_k": 3,
    }
    _validator(served, "ResearchRequest").validate(request)
    response = rawhttp.post(f"{server.url}/v1/research", request)
    assert response.status == 200
    events = _events(response.body)
    described = served["paths"]["/v1/research"]["post"]["responses"]["200"]["content"]
    schemas = {
        kind: ref["$ref"].rsplit("/", 1)[1]
        for kind, ref in described["text/event-stream"]["x-events"].items()
    }
    assert {kind for kind, _ in events} == {"progress", "result"}
    for kind, data in events:
        _validator(served, schemas[kind]).validate(data)
    assert events[-1][1]["complete"] and events[-1][1]["citations"]


@pytest.mark.parametrize(
    "body",
    [
        {"question": "q?", "documents": []},
        {"question": " ", "documents": [{"name": "a", "text": "b"}]},
        {"question": "q?", "documents": [{"name": "a"}]},
        {"question": "q?", "documents": [{"name": "a", "text": "b"}], "top_k": 0},
        {"question": "q?", "documents": [{"name": "a", "text": "b"}], "stream": True},
    ],
)
def test_requests_the_document_forbids_are_refused(
    served: dict[str, Any], server: GatewayServer, body: dict[str, Any]
) -> None:
    assert not _validator(served, "ResearchRequest").is_valid(body)
    response = rawhttp.post(f"{server.url}/v1/research", json.dumps(body).encode())
    assert response.status == 400
