"""Gateway overhead benchmark: hybridgate against LiteLLM, Portkey and a bare pass-through.

One command, one run, one machine:

    .venv/bin/python bench/overhead/run.py            # 3 rounds, round-robin (~12 minutes)
    .venv/bin/python bench/overhead/run.py --quick    # 1 short round, to check the set-up

Targets, each started fresh every round: the fake upstream called directly (the floor), the
bare aiohttp pass-through (the limit of one Python process), hybridgate "full" (routing via
`auto` and tiers, privacy scan, ledger), hybridgate "lean" (the most direct path its config
allows), hybridgate "cached" (full, answering from its response cache: every request after
the first is a hit), LiteLLM's proxy and Portkey's gateway. The server under test runs on CPU 1
(`taskset -c 1`); the fake upstream, wrk and the TTFT client run on CPU 0.

Peers are installed on first use under bench/.peers/ (never project dependencies); a peer
whose installation fails is skipped with a note. Results: a markdown table on stdout and
`bench/results/overhead-<date>.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import prompt_sizes  # noqa: E402  (beside this script)

#: Targets measured by prompt size too (the others would only repeat what the table shows).
SIZED = ("direct (fake upstream)", "bare pass-through", "hybridgate full")
ROOT = HERE.parents[1]
PEERS = ROOT / "bench" / ".peers"
RESULTS = ROOT / "bench" / "results"
VENV_PY = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PY if VENV_PY.exists() else Path(sys.executable))
LITELLM_BAD = {"1.82.7", "1.82.8"}  # compromised releases: never installed, never run
PORTKEY_OVERRIDE = {"@hono/node-server": "1.13.8"}  # streaming breaks on Node 20 without it
GATEWAY_CPU, LOAD_CPU = "1", "0"
LITELLM_KEY = "sk-bench-6f1c2a9e4b7d40a8b3e5c1d2f7a9b0c4"
PROMPT = "Say hello to the benchmark in one short sentence."


@dataclass
class Durations:
    c1_s: float
    c32_s: float
    warm_s: float
    ttft_c1_n: int
    ttft_c32_s: float
    rounds: int
    c1_min_samples: int = 0  # c=1 runs longer (up to 60 s) until it has this many samples


FULL = Durations(
    c1_s=5, c32_s=4, warm_s=1, ttft_c1_n=40, ttft_c32_s=4, rounds=3, c1_min_samples=300
)
QUICK = Durations(c1_s=2, c32_s=2, warm_s=1, ttft_c1_n=8, ttft_c32_s=1.5, rounds=1)


@dataclass
class Target:
    name: str
    cmd: list[str] | None  # None: nothing to start (the fake itself)
    port: int
    health: str
    fast_model: str
    paced_model: str
    headers: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    ttft: bool = True  # False: no paced model to measure time to first token with

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/chat/completions"


# --------------------------------------------------------------------------- set-up


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk is missing: apt-get install -y wrk")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed (Debian/Ubuntu: apt-get install wrk)")
    return found


def ensure_litellm() -> tuple[Path | None, str]:
    venv = PEERS / "litellm"
    exe = venv / "bin" / "litellm"
    if not exe.exists():
        log("installing LiteLLM's proxy into bench/.peers/litellm (a few minutes, once)")
        try:
            subprocess.run(["python3.11", "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [str(venv / "bin" / "pip"), "install", "-q", "litellm[proxy]!=1.82.7,!=1.82.8"],
                check=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            return None, f"LiteLLM skipped: install failed ({exc})"
    version = _pip_version(venv, "litellm")
    if version in LITELLM_BAD:
        return None, f"LiteLLM skipped: {version} is a compromised release; reinstall another"
    return exe, version


def _pip_version(venv: Path, package: str) -> str:
    out = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            f"import importlib.metadata as m; print(m.version({package!r}))",
        ],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "?"


def ensure_portkey() -> tuple[Path | None, str]:
    folder = PEERS / "portkey"
    entry = folder / "node_modules" / "@portkey-ai" / "gateway" / "build" / "start-server.js"
    if not entry.exists():
        if not shutil.which("npm"):
            return None, "Portkey skipped: npm is not installed"
        log("installing @portkey-ai/gateway into bench/.peers/portkey (once)")
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {"name": "hybridgate-bench-portkey", "private": True, "dependencies": {}}
        manifest["overrides"] = PORTKEY_OVERRIDE
        (folder / "package.json").write_text(json.dumps(manifest, indent=2))
        done = subprocess.run(["npm", "install", "@portkey-ai/gateway"], cwd=folder, check=False)
        if done.returncode or not entry.exists():
            return None, "Portkey skipped: npm install @portkey-ai/gateway failed"
    pkg = json.loads((entry.parents[1] / "package.json").read_text())
    return entry, str(pkg.get("version", "?"))


def hybridgate_config(name: str, kind: str, fake_url: str, workdir: Path) -> Path:
    """The `kind` config in a folder of the variant's own: each keeps its own ledger."""
    text = (HERE / "configs" / f"hybridgate-{kind}.yaml").read_text()
    text = text.replace("http://127.0.0.1:9100", fake_url)
    folder = workdir / f"hybridgate-{name}"
    folder.mkdir(exist_ok=True)
    if (folder / "config.yaml").exists():
        return folder / "config.yaml"

    text = text.replace("storage: ledger.db", f"storage: {folder / 'ledger.db'}")
    path = folder / "config.yaml"
    path.write_text(text)
    return path


