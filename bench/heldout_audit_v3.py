"""Third held-out black-box audit of the privacy guard (issue 11).

Uses only the public API: `PrivacyScanner`, `PrivacyGuard` and `ConversationMemory` at the
routing decision, and the whole gateway (`policy: {privacy: local_only}`, one self-hosted and
one cloud deployment, both recording fake upstreams) through the official `openai` and
`anthropic` SDKs for a sample. A *leak* is a sensitive request the guard lets reach a cloud
model; a false positive is a clean request it keeps local. The corpus is
bench/heldout_audit_v3_corpus.py (written without reading the detectors).

Usage: python bench/heldout_audit_v3.py [--seed 3] [--e2e 60] [--examples 2] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from heldout_audit_report import assess, pct, table  # noqa: E402  (the later audits' runner)
from heldout_audit_v3_corpus import LANGS, Sample, generate  # noqa: E402


def _mask(text: str, probes: list[str]) -> str:
    for p in sorted(probes, key=len, reverse=True):
        if len(p) >= 4:
            text = text.replace(p, p[:3] + "•" * max(3, len(p) - 3))
    return text.replace("\n", " ⏎ ")


def _encoding(variant: str) -> str:
    parts = variant.split("+")[1:]
    return "+".join(parts) if parts else "plain"


def report(results: list[dict[str, Any]], examples: int) -> tuple[str, dict[str, Any]]:
    pos = [r for r in results if r["sample"].sensitive]
    neg = [r for r in results if not r["sample"].sensitive]
    leaks = [r for r in pos if not r["flagged"]]
    fps = [r for r in neg if r["flagged"]]
    by: dict[str, dict[str, list[int]]] = {k: defaultdict(lambda: [0, 0]) for k in
                                           ("type", "lang", "format", "disguise")}  # fmt: skip
    for r in pos:
        s = r["sample"]
        for dim, key in (
            ("type", s.kind),
            ("lang", s.lang),
            ("format", s.fmt),
            ("disguise", _encoding(s.variant)),
        ):
            by[dim][key][0] += 1
            by[dim][key][1] += 0 if r["flagged"] else 1
    out = [
        f"## Held-out audit v3: {len(pos)} sensitive, {len(neg)} clean requests, {len(LANGS)} languages\n",
        f"**Sensitive requests that would reach the cloud: {len(leaks)} / {len(pos)}** "
        f"(recall {pct(len(pos) - len(leaks), len(pos))})",
        f"**Clean requests kept local (false positives): {len(fps)} / {len(neg)}** "
        f"(clean reaching the cloud {pct(len(neg) - len(fps), len(neg))})\n",
    ]
    structured = [r for r in pos if r["sample"].kind not in ("name", "address", "dob")]
    out.append(f"Structured values (email, phone, IBAN, card, ID, password, API key) leaked: "
               f"{sum(1 for r in structured if not r['flagged'])} / {len(structured)}\n")  # fmt: skip
    out.append(table("Recall per type", by["type"], "type"))
    out.append(table("Recall per language", by["lang"], "lang"))
    out.append(table("Recall per format", by["format"], "format"))
    out.append(table("Recall per disguise", by["disguise"], "disguise"))
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in neg:
        fam[r["sample"].kind][0] += 1
        fam[r["sample"].kind][1] += 1 if r["flagged"] else 0
    out += [
        "### Clean requests kept local, per family",
        "",
        "| family | n | kept local |",
        "|---|---:|---:|",
    ]
    out += [f"| {k} | {n} | {f} |" for k, (n, f) in sorted(fam.items())]
    out.append("\n### Leaks by class (value masked)\n")
    classes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in leaks:
        classes[f"{r['sample'].kind} / {_encoding(r['sample'].variant)}"].append(r)
    for cls, rs in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        out.append(f"- **{cls}**: {len(rs)}")
        for r in rs[:examples]:
            s = r["sample"]
            text = _mask(" | ".join(t.text for t in s.turns if t.text), s.probes)
            out.append(f"  - `{s.id}` {s.fmt} {s.variant}: {text[:220]}")
    out.append("\n### False positives (clean, kept local)\n")
    for r in fps[: max(examples * 6, 12)]:
        s = r["sample"]
        text = " | ".join(t.text for t in s.turns if t.text).replace("\n", " ⏎ ")
        out.append(f"- `{s.id}` {s.kind} (found: {', '.join(r['types']) or '-'}): {text[:200]}")
    summary = {
        "sensitive": len(pos), "leaked": len(leaks), "clean": len(neg), "false_positives": len(fps),
        "structured": len(structured), "structured_leaked": sum(1 for r in structured if not r["flagged"]),
        **{f"by_{dim}": {k: {"n": v[0], "leaked": v[1]} for k, v in rows.items()} for dim, rows in by.items()},
        "clean_by_family": {k: {"n": v[0], "kept_local": v[1]} for k, v in fam.items()},
        "leaks": [{"id": r["sample"].id, "kind": r["sample"].kind, "variant": r["sample"].variant,
                   "format": r["sample"].fmt} for r in leaks],
        "false_positive_ids": [r["sample"].id for r in fps],
    }  # fmt: skip
    return "\n".join(out), summary


def e2e_sample(samples: list[Sample], n: int) -> list[Sample]:
    """About two thirds sensitive, one third clean, spread over languages, formats and types."""
    pos = [s for s in samples if s.sensitive]
    neg = [s for s in samples if not s.sensitive]
    want_pos = n * 2 // 3
    picked = pos[:: max(1, len(pos) // want_pos)][:want_pos]
    return picked + neg[:: max(1, len(neg) // (n - want_pos))][: n - want_pos]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument(
        "--e2e", type=int, default=60, help="samples driven through the gateway (0: none)"
    )
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    samples = generate(args.seed)
    started = time.monotonic()
    text, summary = report(assess(samples), args.examples)
    print(text)
    print(
        f"\n(routing decision for {len(samples)} samples in {time.monotonic() - started:.1f} s)\n"
    )
    if args.e2e:
        from heldout_audit_v3_e2e import run_e2e

        with tempfile.TemporaryDirectory() as tmp:
            os.environ["HYBRIDGATE_DATA_DIR"] = tmp  # never the user's own state
            e2e_text, e2e = run_e2e(e2e_sample(samples, args.e2e), Path(tmp))
        print(e2e_text)
        summary["e2e"] = e2e
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
