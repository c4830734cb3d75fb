"""The workload profile `hybridgate advise` reads (YAML), and its resolution into numbers.

A profile describes, per tier, how much traffic there is and what it needs; per team, how much
ML-ops it can carry. Every field has a documented default except the volume, which comes from
the file or from the ledger (`--from-ledger`). Errors name the field path, e.g.
`tiers.reasoning.peak_to_mean`.

Self-hosted throughput defaults (`THROUGHPUT`) are planning figures, not quotes: tokens processed
(input + output) per GPU-second at sustained, batched load on a vLLM-class server, FP8 weights
where the GPU supports them, a chat-like 3:1 input:output mix and contexts of a few thousand
tokens, with latency kept interactive (well below a saturated benchmark). Grounding:
  - Llama-3.1-8B BF16 on one H100 reaches ~12,500 output tok/s saturated with vLLM
    (third-party vLLM benchmarks, 2025); 10,000 processed tok/s leaves latency headroom.
  - Llama-2/3-70B on 8×H100 reaches ~24,000 output tok/s in MLPerf Inference v4 offline
    (TensorRT-LLM FP8, no latency bound), ~3,000 per GPU; vLLM at batch 64 measures ~460
    output tok/s on one H100 (FP8). 1,200 processed tok/s per GPU sits between; FP8 70B needs
    2×H100 (weights alone are ~70 GB) or one H200 (141 GB), BF16 needs 4×A100-80GB.
  - H200 ≈ 1.4× H100 (MLPerf v4.1 Llama-2-70B); A100 ≈ 0.4–0.5× H100 (Lambda vLLM benchmarks).
Measure your own (`tokens_per_s_per_gpu`) before buying hardware.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..accounting.gpu_cost import GpuPriceTable
from ..accounting.prices import PriceCatalog
from ..config.loader import error_location
from ..config.schema import Price

SizeClass = Literal["8b", "30b", "70b"]
MlopsCapacity = Literal["none", "some", "strong"]
#: The gateway's privacy actions (config `policy.privacy`); `local_only` = must stay local.
PrivacyAction = Literal["allow", "local_only", "redact", "block"]


@dataclass(frozen=True)
class Throughput:
    tokens_per_s_per_gpu: int
    #: GPUs one replica needs to hold the weights plus a useful KV cache.
    gpus_per_replica: int


#: (size class, GPU) → planning throughput; see the module docstring for the sources.
THROUGHPUT: dict[tuple[str, str], Throughput] = {
    ("8b", "H100"): Throughput(10_000, 1),
    ("8b", "H200"): Throughput(13_000, 1),
    ("8b", "A100-80GB"): Throughput(4_500, 1),
    ("8b", "L40S"): Throughput(3_500, 1),
    ("8b", "L4"): Throughput(1_000, 1),
    ("30b", "H100"): Throughput(3_000, 1),
    ("30b", "H200"): Throughput(4_200, 1),
    ("30b", "A100-80GB"): Throughput(1_300, 1),
    ("30b", "L40S"): Throughput(800, 1),
    ("70b", "H100"): Throughput(1_200, 2),
    ("70b", "H200"): Throughput(1_700, 1),
    ("70b", "A100-80GB"): Throughput(500, 4),
}

#: Monthly USD of ML-ops effort (on-call, upgrades, evals, capacity planning) that self-hosting a
#: tier adds, by team capacity: roughly a share of one ML engineer's loaded cost (~$15k/month):
#: two thirds when nobody does it today, a quarter with some experience, a tenth on a strong team.
OPS_OVERHEAD_BY_CAPACITY: dict[str, Decimal] = {
    "none": Decimal(10_000),
    "some": Decimal(4_000),
    "strong": Decimal(1_500),
}

#: Catalog id prefixes whose provider processes data in the EU by default.
EU_API_PREFIXES = ("mistral-",)

_PARAMS = re.compile(r"(\d+(?:\.\d+)?)\s*b\b", re.IGNORECASE)


class ProfileError(Exception):
    """A workload profile that cannot be used; the message names the file and field path."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SelfHost(_Strict):
    """The open model and hardware this tier would run on if self-hosted."""

    model: str = "Llama-3.3-70B-Instruct"
    #: Inferred from a parameter count in `model` ("70B") when omitted.
    size_class: SizeClass | None = None
    gpu: str = "H100"
    #: Overrides the planning figure in THROUGHPUT (measure it: `hybridgate bench`).
    tokens_per_s_per_gpu: int | None = Field(default=None, gt=0)
    gpus_per_replica: int | None = Field(default=None, ge=1)
    #: USD per GPU-hour; defaults to the bundled reference price of `gpu`.
    hourly_usd: Decimal | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _known_throughput(self) -> SelfHost:
        if self.tokens_per_s_per_gpu is not None:
            return self
        size = self.size_class or infer_size_class(self.model)
        if size is None:
            raise ValueError(
                f"tokens_per_s_per_gpu: no planning figure for model {self.model!r}; "
                "set size_class (8b, 30b, 70b) or tokens_per_s_per_gpu"
            )
        if (size, _gpu_key(self.gpu)) not in THROUGHPUT:
            known = ", ".join(g for s, g in THROUGHPUT if s == size)
            raise ValueError(
                f"tokens_per_s_per_gpu: no planning figure for a {size} model on {self.gpu!r} "
                f"(figures exist for {known}); set it"
            )
        return self

    def throughput(self) -> Throughput:
        size = self.size_class or infer_size_class(self.model)
        planned = THROUGHPUT.get((size or "", _gpu_key(self.gpu)))
        tps = self.tokens_per_s_per_gpu or (planned.tokens_per_s_per_gpu if planned else 0)
        replica = self.gpus_per_replica or (planned.gpus_per_replica if planned else 1)
        return Throughput(tps, replica)


