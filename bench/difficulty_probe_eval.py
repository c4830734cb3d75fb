"""Cross-domain APGR of candidate difficulty signals, on the prompts
bench/difficulty_probe_features.py probed.

    .venv/bin/python bench/difficulty_probe_features.py   # ~8 min on 2 busy cores, cached
    .venv/bin/python bench/difficulty_probe_eval.py [--json]

Same protocol as bench/difficulty_cross_domain.py (train on one family, test on another; arena
also 5-fold CV), on the probed subsets (mmlu and gsm8k: seeded samples of 400; arena: all 293
scored prompts), so every column is measured on the same prompts. Each head is logistic
regression on standardised features with the soft target (strong − weak + 1) / 2; C fixed in
advance, never chosen on a test family. Columns:
- `length`: characters (the baseline to beat);
- `cues`: the robust cue head of training.difficulty.ROBUST;
- `cues+task`: the robust cue head's logit plus the task head's five probabilities;
- `c+t+probe`: cue logit, task probabilities and probe features;
- `probe`: SmolLM2-135M's uncertainty features (PROBE_FEATURES) alone;
- `cues+probe`: the robust cue head's logit plus the probe features;
- `static`: the static MiniLM vector of the prompt's last 64 tokens (C=0.01), with the cues;
- `p:<feature>`: one probe feature, its sign learned on the train family.
The bracket after each pair: 90% paired-bootstrap interval of APGR(cues+probe) − APGR(cues).

Measured 2026-12-04 (train → test: length / cues / cues+task / probe / cues+probe / static):
    mmlu  → gsm8k  0.588 / 0.575 / 0.558 / 0.576 / 0.584 / 0.550   [-0.056, +0.071]
    mmlu  → arena  0.529 / 0.527 / 0.517 / 0.509 / 0.511 / 0.446   [-0.058, +0.017]
    gsm8k → mmlu   0.615 / 0.615 / 0.552 / 0.676 / 0.648 / 0.641   [-0.001, +0.103]
    gsm8k → arena  0.529 / 0.528 / 0.518 / 0.526 / 0.528 / 0.490   [-0.020, +0.017]
    arena → mmlu   0.615 / 0.573 / 0.566 / 0.620 / 0.599 / 0.413   [-0.065, +0.117]
    arena → gsm8k  0.588 / 0.583 / 0.568 / 0.545 / 0.569 / 0.436   [-0.043, +0.028]
    arena (5-fold) 0.529 / 0.508 / 0.499 / 0.482 / 0.496 / 0.552
The probe helps only when MMLU is the test family (rare, surprising prompt tokens: specialist
knowledge); on open-ended chat no signal here beats prompt length across domains, and the
probe costs 450-680 ms a prompt on CPU. Nothing from this bench ships in the default head.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from difficulty_cross_domain import length_apgr, load
from difficulty_probe_features import PROBE_FEATURES, RESULTS

from hybridgate.engines.embedder import DIMENSIONS, Embedder
from hybridgate.engines.static_embed import StaticEmbedder
from hybridgate.routing.classifier import TaskClassifier
from hybridgate.training.difficulty import ROBUST, apgr, fit_head, fold_ids


def family(
    name: str, embedder: Embedder, static: StaticEmbedder, task: TaskClassifier
) -> dict[str, object]:
    import pandas as pd

    prompts, x, w, s = load(name, embedder)
    probed = pd.read_parquet(RESULTS / f"difficulty_probe_{name}.parquet")
    index = {p: i for i, p in enumerate(prompts)}
    rows = np.asarray([index[p] for p in probed["prompt"]])
    kept = [prompts[i] for i in rows]
    tails = static.embed_tokens(static.tokenize(kept), keep="tail", window=64)
    return {
        "prompts": kept,
        "cues": x[rows],
        "weak": w[rows],
        "strong": s[rows],
        "probe": probed[list(PROBE_FEATURES)].to_numpy(np.float64),
        "static": tails.astype(np.float64),
        "task": task.predict_proba(kept).astype(np.float64),
    }


def _logistic(x: np.ndarray, w: np.ndarray, s: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    y = (s - w + 1.0) / 2.0
    mean, scale = x.mean(0), np.maximum(x.std(0), 1e-9)
    z = (x - mean) / scale
    xx = np.vstack([z, z])
    yy = np.concatenate([np.ones(len(z)), np.zeros(len(z))])
    sw = np.concatenate([y, 1.0 - y]) + 1e-9
    model = LogisticRegression(C=c, max_iter=2000).fit(xx, yy, sample_weight=sw)
    return lambda q: model.decision_function((q - mean) / scale)


def scorers(train: dict, c_probe: float = 0.1) -> dict[str, object]:
    choice = ROBUST[0]
    cue_head = fit_head(
        train["cues"],
        train["weak"],
        train["strong"],
        label=choice.label,
        c=choice.c,
        uses=choice.uses,
    )

    def cue_logit(f: dict) -> np.ndarray:
        return cue_head.logits(f["cues"]).astype(np.float64).ravel()

    w, s = train["weak"], train["strong"]
    probe = _logistic(train["probe"], w, s, c_probe)
    joint_x = np.column_stack([cue_logit(train), train["probe"]])
    joint = _logistic(joint_x, w, s, c_probe)
    cue_cols = train["cues"][:, DIMENSIONS:]
    static_x = np.column_stack([train["static"], cue_cols])
    static = _logistic(static_x, w, s, 0.01)
    task_x = np.column_stack([cue_logit(train), train["task"]])
    task = _logistic(task_x, w, s, c_probe)
    all_x = np.column_stack([cue_logit(train), train["task"], train["probe"]])
    every = _logistic(all_x, w, s, c_probe)
    out = {
        "cues": cue_logit,
        "cues+task": lambda f: task(np.column_stack([cue_logit(f), f["task"]])),
        "c+t+probe": lambda f: every(np.column_stack([cue_logit(f), f["task"], f["probe"]])),
        "probe": lambda f: probe(f["probe"]),
        "cues+probe": lambda f: joint(np.column_stack([cue_logit(f), f["probe"]])),
        "static": lambda f: static(np.column_stack([f["static"], f["cues"][:, DIMENSIONS:]])),
    }
    gain = s - w
    for j, name in enumerate(PROBE_FEATURES):
        col = train["probe"][:, j]
        sign = 1.0 if np.corrcoef(col, gain)[0, 1] >= 0 else -1.0
        out[f"p:{name[6:]}"] = lambda f, j=j, sign=sign: sign * f["probe"][:, j]
    return out


def _paired_interval(
    a: np.ndarray, b: np.ndarray, weak: np.ndarray, strong: np.ndarray, rng: np.random.Generator
) -> tuple[float, float]:
    """5th and 95th percentile of APGR(a) − APGR(b) over 200 bootstrap resamples of the prompts."""
    gains = []
    for _ in range(200):
        i = rng.integers(0, len(a), len(a))
        gains.append(apgr(a[i], weak[i], strong[i]) - apgr(b[i], weak[i], strong[i]))
    low, high = np.percentile(gains, [5, 95])
    return float(low), float(high)


def subset(f: dict, mask: np.ndarray) -> dict:
    return {
        k: ([v[i] for i in np.flatnonzero(mask)] if k == "prompts" else v[mask])
        for k, v in f.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    embedder = Embedder()
    static = StaticEmbedder(embedder=embedder)
    task = TaskClassifier(embedder=embedder)
    fams = {n: family(n, embedder, static, task) for n in ("mmlu", "gsm8k", "arena")}
    results = []
    rng = np.random.default_rng(0)
    for a in fams:
        for b in fams:
            if a == b:
                continue
            test = fams[b]
            row = {
                "train": a,
                "test": b,
                "n": len(test["prompts"]),
                "length": length_apgr(test["prompts"], test["weak"], test["strong"]),
            }
            scored = {name: score(test) for name, score in scorers(fams[a]).items()}
            for name, values in scored.items():
                row[name] = apgr(values, test["weak"], test["strong"])
            row["gain 90%"] = _paired_interval(
                scored["cues+probe"], scored["cues"], test["weak"], test["strong"], rng
            )
            results.append(row)
    arena = fams["arena"]
    ids = fold_ids(len(arena["prompts"]), 5, seed=0, groups=arena["prompts"])
    pooled: dict[str, np.ndarray] = {}
    for k in range(5):
        tr, te = subset(arena, ids != k), subset(arena, ids == k)
        for name, score in scorers(tr).items():
            pooled.setdefault(name, np.zeros(len(ids)))[ids == k] = score(te)
    row = {
        "train": "arena(CV)",
        "test": "arena",
        "n": len(ids),
        "length": length_apgr(arena["prompts"], arena["weak"], arena["strong"]),
    }
    row.update({name: apgr(v, arena["weak"], arena["strong"]) for name, v in pooled.items()})
    results.append(row)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    cols = [k for k in results[0] if k not in ("train", "test", "n", "gain 90%")]
    print(f"{'train':<10}{'test':<7}{'n':>4} " + " ".join(f"{c[:10]:>10}" for c in cols))
    for r in results:
        interval = r.get("gain 90%")
        gain = f"  [{interval[0]:+.3f}, {interval[1]:+.3f}]" if interval else ""
        print(
            f"{r['train']:<10}{r['test']:<7}{r['n']:>4} "
            + " ".join(f"{r[c]:10.3f}" for c in cols)
            + gain
        )
    print("[..]: 90% bootstrap interval of APGR(cues+probe) - APGR(cues), paired")


if __name__ == "__main__":
    main()
