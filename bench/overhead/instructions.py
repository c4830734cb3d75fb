"""Instructions per request of `hybridgate serve` (the `full` config), counted by Valgrind's
callgrind: the one cost figure a shared, noisy machine does not scatter by ±10%, so a change of
a few percent in the request path shows. Compare two trees by running it twice, once with
`PYTHONPATH=<other tree>/src`.

    .venv/bin/python bench/overhead/instructions.py             # non-streaming
    .venv/bin/python bench/overhead/instructions.py --stream
    .venv/bin/python bench/overhead/instructions.py --passthrough   # the bare aiohttp proxy

Needs `valgrind` and `wrk` (apt-get install valgrind wrk). Start-up runs uninstrumented (about
half a minute under Valgrind); instrumentation is switched on for the timed wrk run only. Fixed
per-second work (the ledger's batches, timers) is spread over fewer requests at Valgrind's pace
(~100 req/s), so compare runs of similar request counts.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # beside this script: its config, request bodies, wrk script and start-up helpers

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--passthrough", action="store_true", help="count the bare pass-through instead"
    )
    parser.add_argument(
        "--keep", type=Path, help="copy callgrind's output here (for callgrind_annotate)"
    )
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control", "wrk"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed (apt-get install valgrind wrk)")
    with tempfile.TemporaryDirectory(prefix="hybridgate-instructions-") as tmp:
        workdir = Path(tmp)
        fake_port, port = run.free_port(), run.free_port()
        pin_load = ["taskset", "-c", run.LOAD_CPU]
        fake = subprocess.Popen(
            [*pin_load, run.PYTHON, str(run.HERE / "fake_upstream.py"), "--port", str(fake_port)]
        )
        config = run.hybridgate_config("full", "full", f"http://127.0.0.1:{fake_port}", workdir)
        out = workdir / "callgrind.out"
        if args.passthrough:
            server = [str(run.HERE / "passthrough.py"), "--port", str(port)]
            server += ["--upstream", f"http://127.0.0.1:{fake_port}"]
            target = run.Target("bare pass-through", None, port, "/healthz", "fast", "paced")
        else:
            server = ["-m", "hybridgate.cli.main", "serve", "--workers", "1"]
            server += ["--config", str(config), "--port", str(port), "--log-level", "warning"]
            target = run.Target("hybridgate full", None, port, "/healthz", "routing", "paced")
        gateway = subprocess.Popen(
            [
                *("taskset", "-c", run.GATEWAY_CPU, "valgrind", "--tool=callgrind"),
                *("--instr-atstart=no", f"--callgrind-out-file={out}"),
                *(run.PYTHON, *server),
            ],
            cwd=config.parent,
            stderr=subprocess.DEVNULL,
        )
        try:
            if run.wait_ready(f"http://127.0.0.1:{port}/healthz", 300, gateway) is None:
                sys.exit("the gateway did not start under valgrind")
            run.wrk("wrk", target, args.stream, 8, 3, workdir)  # warm-up, uncounted
            toggle = ["callgrind_control", "-i"]
            subprocess.run([*toggle, "on", str(gateway.pid)], check=True, capture_output=True)
            measured = run.wrk("wrk", target, args.stream, 32, args.seconds, workdir)
            subprocess.run([*toggle, "off", str(gateway.pid)], check=True, capture_output=True)
        finally:
            gateway.terminate()
            gateway.wait(timeout=120)
            fake.terminate()
            fake.wait()
        time.sleep(0.5)
        totals = [p for p in workdir.glob("callgrind.out*") if p.stat().st_size]
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            for part in totals:
                shutil.copy(part, args.keep / part.name)
        annotated = subprocess.run(
            ["callgrind_annotate", *map(str, totals)], capture_output=True, text=True, check=True
        ).stdout
        found = re.search(r"([\d,]+) \S*\s*PROGRAM TOTALS", annotated)
        if found is None:
            sys.exit("callgrind wrote no totals")
        instructions = int(found.group(1).replace(",", ""))
    requests = int(measured["n"])
    kind = "streaming" if args.stream else "non-streaming"
    if args.passthrough:
        kind = f"pass-through, {kind}"
    print(f"{kind}: {requests} requests, {instructions / requests:,.0f} instructions a request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
