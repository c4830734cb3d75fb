"""`hybridgate serve --workers N`: one supervisor process and N gateway worker processes.

The supervisor binds the listening socket once and hands it to every worker (inherited, so
a worker that dies loses only the connections it had accepted; the kernel queues new ones for
the others). It prepares the ledger before any worker starts (migrations, and the journals of
killed processes replayed once), serves the meters every worker shares when Redis is not
configured (accounting/meter_socket.py) and the circuit breakers they count into together
(balance/shared_breakers.py), restarts a worker that dies (with a growing pause
when one dies again and again), and on SIGTERM or SIGINT passes the signal to every worker
and waits for all of them to finish their in-flight answers (`shutdown_timeout_s`).

A restarted worker replays the crash journal its predecessor left (the ledger rows it
answered but had not yet written), exactly once: journals are locked by their live owner
and taken under a lock by whoever replays them (accounting/journal.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from ..accounting.meter_socket import MeterServer
from ..accounting.meters import LocalMeters
from ..balance.shared_breakers import BreakerHub
from .worker_slot import supervisor_socket

log = logging.getLogger("hybridgate")

#: A worker that lived less than this counts as crashing at start: the pause before the next
#: try doubles, up to `_MAX_PAUSE_S` (a broken config must not spin the CPU).
_STABLE_S = 10.0
_MAX_PAUSE_S = 30.0
#: Seconds past `shutdown_timeout_s` a worker gets before it is killed.
_KILL_GRACE_S = 10.0


def usable_cores(cgroup: Path = Path("/sys/fs/cgroup")) -> int:
    """Cores this process may run on: its CPU affinity, capped by a cgroup CPU quota (a
    container limited to 2 CPUs on a 64-core node gets 2 workers, not 64)."""
    cores = len(os.sched_getaffinity(0))
    for quota_file, period_file in (
        (cgroup / "cpu.max", None),  # cgroup v2: "<quota> <period>" or "max <period>"
        (cgroup / "cpu" / "cpu.cfs_quota_us", cgroup / "cpu" / "cpu.cfs_period_us"),  # v1
    ):
        try:
            fields = quota_file.read_text().split()
            if period_file is not None:
                fields.append(period_file.read_text().strip())
            quota, period = int(fields[0]), int(fields[1])
        except (OSError, ValueError, IndexError):
            continue  # no such file, or "max": no quota
        if quota > 0 and period > 0:
            return max(1, min(cores, -(-quota // period)))
    return cores


def bind(host: str, port: int) -> socket.socket:
    """The socket all workers accept on: bound here, listening once the first worker is
    ready (until then a connection is refused, as before any server, rather than left
    waiting in a queue nobody reads)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


@dataclass
class _Worker:
    index: int
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    ready: bool = False
    ever_ready: bool = False
    restarts: int = 0
    pause_s: float = 0.0
    exits: list[int] = field(default_factory=list)


class Supervisor:
    """Runs `command + [--worker-index i]` N times, each with the listening socket's fd."""

    def __init__(
        self,
        *,
        count: int,
        command: Callable[[int], Sequence[str]],
        listener: socket.socket,
        run_dir: Path,
        meters: LocalMeters,
        breakers: BreakerHub,
        shutdown_timeout_s: float,
    ) -> None:
        self._count = count
        self._command = command
        self._listener = listener
        self._run_dir = run_dir
        self._shutdown_timeout_s = shutdown_timeout_s
        self._workers = [_Worker(i) for i in range(count)]
        self._stopping = False
        self._server = MeterServer(
            meters,
            supervisor_socket(run_dir),
            handlers={
                "ready": self._on_ready,
                "info": self._table,
                "breaker": breakers.outcome,
                "breakers": breakers.sync,
            },
        )
        #: The signal to stop on, or a worker's boot failure (made in `run`, on its loop).
        self._stop: asyncio.Future[signal.Signals | int] | None = None

    async def run(self) -> signal.Signals | int:
        """Serves until SIGTERM or SIGINT; returns that signal once every worker has stopped,
        or the exit status of a worker that could not start (a configuration error: every
        worker would fail alike, so none is restarted)."""
        loop = asyncio.get_running_loop()
        self._stop = stopping = loop.create_future()

        def on_signal(sig: signal.Signals) -> None:
            if not stopping.done():
                stopping.set_result(sig)

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal, sig)
        await self._server.start()
        watchers = [asyncio.create_task(self._keep_running(w)) for w in self._workers]
        try:
            stop = await stopping
            if isinstance(stop, signal.Signals):
                log.info("%s: stopping %d workers", stop.name, self._count)
        finally:
            self._stopping = True
            # No new connections from now on: the workers close their copies as they stop.
            self._listener.close()
            await self._stop_all()
            for watcher in watchers:
                watcher.cancel()
            await asyncio.gather(*watchers, return_exceptions=True)
            await self._server.aclose()
        return stop

    async def _keep_running(self, worker: _Worker) -> None:
        while not self._stopping:
            if worker.pause_s:
                await asyncio.sleep(worker.pause_s)
                if self._stopping:
                    return
            await self._start(worker)
            assert worker.process is not None
            code = await worker.process.wait()
            worker.ready = False
            self._write_table()
            with contextlib.suppress(FileNotFoundError):
                (self._run_dir / f"metrics-{worker.index}.prom").unlink()
            if self._stopping:
                return
            if code > 0 and not worker.ever_ready:
                log.error("worker %d could not start (status %d): stopping", worker.index, code)
                if self._stop is not None and not self._stop.done():
                    self._stop.set_result(code)
                return
            lived = time.monotonic() - worker.started_at
            worker.pause_s = (
                min(_MAX_PAUSE_S, max(1.0, 2 * worker.pause_s)) if lived < _STABLE_S else 0.0
            )
            worker.restarts += 1
            log.error(
                "worker %d (pid %d) %s; restarting it%s",
                worker.index,
                worker.process.pid,
                _describe_exit(code),
                f" in {worker.pause_s:.0f} s" if worker.pause_s else "",
            )

    async def _start(self, worker: _Worker) -> None:
        fd = self._listener.fileno()
        worker.process = await asyncio.create_subprocess_exec(
            *self._command(worker.index), pass_fds=(fd,)
        )
        worker.started_at = time.monotonic()
        self._write_table()

    def _on_ready(self, index: int, pid: int) -> None:
        worker = self._workers[index]
        if worker.process is not None and worker.process.pid == pid:
            worker.ready = worker.ever_ready = True
            self._write_table()
            if all(w.ready for w in self._workers):
                log.info("all %d workers ready", self._count)

    def _table(self) -> list[dict[str, object]]:
        return [
            {
                "index": w.index,
                "pid": w.process.pid if w.process is not None else None,
                "ready": w.ready,
                "restarts": w.restarts,
            }
            for w in self._workers
        ]

    def _write_table(self) -> None:
        path = self._run_dir / "workers.json"
        partial = path.with_suffix(".partial")
        partial.write_bytes(msgspec.json.encode(self._table()))
        os.replace(partial, path)

    async def _stop_all(self) -> None:
        running = [
            w.process
            for w in self._workers
            if w.process is not None and w.process.returncode is None
        ]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        waiting = asyncio.gather(*(p.wait() for p in running))
        try:
            async with asyncio.timeout(self._shutdown_timeout_s + _KILL_GRACE_S):
                await waiting
        except TimeoutError:
            for process in running:
                if process.returncode is None:
                    log.error("worker pid %d did not stop in time: killed", process.pid)
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
            await asyncio.gather(*(p.wait() for p in running))


def _describe_exit(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name}"
    return f"exited with status {code}"
