"""The price catalog (bundled, dated) and the cost of one request in USD, as Decimal.

A deployment's own `price:` in config wins over the catalog; self-hosted deployments without
a price cost nothing here (their amortized hardware cost is in `gpu_cost`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..config.schema import Deployment, Price
from ..protocol.canonical import Usage
from .gpu_cost import GpuCostError, GpuPriceTable, Hardware, HourlyCost, hourly_cost, request_share

_MILLION = Decimal(1_000_000)
_CENT_FRACTION = Decimal("0.0000000001")
#: What may follow a catalog id in a model name it prices: `claude-sonnet-4-5-20250929`,
#: `gpt-4o-2024-08-06`, Vertex's `claude-sonnet-4-5@20250929`. A bare prefix is not enough:
#: `gpt-5.2` must not silently take `gpt-5`'s price.
_SNAPSHOT_SEPARATORS = ("-", "@", ":")


class CatalogError(Exception):
    """A catalog entry that cannot be used; the message names the model and field."""


@dataclass(frozen=True)
class CatalogEntry:
    model: str
    price: Price
    source: str
    as_of: date
    #: Caveats on the figure (tiers it ignores, how it was confirmed).
    note: str | None = None


@dataclass(frozen=True)
class PriceCatalog:
    version: int
    updated: date
    entries: dict[str, CatalogEntry]

    @classmethod
    def bundled(cls) -> PriceCatalog:
        text = resources.files("hybridgate.accounting").joinpath("prices.yaml").read_text("utf-8")
        return cls.parse(yaml.safe_load(text), "prices.yaml")

    @classmethod
    def parse(cls, data: Any, source: str) -> PriceCatalog:
        if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
            raise CatalogError(f"{source}: expected a mapping with 'models:'")
        entries: dict[str, CatalogEntry] = {}
        for model, raw in data["models"].items():
            where = f"{source}: models.{model}"
            if not isinstance(raw, dict):
                raise CatalogError(f"{where}: expected a mapping")
            cached = raw.get("cached_input_per_mtok")
            price = Price(
                input_per_mtok=_money(raw.get("input_per_mtok"), f"{where}.input_per_mtok"),
                output_per_mtok=_money(raw.get("output_per_mtok"), f"{where}.output_per_mtok"),
                cached_input_per_mtok=(
                    None if cached is None else _money(cached, f"{where}.cached_input_per_mtok")
                ),
            )
            note = raw.get("note")
            entries[str(model)] = CatalogEntry(
                model=str(model),
                price=price,
                source=_text(raw.get("source"), f"{where}.source"),
                as_of=_date(raw.get("as_of"), f"{where}.as_of"),
                note=None if note is None else str(note),
            )
        version = data.get("version", 1)
        if isinstance(version, bool) or not isinstance(version, int):
            raise CatalogError(f"{source}: version must be an integer (got {version!r})")
        return cls(
            version=version,
            updated=_date(data.get("updated"), f"{source}: updated"),
            entries=entries,
        )

    def lookup(self, model: str) -> CatalogEntry | None:
        """Exact model id, else the longest catalog id that prefixes it up to a `-`, `@` or `:`
        (dated snapshots and `-latest` aliases)."""
        if model in self.entries:
            return self.entries[model]
        candidates = [
            m for m in self.entries if model.startswith(m) and model[len(m)] in _SNAPSHOT_SEPARATORS
        ]
        return self.entries[max(candidates, key=len)] if candidates else None


def load_catalog(path: str | None) -> PriceCatalog:
    """The bundled catalog, or the user's own file in the same format, replacing it whole."""
    if path is None:
        return PriceCatalog.bundled()
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the price catalog ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML ({exc})") from exc
    return PriceCatalog.parse(data, path)


def _money(value: object, where: str) -> Decimal:
    if value is None:
        raise CatalogError(f"{where} is missing")
    # YAML reads `yes`/`no` as booleans, which Decimal would take as 1 and 0.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CatalogError(f"{where} must be a number (got {value!r})")
    try:
        # Through str so that 0.1 stays 0.1 rather than the float's binary expansion.
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise CatalogError(f"{where} must be a number (got {value!r})") from None
    if not amount.is_finite():
        raise CatalogError(f"{where} must be a finite number (got {value!r})")
    if amount < 0:
        raise CatalogError(f"{where} must be ≥ 0 (got {value!r})")
    return amount


def _text(value: object, where: str) -> str:
    if value is None or not str(value).strip():
        raise CatalogError(f"{where} is missing")
    return str(value).strip()


def _date(value: object, where: str) -> date:
    if value is None:
        raise CatalogError(f"{where} is missing")
    if isinstance(value, date):  # YAML already parsed an unquoted ISO date
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CatalogError(f"{where} must be a date like 2025-06-01 (got {value!r})") from None


