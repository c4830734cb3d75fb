"""Rate limits: requests a minute (RPM) and tokens a minute (TPM) per key.

Fixed one-minute windows aligned to the clock (`hg:rpm:{key}:<minute>`): simple, exact across
replicas, and cheap (one Lua call a limit). A burst can use two windows' worth around a minute
boundary; `retry-after` is the time to the next window.

A request counts once towards RPM whether it succeeds or not. For TPM it reserves its
estimated tokens (prompt plus `max_tokens`, as OpenAI counts them) and settles to the tokens
really used; a failed request gives them back.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .admission import RateLimitExceeded
from .keys import VirtualKey
from .meters import Hold, Meters

WINDOW_S = 60
#: A window's counter outlives it a little, for requests still settling into it.
_GRACE_S = 120


class RateLimits:
    def __init__(self, meters: Meters, *, clock: Callable[[], float] = time.time) -> None:
        self._meters = meters
        self._clock = clock

    async def take_request(self, key: VirtualKey) -> Hold | None:
        """Counts one request against RPM, or raises `RateLimitExceeded`."""
        if key.limits.rpm is None:
            return None
        return await self._take(key, "rpm", 1, key.limits.rpm, "requests")

    async def take_tokens(self, key: VirtualKey, tokens: int) -> Hold | None:
        """Reserves estimated tokens against TPM, or raises `RateLimitExceeded`."""
        limit = key.limits.tpm
        if limit is None:
            return None
        if tokens > limit:
            raise RateLimitExceeded(
                f"key {key.name!r}: this request may use {tokens} tokens (prompt plus "
                f"max_tokens), more than the key's limit of {limit} tokens a minute; "
                "lower max_tokens"
            )
        return await self._take(key, "tpm", tokens, limit, "tokens")

    async def _take(
        self, key: VirtualKey, kind: str, amount: int, limit: int, unit: str
    ) -> Hold | None:
        now = self._clock()
        window = int(now // WINDOW_S)
        window_end = (window + 1) * WINDOW_S
        outcome = await self._meters.reserve(
            f"hg:{kind}:{{{key.id}}}:{window}",
            amount,
            limit,
            expire_at=window_end + _GRACE_S,
        )
        if isinstance(outcome, Hold):
            return outcome
        raise RateLimitExceeded(
            f"key {key.name!r} is over its limit of {limit} {unit} a minute "
            f"({outcome.used + outcome.held} used or in flight in this minute)",
            retry_after=max(1.0, math.ceil(window_end - now)),
        )

    async def settle_tokens(self, hold: Hold, tokens: int) -> None:
        await self._meters.settle(hold, tokens)

    async def count_request(self, hold: Hold) -> None:
        """A request counts whatever became of it."""
        await self._meters.settle(hold, hold.amount)

    async def release(self, hold: Hold) -> None:
        await self._meters.release(hold)
