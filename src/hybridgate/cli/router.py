"""`hybridgate router train|eval|classify`: the task classifier on the user's own prompts.

    hybridgate router train --task-data labelled.jsonl [--out task_head.npz] [--group-field F]
        [--features static|encoder]
    hybridgate router eval --task-data labelled.jsonl [--head FILE] [--group-field F] [--retrain]
        [--features static|encoder]
    hybridgate router classify [--head FILE] < prompts.jsonl      # {id, prompt} → {id, tier, confidence}
    hybridgate router train --outcome-data outcomes.jsonl [--out FILE]   # difficulty router
    hybridgate router score [--head FILE] < prompts.jsonl         # {id, prompt} → {id, strong_score}

Labelled data is JSON lines `{"prompt": ..., "tier": ...}`; `--group-field` names a field
(the source dataset, the customer) whose values are held out together when evaluating.
`--features` picks what a new head reads: `static` (the default: distilled token embeddings, no
encoder run, what `auto.classifier: embedded` uses) or `encoder` (the MiniLM encoder, slower);
the head file records it, and `eval`/`classify` featurize with the head's own set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .difficulty import (
    add_score_parser,
    add_train_outcomes,
    run_import_outcomes,
    run_train_from_ledger,
    run_train_outcomes,
)
from .main import add_config_option, load_cli_settings

if TYPE_CHECKING:
    from ..routing.classifier import FeatureSet, TaskHead
    from ..training.task_classifier import Evaluation

_BATCH = 64
#: `routing.classifier.FEATURE_SETS`, spelled out: the CLI imports no numpy until a command runs.
_FEATURE_SETS = ("static", "encoder")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "router", help="train, evaluate and run the task classifier and difficulty router"
    )
    commands = parser.add_subparsers(dest="router_command", required=True, metavar="COMMAND")

    train = commands.add_parser(
        "train", help="train the task head (--task-data) or difficulty head (--outcome-data)"
    )
    _data_options(train, task_data_required=False)
    train.add_argument(
        "--out",
        type=Path,
        default=None,
        help="head to write (default: the state directory, where the gateway finds it)",
    )
    train.add_argument("--kind", choices=["logreg", "mlp"], default="logreg")
    train.add_argument("--c", type=float, default=0.01, help="inverse regularisation strength")
    _features_option(train)
    add_train_outcomes(train)
    train.set_defaults(handler=run_train)

    outcomes = commands.add_parser(
        "outcomes", help="import answer grades for recorded auto requests (retraining data)"
    )
    add_config_option(outcomes)
    outcomes.add_argument(
        "file", type=Path, help='JSONL: {"request_id", "weak_score"?, "strong_score"?} in [0, 1]'
    )
    outcomes.set_defaults(handler=run_import_outcomes)

    evaluate = commands.add_parser("eval", help="score a head, or retraining, on labelled prompts")
    _data_options(evaluate)
    evaluate.add_argument(
        "--head", type=Path, default=None, help="default: the config's, else the shipped head"
    )
    add_config_option(evaluate)
    evaluate.add_argument(
        "--retrain",
        action="store_true",
        help="cross-validate training on this data instead (grouped by --group-field)",
    )
    evaluate.add_argument("--folds", type=int, default=5, help="with --retrain; 0 = one group out")
    evaluate.add_argument(
        "--head-only",
        action="store_true",
        help="score the learned head alone, not what auto runs (explicit asks, then the head)",
    )
    _features_option(evaluate, "the shipped head to score (without --head), or with --retrain ")
    evaluate.set_defaults(handler=run_eval)

    classify = commands.add_parser("classify", help="label JSONL {id, prompt} from stdin")
    classify.add_argument(
        "--head", type=Path, default=None, help="default: the config's, else the shipped head"
    )
    add_config_option(classify)
    _features_option(classify, "the shipped head to use (without --head): ")
    classify.set_defaults(handler=run_classify)
    add_score_parser(commands)


def _features_option(parser: argparse.ArgumentParser, when: str = "") -> None:
    parser.add_argument(
        "--features",
        choices=_FEATURE_SETS,
        default="static",
        help=f"{when}what the head reads: static token embeddings (fast) or the MiniLM encoder",
    )


def _data_options(parser: argparse.ArgumentParser, *, task_data_required: bool = True) -> None:
    parser.add_argument("--task-data", type=Path, required=task_data_required, metavar="FILE.jsonl")
    parser.add_argument("--group-field", default=None, metavar="FIELD")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _fail(message: str) -> int:
    print(f"hybridgate router: {message}", file=sys.stderr)
    return 2


def _head(args: argparse.Namespace, feature_set: FeatureSet) -> TaskHead:
    """`--head`, else the config's `auto.task_head` (a head trained into the state directory
    counts), else the shipped head for `feature_set`."""
    from ..routing.classifier import TaskHead, load_default_head

    path = args.head
    if path is None:
        configured = load_cli_settings(args, secrets=False).auto.task_head
        path = Path(configured) if configured else None
    return load_default_head(feature_set) if path is None else TaskHead.load(path)


def run_train(args: argparse.Namespace) -> int:
    if args.outcome_data is not None:
        return run_train_outcomes(args)
    if args.from_ledger:
        return run_train_from_ledger(args)
    if args.task_data is None:
        return _fail("router train needs --task-data (task classifier) or --outcome-data")
    from ..training.task_classifier import load_jsonl, train

    if args.out is None:
        from ..config.state import TASK_HEAD, state_file

        out: Path = state_file(TASK_HEAD)
    else:
        out = args.out
    try:
        data = load_jsonl(args.task_data, group_field=args.group_field)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    head = train(
        data.prompts,
        data.labels,
        feature_set=args.features,
        kind=args.kind,
        c=args.c,
        trained_on=(
            f"{args.task_data.name}: {len(data.prompts)} prompts, {args.features} features, "
            f"{args.kind}, C={args.c}"
        ),
    )
    head.save(out)
    summary = {
        "out": str(out),
        "prompts": len(data.prompts),
        "labels": list(head.labels),
        "features": head.features,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        used = (
            " (in the state directory: the gateway and `router classify` use it)"
            if args.out is None
            else f" (set auto.task_head: {out})"
        )
        print(
            f"wrote {out}: {len(data.prompts)} prompts, {head.features} features, "
            f"labels {', '.join(head.labels)}{used}"
        )
    return 0


def run_eval(args: argparse.Namespace) -> int:
    import msgspec

    from ..engines.embedder import Embedder
    from ..routing.classifier import featurize
    from ..training.task_classifier import evaluate_grouped, evaluate_head, load_jsonl

    try:
        data = load_jsonl(args.task_data, group_field=args.group_field)
        head = None if args.retrain else _head(args, args.features)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    if head is not None and not args.head_only:
        result = _evaluate_reader(head, data.prompts, data.labels, users_head=args.head is not None)
        how = (
            f"what auto runs: explicit asks, then head {args.head or 'shipped'} "
            f"({head.features} features), on {len(data.prompts)} prompts"
        )
        if args.json:
            print(json.dumps(msgspec.to_builtins(result), indent=2))
        else:
            _print_evaluation(how, result)
        return 0
    features = featurize(data.prompts, Embedder(), head.features if head else args.features)
    if head is not None:
        result = evaluate_head(head, features, data.labels)
        how = f"head {args.head or 'shipped'} ({head.features} features) on {len(data.prompts)} prompts"
    else:
        # Without groups, rows are dealt into folds: fine for a user's own traffic, but
        # templates shared across folds make the figure optimistic.
        groups = data.groups or [str(i % max(args.folds, 2)) for i in range(len(data.prompts))]
        result = evaluate_grouped(
            data.prompts, data.labels, groups, features=features, folds=args.folds or None
        )
        how = f"retrained on {args.features} features, folds grouped by {args.group_field or 'row'}"
    if args.json:
        print(json.dumps(msgspec.to_builtins(result), indent=2))
    else:
        _print_evaluation(how, result)
    return 0


def _evaluate_reader(
    head: TaskHead, prompts: list[str], labels: list[str], *, users_head: bool
) -> Evaluation:
    """The instruction reader's labels, scored with its confidence as the probability."""
    import numpy as np

    from ..engines.embedder import Embedder
    from ..routing.classifier import TaskClassifier
    from ..routing.task_reader import reader_for
    from ..training.task_classifier import score

    reader = reader_for(TaskClassifier(embedder=Embedder(), head=head), users_head=users_head)
    readings = reader.classify(prompts)
    order = tuple(head.labels) + tuple(sorted(set(labels) - set(head.labels)))
    logits = np.zeros((len(prompts), len(order)), dtype=np.float32)
    for i, reading in enumerate(readings):
        rest = (1.0 - reading.confidence) / max(len(order) - 1, 1)
        logits[i] = np.log(max(rest, 1e-6))
        logits[i, order.index(reading.task)] = np.log(max(reading.confidence, 1e-6))
    everything = np.arange(len(prompts))
    return score(logits, order, labels, [(("all",), everything)], temperature=1.0)


