"""The README's "savings at equal quality" table: `hybridgate simulate` on public outcome data.

    .venv/bin/python bench/savings_simulate.py [--data-dir DIR] [--mt-bench DIR] [--json]

Cross-domain rows come first: the shipped difficulty head was trained on RouteLLM's MMLU and
GSM8K outcomes, so on those two files it is replaced by a head trained with the same recipe on
the *other* file; on Arena prompts (open-ended chat, GPT-4 judge scores 1-10) the shipped head
is cross-domain as it is. The in-domain rows (the shipped head on MMLU/GSM8K) are shown last,
as an optimistic bound. Costs: none of these files has costs, so each query is priced at
today's catalog list prices of stand-ins (GPT-4-1106/gpt-4-turbo as gpt-4o; Mixtral-8x7B as
Llama-3.3-70B on Together; gpt-3.5-turbo as gpt-4o-mini): the prompt's tokens (o200k) plus
the model's own answer where the file has it (GSM8K), else an assumed answer length (MMLU: 5
tokens, a letter; Arena: 500). With `--mt-bench DIR` (lm-sys/RouteLLM's
`routellm/evals/mt_bench/`) it adds MT-Bench, the benchmark of RouteLLM's 3.66x anchor, built
by bench/mt_bench_outcomes.py (both turns priced the same way; evaluation only). Deterministic;
~10 s.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hybridgate.cli.simulate import simulate

REPO = Path(__file__).resolve().parent.parent
#: ../shared beside a checkout, or beside the folder of worktrees it sits in.
DEFAULT_DATA = (
    next(
        (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()),
        REPO.parent / "shared",
    )
    / "data"
    / "routing"
)
STRONG_PRICE = "gpt-4o"
OPEN_PRICE = "meta-llama/Llama-3.3-70B-Instruct-Turbo"

ROUTELLM = {"gpt4_1106": STRONG_PRICE, "mixtral_8x7b": OPEN_PRICE}
ARENA_MIXTRAL = ("Mixtral-8x7B-Instruct-v0.1", "gpt-4-turbo")


@dataclass(frozen=True)
class Scenario:
    label: str
    #: A file in the data folder (stem of a .parquet), or a path to a .jsonl.
    data: str
    weak: str
    strong: str
    prices: dict[str, str]
    output_tokens: int = 256
    #: Train a head with the shipped recipe on this file first (None: the shipped head).
    train_on: str | None = None
    train_pair: tuple[str, str] | None = None
    #: Only the difficulty policy (its baselines are in an earlier row on the same data).
    difficulty_only: bool = False


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "GSM8K, head trained on MMLU",
        "routellm_gsm8k",
        "mixtral_8x7b",
        "gpt4_1106",
        ROUTELLM,
        256,
        "routellm_mmlu",
    ),
    Scenario(
        "MMLU, head trained on GSM8K",
        "routellm_mmlu",
        "mixtral_8x7b",
        "gpt4_1106",
        ROUTELLM,
        5,
        "routellm_gsm8k",
    ),
    Scenario(
        "Arena-bench v1, shipped head",
        "arena_bench_v1_scores",
        *ARENA_MIXTRAL,
        {ARENA_MIXTRAL[1]: STRONG_PRICE, ARENA_MIXTRAL[0]: OPEN_PRICE},
        500,
    ),
    Scenario(
        "Arena-bench v1 (gpt-3.5), shipped head",
        "arena_bench_v1_scores",
        "gpt-3.5-turbo-1106",
        "gpt-4-turbo",
        {"gpt-4-turbo": STRONG_PRICE, "gpt-3.5-turbo-1106": "gpt-4o-mini"},
        500,
    ),
    Scenario(
        "GSM8K, shipped head (in-domain)",
        "routellm_gsm8k",
        "mixtral_8x7b",
        "gpt4_1106",
        ROUTELLM,
        256,
        difficulty_only=True,
    ),
    Scenario(
        "MMLU, shipped head (in-domain)",
        "routellm_mmlu",
        "mixtral_8x7b",
        "gpt4_1106",
        ROUTELLM,
        5,
        difficulty_only=True,
    ),
)


def run(data_dir: Path, mt_bench: Path | None = None) -> list[dict[str, Any]]:
    results = []
    scenarios = list(SCENARIOS)
    if mt_bench is not None:
        import tempfile

        from mt_bench_outcomes import build  # type: ignore[import-not-found]

        rows = build(mt_bench, ROUTELLM)
        folder = Path(tempfile.mkdtemp(prefix="hybridgate-mt-bench-"))
        path = str(folder / "mt_bench.jsonl")
        Path(path).write_text("".join(json.dumps(r) + "\n" for r in rows))
        # Cross-domain both: the shipped head never saw MT-Bench, nor did the one trained on
        # Arena prompts. First, as the anchor's benchmark.
        scenarios[:0] = [
            Scenario(
                "MT-Bench (RouteLLM's judgments), shipped head",
                path,
                "mixtral_8x7b",
                "gpt4_1106",
                {},
            ),
            Scenario(
                "MT-Bench, head trained on Arena-bench v1 (Mixtral vs gpt-4-turbo)",
                path,
                "mixtral_8x7b",
                "gpt4_1106",
                {},
                train_on="arena_bench_v1_scores",
                train_pair=ARENA_MIXTRAL,
                difficulty_only=True,
            ),
        ]
    for scenario in scenarios:
        args = argparse.Namespace(
            outcomes=Path(scenario.data)
            if scenario.data.endswith(".jsonl")
            else data_dir / f"{scenario.data}.parquet",
            weak=scenario.weak,
            strong=scenario.strong,
            price=[f"{m}={p}" for m, p in scenario.prices.items()],
            output_tokens=scenario.output_tokens,
            head=None,
            train_outcomes=None
            if scenario.train_on is None
            else data_dir / f"{scenario.train_on}.parquet",
            train_weak=scenario.train_pair[0] if scenario.train_pair else None,
            train_strong=scenario.train_pair[1] if scenario.train_pair else None,
            policy=["difficulty"] if scenario.difficulty_only else None,
        )
        data = simulate(args)
        data["label"] = scenario.label
        results.append(data)
    return results


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "| data (weak → strong) | policy | cost cut @95% of strong | strong calls | "
        "cost cut @100% | APGR | CPT(50%) | CPT(80%) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for data in results:
        first = True
        for p in data["policies"]:
            p95, p100 = p["operating_points"]
            head = (
                f"{data['label']}: {data['weak']} → {data['strong']}, n={data['rows']}, weak = "
                f"{_pct(data['weak_quality'] / data['strong_quality'])} of strong"
                if first
                else ""
            )
            first = False
            lines.append(
                f"| {head} | {p['policy']} | {_pct(p95['cost_cut'])} "
                f"({p95['times_cheaper']:.2f}×) | {_pct(p95['strong_share'])} | "
                f"{_pct(p100['cost_cut'])} ({p100['times_cheaper']:.2f}×) | {p['apgr']:.3f} | "
                f"{_pct(p['cpt50'])} | {_pct(p['cpt80'])} |"
            )
    return "\n".join(lines).replace("-0.0%", "0.0%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--mt-bench", type=Path, default=None, metavar="DIR")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    results = run(args.data_dir, args.mt_bench)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
