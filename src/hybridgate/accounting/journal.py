"""The ledger's crash journal: a completed answer's row survives even `kill -9`.

The batching writer keeps the database off the request path, which leaves a window where rows
live only in memory. So every row is first copied into a local journal file mapped into memory
(`MAP_SHARED`): the copy is in the kernel's page cache the moment it is made, so it survives a
killed process (a power cut is the database's job), and it costs no system call on the request
path. Once rows are committed to the database their bytes are dropped from the front of the
journal, so it stays small under any load. At start-up, journals no live process holds (each
process keeps an exclusive `flock` on its own) are replayed into the ledger, skipping rows
already there. Unused space in the file is zeros, which replay ignores.

Rows belong to one ledger only. Each ledger's journals have their own folder, named after the
id stored in the ledger's database (migrations.py), so gateways whose databases share a folder
never meet each other's journals; and each journal's first line names its ledger, so replay
leaves alone any file that is not its own. Replicas sharing one PostgreSQL ledger share its id:
a replica replays what a killed one left, as it should.
"""

from __future__ import annotations

import fcntl
import logging
import mmap
import os
import secrets
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import msgspec
from sqlalchemy import Engine, and_, insert, select

from .ledger import LedgerRow, open_engine, requests_table
from .migrations import ledger_id, migrate

log = logging.getLogger("hybridgate.ledger")

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(LedgerRow)


class _Header(msgspec.Struct):
    """A journal's first line."""

    ledger: str


_header_decoder = msgspec.json.Decoder(_Header)


class LedgerJournal:
    """This process's journal file, `<folder>/ledger-<pid>-<random>.journal`, locked while it
    lives (the random part keeps processes of different PID namespaces apart). `ledger`: the id
    of the ledger its rows are for; by default the folder's name, as `journal_folder` names it."""

    INITIAL_BYTES = 1 << 20
    #: Committed bytes at the front worth moving the rest forward for.
    COMPACT_BYTES = 256 << 10

    def __init__(self, folder: Path, ledger: str | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.ledger = folder.name if ledger is None else ledger
        self.path = folder / f"ledger-{os.getpid()}-{secrets.token_hex(4)}.journal"
        self._file: IO[bytes] = open(self.path, "x+b")  # noqa: SIM115 (lives as long as the process)
        fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._file.truncate(self.INITIAL_BYTES)
        self._map = mmap.mmap(self._file.fileno(), self.INITIAL_BYTES)
        header = _encoder.encode(_Header(ledger=self.ledger)) + b"\n"
        self._map[: len(header)] = header
        self._start = len(header)  # rows follow the header, which stays
        self._end = self._start  # bytes in use
        self._done = self._start  # bytes up to which rows are already in the database
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
            self._clear(self._start, self._end)
            self._end = self._done = self._start
            self._lengths.clear()
            return
        self._done += sum(self._lengths.popleft() for _ in range(rows))
        if self._done - self._start >= self.COMPACT_BYTES:
            # Killed mid-move, a row may be journaled twice: replay skips rows already written.
            rest = self._end - self._done
            self._map.move(self._start, self._done, rest)
            self._clear(self._start + rest, self._end)
            self._end, self._done = self._start + rest, self._start

    def _clear(self, start: int, end: int) -> None:
        self._map[start:end] = bytes(end - start)

    def close(self) -> None:
        self._map.close()
        self._file.close()
        self.path.unlink(missing_ok=True)


def _orphans(folder: Path) -> Iterator[tuple[Path, IO[bytes]]]:
    """Journals of processes that are gone: we can take their lock."""
    for path in sorted(folder.glob("ledger-*.journal")):
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed by the caller)
        except FileNotFoundError:
            continue  # another process (a worker of the same `serve`) replayed it just now
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()  # a live process owns it
            continue
        yield path, handle


def replay_orphans(folder: Path, engine: Engine) -> int:
    """Insert the rows killed processes journaled for this ledger (unless already written);
    returns rows recovered. A journal of another ledger is left where it is, for that one."""
    if not folder.is_dir():
        return 0
    ledger = ledger_id(engine)
    recovered = 0
    for path, handle in _orphans(folder):
        with handle:
            data = handle.read().rstrip(b"\0")
            header, _, rows = data.partition(b"\n")
            if data and _owner(header) != ledger:
                log.warning("ledger: %s is not a journal of ledger %s: left alone", path, ledger)
                continue
            # Under the lock, so two workers starting together never replay one journal at
            # once; one that opened it before the other removed it finds its rows written.
            recovered += _insert_missing(engine, rows.splitlines())
            path.unlink(missing_ok=True)
    if recovered:
        log.warning(
            "ledger: recovered %d rows from the journal of a process that was killed", recovered
        )
    return recovered


def _owner(header: bytes) -> str | None:
    try:
        return _header_decoder.decode(header).ledger
    except msgspec.DecodeError:
        return None  # killed before its header was written, or a journal from before ledger ids


def _insert_missing(engine: Engine, lines: list[bytes]) -> int:
    rows = []
    for line in lines:
        try:
            rows.append(_decoder.decode(line))
        except msgspec.DecodeError:
            continue  # a line cut by the kill itself: that answer never completed
    inserted = 0
    t = requests_table
    with engine.begin() as conn:
        for row in rows:
            # The time is compared here, not in SQL: SQLite holds it as text, written by the
            # batch writer with its offset ("...+00:00") and by SQLAlchemy without, so equal
            # instants need not be equal strings (a committed row replayed again otherwise).
            written = conn.scalars(
                select(t.c.ts).where(
                    and_(
                        t.c.request_id == row.request_id,
                        t.c.attempt == row.attempt,
                        t.c.purpose == row.purpose,
                    )
                )
            )
            if _utc(row.ts) not in {_utc(ts) for ts in written}:
                conn.execute(insert(t), [row.values()])
                inserted += 1
    return inserted


def _utc(moment: datetime) -> datetime:
    """A naive UTC instant (SQLite gives times back naive, in UTC as written)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def journal_folder(storage: str) -> Path:
    """The ledger's own journal folder, named after the id in its database (so it must have
    been migrated): beside a SQLite ledger; for a server database, under the user's state
    folder."""
    if "://" not in storage:
        base = Path(storage).expanduser().resolve().parent / ".hybridgate-journal"
    else:
        state = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state"))
        base = state / "hybridgate" / "journal"
    engine = open_engine(storage)
    try:
        return base / ledger_id(engine)
    finally:
        engine.dispose()


def open_ledger(storage: str) -> Engine:
    """The ledger as commands read it: migrated, with any killed process's rows recovered."""
    engine = open_engine(storage)
    migrate(engine)
    replay_orphans(journal_folder(storage), engine)
    return engine
