"""What sharing the meters across `serve --workers` costs a request: one reserve + settle on
in-process meters (`LocalMeters`, what one process uses) against the same over the
supervisor's Unix socket (`SocketMeters` → `MeterServer`), and against a SQLite counter
under an exclusive transaction (the other local design that keeps workers exact).

    .venv/bin/python bench/meters.py

On uvloop, as the gateway runs. Server and clients run in one process here (the socket is real; the scheduling between two
processes is not), so the socket figure is a lower bound on a loaded machine. Each figure is
the median of 5 runs of 2,000 reserve + settle pairs; the ratio is against in-process. Last,
the supervisor's own CPU time per pair with it in a process of its own and 4 clients: the
figure that caps the meters of a whole machine.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hybridgate.accounting.meter_socket import MeterServer, SocketMeters  # noqa: E402
from hybridgate.accounting.meters import Hold, LocalMeters, Meters  # noqa: E402

PAIRS = 2000
RUNS = 5


async def _pairs(meters: Meters) -> float:
    started = time.perf_counter()
    for _ in range(PAIRS):
        hold = await meters.reserve("hg:budget:{k}:total", 5, 10**12, expire_at=None)
        assert isinstance(hold, Hold)
        await meters.settle(hold, 3)
    return (time.perf_counter() - started) / PAIRS * 1e6


def _sqlite_pairs(path: Path) -> float:
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS meters (name TEXT PRIMARY KEY, used INT, held INT)")
    conn.execute("INSERT OR IGNORE INTO meters VALUES ('k', 0, 0)")
    started = time.perf_counter()
    for _ in range(PAIRS):
        conn.execute("BEGIN IMMEDIATE")  # the check and the increment under one write lock
        used, held = conn.execute("SELECT used, held FROM meters WHERE name = 'k'").fetchone()
        assert used + held + 5 <= 10**12
        conn.execute("UPDATE meters SET held = held + 5 WHERE name = 'k'")
        conn.execute("COMMIT")
        conn.execute("UPDATE meters SET held = held - 5, used = used + 3 WHERE name = 'k'")
    conn.close()
    return (time.perf_counter() - started) / PAIRS * 1e6


_SERVER = """
import asyncio, sys, uvloop
from pathlib import Path
from hybridgate.accounting.meter_socket import MeterServer
from hybridgate.accounting.meters import LocalMeters
async def serve():
    server = MeterServer(LocalMeters(hold_s=60), Path(sys.argv[1]))
    await server.start()
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
uvloop.run(serve())
"""


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _server_cpu_per_pair(folder: Path) -> float:
    """The supervisor's own CPU per reserve + settle pair, with the server in a process of
    its own and 4 clients (workers) sending pairs concurrently: what caps the machine."""
    path = folder / "cpu.sock"
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert server.stdout is not None and server.stdin is not None
    server.stdout.readline()
    clients = [SocketMeters(path) for _ in range(4)]
    await asyncio.gather(*(_pairs(c) for c in clients))  # warm
    before = _cpu_s(server.pid)
    await asyncio.gather(*(_pairs(c) for c in clients))
    used = _cpu_s(server.pid) - before
    for client in clients:
        await client.aclose()
    server.stdin.close()
    server.wait(10)
    return used / (4 * PAIRS) * 1e6


async def main() -> None:
    local, socket_, sqlite_ = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        server = MeterServer(LocalMeters(hold_s=60), Path(tmp) / "s.sock")
        await server.start()
        client = SocketMeters(server.path)
        for run in range(RUNS):
            local.append(await _pairs(LocalMeters(hold_s=60)))
            socket_.append(await _pairs(client))
            sqlite_.append(_sqlite_pairs(Path(tmp) / f"m{run}.db"))
        await client.aclose()
        await server.aclose()
    base = statistics.median(local)
    print("| meters | µs per reserve + settle | vs in-process |\n|---|---:|---:|")
    for name, runs in (
        ("in-process (`LocalMeters`)", local),
        ("supervisor over a Unix socket (`SocketMeters`)", socket_),
        ("SQLite, `BEGIN IMMEDIATE` (WAL)", sqlite_),
    ):
        print(f"| {name} | {statistics.median(runs):.1f} | {statistics.median(runs) / base:.1f}× |")
    with tempfile.TemporaryDirectory() as tmp:
        cpu = await _server_cpu_per_pair(Path(tmp))
    print(
        f"\nthe supervisor's CPU per pair (its own process, 4 clients): {cpu:.1f} µs, "
        f"so one supervisor core carries ~{1e6 / cpu:,.0f} pairs a second"
    )


if __name__ == "__main__":
    import uvloop

    uvloop.run(main())  # the loop `hybridgate serve` runs on
