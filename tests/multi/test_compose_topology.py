"""compose.yaml's topology without Docker: two `hybridgate serve` replicas on the very config
file compose mounts (deploy/compose/hybridgate.yaml: the embedded models, the ledger and
meters from the environment), one PostgreSQL and one Redis from the test services, each
replica answering the official SDK and the scrape compose's Prometheus is told to make."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
import yaml
from sqlalchemy import create_engine, text

from hybridgate.accounting.ledger import storage_url
from tests import rawhttp
from tests.fakes.background import free_port
from tests.multi.conftest import running_servers

ROOT = Path(__file__).resolve().parents[2]
HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
CONFIG = ROOT / "deploy" / "compose" / "hybridgate.yaml"

pytestmark = pytest.mark.slow


def _compose_command() -> list[str]:
    """The gateway's command in compose.yaml, with the port the test picks."""
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    command = list(compose["x-gateway"]["command"])
    assert command[0] == "serve" and "--port" in command
    return command


@pytest.fixture
def replicas(database: str, redis_url: str, tmp_path: Path) -> Iterator[list[str]]:
    commands = []
    for name in ("gateway-a", "gateway-b"):
        port = free_port()
        argv = _compose_command()
        argv[argv.index("--port") + 1] = str(port)
        argv[argv.index("--host") + 1] = "127.0.0.1"
        env = {k: v for k, v in os.environ.items() if not k.startswith("HYBRIDGATE_")}
        env |= {
            "HYBRIDGATE_CONFIG": str(CONFIG),
            "HYBRIDGATE_STORAGE": database,
            "HYBRIDGATE_REDIS": redis_url,
            "HYBRIDGATE_DATA_DIR": str(tmp_path / name),
            "PYTHONUNBUFFERED": "1",
        }
        commands.append(([HYBRIDGATE, *argv], env, f"http://127.0.0.1:{port}"))
    # Each loads the embedded models before it is ready.
    with running_servers(commands, tmp_path, start_timeout_s=180) as urls:
        yield urls


def test_two_replicas_on_composes_config_share_one_ledger_and_are_scraped(
    replicas: list[str], database: str
) -> None:
    request_ids = []
    for url in replicas:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0)
        raw = client.chat.completions.with_raw_response.create(
            model="auto",
            messages=[{"role": "user", "content": "Say hello in one word."}],
            max_tokens=8,
        )
        answer = raw.parse()
        assert answer.choices[0].message.content
        assert raw.headers["x-hybridgate-deployment"] == "local"
        request_ids.append(raw.headers["x-request-id"])

    embedded = openai.OpenAI(base_url=f"{replicas[1]}/v1", api_key="unused").embeddings.create(
        model="local-embed", input=["one ledger, two replicas"]
    )
    assert len(embedded.data[0].embedding) == 384

    # What compose's Prometheus scrapes (deploy/compose/prometheus.yml: every gateway's /metrics).
    for url in replicas:
        scraped = rawhttp.get(url + "/metrics")
        assert scraped.status == 200
        assert b"hybridgate_requests_total" in scraped.body

    engine = create_engine(storage_url(database))
    try:
        deadline = time.monotonic() + 15
        while True:
            with engine.connect() as conn:
                found = {
                    r.request_id
                    for r in conn.execute(text("SELECT request_id FROM requests"))
                    if r.request_id in request_ids
                }
            if found == set(request_ids) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        engine.dispose()
    assert found == set(request_ids)  # both replicas' answers in the one PostgreSQL ledger
