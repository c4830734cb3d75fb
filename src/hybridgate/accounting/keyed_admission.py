"""`KeyedAdmission`: virtual keys, their allowed tiers and deployments, rate limits, budgets.

When keys are required: `auth: keys` always, `auth: open` never (a key that is sent is still
honoured, so its limits apply). `auth: auto` (the default): as soon as the key store holds any
key (revoked ones count), every request must carry one; until then the gateway runs open, as
it does out of the box. The store is asked at most once a second (`KeyCache`), so a key created
by `hybridgate keys create` while replicas run closes all of them within about a second.
Revoking the last key does not reopen the gateway: an open gateway is never the side effect of
cutting a key off (`keys delete`, or `auth: open`, says so on purpose).

A request with a key goes through, in order: the key's allowed tiers and deployments (403
`model_not_allowed`), RPM, TPM and the budget (429 `rate_limit_exceeded` / `budget_exceeded`,
with `retry-after`). Privacy and residency are the router's (`Router.policy_for`).

Counters live in-process, in Redis when `redis:` is set (many replicas share them), or in
the supervisor of `serve --workers N` (its workers share them; meter_socket.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from ..config.schema import AuthMode, Settings
from ..errors import AuthenticationFailed, PolicyRefused
from ..protocol.canonical import ChatRequest, Usage
from ..routing.decision import RouteDecision
from .admission import KeyRecord, Ticket
from .budgets import Budgets, ledger_spend
from .keys import SECRET_PREFIX, KeyCache, KeyStore, VirtualKey
from .meter_socket import SocketMeters
from .meters import Hold, LocalMeters, Meters, RedisMeters
from .ratelimit import RateLimits

log = logging.getLogger("hybridgate.admission")

#: An unsettled reservation lapses this long after the slowest deployment's total timeout.
_HOLD_MARGIN_S = 60.0


@dataclass
class KeyedTicket(Ticket):
    requests: Hold | None = None
    tokens: Hold | None = None
    budget: Hold | None = None


class KeyedAdmission:
    def __init__(
        self,
        *,
        keys: KeyCache,
        meters: Meters,
        budgets: Budgets,
        limits: RateLimits,
        tiers: Mapping[str, Sequence[str]],
        mode: AuthMode = "auto",
    ) -> None:
        self.mode = mode
        #: Refreshed on every authentication (from the cache): whether keys are required now.
        self.requires_key = mode == "keys"
        self._keys = keys
        self._meters = meters
        self._budgets = budgets
        self._limits = limits
        self._tiers = tiers

    async def authenticate(self, token: str | None) -> KeyRecord | None:
        if self.mode == "auto":
            self.requires_key = await self._keys.keys_configured()
        if token is None:
            if self.requires_key:
                raise AuthenticationFailed(
                    "this gateway requires a virtual key (auth: keys): send it as "
                    "`Authorization: Bearer hg-...` (OpenAI SDKs: api_key) or `x-api-key` "
                    "(Anthropic SDKs); `hybridgate keys create --name NAME` makes one"
                )
            return None
        if not self.requires_key and not token.startswith(SECRET_PREFIX):
            return None  # open gateway: SDKs insist on sending some key; it is not ours
        if not token.startswith(SECRET_PREFIX):
            raise AuthenticationFailed(
                f"invalid API key: this gateway requires a hybridgate virtual key ({SECRET_PREFIX}"
                "...; `hybridgate keys create --name NAME` makes one), and the key sent is not one"
            )
        key = await self._keys.lookup(token)
        if key is None:
            raise AuthenticationFailed("invalid API key: no such hybridgate key")
        if not key.active:
            raise AuthenticationFailed(f"API key {key.name!r} ({key.id}) has been revoked")
        return key

    async def enter(self, key: KeyRecord | None) -> Ticket:
        if not isinstance(key, VirtualKey):
            return KeyedTicket(key)
        ticket = KeyedTicket(key)
        try:
            ticket.requests = await self._limits.take_request(key)
            await self._budgets.check(key)
        except BaseException:  # refused or cancelled: the request slot goes back
            await self.release(ticket)
            raise
        return ticket

    async def admit(
        self,
        key: KeyRecord | None,
        request: ChatRequest | None,
        decision: RouteDecision,
        estimate_usd: Decimal,
        estimate_tokens: int,
        entered: Ticket | None = None,
    ) -> Ticket:
        if not isinstance(key, VirtualKey):
            return entered or KeyedTicket(key)
        ticket = entered if isinstance(entered, KeyedTicket) else KeyedTicket(key)
        ticket.reserved_usd = estimate_usd
        try:
            self._check_policy(key, decision)
            if entered is None:
                ticket.requests = await self._limits.take_request(key)
            ticket.tokens = await self._limits.take_tokens(key, estimate_tokens)
            ticket.budget = await self._budgets.reserve(key, estimate_usd)
        except BaseException:  # refused or cancelled: what was taken so far goes back
            await self.release(ticket)
            raise
        return ticket

    def _check_policy(self, key: VirtualKey, decision: RouteDecision) -> None:
        tiers = key.policy.allowed_tiers
        if tiers is not None:
            if decision.tier is not None:
                allowed, what = decision.tier in tiers, f"tier {decision.tier!r}"
            else:  # a deployment named directly: fine if it serves an allowed tier
                allowed = any(decision.target in self._tiers.get(t, ()) for t in tiers)
                what = f"deployment {decision.target!r}"
            if not allowed:
                raise PolicyRefused(
                    f"key {key.name!r} may use tiers {', '.join(sorted(tiers))}; "
                    f"this request resolved to {what}",
                    code="model_not_allowed",
                )
        deployments = key.policy.allowed_deployments
        if deployments is not None:
            outside = [name for name in decision.candidates() if name not in deployments]
            if outside:
                raise PolicyRefused(
                    f"key {key.name!r} may use deployments {', '.join(sorted(deployments))}; "
                    f"this request would use {', '.join(outside)}",
                    code="model_not_allowed",
                )

    @staticmethod
    def _claim(ticket: Ticket) -> KeyedTicket | None:
        """The ticket's counters, once: a ticket is settled or released exactly one time."""
        if ticket.settled:
            return None
        ticket.settled = True
        return ticket if isinstance(ticket, KeyedTicket) else None

    async def settle(self, ticket: Ticket, cost_usd: Decimal, usage: Usage) -> None:
        keyed = self._claim(ticket)
        if keyed is None:
            return
        try:
            if keyed.requests is not None:
                await self._limits.count_request(keyed.requests)
            if keyed.tokens is not None:
                used = usage.input_tokens + usage.output_tokens
                await self._limits.settle_tokens(keyed.tokens, used)
            if keyed.budget is not None:
                await self._budgets.settle(keyed.budget, cost_usd)
        # The answer is delivered and its ledger row is next: a counter store failing now must
        # not lose either. The ledger keeps the spend; an unsettled hold lapses by itself.
        except Exception:
            log.exception(
                "admission: settling a request of key %s failed", keyed.key and keyed.key.id
            )

    async def release(self, ticket: Ticket) -> None:
        keyed = self._claim(ticket)
        if keyed is None:
            return
        try:
            if keyed.requests is not None:
                await self._limits.count_request(keyed.requests)
            if keyed.tokens is not None:
                await self._limits.release(keyed.tokens)
            if keyed.budget is not None:
                await self._budgets.release(keyed.budget)
        # As in settle: the caller's error must reach them; the holds lapse by themselves.
        except Exception:
            log.exception(
                "admission: releasing a request of key %s failed", keyed.key and keyed.key.id
            )

    @property
    def meters(self) -> Meters:
        """The counters (Redis or in-process) other daily budgets may share."""
        return self._meters

    @property
    def shared(self) -> bool:
        """Whether the counters are shared with other processes (Redis, or the supervisor)."""
        return not isinstance(self._meters, LocalMeters)

    async def aclose(self) -> None:
        await self._meters.aclose()