def cost_of(price: Price | None, usage: Usage) -> Decimal:
    """USD for `usage` at `price`, to 1e-10 USD. All input is priced as uncached: `Usage`
    does not yet report cache hits, so `cached_input_per_mtok` is catalogued but unused."""
    if price is None:
        return Decimal(0)
    total = (
        price.input_per_mtok * usage.input_tokens + price.output_per_mtok * usage.output_tokens
    ) / _MILLION
    return total.quantize(_CENT_FRACTION)


#: A price as whole units of 1e-10 USD per token (input, output), where it is that exact.
_Rates = tuple[int, int]
#: Below this many units, integer and Decimal arithmetic agree exactly (28 digits of context).
_EXACT_UNITS = 10**18


def _rates(price: Price | None) -> _Rates | None:
    """`price` in 1e-10 USD per token (USD per 1M tokens × 10⁴), if both rates are whole
    there (up to 4 decimals: every catalog and config price so far); else None."""
    if price is None:
        return None
    units = (price.input_per_mtok * 10_000, price.output_per_mtok * 10_000)
    if any(u != u.to_integral_value() for u in units):
        return None
    return int(units[0]), int(units[1])


def _cost(price: Price | None, rates: _Rates | None, usage: Usage) -> Decimal:
    """`cost_of`, the same Decimal to the last digit and exponent, by integer arithmetic when
    the price allows it (one request's cost: a handful of Decimal operations fewer)."""
    if rates is not None:
        units = rates[0] * usage.input_tokens + rates[1] * usage.output_tokens
        if 0 <= units < _EXACT_UNITS:
            return Decimal(units).scaleb(-10)
    return cost_of(price, usage)


class PriceBook:
    """Prices of this gateway's deployments: config first, then the catalog."""

    def __init__(
        self,
        deployments: list[Deployment],
        catalog: PriceCatalog,
        gpu_prices: GpuPriceTable | None = None,
    ) -> None:
        self._catalog = catalog
        self._prices: dict[str, Price | None] = {}
        #: Each deployment's and baseline model's price as integer rates (see `_rates`).
        self._rates: dict[str, _Rates | None] = {}
        self._model_rates: dict[str, tuple[Price | None, _Rates | None]] = {}
        #: Self-hosted deployments with declared hardware: amortized per busy second instead.
        self._hourly: dict[str, HourlyCost] = {}
        for d in deployments:
            if d.price is None and d.hardware is not None:
                self._hourly[d.name] = _hourly(d, gpu_prices or GpuPriceTable.bundled())
            if d.price is not None:
                self._prices[d.name] = d.price
            elif d.self_hosted:
                self._prices[d.name] = None
            else:
                entry = catalog.lookup(d.model)
                self._prices[d.name] = entry.price if entry else None
        self._rates = {name: _rates(price) for name, price in self._prices.items()}

    def price(self, deployment: str) -> Price | None:
        return self._prices.get(deployment)

    def cheapest_first(self, deployments: list[str]) -> list[str]:
        """Deployments by token price (input + output per 1M), unpriced ones last."""

        def rank(name: str) -> tuple[int, Decimal]:
            price = self._prices.get(name)
            if price is None:
                return (1, Decimal(0))
            return (0, price.input_per_mtok + price.output_per_mtok)

        return sorted(deployments, key=rank)

    def hourly(self, deployment: str) -> HourlyCost | None:
        return self._hourly.get(deployment)

    def cost(self, deployment: str, usage: Usage, busy_s: float = 0.0) -> Decimal:
        """Token price × usage; for declared hardware, its cost while the request ran."""
        rate = self._hourly.get(deployment)
        if rate is not None:
            return request_share(rate, busy_s)
        return _cost(self._prices.get(deployment), self._rates.get(deployment), usage)

    def model_cost(self, model: str, usage: Usage) -> Decimal:
        """What `usage` would cost on a catalog model (the savings baseline)."""
        known = self._model_rates.get(model)
        if known is None:
            entry = self._catalog.lookup(model)
            price = entry.price if entry else None
            known = (price, _rates(price))
            if len(self._model_rates) < 64:  # the configured baselines: a few names
                self._model_rates[model] = known
        return _cost(*known, usage)


def _hourly(deployment: Deployment, table: GpuPriceTable) -> HourlyCost:
    hw = deployment.hardware
    assert hw is not None
    try:
        return hourly_cost(
            Hardware(
                gpu=hw.gpu,
                gpus=hw.gpus,
                hourly_usd=hw.hourly_usd,
                max_concurrency=hw.max_concurrency,
            ),
            table,
        )
    except GpuCostError as exc:
        raise GpuCostError(f"deployment {deployment.name!r}: {exc}") from None
