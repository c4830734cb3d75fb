"""Virtual keys: the store (hashed secrets, shown once), the CLI, and the local meters."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr

from hybridgate.accounting.admission import BudgetExceeded, KeyPolicy
from hybridgate.accounting.budgets import Budgets, period_bounds
from hybridgate.accounting.keys import (
    Budget,
    KeyCache,
    KeyStore,
    KeyStoreError,
    Limits,
    VirtualKey,
)
from hybridgate.accounting.ledger import migrate, open_engine
from hybridgate.accounting.meters import Hold, Level, LocalMeters
from hybridgate.cli.main import main


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    engine = open_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    return KeyStore(engine)


def test_secret_is_shown_once_and_stored_only_hashed(store: KeyStore, tmp_path: Path) -> None:
    key, secret = store.create(
        "alice",
        policy=KeyPolicy(allowed_tiers=frozenset({"routing"}), residency=("eu",)),
        limits=Limits(budget=Budget(Decimal("2.5"), "day"), rpm=10, tpm=1000),
    )
    assert secret.startswith("hg-") and len(secret) > 40
    assert store.lookup(secret) == key
    assert store.lookup(secret + "x") is None
    listed = store.keys()
    assert [k.id for k in listed] == [key.id]
    assert secret not in json.dumps([k.describe() for k in listed])
    assert listed[0].limits.budget == Budget(Decimal("2.5"), "day")
    assert listed[0].policy.allowed_tiers == frozenset({"routing"})
    assert listed[0].policy.residency == ("eu",)
    for path in tmp_path.glob("ledger.db*"):  # the database and its WAL
        assert secret.encode() not in path.read_bytes()
        assert secret[3:20].encode() not in path.read_bytes()


def test_revoke_by_name_or_id(store: KeyStore) -> None:
    first, secret = store.create("ci")
    with pytest.raises(KeyStoreError, match="--name"):
        store.create("ci")
    revoked = store.revoke("ci")
    assert revoked.id == first.id and not revoked.active
    found = store.lookup(secret)
    assert found is not None and not found.active
    second, _ = store.create("ci")  # the name is free again
    assert store.revoke(second.id).revoked_at is not None
    with pytest.raises(KeyStoreError, match="no key"):
        store.revoke("nobody")
    assert store.count() == 2


async def test_cache_sees_revocation_after_its_ttl(store: KeyStore) -> None:
    key, secret = store.create("svc")
    cache = KeyCache(store, ttl_s=0.2)
    assert await cache.keys_configured()
    assert (await cache.lookup(secret)) == key
    store.revoke(key.id)
    cached = await cache.lookup(secret)
    assert cached is not None and cached.active  # still cached
    await asyncio.sleep(0.25)
    fresh = await cache.lookup(secret)
    assert fresh is not None and not fresh.active


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "hybridgate.yaml"
    settings: dict[str, Any] = {
        "storage": str(tmp_path / "ledger.db"),
        "deployments": [
            {"name": "a", "provider": "openai", "model": "gpt-4o", "api_key": "x"},
            {"name": "b", "provider": "openai", "model": "gpt-4o-mini", "api_key": "x"},
        ],
        "tiers": {"routing": ["b"], "reasoning": ["a"]},
    }
    path.write_text(yaml.safe_dump(settings))
    return path


def test_cli_create_list_revoke(config: Path) -> None:
    code, out, _ = _cli(
        "keys", "create", "--config", str(config), "--name", "team-a", "--json",
        "--budget-usd", "5", "--budget-period", "month", "--rpm", "60", "--tpm", "10000",
        "--tiers", "routing,reasoning", "--deployments", "a,b", "--privacy", "local_only",
        "--residency", "eu,local",
    )  # fmt: skip
    assert code == 0
    created = json.loads(out)
    secret = created["key"]
    assert secret.startswith("hg-")
    assert created["budget_usd"] == "5" and created["budget_period"] == "month"
    assert created["allowed_tiers"] == ["reasoning", "routing"]
    assert created["privacy"] == "local_only" and created["residency"] == ["eu", "local"]

    code, out, _ = _cli("keys", "list", "--config", str(config), "--json")
    assert code == 0 and secret not in out
    assert [k["name"] for k in json.loads(out)] == ["team-a"]
    code, out, _ = _cli("keys", "list", "--config", str(config))
    assert code == 0 and "team-a" in out and secret not in out

    code, out, _ = _cli("keys", "revoke", "team-a", "--config", str(config), "--json")
    assert code == 0 and json.loads(out)["revoked_at"]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--tiers", "routing,nope"],
            "--tiers: unknown tier 'nope'; tiers are: reasoning, routing",
        ),
        (["--deployments", "zz"], "--deployments: unknown deployment 'zz'; deployments are: a, b"),
        (["--budget-usd", "lots"], "--budget-usd: 'lots' is not a number"),
        (["--budget-usd", "-1"], "--budget-usd: must be more than 0"),
        (["--budget-period", "day"], "--budget-period: applies only with --budget-usd"),
        (["--rpm", "0"], "--rpm: must be a positive whole number"),
    ],
)
def test_cli_errors_name_the_flag(config: Path, flags: list[str], message: str) -> None:
    code, out, err = _cli("keys", "create", "--config", str(config), "--name", "x", *flags)
    assert code == 2 and out == ""
    assert message in err


def test_budget_periods_are_utc_days_and_months() -> None:
    now = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert period_bounds("day", now) == (
        datetime(2026, 12, 31, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert period_bounds("month", now) == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert period_bounds("total", now) == (None, None)


async def test_local_meters_never_overshoot_and_lapsed_holds_come_back() -> None:
    clock = [1000.0]
    meters = LocalMeters(hold_s=30, clock=lambda: clock[0])
    seeds = 0

    async def seed() -> int:
        nonlocal seeds
        seeds += 1
        await asyncio.sleep(0.01)
        return 20

    outcomes = await asyncio.gather(
        *(meters.reserve("m", 10, 100, expire_at=None, seed=seed) for _ in range(50))
    )
    holds = [o for o in outcomes if isinstance(o, Hold)]
    assert len(holds) == 8 and seeds == 1  # 20 already spent; 8 × 10 more fit in 100
    assert all(isinstance(o, Level) for o in outcomes if not isinstance(o, Hold))
    await meters.settle(holds[0], 3)
    await meters.release(holds[1])
    await meters.release(holds[1])  # twice: harmless
    refused = await meters.reserve("m", 100, 100, expire_at=None)
    assert refused == Level(used=23, held=60)
    clock[0] += 31  # the six unsettled holds lapse
    assert isinstance(await meters.reserve("m", 77, 100, expire_at=None), Hold)


def _key(budget: Budget) -> VirtualKey:
    return VirtualKey(id="key_1", name="k", limits=Limits(budget=budget))


async def test_a_budget_starts_from_the_ledger_and_says_when_to_retry() -> None:
    asked: list[tuple[datetime | None, datetime | None]] = []

    def spend(key_id: str, start: datetime | None, end: datetime | None) -> int:
        asked.append((start, end))
        return 900_000  # $0.0009 already on the ledger: a restart forgets nothing

    now = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    # One clock for budgets and meters: the day's counter expires at the next UTC midnight.
    meters = LocalMeters(hold_s=60, clock=lambda: now.timestamp())
    budgets = Budgets(meters, spend, hold_s=60, clock=lambda: now)
    daily = _key(Budget(Decimal("0.001"), "day"))
    with pytest.raises(BudgetExceeded, match=r"\$0.0009 spent") as refused:
        await budgets.reserve(daily, Decimal("0.0002"))
    assert asked == [(datetime(2026, 11, 27, tzinfo=UTC), datetime(2026, 11, 28, tzinfo=UTC))]
    assert refused.value.retry_after == 6 * 3600  # the next UTC day

    hold = await budgets.reserve(daily, Decimal("0.00006"))
    assert hold is not None
    with pytest.raises(BudgetExceeded) as in_flight:  # fits once the request in flight settles
        await budgets.reserve(daily, Decimal("0.00005"))
    assert in_flight.value.retry_after == 1.0
    await budgets.settle(hold, Decimal("0.00001"))
    assert await budgets.reserve(daily, Decimal("0.00005")) is not None

    total = VirtualKey(
        id="key_2", name="t", limits=Limits(budget=Budget(Decimal("0.001"), "total"))
    )
    with pytest.raises(BudgetExceeded) as forever:
        await budgets.reserve(total, Decimal("0.0002"))
    assert forever.value.retry_after is None


def test_serving_beyond_loopback_without_keys_warns_loudly(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hybridgate.cli.keys import warn_if_open
    from hybridgate.config.loader import load_settings

    settings = load_settings(config)
    warn_if_open(settings, "127.0.0.1")
    warn_if_open(settings, "::1")
    assert capsys.readouterr().err == ""
    warn_if_open(settings, "0.0.0.0")
    assert (
        "WARNING: hybridgate is listening on 0.0.0.0 with no virtual keys"
        in capsys.readouterr().err
    )
    assert _cli("keys", "create", "--config", str(config), "--name", "ops")[0] == 0
    warn_if_open(settings, "0.0.0.0")
    warned = capsys.readouterr().err
    assert "no virtual keys" not in warned
    assert "/ui and /metrics on 0.0.0.0 are open" in warned  # still no admin token
    with_token = settings.model_copy(
        update={"server": settings.server.model_copy(update={"admin_token": SecretStr("t")})}
    )
    warn_if_open(with_token, "0.0.0.0")
    assert capsys.readouterr().err == ""
