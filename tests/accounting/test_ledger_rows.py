"""What the batching writer stores is what the driver stores when handed a row's own values: on
SQLite the writer prepares times and NULLs itself (cheaper than the driver's adapters), so each
row read back, raw and through SQLAlchemy, must match the driver's own insert of the same
values, in the order recorded, whatever mix of NULL columns and times the rows carry."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import Engine, select

from hybridgate.accounting.ledger import (
    LedgerRow,
    LedgerWriter,
    SqliteTime,
    migrate,
    open_engine,
    requests_table,
)

NULLABLE = ("deployment", "tier", "ttft_ms", "error", "key_id", "privacy_action")


def rows() -> list[LedgerRow]:
    """Every combination of the nullable columns set or NULL, times with and without a
    fraction, across second boundaries, naive and in another zone."""
    base = datetime(2026, 12, 5, 3, 59, 59, 999_998, tzinfo=UTC)
    out = []
    for n, nulls in enumerate(itertools.product((False, True), repeat=len(NULLABLE))):
        values: dict[str, object] = {
            "deployment": "local",
            "tier": "routing",
            "ttft_ms": 3.25,
            "error": "upstream_timeout",
            "key_id": "k-1",
            "privacy_action": "redacted",
        }
        for name, null in zip(NULLABLE, nulls, strict=True):
            if null:
                values[name] = None
        ts = base + timedelta(microseconds=n)  # 3:59:59.999998, .999999, 4:00:00, .000001 ...
        if n % 9 == 4:
            ts = ts.replace(tzinfo=None)  # naive: stored as it is given
        elif n % 9 == 5:
            ts = ts.astimezone(timezone(timedelta(hours=2)))
        out.append(
            LedgerRow(
                ts=ts,
                request_id=f"req-{n}",
                protocol="openai",
                requested_model="routing",
                reasons="tier: routing",
                stream=n % 2 == 0,
                input_tokens=10 + n,
                output_tokens=5,
                usage_estimated=n % 3 == 0,
                latency_ms=12.5,
                status="ok" if values["error"] is None else "error",
                http_status=200,
                cost_usd=Decimal("0.000001") * n,
                baseline_cost_usd=Decimal(n % 2),
                privacy_findings=None if n % 4 else "email",
                spilled=n % 5 == 0,
                cache_hit=n % 7 == 0,
                cache_saved_usd=Decimal("0.25") if n % 7 == 0 else Decimal(0),
                **values,  # type: ignore[arg-type]
            )
        )
    return out


def ledger(path: Path) -> Engine:
    engine = open_engine(str(path))
    migrate(engine)
    return engine


def raw(path: Path) -> list[tuple[object, ...]]:
    """The rows as the file holds them (times as text), in the order they were inserted."""
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM requests ORDER BY id").fetchall()


def test_the_writer_stores_every_row_as_the_driver_would(tmp_path: Path) -> None:
    recorded = rows()
    by_writer = ledger(tmp_path / "writer.db")

    async def write() -> None:
        writer = LedgerWriter(by_writer)
        writer.start()
        for row in recorded:
            writer.record(row)
        await writer.aclose()

    asyncio.run(write())
    by_insert = ledger(tmp_path / "insert.db")
    with sqlite3.connect(tmp_path / "insert.db") as conn:
        for row in recorded:
            values = row.values()  # Python objects: the driver adapts the time itself
            columns, marks = ", ".join(values), ", ".join("?" * len(values))
            conn.execute(
                f"INSERT INTO requests ({columns}) VALUES ({marks})", list(values.values())
            )

    assert raw(tmp_path / "writer.db") == raw(tmp_path / "insert.db")
    with by_writer.connect() as a, by_insert.connect() as b:
        assert a.execute(select(requests_table)).all() == b.execute(select(requests_table)).all()
    assert len(raw(tmp_path / "writer.db")) == 2 ** len(NULLABLE)


@pytest.mark.parametrize("micro", [0, 1, 999_999, 123_456])
def test_a_time_is_written_as_the_sqlite_adapter_writes_it(micro: int) -> None:
    text = SqliteTime()
    for second in range(3):
        moment = datetime(2026, 12, 31, 23, 59, 58, micro, tzinfo=UTC) + timedelta(seconds=second)
        assert text(moment) == moment.isoformat(" ")
        earlier = moment - timedelta(seconds=1, microseconds=1)  # rows need not come in order
        assert text(earlier) == earlier.isoformat(" ")


def test_a_boolean_column_refuses_what_is_not_a_truth_value(tmp_path: Path) -> None:
    engine = ledger(tmp_path / "ledger.db")
    broken = msgspec.structs.replace(rows()[0], request_id="broken", stream="yes")  # type: ignore[arg-type]

    async def write() -> None:
        writer = LedgerWriter(engine)
        writer.start()
        writer.record(rows()[1])
        writer.record(broken)  # logged, not stored
        await writer.aclose()

    asyncio.run(write())
    with engine.connect() as conn:
        assert list(conn.scalars(select(requests_table.c.request_id))) == ["req-1"]
