"""What the zero-config default costs and delivers: generation speed of the embedded model,
first answer after start, and memory of the gateway and of its model worker.

    python bench/embedded_model.py [--runs 3] [--build NAME=DIR ...] [--json FILE]

- **tokens/s**: a 200-token greedy, seeded answer streamed from the model worker, counted from
  its first token (decode speed), median of `--runs`. `--build NAME=DIR` measures other builds
  of llama-cpp-python side by side, in the same run: DIR is an unpacked wheel (e.g. a native
  build: `CMAKE_ARGS=-DGGML_NATIVE=ON pip wheel --no-deps llama-cpp-python==X`, then unzip)
  that goes first on the worker's PYTHONPATH. The installed build is `installed`.
- **first answer after start**: from launching `hybridgate serve` (zero config, empty
  directory) to the first chat answer, through the gateway.
- **RSS**: the gateway process alone, its model workers (chat and embeddings), all together;
  and a gateway configured with no model at all.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
PROMPT = "Count from 1 to 300, separated by commas."
TOKENS = 200


def _post(port: int, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("POST", path, json.dumps(body), {"content-type": "application/json", **headers})
    return conn.getresponse()


def _stream_rate(port: int, headers: dict[str, str], path: str) -> float:
    """Tokens per second after the first token of a TOKENS-long greedy answer."""
    body = {
        "model": "local-chat",
        "messages": [{"role": "user", "content": PROMPT}],
        "max_tokens": TOKENS,
        "temperature": 0,
        "seed": 1,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    response = _post(port, path, body, headers)
    first = last = 0.0
    completion = 0
    for line in response:
        if not line.startswith(b"data: {"):
            continue
        chunk = json.loads(line[6:])
        if chunk.get("choices") and chunk["choices"][0]["delta"].get("content"):
            last = time.perf_counter()
            first = first or last
        if chunk.get("usage"):
            completion = chunk["usage"]["completion_tokens"]
    return (completion - 1) / (last - first)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def measure_build(name: str, path: str | None, runs: int) -> dict[str, Any]:
    """Starts a model worker on one build and measures its decode speed directly."""
    env = dict(os.environ, HYBRIDGATE_WORKER_TOKEN="bench", PYTHONUNBUFFERED="1")
    if path:
        env["PYTHONPATH"] = path + os.pathsep + env.get("PYTHONPATH", "")
    from hybridgate.config.schema import Deployment
    from hybridgate.providers.local_llama import resolve_model_path

    model = resolve_model_path(Deployment(name="m", provider="llama_cpp", model="m"))
    worker = subprocess.Popen(
        [sys.executable, "-m", "hybridgate.providers.model_worker", "--model", str(model)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert worker.stdout is not None
        port = 0
        for raw in worker.stdout:
            event = json.loads(raw)
            if event["event"] == "listening":
                port = event["port"]
            if event["event"] == "ready":
                break
        maps = Path(f"/proc/{worker.pid}/maps").read_text().split()
        library = next(p for p in maps if "libggml-cpu" in p)  # which build really runs
        rates = [
            _stream_rate(port, {"authorization": "Bearer bench"}, "/v1/chat/completions")
            for _ in range(runs)
        ]
    finally:
        worker.kill()
        worker.wait()
    return {
        "build": name,
        "library": library,
        "tokens_per_s": statistics.median(rates),
        "runs": rates,
    }


def measure_modelless_gateway() -> float:
    """RSS of a gateway with one remote deployment and no model at all, once ready."""
    with tempfile.TemporaryDirectory() as workdir:
        config = Path(workdir) / "remote.yaml"
        config.write_text(
            "deployments:\n"
            "  - {name: api, provider: openai_compatible, model: m, base_url: 'http://127.0.0.1:9/v1'}\n"
            "tiers: {routing: [api]}\n"
        )
        port = 19000 + os.getpid() % 1000
        gateway = subprocess.Popen(
            [HYBRIDGATE, "serve", "--port", str(port), "--config", str(config)],
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status in (200, 503):  # up (its upstream is not)
                        break
                except OSError:
                    time.sleep(0.02)
            time.sleep(1)
            return _rss_mb(gateway.pid)
        finally:
            gateway.terminate()
            gateway.wait(60)


def measure_gateway(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as workdir:
        port = 18000 + os.getpid() % 1000
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env.pop("HYBRIDGATE_CONFIG", None)
        started = time.perf_counter()
        gateway = subprocess.Popen(
            [HYBRIDGATE, "serve", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            body = {
                "model": "auto",
                "messages": [{"role": "user", "content": "Say hi."}],
                "max_tokens": 8,
            }
            while True:
                try:
                    if _post(port, "/v1/chat/completions", body, {}).status == 200:
                        break
                except OSError:
                    pass
                if time.perf_counter() - started > 300:
                    raise RuntimeError("no answer within 300 s of start")
                time.sleep(0.02)
            first_answer_s = time.perf_counter() - started
            rates = [_stream_rate(port, {}, "/v1/chat/completions") for _ in range(runs)]
            workers = _children(gateway.pid)
            gateway_mb = _rss_mb(gateway.pid)
            worker_mb = sum(_rss_mb(pid) for pid in workers)
        finally:
            gateway.terminate()
            gateway.wait(60)
    return {
        "first_answer_after_start_s": first_answer_s,
        "tokens_per_s_through_gateway": statistics.median(rates),
        "gateway_rss_mb": gateway_mb,
        "worker_rss_mb": worker_mb,
        "total_rss_mb": gateway_mb + worker_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="append", default=[], metavar="NAME=DIR")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    builds = [measure_build("installed", None, args.runs)]
    for spec in args.build:
        name, _, path = spec.partition("=")
        builds.append(measure_build(name, path, args.runs))
    gateway = measure_gateway(args.runs)
    gateway["modelless_gateway_rss_mb"] = measure_modelless_gateway()
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "?")
    result = {"cpu": cpu, "cores": os.cpu_count(), "builds": builds, "gateway": gateway}
    for b in builds:
        ratio = b["tokens_per_s"] / builds[0]["tokens_per_s"]
        print(
            f"{b['build']:>10}: {b['tokens_per_s']:6.1f} tokens/s ({ratio:.2f}x installed)"
            f"  {b['library']}"
        )
    print(f"first answer after start: {gateway['first_answer_after_start_s']:.2f} s")
    print(f"through the gateway: {gateway['tokens_per_s_through_gateway']:.1f} tokens/s")
    print(
        f"RSS: gateway {gateway['gateway_rss_mb']:.0f} MB, worker {gateway['worker_rss_mb']:.0f}"
        f" MB, total {gateway['total_rss_mb']:.0f} MB; with no model configured"
        f" {gateway['modelless_gateway_rss_mb']:.0f} MB  ({cpu}, {os.cpu_count()} cores)"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
