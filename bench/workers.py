"""Requests a second for `hybridgate serve --workers N`, N = 1, 2, ... up to the cores here.

One command, one run, one machine; every figure is a ratio to the 1-worker figure of the
same run (the rounds interleave the worker counts; each round's ratio is taken, then their
median, so a noisy neighbour's load that comes and goes moves whole rounds):

    .venv/bin/python bench/workers.py              # 5 rounds of 4 s a count (~3 minutes)
    .venv/bin/python bench/workers.py --quick      # 1 round of 2 s, to check the set-up

The gateway runs the overhead benchmark's "full" configuration (a tier, privacy scan,
ledger on) against its fake upstream (bench/overhead/fake_upstream.py), loaded by wrk with
64 connections, non-streaming. Nothing is pinned: the workers, the fake upstream and wrk
share the machine's cores, as a gateway and its neighbours would. Results: a markdown table
on stdout and `bench/results/workers-<date>.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "overhead"))
import run as overhead  # noqa: E402  (the overhead benchmark's helpers: wrk, targets, start)

CONNECTIONS = 64


def _all_ready(url: str, count: int, proc: subprocess.Popen[bytes], deadline_s: float) -> bool:
    """Every worker listening (the supervisor's table in /healthz), not just the first."""
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                health = json.loads(answer.read())
            table = health.get("workers") or [{"ready": True}]
            if count == 1 or (len(table) == count and all(w["ready"] for w in table)):
                return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def measure(
    wrk_bin: str, config: Path, workers: int, seconds: float, workdir: Path
) -> dict[str, float]:
    port = overhead.free_port()
    name = f"hybridgate {workers} workers"
    cmd = [
        str(overhead.ROOT / ".venv" / "bin" / "hybridgate"),
        *("serve", "--config", str(config), "--port", str(port), "--workers", str(workers)),
        *("--log-level", "warning"),
    ]
    target = overhead.Target(name, cmd, port, "/healthz", "routing", "paced")
    proc, _ = overhead.start(target, workdir)
    try:
        if not _all_ready(f"http://127.0.0.1:{port}/healthz", workers, proc, 120):
            raise RuntimeError(f"{name} did not start: see {workdir}")
        overhead.wrk(wrk_bin, target, False, CONNECTIONS, 1, workdir)  # warm every worker
        result = overhead.wrk(wrk_bin, target, False, CONNECTIONS, seconds, workdir)
    finally:
        overhead.stop(proc)
    overhead.log(f"{workers} workers: {result['rps']:.0f} req/s, {result['errors']:.0f} errors")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--max-workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    rounds, seconds = (1, 2.0) if args.quick else (5, 4.0)
    counts = list(range(1, max(1, args.max_workers) + 1))
    wrk_bin = overhead.ensure_wrk()
    fake_port = overhead.free_port()
    with tempfile.TemporaryDirectory(prefix="hg-workers-bench-") as tmp:
        workdir = Path(tmp)
        fake = subprocess.Popen(
            [overhead.PYTHON, str(overhead.HERE / "fake_upstream.py"), "--port", str(fake_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if overhead.wait_ready(f"http://127.0.0.1:{fake_port}/healthz", 30, fake) is None:
                sys.exit("the fake upstream did not start")
            config = overhead.hybridgate_config(
                "workers", "full", f"http://127.0.0.1:{fake_port}", workdir
            )
            runs: dict[int, list[float]] = {n: [] for n in counts}
            for r in range(rounds):
                overhead.log(f"round {r + 1} of {rounds}")
                for n in counts:
                    runs[n].append(measure(wrk_bin, config, n, seconds, workdir)["rps"])
        finally:
            fake.terminate()
            fake.wait(10)
    # Each round's ratio to that round's 1-worker figure, then the median of those: a
    # neighbour's load that comes and goes moves whole rounds, not one count against another.
    ratios = {n: [a / b for a, b in zip(runs[n], runs[1], strict=True)] for n in counts}
    rows = [
        {
            "workers": n,
            "rps": statistics.median(runs[n]),
            "ratio": statistics.median(ratios[n]),
            "ratios": [round(r, 2) for r in ratios[n]],
        }
        for n in counts
    ]
    print(f"\n`serve --workers N`, {os.cpu_count()} cores, c={CONNECTIONS}, {rounds} rounds:\n")
    print("| workers | req/s (median) | vs 1 worker (median of rounds) | each round |")
    print("|---:|---:|---:|---|")
    for n in counts:
        each = ", ".join(f"{r:.2f}" for r in ratios[n])
        print(
            f"| {n} | {statistics.median(runs[n]):.0f} | {statistics.median(ratios[n]):.2f}× "
            f"| {each} |"
        )
    results = overhead.ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    (results / f"workers-{stamp}.json").write_text(
        json.dumps(
            {
                "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
                "connections": CONNECTIONS,
                "seconds": seconds,
                "runs": {str(n): runs[n] for n in counts},
                "rows": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
