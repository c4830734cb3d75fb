"""Red-team evaluation of the privacy guard, black-box (corpus: `privacy_redteam_corpus.py`).

Each sample is sent as a ChatRequest of user messages through `PrivacyGuard.assess` with a fresh
`ConversationMemory`, which is the routing decision: a positive sample "leaks" when the request is
not marked sensitive (it would reach a cloud model); it is "typed" when the assessment also names
the planted type. A negative is "flagged" when the request is marked sensitive.

Prints a markdown report: leaks per type, per language and per variant, every leaked sample in
full (as Python reprs so zero-width characters and line breaks are visible), name and address
recall per language, and the share of negatives that stay unflagged with every flagged one.

Usage: python bench/privacy_redteam.py [--seed N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from privacy_redteam_corpus import DEFAULT_SEED, LANGS, NEGATIVE, TYPES, Sample, build_corpus

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard


def assess(scanner: PrivacyScanner, sample: Sample) -> tuple[bool, tuple[str, ...]]:
    req = ChatRequest("m", tuple(Message("user", (TextPart(t),)) for t in sample.texts))
    result = PrivacyGuard(scanner, ConversationMemory()).assess(req)
    return bool(result.sensitive), tuple(result.types)


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.1f}%" if b else "n/a"


def show(sample: Sample) -> str:
    texts = " ⟶ ".join(repr(t) for t in sample.texts)
    return f"`{sample.id}` [{sample.lang}/{sample.variant}] {texts}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--json", help="also write per-sample results to this file")
    args = ap.parse_args()

    corpus = build_corpus(args.seed)
    scanner = PrivacyScanner()
    t0 = time.perf_counter()
    results = [(s, *assess(scanner, s)) for s in corpus]
    elapsed = time.perf_counter() - t0

    pos = [r for r in results if r[0].label != NEGATIVE]
    neg = [r for r in results if r[0].label == NEGATIVE]
    out: list[str] = []
    w = out.append

    w(f"# Privacy guard red-team report (seed {args.seed})\n")
    w(
        f"{len(corpus)} samples: {len(pos)} sensitive, {len(neg)} negatives; "
        f"{elapsed * 1000 / len(corpus):.2f} ms per request.\n"
    )
    n_leak = sum(1 for s, sens, _ in pos if not sens)
    n_flag = sum(1 for s, sens, _ in neg if sens)
    w(
        f"**Request-level leaks: {n_leak}/{len(pos)} ({pct(n_leak, len(pos))})**; "
        f"**negatives not flagged: {len(neg) - n_flag}/{len(neg)} ({pct(len(neg) - n_flag, len(neg))})**\n"
    )

    # per type
    w("## Per type\n")
    w("| type | n | leaked | request recall | typed recall |")
    w("|---|---:|---:|---:|---:|")
    by_type: dict[str, list] = defaultdict(list)
    for r in pos:
        by_type[r[0].label].append(r)
    for t in TYPES:
        rs = by_type[t]
        leaked = sum(1 for _, sens, _ in rs if not sens)
        typed = sum(1 for s, _, types in rs if s.label in types)
        w(
            f"| {t} | {len(rs)} | {leaked} | {pct(len(rs) - leaked, len(rs))} | {pct(typed, len(rs))} |"
        )
    w("")

    # per language x type (leaks / n)
    w("## Leaks per language (leaked/n)\n")
    w("| lang | " + " | ".join(TYPES) + " | negatives flagged |")
    w("|---|" + "---:|" * (len(TYPES) + 1))
    cell: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for s, sens, _ in results:
        c = cell[(s.lang, s.label)]
        c[1] += 1
        if (s.label == NEGATIVE) == sens:  # negative flagged, or positive leaked
            c[0] += 1
    for lang in (*LANGS, "code"):
        row = [
            f"{cell[(lang, t)][0]}/{cell[(lang, t)][1]}" if cell[(lang, t)][1] else "-"
            for t in (*TYPES, NEGATIVE)
        ]
        w(f"| {lang} | " + " | ".join(row) + " |")
    w("")

    # per variant
    w("## Leaks per variant (leaked/n)\n")
    w("| type | variant | leaked/n |")
    w("|---|---|---:|")
    var: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for s, sens, _ in pos:
        v = var[(s.label, s.variant.split(":")[0])]
        v[1] += 1
        v[0] += 0 if sens else 1
    for (t, v), (lk, n) in sorted(var.items(), key=lambda kv: (TYPES.index(kv[0][0]), kv[0][1])):
        mark = " ⚠" if lk else ""
        w(f"| {t} | {v} | {lk}/{n}{mark} |")
    w("")

    # leaked examples, in full
    w("## Leaked samples (request reached the cloud)\n")
    for t in TYPES:
        leaked = [s for s, sens, _ in by_type[t] if not sens]
        if not leaked:
            continue
        w(f"### {t} ({len(leaked)})\n")
        for s in leaked:
            w(f"- {show(s)} — value `{s.value!r}`")
        w("")

    # names and addresses
    w("## Person names and addresses: recall per language (request / typed)\n")
    w("| lang | person_name | address |")
    w("|---|---|---|")
    for lang in LANGS:
        row = []
        for t in ("person_name", "address"):
            rs = [r for r in by_type[t] if r[0].lang == lang]
            ok = sum(1 for _, sens, _ in rs if sens)
            typed = sum(1 for s, _, types in rs if s.label in types)
            row.append(f"{ok}/{len(rs)} / {typed}/{len(rs)}")
        w(f"| {lang} | " + " | ".join(row) + " |")
    w("")

    # detected but under another type (routing still safe, but redaction may mislabel)
    wrong = [(s, types) for s, sens, types in pos if sens and s.label not in types]
    if wrong:
        w(f"## Detected under another type only ({len(wrong)})\n")
        for s, types in wrong:
            w(f"- {show(s)} → {', '.join(types) or '(no type)'}")
        w("")

    # negatives
    w("## Negatives\n")
    w(f"Not flagged: {len(neg) - n_flag}/{len(neg)} ({pct(len(neg) - n_flag, len(neg))}).\n")
    flagged = [(s, types) for s, sens, types in neg if sens]
    if flagged:
        counts = Counter(t for _, types in flagged for t in types)
        w("Flagged types: " + ", ".join(f"{t} {c}" for t, c in counts.most_common()) + "\n")
        for s, types in flagged:
            w(f"- {show(s)} → {', '.join(types) or '(no type)'}")
        w("")

    print("\n".join(out))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "label": s.label,
                        "lang": s.lang,
                        "variant": s.variant,
                        "texts": s.texts,
                        "value": s.value,
                        "sensitive": sens,
                        "types": types,
                    }
                    for s, sens, types in results
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
