"""What sharing the meters across `serve --workers` costs a request: one reserve + settle on
in-process meters (`LocalMeters`, what one process uses) against the same over the
supervisor's Unix socket (`SocketMeters` → `MeterServer`), and against a SQLite counter
under an exclusive transaction (the other local design that keeps workers exact).

    .venv/bin/python bench/meters.py

On uvloop, as the gateway runs. Server and clients run in one process here (the socket is real; the scheduling between two
processes is not), so the socket figure is a lower bound on a loaded machine. Each figure is
the median of 5 runs of 2,000 reserve + settle pairs; the ratio is against in-process.
"""

from __future__ import annotations

import sqlite3
import statistics
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


if __name__ == "__main__":
    import uvloop

    uvloop.run(main())  # the loop `hybridgate serve` runs on
