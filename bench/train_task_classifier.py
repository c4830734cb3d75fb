"""Train the shipped task-classifier head and report its quality on unseen datasets.

    .venv/bin/python bench/train_task_classifier.py [--data FILE.parquet] [--cache DIR]
        [--folds 5 | --folds 0 (leave one source out)] [--kind logreg|mlp] [--c 0.01]
        [--out src/hybridgate/routing/data/task_head.npz] [--json] [--compare]

Reads prompts labelled with a tier and the `source` dataset each came from, scores a TF-IDF +
logistic regression baseline and the embedding head with folds grouped by source (no dataset
is in both train and test), then trains on everything and writes the head. Deterministic:
the same data gives the same figures and the same file. Embedding ~12.7K prompts takes about
ten minutes on two cores; `--cache` keeps the features between runs (outside the repository).

`--compare` also scores cheaper variants on the same folds and times each one (p50 over 200
prompts of ~2 KB, one onnxruntime thread; pin it with `taskset -c 0`): the shipped features
(256-token pass + first/last 32-token windows + cues), the two 32-token windows + cues (no
256-token pass), and no encoder at all (cues + hashed word n-grams of the prompt's two ends).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hybridgate.providers.embedder import Embedder
from hybridgate.routing.classifier import (
    INSTRUCTION_TOKENS,
    N_CUES,
    N_FEATURES,
    cue_features,
    featurize,
)
from hybridgate.routing.train_classifier import (
    Evaluation,
    HeadKind,
    evaluate_grouped,
    fit_head,
    label_order,
    out_of_fold_logits,
    score,
    train,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "routing" / "task_tier_train.parquet"
DEFAULT_OUT = REPO / "src" / "hybridgate" / "routing" / "data" / "task_head.npz"


class _TfidfScorer:
    """TF-IDF + logistic regression; its "features" are row indices into the prompts."""

    def __init__(self, prompts: Sequence[str], rows: np.ndarray, labels: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self._prompts = prompts
        self._vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=50_000)
        x = self._vectorizer.fit_transform(self._texts(rows))
        self._model = LogisticRegression(max_iter=2000).fit(x, list(labels))
        self.labels = label_order(labels)
        self._columns = [list(self._model.classes_).index(label) for label in self.labels]

    def _texts(self, rows: np.ndarray) -> list[str]:
        return [self._prompts[int(i)] for i in rows[:, 0]]

    def logits(self, features: np.ndarray) -> np.ndarray:
        scores = self._model.decision_function(self._vectorizer.transform(self._texts(features)))
        return np.asarray(scores, dtype=np.float32)[:, self._columns]


def tfidf_baseline(
    prompts: Sequence[str], labels: Sequence[str], groups: Sequence[str], folds: int | None
) -> Evaluation:
    rows = np.arange(len(prompts), dtype=np.float32)[:, None]
    logits, order, splits = out_of_fold_logits(
        rows, labels, groups, lambda x, y: _TfidfScorer(prompts, x, y), folds=folds
    )
    return score(logits, order, labels, splits)


def cached_features(prompts: Sequence[str], cache: Path | None) -> np.ndarray:
    digest = hashlib.sha256("\x00".join(prompts).encode()).hexdigest()[:16]
    path = cache / f"task_features_{digest}_{N_FEATURES}.npy" if cache else None
    if path is not None and path.exists():
        return np.load(path)
    started = time.perf_counter()
    features = featurize(prompts, Embedder())
    seconds = time.perf_counter() - started
    print(
        f"embedded {len(prompts)} prompts in {seconds:.0f}s ({len(prompts) / seconds:.1f}/s)",
        file=sys.stderr,
    )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, features)
    return features


_WORD = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
HASH_DIM = 4096
HASH_WORDS = 48


def hashed_ngrams(text: str) -> np.ndarray:
    """Word unigrams and bigrams of the first and last 48 words, tagged by end, hashed (crc32,
    stable across runs and machines) into 4096 binary features: an encoder-free view of the
    instruction."""
    words = _WORD.findall(text.lower())
    hit = set()
    for tag, part in (("H", words[:HASH_WORDS]), ("T", words[-HASH_WORDS:])):
        for i, word in enumerate(part):
            hit.add(zlib.crc32(f"{tag}1{word}".encode()) % HASH_DIM)
            if i:
                hit.add(zlib.crc32(f"{tag}2{part[i - 1]} {word}".encode()) % HASH_DIM)
    row = np.zeros(HASH_DIM, np.float32)
    row[list(hit)] = 1.0
    return row


def text_features(text: str, window: int = 254) -> np.ndarray:
    """No encoder: the shipped cues (token count ~ words) + hashed n-grams."""
    n_tokens = len(_WORD.findall(text.lower()))
    return np.concatenate([cue_features(text, n_tokens, window), hashed_ngrams(text)])


def p50_ms(run: object, texts: Sequence[str]) -> float:
    assert callable(run)
    for text in texts[:10]:
        run(text)
    times = []
    for text in texts:
        started = time.perf_counter()
        run(text)
        times.append(time.perf_counter() - started)
    return float(np.percentile(times, 50) * 1e3)


def compare(
    prompts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str],
    features: np.ndarray,
    folds: int | None,
    c: float,
) -> list[tuple[str, Evaluation, float]]:
    """(variant, grouped evaluation, latency p50 ms) for the shipped features and two cheaper
    ones. The window columns come from the cached full features: nothing is re-embedded."""
    ends = features[:, 384:]
    assert ends.shape[1] == 2 * 384 + N_CUES
    started = time.perf_counter()
    text = np.stack([text_features(p) for p in prompts])
    print(f"text features in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    sample = [p for p in prompts if 1700 <= len(p) <= 2400][:200]
    embedder = Embedder(threads=1)
    embedder.load()

    def run_full(prompt: str) -> None:
        featurize([prompt], embedder)

    def run_ends(prompt: str) -> None:
        ids = embedder.tokenize([prompt])
        embedder.embed_tokens(ids, keep="head", window=INSTRUCTION_TOKENS)
        embedder.embed_tokens(ids, keep="tail", window=INSTRUCTION_TOKENS)
        cue_features(prompt, len(ids[0]), embedder.max_tokens - 2)

    def run_text(prompt: str) -> None:
        text_features(prompt)

    rows = []
    for name, x, run in (
        ("full (256+2x32+cues)", features, run_full),
        ("ends (2x32+cues)", ends, run_ends),
        ("no encoder (cues+hash)", text, run_text),
    ):
        logits, order, splits = out_of_fold_logits(
            x, labels, groups, lambda a, b: fit_head(a, b, c=c), folds=folds
        )
        rows.append((name, score(logits, order, labels, splits), p50_ms(run, sample)))
    return rows


def line(name: str, e: Evaluation) -> str:
    scores = f"accuracy {e.accuracy:.3f}  macro-F1 {e.macro_f1:.3f}"
    return f"{name:<20} {scores}  ECE {e.calibration_error:.3f}  T {e.temperature:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=None, help="directory for cached features")
    parser.add_argument(
        "--folds", type=int, default=5, help="GroupKFold splits; 0 = one source out"
    )
    parser.add_argument("--kind", choices=["logreg", "mlp"], default="logreg")
    parser.add_argument("--c", type=float, default=0.01, help="inverse regularisation strength")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--compare", action="store_true", help="score and time cheaper variants")
    args = parser.parse_args(argv)

    import pandas as pd

    frame = pd.read_parquet(args.data, columns=["prompt", "tier", "source"])
    prompts, labels, groups = (frame[c].astype(str).tolist() for c in ("prompt", "tier", "source"))
    folds = args.folds or None
    kind: HeadKind = args.kind
    results: dict[str, Evaluation] = {}
    if not args.no_baseline:
        results["tfidf_logreg"] = tfidf_baseline(prompts, labels, groups, folds)
    features = cached_features(prompts, args.cache)
    results[f"minilm_{kind}"] = evaluate_grouped(
        prompts, labels, groups, features=features, kind=kind, c=args.c, folds=folds
    )
    ours = results[f"minilm_{kind}"]
    if not args.no_write:
        head = train(
            prompts,
            labels,
            features=features,
            kind=kind,
            c=args.c,
            temperature=ours.temperature,
            trained_on=(
                f"{args.data.name}: {len(prompts)} prompts, {kind}, C={args.c}; grouped CV "
                f"accuracy {ours.accuracy:.3f}, macro-F1 {ours.macro_f1:.3f}"
            ),
        )
        head.save(args.out)
    if args.json:
        import msgspec

        print(json.dumps({k: msgspec.to_builtins(v) for k, v in results.items()}, indent=2))
    else:
        split = f"GroupKFold({folds}) by source" if folds else "leave-one-source-out"
        print(f"{len(prompts)} prompts, {len(set(groups))} sources; {split}")
        for name, evaluation in results.items():
            print(line(name, evaluation))
            print(
                "    per-class F1: "
                + ", ".join(f"{k} {v:.2f}" for k, v in evaluation.per_class_f1.items())
            )
        if not args.no_write:
            print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    if args.compare:
        rows = compare(prompts, labels, groups, features, folds, args.c)
        short = {"classification": "cls", "summarization": "sum", "extraction": "ext"}
        short |= {"complex_reasoning": "reas", "other_qa_or_generation": "other"}
        print(f"\n{'variant':<24} {'acc':>6} {'mF1':>6}  per-class F1{'':<25} p50 ms")
        for name, e, ms in rows:
            per = " ".join(f"{short.get(k, k)} {v:.2f}" for k, v in e.per_class_f1.items())
            print(f"{name:<24} {e.accuracy:6.3f} {e.macro_f1:6.3f}  {per}  {ms:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
