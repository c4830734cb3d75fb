"""Soak test: the real gateway under minutes of mixed, hostile load on loopback.

    .venv/bin/python bench/soak.py [--minutes 10] [--clients 12] [--json FILE]

`hybridgate serve` runs as a subprocess against three fake OpenAI-compatible upstreams
(tests/fakes) served from this process: `steady`, `flaky` (5xx, 429 with retry-after, answers
slower than its first-byte timeout, connection resets) and `slow` (long streams). Two virtual
keys: `main` (a budget it never reaches) and `budget` (a small total budget, spent about
halfway through). Concurrent client tasks send, at random: chats and streams (official `openai`
SDK, through a tier with failover, to `flaky` directly, and to `auto`), embeddings, 40 KB
prompts, streams the client hangs up on (FIN or RST) or reads slowly, bodies over
`max_body_bytes` (413), bodies and headers trickled past their timeouts (408), and garbage
(400). Every request carries its own `x-request-id`. The clients are in soak_load.py.

Measured: GET /healthz every 100 ms from a separate process (so the load generator's own
event loop does not pollute the figure), the gateway's RSS every 10 s, and after a SIGTERM the
ledger: every answered request (200, streams read to `[DONE]`) has its row (lost), no row is on
another key (misplaced), and the budget key spent at most its budget plus one request.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import itertools
import json
import multiprocessing
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any, SupportsIndex

import openai
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the fakes live in tests/
    sys.path.insert(0, str(ROOT))

from bench.soak_load import ANSWERED, MAX_BODY, RAW, SDK, Sent, Target, client  # noqa: E402
from tests.fakes import openai as fake  # noqa: E402
from tests.fakes.background import FakeUpstream, free_port  # noqa: E402

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
TEXT = "The soak answer is short and steady, about a dozen words long."
LONG = " ".join(f"word{i}" for i in range(60))
#: Price of every deployment, USD per million tokens: a fake answer costs about $0.002.
PRICE = {"input_per_mtok": 100, "output_per_mtok": 200}


class _Draws(list[fake.Reply]):
    """A fake's reply queue that never runs out: each pop is a seeded, weighted draw."""

    def __init__(self, weighted: list[tuple[float, fake.Reply]], seed: int) -> None:
        super().__init__(reply for _, reply in weighted)
        self._weights = [weight for weight, _ in weighted]
        self._random = random.Random(seed)

    def pop(self, index: SupportsIndex = -1) -> fake.Reply:
        return self._random.choices(self, self._weights)[0]


def _fake(weighted: list[tuple[float, fake.Reply]], seed: int) -> FakeUpstream:
    app = fake.make_app()
    app[fake.REPLIES] = _Draws(weighted, seed)
    return FakeUpstream(app)


def start_fakes(seed: int) -> dict[str, FakeUpstream]:
    ok = fake.Answer(text=TEXT, chunk_delay_s=0.005)
    return {
        "steady": _fake([(8, ok), (1, fake.Answer(text=TEXT, reports_usage=False))], seed),
        "flaky": _fake(
            [
                (10, ok),
                (1, fake.Failure(500)),
                (1, fake.Failure(503)),
                (1, fake.Failure(429, error_type="rate_limit_error", retry_after="1")),
                (1, fake.Answer(text=TEXT, delay_s=3.0)),  # past its 2 s first-byte timeout
                (1, fake.Answer(text=TEXT, delay_s=0.5)),
                (1, fake.Answer(text=LONG, reset_after=20)),
            ],
            seed + 1,
        ),
        "slow": _fake([(1, fake.Answer(text=LONG, chunk_delay_s=0.02))], seed + 2),
    }


def write_config(workdir: Path, urls: dict[str, str]) -> Path:
    def deployment(name: str, first_byte_s: float = 60) -> dict[str, Any]:
        return {
            "name": name,
            "provider": "openai_compatible",
            "model": f"soak-{name}",
            "base_url": f"{urls[name]}/v1",
            "api_key": fake.API_KEY,
            "location": "cloud",
            "region": "eu",
            "price": PRICE,
            "timeouts": {"first_byte_s": first_byte_s},
        }

    config = {
        "storage": str(workdir / "ledger.db"),
        "deployments": [deployment("steady"), deployment("flaky", 2), deployment("slow")],
        "tiers": {"routing": ["flaky", "steady"], "reasoning": ["slow"], "embeddings": ["steady"]},
        "server": {
            "max_body_bytes": MAX_BODY,
            "body_timeout_s": 2,
            "header_timeout_s": 2,
            "shutdown_timeout_s": 10,
        },
        "reliability": {"breaker": {"cooldown_s": 5}},
    }
    path = workdir / "hybridgate.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def create_key(config: Path, name: str, budget_usd: Decimal) -> tuple[str, str]:
    """(id, secret) of a new key with a total budget."""
    argv = ["keys", "create", "--config", str(config), "--json", "--name", name]
    argv += ["--budget-usd", str(budget_usd), "--budget-period", "total"]
    out = subprocess.run([HYBRIDGATE, *argv], capture_output=True, text=True, check=True)
    created = json.loads(out.stdout)
    return str(created["id"]), str(created["key"])


