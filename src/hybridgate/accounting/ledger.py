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
import functools
import itertools
import logging
import operator
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
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
    if not amount:  # most rows' saved and many rows' baseline money
        return 0
    return int((amount * NANO).to_integral_value())


if TYPE_CHECKING:
    from .journal import LedgerJournal


_Parameters = tuple[object, ...] | dict[str, object]
#: A row ready for the driver: the statement that takes it, and its parameters.
_Prepared = tuple[str, _Parameters]


class _BatchInsert:
    """The ledger's one hot statement, compiled once for the engine's dialect. Rows go to the
    driver's executemany with each column's own bind processing, but without SQLAlchemy's
    per-row parameter handling, which cost more than SQLite's insert itself.

    On SQLite, what the driver would adapt row by row in Python is made ready here instead:
    the time as the text its adapter writes (`isoformat(" ")`, formatted once a second), and
    no NULL parameters (the driver looks each one up as an object to adapt, and that lookup
    raises and formats an AttributeError inside): a row's NULL columns are left out of its
    statement, one statement per combination met (a column left out is NULL all the same)."""

    def __init__(self, engine: Engine) -> None:
        self._dialect = dialect = engine.dialect
        columns = [c.name for c in requests_table.c if c.name != "id"]
        compiled = insert(requests_table).compile(dialect=dialect, column_keys=columns)
        self.sql = compiled.string
        #: Parameter names in placeholder order; None when the driver takes them by name.
        self._order = compiled.positiontup
        names = list(self._order) if self._order is not None else columns
        self._names = names
        # A row's values in that order in one C call (its fields as they are, when the
        # columns come in the fields' order, as they do; else by name); then only the
        # columns that need it converted (money to integer nano-dollars, the types' own
        # bind processing).
        fields = [_ROW_FIELD.get(name, name) for name in names]
        self._get: Callable[[LedgerRow], tuple[Any, ...]] = (
            msgspec.structs.astuple
            if fields == [field.name for field in msgspec.structs.fields(LedgerRow)]
            else operator.attrgetter(*fields)
        )
        sqlite = dialect.name == "sqlite" and self._order is not None
        self._convert: list[tuple[int, Callable[[Any], Any]]] = []
        for i, name in enumerate(names):
            column_type = requests_table.c[name].type
            process = column_type.bind_processor(dialect)
            if name in _ROW_FIELD:
                self._convert.append((i, _nusd_then(process)))
            elif sqlite and isinstance(column_type, DateTime):
                self._convert.append((i, SqliteTime()))
            elif isinstance(column_type, Boolean) and process is not None:
                # The type's own answers for the values it accepts, by one C lookup (anything
                # else is refused, as the type refuses it: the row is logged, not stored).
                self._convert.append((i, {v: process(v) for v in (None, False, True)}.__getitem__))
            elif process is not None:
                self._convert.append((i, process))
        nullable = [i for i, name in enumerate(names) if requests_table.c[name].nullable]
        #: A row's nullable columns, to say which are NULL (SQLite only; else None).
        self._nullable = operator.itemgetter(*nullable) if sqlite and len(nullable) > 1 else None
        self._without_nulls: dict[tuple[bool, ...], tuple[str, Callable[[Any], Any]]] = {}

    def parameters(self, row: LedgerRow) -> _Prepared:
        values = list(self._get(row))
        for i, process in self._convert:
            values[i] = process(values[i])
        if self._order is None:
            return self.sql, dict(zip(self._names, values, strict=True))
        if self._nullable is None:
            return self.sql, tuple(values)
        nulls = tuple(map(_is_none, self._nullable(values)))
        statement = self._without_nulls.get(nulls)
        if statement is None:
            statement = self._without_nulls[nulls] = self._leaving_out(values)
        sql, pick = statement
        return sql, pick(values)

    def _leaving_out(self, values: list[object]) -> tuple[str, Callable[[Any], Any]]:
        """The statement for rows NULL where these values are, and how to pick the others."""
        kept = [name for name, value in zip(self._names, values, strict=True) if value is not None]
        compiled = insert(requests_table).compile(dialect=self._dialect, column_keys=kept)
        order = compiled.positiontup
        assert order is not None  # a positional driver, as the full statement's
        at = [self._names.index(name) for name in order]
        assert len(at) > 1  # most columns are never NULL: itemgetter gives a tuple
        return compiled.string, operator.itemgetter(*at)


_is_none = functools.partial(operator.is_, None)


class SqliteTime:
    """A time as Python's SQLite adapter writes it (`isoformat(" ")`): the text up to the
    second is made once a second, so a row costs a comparison and the fraction's digits."""

    def __init__(self) -> None:
        self._second: datetime | None = None
        self._next = datetime.min.replace(tzinfo=UTC)
        self._whole = self._head = ""  # the second's text, with and without its offset

    def __call__(self, moment: datetime) -> str:
        if moment.tzinfo is not UTC:  # naive or another zone: rare, as the adapter does
            return moment.isoformat(" ")
        second = self._second
        if second is None or not second <= moment < self._next:
            self._second = second = moment.replace(microsecond=0)
            self._next = second + _SECOND
            self._whole = second.isoformat(" ")
            self._head = self._whole.removesuffix("+00:00")
        micro = moment.microsecond
        if not micro:
            return self._whole
        return f"{self._head}.{str(1_000_000 + micro)[1:]}+00:00"


_SECOND = timedelta(seconds=1)


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
        self._queued: deque[_Prepared] = deque()
        #: The writer waiting for a first row (None while it has rows or is writing): one
        #: wake-up per batch, not an asyncio.Queue's bookkeeping per row.
        self._idle: asyncio.Future[None] | None = None
        self._batch_size = batch_size
        self._max_delay_s = max_delay_s
        self._task: asyncio.Task[None] | None = None
        self._pending: list[_Prepared] = []  # taken from the queue, not yet committed
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
        self._queued.append(parameters)
        idle = self._idle
        if idle is not None:
            self._idle = None
            if not idle.done():
                idle.set_result(None)

    async def _run(self) -> None:
        delay = self._max_delay_s
        while True:
            if not self._pending and not self._queued:
                self._idle = asyncio.get_running_loop().create_future()
                await self._idle
            await asyncio.sleep(delay)  # let a burst gather into one transaction
            ok = await self._write_pending()
            delay = self._max_delay_s if ok else min(5.0, 2 * delay)

    async def _write_pending(self) -> bool:
        """Commits the pending rows plus what has queued since (one batch at most); False if
        the database refused them (they stay pending)."""
        async with self._lock:
            if self._inflight is not None:  # left by a cancelled writer: settle it first
                self._settle(await self._inflight)
            queued = self._queued
            while len(self._pending) < self._batch_size and queued:
                self._pending.append(queued.popleft())
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

    def _write(self, batch: list[_Prepared]) -> bool:
        try:
            with self._engine.begin() as conn:
                # In order, each run of rows that share a statement in one executemany.
                for sql, run in itertools.groupby(batch, key=operator.itemgetter(0)):
                    conn.exec_driver_sql(sql, [parameters for _, parameters in run])
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
            if not self._pending and not self._queued:
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
