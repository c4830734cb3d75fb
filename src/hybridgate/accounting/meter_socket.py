"""Meters shared by the workers of one `hybridgate serve --workers N`, without Redis.

The supervisor keeps one `LocalMeters` and serves it on a Unix socket (`MeterServer`); each
worker reaches it through `SocketMeters`, which speaks the `Meters` protocol. Every reserve
runs on the supervisor's one event loop with no await between check and increment, so the
workers together never overshoot a budget or a rate limit, exactly as one process would not.
Chosen over a SQLite or shared-memory counter because it keeps the one implementation of a
meter (holds that lapse, seeds from the ledger) and costs one local round trip (bench/meters.py
measures it against in-process meters). A hold of a worker that was killed lapses after
`hold_s`, as it does in Redis.

Wire: frames of a 4-byte big-endian length and a msgpack array. Requests are
`[id, op, args...]`, answers `[id, ok, result]`; many requests of one worker are in flight at
once on its one connection. When the supervisor is unreachable a reservation fails closed
(`AdmissionUnavailable`), as with Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import struct
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import msgspec

from ..errors import AdmissionUnavailable
from .meters import Hold, Level, LocalMeters, Seed, _SeedOnce

log = logging.getLogger("hybridgate.admission")

_LENGTH = struct.Struct(">I")
#: A frame larger than this is not ours: the connection is dropped.
_MAX_FRAME = 1 << 20
#: Seconds a worker waits for the supervisor before failing the request closed.
_ANSWER_TIMEOUT_S = 5.0

_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder().decode


async def _read_frame(reader: asyncio.StreamReader) -> Any:
    (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    if length > _MAX_FRAME:
        raise ConnectionError(f"meter frame of {length} bytes refused")
    return _decode(await reader.readexactly(length))


def _frame(message: object) -> bytes:
    data = _encode(message)
    return _LENGTH.pack(len(data)) + data


class MeterServer:
    """The supervisor's side: `meters` served on `path` to every worker, plus the
    supervisor's own requests (`handlers`: op → function of the request's arguments)."""

    def __init__(
        self,
        meters: LocalMeters,
        path: Path,
        handlers: Mapping[str, Callable[..., object]] | None = None,
    ) -> None:
        self.meters = meters
        self.path = path
        self._handlers = dict(handlers or {})
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(self._serve, path=str(self.path))
        self.path.chmod(0o600)  # budgets are not every local user's to spend

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._connections):
                writer.close()
            await self._server.wait_closed()
            self._server = None
        self.path.unlink(missing_ok=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._connections.add(writer)
        try:
            while True:
                message = await _read_frame(reader)
                request_id, op, *args = message
                try:
                    result = self._answer(op, args)
                    writer.write(_frame([request_id, True, result]))
                # A malformed request is the worker's bug: answered as an error, the
                # connection (and every other request on it) lives on.
                except Exception as exc:
                    log.exception("meter server: %s %r failed", op, args)
                    writer.write(_frame([request_id, False, type(exc).__name__]))
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, msgspec.DecodeError):
            pass  # the worker went away (or sent garbage): its holds lapse by themselves
        except asyncio.CancelledError:
            # The supervisor's loop is closing. Ended quietly: asyncio (3.11) reports a
            # connection handler that ends cancelled as an unhandled error.
            pass
        finally:
            self._connections.discard(writer)
            writer.close()

    def _answer(self, op: str, args: list[Any]) -> object:
        meters = self.meters
        if op == "reserve":
            name, amount, limit, expire_at, must_be_seeded = args
            reserved = meters.reserve_now(
                name, amount, limit, expire_at=expire_at, must_be_seeded=must_be_seeded
            )
            if reserved is None:
                return [-1]
            if isinstance(reserved, Level):
                return [0, reserved.used, reserved.held]
            return [1, reserved.id]
        if op == "settle":
            name, hold_id, amount, actual = args
            meters.settle_now(Hold(name, hold_id, amount), actual)
            return None
        if op == "seed":
            name, start, expire_at = args
            meters.seed_now(name, start, expire_at=expire_at)
            return None
        handler = self._handlers.get(op)
        if handler is not None:
            return handler(*args)
        raise ValueError(f"unknown meter operation {op!r}")


class SocketMeters:
    """A worker's side: the supervisor's meters, over its Unix socket."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._ids = itertools.count()
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._connecting = asyncio.Lock()
        self._seed_once = _SeedOnce()

    async def _connection(self) -> asyncio.StreamWriter:
        async with self._connecting:
            if self._writer is None or self._writer.is_closing():
                reader, self._writer = await asyncio.open_unix_connection(str(self._path))
                self._reader_task = asyncio.create_task(self._read(reader), name="meter-answers")
            return self._writer

    async def _read(self, reader: asyncio.StreamReader) -> None:
        failure: BaseException = ConnectionError("the supervisor closed the meter socket")
        try:
            while True:
                request_id, ok, result = await _read_frame(reader)
                waiting = self._waiting.pop(request_id, None)
                if waiting is not None and not waiting.done():
                    if ok:
                        waiting.set_result(result)
                    else:
                        waiting.set_exception(RuntimeError(f"meter server: {result}"))
        except (asyncio.IncompleteReadError, ConnectionError, msgspec.DecodeError) as exc:
            failure = exc
        finally:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            for waiting in self._waiting.values():
                if not waiting.done():
                    waiting.set_exception(ConnectionError(str(failure) or type(failure).__name__))
            self._waiting.clear()

    async def call(self, op: str, *args: object) -> Any:
        """One request to the supervisor; raises OSError when it cannot be reached."""
        writer = await self._connection()
        request_id = next(self._ids)
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = answer
        try:
            writer.write(_frame([request_id, op, *args]))
            async with asyncio.timeout(_ANSWER_TIMEOUT_S):
                return await answer
        except TimeoutError as exc:
            raise ConnectionError("the supervisor did not answer in time") from exc
        finally:
            self._waiting.pop(request_id, None)

    async def reserve(
        self,
        name: str,
        amount: int,
        limit: int,
        *,
        expire_at: float | None,
        seed: Seed | None = None,
    ) -> Hold | Level:
        try:
            while True:
                answer = await self.call(
                    "reserve", name, amount, limit, expire_at, seed is not None
                )
                if answer[0] == 1:
                    return Hold(name, answer[1], amount)
                if answer[0] == 0:
                    return Level(answer[1], answer[2])
                assert seed is not None
                start = await self._seed_once(name, seed)
                await self.call("seed", name, start, expire_at)
        except OSError as exc:
            raise AdmissionUnavailable(
                "budgets and rate limits cannot be checked: the serve supervisor is "
                f"unreachable ({exc}); the request was not sent"
            ) from exc

    async def settle(self, hold: Hold, actual: int) -> None:
        try:
            await self.call("settle", hold.meter, hold.id, hold.amount, actual)
        # As with Redis: the answer is given, the hold lapses after `hold_s`, and the ledger
        # keeps the true spend.
        except OSError as exc:
            log.warning("meter server unreachable, hold %s left to expire: %s", hold.id, exc)

    async def release(self, hold: Hold) -> None:
        await self.settle(hold, 0)

    async def aclose(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._reader_task is not None:
            self._reader_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader_task
            self._reader_task = None