# --------------------------------------------------------------------------- measurements


def poll_healthz(port: int, stop: Event, out: Connection) -> None:
    """GET /healthz every 100 ms on a fresh connection, as a load balancer probes."""
    samples: list[tuple[float, int]] = []
    while not stop.is_set():
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            status = response.status
            conn.close()
        except OSError:
            status = 0
        elapsed = time.perf_counter() - started
        samples.append((elapsed * 1000, status))
        stop.wait(max(0.0, 0.1 - elapsed))
    out.send(samples)


@contextlib.contextmanager
def healthz_poller(port: int) -> Iterator[list[tuple[float, int]]]:
    """Polls from another process: the load generator's busy event loop would add its own
    delays to the figure. The samples (ms, status) are there once the block ends."""
    spawn = multiprocessing.get_context("spawn")
    stop, (receive, send) = spawn.Event(), spawn.Pipe(duplex=False)
    process = spawn.Process(target=poll_healthz, args=(port, stop, send), daemon=True)
    process.start()
    send.close()
    samples: list[tuple[float, int]] = []
    try:
        yield samples
    finally:
        stop.set()
        if receive.poll(30):
            samples.extend(receive.recv())
        process.join(10)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def drive(
    port: int, secrets: dict[str, str], pid: int, minutes: float, clients: int
) -> tuple[list[Sent], list[tuple[float, float]]]:
    """The load, and RSS samples (minutes, MB) every 10 s while it runs."""
    sdks = {
        key: openai.AsyncOpenAI(
            base_url=f"http://127.0.0.1:{port}/v1", api_key=secret, max_retries=0
        )
        for key, secret in secrets.items()
    }
    t, ids = Target(port, secrets, sdks), itertools.count()
    started = time.monotonic()
    until = started + minutes * 60

    async def sample_rss() -> list[tuple[float, float]]:
        samples = []
        while (left := until - time.monotonic()) > 0:
            await asyncio.sleep(min(10.0, left))
            samples.append(((time.monotonic() - started) / 60, rss_mb(pid)))
        return samples

    rss = asyncio.ensure_future(sample_rss())
    load = [client(t, "main", until, ids) for _ in range(clients)]
    load += [client(t, "budget", until, ids) for _ in range(2)]
    sent = [s for group in await asyncio.gather(*load) for s in group]
    for sdk in sdks.values():
        await sdk.close()
    return sent, await rss


def check_ledger(
    db: Path, sent: list[Sent], key_ids: dict[str, str], budget_usd: Decimal
) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    query = "SELECT request_id, key_id, cost_nusd, http_status FROM requests"
    rows: list[tuple[str, str | None, int, int]] = conn.execute(query).fetchall()
    conn.close()
    by_id = {s.request_id: s for s in sent}
    recorded = Counter(row[0] for row in rows)
    answered = [s for s in sent if s.outcome in ANSWERED]
    misplaced = [
        rid for rid, key, _, _ in rows if key and rid in by_id and key != key_ids[by_id[rid].key]
    ]
    keyless = Counter(f"{by_id[rid].kind} {status}" for rid, key, _, status in rows if not key)
    costs = [cost for _, key, cost, _ in rows if key == key_ids["budget"]]
    budget_nusd = int(budget_usd * 1_000_000_000)
    return {
        "rows": len(rows),
        "answered": len(answered),
        "lost": [s.request_id for s in answered if recorded[s.echoed or ""] == 0],
        "misplaced": misplaced,
        "duplicated": sorted(rid for rid, n in recorded.items() if n > 1),
        "unknown": sorted(rid for rid in recorded if rid not in by_id),
        "echo_mismatch": [s.request_id for s in answered if s.echoed != s.request_id],
        "keyless_rows": dict(keyless),
        "budget_usd": float(budget_usd),
        "budget_spent_usd": sum(costs) / 1e9,
        "largest_request_usd": max(costs, default=0) / 1e9,
        "overspend_usd": max(0, sum(costs) - budget_nusd) / 1e9,
        "overspend_beyond_one_request": sum(costs) > budget_nusd + max(costs, default=0),
    }


def start_gateway(config: Path, port: int) -> subprocess.Popen[bytes]:
    with (config.parent / "gateway.log").open("w") as log:
        argv = [HYBRIDGATE, "serve", "--config", str(config), "--port", str(port)]
        gateway = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=config.parent)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and gateway.poll() is None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return gateway
        except OSError:
            time.sleep(0.1)
    gateway.kill()
    log_text = (config.parent / "gateway.log").read_text()
    raise RuntimeError(f"the gateway did not start:\n{log_text[-3000:]}")


