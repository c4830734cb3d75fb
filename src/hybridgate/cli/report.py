"""`hybridgate report`: totals from the ledger (`--json` for machines)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any


def register(subparsers: Any) -> None:
    from .main import add_config_option

    parser = subparsers.add_parser("report", help="spend, tokens and route mix from the ledger")
    add_config_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--since", default=None, help="ISO date or datetime, e.g. 2026-11-01")
    parser.set_defaults(handler=run)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(
            f"hybridgate report: --since: {value!r} is not an ISO date (e.g. 2026-11-01)"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def run(args: argparse.Namespace) -> int:
    from ..accounting.ledger import migrate, open_engine
    from ..accounting.report import summary
    from ..config.loader import load_settings

    settings = load_settings(args.config)
    engine = open_engine(settings.storage)
    migrate(engine)
    data = summary(engine, since=_since(args.since))
    engine.dispose()
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    _print_table(data)
    return 0


def _print_table(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{data['requests']}[/] requests, {data['errors']} errors, "
        f"{data['input_tokens']} input / {data['output_tokens']} output tokens, "
        f"[bold]${data['cost_usd']}[/]"
    )
    for key, title in (("by_deployment", "deployment"), ("by_tier", "tier")):
        table = Table(title=f"by {title}")
        for column in (title, "requests", "errors", "input tokens", "output tokens", "cost USD"):
            table.add_column(column, justify="left" if column == title else "right")
        for name, row in data[key].items():
            table.add_row(
                name,
                str(row["requests"]),
                str(row["errors"]),
                str(row["input_tokens"]),
                str(row["output_tokens"]),
                row["cost_usd"],
            )
        console.print(table)
