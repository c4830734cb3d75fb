"""PostgreSQL for the ledger tests: the many-replica tests' server (tests/multi/conftest.py),
with as many fresh databases as a test asks for."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import pytest

from tests.multi.conftest import Services, services

__all__ = ["new_database", "services"]


@pytest.fixture
def new_database(services: Services) -> Iterator[Callable[[], str]]:
    """Makes fresh, empty PostgreSQL databases (their `postgresql://` URLs), dropped after."""
    import psycopg

    names: list[str] = []

    def make() -> str:
        names.append("hg_" + secrets.token_hex(6))
        with psycopg.connect(services.postgres, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {names[-1]}")
        return services.postgres.rsplit("/", 1)[0] + "/" + names[-1]

    yield make
    with psycopg.connect(services.postgres, autocommit=True) as conn:
        for name in names:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
