"""Real PostgreSQL and Redis servers for the many-replica tests, started once per session by
`scripts/test-services.sh` (which installs the Debian packages first where they are missing)."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test-services.sh"


@dataclass(frozen=True)
class Services:
    postgres: str  # postgresql://postgres@127.0.0.1:PORT/postgres
    redis: str  # redis://127.0.0.1:PORT/0


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    started = subprocess.run(
        ["bash", str(SCRIPT), "start"], capture_output=True, text=True, timeout=600
    )
    if started.returncode != 0:
        raise RuntimeError(f"test-services.sh start failed:\n{started.stdout}{started.stderr}")
    env = dict(
        line.split("=", 1) for line in started.stdout.splitlines() if line.startswith("HG_TEST_")
    )
    try:
        yield Services(env["HG_TEST_POSTGRES_URL"], env["HG_TEST_REDIS_URL"])
    finally:
        subprocess.run(
            ["bash", str(SCRIPT), "stop", env["HG_TEST_SERVICES_DIR"]], check=False, timeout=120
        )


@pytest.fixture
def database(services: Services) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; its `postgresql://` URL."""
    import psycopg

    name = "hg_" + secrets.token_hex(6)
    with psycopg.connect(services.postgres, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield services.postgres.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(services.postgres, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def redis_url(services: Services) -> Iterator[str]:
    """The test Redis, emptied before each test."""
    import redis

    client = redis.Redis.from_url(services.redis)
    client.flushdb()
    client.close()
    yield services.redis
