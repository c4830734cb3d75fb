"""`hybridgate advise`: open-vs-closed advice per tier, with the numbers behind it.

hybridgate advise --profile workload.yaml            # a described workload
hybridgate advise --from-ledger [--days 14]          # measured from the gateway's ledger
hybridgate advise --from-ledger --profile w.yaml     # measured volumes, described needs
... --json                                           # for machines
... --chart breakeven.html                           # cost vs volume, API vs self-hosted
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .main import console as cli_console
from .main import load_cli_settings

if TYPE_CHECKING:  # the advisor is imported when the command runs, not when the CLI starts
    from ..accounting.prices import PriceCatalog
    from ..advisor.breakeven import CostModel
    from ..advisor.framework import Recommendation
    from ..advisor.profile import WorkloadProfile

_TENTH = Decimal("0.1")
_MICRO = Decimal("0.000001")


def register(subparsers: Any) -> None:
    from .main import add_config_option, add_wide_option

    parser = subparsers.add_parser(
        "advise", help="self-host or use an API, per tier: rules and break-even"
    )
    parser.add_argument("--profile", metavar="FILE", default=None, help="workload profile YAML")
    parser.add_argument(
        "--from-ledger",
        action="store_true",
        help="measure tokens/day, peak-to-mean and sensitive share from the ledger",
    )
    add_config_option(parser)
    add_wide_option(parser)
    parser.add_argument("--days", type=_days, default=14, help="ledger window (default 14)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--chart", metavar="PATH.html", default=None, help="write a chart")
    parser.set_defaults(handler=run)


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days") from None
    if days < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return days


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _fail(message: str) -> int:
    print(f"hybridgate advise: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from ..accounting.gpu_cost import GpuCostError, GpuPriceTable
    from ..accounting.prices import CatalogError, PriceCatalog
    from ..advisor.breakeven import CostModel
    from ..advisor.framework import Facts, decide
    from ..advisor.profile import ProfileError, load_profile, resolve

    if args.profile is None and not args.from_ledger:
        return _fail("give --profile FILE, --from-ledger, or both")
    try:
        catalog = PriceCatalog.bundled()
        profile = load_profile(args.profile) if args.profile is not None else None
        source = f"profile {args.profile}"
        if args.from_ledger:
            profile, source = _measured(args, catalog, profile)
            if not profile.tiers:
                return _fail(f"the ledger has no chat traffic in the last {args.days} days")
        assert profile is not None
        tiers = resolve(profile, catalog, GpuPriceTable.bundled())
    except (ProfileError, CatalogError, GpuCostError) as exc:
        return _fail(str(exc))
    models = [CostModel(t) for t in tiers]
    advice = [decide(Facts(m.tier, m.costs(), profile.team)) for m in models]
    if args.chart is not None:
        _write_chart(Path(args.chart), models, advice)
    if args.json:
        json.dump(to_json(source, profile, models, advice, args.chart), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print(source, models, advice, args.chart, cli_console(args))
    return 0


def _measured(
    args: argparse.Namespace, catalog: PriceCatalog, base: WorkloadProfile | None
) -> tuple[WorkloadProfile, str]:
    from ..accounting.journal import open_ledger
    from ..advisor.ledger_profile import measure, profile_from_ledger

    settings = load_cli_settings(args, secrets=False)
    engine = open_ledger(settings.storage)
    try:
        measurement = measure(engine, days=args.days)
    finally:
        engine.dispose()
    source = f"ledger: last {args.days} days, {measurement.observed_hours} observed hours"
    if 0 < measurement.observed_hours < 24:
        source += " (under a day: rough figures)"
    if base is not None:
        source += f", needs from {args.profile}"
    return profile_from_ledger(measurement, settings, catalog, base), source


def _write_chart(path: Path, models: list[CostModel], advice: list[Recommendation]) -> None:
    from ..advisor.chart import Panel, write_chart

    panels = [
        Panel(
            m, f"recommendation: {r.lean} (score {r.score:+d})" + (f"; {r.note}" if r.note else "")
        )
        for m, r in zip(models, advice, strict=True)
    ]
    write_chart(path, panels)


def to_json(
    source: str,
    profile: WorkloadProfile,
    models: list[CostModel],
    advice: list[Recommendation],
    chart: str | None,
) -> dict[str, Any]:
    from ..advisor.breakeven import usd

    tiers: dict[str, Any] = {}
    for model, rec in zip(models, advice, strict=True):
        tier, costs = model.tier, model.costs()
        host = tier.profile.self_host
        tiers[tier.name] = {
            "recommendation": rec.lean,
            "score": rec.score,
            "hard_constraints": [v.rule for v in rec.hard],
            "note": rec.note,
            "reasons": [v.reason for v in rec.verdicts],
            "verdicts": [
                {
                    "rule": v.rule,
                    "lean": v.lean,
                    "weight": v.weight,
                    "hard": v.hard,
                    "reason": v.reason,
                }
                for v in rec.verdicts
            ],
            "numbers": {
                "tokens_per_day": tier.tokens_per_day,
                "input_tokens_per_day": tier.input_tokens_per_day,
                "output_tokens_per_day": tier.output_tokens_per_day,
                "peak_to_mean": _plain(tier.profile.peak_to_mean),
                "peak_tokens_per_s": format(costs.peak_tokens_per_s.quantize(_TENTH), "f"),
                "sensitive_share": _plain(tier.profile.sensitive_share),
                "api_model": tier.profile.api_model,
                "api_usd_per_mtok": format(costs.api_usd_per_mtok.quantize(_MICRO), "f"),
                "api_monthly_usd": usd(costs.api_monthly_usd),
                "self_host": {
                    "model": host.model,
                    "gpu": host.gpu,
                    "gpus": costs.gpus,
                    "gpus_per_replica": tier.throughput.gpus_per_replica,
                    "tokens_per_s_per_gpu": tier.throughput.tokens_per_s_per_gpu,
                    "gpu_hourly_usd": str(tier.gpu_hourly_usd),
                },
                "gpu_monthly_usd": usd(costs.gpu_monthly_usd),
                "ops_overhead_usd_per_month": usd(costs.ops_overhead_usd),
                "self_hosted_monthly_usd": usd(costs.self_hosted_monthly_usd),
                "break_even_tokens_per_day": costs.break_even_tokens_per_day,
            },
            "basis": {"api_price": tier.price_basis, "gpu_price": tier.gpu_basis},
        }
    return {
        "source": source,
        "team": {
            "mlops_capacity": profile.team.mlops_capacity,
            "ops_overhead_usd_per_month": usd(profile.team.ops_overhead()),
        },
        "tiers": tiers,
        "chart": chart,
    }


def _print(
    source: str,
    models: list[CostModel],
    advice: list[Recommendation],
    chart: str | None,
    console: Any,
) -> None:
    from rich.table import Table

    from ..advisor.breakeven import usd

    table = Table(title=f"advice ({source})")
    for column in (
        "tier",
        "advice",
        "tokens/day",
        "API $/month",
        "self-host $/month",
        "break-even",
    ):
        table.add_column(column, justify="left" if column in ("tier", "advice") else "right")
    for model, rec in zip(models, advice, strict=True):
        costs = model.costs()
        crossing = costs.break_even_tokens_per_day
        table.add_row(
            model.tier.name,
            f"[bold]{rec.lean}[/] ({rec.score:+d}{', hard' if rec.hard else ''})",
            f"{costs.tokens_per_day:,}",
            usd(costs.api_monthly_usd),
            f"{usd(costs.self_hosted_monthly_usd)} ({costs.gpus}×{model.tier.profile.self_host.gpu})",
            "never" if crossing is None else f"{crossing:,}/day",
        )
    console.print(table)
    for rec in advice:
        console.print(f"[bold]{rec.tier}[/]: {rec.lean}", highlight=False)
        for verdict in rec.verdicts:
            mark = "HARD" if verdict.hard else f"{verdict.signed:+d}"
            console.print(f"  [{mark}] {verdict.reason}", highlight=False, markup=False)
        if rec.note:
            console.print(f"  → {rec.note}", highlight=False, markup=False)
    if chart is not None:
        console.print(f"chart written to {chart}")
