"""Per-query outcome data: each prompt, how each model did on it, and what it cost.

One table, one row a prompt. Columns are recognised by the conventions public outcome data
uses, so the files load as they are published:

- quality: a numeric or boolean column per model — `gpt4_1106_correct` (RouteLLM: the model is
  `gpt4_1106`), `gpt-4-1106-preview` (RouterBench: 0/1), `gpt-4-turbo` (Arena: a 1-10 judge
  score). Any scale works: every figure `simulate` prints is a ratio or an area.
- cost: `<model>|total_cost` (RouterBench, USD a query) or `<model>_cost`. Where a file has
  none, `price_with_catalog` prices each query at a catalog model's per-token price: the
  prompt's tokens, and the model's own answer (`<model>_response`, `<model>|model_response`)
  or a stated number of output tokens.
- rows flagged `contaminated` (RouteLLM) are dropped, as are rows missing either model's score.

Formats: `.parquet` (needs pandas and pyarrow), `.csv`, `.jsonl`/`.json` (one object a line).
"""

from __future__ import annotations

import ast
import csv
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_PROMPT_COLUMNS = ("prompt", "question", "query")
_COST_SUFFIXES = ("|total_cost", "_cost")
_RESPONSE_SUFFIXES = ("|model_response", "_response")
_QUALITY_SUFFIX = "_correct"
#: Numeric columns that are not a model's score.
_NOT_MODELS = frozenset({"contaminated", "sample_id", "question_id", "id", "index", "turn"})


class OutcomeDataError(ValueError):
    """Outcome data that cannot be replayed; the message names the file and column."""


@dataclass(frozen=True)
class OutcomeTable:
    source: str
    prompts: list[str]
    #: model → score of each prompt (NaN: missing).
    quality: dict[str, FloatArray]
    #: model → USD of each prompt, where the file has it.
    cost: dict[str, FloatArray]
    #: model → its answer to each prompt, where the file has it (for pricing by tokens).
    responses: dict[str, list[str]]
    #: Rows dropped on reading (flagged contaminated).
    dropped: int = 0

    @property
    def models(self) -> list[str]:
        return sorted(self.quality)


@dataclass(frozen=True)
class Pair:
    """One weak/strong pair from a table: rows where both have a score, with both costs."""

    source: str
    weak: str
    strong: str
    prompts: list[str]
    weak_quality: FloatArray
    strong_quality: FloatArray
    weak_cost: FloatArray
    strong_cost: FloatArray
    #: How the costs were found, per model (e.g. "file", "gpt-4o at catalog price, ...").
    cost_basis: dict[str, str]
    #: Rows left out: contaminated, or missing a score.
    dropped: int


def read_outcomes(path: Path) -> OutcomeTable:
    rows = _read_rows(path)
    if not rows:
        raise OutcomeDataError(f"{path}: no rows")
    columns = list(dict.fromkeys(c for row in rows[:50] for c in row))
    prompt_column = next((c for c in _PROMPT_COLUMNS if c in columns), None)
    if prompt_column is None:
        raise OutcomeDataError(f"{path}: no prompt column (one of {', '.join(_PROMPT_COLUMNS)})")
    dropped = 0
    if "contaminated" in columns:
        kept = [row for row in rows if not _truthy(row.get("contaminated"))]
        dropped, rows = len(rows) - len(kept), kept
    prompts = [_prompt_text(row.get(prompt_column)) for row in rows]
    quality: dict[str, FloatArray] = {}
    cost: dict[str, FloatArray] = {}
    responses: dict[str, list[str]] = {}
    for column in columns:
        if column == prompt_column or column in _NOT_MODELS:
            continue
        if (model := _strip(column, _COST_SUFFIXES)) is not None:
            cost[model] = _numbers(rows, column, path)
        elif (model := _strip(column, _RESPONSE_SUFFIXES)) is not None:
            responses[model] = [_prompt_text(row.get(column)) for row in rows]
        elif _is_numeric(rows, column):
            model = column.removesuffix(_QUALITY_SUFFIX)
            quality[model] = _numbers(rows, column, path)
    if len(quality) < 2:
        raise OutcomeDataError(
            f"{path}: needs a score column for at least two models (found: "
            f"{', '.join(quality) or 'none'})"
        )
    return OutcomeTable(str(path), prompts, quality, cost, responses, dropped)


Pricer = Callable[[str, list[str], list[str] | None], FloatArray]


