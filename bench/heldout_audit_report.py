"""What the fourth and later held-out privacy audits share: the routing decision for each
sample through the public API (`PrivacyScanner`, `PrivacyGuard`, `ConversationMemory`), the
report (leaks per type, language, format, disguise and surface form; clean requests kept local
per family and language; masked examples), the JSON summary and the end-to-end run through
the official SDKs (the third audit's harness). Each audit's script names its corpus module.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart, ToolCall
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard


def _canonical(sample: Any) -> ChatRequest:
    messages = []
    for i, turn in enumerate(sample.turns):
        if turn.role == "assistant" and turn.tool_name:
            call = ToolCall(f"call_{i}", turn.tool_name, json.dumps({"id": 1}))
            messages.append(Message("assistant", (), (call,)))
        elif turn.role == "tool":
            messages.append(Message("tool", (TextPart(turn.text),), tool_call_id=f"call_{i - 1}"))
        else:
            messages.append(Message(turn.role, (TextPart(turn.text),)))
    return ChatRequest("m", tuple(messages))


def _mask(text: str, probes: tuple[str, ...]) -> str:
    for p in sorted(probes, key=len, reverse=True):
        if len(p) >= 4:
            text = text.replace(p, p[:3] + "•" * max(3, min(len(p) - 3, 12)))
    return text.replace("\n", " ⏎ ").replace("\u200b", "")


def assess(samples: list[Any]) -> list[dict[str, Any]]:
    scanner = PrivacyScanner()
    out = []
    for s in samples:
        # A fresh memory per sample: no sample is helped by another one's history.
        decision = PrivacyGuard(scanner, ConversationMemory()).assess(_canonical(s))
        types = sorted({f.type for t in s.texts() for f in scanner.scan(t)})
        out.append({"sample": s, "flagged": bool(decision.sensitive), "types": types})
    return out


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.1f}%" if b else "n/a"


def table(title: str, rows: dict[str, list[int]], key: str) -> str:
    lines = [f"### {title}", "", f"| {key} | n | leaked | recall |", "|---|---:|---:|---:|"]
    for k in sorted(rows):
        n, leaked = rows[k]
        lines.append(f"| {k} | {n} | {leaked} | {pct(n - leaked, n)} |")
    return "\n".join(lines) + "\n"


def _disguise(variant: str) -> str:
    parts = variant.split("+")[1:]
    return "+".join(parts) if parts else "plain"


def _surface(s: Any) -> str:
    return f"{s.kind}: {s.variant.split('+')[0]}"


def report(
    results: list[dict[str, Any]], examples: int, corpus: ModuleType, name: str
) -> tuple[str, dict[str, Any]]:
    STRUCTURED, LANGS = corpus.STRUCTURED, corpus.LANGS
    pos = [r for r in results if r["sample"].sensitive]
    neg = [r for r in results if not r["sample"].sensitive]
    leaks = [r for r in pos if not r["flagged"]]
    fps = [r for r in neg if r["flagged"]]
    dims = ("type", "lang", "format", "disguise", "surface")
    by: dict[str, dict[str, list[int]]] = {k: defaultdict(lambda: [0, 0]) for k in dims}
    for r in pos:
        s = r["sample"]
        keys = (s.kind, s.lang, s.fmt, _disguise(s.variant), _surface(s))
        for dim, key in zip(dims, keys, strict=True):
            if dim == "surface" and s.kind not in ("name", "address"):
                continue
            by[dim][key][0] += 1
            by[dim][key][1] += 0 if r["flagged"] else 1
    structured = [r for r in pos if r["sample"].kind in STRUCTURED]
    structured_leaked = sum(1 for r in structured if not r["flagged"])
    famous = [r for r in neg if r["sample"].kind == "famous"]
    ordinary = [r for r in neg if r["sample"].kind != "famous"]
    ordinary_fp = sum(1 for r in ordinary if r["flagged"])
    out = [
        f"## Held-out audit {name}: {len(pos)} sensitive, {len(neg)} clean requests, {len(LANGS)} languages\n",
        f"**Sensitive requests that would reach the cloud: {len(leaks)} / {len(pos)}** "
        f"(recall {pct(len(pos) - len(leaks), len(pos))})",
    ]
    for kind, plural in (("name", "names"), ("address", "addresses")):
        n, leaked = by["type"].get(kind, [0, 0])
        out.append(f"- {plural}: recall {pct(n - leaked, n)} ({leaked} of {n} leaked)")
    out += [
        f"- structured values ({', '.join(STRUCTURED)}): {structured_leaked} / {len(structured)} leaked\n",
        f"**Clean requests kept local (false positives): {len(fps)} / {len(neg)}** "
        f"(clean reaching the cloud {pct(len(neg) - len(fps), len(neg))}; without the "
        f"{len(famous)} famous-name prompts {pct(len(ordinary) - ordinary_fp, len(ordinary))})\n",
        table("Recall per type", by["type"], "type"),
        table("Recall per language", by["lang"], "lang"),
        table("Recall per format", by["format"], "format"),
        table("Recall per disguise", by["disguise"], "disguise"),
        table("Recall per surface form (names and addresses)", by["surface"], "form"),
    ]
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in neg:
        fam[r["sample"].kind][0] += 1
        fam[r["sample"].kind][1] += 1 if r["flagged"] else 0
    out += ["### Clean requests kept local, per family", "", "| family | n | kept local |"]
    out += ["|---|---:|---:|"] + [f"| {k} | {n} | {f} |" for k, (n, f) in sorted(fam.items())]
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in neg:
        per_lang[r["sample"].lang][0] += 1
        per_lang[r["sample"].lang][1] += 1 if r["flagged"] else 0
    out += ["\n### Clean requests kept local, per language", "", "| lang | n | kept local |"]
    out += ["|---|---:|---:|"] + [f"| {k} | {n} | {f} |" for k, (n, f) in sorted(per_lang.items())]
    out.append("\n### Leaks by class (value masked)\n")
    classes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in leaks:
        s = r["sample"]
        classes[f"{_surface(s)} / {_disguise(s.variant)}"].append(r)
    for cls, rs in sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.append(f"- **{cls}**: {len(rs)}")
        for r in rs[:examples]:
            s = r["sample"]
            text = _mask(" | ".join(t.text for t in s.turns if t.text), s.probes)
            out.append(f"  - `{s.id}` {s.fmt}: {text[:220]}")
    out.append("\n### False positives (clean, kept local)\n")
    for r in fps[: max(examples * 8, 16)]:
        s = r["sample"]
        text = " | ".join(t.text for t in s.turns if t.text).replace("\n", " ⏎ ")
        out.append(f"- `{s.id}` {s.kind} (found: {', '.join(r['types']) or '-'}): {text[:200]}")
    summary = {
        "sensitive": len(pos), "leaked": len(leaks), "clean": len(neg), "false_positives": len(fps),
        "structured": len(structured), "structured_leaked": structured_leaked,
        "famous": len(famous), "famous_kept_local": sum(1 for r in famous if r["flagged"]),
        **{f"by_{dim}": {k: {"n": v[0], "leaked": v[1]} for k, v in rows.items()} for dim, rows in by.items()},
        "clean_by_family": {k: {"n": v[0], "kept_local": v[1]} for k, v in fam.items()},
        "clean_by_lang": {k: {"n": v[0], "kept_local": v[1]} for k, v in per_lang.items()},
        "leaks": [{"id": r["sample"].id, "kind": r["sample"].kind, "variant": r["sample"].variant,
                   "format": r["sample"].fmt} for r in leaks],
        "false_positive_ids": [r["sample"].id for r in fps],
    }  # fmt: skip
    return "\n".join(out), summary


def e2e_sample(samples: list[Any], n: int) -> list[Any]:
    """About two thirds sensitive, one third clean, spread over languages, formats and types."""
    pos = [s for s in samples if s.sensitive]
    neg = [s for s in samples if not s.sensitive]
    want_pos = n * 2 // 3
    picked = pos[:: max(1, len(pos) // want_pos)][:want_pos]
    return picked + neg[:: max(1, len(neg) // (n - want_pos))][: n - want_pos]


def main(argv: list[str] | None, corpus: ModuleType, name: str, doc: str) -> int:
    """Run one audit: `corpus` has LANGS, STRUCTURED and generate(seed); `name` titles it."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument(
        "--e2e", type=int, default=0, help="samples driven through the gateway (0: none)"
    )
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    samples = corpus.generate(args.seed)
    started = time.monotonic()
    text, summary = report(assess(samples), args.examples, corpus, name)
    print(text)
    print(
        f"\n(seed {args.seed}; routing decision for {len(samples)} samples in "
        f"{time.monotonic() - started:.1f} s)\n"
    )
    if args.e2e:
        # The third audit's harness takes any sample with turns, probes, kind and variant.
        from heldout_audit_v3_e2e import run_e2e

        with tempfile.TemporaryDirectory() as tmp:
            os.environ["HYBRIDGATE_DATA_DIR"] = tmp  # never the user's own state
            picked = e2e_sample(samples, args.e2e)
            e2e_text, e2e = run_e2e(picked, Path(tmp))  # type: ignore[arg-type]
        print(e2e_text)
        summary["e2e"] = e2e
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0