def _print_evaluation(how: str, result: Evaluation) -> None:
    print(how)
    print(f"accuracy {result.accuracy:.3f}  macro-F1 {result.macro_f1:.3f}")
    for label, f1 in result.per_class_f1.items():
        print(f"  {label:<24} F1 {f1:.3f}")


def run_classify(args: argparse.Namespace) -> int:
    """What auto runs: explicit asks, then the head (a `--head` of the user's own decides)."""
    from ..engines.embedder import Embedder
    from ..routing.classifier import TaskClassifier
    from ..routing.task_reader import reader_for

    try:
        head = TaskClassifier(embedder=Embedder(), head=_head(args, args.features))
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    classifier = reader_for(head, users_head=args.head is not None)
    pending: list[tuple[object, str]] = []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pending.append((row.get("id"), str(row["prompt"])))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            return _fail(f'stdin line {number}: expected {{"id": ..., "prompt": str}}')
        if len(pending) >= _BATCH:
            _emit(classifier, pending)
            pending = []
    _emit(classifier, pending)
    return 0


def _emit(classifier: Any, rows: list[tuple[object, str]]) -> None:
    results = classifier.classify([prompt for _, prompt in rows])
    for (row_id, _), reading in zip(rows, results, strict=True):
        line = {"id": row_id, "tier": reading.task, "confidence": round(reading.confidence, 4)}
        print(json.dumps({**line, "reason": reading.reason}))
    sys.stdout.flush()
