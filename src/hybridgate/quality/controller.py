"""The threshold controller: the cheapest difficulty setting that keeps the loss rate on target.

Opt-in (`quality.controller.enabled`). Its knob is the share of `auto` requests the difficulty
router sends to the strong tier (the `auto.max_strong_fraction` the threshold is calibrated
from). Every `interval_s` it reads the verdicts of judged `auto` requests that stayed on a
cheaper tier *since its last change*, and:

- raises the strong share by `step` when the loss rate is above `quality.max_loss_rate` with
  confidence (the 95% Wilson interval's lower bound is above it);
- lowers it by `step` when the loss rate is below the target by a margin with confidence (the
  interval's upper bound is under `target × (1 − hysteresis)`);
- holds otherwise, and while fewer than `min_samples` verdicts have come in since the last
  change.

The band between the two conditions is the hysteresis: a setting near the target is left
alone, and each change starts a fresh sample, so verdicts on the old setting never move the
new one. Every change is recorded (`threshold_changes`, migration 7) with the loss rate, n and
why; on start the gateway takes the latest; `route explain` shows the threshold and where it
came from.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    func,
    insert,
    select,
)

from ..accounting.ledger import requests_table
from ..config.quality import ThresholdControl
from .records import judgments_table
from .stats import wilson

log = logging.getLogger("hybridgate.quality")

threshold_changes_table = Table(
    "threshold_changes",
    MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ts", DateTime(timezone=True), nullable=False),
    Column("old_fraction", Float, nullable=False),
    Column("new_fraction", Float, nullable=False),
    Column("judged", Integer, nullable=False),
    Column("losses", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("source", String(32), nullable=False),
)


@dataclass(frozen=True)
class Step:
    fraction: float
    changed: bool
    reason: str


def next_fraction(
    current: float, losses: int, judged: int, target: float, control: ThresholdControl
) -> Step:
    """Where the strong share goes given the verdicts since the last change."""
    if judged < control.min_samples:
        return Step(current, False, f"hold: {judged} of {control.min_samples} verdicts")
    low, high = wilson(losses, judged)
    rate = f"loss rate {losses}/{judged} [{100 * low:.0f}–{100 * high:.0f}%]"
    if low > target:
        new = min(control.max_strong_fraction, round(current + control.step, 6))
        if new > current:
            return Step(new, True, f"raise: {rate} above target {100 * target:.0f}%")
        return Step(current, False, f"hold: {rate} above target, strong share at its maximum")
    floor = target * (1 - control.hysteresis)
    if high < floor:
        new = max(control.min_strong_fraction, round(current - control.step, 6))
        if new < current:
            return Step(new, True, f"lower: {rate} under {100 * floor:.0f}%")
        return Step(current, False, f"hold: {rate} under target, strong share at its minimum")
    return Step(current, False, f"hold: {rate} within the band around {100 * target:.0f}%")


@dataclass(frozen=True)
class Setting:
    fraction: float
    since: datetime | None
    source: str


def current_setting(engine: Engine, configured: float) -> Setting:
    """The latest recorded change, else the configured share."""
    t = threshold_changes_table
    with engine.connect() as conn:
        row = conn.execute(
            select(t.c.new_fraction, t.c.ts).order_by(t.c.id.desc()).limit(1)
        ).first()
    if row is None:
        return Setting(configured, None, "auto.max_strong_fraction")
    ts = row.ts if row.ts.tzinfo else row.ts.replace(tzinfo=UTC)
    return Setting(float(row.new_fraction), ts, f"quality.controller at {ts:%Y-%m-%d %H:%M} UTC")


def verdicts_since(engine: Engine, since: datetime | None, strong_tier: str) -> tuple[int, int]:
    """(losses, judged) of `auto` requests answered below the strong tier since `since`."""
    j, r = judgments_table, requests_table
    query = (
        select(
            func.count().label("n"),
            func.coalesce(func.sum((j.c.verdict == "loss").cast(Integer)), 0).label("losses"),
        )
        .select_from(j.join(r, and_(r.c.request_id == j.c.request_id, r.c.purpose == "answer")))
        .where(r.c.requested_model == "auto", j.c.tier != strong_tier)
    )
    if since is not None:
        query = query.where(j.c.ts > since)
    with engine.connect() as conn:
        row = conn.execute(query).one()
    return int(row.losses), int(row.n)


def record_change(engine: Engine, old: float, step: Step, losses: int, judged: int) -> datetime:
    ts = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(threshold_changes_table).values(
                ts=ts,
                old_fraction=old,
                new_fraction=step.fraction,
                judged=judged,
                losses=losses,
                reason=step.reason,
                source="quality.controller",
            )
        )
    return ts


class ThresholdController:
    """Runs `next_fraction` every `interval_s` and applies each change through `apply(share,
    source)` (the router's hook), off the event loop."""

    def __init__(
        self,
        *,
        engine: Engine,
        control: ThresholdControl,
        target: float,
        strong_tier: str,
        configured: float,
        apply: Callable[[float, str], None],
    ) -> None:
        self._engine = engine
        self._control = control
        self._target = target
        self._strong_tier = strong_tier
        self._configured = configured
        self._apply = apply
        self.fraction = configured
        self._since: datetime | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        setting = await asyncio.to_thread(current_setting, self._engine, self._configured)
        self.fraction, self._since = setting.fraction, setting.since
        if setting.since is not None:  # a change recorded by an earlier run
            await asyncio.to_thread(self._apply, setting.fraction, setting.source)
        self._task = asyncio.create_task(self._loop(), name="threshold-controller")

    async def tick(self) -> Step:
        losses, judged = await asyncio.to_thread(
            verdicts_since, self._engine, self._since, self._strong_tier
        )
        step = next_fraction(self.fraction, losses, judged, self._target, self._control)
        if step.changed:
            old = self.fraction
            ts = await asyncio.to_thread(record_change, self._engine, old, step, losses, judged)
            self.fraction, self._since = step.fraction, ts
            source = f"quality.controller at {ts:%Y-%m-%d %H:%M} UTC"
            await asyncio.to_thread(self._apply, step.fraction, source)
            log.info("quality: strong share %.2f -> %.2f (%s)", old, step.fraction, step.reason)
        return step

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._control.interval_s)
            try:
                await self.tick()
            # The controller must never take the gateway down; the next tick tries again.
            except Exception:
                log.exception("quality: threshold controller tick failed")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
