"""Train the shipped static task head on dataset templates *and* real chat prompts.

    .venv/bin/python bench/train_chat_task_head.py [--per-source 150] [--c 0.01]
        [--chat-share 0.5] [--trust 0.7] [--out FILE] [--no-write]

The head before this one learned from NLP-dataset templates only, so on chat its labels were
right about half the time and the instruction reader never let it decide. This one also learns
from prompts people wrote to a chat endpoint:
- the *studyable* half of Arena-Hard v2 (uid sha256 even; coding and math → complex_reasoning,
  creative writing → other_qa_or_generation). The other half is never read here: it is the
  evaluation `bench/task_ood_eval.py` reports first;
- bench/data/chat_tasks_dev.jsonl (36 prompts, all five tiers, written while tuning the rules);
- task_tier_train.parquet, at most `--per-source` prompts of each source (so no one template
  family dominates), for the tiers real chat sources here do not label.
Template rows and chat rows each carry half of the weight (`--chat-share`), classes balanced
within each.

Before writing the head it reports, for the reader over each head (what `auto` runs):
5-fold cross-validation on the studyable Arena half (each fold's head never saw that fold) and
the development prompts scored by a head trained without them. The choices (C, chat share,
reader trust 0.7) were made on those figures only. The head's temperature is fitted on the
out-of-fold Arena logits; `trust` is recorded in the file (`TaskHead.trust`).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hybridgate.routing.classifier import LABELS, Featurizer, TaskHead
from hybridgate.routing.task_reader import InstructionClassifier, reader_for
from hybridgate.training.task_classifier import fit_temperature

sys.path.insert(0, str(Path(__file__).resolve().parent))
from task_ood_eval import ARENA_TIERS, DATA, REPO, SHARED, macro_f1

OUT = REPO / "src" / "hybridgate" / "routing" / "data" / "task_head.npz"
FOLDS = 5


def studyable_arena() -> tuple[list[str], list[str]]:
    """The Arena-Hard v2 half whose uid hashes even (task_ood_eval reports the odd half)."""
    import pandas as pd

    arena = pd.read_parquet(SHARED / "arena_hard_v2_prompts.parquet")
    rows = [
        (prompt, ARENA_TIERS[category])
        for uid, prompt, category in zip(
            arena["uid"], arena["prompt"], arena["subcategory"], strict=True
        )
        if int(hashlib.sha256(uid.encode()).hexdigest(), 16) % 2 == 0
    ]
    return [p for p, _ in rows], [t for _, t in rows]


def templates(per_source: int) -> tuple[list[str], list[str]]:
    import pandas as pd

    data = pd.read_parquet(SHARED / "task_tier_train.parquet").groupby("source").head(per_source)
    return list(data["prompt"]), list(data["tier"])


def sample_weights(template_tiers: Sequence[str], chat_tiers: Sequence[str], chat_share: float):
    """Classes balanced within templates and within chat; chat rows `chat_share` of the total."""

    def balanced(tiers: Sequence[str]) -> np.ndarray:
        if not tiers:
            return np.zeros(0)
        counts = collections.Counter(tiers)
        w = np.array([1.0 / counts[t] for t in tiers])
        return w / w.sum()

    share = chat_share if chat_tiers else 0.0
    weights = np.concatenate([balanced(template_tiers) * (1 - share), balanced(chat_tiers) * share])
    return weights * len(weights)


def fit(features: np.ndarray, tiers: Sequence[str], weights: np.ndarray, c: float) -> TaskHead:
    from sklearn.linear_model import LogisticRegression

    order = tuple(label for label in LABELS if label in set(tiers))
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit((features - mean) / scale, [order.index(t) for t in tiers], sample_weight=weights)
    return TaskHead(
        labels=order,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=(model.coef_.T.astype(np.float32),),
        biases=(model.intercept_.astype(np.float32),),
    )


class _Precomputed:
    """A head over features already computed (the reader's `_Head`, without featurizing)."""

    def __init__(self, head: TaskHead, rows: dict[str, np.ndarray]) -> None:
        self.head = head
        self.rows = rows

    @property
    def labels(self) -> tuple[str, ...]:
        return self.head.labels

    @property
    def recorded_trust(self) -> float | None:
        return self.head.trust

    def ready(self) -> bool:
        return True

    def classify(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        p = self.head.predict_proba(np.stack([self.rows[t] for t in texts]))
        return [(self.head.labels[j], float(p[i, j])) for i, j in enumerate(p.argmax(axis=1))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-source", type=int, default=150)
    parser.add_argument("--c", type=float, default=0.01)
    parser.add_argument("--chat-share", type=float, default=0.5)
    parser.add_argument("--trust", type=float, default=0.7)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    featurize = Featurizer("static")
    t_text, t_tier = templates(args.per_source)
    a_text, a_tier = studyable_arena()
    dev = [json.loads(line) for line in (DATA / "chat_tasks_dev.jsonl").open()]
    d_text, d_tier = [r["prompt"] for r in dev], [r["tier"] for r in dev]
    x_t, x_a, x_d = featurize(t_text), featurize(a_text), featurize(d_text)
    rows = {**dict(zip(a_text, x_a, strict=True)), **dict(zip(d_text, x_d, strict=True))}

    def reader(head: TaskHead, chat: bool) -> InstructionClassifier:
        if chat:
            head = dataclasses.replace(head, trust=args.trust)
        return reader_for(_Precomputed(head, rows), users_head=False)

    folds = np.random.default_rng(0).permutation(np.arange(len(a_text)) % FOLDS)
    for chat in (False, True):
        predicted: list[str] = [""] * len(a_text)
        oof_logits = np.zeros((len(a_text), len(LABELS)), np.float32)
        for k in range(FOLDS):
            train = [i for i in range(len(a_text)) if folds[i] != k]
            test = [i for i in range(len(a_text)) if folds[i] == k]
            if chat:
                chat_tiers = d_tier + [a_tier[i] for i in train]
                x = np.vstack([x_t, x_d, x_a[train]])
                head = fit(
                    x,
                    t_tier + chat_tiers,
                    sample_weights(t_tier, chat_tiers, args.chat_share),
                    args.c,
                )
            else:
                head = fit(x_t, t_tier, sample_weights(t_tier, [], 0.0), args.c)
            oof_logits[test] = head.logits(x_a[test])
            for i, r in zip(
                test, reader(head, chat).classify([a_text[i] for i in test]), strict=True
            ):
                predicted[i] = r.task
        score, per = macro_f1(a_tier, predicted)
        tiers = ", ".join(f"{k} {v:.2f}" for k, v in per.items())
        name = "templates + chat" if chat else "templates only"
        print(f"{name:18} studyable Arena half, {FOLDS}-fold CV: macro-F1 {score:.3f} ({tiers})")
        # The development prompts, by a head that never saw them.
        if chat:
            x = np.vstack([x_t, x_a])
            head = fit(x, t_tier + a_tier, sample_weights(t_tier, a_tier, args.chat_share), args.c)
        else:
            head = fit(x_t, t_tier, sample_weights(t_tier, [], 0.0), args.c)
        dev_pred = [r.task for r in reader(head, chat).classify(d_text)]
        print(f"{'':18} development prompts (unseen): macro-F1 {macro_f1(d_tier, dev_pred)[0]:.3f}")

    if args.no_write:
        return 0
    chat_tiers = d_tier + a_tier
    x = np.vstack([x_t, x_d, x_a])
    head = fit(x, t_tier + chat_tiers, sample_weights(t_tier, chat_tiers, args.chat_share), args.c)
    temperature = fit_temperature(oof_logits, a_tier, head.labels)
    head = dataclasses.replace(
        head,
        temperature=temperature,
        trust=args.trust,
        trained_on=(
            f"bench/train_chat_task_head.py: task_tier_train.parquet ({args.per_source} a "
            f"source) + studyable Arena-Hard v2 half + chat_tasks_dev; C={args.c}, chat "
            f"share {args.chat_share}"
        ),
    )
    head.save(args.out)
    print(f"wrote {args.out} (temperature {temperature:.2f}, trust {args.trust})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
