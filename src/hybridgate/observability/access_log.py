"""The access log: one structured line per ledger row, plus the privacy and spillover events
that row records.

Fed by `Gateway.record` with the row it writes, so every request the ledger sees is logged
with the same numbers (a cascade's upstream calls are a line each, `attempt` 1 and 2).
A refused key never reaches the ledger and is counted in metrics only. The line carries ids,
names, counts, money and the route's reasons: never the prompt, the answer or a key's secret.
"""

from __future__ import annotations

import logging

from ..accounting.ledger import LedgerRow
from ..config.observability import LogSettings
from .logs import ACCESS, EVENTS, Field, emit


class AccessLog:
    def __init__(self, settings: LogSettings) -> None:
        self._access = logging.getLogger(ACCESS) if settings.access_log else None
        self._events = logging.getLogger(EVENTS) if settings.events else None

    def __call__(self, row: LedgerRow, cache: str | None = None) -> None:
        if self._access is not None and self._access.isEnabledFor(logging.INFO):
            emit(self._access, "access", self.fields(row, cache))
        if self._events is None:
            return
        if row.privacy_action is not None and row.attempt == 1:
            emit(
                self._events,
                "privacy",
                {
                    "request_id": row.request_id,
                    "action": row.privacy_action,
                    "findings": row.privacy_findings or "",
                    "deployment": row.deployment,
                },
            )
        if row.spilled and row.attempt == 1:
            emit(
                self._events,
                "spillover",
                {"request_id": row.request_id, "tier": row.tier, "deployment": row.deployment},
            )

    @staticmethod
    def fields(row: LedgerRow, cache: str | None) -> dict[str, Field]:
        fields: dict[str, Field] = {
            "request_id": row.request_id,
            "key_id": row.key_id,
            "protocol": row.protocol,
            "model": row.requested_model,
            "tier": row.tier,
            "deployment": row.deployment,
            "status": row.http_status,
            "outcome": row.status,
            "error": row.error,
            "stream": row.stream,
            "input_tokens": row.input_tokens,
            "output_tokens": row.output_tokens,
            "tokens_estimated": row.usage_estimated,
            "cost_usd": row.cost_usd,
            "latency_ms": row.latency_ms,
            "ttft_ms": row.ttft_ms,
            "privacy": row.privacy_action,
            "spilled": row.spilled,
            "attempt": row.attempt,
            "route": row.reasons,
        }
        if cache is not None:
            fields["cache"] = cache
        return fields
