"""Meters: named counters with a limit, reserved before work and settled after it.

Budgets (nano-dollars a period) and rate limits (requests or tokens a minute) are the same
thing underneath: a counter of what was `used`, plus what requests in flight `held`.

    hold = await meters.reserve(name, amount, limit, ...)  # used + held + amount ≤ limit, or Level
    await meters.settle(hold, actual)                        # held -= amount; used += actual
    await meters.release(hold)                               # held -= amount (failure, cancel)

The check and the increment are one atomic step, so concurrent requests never overshoot:
`LocalMeters` (one process) does it with no await in between, on the event loop;
`RedisMeters` (many replicas) does it in a Lua script; `SocketMeters` (the workers of one
`serve --workers N`) asks the supervisor's `LocalMeters` over a Unix socket (meter_socket.py). A hold that is never settled (its
process died mid-request) lapses after `hold_s` and gives its amount back; releasing twice
is harmless, and a settle still counts what was used after its hold lapsed (so settle once:
`Ticket.settled` sees to that). A meter may start from a `seed` (the spend the ledger already
knows), fetched once when the counter does not exist yet.

Keys in Redis: `<name>` (hash: used, held) and `<name>:holds` (sorted set: hold → deadline).
Names put the key id in braces (`hg:budget:{key_x}:2026-11`), a Redis Cluster hash tag, so
both live in one slot.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import AdmissionUnavailable

log = logging.getLogger("hybridgate.admission")

#: Fetches a counter's starting value (the ledger's spend) when it does not exist yet.
Seed = Callable[[], Awaitable[int]]


@dataclass(frozen=True)
class Hold:
    """An amount reserved on one meter by one request."""

    meter: str
    id: str
    amount: int


@dataclass(frozen=True)
class Level:
    """A refused reservation: where the meter stood."""

    used: int
    held: int


class Meters(Protocol):
    async def reserve(
        self,
        name: str,
        amount: int,
        limit: int,
        *,
        expire_at: float | None,
        seed: Seed | None = None,
    ) -> Hold | Level: ...

    async def settle(self, hold: Hold, actual: int) -> None: ...

    async def release(self, hold: Hold) -> None: ...

    async def aclose(self) -> None: ...


def _hold_id() -> str:
    return secrets.token_hex(8)


class _SeedOnce:
    """One ledger query per counter, however many requests arrive together.

    A result is kept for `keep_s` after it arrives: a request whose "not seeded yet" answer
    was already on its way back reuses it instead of querying the ledger again (storing a
    seed twice is harmless: the first one wins)."""

    def __init__(self, keep_s: float = 1.0) -> None:
        self._running: dict[str, asyncio.Future[int]] = {}
        self._keep_s = keep_s

    async def __call__(self, name: str, seed: Seed) -> int:
        running = self._running.get(name)
        if running is None:
            running = self._running[name] = asyncio.ensure_future(seed())
            running.add_done_callback(lambda done: self._forget_later(name, done))
        return await asyncio.shield(running)  # one caller cancelled must not cancel the rest

    def _forget_later(self, name: str, done: asyncio.Future[int]) -> None:
        def forget() -> None:
            if self._running.get(name) is done:
                del self._running[name]

        if done.cancelled() or done.exception() is not None:
            forget()  # a failed query is retried by the next request
        else:
            asyncio.get_running_loop().call_later(self._keep_s, forget)


@dataclass
class _Counter:
    expire_at: float | None
    used: int = 0
    held: int = 0
    seeded: bool = False
    #: hold id → (amount, deadline)
    holds: dict[str, tuple[int, float]] = field(default_factory=dict)

    def sweep(self, now: float) -> None:
        for hold_id, (amount, deadline) in list(self.holds.items()):
            if deadline <= now:
                del self.holds[hold_id]
                self.held -= amount


class LocalMeters:
    """One process's meters, in memory."""

    def __init__(self, *, hold_s: float, clock: Callable[[], float] = time.time) -> None:
        self._hold_s = hold_s
        self._clock = clock
        self._counters: dict[str, _Counter] = {}
        self._reserves = 0
        self._seed_once = _SeedOnce()

    def _counter(self, name: str, expire_at: float | None) -> _Counter:
        now = self._clock()
        counter = self._counters.get(name)
        if counter is None or (counter.expire_at is not None and counter.expire_at <= now):
            counter = self._counters[name] = _Counter(expire_at)
        return counter

    async def reserve(
        self,
        name: str,
        amount: int,
        limit: int,
        *,
        expire_at: float | None,
        seed: Seed | None = None,
    ) -> Hold | Level:
        while True:
            reserved = self.reserve_now(
                name, amount, limit, expire_at=expire_at, must_be_seeded=seed is not None
            )
            if reserved is not None:
                return reserved
            assert seed is not None
            self.seed_now(name, await self._seed_once(name, seed), expire_at=expire_at)

    def reserve_now(
        self, name: str, amount: int, limit: int, *, expire_at: float | None, must_be_seeded: bool
    ) -> Hold | Level | None:
        """The atomic step of `reserve` (no await: nothing else runs between check and
        increment); None when the counter must be seeded first (`seed_now`). The meter
        server (meter_socket.py) calls it for every worker of one machine."""
        self._forget_expired()
        now = self._clock()
        counter = self._counter(name, expire_at)
        if must_be_seeded and not counter.seeded:
            return None
        counter.seeded = True
        counter.sweep(now)
        if counter.used + counter.held + amount > limit:
            return Level(counter.used, counter.held)
        hold = Hold(name, _hold_id(), amount)
        counter.holds[hold.id] = (amount, now + self._hold_s)
        counter.held += amount
        return hold

    def seed_now(self, name: str, start: int, *, expire_at: float | None) -> None:
        """Starts a counter from `start` (the ledger's spend) unless it already started: the
        first seed wins, as in Redis."""
        counter = self._counter(name, expire_at)
        if not counter.seeded:
            counter.used += start
            counter.seeded = True

    async def settle(self, hold: Hold, actual: int) -> None:
        self.settle_now(hold, actual)

    def settle_now(self, hold: Hold, actual: int) -> None:
        counter = self._counters.get(hold.meter)
        if counter is None:  # expired with its window
            return
        if counter.holds.pop(hold.id, None) is not None:
            counter.held -= hold.amount
        counter.used += actual

    async def release(self, hold: Hold) -> None:
        self.settle_now(hold, 0)

    def _forget_expired(self) -> None:
        self._reserves += 1
        if self._reserves % 1000:
            return
        now = self._clock()
        for name, counter in list(self._counters.items()):
            if counter.expire_at is not None and counter.expire_at <= now:
                del self._counters[name]

    async def aclose(self) -> None:
        return None


