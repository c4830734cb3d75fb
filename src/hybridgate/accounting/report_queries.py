"""The ledger queries behind the report: portable SQLAlchemy Core (SQLite and PostgreSQL).

Sums and counts are aggregated in SQL (exact: money is whole nano-dollars). Percentiles are
computed here in Python over the selected rows' latency columns: neither SQLite nor SQLAlchemy
Core has a portable percentile function, and one pass over two float columns is cheap at the
scale one gateway's ledger reaches between reports (a million rows is ~16 MB of floats).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.engine import Connection

from .ledger import requests_table

_t = requests_table

GroupBy = Literal["tier", "deployment", "key", "day"]
GROUPS: tuple[GroupBy, ...] = ("tier", "deployment", "key", "day")
#: The label a group gets for rows without the column (a request refused before routing).
NONE_LABEL = "(none)"
BUDGET_CODES = ("budget_exceeded", "rate_limit_exceeded")


def _group_column(by: GroupBy) -> ColumnElement[Any]:
    if by == "day":
        # `date(ts)` is a function on both SQLite (text → 'YYYY-MM-DD') and PostgreSQL (a cast);
        # ts is written in UTC, so days are UTC days (PostgreSQL: in the session's time zone).
        return func.date(_t.c.ts)
    return {"tier": _t.c.tier, "deployment": _t.c.deployment, "key": _t.c.key_id}[by]


def _label(value: object) -> str:
    if value is None:
        return NONE_LABEL
    # PostgreSQL returns a date for `date(ts)`, SQLite a string; both read 'YYYY-MM-DD'.
    return value.isoformat() if isinstance(value, date) else str(value)


def _as_int(flag: ColumnElement[Any]) -> ColumnElement[Any]:
    # CASE rather than CAST(boolean AS int): the same SQL on every backend.
    return case((flag, 1), else_=0)


@dataclass(frozen=True)
class Window:
    """Which rows a report covers: `since <= ts < until` (either end open)."""

    since: datetime | None = None
    until: datetime | None = None

    def where(self) -> list[ColumnElement[bool]]:
        # The caller's traffic only: shadow and judge calls are the cost of proof (quality/).
        clauses: list[ColumnElement[bool]] = [_t.c.purpose == "answer"]
        if self.since is not None:
            clauses.append(_t.c.ts >= utc(self.since))
        if self.until is not None:
            clauses.append(_t.c.ts < utc(self.until))
        return clauses


def utc(moment: datetime) -> datetime:
    """Aware UTC (naive is taken as UTC). SQLite keeps no offset, and the ledger writes UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass
class Totals:
    requests: int = 0
    errors: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_nusd: int = 0
    baseline_nusd: int = 0
    spilled: int = 0
    #: Answers replayed from the response cache (at $0), and what they first cost.
    cache_hits: int = 0
    cache_saved_nusd: int = 0
    #: Σ latency of every row, in seconds: the busy time a self-hosted deployment was paid for.
    busy_s: float = 0.0


def _totals_columns() -> list[ColumnElement[Any]]:
    return [
        func.count().label("requests"),
        func.coalesce(func.sum(_as_int(_t.c.status != "ok")), 0).label("errors"),
        func.coalesce(func.sum(_t.c.input_tokens), 0).label("input_tokens"),
        func.coalesce(func.sum(_t.c.output_tokens), 0).label("output_tokens"),
        func.coalesce(func.sum(_t.c.cost_nusd), 0).label("cost_nusd"),
        func.coalesce(func.sum(_t.c.baseline_cost_nusd), 0).label("baseline_nusd"),
        func.coalesce(func.sum(_as_int(_t.c.spilled)), 0).label("spilled"),
        func.coalesce(func.sum(_as_int(_t.c.cache_hit)), 0).label("cache_hits"),
        func.coalesce(func.sum(_t.c.cache_saved_nusd), 0).label("cache_saved_nusd"),
        func.coalesce(func.sum(_t.c.latency_ms), 0).label("latency_ms"),
    ]


def _totals(row: Any) -> Totals:
    return Totals(
        requests=int(row["requests"]),
        errors=int(row["errors"]),
        input_tokens=int(row["input_tokens"]),
        output_tokens=int(row["output_tokens"]),
        cost_nusd=int(row["cost_nusd"]),
        baseline_nusd=int(row["baseline_nusd"]),
        spilled=int(row["spilled"]),
        cache_hits=int(row["cache_hits"]),
        cache_saved_nusd=int(row["cache_saved_nusd"]),
        busy_s=float(row["latency_ms"]) / 1000,
    )


def totals(conn: Connection, window: Window) -> Totals:
    return _totals(conn.execute(select(*_totals_columns()).where(*window.where())).mappings().one())


def grouped_totals(conn: Connection, window: Window, by: GroupBy) -> dict[str, Totals]:
    column = _group_column(by).label("key")
    rows = conn.execute(
        select(column, *_totals_columns()).where(*window.where()).group_by(column).order_by(column)
    ).mappings()
    return {_label(r["key"]): _totals(r) for r in rows}


def privacy_actions(conn: Connection, window: Window) -> dict[str, int]:
    rows = conn.execute(
        select(_t.c.privacy_action, func.count())
        .where(*window.where(), _t.c.privacy_action.is_not(None))
        .group_by(_t.c.privacy_action)
        .order_by(_t.c.privacy_action)
    )
    return {str(action): int(n) for action, n in rows}


def refusals(conn: Connection, window: Window) -> dict[str, int]:
    """Requests refused by budgets and rate limits, by error code."""
    rows = conn.execute(
        select(_t.c.error, func.count())
        .where(*window.where(), _t.c.error.in_(BUDGET_CODES))
        .group_by(_t.c.error)
    )
    found = {str(code): int(n) for code, n in rows}
    return {code: found.get(code, 0) for code in BUDGET_CODES}


def first_ts(conn: Connection) -> datetime | None:
    """When the ledger's first row was written (any window): the gateway's start of service."""
    value = conn.execute(select(func.min(_t.c.ts))).scalar()
    if value is None:
        return None
    # SQLite hands back the stored text as a naive datetime (UTC, see `utc`); tolerate a string.
    return utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


@dataclass
class Samples:
    """Latencies of successful rows (ms), overall and per group label."""

    latency: list[float] = field(default_factory=list)
    ttft: list[float] = field(default_factory=list)


@dataclass
class LatencySamples:
    overall: Samples
    groups: dict[GroupBy, dict[str, Samples]]


def latency_samples(conn: Connection, window: Window, by: Sequence[GroupBy]) -> LatencySamples:
    """One pass over successful rows: errors (a 404 in a millisecond, a timeout at the limit)
    would describe the failure, not the answers, and are counted separately."""
    columns = [_group_column(g).label(g) for g in by]
    query = select(_t.c.latency_ms, _t.c.ttft_ms, *columns).where(
        *window.where(), _t.c.status == "ok"
    )
    overall = Samples()
    groups: dict[GroupBy, dict[str, Samples]] = {g: defaultdict(Samples) for g in by}
    for row in conn.execute(query).mappings():
        targets = [overall, *(groups[g][_label(row[g])] for g in by)]
        for samples in targets:
            samples.latency.append(float(row["latency_ms"]))
            if row["ttft_ms"] is not None:
                samples.ttft.append(float(row["ttft_ms"]))
    return LatencySamples(overall, {g: dict(v) for g, v in groups.items()})


def percentile(values: Iterable[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it
    (always a latency that was measured; None for no values)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]
