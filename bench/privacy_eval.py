"""Precision/recall of the privacy scanner on the Faker corpus, and scan latency on 2 KB.

A prediction is a true positive when it overlaps a labelled span of the same type (spans may
differ at the edges: "Calle Mayor 5" vs "Calle Mayor 5 Piso 2"); `--strict` wants exact spans.
Latency is one core, one thread: p50/p99 of `scan` on a 2 KB prompt mixing PII and noise.

    python bench/privacy_eval.py [--per-locale 90] [--strict] [--errors 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from privacy_corpus import Sample, build_corpus

from hybridgate.routing.privacy import Finding, PrivacyScanner


def _match(f: Finding, span: tuple[str, int, int], strict: bool) -> bool:
    kind, start, end = span
    if f.type != kind:
        return False
    return (f.start, f.end) == (start, end) if strict else f.start < end and start < f.end


def evaluate(
    scanner: PrivacyScanner, corpus: list[Sample], strict: bool
) -> tuple[Counter[str], Counter[str], Counter[str], list[str]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[str] = []
    for sample in corpus:
        found = scanner.scan(sample.text)
        for f in found:
            if any(_match(f, s, strict) for s in sample.spans):
                tp[f.type] += 1
            else:
                fp[f.type] += 1
                errors.append(f"FP {f.type:<12} {f.value!r} in {sample.text!r}")
        for s in sample.spans:
            if not any(_match(f, s, strict) for f in found):
                fn[s[0]] += 1
                value = sample.text[s[1] : s[2]]
                errors.append(f"FN {s[0]:<12} {value!r} [{sample.locale}] in {sample.text!r}")
    return tp, fp, fn, errors


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def prompt_2kb(corpus: list[Sample]) -> str:
    parts: list[str] = []
    size = 0
    for s in corpus[:: max(1, len(corpus) // 60)]:
        parts.append(s.text)
        size += len(s.text) + 1
        if size >= 2048:
            break
    return "\n".join(parts)[:2048]


def prose_2kb(seed: int) -> str:
    """A typical prompt: 2 KB of ordinary prose (EN and DE) holding one email and one phone."""
    from faker import Faker

    fake = Faker(["en_US", "de_DE"])
    fake.seed_instance(seed)
    text = " ".join(fake.paragraph(nb_sentences=8) for _ in range(14))
    text = text[:900] + " Contact jane.roe@example.org or +44 20 7946 0958. " + text[900:]
    return text[:2048]


def latency(scanner: PrivacyScanner, text: str, runs: int) -> tuple[float, float, float]:
    """Wall-clock p50/p99 and CPU-time p50 in ms (CPU time ignores a busy machine's queueing)."""
    for _ in range(20):
        scanner.scan(text)
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        scanner.scan(text)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    wall.sort()
    return statistics.median(wall), wall[int(0.99 * (len(wall) - 1))], statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--per-locale", type=int, default=90)
    parser.add_argument("--strict", action="store_true", help="exact spans only")
    parser.add_argument("--errors", type=int, default=0, help="print this many FP/FN examples")
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args(argv)

    corpus = build_corpus(args.seed, args.per_locale)
    scanner = PrivacyScanner()
    tp, fp, fn, errors = evaluate(scanner, corpus, args.strict)
    labelled = sum(len(s.spans) for s in corpus)
    print(f"corpus: {len(corpus)} samples, {labelled} labelled values, 10 locales")
    print(f"{'type':<14}{'prec':>7}{'recall':>8}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}")
    for kind in sorted(set(tp) | set(fp) | set(fn)):
        p, r, f1 = _prf(tp[kind], fp[kind], fn[kind])
        print(f"{kind:<14}{p:>7.3f}{r:>8.3f}{f1:>7.3f}{tp[kind]:>6}{fp[kind]:>5}{fn[kind]:>5}")
    p, r, f1 = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"{'overall':<14}{p:>7.3f}{r:>8.3f}{f1:>7.3f}")

    print(f"\n{'locale':<14}{'prec':>7}{'recall':>8}{'F1':>7}")
    for locale in sorted({s.locale for s in corpus}):
        ltp, lfp, lfn, _ = evaluate(scanner, [s for s in corpus if s.locale == locale], args.strict)
        p, r, f1 = _prf(sum(ltp.values()), sum(lfp.values()), sum(lfn.values()))
        print(f"{locale:<14}{p:>7.3f}{r:>8.3f}{f1:>7.3f}")

    clean = [s for s in corpus if not s.spans]
    alarms = sum(1 for s in clean if scanner.scan(s.text))
    print(f"hard-negative samples flagged: {alarms}/{len(clean)}")

    for label, text in (("PII-dense", prompt_2kb(corpus)), ("prose", prose_2kb(args.seed))):
        p50, p99, cpu50 = latency(scanner, text, args.runs)
        n = len(scanner.scan(text))
        print(
            f"scan latency, {label} prompt ({len(text)} chars, {n} findings), one thread: "
            f"p50 {p50:.3f} ms  p99 {p99:.3f} ms  (CPU time p50 {cpu50:.3f} ms)"
        )
    for line in errors[: args.errors]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
