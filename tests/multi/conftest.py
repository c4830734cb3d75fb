"""Real PostgreSQL and Redis servers for the many-replica tests, started once per session by
`scripts/test-services.sh` (which installs the Debian packages first where they are missing)."""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import rawhttp

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


@contextlib.contextmanager
def running_servers(
    commands: Sequence[tuple[Sequence[str], Mapping[str, str], str]],
    logs: Path,
    start_timeout_s: float = 90,
) -> Iterator[list[str]]:
    """`hybridgate serve` processes started together (they migrate a shared database at the
    same time), each (argv, environment, base URL); yields the URLs once every one answers
    /healthz, and stops them all with SIGTERM, expecting a clean exit."""
    started: list[tuple[subprocess.Popen[bytes], Path, str]] = []
    for n, (argv, env, url) in enumerate(commands):
        log = logs / f"server{n}.log"
        with log.open("w") as out:  # the child keeps its own copy of the descriptor
            process = subprocess.Popen(
                list(argv), env=dict(env), stdout=out, stderr=subprocess.STDOUT
            )
        started.append((process, log, url))
    try:
        deadline = time.monotonic() + start_timeout_s
        for process, log, url in started:
            while True:
                try:
                    if rawhttp.get(url + "/healthz").status == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield [url for _, _, url in started]
    finally:
        for process, _, _ in started:
            process.terminate()
        for process, log, _ in started:
            assert process.wait(60) in (0, -15), log.read_text()
