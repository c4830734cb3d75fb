"""How long one routing decision takes — privacy scan included — for a 2 KB prompt, on one core.

    python bench/decision_latency.py [--samples 2000] [--classifier embedded|encoder|cascade|keywords]

Prints p50/p99 for: parsing the request body (the peer every request pays anyway), the decision
for a tier name, and the decision for `auto`: the models' signals (task classifier and
difficulty scorer, which the gateway runs in a worker thread) plus the decision itself, as one
request pays them. Target: the whole decision ≤ 5 ms p50.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import time
from collections.abc import Callable
from functools import partial

from hybridgate.config.loader import parse_settings
from hybridgate.pipeline.assembly import assemble
from hybridgate.protocol.openai import parse_chat_request
from hybridgate.routing.policy import Router

PROMPT = (
    "Our customer Jane Doe (jane.doe@example.com, +44 20 7946 0958) wrote about invoice 2024-117. "
    "She says the delivery to 221B Baker Street was late and asks for a refund of 149.99 EUR to "
    "IBAN GB82 WEST 1234 5698 7654 32. Please read the thread below and decide what to do. "
) + " ".join(
    f"Message {i}: the parcel was scanned at the depot on day {i} and then nothing happened for a while."
    for i in range(18)
)


def timed(fn: Callable[[], object], samples: int) -> list[float]:
    for _ in range(min(50, samples)):
        fn()  # warm caches (regexes, embeddings session) before measuring
    out = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def auto_decision(router: Router, body: bytes) -> Callable[[], object]:
    """Signals + decision for `auto`, on a new prompt each call (a reference number differs),
    as traffic is: nothing the models compute for one prompt may be reused for the next."""
    fresh = (
        parse_chat_request(body.replace(b"Please read", b"Ref %06d. Please read" % i))[0]
        for i in itertools.count()
    )

    def decide() -> object:
        request = next(fresh)
        return router.decide_chat(request, signals=router.auto_signals(request))

    return decide


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument(
        "--classifier", choices=["embedded", "encoder", "cascade", "keywords"], default="embedded"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})  # one core, as the target says
    settings = parse_settings(
        {
            "deployments": [
                {"name": "local", "provider": "llama_cpp", "model": "smollm2"},
                {"name": "api", "provider": "openai", "model": "gpt-4o", "api_key": "sk-x"},
            ],
            "tiers": {
                t: ["api", "local"] for t in ("routing", "extraction", "summarization", "reasoning")
            },
            "policy": {"privacy": "redact"},
            "auto": {"classifier": args.classifier},
        },
        "bench",
    )
    router = assemble(settings).router
    rows = []
    for model in ("reasoning", "auto"):
        body = json.dumps(
            {"model": model, "messages": [{"role": "user", "content": PROMPT}]}
        ).encode()
        request, _ = parse_chat_request(body)
        parse_ms = timed(lambda body=body: parse_chat_request(body), args.samples)
        if model == "auto":
            signals = router.auto_signals(request)
            assert signals.task is not None or args.classifier == "keywords", "no classifier ran"
            decide = auto_decision(router, body)
        else:
            decide = partial(router.decide_chat, request)
        decide_ms = timed(decide, args.samples)
        rows.append((f"parse body ({len(body)} B)", parse_ms))
        rows.append((f"decide model={model!r}", decide_ms))
    print(f"{'step':34} {'p50 ms':>8} {'p99 ms':>8}")
    for name, samples in rows:
        q = statistics.quantiles(samples, n=100)
        print(f"{name:34} {statistics.median(samples):8.3f} {q[98]:8.3f}")
    tier, auto = statistics.median(rows[1][1]), statistics.median(rows[3][1])
    print(f"\nclassifier {args.classifier!r}; auto = signals + decision, on one core")
    print(f"decision p50: tier {tier:.2f} ms, auto {auto:.2f} ms  (target: <= 5 ms)")


if __name__ == "__main__":
    main()
