"""The savings report: spend against the baseline, route mix, latency, privacy and the
amortized cost of self-hosted hardware. One function, `summary`, feeds both `hybridgate report`
and the `/ui` dashboard, so the two never disagree.

Shapes (JSON-ready): money and percentages are exact decimal strings (`"0.00075"`, `"62.5"`),
latencies are numbers in milliseconds; a ratio with nothing to divide by is `null`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from ..config.schema import Price, Settings
from .gpu_cost import HourlyCost, Traffic, window_cost
from .ledger import NANO
from .prices import PriceBook, PriceCatalog
from .report_queries import (
    GroupBy,
    LatencySamples,
    Samples,
    Totals,
    Window,
    first_ts,
    grouped_totals,
    latency_samples,
    percentile,
    privacy_actions,
    refusals,
    totals,
    utc,
)

_PCT_STEP = Decimal("0.1")
_HOURS_STEP = Decimal("0.01")
_MILLION = Decimal(1_000_000)
#: Always reported: together they are the route mix.
_ROUTE_MIX: tuple[GroupBy, ...] = ("tier", "deployment")


@dataclass(frozen=True)
class Pricing:
    """What the report compares against (the baseline) and amortizes with (hardware)."""

    baseline_model: str = "gpt-4o"
    baseline_price: Price | None = None
    #: Self-hosted deployments with declared hardware → what they cost per hour.
    hardware: Mapping[str, HourlyCost] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, prices: PriceBook | None = None) -> Pricing:
        catalog = PriceCatalog.bundled()
        book = prices or PriceBook(settings.deployments, catalog)
        hardware = {
            d.name: rate for d in settings.deployments if (rate := book.hourly(d.name)) is not None
        }
        entry = catalog.lookup(settings.baseline_model)
        return cls(settings.baseline_model, entry.price if entry else None, hardware)


def summary(
    engine: Engine,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    by: Sequence[GroupBy] = (),
    pricing: Pricing | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Everything in `since <= ts < until`. `by_tier` and `by_deployment` are always present
    (the route mix); `by` adds `by_key` and/or `by_day`. `now` ends the hardware window when
    `until` is open (tests pin it)."""
    pricing = pricing or Pricing()
    window = Window(since, until)
    groups = tuple(dict.fromkeys((*_ROUTE_MIX, *by)))
    with engine.connect() as conn:
        overall = totals(conn, window)
        grouped = {g: grouped_totals(conn, window, g) for g in groups}
        samples = latency_samples(conn, window, groups)
        privacy = privacy_actions(conn, window)
        refused = refusals(conn, window)
        started = first_ts(conn)
    end = utc(until or now or datetime.now(UTC))
    start = started if since is None or started is None else max(utc(since), started)
    hosted = _self_hosted(pricing, grouped["deployment"], start, end)
    idle_nusd = sum(_nusd(h["idle_usd"]) for h in hosted.values())
    amortized = overall.cost_nusd + idle_nusd
    return {
        **_row(overall, samples.overall, overall.requests),
        "window": {
            "since": None if since is None else utc(since).isoformat(),
            "until": None if until is None else utc(until).isoformat(),
        },
        "baseline_model": pricing.baseline_model,
        "baseline_price": _price(pricing.baseline_price),
        "privacy_actions": privacy,
        "refusals": refused,
        "idle_usd": _usd(idle_nusd),
        "amortized_cost_usd": _usd(amortized),
        "amortized_savings_pct": _savings_pct(amortized, overall.baseline_nusd),
        "route_mix": {
            g: {name: _share(t.requests, overall.requests) for name, t in grouped[g].items()}
            for g in _ROUTE_MIX
        },
        **{f"by_{g}": _groups(grouped[g], samples, g, overall.requests) for g in groups},
        "self_hosted": hosted,
    }


def _groups(
    grouped: dict[str, Totals], samples: LatencySamples, by: GroupBy, total: int
) -> dict[str, dict[str, Any]]:
    return {
        name: _row(t, samples.groups[by].get(name, Samples()), total) for name, t in grouped.items()
    }


