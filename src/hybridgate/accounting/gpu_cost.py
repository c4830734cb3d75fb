"""What a self-hosted model costs per token: its hardware's hourly price spread over the
traffic it actually served, idle time included.

The model (money in Decimal USD, time in seconds):

    hourly        = hourly_usd × gpus           hourly_usd is per GPU (per host when no gpu)
    window_usd    = hourly × window_s / 3600    paid whether busy or idle
    busy_s        = Σ request durations
    utilization   = min(1, busy_s / (window_s × max_concurrency))
    usd_per_mtok  = window_usd / tokens × 1e6   the effective price; None when no tokens
    capacity      = tokens / busy_s × max_concurrency             tokens/s at full load
    full_utilization_usd_per_mtok = hourly / 3600 / capacity × 1e6
                  = usd_per_mtok × utilization (when utilization is not capped)
    request share = duration_s × hourly / 3600 / max_concurrency  (the ledger's per-request cost)
    idle_usd      = window_usd − Σ request shares

Why the sum of durations over `max_concurrency` slots rather than "time with any request in
flight": an inference server batches, so one request in flight leaves most of a vLLM server
idle. `max_concurrency` is how many requests the server runs at once at full load (vLLM
`max_num_seqs`, llama.cpp `--parallel`); 1 suits a server that serves one request at a time.
The capacity estimate assumes a request runs as fast at full load as it did when measured;
batching slows each request somewhat, so the full-utilization figure is a floor, not a quote.

A request's share charges only its busy time; the idle remainder is a window figure the
report shows (`idle_usd`), since who caused it is not a per-request fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

import yaml

_MILLION = Decimal(1_000_000)
_HOUR_S = Decimal(3600)
_USD_STEP = Decimal("0.0000000001")  # same resolution as the per-request API cost


class GpuCostError(Exception):
    """Hardware or traffic that cannot be costed; the message names the field."""


@dataclass(frozen=True)
class Hardware:
    """A self-hosted deployment's declared hardware (config `hardware:`)."""

    #: GPU model, looked up in `gpu_prices.yaml` when `hourly_usd` is omitted; None for a CPU host.
    gpu: str | None = None
    gpus: int = 1
    #: USD per GPU-hour; per host-hour when `gpu` is None (0 for a machine you consider free).
    hourly_usd: Decimal | None = None
    #: Requests the server runs at once at full load.
    max_concurrency: int = 1


@dataclass(frozen=True)
class GpuPrice:
    gpu: str
    hourly_usd: Decimal
    source: str
    as_of: date
    note: str | None = None


@dataclass(frozen=True)
class GpuPriceTable:
    version: int
    updated: date
    entries: dict[str, GpuPrice]

    @classmethod
    def bundled(cls) -> GpuPriceTable:
        text = (
            resources.files("hybridgate.accounting").joinpath("gpu_prices.yaml").read_text("utf-8")
        )
        return cls.parse(yaml.safe_load(text), "gpu_prices.yaml")

    @classmethod
    def parse(cls, data: Any, source: str) -> GpuPriceTable:
        if not isinstance(data, dict) or not isinstance(data.get("gpus"), dict):
            raise GpuCostError(f"{source}: expected a mapping with 'gpus:'")
        entries: dict[str, GpuPrice] = {}
        for name, raw in data["gpus"].items():
            where = f"{source}: gpus.{name}"
            if not isinstance(raw, dict):
                raise GpuCostError(f"{where}: expected a mapping")
            for field in ("hourly_usd", "source", "as_of"):
                if raw.get(field) is None or str(raw[field]).strip() == "":
                    raise GpuCostError(f"{where}.{field} is missing")
            as_of = _date(raw["as_of"], f"{where}.as_of")
            note = raw.get("note")
            key = _normalize(str(name))
            entries[key] = GpuPrice(
                gpu=key,
                hourly_usd=_non_negative(raw["hourly_usd"], f"{where}.hourly_usd"),
                source=str(raw["source"]),
                as_of=as_of,
                note=None if note is None else str(note),
            )
        updated = _date(data.get("updated"), f"{source}: updated")
        return cls(version=int(data.get("version", 1)), updated=updated, entries=entries)

    def lookup(self, gpu: str) -> GpuPrice | None:
        """Case-insensitive; `H100-SXM` finds `H100` (longest name that prefixes it up to `-`)."""
        name = _normalize(gpu)
        if name in self.entries:
            return self.entries[name]
        candidates = [k for k in self.entries if name.startswith(k + "-")]
        return self.entries[max(candidates, key=len)] if candidates else None


@dataclass(frozen=True)
class HourlyCost:
    """What a deployment's hardware costs per hour, and where the figure came from."""

    usd: Decimal
    max_concurrency: int
    basis: str


