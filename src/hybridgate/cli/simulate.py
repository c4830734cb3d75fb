"""`hybridgate simulate`: replay routing policies over per-query outcome data, offline.

    hybridgate simulate --outcomes FILE [--weak M --strong M] [--price M=CATALOG_ID ...]
        [--output-tokens N] [--head FILE | --train-outcomes FILE] [--policy P ...] [--json]

Prints, for each policy, the cost cut at 95% and at 100% of the strong model's quality,
RouteLLM's APGR and CPT(50%)/CPT(80%), and the cost/quality curve of the first policy. Costs
are the file's own (RouterBench's `model|total_cost`), else each query priced at a catalog
model's list price (`--price`): its prompt's tokens, and the model's answer where the file has
it, else `--output-tokens`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

_POLICIES = ("difficulty", "length", "random", "oracle")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulate", help="replay routing policies over outcome data: cost at equal quality"
    )
    parser.add_argument(
        "--outcomes",
        required=True,
        metavar="FILE",
        type=Path,
        help="per-query outcomes (.parquet, .csv or .jsonl)",
    )
    parser.add_argument("--weak", default=None, help="the cheap model's column")
    parser.add_argument("--strong", default=None, help="the strong model's column")
    parser.add_argument(
        "--price",
        action="append",
        default=[],
        metavar="MODEL=CATALOG_ID",
        help="charge MODEL at a catalog model's per-token price (where the file has no costs)",
    )
    parser.add_argument(
        "--output-tokens",
        type=int,
        default=256,
        metavar="N",
        help="answer length assumed where the file has no answers (default 256)",
    )
    heads = parser.add_mutually_exclusive_group()
    heads.add_argument(
        "--head",
        type=Path,
        default=None,
        metavar="FILE",
        help="difficulty head to replay (default: the shipped one)",
    )
    heads.add_argument(
        "--train-outcomes",
        type=Path,
        default=None,
        metavar="FILE",
        help="train a head with the shipped recipe on this data first "
        "(cross-domain: other data than --outcomes)",
    )
    parser.add_argument(
        "--train-weak", default=None, help="the cheap model's column in --train-outcomes"
    )
    parser.add_argument(
        "--train-strong", default=None, help="the strong model's column in --train-outcomes"
    )
    parser.add_argument(
        "--policy",
        action="append",
        choices=_POLICIES,
        default=None,
        help="policies to replay (default: all)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..simulate.outcome_table import OutcomeDataError

    try:
        data = simulate(args)
    except (OutcomeDataError, ValueError) as exc:
        print(f"hybridgate simulate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print(data)
    return 0


def _prices(values: list[str]) -> dict[str, str]:
    prices: dict[str, str] = {}
    for value in values:
        model, sep, catalog_id = value.partition("=")
        if not sep or not model or not catalog_id:
            raise ValueError(f"--price {value!r}: expected MODEL=CATALOG_ID, e.g. gpt4=gpt-4o")
        prices[model] = catalog_id
    return prices


def simulate(args: argparse.Namespace) -> dict[str, Any]:
    from ..accounting.prices import PriceCatalog
    from ..accounting.tokens import TokenCounter
    from ..simulate import policies
    from ..simulate.outcome_table import catalog_pricer, pair, read_outcomes
    from ..simulate.replay import at_shares, evaluate

    prices = _prices(args.price)
    catalog = PriceCatalog.bundled()

    def lookup(model: str) -> Any:
        entry = catalog.lookup(model)
        return None if entry is None else (entry.price.input_per_mtok, entry.price.output_per_mtok)

    pricer = catalog_pricer(lookup, TokenCounter().count, args.output_tokens)
    data = pair(
        read_outcomes(args.outcomes),
        weak=args.weak,
        strong=args.strong,
        pricer=pricer,
        prices=prices,
    )
    head_note = "shipped head"
    head = None
    if args.head is not None:
        head, head_note = policies.load_head(args.head), f"head {args.head}"
    elif args.train_outcomes is not None:
        table = read_outcomes(args.train_outcomes)
        names = (args.train_weak, args.train_strong)
        if names == (None, None) and {args.weak, args.strong} <= set(table.quality):
            names = (args.weak, args.strong)  # the same models in both files
        training = pair(table, weak=names[0], strong=names[1], priced=False)
        head = policies.train_head(training)
        head_note = f"trained on {args.train_outcomes} ({len(training.prompts)} rows)"
    results = []
    for name in args.policy or _POLICIES:
        if name == "difficulty":
            scores, note = policies.difficulty_scores(data.prompts, head), head_note
        elif name == "length":
            scores, note = policies.length_scores(data.prompts), "prompt characters"
        elif name == "random":
            scores, note = policies.random_scores(data.prompts), "expected value"
        else:
            scores, note = policies.oracle_scores(data), "upper bound (reads the outcomes)"
        results.append(evaluate(name, scores, data, note))
    return {
        "outcomes": str(args.outcomes),
        "rows": len(data.prompts),
        "dropped": data.dropped,
        "weak": data.weak,
        "strong": data.strong,
        "weak_quality": float(data.weak_quality.mean()),
        "strong_quality": float(data.strong_quality.mean()),
        "weak_cost_per_1k_usd": 1000 * float(data.weak_cost.mean()),
        "strong_cost_per_1k_usd": 1000 * float(data.strong_cost.mean()),
        "cost_basis": data.cost_basis,
        "assumed_output_tokens": args.output_tokens,
        "policies": [
            {
                "policy": r.policy,
                "note": r.note,
                "apgr": r.apgr,
                "cpt50": r.cpt50,
                "cpt80": r.cpt80,
                "operating_points": [
                    {
                        "target": p.target,
                        "strong_share": p.strong_share,
                        "quality": p.quality,
                        "cost_per_1k_usd": 1000 * p.cost,
                        "cost_cut": p.cost_cut,
                        "times_cheaper": p.times_cheaper,
                    }
                    for p in r.points
                ],
                "curve": [
                    {"strong_share": s, "quality": q, "cost_per_1k_usd": 1000 * c}
                    for s, q, c in at_shares(r.curve, [i / 10 for i in range(11)])
                ],
            }
            for r in results
        ],
    }


def _print(data: dict[str, Any]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{data['outcomes']}[/]: {data['rows']} prompts ({data['dropped']} dropped); "
        f"weak {data['weak']} {data['weak_quality']:.3f}, strong {data['strong']} "
        f"{data['strong_quality']:.3f} (weak = {_pct(data['weak_quality'] / data['strong_quality'])}"
        " of strong)"
    )
    for model, cost in (("weak", "weak_cost_per_1k_usd"), ("strong", "strong_cost_per_1k_usd")):
        name = data[model]
        basis = data["cost_basis"][name].replace(
            "assumed output", f"{data['assumed_output_tokens']} output"
        )
        console.print(f"  {model}: ${data[cost]:.4f} per 1K queries ({basis})")
    table = Table(title="operating points", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in (
        "policy",
        "cut @95%",
        "strong @95%",
        "cut @100%",
        "strong @100%",
        "APGR",
        "CPT(50%)",
        "CPT(80%)",
    ):
        table.add_column(column, justify="left" if column == "policy" else "right")
    for result in data["policies"]:
        p95, p100 = result["operating_points"]
        table.add_row(
            result["policy"],
            f"{_pct(p95['cost_cut'])} ({p95['times_cheaper']:.2f}x)",
            _pct(p95["strong_share"]),
            f"{_pct(p100['cost_cut'])} ({p100['times_cheaper']:.2f}x)",
            _pct(p100["strong_share"]),
            f"{result['apgr']:.3f}",
            _pct(result["cpt50"]),
            _pct(result["cpt80"]),
        )
    console.print(table)
    for result in data["policies"]:
        console.print(f"  {result['policy']}: {result['note']}")
    first = data["policies"][0]
    curve = Table(
        title=f"cost/quality curve: {first['policy']}", box=box.SIMPLE_HEAD, pad_edge=False
    )
    for column in ("strong calls", "quality", "of strong", "$ per 1K", "cost cut"):
        curve.add_column(column, justify="right")
    all_strong = data["strong_cost_per_1k_usd"]
    for point in first["curve"]:
        curve.add_row(
            _pct(point["strong_share"]),
            f"{point['quality']:.3f}",
            _pct(point["quality"] / data["strong_quality"]),
            f"{point['cost_per_1k_usd']:.4f}",
            _pct(1 - point["cost_per_1k_usd"] / all_strong if all_strong else 0.0),
        )
    console.print(curve)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%".replace("-0.0%", "0.0%")
