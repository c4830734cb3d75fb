"""`hybridgate config check`: validate a config, resolve its environment references, and
print what it means: the state directory, auth mode, and the routing table (tiers, aliases,
policy) — before a gateway ever starts on it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config.schema import Settings


def register(subparsers: Any) -> None:
    from .main import add_config_option

    parser = subparsers.add_parser("config", help="check a configuration")
    commands = parser.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check = commands.add_parser(
        "check", help="validate, resolve env references, print the routing table"
    )
    add_config_option(check)
    check.add_argument("--json", action="store_true", help="print the table as JSON")
    check.set_defaults(handler=run_check)


def describe(settings: Settings, source: str) -> dict[str, Any]:
    from ..config.state import describe_storage

    deployments = [
        {
            "name": d.name,
            "provider": d.provider,
            "model": d.model,
            "location": d.location,
            "region": d.region,
            "url": d.url or None,
            "api_key": "set" if d.api_key is not None else None,
        }
        for d in settings.deployments
    ]
    return {
        "config": source,
        "ledger": describe_storage(settings.storage),
        "auth": settings.auth,
        "deployments": deployments,
        "tiers": settings.tiers,
        "default_tier": settings.default_tier,
        "aliases": dict(settings.model_aliases().items()),
        "policy": {
            "privacy": settings.policy.privacy,
            "residency": settings.policy.residency,
        },
    }


def run_check(args: argparse.Namespace) -> int:
    import os

    from ..config.loader import CONFIG_ENV
    from .main import load_cli_settings

    settings = load_cli_settings(args)  # a ConfigError is printed by main, exit code 2
    source = args.config or os.environ.get(CONFIG_ENV) or "default configuration"
    table = describe(settings, str(source))
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    _print(table)
    return 0


def _print(table: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(f"{table['config']}: OK\n")
    out.write(f"ledger: {table['ledger']}\nauth: {table['auth']}\n\n")
    rows = [
        (
            d["name"],
            d["provider"],
            d["model"],
            f"{d['location']}/{d['region']}",
            "key set" if d["api_key"] else "-",
        )
        for d in table["deployments"]
    ]
    _table(("deployment", "provider", "model", "where", "api key"), rows)
    out.write("\ntiers (first answers; the rest are fallbacks in order):\n")
    for tier, members in table["tiers"].items():
        mark = "  (default for auto)" if tier == table["default_tier"] else ""
        out.write(f"  {tier}: {' -> '.join(members)}{mark}\n")
    if table["aliases"]:
        out.write("\naliases (model names clients send):\n")
        for name, target in table["aliases"].items():
            out.write(f"  {name} -> {target}\n")
    policy = table["policy"]
    residency = ", ".join(policy["residency"]) or "any region"
    out.write(f"\npolicy: privacy {policy['privacy']}; residency {residency}\n")


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """Plain columns, full values at any terminal width (and when piped)."""
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        sys.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
        sys.stdout.write("\n")
