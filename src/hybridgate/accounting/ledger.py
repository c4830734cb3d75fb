"""The append-only request ledger: its table, the database behind it, and a batching writer.

Rows are queued by the request path and written by one background task in batches, in a
worker thread, so a slow disk never delays an answer. SQLAlchemy Core keeps SQLite (default)
and PostgreSQL on one code path. Money is stored as whole nano-dollars (USD × 10⁹) so sums
stay exact in SQL on every backend; the Python side speaks Decimal. The schema's history
(and `migrate`) lives in migrations.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import operator
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    text,
)

from .migrations import migrate as migrate  # where callers have always found it

log = logging.getLogger("hybridgate.ledger")

NANO = Decimal("1e9")

metadata = MetaData()

#: The shape the migrations create (migrations.py); a new column needs a new migration.
requests_table = Table(
    "requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ts", DateTime(timezone=True), nullable=False, index=True),
    Column("request_id", String(64), nullable=False, index=True),
    Column("protocol", String(16), nullable=False),
    Column("requested_model", String(200), nullable=False),
    Column("deployment", String(200), nullable=True),
    Column("tier", String(64), nullable=True),
    Column("reasons", Text, nullable=False),
    Column("stream", Boolean, nullable=False),
    Column("input_tokens", Integer, nullable=False),
    Column("output_tokens", Integer, nullable=False),
    Column("usage_estimated", Boolean, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("ttft_ms", Float, nullable=True),
    Column("status", String(32), nullable=False),
    Column("http_status", Integer, nullable=False),
    Column("error", Text, nullable=True),
    Column("cost_nusd", BigInteger, nullable=False),
    # --- version 2
    #: What the same usage would have cost on `baseline_model` (USD × 10⁹).
    Column("baseline_cost_nusd", BigInteger, nullable=False, server_default=text("0")),
    Column("key_id", String(64), nullable=True),
    #: allow | local_only | redacted | blocked, when the privacy guard found something.
    Column("privacy_action", String(16), nullable=True),
    #: Comma-separated finding types (never the values).
    Column("privacy_findings", String(200), nullable=True),
    Column("spilled", Boolean, nullable=False, server_default=text("false")),
    #: 1 for the first call; 2 for a cascade's escalation (same request_id).
    Column("attempt", Integer, nullable=False, server_default=text("1")),
    # --- version 6
    #: answer (the caller's), shadow (the baseline's answer to a sampled request) or judge:
    #: the last two are the cost of proving quality, never billed to a key.
    Column("purpose", String(8), nullable=False, server_default=text("'answer'")),
    # --- version 8
    #: Answered from the response cache (at $0: `cost_nusd` is 0).
    Column("cache_hit", Boolean, nullable=False, server_default=text("false")),
    #: What the cached answer cost when it was first made: the hit saved that (USD × 10⁹).
    Column("cache_saved_nusd", BigInteger, nullable=False, server_default=text("0")),
)


def storage_url(storage: str) -> str:
    """A SQLAlchemy URL from `storage:` (a URL, or a path for SQLite)."""
    if storage.startswith(("postgresql://", "postgres://")):  # psycopg 3, not psycopg2
        return "postgresql+psycopg://" + storage.split("://", 1)[1]
    if "://" in storage:
        return storage
    return f"sqlite:///{Path(storage).expanduser().resolve()}"


def open_engine(storage: str) -> Engine:
    url = storage_url(storage)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers (report, /ui) never block writes
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class LedgerRow(msgspec.Struct, frozen=True):
    """One request's account, as recorded (a struct: one is built for every request, and a
    frozen dataclass's constructor cost several µs)."""

    ts: datetime
    request_id: str
    protocol: str
    requested_model: str
    deployment: str | None
    tier: str | None
    reasons: str
    stream: bool
    input_tokens: int
    output_tokens: int
    usage_estimated: bool
    latency_ms: float
    ttft_ms: float | None
    status: str
    http_status: int
    error: str | None
    cost_usd: Decimal
    baseline_cost_usd: Decimal = Decimal(0)
    key_id: str | None = None
    privacy_action: str | None = None
    privacy_findings: str | None = None
    spilled: bool = False
    attempt: int = 1
    purpose: str = "answer"
    cache_hit: bool = False
    cache_saved_usd: Decimal = Decimal(0)

    def values(self) -> dict[str, object]:
        out = msgspec.structs.asdict(self)
        out["cost_nusd"] = to_nusd(out.pop("cost_usd"))
        out["baseline_cost_nusd"] = to_nusd(out.pop("baseline_cost_usd"))
        out["cache_saved_nusd"] = to_nusd(out.pop("cache_saved_usd"))
        return out


def to_nusd(amount: Decimal) -> int:
    return int((amount * NANO).to_integral_value())


if TYPE_CHECKING:
    from .journal import LedgerJournal


_Parameters = tuple[object, ...] | dict[str, object]


