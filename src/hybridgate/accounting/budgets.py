"""Budgets: a key may spend at most `budget_usd` a day, a month, or in total.

Each request reserves its worst-case cost (`estimate_usd`) before the upstream call and
settles to its real cost after, so under any concurrency the spend stays within the budget
as long as answers cost no more than their estimate (and beyond it by at most the
difference). Periods are UTC calendar days and months; a period's counter starts from what the
ledger already holds for it, so a restart (or a fresh Redis) does not forget spend.

Refused (429 `budget_exceeded`) with `retry-after`:
- 1 s when only requests in flight stand in the way (their settled cost is usually lower);
- else the seconds to the next period (none for a `total` budget, or when this one request
  could never fit).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, select

from .admission import BudgetExceeded
from .keys import Budget, BudgetPeriod, VirtualKey
from .ledger import NANO, requests_table, to_nusd
from .meters import Hold, Meters

#: Spend in nano-dollars for a key between two instants (None: unbounded).
LedgerSpend = Callable[[str, datetime | None, datetime | None], int]

_PERIOD_WORDS = {"day": "daily", "month": "monthly", "total": "total"}


def period_bounds(period: BudgetPeriod, now: datetime) -> tuple[datetime | None, datetime | None]:
    """[start, end) of the UTC period `now` falls in; (None, None) for `total`."""
    now = now.astimezone(UTC)
    if period == "day":
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return start, start + timedelta(days=1)
    if period == "month":
        start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following
    return None, None


def _label(period: BudgetPeriod, start: datetime | None) -> str:
    if start is None:
        return "total"
    return start.strftime("%Y-%m-%d" if period == "day" else "%Y-%m")


def ledger_spend(engine: Engine) -> LedgerSpend:
    """Reads a key's spend for a period from the ledger (synchronous; run in a thread)."""

    def spend(key_id: str, start: datetime | None, end: datetime | None) -> int:
        query = select(func.coalesce(func.sum(requests_table.c.cost_nusd), 0)).where(
            requests_table.c.key_id == key_id
        )
        if start is not None:
            query = query.where(requests_table.c.ts >= start)
        if end is not None:
            query = query.where(requests_table.c.ts < end)
        with engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    return spend


def _usd(nusd: int) -> str:
    return format((Decimal(nusd) / NANO).quantize(Decimal("0.000001")).normalize(), "f")


class Budgets:
    """Reserve, settle and release a key's budget on shared or local meters."""

    def __init__(
        self,
        meters: Meters,
        spend: LedgerSpend,
        *,
        hold_s: float,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._meters = meters
        self._spend = spend
        self._hold_s = hold_s
        self._clock = clock

    async def reserve(self, key: VirtualKey, estimate_usd: Decimal) -> Hold | None:
        """Reserves the estimate, or raises `BudgetExceeded`; None when the key has no budget."""
        budget = key.limits.budget
        if budget is None:
            return None
        now = self._clock()
        start, end = period_bounds(budget.period, now)
        amount = max(0, to_nusd(estimate_usd))

        async def seed() -> int:
            return await asyncio.to_thread(self._spend, key.id, start, end)

        outcome = await self._meters.reserve(
            f"hg:budget:{{{key.id}}}:{_label(budget.period, start)}",
            amount,
            budget.nusd,
            # Kept past the period's end for requests still settling into it.
            expire_at=(end.timestamp() + self._hold_s + 3600) if end else None,
            seed=seed,
        )
        if isinstance(outcome, Hold):
            return outcome
        raise _exceeded(key, budget, amount, outcome.used, outcome.held, now, end)

    async def check(self, key: VirtualKey) -> None:
        """Raises `BudgetExceeded` when the budget is spent already (nothing stays reserved)."""
        hold = await self.reserve(key, Decimal("1e-9"))
        if hold is not None:
            await self._meters.release(hold)

    async def settle(self, hold: Hold, cost_usd: Decimal) -> None:
        await self._meters.settle(hold, max(0, to_nusd(cost_usd)))

    async def release(self, hold: Hold) -> None:
        await self._meters.release(hold)


def _exceeded(
    key: VirtualKey,
    budget: Budget,
    amount: int,
    used: int,
    held: int,
    now: datetime,
    end: datetime | None,
) -> BudgetExceeded:
    limit = budget.nusd
    message = (
        f"key {key.name!r} is over its {_PERIOD_WORDS[budget.period]} budget of "
        f"${_usd(limit)}: ${_usd(used)} spent, ${_usd(held)} reserved by requests in flight, "
        f"and this request may cost up to ${_usd(amount)}"
    )
    if amount > limit:
        return BudgetExceeded(
            message + "; lower max_tokens (the reservation assumes every token is used)"
        )
    if used + amount <= limit:  # fits once the requests in flight settle
        return BudgetExceeded(message, retry_after=1.0)
    if end is None:
        return BudgetExceeded(message)
    return BudgetExceeded(message, retry_after=max(1.0, (end - now).total_seconds()))
