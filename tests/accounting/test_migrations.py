"""The ledger's migrations: a database made at any earlier version upgrades to exactly the schema
a fresh one gets, keeping its rows, on SQLite and PostgreSQL; and that schema is the one the
code's tables describe."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, insert, inspect, select, text
from sqlalchemy.engine import Connection

from hybridgate.accounting import ledger, migrations
from hybridgate.accounting.keys import keys_table
from hybridgate.accounting.ledger import open_engine, requests_table
from hybridgate.accounting.migrations import (
    LATEST,
    identity_table,
    ledger_id,
    migrate,
    schema_table,
)
from hybridgate.accounting.outcomes import outcomes_table
from hybridgate.quality.controller import threshold_changes_table
from hybridgate.quality.records import judgments_table

TS = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
EARLIER = range(1, LATEST)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Engine]]:
    """Makes engines on fresh, empty databases of the parameter's kind."""
    engines: list[Engine] = []

    def make() -> Engine:
        if request.param == "sqlite":
            storage = str(tmp_path / f"ledger{len(engines)}.db")
        else:
            storage = request.getfixturevalue("new_database")()
        engines.append(open_engine(storage))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()


def schema(engine: Engine) -> dict[str, Any]:
    """Tables with their columns (type as the database's dialect spells it, nullability,
    default), primary key, indexes and unique constraints."""
    found = inspect(engine)
    dialect = engine.dialect
    return {
        table: {
            "columns": [
                (c["name"], c["type"].compile(dialect=dialect), c["nullable"], c["default"])
                for c in found.get_columns(table)
            ],
            "primary key": found.get_pk_constraint(table)["constrained_columns"],
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in found.get_indexes(table)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
        }
        for table in sorted(found.get_table_names())
    }


def add_rows_of_version(engine: Engine, version: int) -> None:
    """One row in each table that version has, with only the columns it has."""
    with engine.begin() as conn:
        conn.execute(
            insert(requests_table).values(
                ts=TS,
                request_id="old",
                protocol="openai",
                requested_model="routing",
                deployment="local",
                tier="routing",
                reasons="tier: routing",
                stream=False,
                input_tokens=10,
                output_tokens=5,
                usage_estimated=False,
                latency_ms=12.5,
                ttft_ms=None,
                status="ok",
                http_status=200,
                error=None,
                cost_nusd=1000,
            )
        )
        if version >= 3:
            conn.execute(
                insert(keys_table).values(
                    id="k1", name="team", secret_sha256="0" * 64, created_at=TS
                )
            )
        if version >= 4:
            conn.execute(insert(outcomes_table).values(request_id="old", ts=TS, features=b"\0"))


@pytest.mark.parametrize("version", EARLIER)
def test_a_database_of_any_earlier_version_upgrades_to_the_fresh_schema_keeping_its_rows(
    version: int, new_engine: Callable[[], Engine]
) -> None:
    fresh = new_engine()
    assert migrate(fresh) == LATEST
    old = new_engine()
    assert migrate(old, to=version) == version
    add_rows_of_version(old, version)

    assert migrate(old) == LATEST
    assert schema(old) == schema(fresh)
    with old.connect() as conn:
        (ledger_row,) = conn.execute(select(requests_table)).mappings()
        assert conn.scalar(select(keys_table.c.name)) == ("team" if version >= 3 else None)
        assert conn.scalar(select(outcomes_table.c.features)) == (b"\0" if version >= 4 else None)
        assert list(conn.scalars(select(schema_table.c.version))) == list(range(1, LATEST + 1))
    ts = ledger_row["ts"]  # SQLite gives it back naive
    assert (ledger_row["request_id"], ts if ts.tzinfo else ts.replace(tzinfo=UTC)) == ("old", TS)
    # the columns added since read as their defaults say
    assert ledger_row["baseline_cost_nusd"] == 0
    assert (ledger_row["attempt"], ledger_row["spilled"], ledger_row["key_id"]) == (1, False, None)
    assert ledger_row["purpose"] == "answer"
    assert (ledger_row["cache_hit"], ledger_row["cache_saved_nusd"]) == (False, 0)
    assert ledger_id(old) != ledger_id(fresh)


def test_migrating_again_changes_nothing(new_engine: Callable[[], Engine]) -> None:
    engine = new_engine()
    migrate(engine)
    before, identity = schema(engine), ledger_id(engine)
    assert migrate(engine) == LATEST
    assert (schema(engine), ledger_id(engine)) == (before, identity)


def test_the_migrations_build_the_tables_the_code_uses(new_engine: Callable[[], Engine]) -> None:
    migrated, created = new_engine(), new_engine()
    migrate(migrated)
    for table in (
        requests_table,
        keys_table,
        outcomes_table,
        schema_table,
        identity_table,
        judgments_table,
        threshold_changes_table,
    ):
        table.create(created)

    assert schema(migrated) == schema(created)


def test_the_next_column_is_one_table_edit_and_one_migration(
    new_engine: Callable[[], Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a column to the code's table changes no earlier migration: fresh and older
    databases alike get it once, from its own migration."""
    table = requests_table.to_metadata(MetaData())
    table.append_column(Column("future", Integer, nullable=True))
    monkeypatch.setattr(ledger, "requests_table", table)  # where migrations once took columns

    def add_future(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE requests ADD COLUMN future INTEGER"))

    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (LATEST + 1, add_future)]
    )
    fresh, old = new_engine(), new_engine()
    assert migrate(fresh) == LATEST + 1
    migrate(old, to=1)
    assert migrate(old) == LATEST + 1

    assert schema(old) == schema(fresh)
    columns = [name for name, *_ in schema(fresh)["requests"]["columns"]]
    assert columns == [c.name for c in table.columns]