def hold_seconds(settings: Settings) -> float:
    """How long an unsettled reservation lives: past the slowest deployment's total timeout."""
    return max((d.timeouts.total_s for d in settings.deployments), default=600.0) + _HOLD_MARGIN_S


async def build_admission(
    settings: Settings, engine: Engine, meter_socket: Path | None = None
) -> KeyedAdmission:
    """Admission for `create_app`: keys from the ledger's database, counters in Redis when
    `redis:` is set (checked now, so a wrong URL stops the start-up), else in the supervisor
    of `serve --workers N` when this is one of its workers (`meter_socket`), else in this
    process."""
    hold_s = hold_seconds(settings)
    meters: Meters
    if settings.redis:
        import redis.asyncio as aioredis

        # Bounded waits: a Redis that does not answer must not hold requests indefinitely.
        client = aioredis.from_url(settings.redis, socket_connect_timeout=2, socket_timeout=5)
        try:
            await client.ping()
        except Exception:
            await client.aclose()
            raise
        meters = RedisMeters(client, hold_s=hold_s)
    elif meter_socket is not None:
        meters = SocketMeters(meter_socket)
    else:
        meters = LocalMeters(hold_s=hold_s)
    return KeyedAdmission(
        keys=KeyCache(KeyStore(engine)),
        meters=meters,
        budgets=Budgets(meters, ledger_spend(engine), hold_s=hold_s),
        limits=RateLimits(meters),
        tiers=settings.tiers,
        mode=settings.auth,
    )
