"""`hybridgate report`: spend against the baseline, savings, route mix and latency from the
ledger, as rich tables (`--json` for machines)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from .main import console as cli_console
from .main import load_cli_settings

_GROUPS = ("tier", "deployment", "key", "day")


def register(subparsers: Any) -> None:
    from .main import add_config_option, add_wide_option

    parser = subparsers.add_parser("report", help="spend, savings, route mix and latency")
    add_config_option(parser)
    add_wide_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--since", default=None, help="ISO date or datetime, e.g. 2026-11-01")
    parser.add_argument(
        "--by",
        action="append",
        choices=_GROUPS,
        default=None,
        help="group by tier, deployment, key or day; repeat for several (default: tier and "
        "deployment)",
    )
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
    from ..accounting.journal import open_ledger
    from ..accounting.report import Pricing, summary

    settings = load_cli_settings(args, secrets=False)
    since = _since(args.since)
    groups = tuple(dict.fromkeys(args.by or ("tier", "deployment")))
    engine = open_ledger(settings.storage)
    try:
        data = summary(
            engine,
            since=since,
            by=[g for g in groups if g in ("key", "day")],
            pricing=Pricing.from_settings(settings),
        )
        if settings.quality is not None:
            from ..quality.report import quality_summary

            data["quality"] = quality_summary(
                engine,
                since=since,
                max_loss_rate=settings.quality.max_loss_rate,
                candidates={d.name: d.shadow_of for d in settings.deployments if d.shadow_of},
                min_samples=settings.quality.controller.min_samples,
            )
    finally:
        engine.dispose()
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    _print(data, groups, cli_console(args))
    return 0


def _print(data: dict[str, Any], groups: tuple[str, ...], console: Any) -> None:
    from rich import box
    from rich.table import Table

    from ..accounting.report import format_pct, format_usd

    latency = data["latency_ms"]
    console.print(
        f"[bold]{data['requests']}[/] requests, {data['errors']} errors, "
        f"{data['input_tokens']} input / {data['output_tokens']} output tokens"
    )
    console.print(
        f"spend [bold]{format_usd(data['cost_usd'])}[/] vs {format_usd(data['baseline_cost_usd'])} on "
        f"{data['baseline_model']}: saved {format_usd(data['savings_usd'])} "
        f"([bold]{format_pct(data['savings_pct'])}[/])"
    )
    if data["cache_hits"]:
        console.print(
            f"response cache: {data['cache_hits']} hits at $0, saved "
            f"{format_usd(data['cache_saved_usd'])} (what those answers first cost)"
        )
    if data["self_hosted"]:
        console.print(
            f"with idle self-hosted hardware ({format_usd(data['idle_usd'])}): spend "
            f"{format_usd(data['amortized_cost_usd'])}, saved {format_pct(data['amortized_savings_pct'])}"
        )
    console.print(
        f"latency p50/p95/p99 {_num(latency['p50'])} / {_num(latency['p95'])} / "
        f"{_num(latency['p99'])} ms; spilled {data['spilled']}; "
        f"privacy: {_counts(data['privacy_actions'])}; refused: {_counts(data['refusals'])}"
    )
    for group in groups:
        table = Table(
            title=f"by {group}", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True
        )
        table.add_column(group, no_wrap=True)
        for column in (
            "requests",
            "share",
            "tokens in/out",
            "spend",
            data["baseline_model"],
            "saved",
        ):
            table.add_column(column, justify="right", no_wrap=True)
        table.add_column("ms p50/95", justify="right", no_wrap=True)
        for name, row in data[f"by_{group}"].items():
            table.add_row(
                name,
                str(row["requests"]),
                format_pct(row["share_pct"]),
                f"{_count(row['input_tokens'])}/{_count(row['output_tokens'])}",
                format_usd(row["cost_usd"]),
                format_usd(row["baseline_cost_usd"]),
                format_pct(row["savings_pct"]),
                f"{_num(row['latency_ms']['p50'])}/{_num(row['latency_ms']['p95'])}",
            )
        console.print(table)
    if data["self_hosted"]:
        _print_self_hosted(console, data)
    if "quality" in data:
        _print_quality(console, data)


def _print_quality(console: Any, data: dict[str, Any]) -> None:
    """Shadow judging: per tier and deployment, the savings at the quality measured."""
    from ..quality.report import quality_line

    quality = data["quality"]
    if not quality["groups"]:
        console.print("quality: no judged samples yet")
        return
    console.print("[bold]quality[/] (shadow-judged samples against the baseline, 95% intervals):")
    for group in quality["groups"]:
        tier = data["by_tier"].get(group["tier"])
        console.print("  " + quality_line(group, tier["savings_pct"] if tier else None))
        if group["alert"] and not group.get("candidate"):
            console.print(
                f"  [bold red]ALERT[/]: {group['tier']}/{group['deployment']} loses "
                f"{100 * group['loss_rate']:.0f}% of comparisons, above quality.max_loss_rate "
                f"{100 * quality['max_loss_rate']:.0f}%"
            )


def _print_self_hosted(console: Any, data: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table

    from ..accounting.report import format_pct, format_usd

    hosted = data["self_hosted"]
    table = Table(
        title="self-hosted hardware, amortized over the report window (idle included)",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        caption="; ".join(f"{name}: {h['basis']}" for name, h in hosted.items()),
    )
    table.add_column("deployment", no_wrap=True)
    heads = ("hours", "busy", "window", "idle", "$/1M tokens")
    for column in (*heads, f"{data['baseline_model']} $/1M"):
        table.add_column(column, justify="right", no_wrap=True)
    for name, h in hosted.items():
        table.add_row(
            name,
            h["window_hours"],
            format_pct(h["utilization_pct"]),
            format_usd(h["window_usd"]),
            format_usd(h["idle_usd"]),
            format_usd(h["usd_per_mtok"]),
            format_usd(h["baseline_usd_per_mtok"]),
        )
    console.print(table)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _count(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    return f"{n / 1000:.1f}k" if n >= 10_000 else str(n)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
