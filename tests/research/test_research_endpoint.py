"""`POST /v1/research`: inline documents in, progress events then the result out, as the
caller (their key's budget applies), every stage on the ledger."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hybridgate.config.loader import load_settings
from hybridgate.server.app import create_app
from tests import rawhttp
from tests.fakes.background import GatewayServer

from .conftest import DOCUMENTS


@pytest.fixture
def server(config: Path) -> Iterator[GatewayServer]:
    running = GatewayServer(create_app(load_settings(config)))
    yield running
    running.stop()


def _events(body: bytes) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in body.decode().split("\n\n"):
        if block.strip():
            kind, data = block.split("\n", 1)
            events.append((kind.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return events


def test_progress_then_a_cited_answer(server: GatewayServer) -> None:
    documents = [{"name": name, "text": text} for name, text in DOCUMENTS.items()]
    response = rawhttp.post(
        f"{server.url}/v1/research",
        {"question": "Which river runs through Vienna?", "documents": documents, "top_k": 3},
    )
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.body)
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "result" and set(kinds[:-1]) == {"progress"}
    started = [e["stage"] for k, e in events if k == "progress" and e["message"] == "started"]
    assert started == ["index", "plan", "retrieve", "extract", "synthesise"]
    result = events[-1][1]
    assert result["complete"] and "Danube" in result["answer"]
    assert {c["document"] for c in result["citations"]} <= set(DOCUMENTS)
    assert result["citations"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"question": "q?", "documents": []}', "between 1 and"),
        (b'{"question": " ", "documents": [{"name": "a", "text": "b"}]}', "must not be empty"),
        (b'{"question": "q?", "documents": [{"name": "a"}]}', "text"),
    ],
)
def test_bad_requests_are_refused_before_any_stage(
    server: GatewayServer, body: bytes, message: str
) -> None:
    response = rawhttp.post(f"{server.url}/v1/research", body)
    assert response.status == 400
    assert message in response.json()["error"]["message"]