def build_targets(
    fake_port: int, workdir: Path, only: set[str] | None
) -> tuple[list[Target], dict[str, str], list[str]]:
    fake_url = f"http://127.0.0.1:{fake_port}"
    versions: dict[str, str] = {}
    notes: list[str] = []
    pin = ["taskset", "-c", GATEWAY_CPU]
    targets = [
        Target("direct (fake upstream)", None, fake_port, "/healthz", "fast", "paced"),
    ]
    port = free_port()
    targets.append(
        Target(
            "bare pass-through",
            [
                *pin,
                PYTHON,
                str(HERE / "passthrough.py"),
                "--port",
                str(port),
                "--upstream",
                fake_url,
            ],
            port,
            "/healthz",
            "fast",
            "paced",
        )
    )
    hybridgate = str(ROOT / ".venv" / "bin" / "hybridgate")
    variants = (
        ("full", "full", ("routing", "paced")),  # a tier: routing + privacy scan + ledger
        ("auto", "full", ("auto", "auto")),  # `auto`: the task classifier (ONNX) decides too
        ("lean", "lean", ("fast-upstream", "paced-upstream")),
        # "full" answering from its response cache: the hit path, no upstream call.
        ("cached", "cached", ("routing", "paced")),
    )
    for name, kind, models in variants:
        port = free_port()
        config = hybridgate_config(name, kind, fake_url, workdir)
        targets.append(
            Target(
                f"hybridgate {name}",
                [
                    *pin,
                    hybridgate,
                    "serve",
                    "--config",
                    str(config),
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                port,
                "/healthz",
                *models,
                cwd=config.parent,
                ttft=name != "auto",
            )
        )

    def wanted(name: str) -> bool:
        return only is None or any(o in name for o in only)

    exe, version = ensure_litellm() if wanted("litellm proxy") else (None, "")
    if exe is None:
        if version:
            notes.append(version)
    else:
        versions["litellm"] = version
        port = free_port()
        config = workdir / "litellm.yaml"
        config.write_text(
            (HERE / "configs" / "litellm.yaml")
            .read_text()
            .replace("http://127.0.0.1:9100", fake_url)
        )
        targets.append(
            Target(
                "LiteLLM proxy",
                [
                    *pin,
                    str(exe),
                    "--config",
                    str(config),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--num_workers",
                    "1",
                ],
                port,
                "/health/liveliness",
                "fast",
                "paced",
                headers={"authorization": f"Bearer {LITELLM_KEY}"},
                env={
                    "LITELLM_MASTER_KEY": LITELLM_KEY,  # required to start; no database behind it
                    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
                    "LITELLM_LOG": "ERROR",
                    "LITELLM_MODE": "PRODUCTION",
                },
                cwd=workdir,
            )
        )
    entry, version = ensure_portkey() if wanted("portkey gateway") else (None, "")
    if entry is None:
        if version:
            notes.append(version)
    else:
        versions["portkey-gateway"] = version
        port = free_port()
        targets.append(
            Target(
                "Portkey gateway",
                [*pin, "node", str(entry), "--headless", f"--port={port}"],
                port,
                "/",
                "fast",
                "paced",
                headers={
                    "x-portkey-provider": "openai",
                    "x-portkey-custom-host": f"{fake_url}/v1",
                    "authorization": "Bearer sk-bench",
                },
                env={"NODE_ENV": "production"},
                cwd=entry.parent,
            )
        )
    if only:
        targets = [t for t in targets if t.cmd is None or any(o in t.name.lower() for o in only)]
    return targets, versions, notes


# --------------------------------------------------------------------------- processes


def tree_pids(pid: int) -> list[int]:
    pids, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{parent}/task").iterdir():
                children = (task / "children").read_text().split()
                for child in map(int, children):
                    pids.append(child)
                    frontier.append(child)
    return pids


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) summed over the process tree, in MB."""
    rss = hwm = 0
    for p in tree_pids(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm += int(line.split()[1])
    return rss / 1024, hwm / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process tree so far."""
    ticks = 0
    for p in tree_pids(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_ready(url: str, deadline_s: float, proc: subprocess.Popen[bytes] | None) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < deadline_s:
        if proc is not None and proc.poll() is not None:
            return None
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=0.5) as answer:
            if answer.status == 200:
                return time.perf_counter() - start
        time.sleep(0.01)
    return None


