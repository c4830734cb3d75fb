"""Totals from the ledger, shared by `hybridgate report` and (later) the dashboard."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select

from .ledger import NANO, requests_table

_t = requests_table


def _totals_columns() -> list[Any]:
    return [
        func.count().label("requests"),
        func.coalesce(func.sum(_t.c.input_tokens), 0).label("input_tokens"),
        func.coalesce(func.sum(_t.c.output_tokens), 0).label("output_tokens"),
        func.coalesce(func.sum(_t.c.cost_nusd), 0).label("cost_nusd"),
        func.coalesce(func.sum(func.cast(_t.c.status != "ok", _t.c.input_tokens.type)), 0).label(
            "errors"
        ),
    ]


def _row(mapping: Any) -> dict[str, Any]:
    return {
        "requests": int(mapping["requests"]),
        "errors": int(mapping["errors"]),
        "input_tokens": int(mapping["input_tokens"]),
        "output_tokens": int(mapping["output_tokens"]),
        "cost_usd": format(Decimal(int(mapping["cost_nusd"])) / NANO, "f"),
    }


def summary(engine: Engine, *, since: datetime | None = None) -> dict[str, Any]:
    where = [_t.c.ts >= since] if since is not None else []
    with engine.connect() as conn:
        totals = conn.execute(select(*_totals_columns()).where(*where)).mappings().one()
        grouped: dict[str, dict[str, Any]] = {}
        for name, column in (("by_deployment", _t.c.deployment), ("by_tier", _t.c.tier)):
            rows = conn.execute(
                select(column.label("key"), *_totals_columns())
                .where(*where)
                .group_by(column)
                .order_by(column)
            ).mappings()
            grouped[name] = {
                (r["key"] if r["key"] is not None else "(none)"): _row(r) for r in rows
            }
    return {**_row(totals), **grouped}