class TierProfile(_Strict):
    #: Total tokens a day (input + output), split by `input_share`; or give the two halves.
    tokens_per_day: int | None = Field(default=None, ge=0)
    input_share: Decimal | None = Field(default=None, ge=0, le=1)
    input_tokens_per_day: int | None = Field(default=None, ge=0)
    output_tokens_per_day: int | None = Field(default=None, ge=0)
    #: Busiest hour's token rate over the mean rate (1 = perfectly flat).
    peak_to_mean: Decimal = Field(default=Decimal(2), ge=1)
    #: Share of requests that carry sensitive data (PII, secrets), 0..1.
    sensitive_share: Decimal = Field(default=Decimal(0), ge=0, le=1)
    privacy: PrivacyAction = "allow"
    eu_residency: bool = False
    needs_fine_tuning: bool = False
    needs_frontier_reasoning: bool = False
    needs_multimodal: bool = False
    #: The closed model this tier would use (a price catalog id).
    api_model: str = "gpt-4.1-mini"
    #: Overrides the catalog price of `api_model`.
    api_price: Price | None = None
    #: Whether `api_model` keeps data in the EU; inferred from EU_API_PREFIXES when omitted.
    api_eu_residency: bool | None = None
    self_host: SelfHost = Field(default_factory=SelfHost)
    #: Overrides the team's figure for this tier.
    ops_overhead_usd_per_month: Decimal | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_volume_form(self) -> TierProfile:
        halves = (self.input_tokens_per_day, self.output_tokens_per_day)
        if self.tokens_per_day is not None and any(h is not None for h in halves):
            raise ValueError(
                "tokens_per_day: give either tokens_per_day (with input_share) or "
                "input_tokens_per_day and output_tokens_per_day, not both"
            )
        if (halves[0] is None) != (halves[1] is None):
            missing = "output" if halves[1] is None else "input"
            raise ValueError(f"{missing}_tokens_per_day: give both halves of the split")
        if self.input_share is not None and self.tokens_per_day is None and halves[0] is not None:
            raise ValueError("input_share: applies only with tokens_per_day")
        return self

    @property
    def has_volume(self) -> bool:
        return self.tokens_per_day is not None or self.input_tokens_per_day is not None

    def daily_split(self) -> tuple[int, int]:
        """(input, output) tokens a day; a 3:1 split when only a total is given."""
        if self.input_tokens_per_day is not None and self.output_tokens_per_day is not None:
            return self.input_tokens_per_day, self.output_tokens_per_day
        total = self.tokens_per_day or 0
        share = self.input_share if self.input_share is not None else Decimal("0.75")
        tokens_in = int((share * total).to_integral_value())
        return tokens_in, total - tokens_in

    def api_in_eu(self) -> bool:
        if self.api_eu_residency is not None:
            return self.api_eu_residency
        return self.api_model.startswith(EU_API_PREFIXES)


class Team(_Strict):
    mlops_capacity: MlopsCapacity = "some"
    #: Monthly USD that self-hosting one tier adds; defaults by `mlops_capacity`.
    ops_overhead_usd_per_month: Decimal | None = Field(default=None, ge=0)

    def ops_overhead(self) -> Decimal:
        if self.ops_overhead_usd_per_month is not None:
            return self.ops_overhead_usd_per_month
        return OPS_OVERHEAD_BY_CAPACITY[self.mlops_capacity]


