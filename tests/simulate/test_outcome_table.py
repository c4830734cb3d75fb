"""Outcome data as it is published: RouteLLM, RouterBench and Arena columns."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from hybridgate.simulate.outcome_table import (
    OutcomeDataError,
    catalog_pricer,
    pair,
    read_outcomes,
)


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_routellm_columns_and_contaminated_rows(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "o.jsonl",
        [
            {"prompt": "a", "mixtral_correct": True, "gpt4_correct": True, "contaminated": False},
            {"prompt": "b", "mixtral_correct": False, "gpt4_correct": True, "contaminated": True},
            {"prompt": "c", "mixtral_correct": False, "gpt4_correct": False, "contaminated": False},
        ],
    )
    table = read_outcomes(path)
    assert table.models == ["gpt4", "mixtral"]
    assert table.prompts == ["a", "c"] and table.dropped == 1
    with pytest.raises(OutcomeDataError, match="--price mixtral=CATALOG_MODEL"):
        pair(table)


def test_routerbench_csv_with_costs_and_list_prompts(tmp_path: Path) -> None:
    path = tmp_path / "rb.csv"
    path.write_text(
        "sample_id,prompt,eval_name,gpt-4,mixtral,gpt-4|total_cost,mixtral|total_cost,"
        "gpt-4|model_response,mixtral|model_response\n"
        "x.1,\"['What is 2+2?']\",gsm8k,1.0,1.0,0.002,0.0001,['4'],['4']\n"
        "x.2,\"['Prove it.']\",gsm8k,1.0,0.0,0.004,0.0002,['ok'],['no']\n"
    )
    p = pair(read_outcomes(path))
    assert (p.weak, p.strong) == ("mixtral", "gpt-4")
    assert p.prompts == ["What is 2+2?", "Prove it."]
    assert list(p.strong_cost) == [0.002, 0.004]
    assert p.cost_basis["gpt-4"] == "the file's per-query cost"


def test_many_models_need_a_named_pair_and_missing_scores_drop_rows(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "arena.jsonl",
        [
            {"prompt": "a", "big": 9.0, "small": 5.0, "mid": 7.0},
            {"prompt": "b", "big": 8.0, "small": None, "mid": 6.0},
        ],
    )
    table = read_outcomes(path)
    with pytest.raises(OutcomeDataError, match="--weak and --strong"):
        pair(table)
    with pytest.raises(OutcomeDataError, match="no model 'huge'"):
        pair(table, weak="small", strong="huge")
    pricer = catalog_pricer(lambda m: (Decimal(1), Decimal(2)), lambda t: len(t), 10)
    p = pair(table, weak="small", strong="big", pricer=pricer, prices={"small": "x", "big": "y"})
    assert p.prompts == ["a"] and p.dropped == 1
    # 1 prompt token at $1/M in, 10 assumed output tokens at $2/M out.
    assert p.weak_cost[0] == pytest.approx(21e-6)
    assert "assumed output" in p.cost_basis["small"]