class _BatchInsert:
    """The ledger's one hot statement, compiled once for the engine's dialect. Rows go to the
    driver's executemany with each column's own bind processing, but without SQLAlchemy's
    per-row parameter handling, which cost more than SQLite's insert itself."""

    def __init__(self, engine: Engine) -> None:
        dialect = engine.dialect
        columns = [c.name for c in requests_table.c if c.name != "id"]
        compiled = insert(requests_table).compile(dialect=dialect, column_keys=columns)
        self.sql = compiled.string
        #: Parameter names in placeholder order; None when the driver takes them by name.
        self._order = compiled.positiontup
        names = list(self._order) if self._order is not None else columns
        self._names = names
        # A row's values in that order in one C call; then only the columns that need it
        # converted (money to integer nano-dollars, the types' own bind processing).
        self._get = operator.attrgetter(*(_ROW_FIELD.get(name, name) for name in names))
        self._convert: list[tuple[int, Callable[[Any], Any]]] = []
        for i, name in enumerate(names):
            process = requests_table.c[name].type.bind_processor(dialect)
            if name in _ROW_FIELD:
                self._convert.append((i, _nusd_then(process)))
            elif process is not None:
                self._convert.append((i, process))

    def parameters(self, row: LedgerRow) -> _Parameters:
        values = list(self._get(row))
        for i, process in self._convert:
            values[i] = process(values[i])
        if self._order is None:
            return dict(zip(self._names, values, strict=True))
        return tuple(values)


#: Columns stored under another name than the row's field (money as integer nano-dollars).
_ROW_FIELD = {
    "cost_nusd": "cost_usd",
    "baseline_cost_nusd": "baseline_cost_usd",
    "cache_saved_nusd": "cache_saved_usd",
}


def _nusd_then(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    if process is None:
        return to_nusd
    return lambda amount: process(to_nusd(amount))


class LedgerWriter:
    """Queues rows from the request path; one task writes them in batches.

    A batch the database refuses stays pending (and journaled) and is retried with backoff, so
    a database outage delays rows but loses none."""

    def __init__(
        self,
        engine: Engine,
        *,
        journal: LedgerJournal | None = None,
        enabled: bool = True,
        batch_size: int = 500,
        max_delay_s: float = 0.25,
    ) -> None:
        self._engine = engine
        self._journal = journal
        #: False only for overhead measurements (`server.ledger: false`).
        self.enabled = enabled
        #: Rows as the driver takes them: converted on the loop, a few µs each as they come,
        #: so the writer thread holds the interpreter lock only inside the driver (a batch
        #: converted there held it for milliseconds at a time, delaying the loop).
        self._queue: asyncio.Queue[_Parameters] = asyncio.Queue()
        self._batch_size = batch_size
        self._max_delay_s = max_delay_s
        self._task: asyncio.Task[None] | None = None
        self._pending: list[_Parameters] = []  # taken from the queue, not yet committed
        self._inflight: asyncio.Future[bool] | None = None
        self._lock = asyncio.Lock()
        self._flushed_ok = True
        self._insert: _BatchInsert | None = None
        self.written = 0

    @property
    def engine(self) -> Engine:
        return self._engine

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="ledger-writer")

    def record(self, row: LedgerRow) -> None:
        if not self.enabled:
            return
        if self._insert is None:
            self._insert = _BatchInsert(self._engine)
        try:
            parameters = self._insert.parameters(row)
        # A row no driver could take must not fail the answer it accounts for, nor, queued,
        # hold back every row behind it: it is logged whole instead.
        except Exception:
            log.exception("ledger: cannot store row %r", row)
            return
        if self._journal is not None:
            self._journal.append(row)
        self._queue.put_nowait(parameters)

    async def _run(self) -> None:
        delay = self._max_delay_s
        while True:
            if not self._pending:
                self._pending.append(await self._queue.get())
            await asyncio.sleep(delay)  # let a burst gather into one transaction
            ok = await self._write_pending()
            delay = self._max_delay_s if ok else min(5.0, 2 * delay)

    async def _write_pending(self) -> bool:
        """Commits the pending rows plus what has queued since (one batch at most); False if
        the database refused them (they stay pending)."""
        async with self._lock:
            if self._inflight is not None:  # left by a cancelled writer: settle it first
                self._settle(await self._inflight)
            while len(self._pending) < self._batch_size and not self._queue.empty():
                self._pending.append(self._queue.get_nowait())
            if not self._pending:
                return True
            self._inflight = asyncio.ensure_future(asyncio.to_thread(self._write, self._pending))
            ok = await asyncio.shield(self._inflight)
            self._settle(ok)
            return ok

    def _settle(self, ok: bool) -> None:
        self._inflight = None
        if ok:
            if self._journal is not None:
                self._journal.committed(len(self._pending))
            self._pending = []

    def _write(self, batch: list[_Parameters]) -> bool:
        try:
            assert self._insert is not None  # made by the first `record`
            with self._engine.begin() as conn:
                conn.exec_driver_sql(self._insert.sql, batch)
            self.written += len(batch)
            return True
        # A ledger failure must not take answers down; it is logged loudly instead (and the
        # journal keeps the rows for the next start).
        except Exception:
            log.exception("ledger: failed to write %d rows", len(batch))
            return False

    async def flush(self) -> None:
        """Writes everything queued so far (used at shutdown and by tests)."""
        while True:
            if not await self._write_pending():
                self._flushed_ok = False
                return
            if not self._pending and self._queue.empty():
                self._flushed_ok = True
                return

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()
        if self._journal is not None and self._flushed_ok:
            self._journal.close()  # all in the database: nothing to replay
