"""Evaluate the difficulty router on RouteLLM's MMLU and GSM8K outcomes; write the shipped head.

    .venv/bin/python bench/difficulty_eval.py [--data-dir DIR] [--cache DIR] [--folds 5]
        [--out src/hybridgate/routing/data/difficulty_head.npz] [--no-write] [--json]
        [--cues-only]

Rows flagged `contaminated` are dropped everywhere. For each setting it prints random routing,
the prompt-length baseline and two heads, with RouteLLM's APGR, CPT(50%) and CPT(80%) (10
equal-count threshold bins, as in `routellm/evals`):

- in-domain: 5-fold cross-validation on one benchmark, metrics averaged over the held-out folds
  (identical prompts — MMLU has ~100 — always share a fold); for MMLU also with whole subjects
  held out, which random folds leak (the embedding learns which subjects are hard);
- transfer: trained on one benchmark, tested on the other.

"retrain recipe" is what `router train --outcome-data` does: target, features (embedding or
not) and C picked by cross-validation inside the training part only. "shipped recipe" is the
shipped head's, fixed: robust cues (no embedding, domain markers damped, content cues' weights
non-negative), soft target, C=0.001. Test folds are never looked at until they are scored;
features are standardised on the training part. The shipped head is then trained on both
benchmarks together. Embedding is the slow part (MMLU: ~14K prompts, ~20 minutes on two busy
cores); `--cache` keeps embeddings between runs, outside the repository; `--cues-only` skips
it (and the retrain-recipe rows) and takes under a minute. Deterministic.

The cue families, the damping and C were chosen looking at these two benchmarks, transfer
included, so the transfer figures are somewhat optimistic for traffic unlike both; with whole
MMLU subjects held out the shipped recipe falls below prompt length.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import msgspec
import numpy as np

from hybridgate.engines.embedder import DIMENSIONS, Embedder
from hybridgate.routing.difficulty import FloatArray, features_from
from hybridgate.training.difficulty import (
    CANDIDATES,
    ROBUST,
    Choice,
    apgr,
    cpt,
    fold_ids,
    train,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "routing"
DEFAULT_OUT = REPO / "src" / "hybridgate" / "routing" / "data" / "difficulty_head.npz"
BENCHMARKS = ("mmlu", "gsm8k")
WEAK, STRONG = "mixtral_8x7b_correct", "gpt4_1106_correct"
#: Best router in the RouteLLM paper (trained on Arena data, not on these benchmarks).
ANCHORS = {"mmlu": (0.603, 0.354, 0.716), "gsm8k": (0.622, 0.336, 0.633)}
RANDOM_SEEDS = 20


class Benchmark(msgspec.Struct):
    name: str
    prompts: list[str]
    features: FloatArray
    weak: FloatArray
    strong: FloatArray
    #: The MMLU subject of each prompt (GSM8K: all one group).
    groups: list[str]


class Row(msgspec.Struct, frozen=True):
    setting: str
    method: str
    apgr: float
    cpt50: float
    cpt80: float
    note: str = ""


def load(
    name: str, data_dir: Path, cache: Path, embedder: Embedder, *, embed: bool = True
) -> Benchmark:
    import pandas as pd

    frame = pd.read_parquet(data_dir / f"routellm_{name}.parquet")
    prompts = frame["prompt"].astype(str).tolist()
    digest = hashlib.sha256("\x00".join(prompts).encode()).hexdigest()[:16]
    path = cache / f"{name}_{digest}.npz"
    if not embed:
        token_ids = embedder.tokenize(prompts)
        n_tokens = np.asarray([len(ids) for ids in token_ids])
        embeddings = np.zeros((len(prompts), DIMENSIONS), dtype=np.float32)
    elif path.exists():
        with np.load(path) as stored:
            embeddings, n_tokens = stored["embeddings"], stored["n_tokens"]
    else:
        started = time.monotonic()
        token_ids = embedder.tokenize(prompts)
        # The question is at the end of the prompt: keep the last 254 tokens.
        embeddings = embedder.embed_tokens(token_ids, keep="tail")
        n_tokens = np.asarray([len(ids) for ids in token_ids])
        cache.mkdir(parents=True, exist_ok=True)
        np.savez(path, embeddings=embeddings, n_tokens=n_tokens)
        print(f"embedded {name}: {time.monotonic() - started:.0f}s", file=sys.stderr)
    clean = ~frame["contaminated"].to_numpy(bool)
    features = features_from(prompts, embeddings, n_tokens.tolist(), embedder.max_tokens - 2)
    return Benchmark(
        name=name,
        prompts=[p for p, keep in zip(prompts, clean, strict=True) if keep],
        features=features[clean],
        weak=frame[WEAK].to_numpy(np.float32)[clean],
        strong=frame[STRONG].to_numpy(np.float32)[clean],
        groups=[
            f"{name}:{g}"
            for g, keep in zip(
                frame.get("subject", pd.Series([""] * len(frame))), clean, strict=True
            )
            if keep
        ],
    )


def metrics(scores: FloatArray, weak: FloatArray, strong: FloatArray) -> tuple[float, ...]:
    return tuple(
        float(v)
        for v in (
            apgr(scores, weak, strong),
            cpt(scores, weak, strong, recover=0.5),
            cpt(scores, weak, strong, recover=0.8),
        )
    )


def baselines(prompts: Sequence[str], weak: FloatArray, strong: FloatArray) -> dict[str, tuple]:
    rng = np.random.default_rng(0)
    random = np.mean(
        [metrics(rng.random(len(weak)), weak, strong) for _ in range(RANDOM_SEEDS)], axis=0
    )
    length = np.asarray([len(p) for p in prompts], dtype=np.float64)
    return {"random": tuple(map(float, random)), "prompt length": metrics(length, weak, strong)}


#: (method name, candidates): the two recipes every setting trains and scores.
Recipe = tuple[str, Sequence[Choice]]
RETRAIN: Recipe = ("retrain recipe", CANDIDATES)
SHIPPED: Recipe = ("shipped recipe", ROBUST)


def fit_and_score(
    recipe: Recipe,
    train_x: FloatArray,
    train_w: FloatArray,
    train_s: FloatArray,
    test_x: FloatArray,
    groups: Sequence[str] | None = None,
) -> tuple[FloatArray, str]:
    head, choices = train(train_x, train_w, train_s, groups=groups, candidates=recipe[1])
    note = f"{choices[0].label}, {choices[0].uses}, C={choices[0].c}" if choices else "defaults"
    return head.scores(test_x), note


def in_domain(
    bench: Benchmark, folds: int, recipes: Sequence[Recipe], *, by_subject: bool = False
) -> list[Row]:
    """`by_subject`: whole MMLU subjects are held out, so a head cannot score a test prompt by
    how hard its subject was in training (which random folds allow)."""
    # Identical prompts share a fold: otherwise a test prompt's twin is in training.
    groups = bench.groups if by_subject else bench.prompts
    ids = fold_ids(len(bench.weak), folds, seed=0, groups=groups)
    per_method: dict[str, list[tuple[float, ...]]] = {}
    notes: dict[str, list[str]] = {}
    for k in range(folds):
        test = ids == k
        w, s = bench.weak[test], bench.strong[test]
        prompts = [p for p, t in zip(bench.prompts, test, strict=True) if t]
        for method, values in baselines(prompts, w, s).items():
            per_method.setdefault(method, []).append(values)
        for recipe in recipes:
            scores, note = fit_and_score(
                recipe,
                bench.features[~test],
                bench.weak[~test],
                bench.strong[~test],
                bench.features[test],
                # Held-out subjects outside, held-out subjects inside too.
                [g for g, t in zip(bench.groups, test, strict=True) if not t]
                if by_subject
                else None,
            )
            per_method.setdefault(recipe[0], []).append(metrics(scores, w, s))
            notes.setdefault(recipe[0], []).append(note)
            print(f"  {bench.name} fold {k + 1}/{folds} {recipe[0]}: {note}", file=sys.stderr)
    setting = f"{bench.name} in-domain {folds}-fold CV" + (", by subject" if by_subject else "")
    return [
        Row(
            setting,
            method,
            *map(float, np.mean(values, axis=0)),
            "; ".join(sorted(set(notes.get(method, [])))),
        )
        for method, values in per_method.items()
    ]


def transfer(source: Benchmark, target: Benchmark, recipes: Sequence[Recipe]) -> list[Row]:
    setting = f"train {source.name} → test {target.name}"
    rows = [
        Row(setting, method, *values)
        for method, values in baselines(target.prompts, target.weak, target.strong).items()
    ]
    for recipe in recipes:
        # Picked for unseen topics: selection folds hold out whole MMLU subjects (GSM8K has
        # none).
        scores, note = fit_and_score(
            recipe, source.features, source.weak, source.strong, target.features, source.groups
        )
        rows.append(Row(setting, recipe[0], *metrics(scores, target.weak, target.strong), note))
    return rows


def anchor_rows(bench: Benchmark) -> list[Row]:
    a, c50, c80 = ANCHORS[bench.name]
    return [Row(f"{bench.name} (RouteLLM paper)", "best RouteLLM router", a, c50, c80)]


def print_table(rows: Sequence[Row]) -> None:
    print(f"{'setting':<38} {'method':<22} {'APGR':>6} {'CPT50':>7} {'CPT80':>7}  note")
    last = ""
    for row in rows:
        if row.setting != last and last:
            print()
        last = row.setting
        print(
            f"{row.setting:<38} {row.method:<22} {row.apgr:6.3f} {row.cpt50:7.1%} "
            f"{row.cpt80:7.1%}  {row.note}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/hybridgate_difficulty"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-write", action="store_true", help="evaluate only")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--cues-only", action="store_true", help="skip the encoder and the retrain-recipe rows"
    )
    args = parser.parse_args(argv)

    embedder = Embedder()
    benches = {
        name: load(name, args.data_dir, args.cache, embedder, embed=not args.cues_only)
        for name in BENCHMARKS
    }
    mmlu, gsm8k = benches["mmlu"], benches["gsm8k"]
    recipes = [SHIPPED] if args.cues_only else [SHIPPED, RETRAIN]
    rows: list[Row] = []
    for bench in (mmlu, gsm8k):
        rows += anchor_rows(bench)
        rows += in_domain(bench, args.folds, recipes)
    rows += in_domain(mmlu, args.folds, recipes, by_subject=True)
    rows += transfer(mmlu, gsm8k, recipes)
    rows += transfer(gsm8k, mmlu, recipes)

    if not args.no_write:
        x = np.vstack([mmlu.features, gsm8k.features])
        w = np.concatenate([mmlu.weak, gsm8k.weak])
        s = np.concatenate([mmlu.strong, gsm8k.strong])
        n = f"{len(mmlu.weak)} MMLU + {len(gsm8k.weak)} GSM8K"
        # The shipped head meets traffic unlike either benchmark: robust cues only (the
        # embedding, trained on these two benchmarks, ranked trivial lookups — "What is the
        # capital of France?" — above multi-step word problems, and did not carry over from
        # one benchmark to the other), target picked on held-out subjects and benchmarks.
        # Retraining on one's own traffic may use the embedding.
        head, choices = train(
            x,
            w,
            s,
            groups=mmlu.groups + gsm8k.groups,
            candidates=ROBUST,
            trained_on=f"RouteLLM outcomes, non-contaminated: {n}",
        )
        for choice in choices:
            print(f"  both, grouped CV: {choice.describe()}", file=sys.stderr)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        head.save(args.out)
        print(f"wrote {args.out}: {head.trained_on}", file=sys.stderr)

    if args.json:
        print(json.dumps(msgspec.to_builtins(rows), indent=2))
    else:
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
