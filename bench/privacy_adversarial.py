"""Independent, adversarial evaluation of the privacy guard.

The corpus (`privacy_adversarial_corpus.py`) was written without reading the detectors, so it
does not agree with them by construction: valid structured values in twelve languages, names
and addresses in Latin, Greek and Cyrillic script, obfuscated forms (spelled-out, URL-encoded,
HTML entities, zero-width characters, full-width forms, split across messages, inside JSON tool
arguments and markdown tables), and negatives full of harmless numbers.

A planted value counts as detected when a finding overlaps it: "typed" when the finding has the
expected type, "any" when it has any type (for routing, any finding sends the request local).
A leak is a structured value with no overlapping finding of any type. Three levels:

  message       `PrivacyScanner().scan(text)` on each text of the sample
  conversation  the sample's texts joined with a blank line, scanned as one text
  request       the routing decision: `PrivacyGuard.assess` on a ChatRequest (texts as user
                messages; JSON samples as the arguments of an assistant tool call), which also
                scans the seams between messages: detected when the request is sensitive; for
                negatives, "reaches the cloud" when it is not

Usage: python bench/privacy_adversarial.py [--json FILE] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from privacy_adversarial_corpus import LANGS, STRUCTURED, TYPES, Sample, build_corpus

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart, ToolCall
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard

SEP = "\n\n"
INVISIBLE = {
    "\u200b": "<ZWSP>",
    "\u200c": "<ZWNJ>",
    "\u200d": "<ZWJ>",
    "\u2060": "<WJ>",
    "\ufeff": "<BOM>",
    "\u00a0": "<NBSP>",
    "\n": "\\n",
}


def mask(value: str) -> str:
    def show(s: str) -> str:
        return "".join(INVISIBLE.get(c, c) for c in s)

    if len(value) <= 6:
        return show(value[:1]) + "…" + f" ({len(value)} chars)"
    return f"{show(value[:2])}…{show(value[-2:])} ({len(value)} chars)"


def overlaps(f: Any, start: int, end: int) -> bool:
    return f.start < end and start < f.end


def request_of(s: Sample) -> ChatRequest:
    if s.tool_json:
        call = ToolCall(id="call_1", name="update_customer", arguments=s.texts[0])
        msgs = [Message(role="assistant", tool_calls=(call,))]
    else:
        msgs = [Message(role="user", content=(TextPart(t),)) for t in s.texts]
    return ChatRequest(model="any", messages=tuple(msgs))


class Tally:
    """Planted values, and how many had a typed / any-type finding (message level) and how many
    sat in a request with at least one finding (request level)."""

    def __init__(self) -> None:
        self.n = self.typed = self.any = self.request = 0

    def add(self, typed: bool, any_: bool, request: bool) -> None:
        self.n += 1
        self.typed += typed
        self.any += any_
        self.request += request

    def row(self) -> dict[str, float | int]:
        def r(k: int) -> float:
            return round(k / self.n, 4) if self.n else 0.0

        return {
            "n": self.n,
            "typed_recall": r(self.typed),
            "any_recall": r(self.any),
            "request_recall": r(self.request),
        }


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def table(title: str, head: list[str], rows: Iterable[list[Any]]) -> str:
    out = [f"\n### {title}\n", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def evaluate(samples: list[Sample], scanner: PrivacyScanner) -> dict[str, Any]:
    by: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    conv = Tally()
    multi = {"message": Tally(), "conversation": Tally(), "request": Tally()}
    leaks = {"message": 0, "conversation": 0, "request": 0}
    n_structured = 0
    found = Counter[str]()  # findings per type
    on_target = Counter[str]()  # ... overlapping a planted value of that type
    cross = Counter[str]()  # ... overlapping a planted value of another type only
    misses: list[dict[str, Any]] = []
    fps: list[dict[str, Any]] = []
    neg_total = Counter[str]()
    neg_clean = Counter[str]()
    neg_types: dict[str, Counter[str]] = defaultdict(Counter)
    neg_lang_total = Counter[str]()
    neg_lang_clean = Counter[str]()
    neg_findings = Counter[str]()
    t0 = time.perf_counter()
    for s in samples:
        per_text = [scanner.scan(t) for t in s.texts]
        joined = SEP.join(s.texts)
        offsets = [sum(len(t) + len(SEP) for t in s.texts[:i]) for i in range(len(s.texts))]
        conv_f = scanner.scan(joined) if len(s.texts) > 1 else per_text[0]
        req_any = PrivacyGuard(scanner, ConversationMemory()).assess(request_of(s)).sensitive
        # precision bookkeeping, per message
        for ti, fs in enumerate(per_text):
            for f in fs:
                found[f.type] += 1
                hit_plants = [
                    p for p in s.plants for t, a, b in p.pieces if t == ti and overlaps(f, a, b)
                ]
                if any(p.type == f.type for p in hit_plants):
                    on_target[f.type] += 1
                elif hit_plants:
                    cross[f.type] += 1
                else:
                    text = s.texts[ti][f.start : f.end]
                    if s.type == "negative":
                        neg_findings[f.type] += 1
                    fps.append(
                        {
                            "sid": s.sid,
                            "lang": s.lang,
                            "where": s.detail if s.type == "negative" else f"in {s.type} sample",
                            "finding": f.type,
                            "text": mask(text),
                        }
                    )
        if s.type == "negative":
            clean = not req_any
            neg_total[s.variant] += 1
            neg_clean[s.variant] += clean
            neg_lang_total[s.lang] += 1
            neg_lang_clean[s.lang] += clean
            for fs in per_text:
                for f in fs:
                    neg_types[s.variant][f.type] += 1
            continue
        for p in s.plants:
            typed = any_ = c_any = False
            for ti, a, b in p.pieces:
                for f in per_text[ti]:
                    if overlaps(f, a, b):
                        any_ = True
                        typed |= f.type == p.type
                o = offsets[ti]
                c_any |= any(overlaps(f, o + a, o + b) for f in conv_f)
            for key, val in (
                ("type", p.type),
                ("lang", s.lang),
                ("context", s.context),
                ("variant", s.variant),
                ("type/variant", f"{p.type}/{s.variant}"),
                ("type/kind", f"{p.type}/{p.kind}"),
                ("type/lang", f"{p.type}/{s.lang}"),
            ):
                by[key][val].add(typed, any_, req_any)
            if s.variant == "zero_width" and s.detail:
                by["zero_width_char"][f"U+{ord(s.detail):04X}"].add(typed, any_, req_any)
            conv.add(typed, c_any, req_any)
            if len(s.texts) > 1:
                multi["message"].add(typed, any_, req_any)
                multi["conversation"].add(typed, c_any, req_any)
                multi["request"].add(typed, req_any, req_any)
            if p.type in STRUCTURED:
                n_structured += 1
                leaks["message"] += not any_
                leaks["conversation"] += not c_any
                leaks["request"] += not req_any
            if not any_:
                seen = [f.type for fs in per_text for f in fs]
                misses.append(
                    {
                        "sid": s.sid,
                        "type": p.type,
                        "kind": p.kind,
                        "lang": s.lang,
                        "variant": s.variant,
                        "context": s.context,
                        "value": mask(p.value),
                        "other_findings": sorted(set(seen)),
                    }
                )
    elapsed = time.perf_counter() - t0

    def recall_rows(key: str) -> dict[str, Any]:
        return {k: v.row() for k, v in sorted(by[key].items())}

    negatives = sum(neg_total.values())
    precision = {}
    for t in sorted(set(found) | set(TYPES)):
        n = found[t]
        precision[t] = {
            "findings": n,
            "on_target": on_target[t],
            "other_plant": cross[t],
            "stray": n - on_target[t] - cross[t],
            "on_negatives": neg_findings[t],
            "precision_typed": round(on_target[t] / n, 4) if n else None,
            "precision_any_plant": round((on_target[t] + cross[t]) / n, 4) if n else None,
        }
    names = {t: by["type"][t].row() for t in ("person_name", "address")}
    total = Tally()
    for t in by["type"].values():
        total.n += t.n
        total.typed += t.typed
        total.any += t.any
        total.request += t.request
    return {
        "samples": len(samples),
        "positives_planted": sum(t.n for t in by["type"].values()),
        "negatives": negatives,
        "scan_seconds": round(elapsed, 2),
        "by_type": recall_rows("type"),
        "precision_by_type": precision,
        "by_lang": recall_rows("lang"),
        "by_variant": recall_rows("variant"),
        "by_context": recall_rows("context"),
        "by_type_variant": recall_rows("type/variant"),
        "by_type_kind": recall_rows("type/kind"),
        "by_type_lang": recall_rows("type/lang"),
        "by_zero_width_char": recall_rows("zero_width_char"),
        "levels": {
            "message": {k: v for k, v in total.row().items() if k != "request_recall"},
            "conversation": {k: v for k, v in conv.row().items() if k != "request_recall"},
            "request": {"n": total.n, "any_recall": total.row()["request_recall"]},
        },
        "multi_message": {k: v.row() for k, v in multi.items()},
        "structured": {"planted": n_structured, "leaks": leaks},
        "names_addresses": names,
        "negatives_by_category": {
            c: {
                "n": neg_total[c],
                "clean_share": round(neg_clean[c] / neg_total[c], 4),
                "finding_types": dict(neg_types[c]),
            }
            for c in sorted(neg_total)
        },
        "negatives_by_lang": {
            lg: {
                "n": neg_lang_total[lg],
                "clean_share": round(neg_lang_clean[lg] / neg_lang_total[lg], 4),
            }
            for lg in LANGS
        },
        "clean_share": round(sum(neg_clean.values()) / negatives, 4) if negatives else None,
        "examples": {
            "misses": diverse(misses, ("type", "variant"), 30),
            "false_positives": diverse(fps, ("where", "finding"), 30),
        },
        "counts": {"misses": len(misses), "false_positive_findings": len(fps)},
    }


def diverse(items: list[dict[str, Any]], keys: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
    """Up to `limit` items, round-robin over groups so one failure mode does not fill the list."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for it in items:
        groups[tuple(it[k] for k in keys)].append(it)
    shuffle = random.Random(0)
    for g in groups.values():
        shuffle.shuffle(g)
    out: list[dict[str, Any]] = []
    while len(out) < limit and any(groups.values()):
        for g in list(groups):
            if groups[g] and len(out) < limit:
                out.append(groups[g].pop(0))
    return out