def pair(
    table: OutcomeTable,
    *,
    weak: str | None = None,
    strong: str | None = None,
    pricer: Pricer | None = None,
    prices: Mapping[str, str] | None = None,
    priced: bool = True,
) -> Pair:
    """The weak/strong pair to replay; with two models and no names, the better one is strong.

    Costs come from the file, else from `pricer(model, prompts, responses)` for a model named
    in `prices` (model → the catalog id whose price it is charged at). `priced=False` (data
    to train on, not to replay) leaves the costs zero.
    """
    weak, strong = _choose(table, weak, strong)
    w, s = table.quality[weak], table.quality[strong]
    keep = ~(np.isnan(w) | np.isnan(s))
    prompts = [p for p, k in zip(table.prompts, keep, strict=True) if k]
    costs: dict[str, FloatArray] = {}
    basis: dict[str, str] = {}
    for model in (weak, strong):
        if not priced:
            costs[model] = np.zeros(len(prompts))
            basis[model] = "unpriced"
        elif model in table.cost and not np.isnan(table.cost[model][keep]).any():
            costs[model] = table.cost[model][keep]
            basis[model] = "the file's per-query cost"
        elif prices and model in prices and pricer is not None:
            answers = table.responses.get(model)
            kept = None if answers is None else [a for a, k in zip(answers, keep, strict=True) if k]
            costs[model] = pricer(prices[model], prompts, kept)
            tokens = "its answers" if kept is not None else "assumed output"
            basis[model] = f"{prices[model]} list price; prompt + {tokens} tokens"
        else:
            raise OutcomeDataError(
                f"{table.source}: no cost for {model!r}; price it with "
                f"--price {model}=CATALOG_MODEL (e.g. gpt-4o)"
            )
    return Pair(
        source=table.source,
        weak=weak,
        strong=strong,
        prompts=prompts,
        weak_quality=w[keep],
        strong_quality=s[keep],
        weak_cost=costs[weak],
        strong_cost=costs[strong],
        cost_basis=basis,
        dropped=table.dropped + int((~keep).sum()),
    )


def catalog_pricer(
    lookup: Callable[[str], tuple[Decimal, Decimal] | None],
    count: Callable[[str], int],
    output_tokens: int,
) -> Pricer:
    """Per-query USD at a catalog model's per-1M-token prices (`lookup(id)` → input, output):
    the prompt's tokens in, the model's own answer out (or `output_tokens` where the file has
    no answers)."""

    def price(model: str, prompts: list[str], answers: list[str] | None) -> FloatArray:
        found = lookup(model)
        if found is None:
            raise OutcomeDataError(f"--price: {model!r} is not in the price catalog")
        price_in, price_out = found
        tokens_in = np.asarray([count(p) for p in prompts], dtype=np.float64)
        tokens_out = (
            np.full(len(prompts), float(output_tokens))
            if answers is None
            else np.asarray([count(a) for a in answers], dtype=np.float64)
        )
        return (tokens_in * float(price_in) + tokens_out * float(price_out)) / 1e6

    return price


def _choose(table: OutcomeTable, weak: str | None, strong: str | None) -> tuple[str, str]:
    for name in (weak, strong):
        if name is not None and name not in table.quality:
            raise OutcomeDataError(
                f"{table.source}: no model {name!r}; the file has {', '.join(table.models)}"
            )
    if weak is None or strong is None:
        others = [m for m in table.models if m not in (weak, strong)]
        if weak is None and strong is None and len(others) == 2:
            a, b = others
            means = {m: float(np.nanmean(table.quality[m])) for m in others}
            return (a, b) if means[a] < means[b] else (b, a)
        raise OutcomeDataError(
            f"{table.source}: {len(table.models)} models; name the pair with --weak and "
            f"--strong (from {', '.join(table.models)})"
        )
    if weak == strong:
        raise OutcomeDataError("--weak and --strong must be different models")
    return weak, strong


def _read_rows(path: Path) -> list[dict[str, object]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            try:
                import pandas as pd
            except ImportError:
                raise OutcomeDataError(
                    f"{path}: reading parquet needs pandas and pyarrow (pip install pandas "
                    "pyarrow), or give the data as .csv or .jsonl"
                ) from None
            frame = pd.read_parquet(path)
            return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
        if suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as stream:
                return [dict(row) for row in csv.DictReader(stream)]
        if suffix in (".jsonl", ".json"):
            rows: list[dict[str, object]] = []
            with path.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, start=1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise OutcomeDataError(f"{path}:{number}: not JSON ({exc.msg})") from None
                    if not isinstance(row, dict):
                        raise OutcomeDataError(f"{path}:{number}: expected a JSON object")
                    rows.append(row)
            return rows
    except OSError as exc:
        raise OutcomeDataError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    raise OutcomeDataError(f"{path}: unknown format {suffix!r} (use .parquet, .csv or .jsonl)")


def _plain(value: object) -> object:
    """numpy scalars as Python values; pandas' missing values as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _strip(column: str, suffixes: tuple[str, ...]) -> str | None:
    for suffix in suffixes:
        if column.endswith(suffix) and len(column) > len(suffix):
            return column[: -len(suffix)]
    return None


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return float(lowered == "true")
        try:
            return float(lowered)
        except ValueError:
            return None
    return None


def _is_numeric(rows: list[dict[str, object]], column: str) -> bool:
    seen = [row.get(column) for row in rows[:200]]
    present = [v for v in seen if v is not None and v != ""]
    return bool(present) and all(_number(v) is not None for v in present)


def _numbers(rows: list[dict[str, object]], column: str, path: Path) -> FloatArray:
    values = []
    for i, row in enumerate(rows):
        raw = row.get(column)
        value = _number(raw)
        if value is None and raw not in (None, ""):
            raise OutcomeDataError(
                f"{path}: row {i + 1}, column {column!r}: not a number ({raw!r})"
            )
        values.append(math.nan if value is None else value)
    return np.asarray(values, dtype=np.float64)


def _truthy(value: object) -> bool:
    number = _number(value)
    return bool(number) if number is not None else False


def _prompt_text(value: object) -> str:
    """RouterBench stores a prompt as a Python list's repr (`"['...']"`): the text inside."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if isinstance(parsed, list) and all(isinstance(p, str) for p in parsed):
            return "\n".join(parsed)
    return text
