"""MT-Bench outcomes for `hybridgate simulate`, from RouteLLM's published judgments.

    .venv/bin/python bench/mt_bench_outcomes.py --mt-bench DIR --out FILE.jsonl
        [--strong-price gpt-4o] [--weak-price meta-llama/Llama-3.3-70B-Instruct-Turbo]

DIR holds lm-sys/RouteLLM's `routellm/evals/mt_bench/` files (Apache-2.0): `question.jsonl`,
`judgements.jsonl` (GPT-4 single-answer scores, 1-10, for GPT-4-1106 and Mixtral-8x7B on both
turns of each question) and `contaminated_prompts.jsonl` (questions dropped, as RouteLLM
does). One row a question, as RouteLLM routes it: the prompt is the first turn; each model's
score is the mean of its two turns; each model's cost is both turns priced at a catalog
model's list price — turn 1's prompt in and answer out, then turn 1, its answer and turn 2 in
and the second answer out (answers read from the judge's prompts, o200k tokens).

MT-Bench is reserved for evaluation: `simulate` only evaluates, and no hybridgate head was
trained or tuned on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hybridgate.accounting.prices import PriceCatalog
from hybridgate.accounting.tokens import TokenCounter

MODELS = {"gpt-4-1106-preview": "gpt4_1106", "mistralai/Mixtral-8x7B-Instruct-v0.1": "mixtral_8x7b"}
_SINGLE = ("[The Start of Assistant's Answer]\n", "\n[The End of Assistant's Answer]")
_MULTI_END = "\n\n<|The End of Assistant A's Conversation with User|>"


def _answers(judgment: dict[str, object]) -> list[str]:
    text = str(judgment["user_prompt"])
    if judgment["turn"] == 1:
        return [text.split(_SINGLE[0], 1)[1].split(_SINGLE[1], 1)[0]]
    conversation = text.split("<|The Start of Assistant A's Conversation with User|>", 1)[1]
    parts = conversation.split("### Assistant A:\n")[1:]
    return [parts[0].split("\n\n### User:", 1)[0], parts[1].split(_MULTI_END, 1)[0]]


def build(folder: Path, prices: dict[str, str]) -> list[dict[str, object]]:
    def lines(name: str) -> list[dict[str, object]]:
        with (folder / name).open(encoding="utf-8") as stream:
            return [json.loads(line) for line in stream if line.strip()]

    dropped = {str(r["eval_prompt"]) for r in lines("contaminated_prompts.jsonl")}
    questions = [
        q
        for q in lines("question.jsonl")
        if not set(q["turns"]) & dropped  # type: ignore[arg-type]
    ]
    scores: dict[tuple[int, str], dict[int, float]] = {}
    answers: dict[tuple[int, str], list[str]] = {}
    for j in lines("judgements.jsonl"):
        model = MODELS.get(str(j["model"]))
        if model is None:
            continue
        key = (int(j["question_id"]), model)  # type: ignore[call-overload]
        scores.setdefault(key, {})[int(j["turn"])] = float(j["score"])  # type: ignore[arg-type]
        if j["turn"] == 2:
            answers[key] = _answers(j)
    catalog, count = PriceCatalog.bundled(), TokenCounter().count
    rows = []
    for q in questions:
        turns = [str(t) for t in q["turns"]]  # type: ignore[attr-defined]
        row: dict[str, object] = {"question_id": q["question_id"], "prompt": turns[0]}
        for model in MODELS.values():
            key = (int(q["question_id"]), model)  # type: ignore[call-overload]
            first, second = answers[key]
            entry = catalog.lookup(prices[model])
            assert entry is not None, prices[model]
            tokens_in = count(turns[0]) + count(turns[0]) + count(first) + count(turns[1])
            tokens_out = count(first) + count(second)
            price = entry.price
            cost = (price.input_per_mtok * tokens_in + price.output_per_mtok * tokens_out) / 10**6
            row[model] = sum(scores[key].values()) / len(scores[key])
            row[f"{model}_cost"] = float(cost)
        rows.append(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mt-bench", type=Path, required=True, metavar="DIR")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--strong-price", default="gpt-4o")
    parser.add_argument("--weak-price", default="meta-llama/Llama-3.3-70B-Instruct-Turbo")
    args = parser.parse_args()
    rows = build(args.mt_bench, {"gpt4_1106": args.strong_price, "mixtral_8x7b": args.weak_price})
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} questions -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