def corpus_counts(samples: list[Sample]) -> dict[str, Any]:
    c: dict[str, Counter[str]] = defaultdict(Counter)
    for s in samples:
        if s.type == "negative":
            c["negatives_by_lang"][s.lang] += 1
            c["negatives_by_category"][s.variant] += 1
            continue
        c["samples_by_type"][s.type] += 1
        c["samples_by_context"][s.context] += 1
        for p in s.plants:
            c["planted_by_type"][p.type] += 1
            c["planted_by_lang"][s.lang] += 1
            c["planted_by_variant"][s.variant] += 1
    return {k: dict(v) for k, v in c.items()}


def report(r: dict[str, Any], counts: dict[str, Any]) -> str:
    def rec(d: dict[str, Any]) -> list[str]:
        return [pct(d["typed_recall"]), pct(d["any_recall"]), pct(d["request_recall"])]

    rh = ["typed recall", "any recall", "request-level recall"]

    def recall_table(title: str, first: str, rows: dict[str, Any], only_weak: bool = False) -> str:
        items = [(k, d) for k, d in rows.items() if not only_weak or d["typed_recall"] < 1]
        items.sort(key=lambda x: (x[1]["any_recall"], x[1]["typed_recall"], x[0]))
        return table(title, [first, "planted", *rh], [[k, d["n"], *rec(d)] for k, d in items])

    s = r["structured"]
    na = r["names_addresses"]
    out = [
        "## Privacy guard, adversarial corpus",
        f"{r['samples']} samples: {r['positives_planted']} planted values, {r['negatives']} "
        f"negatives (scanned in {r['scan_seconds']} s). Recall columns: typed = a finding of the "
        "expected type overlaps the value; any = a finding of any type does; request-level = the "
        "request holding it has at least one finding (what routing sees).",
        f"\nStructured leaks (no overlapping finding of any type): {s['leaks']['message']} of "
        f"{s['planted']} per message; {s['leaks']['conversation']} scanning each sample's texts "
        f"joined; {s['leaks']['request']} at request level (no finding anywhere in the request).",
        f"Names: typed {pct(na['person_name']['typed_recall'])}, any "
        f"{pct(na['person_name']['any_recall'])}; addresses: typed "
        f"{pct(na['address']['typed_recall'])}, any {pct(na['address']['any_recall'])}.",
        "Clean prompts that still reach the cloud (negatives with zero findings): "
        f"{pct(r['clean_share'])}.",
    ]
    prec = r["precision_by_type"]
    rows = []
    for t, d in r["by_type"].items():
        p = prec[t]
        leaks = d["n"] - round(d["any_recall"] * d["n"]) if t in STRUCTURED else "-"
        pt = "-" if p["precision_typed"] is None else pct(p["precision_typed"])
        rows.append(
            [
                t,
                d["n"],
                *rec(d),
                leaks,
                p["findings"],
                p["on_target"],
                p["other_plant"],
                p["stray"],
                p["on_negatives"],
                pt,
            ]
        )
    head = [
        "type",
        "planted",
        *rh,
        "leaks",
        "findings",
        "on target",
        "on other planted",
        "stray",
        "on negatives",
        "precision (typed)",
    ]
    out.append(table("Per type", head, rows))
    neg = r["negatives_by_lang"]
    out.append(
        table(
            "Per language",
            ["lang", "planted", *rh, "negatives", "clean negatives"],
            [
                [lg, d["n"], *rec(d), neg[lg]["n"], pct(neg[lg]["clean_share"])]
                for lg, d in r["by_lang"].items()
            ],
        )
    )
    out.append(recall_table("Per variant (all types)", "variant", r["by_variant"]))
    out.append(recall_table("Per context", "context", r["by_context"]))
    out.append(
        recall_table("Type x variant below 100% typed", "type/variant", r["by_type_variant"], True)
    )
    out.append(recall_table("Type x kind below 100% typed", "type/kind", r["by_type_kind"], True))
    out.append(recall_table("Zero-width characters", "char", r["by_zero_width_char"]))
    lv = r["levels"]
    out.append(
        table(
            "Levels (all planted values)",
            ["level", "typed recall", "any recall"],
            [
                ["message", pct(lv["message"]["typed_recall"]), pct(lv["message"]["any_recall"])],
                [
                    "conversation (texts joined)",
                    pct(lv["conversation"]["typed_recall"]),
                    pct(lv["conversation"]["any_recall"]),
                ],
                ["request (any finding in the request)", "-", pct(lv["request"]["any_recall"])],
            ],
        )
    )
    out.append(
        table(
            "Values split across two messages",
            ["level", "planted", "any recall"],
            [[k, d["n"], pct(d["any_recall"])] for k, d in r["multi_message"].items()],
        )
    )
    cats = sorted(r["negatives_by_category"].items(), key=lambda x: (x[1]["clean_share"], x[0]))
    out.append(
        table(
            "Negatives per category",
            ["category", "n", "clean", "finding types"],
            [
                [
                    c,
                    d["n"],
                    pct(d["clean_share"]),
                    ", ".join(f"{k} {v}" for k, v in d["finding_types"].items()) or "-",
                ]
                for c, d in cats
            ],
        )
    )
    out.append(
        table(
            f"Example misses ({len(r['examples']['misses'])} of {r['counts']['misses']}; "
            "no finding overlaps the value)",
            ["sample", "type", "kind", "variant", "context", "value", "other findings in sample"],
            [
                [
                    m["sid"],
                    m["type"],
                    m["kind"],
                    m["variant"],
                    m["context"],
                    f"`{m['value']}`",
                    ", ".join(m["other_findings"]) or "-",
                ]
                for m in r["examples"]["misses"]
            ],
        )
    )
    out.append(
        table(
            f"Example false positives ({len(r['examples']['false_positives'])} of "
            f"{r['counts']['false_positive_findings']}; the finding overlaps no planted value)",
            ["sample", "where", "finding", "flagged text"],
            [
                [f["sid"], f["where"], f["finding"], f"`{f['text']}`"]
                for f in r["examples"]["false_positives"]
            ],
        )
    )
    out.append(
        "\nCorpus, planted values per type: "
        + ", ".join(f"{k} {v}" for k, v in counts["planted_by_type"].items())
        + "; per language: "
        + ", ".join(f"{k} {v}" for k, v in counts["planted_by_lang"].items())
        + f"; {len(counts['planted_by_variant'])} variants; negatives per language: "
        + ", ".join(f"{k} {v}" for k, v in counts["negatives_by_lang"].items())
        + "."
    )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", metavar="FILE", help="write all figures as JSON")
    ap.add_argument("--seed", type=int, default=20240312)
    args = ap.parse_args()
    samples = build_corpus(args.seed)
    counts = corpus_counts(samples)
    result = evaluate(samples, PrivacyScanner())
    print(report(result, counts))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(
                {"seed": args.seed, "corpus": counts, **result}, fh, ensure_ascii=False, indent=1
            )


if __name__ == "__main__":
    main()
