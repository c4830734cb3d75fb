"""The ledger's crash journal: a completed answer's row survives even `kill -9`.

The batching writer keeps the database off the request path, which leaves a window where rows
live only in memory. So every row is first copied into a local journal file mapped into memory
(`MAP_SHARED`): the copy is in the kernel's page cache the moment it is made, so it survives a
killed process (a power cut is the database's job), and it costs no system call on the request
path. Once rows are committed to the database their bytes are dropped from the front of the
journal, so it stays small under any load. At start-up, journals no live process holds (each
process keeps an exclusive `flock` on its own) are replayed into the ledger, skipping rows
already there. Unused space in the file is zeros, which replay ignores.
"""

from __future__ import annotations

import fcntl
import logging
import mmap
import os
from collections import deque
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

    INITIAL_BYTES = 1 << 20
    #: Committed bytes at the front worth moving the rest forward for.
    COMPACT_BYTES = 256 << 10

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / f"ledger-{os.getpid()}.journal"
        self._file: IO[bytes] = open(self.path, "w+b")  # noqa: SIM115 (lives as long as the process)
        fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._file.truncate(self.INITIAL_BYTES)
        self._map = mmap.mmap(self._file.fileno(), self.INITIAL_BYTES)
        self._end = 0  # bytes in use
        self._done = 0  # bytes at the front already in the database
        self._lengths: deque[int] = deque()  # each pending row's bytes, oldest first

    def append(self, row: LedgerRow) -> None:
        data = _encoder.encode(row) + b"\n"
        end = self._end + len(data)
        if end > len(self._map):
            self._map.resize(max(end, 2 * len(self._map)))
        self._map[self._end : end] = data
        self._end = end
        self._lengths.append(len(data))

    def committed(self, rows: int) -> None:
        """The oldest `rows` journaled rows are in the database: drop them."""
        if rows >= len(self._lengths):
            self._clear(0, self._end)
            self._end = self._done = 0
            self._lengths.clear()
            return
        self._done += sum(self._lengths.popleft() for _ in range(rows))
        if self._done >= self.COMPACT_BYTES:
            # Killed mid-move, a row may be journaled twice: replay skips rows already written.
            rest = self._end - self._done
            self._map.move(0, self._done, rest)
            self._clear(rest, self._end)
            self._end, self._done = rest, 0

    def _clear(self, start: int, end: int) -> None:
        self._map[start:end] = bytes(end - start)

    def close(self) -> None:
        self._map.close()
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
            for line in handle.read().rstrip(b"\0").splitlines():
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
