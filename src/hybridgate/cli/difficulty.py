"""`hybridgate router score` and `router train --outcome-data`: the difficulty router.

    hybridgate router score [--head FILE] < prompts.jsonl     # {id, prompt} → {id, strong_score}
    hybridgate router train --outcome-data outcomes.jsonl [--out FILE]

Outcomes are JSON lines `{"prompt", "weak_correct", "strong_correct"}` (booleans) or
`{"prompt", "weak_score", "strong_score"}` (numbers in [0, 1]). A retrained head goes to
the state directory (`difficulty_head.npz`; see config/state.py) unless `--out` says otherwise;
the gateway and `router score` use it from there, unless `auto.difficulty_head` names another.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .main import load_cli_settings

if TYPE_CHECKING:
    from ..routing.difficulty import DifficultyScorer

_BATCH = 64


def default_head_path() -> Path:
    from ..config.state import DIFFICULTY_HEAD, state_file

    return state_file(DIFFICULTY_HEAD)


def _where_used(out: Path | None) -> str:
    if out is None:
        return " (in the state directory: the gateway and `router score` use it)"
    return f" (set auto.difficulty_head: {out})"


def _fail(message: str) -> int:
    print(f"hybridgate router: {message}", file=sys.stderr)
    return 2


def add_score_parser(subparsers: Any) -> None:
    from .main import add_config_option

    score = subparsers.add_parser(
        "score", help="score JSONL {id, prompt} from stdin: how likely each needs the strong model"
    )
    score.add_argument(
        "--head", type=Path, default=None, help="a retrained difficulty head (default: shipped)"
    )
    add_config_option(score)
    score.set_defaults(handler=run_score)


def add_train_outcomes(parser: argparse.ArgumentParser) -> None:
    """`--outcome-data` / `--from-ledger` on `router train` (`--out` is shared)."""
    from .main import add_config_option

    parser.add_argument(
        "--outcome-data",
        type=Path,
        default=None,
        metavar="FILE.jsonl",
        help="train the difficulty router on per-prompt weak/strong outcomes instead",
    )
    parser.add_argument(
        "--from-ledger",
        action="store_true",
        help="train the difficulty router on this gateway's graded auto traffic",
    )
    add_config_option(parser)


def run_train_from_ledger(args: argparse.Namespace) -> int:
    """Train on the ledger's graded `auto` requests and publish the head as the next version in
    the state directory (a running gateway picks it up); `--out FILE` writes it there instead."""
    from ..accounting.journal import open_ledger
    from ..accounting.outcomes import graded_traffic
    from ..routing.head_store import HeadStore, heads_folder
    from ..training.difficulty import pad_legacy_rows, train

    settings = load_cli_settings(args, secrets=False)
    engine = open_ledger(settings.storage)
    try:
        traffic = graded_traffic(engine)
    except ValueError as exc:
        # Rows of different lengths: recorded by hybridgate versions with different cues.
        return _fail(f"the ledger's recorded features do not line up ({exc})")
    finally:
        engine.dispose()
    if len(traffic.weak) < 20:
        return _fail(
            f"the ledger holds {len(traffic.weak)} graded auto requests; at least 20 are needed "
            "(set auto.record_outcomes: true, then send POST /v1/feedback, or import grades "
            "with `hybridgate router outcomes FILE.jsonl`)"
        )
    described = (
        f"ledger: {len(traffic.weak)} graded requests ({traffic.one_sided} graded on the "
        "cheap answer only, strong answer counted good)"
    )
    try:
        head = train(
            pad_legacy_rows(traffic.features), traffic.weak, traffic.strong, trained_on=described
        )[0]
    except ValueError as exc:
        return _fail(str(exc))
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        head.save(args.out)
        print(f"wrote {args.out}: {head.trained_on} (set auto.difficulty_head: {args.out})")
        return 0
    store = HeadStore(heads_folder(settings.storage))
    version = store.publish(head)
    print(
        f"published difficulty head v{version} in {store.folder} (state directory): "
        f"{head.trained_on}; a running gateway uses it within seconds"
    )
    return 0


def run_import_outcomes(args: argparse.Namespace) -> int:
    from ..accounting.journal import open_ledger
    from ..accounting.outcomes import record_grade

    grades: list[tuple[str, float | None, float | None]] = []
    try:
        lines = args.file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return _fail(f"{args.file}: {exc.strerror}")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{args.file} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            return _fail(f"{where}: not valid JSON")
        if not isinstance(row, dict) or not isinstance(row.get("request_id"), str):
            return _fail(f'{where}: field "request_id" must be a string')
        scores: list[float | None] = []
        for field in ("weak_score", "strong_score"):
            value = row.get(field)
            if value is not None and (not isinstance(value, (int, float)) or not 0 <= value <= 1):
                return _fail(f'{where}: field "{field}" must be a number from 0 to 1')
            scores.append(None if value is None else float(value))
        grades.append((row["request_id"], scores[0], scores[1]))
    engine = open_ledger(load_cli_settings(args, secrets=False).storage)
    try:
        matched = sum(record_grade(engine, rid, weak=w, strong=s) for rid, w, s in grades)
    finally:
        engine.dispose()
    print(f"{matched} of {len(grades)} grades matched recorded requests")
    return 0


def run_train_outcomes(args: argparse.Namespace) -> int:
    from ..training.difficulty import load_outcomes_jsonl, train_outcomes

    path: Path = args.outcome_data
    out: Path = args.out or default_head_path()
    try:
        outcomes = load_outcomes_jsonl(path)
        head = train_outcomes(outcomes, trained_on=f"{path.name}: {len(outcomes.prompts)} prompts")
        out.parent.mkdir(parents=True, exist_ok=True)
        head.save(out)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    summary = {"out": str(out), "prompts": len(outcomes.prompts), "trained_on": head.trained_on}
    if getattr(args, "json", False):
        print(json.dumps(summary))
    else:
        print(f"wrote {out}: {head.trained_on}")
    return 0


def run_score(args: argparse.Namespace) -> int:
    from ..engines.embedder import Embedder
    from ..routing.difficulty import DifficultyHead, DifficultyScorer

    path = args.head or load_cli_settings(args, secrets=False).auto.difficulty_head
    try:
        head = None if path is None else DifficultyHead.load(Path(path))
    except (OSError, ValueError) as exc:
        return _fail(f"{path}: {exc}")
    scorer = DifficultyScorer(embedder=Embedder(), head=head)
    pending: list[tuple[object, str]] = []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            return _fail(f"stdin line {number}: not JSON ({exc.msg})")
        if not isinstance(row, dict) or "id" not in row:
            return _fail(f'stdin line {number}: field "id" is missing')
        if not isinstance(row.get("prompt"), str):
            return _fail(f'stdin line {number}: field "prompt" must be a string')
        pending.append((row["id"], row["prompt"]))
        if len(pending) >= _BATCH:
            _emit(scorer, pending)
            pending = []
    _emit(scorer, pending)
    return 0


def _emit(scorer: DifficultyScorer, rows: list[tuple[object, str]]) -> None:
    scores = scorer.strong_scores([prompt for _, prompt in rows])
    for (row_id, _), score in zip(rows, scores, strict=True):
        print(json.dumps({"id": row_id, "strong_score": round(score, 4)}))
    sys.stdout.flush()
