"""`hybridgate providers`: the providers a config may name, and where each comes from (the
distribution that registers it in the `hybridgate.providers` entry-point group, its version)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "providers", help="list the installed providers (built-in and plugins) and their origin"
    )
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.set_defaults(handler=run)


def describe() -> list[dict[str, Any]]:
    """One row a provider; a plugin that cannot be loaded is listed with the reason."""
    from ..providers.registry import BadPlugin, installed_providers

    registry = installed_providers()
    rows: list[dict[str, Any]] = []
    for registration in registry.registrations():
        row: dict[str, Any] = {
            "name": registration.name,
            "distribution": registration.distribution,
            "version": registration.version,
            "class": registration.target,
        }
        try:
            provider = registry.provider_class(registration.name)
        except BadPlugin as exc:
            row["error"] = str(exc)
        else:
            capabilities = provider.capabilities
            row.update(
                location=provider.defaults.location,
                runs_in_worker=provider.runs_in_worker,
                base_url=provider.defaults.base_url,
                capabilities=[
                    name
                    for name in ("chat", "embeddings", "tools", "images")
                    if getattr(capabilities, name)
                ],
                options=list(provider.options.model_fields),
            )
        rows.append(row)
    return rows


def run(args: argparse.Namespace) -> int:
    rows = describe()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0 if all("error" not in r for r in rows) else 1
    head = ("provider", "from", "class", "runs", "can", "options")
    table = [
        (
            r["name"],
            f"{r['distribution'] or 'code'} {r['version'] or ''}".strip(),
            r["class"],
            "-" if "error" in r else "worker" if r["runs_in_worker"] else r["location"],
            r.get("error") or ", ".join(r["capabilities"]),
            ", ".join(r.get("options", [])) or "-",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [head, *table]) for i in range(len(head))]
    for row in [head, *table]:
        line = "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True))
        sys.stdout.write(line.rstrip() + "\n")
    return 0 if all("error" not in r for r in rows) else 1