class WorkloadProfile(_Strict):
    team: Team = Field(default_factory=Team)
    tiers: dict[str, TierProfile] = Field(min_length=1)


def infer_size_class(model: str) -> SizeClass | None:
    """ "Llama-3.3-70B-Instruct" → 70b; the nearest class by parameter count; None if unknown."""
    match = _PARAMS.search(model)
    if match is None:
        return None
    params = float(match.group(1))
    if params <= 14:
        return "8b"
    if params <= 40:
        return "30b"
    if params <= 80:
        return "70b"
    return None  # beyond the table (405B, MoE giants): the user gives the figure


def _gpu_key(gpu: str) -> str:
    return "-".join(gpu.strip().upper().replace("_", " ").replace("-", " ").split())


def parse_profile(data: object, source: str) -> WorkloadProfile:
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: the top level must be a mapping with 'tiers:'")
    try:
        return WorkloadProfile.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            path = error_location(tuple(error["loc"]))
            message = str(error["msg"]).removeprefix("Value error, ")
            # Model-level checks name their own field after the tier's path.
            field, sep, rest = message.partition(": ")
            if error["type"] == "value_error" and sep and re.fullmatch(r"[a-z_]+", field):
                path, message = f"{path}.{field}" if path else field, rest
            if error["type"] == "literal_error":
                message = f"{message} (got {error['input']!r})"
            lines.append(f"  {path}: {message}" if path else f"  {message}")
        raise ProfileError(f"{source}: invalid workload profile\n" + "\n".join(lines)) from None


def load_profile(path: str | Path) -> WorkloadProfile:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{file}: cannot read the workload profile ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileError(f"{file}: not valid YAML: {exc}") from None
    return parse_profile(data, str(file))


@dataclass(frozen=True)
class ResolvedTier:
    """A tier's profile turned into the numbers the break-even and the rules use."""

    name: str
    profile: TierProfile
    input_tokens_per_day: int
    output_tokens_per_day: int
    price: Price
    price_basis: str
    throughput: Throughput
    gpu_hourly_usd: Decimal
    gpu_basis: str
    ops_overhead_usd: Decimal

    @property
    def tokens_per_day(self) -> int:
        return self.input_tokens_per_day + self.output_tokens_per_day


def resolve(
    profile: WorkloadProfile, catalog: PriceCatalog, gpus: GpuPriceTable
) -> list[ResolvedTier]:
    """Prices from the catalog, GPU rates from the reference table; errors name the field."""
    out: list[ResolvedTier] = []
    for name, tier in profile.tiers.items():
        where = f"tiers.{name}"
        if not tier.has_volume:
            raise ProfileError(
                f"{where}.tokens_per_day: missing (give it, or run with --from-ledger)"
            )
        if tier.api_price is not None:
            price, price_basis = tier.api_price, f"{where}.api_price"
        else:
            entry = catalog.lookup(tier.api_model)
            if entry is None:
                raise ProfileError(
                    f"{where}.api_model: {tier.api_model!r} is not in the price catalog; "
                    f"use a catalog id or set {where}.api_price"
                )
            price, price_basis = entry.price, f"catalog {entry.model} ({entry.as_of.isoformat()})"
        host = tier.self_host
        if host.hourly_usd is not None:
            hourly, gpu_basis = host.hourly_usd, f"{where}.self_host.hourly_usd"
        else:
            ref = gpus.lookup(host.gpu)
            if ref is None:
                raise ProfileError(
                    f"{where}.self_host.hourly_usd: {host.gpu!r} has no reference price; set it"
                )
            hourly = ref.hourly_usd
            gpu_basis = f"reference {ref.gpu} ${ref.hourly_usd}/h ({ref.source}, {ref.as_of})"
        tokens_in, tokens_out = tier.daily_split()
        out.append(
            ResolvedTier(
                name=name,
                profile=tier,
                input_tokens_per_day=tokens_in,
                output_tokens_per_day=tokens_out,
                price=price,
                price_basis=price_basis,
                throughput=host.throughput(),
                gpu_hourly_usd=hourly,
                gpu_basis=gpu_basis,
                ops_overhead_usd=(
                    tier.ops_overhead_usd_per_month
                    if tier.ops_overhead_usd_per_month is not None
                    else profile.team.ops_overhead()
                ),
            )
        )
    return out
