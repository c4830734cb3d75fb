"""The configuration schema. Validated once at start-up; never touched on the request path."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal

from pydantic import (
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .auto_routing import DEFAULT_TASK_TIERS as DEFAULT_TASK_TIERS
from .auto_routing import AutoRouting as AutoRouting
from .auto_routing import LanguageRouting as LanguageRouting
from .deployment import Capacity as Capacity
from .deployment import Deployment as Deployment
from .deployment import Hardware as Hardware
from .deployment import Price as Price
from .deployment import Timeouts as Timeouts
from .env_refs import env_reference, resolve_env
from .observability import CacheSettings, LogSettings, TracingSettings
from .policies import check_policies
from .strict import Strict as _Strict

if TYPE_CHECKING:
    from .aliases import Aliases
from .quality import Quality

PrivacyAction = Literal["allow", "local_only", "redact", "block"]


class Policy(_Strict):
    """What every request must respect, whatever `model` it names (keys may narrow it)."""

    #: What to do when a request carries sensitive data.
    privacy: PrivacyAction = "allow"
    #: Regions deployments may be in (e.g. [eu, local]); empty allows every region. A
    #: deployment without `region` is `unknown` and passes only a list that names `unknown`.
    residency: list[str] = Field(default_factory=list)
    #: Images and other parts the privacy scanner cannot read: `sensitive` (kept local under
    #: local_only and redact, refused under block) or `allow` (judged by the text alone).
    media: Literal["sensitive", "allow"] = "sensitive"


class Cascade(_Strict):
    """Opt-in per tier: answer on the tier's first deployment, check, escalate if the check fails."""

    #: `verifier`: ask `verifier_deployment` to grade the cheap answer from 0 to 10.
    check: Literal["verifier"] = "verifier"
    #: Escalate when the grade / 10 falls below this.
    threshold: float = Field(default=0.6, ge=0, le=1)
    verifier_deployment: str


class Retries(_Strict):
    """Attempts on one deployment before falling back to the next (only for retryable errors)."""

    attempts: int = Field(default=2, ge=1)
    #: Full-jitter exponential backoff: wait uniform(0, min(max_backoff_s, backoff_s * 2**n)).
    backoff_s: float = Field(default=0.2, ge=0)
    max_backoff_s: float = Field(default=2.0, ge=0)
    #: An upstream `retry-after` up to this is honoured; a longer one moves to the next deployment.
    max_retry_after_s: float = Field(default=2.0, ge=0)


class Breaker(_Strict):
    """Ejects a failing deployment; after `cooldown_s` one probe request may bring it back."""

    consecutive_failures: int = Field(default=5, ge=1)
    #: Also opens when this share of the requests in `window_s` failed (at least `min_requests`).
    failure_rate: float = Field(default=0.5, gt=0, le=1)
    window_s: float = Field(default=30.0, gt=0)
    min_requests: int = Field(default=10, ge=1)
    cooldown_s: float = Field(default=30.0, ge=0)


class HealthChecks(_Strict):
    """Active checks of self-hosted deployments with a base_url: GET {base_url}/models."""

    enabled: bool = True
    interval_s: float = Field(default=10.0, gt=0)
    timeout_s: float = Field(default=2.0, gt=0)


class Reliability(_Strict):
    retries: Retries = Retries()
    breaker: Breaker = Breaker()
    health: HealthChecks = HealthChecks()


class CorsSettings(_Strict):
    """Browsers on these origins may call the API (`["*"]`: any); empty: no CORS headers."""

    origins: list[str] = Field(default_factory=list)


class ServerSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    max_body_bytes: int = Field(default=8 * 1024 * 1024, gt=0)
    #: Seconds a client may take to send the whole request body (slow clients get 408).
    body_timeout_s: float = Field(default=30.0, gt=0)
    #: Seconds a client may take to send the request line and headers (slow-loris: 408).
    header_timeout_s: float = Field(default=10.0, gt=0)
    #: Seconds an idle keep-alive connection stays open waiting for its next request.
    keepalive_timeout_s: float = Field(default=5.0, gt=0)
    #: Request line (414 above it), header fields (431), requests pipelined behind the one
    #: being answered (reading pauses beyond it).
    max_request_line_bytes: int = Field(default=8192, ge=256)
    max_header_count: int = Field(default=100, ge=8)
    max_pipelined: int = Field(default=8, ge=1)
    #: Seconds a streamed answer waits for a client that stopped reading before cutting it off.
    stream_write_timeout_s: float = Field(default=60.0, gt=0)
    #: On SIGTERM, seconds in-flight requests and streams get to finish before they are cut.
    shutdown_timeout_s: int = Field(default=30, ge=1)
    #: Worker processes sharing the port (`serve --workers`); unset: one per core this
    #: process may run on. Budgets, rate limits and the ledger stay exact across them.
    workers: int | None = Field(default=None, ge=1, le=512)
    #: Load in-process models in the background at start-up instead of on the first request.
    warm_up: bool = True
    #: Measurement switches (the overhead benchmark's "off" run): scan requests for sensitive
    #: data, and write every request to the ledger. Both on in any real deployment.
    privacy_scan: bool = True
    ledger: bool = True
    #: Required (as `Authorization: Bearer`, or a browser's Basic password) for `/ui` and
    #: `/metrics`, which show spend and traffic; `env:VAR` reads it from the environment.
    #: Unset: both are open, as suits a gateway bound to loopback.
    admin_token: SecretStr | None = None
    #: Responses API answers kept in memory (per process) for `previous_response_id`; 0 keeps
    #: none, and a request that names one gets a 400 saying so.
    response_store: int = Field(default=1000, ge=0)
    #: Cross-origin browser access; off by default.
    cors: CorsSettings = CorsSettings()

    @field_validator("admin_token", mode="before")
    @classmethod
    def _resolve_env(cls, value: object, info: ValidationInfo) -> object:
        return resolve_env(value, info)


AuthMode = Literal["auto", "keys", "open"]