def start(target: Target, logdir: Path) -> tuple[subprocess.Popen[bytes], float | None]:
    assert target.cmd is not None
    env = {**os.environ, **target.env}
    env.pop("DATABASE_URL", None)  # no database for any target
    out = open(logdir / f"{target.name.replace(' ', '_')}.log", "ab")  # noqa: SIM115
    spawned = time.perf_counter()
    proc = subprocess.Popen(
        target.cmd, cwd=target.cwd, env=env, stdout=out, stderr=out, start_new_session=True
    )
    ready = wait_ready(f"http://127.0.0.1:{target.port}{target.health}", 120, proc)
    return proc, (None if ready is None else time.perf_counter() - spawned)


def stop(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


# --------------------------------------------------------------------------- load


def body(model: str, stream: bool) -> bytes:
    payload: dict[str, Any] = {
        "model": model,
        "messages": [{"role": "user", "content": PROMPT}],
        "max_tokens": 64,
    }
    if stream:
        payload["stream"] = True
        payload["stream_options"] = {"include_usage": True}
    return json.dumps(payload).encode()


WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, '
    .. '"p99_us": %d, "mean_us": %f, "errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def wrk(
    wrk_bin: str, target: Target, stream: bool, conns: int, seconds: float, workdir: Path
) -> dict[str, float]:
    script = workdir / "wrk.lua"
    lines = [
        'wrk.method = "POST"',
        f"wrk.body = {json.dumps(body(target.fast_model, stream).decode())}",
        'wrk.headers["Content-Type"] = "application/json"',
    ]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in target.headers.items()]
    script.write_text("\n".join(lines) + WRK_DONE)
    cmd = [
        "taskset",
        "-c",
        LOAD_CPU,
        wrk_bin,
        "-t1",
        f"-c{conns}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        target.url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    for line in out.splitlines():
        if line.startswith("WRKJSON "):
            raw = json.loads(line[8:])
            return {
                "n": raw["requests"],
                "rps": raw["requests"] / (raw["duration_us"] / 1e6),
                "p50_ms": raw["p50_us"] / 1000,
                "p99_ms": raw["p99_us"] / 1000,
                "errors": raw["errors"] + raw["non2xx"],
            }
    raise RuntimeError(f"wrk gave no result for {target.name}: {out[-500:]}")


async def _ttft_one(session: Any, target: Target, payload: bytes) -> float:
    headers = {"content-type": "application/json", **target.headers}
    started = time.perf_counter()
    async with session.post(target.url, data=payload, headers=headers) as response:
        if response.status != 200:
            raise RuntimeError(f"{target.name}: HTTP {response.status}: {await response.text()}")
        first: float | None = None
        async for line in response.content:
            if first is None and line.startswith(b"data:"):
                first = time.perf_counter() - started
        if first is None:
            raise RuntimeError(f"{target.name}: stream without data")
        return first * 1000


async def _ttft(
    target: Target, conns: int, count: int | None, seconds: float | None
) -> list[float]:
    import aiohttp

    payload = body(target.paced_model, stream=True)
    samples: list[float] = []
    connector = aiohttp.TCPConnector(limit=conns)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(2):  # warm the connection
            await _ttft_one(session, target, payload)
        end = time.perf_counter() + (seconds or 1e9)

        async def worker() -> None:
            while time.perf_counter() < end and (count is None or len(samples) < count):
                samples.append(await _ttft_one(session, target, payload))

        await asyncio.gather(*(worker() for _ in range(conns)))
    return samples


def ttft(
    target: Target, conns: int, count: int | None = None, seconds: float | None = None
) -> dict[str, float]:
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    samples = asyncio.run(_ttft(target, conns, count, seconds))
    samples.sort()
    return {
        "n": len(samples),
        "p50_ms": statistics.median(samples),
        "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
    }


def check_answer(target: Target) -> str:
    request = urllib.request.Request(
        target.url,
        data=body(target.fast_model, stream=False),
        headers={"content-type": "application/json", **target.headers},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        data = json.loads(answer.read())
        cost = answer.headers.get("x-hybridgate-cost-usd")
    text = data["choices"][0]["message"]["content"]
    if "tok" not in text or not data.get("usage"):
        raise RuntimeError(f"{target.name}: unexpected answer {data}")
    return cost or ""


def measure(
    target: Target,
    wrk_bin: str,
    d: Durations,
    workdir: Path,
    logdir: Path,
    sizes: dict[int, int] | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    proc = None
    if target.cmd is not None:
        proc, ready = start(target, logdir)
        if ready is None:
            stop(proc)
            return {"error": f"not ready (see {logdir})"}
        result["ready_s"] = ready
        time.sleep(0.5)
        result["idle_rss_mb"] = memory_mb(proc.pid)[0]
    try:
        cost = check_answer(target)
        if cost:
            result["cost_header"] = cost
        wrk(wrk_bin, target, False, 8, d.warm_s, workdir)  # warm-up, discarded
        result["c1"] = wrk(wrk_bin, target, False, 1, d.c1_s, workdir)
        if result["c1"]["n"] < d.c1_min_samples:  # a slow target: long enough for 300 samples
            longer = min(60.0, d.c1_s * 1.2 * d.c1_min_samples / max(1, result["c1"]["n"]))
            result["c1"] = wrk(wrk_bin, target, False, 1, longer, workdir)
        for key, stream in (("c32", False), ("c32_stream", True)):
            # CPU per request: what a busy shared machine does not blur (req/s on a core of
            # its own would be 1 / this).
            before = cpu_seconds(proc.pid) if proc is not None else 0.0
            result[key] = wrk(wrk_bin, target, stream, 32, d.c32_s, workdir)
            if proc is not None and result[key]["n"]:
                spent = cpu_seconds(proc.pid) - before
                result[key]["cpu_us"] = spent / result[key]["n"] * 1e6
        if target.ttft:
            result["ttft_c1"] = ttft(target, 1, count=d.ttft_c1_n)
            result["ttft_c32"] = ttft(target, 32, seconds=d.ttft_c32_s)
        if sizes and target.name in SIZED:
            result["sizes"] = prompt_sizes.measure(
                target.url, target.fast_model, target.headers, sizes
            )
    except Exception as exc:  # a peer that fails is reported, not fatal
        result["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        if proc is not None:
            result["peak_rss_mb"] = memory_mb(proc.pid)[1]
            stop(proc)
    return result


# --------------------------------------------------------------------------- report


def _get(run: dict[str, Any], path: str) -> float | None:
    value: Any = run
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value)


def summarize(
    rounds: list[dict[str, dict[str, Any]]], names: list[str]
) -> dict[str, dict[str, Any]]:
    """Per target and metric: median and (min, max) over rounds. Added latency is computed
    against the direct call of the same round."""
    direct = names[0]
    metrics = {
        "ready_s": "ready_s",
        "idle_rss_mb": "idle_rss_mb",
        "peak_rss_mb": "peak_rss_mb",
        "c1_p50_ms": "c1.p50_ms",
        "c1_p99_ms": "c1.p99_ms",
        "c1_n": "c1.n",
        "c32_rps": "c32.rps",
        "c32_p99_ms": "c32.p99_ms",
        "c32_stream_rps": "c32_stream.rps",
        "c32_stream_p99_ms": "c32_stream.p99_ms",
        "c32_cpu_us": "c32.cpu_us",
        "c32_stream_cpu_us": "c32_stream.cpu_us",
        "ttft_c1_p50_ms": "ttft_c1.p50_ms",
        "ttft_c32_p50_ms": "ttft_c32.p50_ms",
        "ttft_c32_p99_ms": "ttft_c32.p99_ms",
        "errors": "c1.errors",
        "errors_c32": "c32.errors",
        "errors_stream": "c32_stream.errors",
    }
    added = {
        "added_c1_p50_ms": "c1.p50_ms",
        "added_c1_p99_ms": "c1.p99_ms",
        "added_ttft_c1_ms": "ttft_c1.p50_ms",
        "added_ttft_c32_ms": "ttft_c32.p50_ms",
        "added_ttft_c32_p99_ms": "ttft_c32.p99_ms",
    } | {
        f"added_{size}_{q}_ms": f"sizes.{size}.{q}_ms"
        for size in map(str, prompt_sizes.SIZES)
        for q in ("p50", "p99")
    }
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        stats: dict[str, Any] = {}
        series: dict[str, list[float]] = {}
        for run in rounds:
            mine = run.get(name, {})
            for key, path in metrics.items():
                v = _get(mine, path)
                if v is not None:
                    series.setdefault(key, []).append(v)
            for key, path in added.items():
                v, base = _get(mine, path), _get(run.get(direct, {}), path)
                if v is not None and base is not None:
                    series.setdefault(key, []).append(v - base)
        for key, values in series.items():
            stats[key] = {
                "median": statistics.median(values),
                "min": min(values),
                "max": max(values),
            }
        total = sum(sum(series.get(k, [])) for k in ("errors", "errors_c32", "errors_stream"))
        stats["failed_requests"] = {"median": total, "min": total, "max": total}
        stats["errors_seen"] = [
            run[name]["error"] for run in rounds if "error" in run.get(name, {})
        ]
        out[name] = stats
    return out


def fmt(stat: dict[str, float] | None, digits: int = 1, spread: bool = True) -> str:
    if stat is None:
        return "–"
    med = f"{stat['median']:.{digits}f}"
    if not spread or stat["min"] == stat["max"]:
        return med
    return f"{med} ({stat['min']:.{digits}f}–{stat['max']:.{digits}f})"


def table(summary: dict[str, dict[str, Any]]) -> str:
    rows = [
        ("ready (s)", "ready_s", 2),
        ("idle RSS (MB)", "idle_rss_mb", 0),
        ("peak RSS (MB)", "peak_rss_mb", 0),
        ("added p50, c=1 (ms)", "added_c1_p50_ms", 2),
        ("added p99, c=1 (ms)", "added_c1_p99_ms", 2),
        ("req/s, c=32", "c32_rps", 0),
        ("p99, c=32 (ms)", "c32_p99_ms", 1),
        ("req/s streaming, c=32", "c32_stream_rps", 0),
        ("p99 streaming, c=32 (ms)", "c32_stream_p99_ms", 1),
        ("CPU per request, c=32 (µs)", "c32_cpu_us", 0),
        ("CPU per request streaming, c=32 (µs)", "c32_stream_cpu_us", 0),
        ("added TTFT p50, c=1 (ms)", "added_ttft_c1_ms", 2),
        ("added TTFT p50, c=32 (ms)", "added_ttft_c32_ms", 2),
        ("added TTFT p99, c=32 (ms)", "added_ttft_c32_p99_ms", 2),
        *(
            (f"added {q}, {size // 1024} KB new prompt, c=1 (ms)", f"added_{size}_{q}_ms", 2)
            for size in prompt_sizes.SIZES
            for q in ("p50", "p99")
        ),
        ("samples at c=1", "c1_n", 0),
        ("failed requests (all rounds)", "failed_requests", 0),
    ]
    names = list(summary)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, key, digits in rows:
        cells = [fmt(summary[n].get(key), digits) for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ratios(summary: dict[str, dict[str, Any]]) -> list[str]:
    def rps(name: str, key: str = "c32_rps") -> float | None:
        stat = summary.get(name, {}).get(key)
        return stat["median"] if stat else None

    full = rps("hybridgate full")
    lines = []
    if full:
        for peer, goal in (
            ("LiteLLM proxy", 10),
            ("Portkey gateway", 2),
            ("bare pass-through", 1.0),
        ):
            for key, label in (("c32_rps", "non-streaming"), ("c32_stream_rps", "streaming")):
                mine, theirs = rps("hybridgate full", key), rps(peer, key)
                if mine and theirs:
                    verdict = "meets" if mine / theirs >= goal else "misses"
                    lines.append(
                        f"- hybridgate full / {peer}, {label}: {mine / theirs:.2f}× (target ≥{goal}×: {verdict})"
                    )
    for key, label in (("c32_cpu_us", "non-streaming"), ("c32_stream_cpu_us", "streaming")):
        mine, theirs = rps("hybridgate full", key), rps("bare pass-through", key)
        if mine and theirs:
            lines.append(
                f"- CPU per request, hybridgate full / bare pass-through, {label}: "
                f"{mine / theirs:.2f}× (≤1.0× is as cheap or cheaper)"
            )
    return lines


def machine() -> dict[str, Any]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    wrk_out = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    wrk_version = wrk_out.split("\n")[0].split(" Copyright")[0]
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "node": node,
        "wrk": wrk_version.strip(),
        "hybridgate": version("hybridgate"),
        "aiohttp": version("aiohttp"),
        "httptools": version("httptools"),
    }


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description="gateway overhead benchmark")
    parser.add_argument("--quick", action="store_true", help="one short round (checks the set-up)")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--only", default="", help="comma-separated target name parts")
    parser.add_argument(
        "--no-sizes", action="store_true", help="skip latency by prompt size (2/32/256 KB)"
    )
    args = parser.parse_args()
    d = QUICK if args.quick else FULL
    rounds_n = args.rounds or d.rounds
    if (os.cpu_count() or 1) < 2:
        sys.exit("needs 2 CPUs: the gateway on CPU 1, the load on CPU 0")
    os.sched_setaffinity(0, {int(LOAD_CPU)})  # this process is the TTFT client
    wrk_bin = ensure_wrk()
    only = {o.strip().lower() for o in args.only.split(",") if o.strip()} or None
    sizes = (
        None if args.no_sizes else (prompt_sizes.QUICK_SIZES if args.quick else prompt_sizes.SIZES)
    )

    with tempfile.TemporaryDirectory(prefix="hybridgate-bench-") as tmp:
        workdir = Path(tmp)
        logdir = workdir / "logs"
        logdir.mkdir()
        fake_port = free_port()
        fake = subprocess.Popen(
            [
                "taskset",
                "-c",
                LOAD_CPU,
                PYTHON,
                str(HERE / "fake_upstream.py"),
                "--port",
                str(fake_port),
            ],
            start_new_session=True,
        )
        try:
            if wait_ready(f"http://127.0.0.1:{fake_port}/healthz", 10, fake) is None:
                sys.exit("the fake upstream did not start")
            targets, versions, notes = build_targets(fake_port, workdir, only)
            for note in notes:
                log(note)
            names = [t.name for t in targets]
            rounds: list[dict[str, dict[str, Any]]] = []
            loads: list[tuple[float, float, float]] = [os.getloadavg()]
            started = datetime.now(UTC)
            for r in range(rounds_n):
                results: dict[str, dict[str, Any]] = {}
                for target in targets:
                    log(f"round {r + 1}/{rounds_n}: {target.name}")
                    results[target.name] = measure(target, wrk_bin, d, workdir, logdir, sizes)
                    if "error" in results[target.name]:
                        log(f"  {target.name}: {results[target.name]['error']}")
                rounds.append(results)
                loads.append(os.getloadavg())
            summary = summarize(rounds, names)
            for target in targets:
                for line in (logdir / f"{target.name.replace(' ', '_')}.log",):
                    if line.exists() and summary[target.name]["errors_seen"]:
                        log(f"{target.name} log tail:\n{line.read_text()[-1500:]}")
        finally:
            stop(fake)

    info = machine() | versions
    report = {
        "date": started.isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "rounds": rounds_n,
        "durations": d.__dict__,
        "machine": info,
        "loadavg_1_5_15": loads,
        "notes": notes,
        "summary": summary,
        "raw": rounds,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"overhead-{started.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))

    print(f"## Gateway overhead — {started:%Y-%m-%d}, {info['cpu']}, {info['cpus']} CPUs")
    print()
    print(
        f"hybridgate {info['hybridgate']}, LiteLLM {versions.get('litellm', '–')}, "
        f"Portkey gateway {versions.get('portkey-gateway', '–')}, Python {info['python']}, "
        f"Node {info['node']}, {info['wrk']}. {rounds_n} round(s), median (min–max); "
        f"load average during the run {min(l[0] for l in loads):.1f}–{max(l[0] for l in loads):.1f}."  # noqa: E741
    )
    print()
    print(table(summary))
    print()
    for line in ratios(summary):
        print(line)
    for note in notes:
        print(f"- {note}")
    print(f"\nraw results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
