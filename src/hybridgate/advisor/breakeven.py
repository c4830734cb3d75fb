"""Monthly cost of a tier on a closed API versus self-hosted GPUs, and where the two cross.

All money is Decimal USD; a month is 730 hours (8,760 / 12), so 730/24 days.

    api_monthly    = (input/day × input price + output/day × output price) / 1e6 × 730/24
    peak tokens/s  = tokens/day / 86,400 × peak_to_mean
    gpus           = ceil(peak tokens/s ÷ tokens/s per GPU), rounded up to whole replicas
                     (at least one: a self-hosted tier stays up around the clock)
    self_monthly   = gpus × USD per GPU-hour × 730 + ops overhead

Break-even: with the tier's input/output mix and burstiness held fixed, API cost grows linearly
with daily volume V (a USD/month per token/day), self-hosted cost in steps of one replica
(c USD/month for every S tokens/day it absorbs at peak), plus the overhead O:

    api(V)  = a × V
    self(V) = ceil(V / S) × c + O
    break-even V* = (n × c + O) / a,  n = max(1, ceil(O / (a × S − c)))

the smallest volume where self-hosting costs no more than the API. When a × S ≤ c a full
replica costs more than the API traffic it can carry, so self-hosting never pays (None).
Past V* the steps can poke above the API line again for a while; the chart shows them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ..config.schema import Price
from .profile import ResolvedTier, Throughput

HOURS_PER_MONTH = Decimal(730)
DAYS_PER_MONTH = HOURS_PER_MONTH / 24
SECONDS_PER_DAY = Decimal(86_400)
_MILLION = Decimal(1_000_000)
#: The mix assumed for pricing when a tier has no traffic yet.
_DEFAULT_INPUT_SHARE = Decimal("0.75")


def api_monthly_usd(price: Price, input_per_day: int, output_per_day: int) -> Decimal:
    daily = (price.input_per_mtok * input_per_day + price.output_per_mtok * output_per_day) / (
        _MILLION
    )
    return daily * DAYS_PER_MONTH


def peak_tokens_per_s(tokens_per_day: int | Decimal, peak_to_mean: Decimal) -> Decimal:
    return Decimal(tokens_per_day) / SECONDS_PER_DAY * peak_to_mean


def gpus_needed(peak_tps: Decimal, throughput: Throughput) -> int:
    per_replica = Decimal(throughput.tokens_per_s_per_gpu * throughput.gpus_per_replica)
    replicas = max(1, math.ceil(peak_tps / per_replica))
    return replicas * throughput.gpus_per_replica


def self_hosted_monthly_usd(gpus: int, hourly_usd: Decimal, ops_overhead: Decimal) -> Decimal:
    return gpus * hourly_usd * HOURS_PER_MONTH + ops_overhead


@dataclass(frozen=True)
class Costs:
    """One tier's numbers at its current volume, and the volume where self-hosting pays."""

    tokens_per_day: int
    peak_tokens_per_s: Decimal
    #: Blended API price per 1M tokens at the tier's input/output mix.
    api_usd_per_mtok: Decimal
    api_monthly_usd: Decimal
    gpus: int
    gpu_monthly_usd: Decimal
    ops_overhead_usd: Decimal
    self_hosted_monthly_usd: Decimal
    #: Tokens/day where self-hosting first costs no more than the API; None: never.
    break_even_tokens_per_day: int | None

    @property
    def self_hosted_cheaper(self) -> bool:
        return self.self_hosted_monthly_usd < self.api_monthly_usd


class CostModel:
    """A tier's cost curves as functions of daily volume, at its mix and burstiness."""

    def __init__(self, tier: ResolvedTier) -> None:
        self.tier = tier
        tokens_in, tokens_out = tier.input_tokens_per_day, tier.output_tokens_per_day
        total = tokens_in + tokens_out
        share = Decimal(tokens_in) / total if total else _DEFAULT_INPUT_SHARE
        price = tier.price
        self.usd_per_mtok = price.input_per_mtok * share + price.output_per_mtok * (1 - share)
        #: USD/month per token/day on the API.
        self.api_slope = self.usd_per_mtok / _MILLION * DAYS_PER_MONTH
        tp = tier.throughput
        #: Tokens/day one replica carries at the tier's peak-to-mean.
        self.replica_tokens_per_day = (
            Decimal(tp.tokens_per_s_per_gpu * tp.gpus_per_replica)
            * SECONDS_PER_DAY
            / tier.profile.peak_to_mean
        )
        self.replica_monthly_usd = tp.gpus_per_replica * tier.gpu_hourly_usd * HOURS_PER_MONTH

    def api(self, tokens_per_day: Decimal) -> Decimal:
        return self.api_slope * tokens_per_day

    def gpus(self, tokens_per_day: Decimal) -> int:
        peak = peak_tokens_per_s(tokens_per_day, self.tier.profile.peak_to_mean)
        return gpus_needed(peak, self.tier.throughput)

    def self_hosted(self, tokens_per_day: Decimal) -> Decimal:
        return self_hosted_monthly_usd(
            self.gpus(tokens_per_day), self.tier.gpu_hourly_usd, self.tier.ops_overhead_usd
        )

    def break_even(self) -> int | None:
        a, s, c = self.api_slope, self.replica_tokens_per_day, self.replica_monthly_usd
        overhead = self.tier.ops_overhead_usd
        margin = a * s - c  # what one full replica saves against the API, per month
        if a <= 0 or margin <= 0:
            return None
        replicas = max(1, math.ceil(overhead / margin))
        return math.ceil((replicas * c + overhead) / a)

    def costs(self) -> Costs:
        tier = self.tier
        volume = Decimal(tier.tokens_per_day)
        gpus = self.gpus(volume)
        gpu_monthly = gpus * tier.gpu_hourly_usd * HOURS_PER_MONTH
        return Costs(
            tokens_per_day=tier.tokens_per_day,
            peak_tokens_per_s=peak_tokens_per_s(volume, tier.profile.peak_to_mean),
            api_usd_per_mtok=self.usd_per_mtok,
            api_monthly_usd=api_monthly_usd(
                tier.price, tier.input_tokens_per_day, tier.output_tokens_per_day
            ),
            gpus=gpus,
            gpu_monthly_usd=gpu_monthly,
            ops_overhead_usd=tier.ops_overhead_usd,
            self_hosted_monthly_usd=gpu_monthly + tier.ops_overhead_usd,
            break_even_tokens_per_day=self.break_even(),
        )


def usd(amount: Decimal) -> str:
    """Whole cents, for people and JSON."""
    return format(amount.quantize(Decimal("0.01")), "f")
