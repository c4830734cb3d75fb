"""What the learned name tagger adds to the privacy scan of a 2 KB prompt, against its peer in
the same run: the same scanner with the tagger switched off. Each text is scanned by both in
turn, five times, and the fastest of each kept (the machine's noise is one-sided).

    python bench/name_tagger_cost.py [--texts 200]

Texts: decision_latency.py's 2 KB prompt (a new number appended each time, as there) and the
first 2 KB of the Arena prompts that long (ROUTING_DATA overrides where they are read from).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.name_tagger import NameTagger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decision_latency import PROMPT

DATA = Path(
    os.environ.get("ROUTING_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "routing"
)


def _fastest(scan: PrivacyScanner, text: str, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        scan._scan(text)  # the scan itself, not the memo of clean texts
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=200)
    args = parser.parse_args()
    with_tagger = PrivacyScanner()
    without = PrivacyScanner()
    for detector in without._detectors:
        tagger = getattr(detector, "_tagger", None)
        if isinstance(tagger, NameTagger):

            def nothing(text: str, *, lower_case: bool = True) -> Iterator[tuple[int, int]]:
                return iter(())

            tagger.find = nothing  # type: ignore[method-assign]
    arena = pd.read_parquet(DATA / "arena_hard_v2_prompts.parquet")["prompt"]
    sets = {
        "decision_latency.py prompt": [f"{PROMPT} {i}" for i in range(args.texts)],
        "Arena prompts, first 2 KB": [str(t)[:2048] for t in arena if len(str(t)) >= 2048][
            : args.texts
        ],
    }
    print("| texts | n | scan p50 without tagger | with tagger | ratio |")
    print("|---|---|---|---|---|")
    for name, texts in sets.items():
        on, off = [], []
        for text in texts:
            on.append(_fastest(with_tagger, text))
            off.append(_fastest(without, text))
        a, b = statistics.median(off), statistics.median(on)
        print(f"| {name} | {len(texts)} | {a:.2f} ms | {b:.2f} ms | ×{b / a:.2f} |")


if __name__ == "__main__":
    main()
