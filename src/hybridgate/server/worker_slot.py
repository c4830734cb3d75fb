"""One worker of `hybridgate serve --workers N`, as the worker sees itself: its index, the
supervisor's folder, and what `/healthz` and `/metrics` show across workers.

The supervisor's folder (`run_dir`) holds its socket (`supervisor.sock`: meters, readiness),
the workers' table (`workers.json`, rewritten by the supervisor at every change) and each
worker's latest metrics (`metrics-<index>.prom`, rewritten every second by that worker).
`/metrics` on any worker answers every worker's families, each sample labelled
`worker="<index>"` (a restarted worker keeps its index, so Prometheus sees a counter reset,
not a new series); other workers' figures are at most a second old.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import msgspec

log = logging.getLogger("hybridgate")

#: Seconds between two snapshots of a worker's metrics for its peers.
PUBLISH_EVERY_S = 1.0
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class WorkerSlot:
    index: int
    count: int
    run_dir: Path

    @property
    def socket_path(self) -> Path:
        return supervisor_socket(self.run_dir)

    def metrics_path(self, index: int) -> Path:
        return self.run_dir / f"metrics-{index}.prom"

    def workers_table(self) -> object:
        """The supervisor's table of workers (index, pid, ready, restarts), or None."""
        try:
            return msgspec.json.decode((self.run_dir / "workers.json").read_bytes())
        except (OSError, msgspec.DecodeError):
            return None

    def exposition(self, own: bytes) -> bytes:
        """Every worker's metrics (this one's fresh: `own`), labelled by worker."""
        parts = []
        for index in range(self.count):
            if index == self.index:
                parts.append((index, own))
                continue
            try:
                parts.append((index, self.metrics_path(index).read_bytes()))
            except OSError:
                continue  # not started yet, or restarting
        return merge_expositions(parts)

    async def publish(self, render: Callable[[], bytes]) -> None:
        """Writes this worker's metrics for its peers every second, until cancelled."""
        path = self.metrics_path(self.index)
        while True:
            data = render()
            await asyncio.to_thread(_write_atomically, path, data)
            await asyncio.sleep(PUBLISH_EVERY_S)


def supervisor_socket(run_dir: Path) -> Path:
    return run_dir / "supervisor.sock"


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_suffix(".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def merge_expositions(parts: list[tuple[int, bytes]]) -> bytes:
    """Prometheus text expositions of several workers as one: each family once (its HELP and
    TYPE), with every worker's samples under it, labelled `worker`."""
    headers: dict[str, list[str]] = {}
    samples: dict[str, list[str]] = {}
    for index, text in parts:
        family: str | None = None
        for line in text.decode().splitlines():
            if line.startswith(("# HELP ", "# TYPE ")):
                family = line.split(" ", 3)[2]
                known = headers.setdefault(family, [])
                samples.setdefault(family, [])
                if line not in known:
                    known.append(line)
            elif line and not line.startswith("#") and family is not None:
                samples[family].append(_labelled(line, index))
    out = []
    for family, lines in headers.items():
        out.extend(lines)
        out.extend(samples[family])
    return ("\n".join(out) + "\n").encode() if out else b""


def _labelled(line: str, index: int) -> str:
    label = f'worker="{index}"'
    brace, space = line.find("{"), line.find(" ")
    if brace != -1 and brace < space:
        rest = line[brace + 1 :]
        return f"{line[: brace + 1]}{label}{'' if rest.startswith('}') else ','}{rest}"
    return f"{line[:space]}{{{label}}}{line[space:]}"


def die_with_supervisor(supervisor_pid: int) -> None:
    """Asks the kernel for SIGTERM when the supervisor dies (even by `kill -9`), so no
    orphaned worker keeps the port; a worker whose supervisor is already gone stops now."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != supervisor_pid:
        os.kill(os.getpid(), signal.SIGTERM)
