"""Held-out black-box audit of the privacy guard.

Uses only the public API (PrivacyScanner, PrivacyGuard, ConversationMemory,
ChatRequest).  A *leak* is a positive sample whose request the guard does not
mark sensitive (i.e. it would be allowed to reach a cloud model).  A false
positive is a clean negative request marked sensitive.

Usage: python bench/heldout_audit.py [--seed N]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from heldout_audit_corpus import LANGS, generate

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard


def _assess(scanner, texts):
    req = ChatRequest("m", tuple(Message("user", (TextPart(t),)) for t in texts))
    sensitive = PrivacyGuard(scanner, ConversationMemory()).assess(req).sensitive
    found = []
    for t in texts:
        for f in scanner.scan(t):
            found.append((f.type, t[f.start : f.end]))
    return bool(sensitive), found


def _pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "n/a"


def _table(title, rows, key_name):
    out = [
        f"### {title}",
        "",
        f"| {key_name} | n | leaked | recall | type-exact |",
        "|---|---:|---:|---:|---:|",
    ]
    for k, (n, leaked, exact) in rows:
        out.append(f"| {k} | {n} | {leaked} | {_pct(n - leaked, n)} | {_pct(exact, n)} |")
    return "\n".join(out) + "\n"


def _agg(results, keyf):
    agg = defaultdict(lambda: [0, 0, 0])
    for s in results:
        a = agg[keyf(s)]
        a[0] += 1
        a[1] += 0 if s["sensitive"] else 1
        a[2] += 1 if s["type_exact"] else 0
    return sorted(((k, tuple(v)) for k, v in agg.items()), key=lambda kv: str(kv[0]))


def _block(texts):
    body = "\n\n--- next message ---\n\n".join(texts)
    return "```text\n" + body.replace("```", "ʼʼʼ") + "\n```"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=4242)
    args = ap.parse_args(argv)

    pos, neg = generate(args.seed)
    scanner = PrivacyScanner()
    for s in pos + neg:
        s["sensitive"], s["found"] = _assess(scanner, s["texts"])
        s["type_exact"] = any(t == s["type"] for t, _ in s["found"])

    leaks = [s for s in pos if not s["sensitive"]]
    fps = [s for s in neg if s["sensitive"]]
    tp = len(pos) - len(leaks)
    print(f"# Held-out privacy audit (seed {args.seed})\n")
    print(
        f"- positives: {len(pos)}; request-level leaks: **{len(leaks)}** "
        f"(recall {_pct(tp, len(pos))})"
    )
    print(
        f"- negatives: {len(neg)}; flagged sensitive: **{len(fps)}** ({_pct(len(fps), len(neg))})"
    )
    print(f"- request-level precision: {_pct(tp, tp + len(fps))}")
    print(
        "- `type-exact` = the scanner reported the sample's own type somewhere in the request "
        "(diagnostic only; leaks are judged on the guard's request verdict)\n"
    )

    print(_table("By type", _agg(pos, lambda s: s["type"]), "type"))
    print(_table("By language", _agg(pos, lambda s: s["lang"]), "lang"))
    print(_table("By variant (carrier)", _agg(pos, lambda s: s["variant"]), "variant"))
    print(_table("By cue", _agg(pos, lambda s: s["cue"]), "cue"))
    print(
        _table(
            "By type x value format",
            _agg(pos, lambda s: f"{s['type']} / {s['format']}"),
            "type / format",
        )
    )

    print("### Person-name and address recall per language\n")
    print("| lang | names n | names leaked | name recall | addr n | addr leaked | addr recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for lang in LANGS:
        nm = [s for s in pos if s["lang"] == lang and s["type"] == "person_name"]
        ad = [s for s in pos if s["lang"] == lang and s["type"] == "address"]
        nl = sum(not s["sensitive"] for s in nm)
        al = sum(not s["sensitive"] for s in ad)
        print(
            f"| {lang} | {len(nm)} | {nl} | {_pct(len(nm) - nl, len(nm))} | {len(ad)} | {al} | "
            f"{_pct(len(ad) - al, len(ad))} |"
        )
    print()

    print(f"## Leaked samples ({len(leaks)})\n")
    by_type = defaultdict(list)
    for s in leaks:
        by_type[s["type"]].append(s)
    for typ in sorted(by_type):
        print(f"### {typ} ({len(by_type[typ])})\n")
        for s in by_type[typ]:
            found = ", ".join(f"{t}:{v!r}" for t, v in s["found"]) or "none"
            print(
                f"- `{s['id']}` lang={s['lang']} variant={s['variant']} cue={s['cue']} "
                f"format={s['format']} value={s['value']!r} findings: {found}"
            )
            print(_block(s["texts"]))
        print()

    print(f"## Negatives flagged sensitive ({len(fps)})\n")
    fp_types = Counter(t for s in fps for t, _ in s["found"])
    if fp_types:
        print(
            "Finding types on flagged negatives: "
            + ", ".join(f"{k}={v}" for k, v in fp_types.most_common())
            + "\n"
        )
    for s in fps:
        found = ", ".join(f"{t}:{v!r}" for t, v in s["found"]) or "none (guard-level)"
        print(f"- `{s['id']}` lang={s['lang']} findings: {found}")
        print(_block(s["texts"]))
    neg_find = [s for s in neg if s["found"] and not s["sensitive"]]
    if neg_find:
        print(f"\nNegatives with scanner findings but not flagged by the guard: {len(neg_find)}")
        for s in neg_find:
            print(f"- `{s['id']}`: " + ", ".join(f"{t}:{v!r}" for t, v in s["found"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
