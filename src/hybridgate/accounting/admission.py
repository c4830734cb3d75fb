"""Admission: who is calling (virtual key) and whether their budget and rate limits let a
request through. The pipeline calls it around every upstream call:

    key = await admission.authenticate(bearer_token)        # AuthenticationFailed → 401
    ticket = await admission.admit(key, request, decision)   # BudgetExceeded/RateLimited → 429
    ...upstream call...
    await admission.settle(ticket, cost, usage)              # reconcile the reservation
    await admission.release(ticket)                          # on failure or cancellation

`OpenAdmission` is the gateway without keys: everyone is let in and nothing is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from ..config.schema import PrivacyAction
from ..errors import RequestError
from ..protocol.canonical import ChatRequest, Usage
from ..routing.decision import RouteDecision


class LimitExceeded(RequestError):
    """A key's budget or rate limit refuses the request (429, with `retry-after` when known)."""

    status = 429
    error_type = "rate_limit_error"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BudgetExceeded(LimitExceeded):
    code = "budget_exceeded"


class RateLimitExceeded(LimitExceeded):
    code = "rate_limit_exceeded"


@dataclass(frozen=True)
class KeyPolicy:
    """What a virtual key may use; None fields fall back to the gateway's policy."""

    allowed_tiers: frozenset[str] | None = None
    allowed_deployments: frozenset[str] | None = None
    privacy: PrivacyAction | None = None
    residency: tuple[str, ...] | None = None


@dataclass(frozen=True)
class KeyRecord:
    id: str
    name: str
    policy: KeyPolicy = field(default_factory=KeyPolicy)


@dataclass
class Ticket:
    """A request let in: what was reserved against whose budget (settled exactly once)."""

    key: KeyRecord | None
    reserved_usd: Decimal = Decimal(0)
    settled: bool = False


class Admission(Protocol):
    #: Whether requests must carry a key (False: open gateway).
    requires_key: bool

    async def authenticate(self, token: str | None) -> KeyRecord | None: ...

    async def enter(self, key: KeyRecord | None) -> Ticket:
        """The checks that need nothing but the key (requests a minute, a budget already
        spent), before any work that grows with the request: scanning, counting, routing."""
        ...

    async def admit(
        self,
        key: KeyRecord | None,
        request: ChatRequest | None,
        decision: RouteDecision,
        estimate_usd: Decimal,
        estimate_tokens: int,
        entered: Ticket | None = None,
    ) -> Ticket:
        """The rest, once the route is known; `entered` is `enter`'s ticket, which it extends
        (and releases with everything else if it refuses)."""
        ...

    async def settle(self, ticket: Ticket, cost_usd: Decimal, usage: Usage) -> None: ...

    async def release(self, ticket: Ticket) -> None: ...

    async def aclose(self) -> None: ...


class OpenAdmission:
    """No keys configured: everyone is let in, nothing is counted."""

    requires_key = False

    async def authenticate(self, token: str | None) -> KeyRecord | None:
        return None

    async def enter(self, key: KeyRecord | None) -> Ticket:
        return Ticket(key=key)

    async def admit(
        self,
        key: KeyRecord | None,
        request: ChatRequest | None,
        decision: RouteDecision,
        estimate_usd: Decimal,
        estimate_tokens: int,
        entered: Ticket | None = None,
    ) -> Ticket:
        return entered or Ticket(key=key)

    async def settle(self, ticket: Ticket, cost_usd: Decimal, usage: Usage) -> None:
        ticket.settled = True

    async def release(self, ticket: Ticket) -> None:
        ticket.settled = True

    async def aclose(self) -> None:
        return None
