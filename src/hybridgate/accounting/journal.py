"""The ledger's crash journal: a completed answer's row survives even `kill -9`.

The batching writer keeps the database off the request path, which leaves a window where rows
live only in memory. So every row is first appended to a local journal file — one `write`, no
fsync: a killed process's writes are already in the kernel and survive it (a power cut is the
database's job) — before the answer's last byte is sent. After a batch commits and nothing is
pending, the journal is truncated. At start-up, journals no live process holds (each process
keeps an exclusive `flock` on its own) are replayed into the ledger, skipping rows already there.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import msgspec
from sqlalchemy import Engine, and_, insert, select

from .ledger import LedgerRow, requests_table

log = logging.getLogger("hybridgate.ledger")

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(LedgerRow)


class LedgerJournal:
    """This process's journal file, `<folder>/ledger-<pid>.journal`, locked while it lives."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / f"ledger-{os.getpid()}.journal"
        self._file: IO[bytes] = open(self.path, "ab")  # noqa: SIM115 (lives as long as the process)
        fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def append(self, row: LedgerRow) -> None:
        self._file.write(_encoder.encode(row) + b"\n")
        self._file.flush()  # into the kernel: survives the process, not the machine

    def truncate(self) -> None:
        self._file.truncate(0)
        self._file.seek(0)

    def close(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


def _orphans(folder: Path) -> Iterator[tuple[Path, IO[bytes]]]:
    """Journals of processes that are gone: we can take their lock."""
    for path in sorted(folder.glob("ledger-*.journal")):
        handle = open(path, "rb")  # noqa: SIM115 (closed by the caller)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()  # a live process owns it
            continue
        yield path, handle


def replay_orphans(folder: Path, engine: Engine) -> int:
    """Insert rows left by killed processes (unless already written); returns rows recovered."""
    if not folder.is_dir():
        return 0
    recovered = 0
    t = requests_table
    for path, handle in _orphans(folder):
        with handle:
            rows = []
            for line in handle.read().splitlines():
                try:
                    rows.append(_decoder.decode(line))
                except msgspec.DecodeError:
                    continue  # a line cut by the kill itself: that answer never completed
            with engine.begin() as conn:
                for row in rows:
                    exists = conn.execute(
                        select(t.c.id).where(
                            and_(
                                t.c.request_id == row.request_id,
                                t.c.attempt == row.attempt,
                                t.c.ts == row.ts,
                            )
                        )
                    ).first()
                    if exists is None:
                        conn.execute(insert(t), [row.values()])
                        recovered += 1
            path.unlink()
    if recovered:
        log.warning(
            "ledger: recovered %d rows from the journal of a process that was killed", recovered
        )
    return recovered


def journal_folder(storage: str) -> Path:
    """Beside a SQLite ledger; for a server database, under the user's state folder."""
    if "://" not in storage:
        return Path(storage).expanduser().resolve().parent / ".hybridgate-journal"
    state = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state"))
    return state / "hybridgate" / "journal"


def open_ledger(storage: str) -> Engine:
    """The ledger as commands read it: migrated, with any killed process's rows recovered."""
    from .ledger import migrate, open_engine

    engine = open_engine(storage)
    migrate(engine)
    replay_orphans(journal_folder(storage), engine)
    return engine
