"""How a cheap answer compares with the baseline's: win, tie or loss (the cheap one's view).

Where the task has a checkable answer the check decides, not a judge:

- *extraction against a JSON schema* (the request asked for `response_format: json_schema`):
  an answer that does not parse or does not fit the schema fails;
- *classification labels* (tiers named in `LABEL_TIERS`): answers are compared as labels
  (case, spaces and end punctuation ignored) — the baseline is the reference, so a different
  label is a loss;
- *code that must parse* (the answer carries a ```python block): a block that does not parse
  fails.

A failed check against a passing baseline is a loss, the other way round a win, both failing a
tie. Where both pass and the check cannot tell them apart (two valid but different JSON
objects, two pieces of code that parse) the judge decides. A judge is asked twice with the
answers' positions swapped; the orders agreeing give the verdict, a disagreement is a tie.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any, Literal

Verdict = Literal["win", "tie", "loss"]
Pick = Literal["A", "B", "TIE"]
Method = Literal["judge", "json_schema", "label", "code"]
VERDICTS: tuple[Verdict, ...] = ("win", "tie", "loss")
#: Tiers whose answers are labels.
LABEL_TIERS = frozenset({"classification", "routing"})

_CODE_BLOCK = re.compile(r"```(?:python|py)\s*\n(.*?)```", re.S)
_LABEL_TRIM = " \t\n\r.!\"'`*"


def combine(candidate_first: Pick, baseline_first: Pick) -> Verdict:
    """Both orders of one comparison: A/B picks → the candidate's verdict (ties on disagreement).

    `candidate_first`: the judge saw the candidate as A; `baseline_first`: as B.
    """
    first = {"A": "win", "B": "loss", "TIE": "tie"}[candidate_first]
    second = {"A": "loss", "B": "win", "TIE": "tie"}[baseline_first]
    return first if first == second else "tie"  # type: ignore[return-value]


def from_checks(candidate_ok: bool, baseline_ok: bool) -> Verdict | None:
    """A check's verdict, or None when both pass (the check cannot tell them apart)."""
    if candidate_ok and baseline_ok:
        return None
    if candidate_ok:
        return "win"
    return "loss" if baseline_ok else "tie"


def check(
    tier: str | None, schema: dict[str, Any] | None, candidate: str, baseline: str
) -> tuple[Method, Verdict | None] | None:
    """The check that applies and its verdict (None: both pass, ask the judge), or None when
    the task has nothing to check."""
    if schema is not None:
        ok = (_fits_schema(candidate, schema), _fits_schema(baseline, schema))
        verdict = from_checks(*ok)
        if verdict is None and _json(candidate) == _json(baseline):
            verdict = "tie"
        return "json_schema", verdict
    if tier in LABEL_TIERS:
        same = _label(candidate) == _label(baseline)
        return "label", "tie" if same else "loss"
    if _CODE_BLOCK.search(candidate) or _CODE_BLOCK.search(baseline):
        return "code", from_checks(_code_parses(candidate), _code_parses(baseline))
    return None


def schema_of(openai_extras: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON schema a request's `response_format` asks for, if any."""
    fmt = openai_extras.get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return None
    spec = fmt.get("json_schema")
    schema = spec.get("schema") if isinstance(spec, dict) else None
    return schema if isinstance(schema, dict) else None


def _label(text: str) -> str:
    return " ".join(text.strip(_LABEL_TRIM).lower().split())


def _code_parses(text: str) -> bool:
    blocks = _CODE_BLOCK.findall(text)
    if not blocks:
        return False
    try:
        for block in blocks:
            ast.parse(block)
    except (SyntaxError, ValueError):
        return False
    return True


_MISSING = object()


def _json(text: str) -> Any:
    body = text.strip()
    if body.startswith("```"):
        body = body.strip("`")
        body = body.removeprefix("json").strip()
    try:
        return json.loads(body)
    except ValueError:
        return _MISSING


def _fits_schema(text: str, schema: dict[str, Any]) -> bool:
    value = _json(text)
    return value is not _MISSING and fits(value, schema)


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def fits(value: Any, schema: dict[str, Any]) -> bool:
    """The subset of JSON Schema that structured outputs use: type, properties, required,
    additionalProperties: false, items, enum, const. Unknown keywords are not checked."""
    if "const" in schema and value != schema["const"]:
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    kinds = schema.get("type")
    if kinds is not None:
        names = kinds if isinstance(kinds, list) else [kinds]
        allowed = tuple(t for name in names for t in _TYPES.get(name, (object,)))
        if isinstance(value, bool) and "boolean" not in names:
            return False
        if not isinstance(value, allowed):
            return False
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if any(name not in value for name in schema.get("required", [])):
            return False
        if schema.get("additionalProperties") is False and set(value) - set(properties):
            return False
        return all(fits(value[k], s) for k, s in properties.items() if k in value)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return all(fits(item, schema["items"]) for item in value)
    return True
