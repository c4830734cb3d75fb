"""`/healthz` latency while one client sends 1 MB prompts, each never seen before.

`hybridgate serve` runs with routing, the privacy scan (`policy.privacy: redact`) and the
ledger on (bench/overhead/configs/hybridgate-full.yaml) in front of the overhead benchmark's
fake upstream. One client sends 1 MB prompts back to back (every one new, so every one is
scanned and counted in full); a prober asks `/healthz` every 10 ms on its own connection.
The target is a p99 under 50 ms: the scan and the token count of a big prompt run in worker
threads, and the event loop keeps answering.

    .venv/bin/python bench/healthz_under_load.py [--seconds 30] [--prompt-kb 1024]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "overhead"))
import prompt_sizes  # noqa: E402  (bench/overhead/prompt_sizes.py)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
HYBRIDGATE = str(ROOT / ".venv" / "bin" / "hybridgate")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{url} did not come up")


def _bodies(size: int, count: int) -> list[bytes]:
    """Made before the run: the client must not compete with the gateway for the CPU."""
    return [
        json.dumps(
            {"model": "routing", "messages": [{"role": "user", "content": text}], "max_tokens": 8}
        ).encode()
        for text in prompt_sizes.never_seen(size, count, 10_000 + size)
    ]


def _sender(port: int, bodies: list[bytes], stop: threading.Event, sent: list[float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for body in bodies:
        if stop.is_set():
            break
        started = time.perf_counter()
        connection.request(
            "POST", "/v1/chat/completions", body, {"content-type": "application/json"}
        )
        answer = connection.getresponse()
        answer.read()
        if answer.status != 200:
            raise SystemExit(f"a 1 MB prompt got HTTP {answer.status}")
        sent.append((time.perf_counter() - started) * 1000)


def _prober(port: int, stop: threading.Event, samples: list[float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        started = time.perf_counter()
        connection.request("GET", "/healthz")
        answer = connection.getresponse()
        answer.read()
        samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--prompt-kb", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hybridgate-healthz-") as tmp:
        fake_port, port = _free_port(), _free_port()
        config = Path(tmp) / "config.yaml"
        text = (HERE / "overhead" / "configs" / "hybridgate-full.yaml").read_text()
        text = text.replace("http://127.0.0.1:9100", f"http://127.0.0.1:{fake_port}")
        config.write_text(text.replace("storage: ledger.db", f"storage: {tmp}/ledger.db"))
        procs = [
            subprocess.Popen(
                [PYTHON, str(HERE / "overhead" / "fake_upstream.py"), "--port", str(fake_port)],
                start_new_session=True,
            ),
            subprocess.Popen(
                [HYBRIDGATE, "serve", "--config", str(config), "--port", str(port)],
                cwd=tmp,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        ]
        # Never more than one use each: about 3 a second at most.
        bodies = _bodies(args.prompt_kb * 1024, int(args.seconds * 3) + 5)
        try:
            _wait(f"http://127.0.0.1:{fake_port}/healthz")
            _wait(f"http://127.0.0.1:{port}/healthz")
            idle: list[float] = []
            quiet = threading.Event()
            probe = threading.Thread(target=_prober, args=(port, quiet, idle))
            probe.start()
            time.sleep(3)
            quiet.set()
            probe.join()
            stop = threading.Event()
            samples: list[float] = []
            sent: list[float] = []
            threads = [
                threading.Thread(target=_sender, args=(port, bodies, stop, sent)),
                threading.Thread(target=_prober, args=(port, stop, samples)),
            ]
            for thread in threads:
                thread.start()
            time.sleep(args.seconds)
            stop.set()
            for thread in threads:
                thread.join()
        finally:
            for proc in procs:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(10)
    print(
        json.dumps(
            {
                "prompt_kb": args.prompt_kb,
                "seconds": args.seconds,
                "idle_healthz": _stats(idle),
                "healthz_under_load": _stats(samples),
                "prompts_answered": len(sent),
                "prompt_latency": _stats(sent),
            },
            indent=2,
        )
    )
    return 0


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
        "max_ms": round(ordered[-1], 2),
    }


if __name__ == "__main__":
    sys.exit(main())