def _row(t: Totals, samples: Samples, total: int) -> dict[str, Any]:
    return {
        "requests": t.requests,
        "errors": t.errors,
        "input_tokens": t.input_tokens,
        "output_tokens": t.output_tokens,
        "cost_usd": _usd(t.cost_nusd),
        "baseline_cost_usd": _usd(t.baseline_nusd),
        "savings_usd": _usd(t.baseline_nusd - t.cost_nusd),
        "savings_pct": _savings_pct(t.cost_nusd, t.baseline_nusd),
        "share_pct": _share(t.requests, total),
        "spilled": t.spilled,
        "cache_hits": t.cache_hits,
        "cache_saved_usd": _usd(t.cache_saved_nusd),
        "latency_ms": {f"p{p}": _ms(percentile(samples.latency, p)) for p in (50, 95, 99)},
        "ttft_ms": {f"p{p}": _ms(percentile(samples.ttft, p)) for p in (50, 95)},
    }


def _self_hosted(
    pricing: Pricing, by_deployment: dict[str, Totals], start: datetime | None, end: datetime
) -> dict[str, dict[str, Any]]:
    """Each hardware deployment's cost over the report window, idle time included.

    The window starts at `since`, but no earlier than the ledger's first row (before it the
    gateway — and, presumably, its hardware — was not in service); with no rows ever there is
    no window. A deployment that served nothing still costs its whole window."""
    if start is None or end <= start:
        return {}
    window_s = Decimal(str((end - start).total_seconds()))
    out: dict[str, dict[str, Any]] = {}
    for name, rate in sorted(pricing.hardware.items()):
        t = by_deployment.get(name, Totals())
        traffic = Traffic(
            window_s=window_s,
            input_tokens=t.input_tokens,
            output_tokens=t.output_tokens,
            busy_s=Decimal(str(round(t.busy_s, 3))),
            requests=t.requests,
        )
        cost = window_cost(rate, traffic)
        baseline_per_mtok = (
            Decimal(t.baseline_nusd) / NANO * _MILLION / cost.tokens if cost.tokens else None
        )
        out[name] = {
            "basis": rate.basis,
            "hourly_usd": _dec(rate.usd),
            "max_concurrency": rate.max_concurrency,
            "window_hours": _dec((window_s / 3600).quantize(_HOURS_STEP)),
            "requests": t.requests,
            "tokens": cost.tokens,
            "window_usd": _dec(cost.window_usd),
            "busy_usd": _dec(cost.busy_usd),
            "idle_usd": _dec(cost.idle_usd),
            "utilization_pct": _dec((cost.utilization * 100).quantize(_PCT_STEP)),
            "usd_per_mtok": _opt(cost.usd_per_mtok),
            "full_utilization_usd_per_mtok": _opt(cost.full_utilization_usd_per_mtok),
            # What the same tokens would have cost on the baseline, per 1M (its catalog price
            # blended by this deployment's own input/output mix).
            "baseline_usd_per_mtok": _opt(
                None if baseline_per_mtok is None else baseline_per_mtok.quantize(_HOURS_STEP)
            ),
        }
    return out


def _savings_pct(cost_nusd: int, baseline_nusd: int) -> str | None:
    if baseline_nusd == 0:
        return None
    pct = Decimal(baseline_nusd - cost_nusd) * 100 / Decimal(baseline_nusd)
    return _dec(pct.quantize(_PCT_STEP))


def _share(part: int, whole: int) -> str | None:
    return _dec((Decimal(part) * 100 / whole).quantize(_PCT_STEP)) if whole else None


def _usd(nusd: int) -> str:
    return _dec(Decimal(nusd) / NANO)


def _nusd(usd: str) -> int:
    return int((Decimal(usd) * NANO).to_integral_value())


def _dec(value: Decimal) -> str:
    """Exact and without exponent: 0.00075, 62.5, 100 (not 7.5E-4 or 1E+2)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else _dec(value)


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _price(price: Price | None) -> dict[str, str] | None:
    if price is None:
        return None
    return {
        "input_per_mtok": _dec(price.input_per_mtok),
        "output_per_mtok": _dec(price.output_per_mtok),
    }


def format_usd(value: str | None) -> str:
    """For reading, not for sums (the JSON keeps every digit): cents on large amounts, four
    decimals below $100, six below a cent."""
    if value is None:
        return "-"
    amount = Decimal(value)
    step = Decimal("0.01") if abs(amount) >= 100 else Decimal("0.0001")
    if 0 < abs(amount) < Decimal("0.01"):
        step = Decimal("0.000001")
    return f"${amount.quantize(step)}"


def format_pct(value: str | None) -> str:
    return "-" if value is None else f"{value}%"
