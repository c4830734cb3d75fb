"""A workload profile measured from the ledger (`hybridgate advise --from-ledger`).

Per tier, over the last `days`:
  - tokens/day (input and output) = tokens in the window × 24 / observed hours, where the
    observed span runs from the hour of the first ledger row to the hour of the last (across
    all tiers): a gateway that was installed yesterday is not averaged over two weeks;
  - peak-to-mean = the busiest hour's tokens / the tier's mean tokens per observed hour
    (silent hours count as zero, which is what GPUs sized for the peak would see);
  - sensitive share = requests whose `privacy_action` is set (the guard found something) over
    all requests; a cascade's escalation (attempt 2) adds tokens, not requests.
Rows without a tier are grouped as `untiered`. Embedding tiers are left out unless the profile
file describes them: the self-hosting throughput table is for chat models.

What the ledger cannot know (needs, the self-hosting choice, the team) comes from the profile
file when one is given, else from the gateway's configuration and the reference stack's conventions: the
`reasoning` tier needs frontier reasoning and would self-host a 70B model on H100s, other
tiers an 8B model on an L40S; the API model is the tier's first priced cloud deployment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, select

from ..accounting.ledger import requests_table
from ..accounting.prices import PriceCatalog
from ..config.schema import Settings
from .profile import SelfHost, Team, TierProfile, WorkloadProfile

UNTIERED = "untiered"
_t = requests_table
_RATIO_STEP = Decimal("0.01")
_SHARE_STEP = Decimal("0.0001")


@dataclass(frozen=True)
class TierTraffic:
    input_tokens_per_day: int
    output_tokens_per_day: int
    peak_to_mean: Decimal
    sensitive_share: Decimal
    requests: int


@dataclass(frozen=True)
class Measurement:
    since: datetime
    until: datetime
    #: Hours from the first row's hour to the last row's hour, inclusive; 0 for an empty window.
    observed_hours: int
    tiers: dict[str, TierTraffic]


@dataclass
class _Tally:
    input_tokens: int = 0
    output_tokens: int = 0
    requests: int = 0
    sensitive: int = 0
    hourly: dict[datetime, int] = field(default_factory=dict)


def _hour(ts: datetime) -> datetime:
    # SQLite hands back naive datetimes; the gateway writes UTC.
    aware = ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
    return aware.replace(minute=0, second=0, microsecond=0)


def measure(engine: Engine, *, days: int, until: datetime | None = None) -> Measurement:
    end = until or datetime.now(UTC)
    since = end - timedelta(days=days)
    query = (
        select(
            _t.c.ts,
            _t.c.tier,
            _t.c.input_tokens,
            _t.c.output_tokens,
            _t.c.privacy_action,
            _t.c.attempt,
        )
        .where(_t.c.ts >= since, _t.c.ts < end, _t.c.purpose == "answer")
        .execution_options(yield_per=10_000)
    )
    # Hours are bucketed here, not in SQL: one code path for SQLite and PostgreSQL, and the
    # memory is tiers × hours, not rows.
    tallies: dict[str, _Tally] = {}
    first: datetime | None = None
    last: datetime | None = None
    with engine.connect() as conn:
        for ts, tier, tokens_in, tokens_out, action, attempt in conn.execute(query):
            hour = _hour(ts)
            first = hour if first is None or hour < first else first
            last = hour if last is None or hour > last else last
            tally = tallies.setdefault(tier or UNTIERED, _Tally())
            tally.input_tokens += tokens_in
            tally.output_tokens += tokens_out
            tally.hourly[hour] = tally.hourly.get(hour, 0) + tokens_in + tokens_out
            if attempt == 1:
                tally.requests += 1
                tally.sensitive += action is not None
    if first is None or last is None:
        return Measurement(since, end, 0, {})
    hours = int((last - first).total_seconds() // 3600) + 1
    return Measurement(since, end, hours, {name: _traffic(t, hours) for name, t in tallies.items()})


def _traffic(tally: _Tally, hours: int) -> TierTraffic:
    total = tally.input_tokens + tally.output_tokens
    peak = max(tally.hourly.values(), default=0)
    ratio = Decimal(peak * hours) / total if total else Decimal(1)
    share = Decimal(tally.sensitive) / tally.requests if tally.requests else Decimal(0)
    # Rounded: these are traffic estimates, not money; 28 digits would only be noise.
    return TierTraffic(
        input_tokens_per_day=tally.input_tokens * 24 // hours,
        output_tokens_per_day=tally.output_tokens * 24 // hours,
        peak_to_mean=max(Decimal(1), ratio.quantize(_RATIO_STEP)).normalize(),
        sensitive_share=share.quantize(_SHARE_STEP).normalize(),
        requests=tally.requests,
    )


def profile_from_ledger(
    measurement: Measurement,
    settings: Settings,
    catalog: PriceCatalog,
    base: WorkloadProfile | None = None,
) -> WorkloadProfile:
    """The measured volumes over `base`'s (or the configuration's) description of each tier."""
    tiers: dict[str, TierProfile] = {}
    for name, traffic in measurement.tiers.items():
        described = base.tiers.get(name) if base is not None else None
        if described is None:
            if _is_embedding_tier(name, settings):
                continue
            described = _from_config(name, settings, catalog)
        tiers[name] = described.model_copy(
            update={
                "tokens_per_day": None,
                "input_share": None,
                "input_tokens_per_day": traffic.input_tokens_per_day,
                "output_tokens_per_day": traffic.output_tokens_per_day,
                "peak_to_mean": traffic.peak_to_mean,
                "sensitive_share": traffic.sensitive_share,
            }
        )
    return WorkloadProfile.model_construct(team=base.team if base else Team(), tiers=tiers)


def _is_embedding_tier(name: str, settings: Settings) -> bool:
    members = settings.tiers.get(name, [])
    # A tier of embeddings-only providers (their capabilities say so) is an embeddings tier.
    can = [d.provider_class.capabilities for d in settings.deployments if d.name in members]
    return name == "embeddings" or (bool(can) and not any(c.chat for c in can))


def _from_config(name: str, settings: Settings, catalog: PriceCatalog) -> TierProfile:
    api_model = settings.baseline_model
    for member in settings.tiers.get(name, []):
        deployment = settings.deployment(member)
        entry = None if deployment.self_hosted else catalog.lookup(deployment.model)
        if entry is not None:
            api_model = entry.model
            break
    residency = set(settings.policy.residency)
    reasoning = name == "reasoning"
    return TierProfile(
        privacy=settings.policy.privacy,
        eu_residency=bool(residency) and residency <= {"eu", "local"},
        needs_frontier_reasoning=reasoning,
        api_model=api_model,
        self_host=(
            SelfHost() if reasoning else SelfHost(model="Llama-3.1-8B-Instruct", gpu="L40S")
        ),
    )
