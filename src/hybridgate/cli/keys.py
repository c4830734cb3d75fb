"""`hybridgate keys create|list|revoke|delete`: virtual keys in the ledger's database.

The secret is printed once, by `create`, and stored only as its SHA-256. Whether requests
need a key is `auth:` in the config (`auto`: once any key exists; see
`accounting/keyed_admission.py`); `keys list` says which mode the gateway is in.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from ..accounting.keys import Budget, BudgetPeriod, KeyStore, Limits
    from ..config.schema import Settings


def register(subparsers: Any) -> None:
    from .main import add_config_option, add_wide_option

    parser = subparsers.add_parser("keys", help="create, list and revoke virtual keys")
    commands = parser.add_subparsers(dest="keys_command", required=True, metavar="ACTION")

    create = commands.add_parser("create", help="create a key (its secret is shown once)")
    add_config_option(create)
    create.add_argument("--name", required=True, help="who or what the key is for")
    create.add_argument("--budget-usd", default=None, help="spend limit in USD, e.g. 25 or 0.5")
    create.add_argument(
        "--budget-period",
        choices=["day", "month", "total"],
        default=None,
        help="what --budget-usd covers: a UTC day, a UTC month, or all time (default: month)",
    )
    create.add_argument("--rpm", type=int, default=None, help="requests a minute")
    create.add_argument("--tpm", type=int, default=None, help="tokens a minute")
    create.add_argument("--tiers", default=None, help="comma list of the tiers it may use")
    create.add_argument(
        "--deployments", default=None, help="comma list of the deployments it may use"
    )
    create.add_argument(
        "--privacy",
        choices=["allow", "local_only", "redact", "block"],
        default=None,
        help="what to do with sensitive data (default: the gateway's policy)",
    )
    create.add_argument(
        "--residency", default=None, help="comma list of regions its requests may go to"
    )
    create.add_argument("--json", action="store_true", help='print {"key": ..., "id": ...}')
    create.set_defaults(handler=run_create)

    listing = commands.add_parser("list", help="list keys (never their secrets)")
    add_config_option(listing)
    add_wide_option(listing)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=run_list)

    revoke = commands.add_parser("revoke", help="revoke a key (takes effect within ~1 s)")
    add_config_option(revoke)
    revoke.add_argument("key", metavar="ID_OR_NAME", help="the key's id, or its name")
    revoke.add_argument("--json", action="store_true", help="print the revoked key as JSON")
    revoke.set_defaults(handler=run_revoke)

    remove = commands.add_parser(
        "delete", help="delete a key (with auth: auto, deleting the last one reopens the gateway)"
    )
    add_config_option(remove)
    remove.add_argument("key", metavar="ID_OR_NAME", help="the key's id, or its name")
    remove.add_argument("--json", action="store_true", help="print the deleted key as JSON")
    remove.set_defaults(handler=run_delete)


class _Invalid(Exception):
    """A flag with a bad value; the message names the flag."""


def _names(value: str | None, flag: str, known: Sequence[str], what: str) -> frozenset[str] | None:
    if value is None:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise _Invalid(f"{flag}: give at least one {what}")
    for name in names:
        if name not in known:
            raise _Invalid(
                f"{flag}: unknown {what} {name!r}; {what}s are: {', '.join(known) or '(none)'}"
            )
    return frozenset(names)


def _positive(value: int | None, flag: str) -> int | None:
    if value is not None and value <= 0:
        raise _Invalid(f"{flag}: must be a positive whole number, got {value}")
    return value


def _budget(usd: str | None, period: str | None) -> Budget | None:
    from ..accounting.keys import Budget

    if usd is None:
        if period is not None:
            raise _Invalid("--budget-period: applies only with --budget-usd")
        return None
    try:
        amount = Decimal(usd)
    except InvalidOperation:
        raise _Invalid(f"--budget-usd: {usd!r} is not a number of dollars") from None
    if not amount.is_finite() or amount <= 0:
        raise _Invalid(f"--budget-usd: must be more than 0, got {usd}")
    return Budget(amount, cast("BudgetPeriod", period or "month"))


def _limits(args: argparse.Namespace) -> Limits:
    from ..accounting.keys import Limits

    return Limits(
        budget=_budget(args.budget_usd, args.budget_period),
        rpm=_positive(args.rpm, "--rpm"),
        tpm=_positive(args.tpm, "--tpm"),
    )


def _open(args: argparse.Namespace) -> tuple[Settings, KeyStore, Any]:
    from ..accounting.keys import KeyStore
    from ..accounting.ledger import migrate, open_engine
    from .main import load_cli_settings

    settings = load_cli_settings(args, secrets=False)
    engine = open_engine(settings.storage)
    migrate(engine)
    return settings, KeyStore(engine), engine


def _fail(message: str) -> int:
    print(f"hybridgate keys: {message}", file=sys.stderr)
    return 2


def run_create(args: argparse.Namespace) -> int:
    from ..accounting.admission import KeyPolicy
    from ..accounting.keys import KeyStoreError
    from ..config.schema import PrivacyAction

    settings, store, engine = _open(args)
    try:
        if not args.name.strip():
            raise _Invalid("--name: must not be empty")
        residency = _regions(args.residency)
        policy = KeyPolicy(
            allowed_tiers=_names(args.tiers, "--tiers", list(settings.tiers), "tier"),
            allowed_deployments=_names(
                args.deployments,
                "--deployments",
                [d.name for d in settings.deployments],
                "deployment",
            ),
            privacy=cast("PrivacyAction | None", args.privacy),
            residency=residency,
        )
        key, secret = store.create(args.name.strip(), policy=policy, limits=_limits(args))
    except (_Invalid, KeyStoreError) as exc:
        return _fail(str(exc))
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"key": secret, **key.describe()}))
        return 0
    print(f"Created key {key.id} ({key.name}).")
    print(f"Secret, shown this once (only its hash is stored):\n\n    {secret}\n")
    print("Send it as `Authorization: Bearer <secret>` (OpenAI SDKs: api_key=...).")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from ..accounting.keys import KeyStoreError

    settings, store, engine = _open(args)
    try:
        key = store.delete(args.key)
        left = store.count()
    except KeyStoreError as exc:
        return _fail(str(exc))
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(key.describe()))
    else:
        print(f"Deleted key {key.id} ({key.name}); its requests stay on the ledger.")
        print(auth_status(settings.auth, left))
    return 0


def _regions(value: str | None) -> tuple[str, ...] | None:
    """Region names are free-form (as in deployments); an empty list is a mistake."""
    if value is None:
        return None
    regions = tuple(sorted({n.strip() for n in value.split(",") if n.strip()}))
    if not regions:
        raise _Invalid("--residency: give at least one region, e.g. eu,local")
    return regions


def auth_status(mode: str, keys: int) -> str:
    """Which mode the gateway is in, in words (`keys list`, `config check`, `serve`)."""
    if mode == "keys":
        return "auth: keys (every request needs a key)"
    if mode == "open":
        return "auth: open (no key needed; a key that is sent is honoured)"
    if keys:
        return f"auth: auto -> keys required ({keys} key(s) exist; delete them all to reopen)"
    return "auth: auto -> open (no keys yet; the first `keys create` closes it)"


def run_list(args: argparse.Namespace) -> int:
    settings, store, engine = _open(args)
    try:
        keys = store.keys()
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps([key.describe() for key in keys], indent=2))
        return 0
    print(auth_status(settings.auth, len(keys)))
    from rich.table import Table

    table = Table(title="virtual keys")
    for column in ("id", "name", "status", "budget", "rpm", "tpm", "tiers", "deployments"):
        table.add_column(column)
    for key in keys:
        data = key.describe()
        budget = f"${data['budget_usd']}/{data['budget_period']}" if data["budget_usd"] else "-"
        table.add_row(
            key.id,
            key.name,
            "active" if key.active else "revoked",
            budget,
            str(key.limits.rpm or "-"),
            str(key.limits.tpm or "-"),
            ",".join(cast("list[str]", data["allowed_tiers"]) or ["*"]),
            ",".join(cast("list[str]", data["allowed_deployments"]) or ["*"]),
        )
    from .main import console as cli_console

    cli_console(args).print(table)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from ..accounting.keys import KeyStoreError

    _, store, engine = _open(args)
    try:
        key = store.revoke(args.key)
    except KeyStoreError as exc:
        return _fail(str(exc))
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(key.describe()))
    else:
        print(f"Revoked key {key.id} ({key.name}); replicas stop accepting it within ~1 s.")
    return 0


def _loopback(host: str) -> bool:
    import ipaddress

    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def key_count(settings: Settings) -> int:
    from ..accounting.keys import KeyStore
    from ..accounting.ledger import migrate, open_engine

    engine = open_engine(settings.storage)
    try:
        migrate(engine)
        return KeyStore(engine).count()
    finally:
        engine.dispose()


def open_refusal(settings: Settings, host: str, allow_open: bool) -> str | None:
    """Why `serve` will not run open beyond loopback (like a gateway without a master key), or
    None: `auth: open`, or `auth: auto` with no key yet, on a non-loopback address needs
    `--allow-open`."""
    if allow_open or _loopback(host) or settings.auth == "keys":
        return None
    if settings.auth == "auto" and key_count(settings):
        return None
    return (
        f"refusing to listen on {host} without keys ({auth_status(settings.auth, 0)}): anyone "
        "who can reach it could spend on every deployment.\n"
        "  create a key:     hybridgate keys create --name NAME --budget-usd 10\n"
        "  or bind loopback: hybridgate serve --host 127.0.0.1\n"
        "  or say so:        hybridgate serve --allow-open"
    )


def warn_if_open(settings: Settings, host: str) -> None:
    """`hybridgate serve` on a non-loopback address with no keys (anyone who can reach it may
    spend on the configured APIs) or no admin token (anyone may read spend and traffic on
    `/ui` and `/metrics`). Say so, loudly, on stderr."""
    if _loopback(host):
        return
    keys = settings.auth == "keys" or (settings.auth == "auto" and key_count(settings) > 0)
    lines: list[str] = []
    if not keys:
        lines += [
            f"WARNING: hybridgate is listening on {host} with no virtual keys.",
            "Anyone who can reach this address can use (and spend on) every deployment.",
            "Create a key first:  hybridgate keys create --name NAME --budget-usd 10",
            "or bind to loopback: hybridgate serve --host 127.0.0.1",
        ]
    if settings.server.admin_token is None:
        lines += [
            f"WARNING: /ui and /metrics on {host} are open to anyone who can reach it.",
            "Set server.admin_token (e.g. admin_token: env:HYBRIDGATE_ADMIN_TOKEN).",
        ]
    if not lines:
        return
    width = max(len(line) for line in lines)
    border = "!" * (width + 6)
    box = [border, *(f"!! {line.ljust(width)} !!" for line in lines), border]
    print("\n".join(box), file=sys.stderr)
