"""Prompt-language detection: accuracy on the labelled multilingual prompts, and its cost.

    .venv/bin/python bench/language_eval.py

Sets: bench/data/chat_tasks_heldout.jsonl (121 prompts, 21 languages) and
chat_tasks_dev.jsonl (36 prompts, 8 languages), each prompt labelled with its ISO 639-1
language. Timing: p50 of `detect` on a 2 KB prompt, one thread.
"""

from __future__ import annotations

import collections
import json
import statistics
import time
from pathlib import Path

from hybridgate.routing.language import LanguageDetector
from hybridgate.routing.task_reader import find_instruction

DATA = Path(__file__).resolve().parent / "data"


def main() -> None:
    detector = LanguageDetector()
    for name in ("chat_tasks_heldout.jsonl", "chat_tasks_dev.jsonl"):
        rows = [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]
        wrong = collections.Counter()
        for row in rows:
            text = row["prompt"]
            guess = detector.detect(text, ask=find_instruction(text).ask).code
            if guess != row["lang"]:
                wrong[f"{row['lang']}->{guess}"] += 1
        languages = len({r["lang"] for r in rows})
        right = len(rows) - sum(wrong.values())
        print(f"{name}: {right}/{len(rows)} ({right / len(rows):.3f}), {languages} languages")
        if wrong:
            print("  errors:", dict(wrong))
    prompt = ("Bitte lies den Vertrag unten und sag mir, ob die Kündigungsfrist gilt. " * 40)[:2048]
    detector.detect(prompt)
    samples = []
    for _ in range(500):
        start = time.perf_counter()
        detector.detect(prompt, ask=find_instruction(prompt).ask)
        samples.append((time.perf_counter() - start) * 1000)
    print(f"detect (2 KB prompt, ask included): p50 {statistics.median(samples):.3f} ms")


if __name__ == "__main__":
    main()
