"""The reference stack (each workload stage on the cheapest model that does it well) on a
realistic mixed workload: what it costs, what it saved against "GPT-4o for everything", and
what the advisor recommends — from the gateway's own ledger.

    .venv/bin/python bench/worked_example.py [--requests 400] [--keep DIR]

Runs `hybridgate serve` with the reference stack against fake upstreams on loopback that answer
like the real APIs (OpenAI wire format, usage counted from the prompt): a self-hosted
Llama 3.3 70B on vLLM (2×H100, amortized), Mistral Small for summaries and extraction,
GPT-4.1 for the final reasoning step, local embeddings. The workload mixes classification and
routing (most of the volume), summarization and extraction of longer documents, a small share
of hard reasoning, embeddings for retrieval, and some requests carrying personal data (which
`policy.privacy: local_only` keeps on the self-hosted model). Then it prints
`hybridgate report` and `hybridgate advise --from-ledger`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml
from aiohttp import web

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))

#: Output tokens each fake model writes (answers of a realistic size per kind of model).
ANSWER_TOKENS = {"llama-3.3-70b": 60, "mistral-small-latest": 180, "gpt-4.1": 450}

DOC = (
    "The quarterly report describes revenue growth in the northern region, delays in the "
    "logistics centre, a new supplier contract, staffing changes in support, and customer "
    "feedback about the mobile app's checkout flow. "
)


def workload(n: int, rng: random.Random) -> list[dict[str, object]]:
    """(kind, body) pairs in the proportions of a typical agentic product's traffic."""
    requests: list[dict[str, object]] = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.50:  # routing / classification: short, very frequent
            text = f"Classify this support ticket as billing, shipping or account: 'ticket {i}: my parcel is late'"
            body = {
                "model": "routing",
                "messages": [{"role": "user", "content": text}],
                "max_tokens": 20,
            }
        elif roll < 0.70:
            text = "Summarize the following report in three bullet points:\n" + DOC * rng.randint(
                8, 20
            )
            body = {"model": "auto", "messages": [{"role": "user", "content": text}]}
        elif roll < 0.82:
            text = "Extract every date, amount and supplier name as JSON:\n" + DOC * rng.randint(
                4, 10
            )
            body = {"model": "auto", "messages": [{"role": "user", "content": text}]}
        elif roll < 0.88:
            text = (
                "Given the findings below, decide whether to renegotiate the supplier contract, "
                "weighing cost, risk and customer impact; justify each step.\n" + DOC * 6
            )
            body = {"model": "reasoning", "messages": [{"role": "user", "content": text}]}
        elif roll < 0.93:  # personal data: must stay on the self-hosted model
            text = f"Draft a reply to anna.berg{i}@example.se about her refund to IBAN DE89370400440532013000."
            body = {"model": "reasoning", "messages": [{"role": "user", "content": text}]}
        else:
            body = {"embeddings": True, "model": "embeddings", "input": [DOC[:200], f"query {i}"]}
        requests.append(body)
    return requests


async def fake_upstream(port: int) -> web.AppRunner:
    """OpenAI-compatible answers whose usage follows the prompt's length, like real APIs."""

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        prompt_chars = sum(len(str(m.get("content") or "")) for m in body["messages"])
        prompt_tokens = max(1, prompt_chars // 4)
        out = min(ANSWER_TOKENS.get(body["model"], 100), body.get("max_tokens") or 10_000)
        return web.json_response(
            {
                "id": "chatcmpl-x",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "ok " * out},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": out,
                    "total_tokens": prompt_tokens + out,
                },
            }
        )

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def config(upstream: str) -> dict[str, object]:
    def api(name: str, provider: str, model: str, region: str) -> dict[str, object]:
        return {
            "name": name,
            "provider": provider,
            "model": model,
            "base_url": upstream,
            "api_key": "sk-fake",
            "region": region,
        }

    return {
        "storage": "ledger.db",
        "server": {"warm_up": False},
        "policy": {"privacy": "local_only"},
        "deployments": [
            {
                "name": "llama-70b",
                "provider": "openai_compatible",
                "model": "llama-3.3-70b",
                "base_url": upstream,
                "region": "eu",
                "hardware": {"gpu": "H100", "gpus": 2, "max_concurrency": 32},
            },
            api("mistral-small", "mistral", "mistral-small-latest", "eu"),
            api("gpt-4.1", "openai", "gpt-4.1", "us"),
            {"name": "local-embed", "provider": "local_embeddings", "model": "all-minilm-l6-v2"},
        ],
        "tiers": {
            "routing": ["llama-70b"],
            "extraction": ["mistral-small", "llama-70b"],
            "summarization": ["mistral-small", "llama-70b"],
            "reasoning": ["gpt-4.1", "llama-70b"],
            "embeddings": ["local-embed"],
        },
        "auto": {"classifier": "keywords"},
    }


def post(url: str, body: dict[str, object]) -> int:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        with error:
            return int(error.code)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--keep", type=Path, default=None, help="folder for config and ledger")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="hybridgate-example-"))
    workdir.mkdir(parents=True, exist_ok=True)

    loop = asyncio.new_event_loop()
    runner = loop.run_until_complete(fake_upstream(18731))
    import threading

    threading.Thread(target=loop.run_forever, daemon=True).start()
    (workdir / "gateway.yaml").write_text(yaml.safe_dump(config("http://127.0.0.1:18731/v1")))
    server = subprocess.Popen(
        [
            HYBRIDGATE,
            "serve",
            "--config",
            "gateway.yaml",
            "--port",
            "18732",
            "--log-level",
            "warning",
        ],
        cwd=workdir,
    )
    base = "http://127.0.0.1:18732"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        statuses: dict[int, int] = {}
        for body in workload(args.requests, random.Random(7)):
            path = "/v1/embeddings" if body.pop("embeddings", False) else "/v1/chat/completions"
            status = post(base + path, body)
            statuses[status] = statuses.get(status, 0) + 1
        print(f"sent {args.requests} requests: {statuses}\n")
    finally:
        server.terminate()
        server.wait(30)
        loop.call_soon_threadsafe(loop.stop)
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop) if loop.is_running() else None
    for command in (
        ["report", "--by", "tier", "--by", "deployment"],
        ["advise", "--from-ledger", "--days", "1"],
    ):
        subprocess.run([HYBRIDGATE, *command, "--config", "gateway.yaml"], cwd=workdir, check=True)
    print(f"\n(config and ledger in {workdir})")


if __name__ == "__main__":
    main()
