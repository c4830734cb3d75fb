"""The ledger's crash journal and batching writer: rows survive a killed process, committed rows
leave the journal (it stays small under load), and a database outage delays rows, never loses
them."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import Engine, func, insert, select

from hybridgate.accounting.journal import LedgerJournal, replay_orphans
from hybridgate.accounting.ledger import (
    LedgerRow,
    LedgerWriter,
    migrate,
    open_engine,
    requests_table,
)
from hybridgate.accounting.migrations import ledger_id


def row(n: int) -> LedgerRow:
    return LedgerRow(
        ts=datetime(2026, 11, 1, 9, 0, n % 60, tzinfo=UTC),
        request_id=f"req-{n}",
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
        cost_usd=Decimal("0.000001"),
    )


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(requests_table)) or 0)


def request_ids(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.scalars(select(requests_table.c.request_id)))


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = open_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    return engine


def as_if_killed(journal: LedgerJournal, folder: Path) -> Path:
    """The journal file as a killed process leaves it (its lock gone with it)."""
    folder.mkdir()
    copy = folder / "ledger-999999.journal"
    shutil.copyfile(journal.path, copy)
    return folder


def test_journaled_rows_are_replayed_and_committed_ones_skipped(
    tmp_path: Path, engine: Engine
) -> None:
    journal = LedgerJournal(tmp_path / "live", ledger_id(engine))
    for n in range(3):
        journal.append(row(n))
    with engine.begin() as conn:  # row 0 reached the database before the kill
        conn.execute(insert(requests_table), [row(0).values()])
    journal.committed(1)

    assert replay_orphans(as_if_killed(journal, tmp_path / "dead"), engine) == 2
    assert request_ids(engine) == ["req-0", "req-1", "req-2"]
    journal.close()


def test_the_journal_stays_small_under_sustained_load(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LedgerJournal, "INITIAL_BYTES", 4096)
    monkeypatch.setattr(LedgerJournal, "COMPACT_BYTES", 8192)
    journal = LedgerJournal(tmp_path / "live", ledger_id(engine))
    pending: list[int] = []
    for n in range(2000):  # never idle: a row always waits while a batch commits
        journal.append(row(n))
        pending.append(n)
        if len(pending) == 50:
            journal.committed(40)
            pending = pending[40:]
    used = journal.path.read_bytes().rstrip(b"\0")
    assert len(used) < 64 * 1024  # ~400 rows would be over 100 KB; the rest was dropped

    with engine.begin() as conn:  # everything committed so far is in the database
        conn.execute(insert(requests_table), [row(n).values() for n in range(2000 - len(pending))])
    replay_orphans(as_if_killed(journal, tmp_path / "dead"), engine)
    assert count(engine) == 2000
    journal.close()


def test_a_journal_grows_past_its_first_size(tmp_path: Path, engine: Engine) -> None:
    journal = LedgerJournal(tmp_path / "live", ledger_id(engine))
    rows = LedgerJournal.INITIAL_BYTES // 300 + 100
    for n in range(rows):
        journal.append(row(n))
    assert replay_orphans(as_if_killed(journal, tmp_path / "dead"), engine) == rows
    journal.close()


def test_a_database_outage_delays_rows_but_loses_none(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "ledger.db"))  # no tables yet: every insert fails

    async def scenario() -> None:
        writer = LedgerWriter(engine, journal=LedgerJournal(tmp_path / "journal"), max_delay_s=0.01)
        writer.start()
        for n in range(20):
            writer.record(row(n))
        await asyncio.sleep(0.2)  # a few failed attempts
        assert writer.written == 0
        migrate(engine)  # the database is back
        for n in range(20, 30):
            writer.record(row(n))
        for _ in range(100):
            if writer.written == 30:
                break
            await asyncio.sleep(0.05)
        await writer.aclose()

    asyncio.run(scenario())
    assert request_ids(engine) == sorted(f"req-{n}" for n in range(30))
    assert not list((tmp_path / "journal").glob("*.journal"))  # all written: nothing to replay


def test_shutdown_writes_what_is_still_queued(tmp_path: Path, engine: Engine) -> None:
    async def scenario() -> None:
        writer = LedgerWriter(engine, journal=LedgerJournal(tmp_path / "journal"))
        writer.start()
        for n in range(500):
            writer.record(row(n))
        await writer.aclose()  # long before the batching delay is over

    asyncio.run(scenario())
    assert count(engine) == 500


def test_a_row_no_driver_can_take_neither_fails_the_request_nor_holds_back_the_rest(
    tmp_path: Path, engine: Engine
) -> None:
    """Rows become driver parameters as they are recorded: a malformed one is logged there,
    where it used to sink its whole batch (retried, and refused, for ever)."""
    broken = msgspec.structs.replace(row(1), cost_usd="free")  # type: ignore[arg-type]

    async def scenario() -> None:
        writer = LedgerWriter(engine, journal=LedgerJournal(tmp_path / "journal"))
        writer.start()
        writer.record(row(0))
        writer.record(broken)  # must not raise into the request that accounts for itself
        writer.record(row(2))
        await writer.aclose()

    asyncio.run(scenario())
    assert request_ids(engine) == ["req-0", "req-2"]
    assert not list((tmp_path / "journal").glob("*.journal"))  # nothing left to replay