def stop_gateway(gateway: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as a supervisor stops it; its exit status (-15: it re-raised the signal)."""
    gateway.send_signal(signal.SIGTERM)
    try:
        return gateway.wait(30)
    except subprocess.TimeoutExpired:
        gateway.kill()
        return gateway.wait()


def run(minutes: float, clients: int, workdir: Path, budget_usd: Decimal, seed: int = 1) -> Any:
    """Starts fakes and gateway, drives the load, stops it with SIGTERM, checks the ledger."""
    random.seed(seed)
    fakes = start_fakes(seed)
    try:
        config = write_config(workdir, {name: f.url for name, f in fakes.items()})
        keys = {
            "main": create_key(config, "soak", Decimal(100_000)),
            "budget": create_key(config, "soak-budget", budget_usd),
        }
        port = free_port()
        gateway = start_gateway(config, port)
        try:
            idle_rss = rss_mb(gateway.pid)
            with healthz_poller(port) as healthz:
                started = time.monotonic()
                secrets = {key: secret for key, (_, secret) in keys.items()}
                sent, rss = asyncio.run(drive(port, secrets, gateway.pid, minutes, clients))
                elapsed = time.monotonic() - started
        finally:
            exit_code = stop_gateway(gateway)
    finally:
        for upstream in fakes.values():
            upstream.stop()
    key_ids = {key: key_id for key, (key_id, _) in keys.items()}
    latencies = [ms for ms, _ in healthz]
    under_load = [mb for _, mb in rss] or [idle_rss]
    log = (workdir / "gateway.log").read_text().splitlines()
    return {
        "minutes": minutes,
        "clients": clients + 2,
        "requests": len(sent),
        "requests_per_s": len(sent) / elapsed,
        "outcomes": {k: dict(Counter(s.outcome for s in sent if s.kind == k)) for k in RAW | SDK},
        "healthz": {
            "polls": len(latencies),
            "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99),
            "max_ms": max(latencies, default=0.0),
            "statuses": dict(Counter(str(status) for _, status in healthz)),
        },
        "rss_mb": {
            "idle": idle_rss,
            "first": under_load[0],
            "last": under_load[-1],
            "max": max(under_load),
            "slope_per_min": statistics.linear_regression(*zip(*rss, strict=True)).slope
            if len(rss) > 1
            else 0.0,
            "samples": rss,
        },
        "ledger": check_ledger(workdir / "ledger.db", sent, key_ids, budget_usd),
        "gateway_exit": exit_code,
        "gateway_log_problems": [x for x in log if "Traceback" in x or " ERROR " in x][:20],
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def summary(figures: dict[str, Any]) -> str:
    """The figures as markdown, for the README."""
    h, rss, led = figures["healthz"], figures["rss_mb"], figures["ledger"]
    lines = [
        f"**{figures['minutes']:g} min, {figures['clients']} clients: "
        f"{figures['requests']} requests ({figures['requests_per_s']:.0f}/s)**",
        "",
        "| kind | outcomes |",
        "|---|---|",
    ]
    for kind, outcomes in figures["outcomes"].items():
        shown = ", ".join(f"{o} ×{n}" for o, n in sorted(outcomes.items(), key=lambda x: -x[1]))
        lines.append(f"| {kind} | {shown} |")
    lines += [
        "",
        f"- /healthz: {h['polls']} polls, p50 {h['p50_ms']:.1f} ms, p99 {h['p99_ms']:.1f} ms, "
        f"max {h['max_ms']:.1f} ms; statuses {h['statuses']}",
        f"- RSS: idle {rss['idle']:.1f} MB, first {rss['first']:.1f}, last {rss['last']:.1f}, "
        f"max {rss['max']:.1f}; slope {rss['slope_per_min']:+.2f} MB/min",
        f"- ledger: {led['rows']} rows; {led['answered']} answered, {len(led['lost'])} lost, "
        f"{len(led['misplaced'])} misplaced, {len(led['duplicated'])} duplicated, "
        f"{len(led['unknown'])} unknown, {len(led['echo_mismatch'])} with another id; rows on no key: {led['keyless_rows']}",
        f"- budget key: ${led['budget_spent_usd']:.6f} spent of ${led['budget_usd']:g}, "
        f"overspend ${led['overspend_usd']:.6f} (one request: up to "
        f"${led['largest_request_usd']:.6f})",
        f"- gateway: exit {figures['gateway_exit']} after SIGTERM; "
        f"{len(figures['gateway_log_problems'])} ERROR/Traceback log lines",
        *(f"  - `{line}`" for line in figures["gateway_log_problems"]),
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="how long the load runs")
    parser.add_argument("--clients", type=int, default=12, help="main-key clients (+2 budget)")
    parser.add_argument("--budget-usd", type=Decimal, default=None, help="default: $0.2 a minute")
    parser.add_argument("--seed", type=int, default=1, help="seeds the mix and the fakes")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args()
    budget = args.budget_usd or Decimal(str(args.minutes)) / 5
    workdir = Path(tempfile.mkdtemp(prefix="hybridgate-soak-"))
    figures = run(args.minutes, args.clients, workdir, budget, args.seed)
    print(summary(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    led = figures["ledger"]
    if led["lost"] or led["misplaced"] or led["overspend_beyond_one_request"]:
        print(f"\nFAILED; the gateway's config, log and ledger are kept in {workdir}")
        return 1
    shutil.rmtree(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
