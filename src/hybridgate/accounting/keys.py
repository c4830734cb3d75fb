"""Virtual keys: who may call the gateway, with what budget, rate limits and policy.

A key's secret (`hg-` + 32 random bytes, urlsafe) is shown once, when it is created; the store
keeps only its SHA-256 (a fast hash is right for high-entropy secrets: there is nothing to
brute-force). Keys live in the ledger's database (table `keys`, migration 3), so every replica
sharing `storage:` sees the same keys.

`KeyCache` answers the request path from memory for `ttl_s` (1 s): a key created or revoked by
another process (`hybridgate keys revoke`, another replica) takes effect everywhere within
about a second, and the database sees at most one lookup per key per second per replica.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal, cast, get_args

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Row

from ..config.schema import PrivacyAction
from .admission import KeyPolicy, KeyRecord
from .ledger import NANO, metadata, to_nusd

SECRET_PREFIX = "hg-"
BudgetPeriod = Literal["day", "month", "total"]
BUDGET_PERIODS: tuple[str, ...] = get_args(BudgetPeriod)

#: The shape migration 3 creates; a later column needs its own migration (migrations.py).
keys_table = Table(
    "keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    #: USD × 10⁹ per `budget_period`; NULL: no budget.
    Column("budget_nusd", BigInteger, nullable=True),
    Column("budget_period", String(8), nullable=True),
    Column("rpm", Integer, nullable=True),
    Column("tpm", Integer, nullable=True),
    #: Comma-separated names; NULL: every tier / deployment.
    Column("allowed_tiers", Text, nullable=True),
    Column("allowed_deployments", Text, nullable=True),
    Column("privacy", String(16), nullable=True),
    #: Comma-separated regions; NULL: the gateway's residency policy.
    Column("residency", Text, nullable=True),
)


@dataclass(frozen=True)
class Budget:
    usd: Decimal
    period: BudgetPeriod

    @property
    def nusd(self) -> int:
        return to_nusd(self.usd)


@dataclass(frozen=True)
class Limits:
    """What a key may spend and how fast; None: unlimited."""

    budget: Budget | None = None
    rpm: int | None = None
    tpm: int | None = None


@dataclass(frozen=True)
class VirtualKey(KeyRecord):
    """A stored key as the request path sees it: identity, policy, limits (never the secret)."""

    limits: Limits = Limits()
    created_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def describe(self) -> dict[str, object]:
        """JSON-ready, for `hybridgate keys list --json`."""
        budget = self.limits.budget
        policy = self.policy
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "budget_usd": format(budget.usd.normalize(), "f") if budget else None,
            "budget_period": budget.period if budget else None,
            "rpm": self.limits.rpm,
            "tpm": self.limits.tpm,
            "allowed_tiers": _sorted(policy.allowed_tiers),
            "allowed_deployments": _sorted(policy.allowed_deployments),
            "privacy": policy.privacy,
            "residency": list(policy.residency) if policy.residency is not None else None,
        }


def _sorted(names: frozenset[str] | None) -> list[str] | None:
    return sorted(names) if names is not None else None


def _join(names: Iterable[str] | None) -> str | None:
    return ",".join(names) if names is not None else None


def _split(value: str | None) -> tuple[str, ...] | None:
    return tuple(v for v in value.split(",") if v) if value is not None else None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time here is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _key(row: Row[tuple[object, ...]]) -> VirtualKey:
    m = row._mapping
    tiers, deployments = _split(m["allowed_tiers"]), _split(m["allowed_deployments"])
    budget = (
        Budget(Decimal(m["budget_nusd"]) / NANO, cast(BudgetPeriod, m["budget_period"]))
        if m["budget_nusd"] is not None
        else None
    )
    return VirtualKey(
        id=m["id"],
        name=m["name"],
        policy=KeyPolicy(
            allowed_tiers=frozenset(tiers) if tiers is not None else None,
            allowed_deployments=frozenset(deployments) if deployments is not None else None,
            privacy=cast(PrivacyAction | None, m["privacy"]),
            residency=_split(m["residency"]),
        ),
        limits=Limits(budget=budget, rpm=m["rpm"], tpm=m["tpm"]),
        created_at=_aware(m["created_at"]),
        revoked_at=_aware(m["revoked_at"]),
    )


class KeyStoreError(LookupError):
    """No such key, or a name that is already taken (message names the field)."""


class KeyStore:
    """Create, list, revoke and look up keys (synchronous: call from a thread when async)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def create(
        self, name: str, *, policy: KeyPolicy | None = None, limits: Limits | None = None
    ) -> tuple[VirtualKey, str]:
        """A new key and its secret: the only time the secret exists outside the caller."""
        policy = policy or KeyPolicy()
        limits = limits or Limits()
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        key_id = "key_" + secrets.token_hex(8)
        budget = limits.budget
        with self._engine.begin() as conn:
            taken = conn.scalar(
                select(func.count())
                .select_from(keys_table)
                .where(keys_table.c.name == name, keys_table.c.revoked_at.is_(None))
            )
            if taken:
                raise KeyStoreError(f"--name: an active key is already named {name!r}")
            conn.execute(
                insert(keys_table).values(
                    id=key_id,
                    name=name,
                    secret_sha256=hash_secret(secret),
                    created_at=datetime.now(UTC),
                    budget_nusd=budget.nusd if budget else None,
                    budget_period=budget.period if budget else None,
                    rpm=limits.rpm,
                    tpm=limits.tpm,
                    allowed_tiers=_join(_sorted(policy.allowed_tiers)),
                    allowed_deployments=_join(_sorted(policy.allowed_deployments)),
                    privacy=policy.privacy,
                    residency=_join(policy.residency),
                )
            )
            row = conn.execute(select(keys_table).where(keys_table.c.id == key_id)).one()
        return _key(row), secret

    def keys(self) -> list[VirtualKey]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(keys_table).order_by(keys_table.c.created_at))
            return [_key(row) for row in rows]

    def revoke(self, id_or_name: str) -> VirtualKey:
        """Revokes the key with this id, or the active key with this name."""
        with self._engine.begin() as conn:
            row = conn.execute(
                select(keys_table)
                .where(
                    or_(
                        keys_table.c.id == id_or_name,
                        (keys_table.c.name == id_or_name) & keys_table.c.revoked_at.is_(None),
                    )
                )
                .order_by(keys_table.c.created_at.desc())
            ).first()
            if row is None:
                raise KeyStoreError(f"no key with id or name {id_or_name!r}")
            key = _key(row)
            if key.active:
                conn.execute(
                    update(keys_table)
                    .where(keys_table.c.id == key.id)
                    .values(revoked_at=datetime.now(UTC))
                )
                row = conn.execute(select(keys_table).where(keys_table.c.id == key.id)).one()
        return _key(row)

    def delete(self, id_or_name: str) -> VirtualKey:
        """Removes the key with this id, or every key with this name (revoked or not): its
        requests stay on the ledger under its id. With `auth: auto`, deleting the last key
        reopens the gateway, which revoking never does."""
        with self._engine.begin() as conn:
            rows = conn.execute(
                select(keys_table).where(
                    or_(keys_table.c.id == id_or_name, keys_table.c.name == id_or_name)
                )
            ).all()
            exact = [r for r in rows if r.id == id_or_name]
            rows = exact or rows
            if not rows:
                raise KeyStoreError(f"no key with id or name {id_or_name!r}")
            if len(rows) > 1:
                ids = ", ".join(r.id for r in rows)
                raise KeyStoreError(
                    f"{len(rows)} keys are named {id_or_name!r} ({ids}); delete one by its id"
                )
            conn.execute(delete(keys_table).where(keys_table.c.id == rows[0].id))
        return _key(rows[0])

    def lookup(self, secret: str) -> VirtualKey | None:
        """The key this secret belongs to (revoked ones included), or None."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(keys_table).where(keys_table.c.secret_sha256 == hash_secret(secret))
            ).first()
        return _key(row) if row is not None else None

    def count(self) -> int:
        """Keys ever created, revoked ones included."""
        with self._engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(keys_table)) or 0)


class KeyCache:
    """The request path's view of the store: lookups and "are keys required?" for `ttl_s`."""

    def __init__(self, store: KeyStore, *, ttl_s: float = 1.0, max_entries: int = 100_000) -> None:
        self._store = store
        self._ttl_s = ttl_s
        self._counting: asyncio.Future[bool] | None = None
        self._max_entries = max_entries
        self._by_hash: dict[str, tuple[float, VirtualKey | None]] = {}
        self._configured: tuple[float, bool] = (float("-inf"), False)

    async def keys_configured(self) -> bool:
        """Whether the store holds any key, revoked or not (then every request needs one)."""
        expires, configured = self._configured
        if time.monotonic() < expires:
            return configured
        # One count for every request that finds the answer expired, not one each.
        if self._counting is None:
            self._counting = asyncio.ensure_future(self._count())
        return await asyncio.shield(self._counting)

    async def _count(self) -> bool:
        try:
            configured = await asyncio.to_thread(self._store.count) > 0
            self._configured = (time.monotonic() + self._ttl_s, configured)
            return configured
        finally:
            self._counting = None

    async def lookup(self, secret: str) -> VirtualKey | None:
        digest = hash_secret(secret)
        cached = self._by_hash.get(digest)
        if cached is not None and time.monotonic() < cached[0]:
            return cached[1]
        key = await asyncio.to_thread(self._store.lookup, secret)
        if len(self._by_hash) >= self._max_entries:  # unknown secrets must not grow it forever
            self._by_hash.clear()
        self._by_hash[digest] = (time.monotonic() + self._ttl_s, key)
        return key
