"""Workers of one `serve --workers N` starting together all replay the journals killed
workers left: each row reaches the ledger exactly once, and no worker trips over a journal
another one has just replayed and removed."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from sqlalchemy import func, select

from hybridgate.accounting.journal import LedgerJournal, replay_orphans
from hybridgate.accounting.ledger import LedgerWriter, migrate, open_engine, requests_table
from hybridgate.accounting.migrations import ledger_id
from tests.accounting.test_journal import as_if_killed, row

WORKERS = 4


def test_workers_replaying_together_write_each_row_once(tmp_path: Path) -> None:
    storage = str(tmp_path / "ledger.db")
    engine = open_engine(storage)
    migrate(engine)
    folder = tmp_path / "journal"
    folder.mkdir()
    for killed in range(6):  # six killed workers' journals, 20 rows each
        journal = LedgerJournal(tmp_path / f"live{killed}", ledger_id(engine))
        for n in range(20):
            journal.append(row(killed * 100 + n))
        (as_if_killed(journal, tmp_path / f"dead{killed}") / "ledger-999999.journal").rename(
            folder / f"ledger-{killed}-dead.journal"
        )
        journal.close()

    start = threading.Barrier(WORKERS)
    recovered: list[int] = []
    failures: list[BaseException] = []

    def worker() -> None:
        own = open_engine(storage)  # each worker process has its own connections
        try:
            start.wait()
            recovered.append(replay_orphans(folder, own))
        except BaseException as exc:  # collected for the assertion below
            failures.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert failures == []
    assert sum(recovered) == 120
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(requests_table))
        distinct = conn.scalar(select(func.count(func.distinct(requests_table.c.request_id))))
    assert (rows, distinct) == (120, 120)
    assert list(folder.glob("*.journal")) == []
    engine.dispose()


def test_rows_the_batch_writer_committed_are_not_replayed_again(tmp_path: Path) -> None:
    """A worker killed after committing rows its journal still lists: the replay finds them
    written, whatever text form the time took in SQLite."""
    engine = open_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    rows = [row(n) for n in range(30)]

    async def write() -> None:
        writer = LedgerWriter(engine)  # the request path's batch writer
        for r in rows:
            writer.record(r)
        await writer.flush()

    asyncio.run(write())
    journal = LedgerJournal(tmp_path / "live", ledger_id(engine))
    for r in rows:  # still journaled: the kill came before the journal heard of the commit
        journal.append(r)
    journal.append(row(99))  # and one answered row the database never got

    try:
        assert replay_orphans(as_if_killed(journal, tmp_path / "dead"), engine) == 1
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(requests_table)) == 31
    finally:
        journal.close()
        engine.dispose()
