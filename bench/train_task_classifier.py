"""Train the shipped task-classifier head and report its quality on unseen datasets.

    .venv/bin/python bench/train_task_classifier.py [--features static|encoder]
        [--data FILE.parquet] [--cache DIR] [--folds 5 | --folds 0 (leave one source out)]
        [--kind logreg|mlp] [--c 0.01] [--out FILE] [--json] [--compare]

Reads prompts labelled with a tier and the `source` dataset each came from, scores a TF-IDF +
logistic regression baseline and the head on `--features` with folds grouped by source (no
dataset is in both train and test), then trains on everything and writes the head
(`static`: src/hybridgate/routing/data/task_head.npz, the default for `auto`; `encoder`:
task_head_encoder.npz). Deterministic: the same data gives the same figures and the same file.
Static features take seconds; encoder features for ~12.7K prompts take about ten minutes on two
cores, and `--cache` keeps them between runs (outside the repository).

`--compare` scores every variant on the same folds and times each one (p50 over 200 prompts of
~2 KB, one onnxruntime thread; pin it with `taskset -c 0`): the encoder features (256-token
pass + first/last 32-token windows + cues), the two 32-token windows + cues, static token
embeddings + cues (shipped), static + hashed n-grams, no embeddings at all (cues + hashed word
n-grams of the prompt's two ends), cues alone, and the cascade (static, then the encoder for
prompts static labels with confidence under 0.5). It needs the encoder features (`--cache`).
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

from hybridgate.engines.embedder import DIMENSIONS, Embedder
from hybridgate.routing.classifier import (
    ESCALATE_BELOW,
    FEATURE_SETS,
    INSTRUCTION_TOKENS,
    N_CUES,
    SHIPPED_HEADS,
    FeatureSet,
    Featurizer,
    TaskClassifier,
    cue_features,
    encoder_features,
)
from hybridgate.training.task_classifier import (
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
HEADS = REPO / "src" / "hybridgate" / "routing" / "data"


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


def cached_features(
    prompts: Sequence[str], cache: Path | None, feature_set: FeatureSet
) -> np.ndarray:
    """Feature rows; encoder rows are cached in `cache` (static ones take seconds)."""
    started = time.perf_counter()
    if feature_set == "static":
        features = Featurizer("static")(prompts)
        print(f"static features in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        return features
    width = 3 * DIMENSIONS + N_CUES
    digest = hashlib.sha256("\x00".join(prompts).encode()).hexdigest()[:16]
    path = cache / f"task_features_{digest}_{width}.npy" if cache else None
    if path is not None and path.exists():
        return np.load(path)
    features = encoder_features(prompts, Embedder())
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


ENCODER, STATIC = "encoder (256+2x32+cues)", "static (3x128+cues)"


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def compare(
    prompts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str],
    cache: Path | None,
    folds: int | None,
    c: float,
) -> list[tuple[str, Evaluation, float]]:
    """(variant, grouped evaluation, latency p50 ms) for every feature set on the same folds.
    The encoder's window columns come from its full features: nothing is embedded twice."""
    encoder = cached_features(prompts, cache, "encoder")
    ends = encoder[:, DIMENSIONS:]
    static = cached_features(prompts, cache, "static")
    started = time.perf_counter()
    text = np.stack([text_features(p) for p in prompts])
    print(f"text features in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    hashed = text[:, N_CUES:]
    sample = [p for p in prompts if 1700 <= len(p) <= 2400][:200]
    embedder = Embedder(threads=1)
    embedder.load()
    run_static = Featurizer("static", embedder=embedder)

    def run_encoder(prompt: str) -> None:
        encoder_features([prompt], embedder)

    def run_ends(prompt: str) -> None:
        ids = embedder.tokenize([prompt])
        embedder.embed_tokens(ids, keep="head", window=INSTRUCTION_TOKENS)
        embedder.embed_tokens(ids, keep="tail", window=INSTRUCTION_TOKENS)
        cue_features(prompt, len(ids[0]), embedder.max_tokens - 2)

    def run_static_hash(prompt: str) -> None:
        run_static([prompt])
        hashed_ngrams(prompt)

    def run_cascade(prompt: str) -> None:
        cascade.classify([prompt])

    cascade = TaskClassifier(
        embedder=embedder, fallback=TaskClassifier(embedder=embedder, feature_set="encoder")
    )
    rows = []
    log_proba: dict[str, np.ndarray] = {}
    for name, x, run in (
        (ENCODER, encoder, run_encoder),
        ("encoder ends (2x32+cues)", ends, run_ends),
        (STATIC, static, lambda p: run_static([p])),
        ("static+hash", np.hstack([static, hashed]), run_static_hash),
        ("cues+hash (no embedding)", text, text_features),
        ("cues only", static[:, -N_CUES:], lambda p: cue_features(p, len(p) // 4, 254)),
    ):
        logits, order, splits = out_of_fold_logits(
            x, labels, groups, lambda a, b: fit_head(a, b, c=c), folds=folds
        )
        evaluation = score(logits, order, labels, splits)
        rows.append((name, evaluation, p50_ms(run, sample)))
        log_proba[name] = _log_softmax(logits / evaluation.temperature)
    # The cascade: static's calibrated confidence below ESCALATE_BELOW → the encoder's answer.
    static_lp, encoder_lp = log_proba[STATIC], log_proba[ENCODER]
    unsure = np.exp(static_lp.max(axis=1)) < ESCALATE_BELOW
    mixed = np.where(unsure[:, None], encoder_lp, static_lp)
    name = f"cascade ({unsure.mean():.0%} to encoder)"
    rows.append((name, score(mixed, order, labels, splits), p50_ms(run_cascade, sample)))
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
    parser.add_argument("--features", choices=FEATURE_SETS, default="static")
    parser.add_argument("--out", type=Path, default=None, help="default: the shipped head file")
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
    feature_set: FeatureSet = args.features
    out: Path = args.out or HEADS / SHIPPED_HEADS[feature_set]
    results: dict[str, Evaluation] = {}
    if not args.no_baseline:
        results["tfidf_logreg"] = tfidf_baseline(prompts, labels, groups, folds)
    features = cached_features(prompts, args.cache, feature_set)
    name = f"{feature_set}_{kind}"
    results[name] = evaluate_grouped(
        prompts, labels, groups, features=features, kind=kind, c=args.c, folds=folds
    )
    ours = results[name]
    if not args.no_write:
        head = train(
            prompts,
            labels,
            feature_set=feature_set,
            features=features,
            kind=kind,
            c=args.c,
            temperature=ours.temperature,
            trained_on=(
                f"{args.data.name}: {len(prompts)} prompts, {feature_set} features, {kind}, "
                f"C={args.c}; grouped CV accuracy {ours.accuracy:.3f}, "
                f"macro-F1 {ours.macro_f1:.3f}"
            ),
        )
        head.save(out)
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
            print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    if args.compare:
        rows = compare(prompts, labels, groups, args.cache, folds, args.c)
        short = {"classification": "cls", "summarization": "sum", "extraction": "ext"}
        short |= {"complex_reasoning": "reas", "other_qa_or_generation": "other"}
        print(f"\n{'variant':<26} {'acc':>6} {'mF1':>6}  per-class F1{'':<25} p50 ms")
        for variant, e, ms in rows:
            per = " ".join(f"{short.get(k, k)} {v:.2f}" for k, v in e.per_class_f1.items())
            print(f"{variant:<26} {e.accuracy:6.3f} {e.macro_f1:6.3f}  {per}  {ms:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
