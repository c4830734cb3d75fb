"""Latency by prompt size, every prompt never seen before: how the gateway's added cost grows.

A privacy scan, a token count and a JSON re-encode all read the whole prompt; a cache of texts
already scanned would hide that, so every request carries text of its own (random lowercase
words: nothing in it is sensitive, so every target forwards it unchanged). One client, one
request at a time, on a kept-alive connection; latency is measured around each request.

Used by run.py (`--sizes`); alone:

    python bench/overhead/prompt_sizes.py --url http://127.0.0.1:8080/v1/chat/completions
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import time
from urllib.parse import urlsplit

#: Prompt sizes (bytes) and how many requests each gets.
SIZES = {2 * 1024: 200, 32 * 1024: 80, 256 * 1024: 24}
QUICK_SIZES = {2 * 1024: 40, 32 * 1024: 16, 256 * 1024: 6}
_VOCABULARY = (
    "the of and to in is was for on are with as his they be at one have this from by hot word "
    "but what some we can out other were all there when up use your how said an each she which "
    "do their time if will way about many then them write would like so these her long make "
    "thing see him two has look more day could go come did number sound no most people my over "
    "know water than call first who may down side been now find any new work part take get "
    "place made live where after back little only round man year came show every good me give "
    "our under name very through just form sentence great think say help low line differ turn "
    "cause much mean before move right boy old too same tell does set three want air well also "
    "play small end put home read hand port large spell add even land here must big high such "
    "follow act why ask men change went light kind off need house picture try us again animal "
    "mother world near build self earth father head stand own page should country found "
    "answer school grow study still learn plant cover food sun four between state keep eye"
)
_WORDS = _VOCABULARY.split()


def never_seen(size: int, count: int, seed: int) -> list[str]:
    """`count` texts of about `size` bytes each, all different."""
    rng = random.Random(seed)
    per_text = size // 6 + 1
    texts = []
    for n in range(count):
        words = rng.choices(_WORDS, k=per_text)
        text = f"request {seed}-{n}: " + " ".join(words)
        texts.append(text[:size])
    return texts


def _body(model: str, text: str) -> bytes:
    payload = {"model": model, "messages": [{"role": "user", "content": text}], "max_tokens": 16}
    return json.dumps(payload).encode()


def measure(
    url: str, model: str, headers: dict[str, str], sizes: dict[int, int], seed: int = 1
) -> dict[str, dict[str, float]]:
    """Per size: p50 and p99 latency (ms) of `count` never-seen prompts, after 3 warm-ups."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    sent = {"content-type": "application/json", **headers}
    results: dict[str, dict[str, float]] = {}
    try:
        for size, count in sizes.items():
            texts = never_seen(size, count + 3, seed * 1000 + size)
            samples = []
            for i, text in enumerate(texts):
                body = _body(model, text)
                started = time.perf_counter()
                connection.request("POST", parts.path, body=body, headers=sent)
                answer = connection.getresponse()
                data = answer.read()
                elapsed = time.perf_counter() - started
                if answer.status != 200:
                    raise RuntimeError(
                        f"HTTP {answer.status} for a {size}-byte prompt: {data[:300]!r}"
                    )
                if i >= 3:
                    samples.append(elapsed * 1000)
            samples.sort()
            results[str(size)] = {
                "n": len(samples),
                "p50_ms": statistics.median(samples),
                "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
            }
    finally:
        connection.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--model", default="routing")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    result = measure(args.url, args.model, {}, QUICK_SIZES if args.quick else SIZES)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