# KEYS[1] counter hash, KEYS[2] holds; ARGV: amount, limit, expire_at (0: never),
# must_be_seeded (1/0), now, hold deadline, hold member ("<id>:<amount>").
# Returns {status, used, held}: status 1 reserved, 0 refused, -1 not seeded yet.
_RESERVE = """
local now = tonumber(ARGV[5])
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
if #stale > 0 then
  local freed = 0
  for _, member in ipairs(stale) do
    freed = freed + tonumber(string.match(member, ':(%d+)$'))
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  redis.call('HINCRBY', KEYS[1], 'held', -freed)
end
if ARGV[4] == '1' and redis.call('HEXISTS', KEYS[1], 'used') == 0 then
  return {-1, 0, 0}
end
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
local held = tonumber(redis.call('HGET', KEYS[1], 'held') or '0')
local amount = tonumber(ARGV[1])
if used + held + amount > tonumber(ARGV[2]) then
  return {0, used, held}
end
redis.call('HINCRBY', KEYS[1], 'held', amount)
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7])
if ARGV[3] ~= '0' then
  redis.call('EXPIREAT', KEYS[1], ARGV[3])
  redis.call('EXPIREAT', KEYS[2], ARGV[3])
end
return {1, used, held + amount}
"""

# KEYS[1] counter hash, KEYS[2] holds; ARGV: hold member, amount, actual.
# A hold already lapsed (or settled) gives nothing back twice; an expired counter stays gone.
_SETTLE = """
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'held', -tonumber(ARGV[2]))
end
if ARGV[3] ~= '0' and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'used', ARGV[3])
end
return 1
"""

# KEYS[1] counter hash; ARGV: starting value, expire_at (0: never). First seed wins.
_SEED = """
redis.call('HSETNX', KEYS[1], 'used', ARGV[1])
if ARGV[2] ~= '0' then
  redis.call('EXPIREAT', KEYS[1], ARGV[2])
end
return 1
"""


class RedisMeters:
    """Meters shared by every replica through one Redis."""

    def __init__(
        self, client: Any, *, hold_s: float, clock: Callable[[], float] = time.time
    ) -> None:
        #: A `redis.asyncio.Redis`; typed loosely so the module imports without redis.
        self._client = client
        self._hold_s = hold_s
        self._clock = clock
        self._reserve = client.register_script(_RESERVE)
        self._settle = client.register_script(_SETTLE)
        self._seed = client.register_script(_SEED)
        self._seed_once = _SeedOnce()
        from redis.exceptions import RedisError

        #: Connection refused, timed out, reset: the store is down, not the request bad.
        self._unreachable: tuple[type[Exception], ...] = (RedisError, OSError)

    async def reserve(
        self,
        name: str,
        amount: int,
        limit: int,
        *,
        expire_at: float | None,
        seed: Seed | None = None,
    ) -> Hold | Level:
        try:
            return await self._reserve_once(name, amount, limit, expire_at=expire_at, seed=seed)
        except self._unreachable as exc:
            raise AdmissionUnavailable(
                f"budgets and rate limits cannot be checked: Redis is unreachable ({exc}); "
                "the request was not sent"
            ) from exc

    async def _reserve_once(
        self,
        name: str,
        amount: int,
        limit: int,
        *,
        expire_at: float | None,
        seed: Seed | None = None,
    ) -> Hold | Level:
        hold = Hold(name, _hold_id(), amount)
        expiry = str(int(expire_at)) if expire_at is not None else "0"
        while True:
            now = self._clock()
            status, used, held = await self._reserve(
                keys=[name, f"{name}:holds"],
                args=[
                    amount,
                    limit,
                    expiry,
                    "1" if seed is not None else "0",
                    repr(now),
                    repr(now + self._hold_s),
                    f"{hold.id}:{amount}",
                ],
            )
            if status == 1:
                return hold
            if status == 0:
                return Level(int(used), int(held))
            assert seed is not None
            start = await self._seed_once(name, seed)
            await self._seed(keys=[name], args=[start, expiry])

    async def settle(self, hold: Hold, actual: int) -> None:
        try:
            await self._settle_hold(hold, actual)
        # The answer is already given; the hold expires on its own after `hold_s`, and the
        # ledger keeps the true spend (replicas re-seed from it).
        except self._unreachable as exc:
            log.warning("budget store unreachable, hold %s left to expire: %s", hold.id, exc)

    async def _settle_hold(self, hold: Hold, actual: int) -> None:
        await self._settle(
            keys=[hold.meter, f"{hold.meter}:holds"],
            args=[f"{hold.id}:{hold.amount}", hold.amount, actual],
        )

    async def release(self, hold: Hold) -> None:
        await self.settle(hold, 0)

    async def aclose(self) -> None:
        await self._client.aclose()