class Settings(_Strict):
    deployments: list[Deployment]
    #: `keys`: every request needs a virtual key (none yet: every request is refused);
    #: `open`: no key needed (a key sent is still honoured), and `serve` refuses a
    #: non-loopback address without `--allow-open`; `auto`: open until the first key is
    #: created, then `keys` (deleting every key reopens it; revoking does not).
    auth: AuthMode = "auto"
    tiers: dict[str, list[str]] = Field(default_factory=dict)
    server: ServerSettings = ServerSettings()
    #: SQLAlchemy URL or a file path for the ledger (SQLite).
    storage: str = "hybridgate.db"
    #: The tier `auto` uses when no rule picks another.
    default_tier: str = "routing"
    policy: Policy = Policy()
    auto: AutoRouting = AutoRouting()
    #: Task type → tier for `auto`; a type whose tier does not exist uses `default_tier`.
    tasks: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_TASK_TIERS))
    #: Tier name → cascade settings, for tiers that opt in.
    cascade: dict[str, Cascade] = Field(default_factory=dict)
    #: The "frontier model for everything" the savings report compares against.
    baseline_model: str = "gpt-4o"
    #: The same comparison for embeddings requests.
    baseline_embedding_model: str = "text-embedding-3-small"
    #: Redis URL shared by replicas for budgets and rate limits (None: in-process counters).
    redis: str | None = None
    #: Retries, circuit breakers and health checks (see `hybridgate.balance`).
    reliability: Reliability = Reliability()
    #: Model names clients send (`gpt-4o`, `text-embedding-3-small`) → a tier, deployment or
    #: `auto`. Omitted: a default set for common SDK defaults (config/aliases.py); `{}`: none.
    aliases: dict[str, str] | None = None
    #: Shadow judging of cheaper answers (None: off).
    quality: Quality | None = None
    #: Log format, access log and events; response cache; traces (config/observability.py).
    logging: LogSettings = LogSettings()
    cache: CacheSettings = CacheSettings()
    tracing: TracingSettings = TracingSettings()
    #: The routing steps in order, built-in and plugins (config/policies.py); None: built-ins.
    policies: list[str] | None = None

    @field_validator("storage", "redis", mode="before")
    @classmethod
    def _url_from_env(cls, value: object) -> object:
        """`storage` and `redis` may name a variable (their URLs hold passwords: containers
        take them from a Secret); unset is an error for every command, which all need them."""
        var = env_reference(value)
        if var is None:
            return value
        resolved = os.environ.get(var)
        if not resolved:
            raise ValueError(f"environment variable {var} is not set (named by {value!r})")
        return resolved

    @model_validator(mode="after")
    def _check_references(self) -> Settings:
        names = [d.name for d in self.deployments]
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen:
                raise ValueError(f"deployments[{i}].name: {name!r} is used twice")
            seen.add(name)
        for tier, members in self.tiers.items():
            if tier in seen or tier == "auto":
                raise ValueError(
                    f"tiers.{tier}: a tier cannot share a name with a deployment or 'auto'"
                )
            for j, member in enumerate(members):
                if member not in seen:
                    raise ValueError(
                        f"tiers.{tier}[{j}]: no deployment named {member!r}; "
                        f"deployments are: {', '.join(names)}"
                    )
        for tier, cascade in self.cascade.items():
            if tier not in self.tiers:
                raise ValueError(
                    f"cascade.{tier}: no such tier; tiers are: {', '.join(self.tiers)}"
                )
            if cascade.verifier_deployment not in seen:
                raise ValueError(
                    f"cascade.{tier}.verifier_deployment: name a deployment to judge answers; "
                    f"deployments are: {', '.join(names)}"
                )
        self._check_ca_bundles()
        regions = {d.name: d.region for d in self.deployments}
        for i, region in enumerate(self.policy.residency):
            if region not in regions.values():
                raise ValueError(
                    f"policy.residency[{i}]: no deployment is in region {region!r}; "
                    f"regions in use: {', '.join(sorted(set(regions.values())))}"
                )
        if self.policy.residency:
            for tier, members in self.tiers.items():
                if not any(regions[m] in self.policy.residency for m in members):
                    raise ValueError(
                        f"tiers.{tier}: policy.residency {self.policy.residency} leaves no "
                        f"deployment in this tier ({', '.join(f'{m}: {regions[m]}' for m in members)})"
                    )
        if "tasks" in self.model_fields_set:
            for task, tier in self.tasks.items():
                if tier not in self.tiers:
                    raise ValueError(
                        f"tasks.{task}: {tier!r} is not a tier; tiers are: {', '.join(self.tiers)}"
                    )
        if "strong_tier" in self.auto.model_fields_set and self.auto.strong_tier not in self.tiers:
            raise ValueError(
                f"auto.strong_tier: {self.auto.strong_tier!r} is not a tier; tiers are: {', '.join(self.tiers)}"
            )
        for i, d in enumerate(self.deployments):
            if d.shadow_of is not None and (self.quality is None or d.shadow_of not in seen):
                raise ValueError(
                    f"deployments[{i}].shadow_of: needs a deployment name and a quality: "
                    "block (its judge, sample rate and budget)"
                )
        if self.quality is not None:
            self.quality.check_references(seen, set(self.tiers))
        if not self.server.privacy_scan and self.policy.privacy != "allow":
            raise ValueError(
                f"server.privacy_scan: cannot be off while policy.privacy is {self.policy.privacy!r}"
            )
        for alias, target in (self.aliases or {}).items():
            if alias in seen or alias in self.tiers or alias == "auto":
                raise ValueError(
                    f"aliases.{alias}: already a deployment, tier or 'auto'; an alias names "
                    "another model"
                )
            if target not in seen and target not in self.tiers and target != "auto":
                raise ValueError(
                    f"aliases.{alias}: {target!r} is not a tier, deployment or 'auto'; "
                    f"tiers are: {', '.join(self.tiers) or '(none)'}"
                )
        if self.tiers and self.default_tier not in self.tiers:
            raise ValueError(
                f"default_tier: {self.default_tier!r} is not a tier; tiers are: {', '.join(self.tiers)}"
            )
        if self.policies is not None:
            check_policies(self.policies)
        return self

    def model_aliases(self) -> Aliases:
        """The aliases in force (the configured ones, else the defaults that fit)."""
        from .aliases import Aliases

        return Aliases.effective(
            self.aliases, tiers=self.tiers, deployments=[d.name for d in self.deployments]
        )

    def _check_ca_bundles(self) -> None:
        """Trust is a property of a server: deployments behind one origin share its bundle."""
        bundles: dict[str, tuple[str, str | None]] = {}
        for i, d in enumerate(self.deployments):
            origin = d.origin
            if origin is None:
                continue
            first = bundles.setdefault(origin, (d.name, d.ca_bundle))
            if first[1] != d.ca_bundle:
                raise ValueError(
                    f"deployments[{i}].ca_bundle: {d.name} and {first[0]} call {origin} "
                    "with different ca_bundle settings; give them the same one"
                )

    def deployment(self, name: str) -> Deployment:
        for d in self.deployments:
            if d.name == name:
                return d
        raise KeyError(name)