def hourly_cost(hardware: Hardware, table: GpuPriceTable) -> HourlyCost:
    """Resolve `hardware` to USD per hour for the whole deployment (all its GPUs)."""
    if hardware.max_concurrency < 1:
        raise GpuCostError(f"hardware.max_concurrency must be ≥ 1 (got {hardware.max_concurrency})")
    if hardware.gpu is None:
        # A CPU host: one machine, priced as a whole; a GPU count without a GPU is a mistake.
        if hardware.gpus > 1:
            raise GpuCostError(f"hardware.gpus is {hardware.gpus} but hardware.gpu names no GPU")
        if hardware.hourly_usd is None:
            raise GpuCostError(
                "hardware.hourly_usd is missing: a host without a GPU declares its own hourly "
                "cost (0 if you count it as free)"
            )
        usd = _non_negative(hardware.hourly_usd, "hardware.hourly_usd")
        return HourlyCost(usd, hardware.max_concurrency, f"config: host at ${usd}/h")
    if hardware.gpus < 1:
        raise GpuCostError(f"hardware.gpus must be ≥ 1 (got {hardware.gpus})")
    if hardware.hourly_usd is not None:
        per_gpu = _non_negative(hardware.hourly_usd, "hardware.hourly_usd")
        basis = f"config: {hardware.gpus}×{hardware.gpu} at ${per_gpu}/GPU-h"
    else:
        ref = table.lookup(hardware.gpu)
        if ref is None:
            known = ", ".join(sorted(table.entries))
            raise GpuCostError(
                f"hardware.gpu: {hardware.gpu!r} has no reference price; set hardware.hourly_usd "
                f"(reference prices exist for: {known})"
            )
        per_gpu = ref.hourly_usd
        basis = (
            f"reference: {hardware.gpus}×{ref.gpu} at ${per_gpu}/GPU-h "
            f"({ref.source}, {ref.as_of.isoformat()})"
        )
    return HourlyCost(per_gpu * hardware.gpus, hardware.max_concurrency, basis)


@dataclass(frozen=True)
class RequestSample:
    """One served request as measured: wall time from start to last token, and its tokens."""

    duration_s: float
    input_tokens: int
    output_tokens: int


@dataclass(frozen=True)
class Traffic:
    """What a deployment served over a window of wall time."""

    window_s: Decimal
    input_tokens: int = 0
    output_tokens: int = 0
    busy_s: Decimal = Decimal(0)
    requests: int = 0

    @classmethod
    def from_samples(cls, window_s: Decimal, samples: Iterable[RequestSample]) -> Traffic:
        input_tokens = output_tokens = requests = 0
        busy = Decimal(0)
        for s in samples:
            busy += _seconds(s.duration_s, "duration_s")
            input_tokens += s.input_tokens
            output_tokens += s.output_tokens
            requests += 1
        return cls(window_s, input_tokens, output_tokens, busy, requests)

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class SelfHostedCost:
    """A window's amortized cost, in the units API prices use."""

    window_usd: Decimal
    #: Σ of the per-request shares (busy time); `idle_usd` is the rest of `window_usd`.
    busy_usd: Decimal
    idle_usd: Decimal
    #: Share of the window's request slots in use, 0..1.
    utilization: Decimal
    tokens: int
    tokens_per_hour: Decimal
    #: Effective USD per 1M tokens (input + output), idle time included; None: no tokens served.
    usd_per_mtok: Decimal | None
    #: USD per 1M tokens were the hardware always busy at the measured speed; None: no traffic.
    full_utilization_usd_per_mtok: Decimal | None


def window_cost(rate: HourlyCost, traffic: Traffic) -> SelfHostedCost:
    if traffic.window_s <= 0:
        raise GpuCostError(f"window_s must be > 0 (got {traffic.window_s})")
    if traffic.busy_s < 0:
        raise GpuCostError(f"busy_s must be ≥ 0 (got {traffic.busy_s})")
    if traffic.input_tokens < 0 or traffic.output_tokens < 0:
        raise GpuCostError("token counts must be ≥ 0")
    window_usd = rate.usd * traffic.window_s / _HOUR_S
    slot_s = traffic.window_s * rate.max_concurrency
    # Busy beyond the slots means max_concurrency was declared too low; cap rather than
    # report more busy money than was spent.
    utilization = min(Decimal(1), traffic.busy_s / slot_s)
    busy_usd = window_usd * utilization
    tokens = traffic.tokens
    per_mtok = window_usd * _MILLION / tokens if tokens else None
    full = (
        rate.usd * traffic.busy_s * _MILLION / (_HOUR_S * rate.max_concurrency * tokens)
        if tokens and traffic.busy_s > 0
        else None
    )
    return SelfHostedCost(
        window_usd=_usd(window_usd),
        busy_usd=_usd(busy_usd),
        idle_usd=_usd(window_usd) - _usd(busy_usd),
        utilization=utilization,
        tokens=tokens,
        tokens_per_hour=Decimal(tokens) * _HOUR_S / traffic.window_s,
        usd_per_mtok=None if per_mtok is None else _usd(per_mtok),
        full_utilization_usd_per_mtok=None if full is None else _usd(full),
    )


def request_share(rate: HourlyCost, duration_s: float) -> Decimal:
    """The ledger cost of one self-hosted request: its slice of the hardware while it ran."""
    busy = _seconds(duration_s, "duration_s")
    return _usd(rate.usd * busy / _HOUR_S / rate.max_concurrency)


def _normalize(gpu: str) -> str:
    return "-".join(gpu.strip().upper().replace("_", " ").replace("-", " ").split())


def _non_negative(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise GpuCostError(f"{where} must be a number (got {value!r})")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise GpuCostError(f"{where} must be a number (got {value!r})") from None
    if not amount.is_finite() or amount < 0:
        raise GpuCostError(f"{where} must be a finite number ≥ 0 (got {value!r})")
    return amount


def _date(value: object, where: str) -> date:
    if isinstance(value, date):  # YAML already parsed an unquoted ISO date
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise GpuCostError(f"{where} must be a date like 2025-11-01 (got {value!r})") from None


def _seconds(value: float, where: str) -> Decimal:
    # Latencies arrive as floats; through str so 0.1 s stays 0.1 rather than its binary expansion.
    return _non_negative(value, where)


def _usd(amount: Decimal) -> Decimal:
    return amount.quantize(_USD_STEP)
