"""A deployment: one model at one upstream (or in a worker), with its price, hardware,
capacity, timeouts and provider options. Validated once at start-up."""

from __future__ import annotations

import ssl
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .env_refs import resolve_env
from .provider_keys import provider_registry, split_provider_keys
from .strict import Strict as _Strict

if TYPE_CHECKING:
    from ..providers.base import ProviderClass

Location = Literal["cloud", "self_hosted"]


def _latin_1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


class Price(_Strict):
    """USD per million tokens."""

    input_per_mtok: Decimal = Field(ge=0)
    output_per_mtok: Decimal = Field(ge=0)
    cached_input_per_mtok: Decimal | None = Field(default=None, ge=0)


class Hardware(_Strict):
    """What a self-hosted deployment runs on; its hourly cost is amortized over requests."""

    #: GPU model (priced from the bundled reference table unless `hourly_usd` is set); omit for CPU.
    gpu: str | None = None
    gpus: int = Field(default=1, ge=0)
    #: USD per GPU-hour (per host-hour without a GPU; 0 for a machine you count as free).
    hourly_usd: Decimal | None = Field(default=None, ge=0)
    #: Requests the server runs at once at full load (vLLM max_num_seqs, llama.cpp --parallel).
    max_concurrency: int = Field(default=1, ge=1)


class Timeouts(_Strict):
    connect_s: float = Field(default=5.0, gt=0)
    #: Until the first byte of the answer (the first token, when streaming).
    first_byte_s: float = Field(default=60.0, gt=0)
    total_s: float = Field(default=600.0, gt=0)


class Deployment(_Strict):
    name: str = Field(min_length=1)
    #: A provider installed in the `hybridgate.providers` entry-point group (`hybridgate
    #: providers` lists them); its class declares its defaults, capabilities and options.
    provider: str
    model: str = Field(min_length=1)
    #: Omitted: the provider's default (none for a self-hosted server: then it is required).
    base_url: str | None = None
    #: `env:VAR` reads the key from the environment at start-up (a literal key also works).
    api_key: SecretStr | None = None
    location: Location | None = None
    #: Where it runs, for `policy.residency`. Omitted: the provider's default (`local` for the
    #: embedded models), else `unknown`, which only a residency policy listing `unknown` admits.
    region: str = ""
    timeouts: Timeouts = Timeouts()
    price: Price | None = None
    hardware: Hardware | None = None
    capacity: Capacity | None = None
    #: Extra request headers for the upstream (organisation ids, proxies).
    headers: dict[str, str] = Field(default_factory=dict)
    #: PEM file of the CA certificates this deployment's TLS certificate is checked against,
    #: instead of the system's trust (an internal CA, a TLS-inspecting proxy's root).
    ca_bundle: str | None = None
    #: Top-level request fields hybridgate does not know, forwarded to this deployment by name
    #: (unknown fields are otherwise dropped; they are scanned by the privacy guard either way).
    forward_fields: list[str] = Field(default_factory=list)
    #: A candidate to take over from this deployment: it receives mirrored traffic (sampled
    #: as `quality:` says) and is judged against the incumbent's answers (`report`).
    shadow_of: str | None = None
    #: The provider's own options (`model_path` for llama_cpp), written in the config beside
    #: the keys above and validated by the provider's `options` model.
    options: BaseModel = Field(default_factory=_Strict)
    _provider_class: ProviderClass = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _split_options(cls, data: Any, info: ValidationInfo) -> Any:
        """The keys that are not the common ones go to the provider's own options model, so
        a misspelt or foreign key is an error naming it, whichever provider defines it."""
        if not isinstance(data, dict) or not isinstance(data.get("provider"), str):
            return data  # a missing or non-text provider is the field's own error
        return split_provider_keys(data, set(cls.model_fields), info)

    @field_validator("api_key", mode="before")
    @classmethod
    def _resolve_env(cls, value: object, info: ValidationInfo) -> object:
        return resolve_env(value, info)

    @field_validator("headers")
    @classmethod
    def _one_line_headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if any(c in name + text for c in "\r\n") or not name.isascii() or ":" in name:
                raise ValueError(f"header {name!r}: names and values must be single lines")
            if not _latin_1(text):
                raise ValueError(f"header {name!r}: a value must be latin-1 text (HTTP's)")
        return value

    @field_validator("api_key")
    @classmethod
    def _sendable_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().isascii():
            raise ValueError("an API key is ASCII; this one has other characters (a paste slip?)")
        return value

    @field_validator("ca_bundle")
    @classmethod
    def _loadable_bundle(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ssl.create_default_context(cafile=value)
            except (OSError, ssl.SSLError) as exc:
                raise ValueError(
                    f"{value!r} is no readable PEM file of certificates: {exc}"
                ) from None
        return value

    @model_validator(mode="after")
    def _fill_defaults(self, info: ValidationInfo) -> Deployment:
        provider = provider_registry(info).provider_class(self.provider)
        self._provider_class = provider
        defaults = provider.defaults
        if self.location is None:
            object.__setattr__(self, "location", defaults.location)
        if not self.region:
            object.__setattr__(self, "region", defaults.region)
        if self.base_url is None and defaults.base_url is None and not provider.runs_in_worker:
            raise ValueError(f"provider {self.provider} needs a base_url (it has no default)")
        if self.hardware is not None and self.location != "self_hosted":
            raise ValueError(
                "hardware applies only to location self_hosted (cloud APIs are priced per token)"
            )
        return self

    @property
    def provider_class(self) -> ProviderClass:
        """The provider class this deployment was validated against."""
        return self._provider_class

    @property
    def url(self) -> str:
        return (self.base_url or self._provider_class.defaults.base_url or "").rstrip("/")

    @property
    def origin(self) -> str | None:
        """scheme://host:port of an HTTP deployment (None for one that runs in a worker)."""
        if self._provider_class.runs_in_worker or not self.url:
            return None
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{parts.scheme}://{parts.hostname}:{port}"

    @property
    def self_hosted(self) -> bool:
        return self.location == "self_hosted"


class Capacity(_Strict):
    """How much a self-hosted deployment serves at once before requests queue or spill."""

    max_concurrency: int = Field(default=4, ge=1)
    #: When the expected queue wait exceeds this, a request spills to the cheapest compliant
    #: cloud deployment of its tier (never when privacy requires local).
    max_wait_s: float = Field(default=2.0, ge=0)
