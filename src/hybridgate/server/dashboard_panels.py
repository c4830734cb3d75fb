"""The dashboard's operational panels, read straight from the ledger: refusals and errors by
code, privacy findings by type, spend per key against its budget and per tier, and the most
recent requests. None of it holds prompt text: the ledger has none."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, desc, func, select

from ..accounting.keys import keys_table
from ..accounting.ledger import NANO, requests_table

#: Rows in the recent-requests table.
RECENT = 25


def _usd(nusd: int | None) -> str:
    return format((Decimal(nusd or 0) / NANO).normalize(), "f")


def panels(engine: Engine, since: datetime | None) -> dict[str, Any]:
    r = requests_table
    window = [r.c.ts >= since] if since is not None else []
    with engine.connect() as conn:
        codes = conn.execute(
            select(r.c.error, r.c.http_status, func.count())
            .where(r.c.status != "ok", *window)
            .group_by(r.c.error, r.c.http_status)
        ).all()
        findings = conn.execute(
            select(r.c.privacy_findings, func.count())
            .where(r.c.privacy_findings.is_not(None), r.c.privacy_findings != "", *window)
            .group_by(r.c.privacy_findings)
        ).all()
        per_key = conn.execute(
            select(r.c.key_id, func.count(), func.sum(r.c.cost_nusd))
            .where(*window)
            .group_by(r.c.key_id)
        ).all()
        per_tier = conn.execute(
            select(r.c.tier, func.count(), func.sum(r.c.cost_nusd))
            .where(r.c.tier.is_not(None), *window)
            .group_by(r.c.tier)
        ).all()
        keys = {
            row.id: row
            for row in conn.execute(
                select(
                    keys_table.c.id,
                    keys_table.c.name,
                    keys_table.c.budget_nusd,
                    keys_table.c.budget_period,
                )
            )
        }
        recent = conn.execute(
            select(
                r.c.ts,
                r.c.request_id,
                r.c.key_id,
                r.c.requested_model,
                r.c.tier,
                r.c.deployment,
                r.c.http_status,
                r.c.error,
                r.c.input_tokens,
                r.c.output_tokens,
                r.c.cost_nusd,
                r.c.latency_ms,
            )
            .where(*window)
            .order_by(desc(r.c.id))
            .limit(RECENT)
        ).all()
    errors: Counter[str] = Counter()
    for error, status, count in codes:
        errors[f"{error or 'error'} ({status})"] += count
    found: Counter[str] = Counter()
    for joined, count in findings:
        for kind in {k.strip() for k in joined.split(",") if k.strip()}:
            found[kind] += count
    spend_by_key = []
    for key_id, count, nusd in sorted(per_key, key=lambda row: -(row[2] or 0)):
        key = keys.get(key_id)
        spend_by_key.append(
            {
                "key": key.name if key is not None else (key_id or "(no key)"),
                "requests": count,
                "cost_usd": _usd(nusd),
                "budget_usd": _usd(key.budget_nusd) if key and key.budget_nusd else None,
                "budget_period": key.budget_period if key is not None else None,
            }
        )
    return {
        "errors_by_code": dict(errors.most_common()),
        "privacy_findings": dict(found.most_common()),
        "spend_by_key": spend_by_key,
        "spend_by_tier": {
            tier: {"requests": count, "cost_usd": _usd(nusd)}
            for tier, count, nusd in sorted(per_tier, key=lambda row: -(row[2] or 0))
        },
        "recent": [
            {
                "ts": row.ts.strftime("%Y-%m-%d %H:%M:%S") if row.ts else "",
                "request_id": row.request_id,
                "key": keys[row.key_id].name if row.key_id in keys else (row.key_id or ""),
                "model": row.requested_model,
                "tier": row.tier or "",
                "deployment": row.deployment or "",
                "status": row.http_status,
                "error": row.error or "",
                "tokens": row.input_tokens + row.output_tokens,
                "cost_usd": _usd(row.cost_nusd),
                "latency_ms": round(row.latency_ms),
            }
            for row in recent
        ],
    }
