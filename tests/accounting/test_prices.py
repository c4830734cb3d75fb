"""The bundled price catalog, its validation, and what requests cost through the PriceBook."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hybridgate.accounting.prices import (
    CatalogError,
    PriceBook,
    PriceCatalog,
    cost_of,
    load_catalog,
)
from hybridgate.config.schema import Deployment, Price
from hybridgate.protocol.canonical import Usage

# The models the issue names, by the ids their providers take.
REQUIRED = [
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "o3",
    "o4-mini",
    "claude-3-5-sonnet",
    "claude-3-7-sonnet",
    "claude-sonnet-4",
    "claude-sonnet-4-5",
    "claude-opus-4",
    "claude-opus-4-1",
    "claude-3-5-haiku",
    "claude-haiku-4-5",
    "mistral-small",
    "mistral-medium",
    "mistral-large",
    "gemini-2.0-flash",
    "gemini-2.5-flash",
    "gemini-2.5-flash-lite",
    "gemini-2.5-pro",
    "deepseek-chat",
    "deepseek-reasoner",
    "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "llama-3.3-70b-versatile",
    "accounts/fireworks/models/llama-v3p3-70b-instruct",
]


@pytest.fixture(scope="module")
def catalog() -> PriceCatalog:
    return PriceCatalog.bundled()


def _entry(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "input_per_mtok": 1,
        "output_per_mtok": 2,
        "source": "example.com/pricing",
        "as_of": "2025-06-01",
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def _doc(entry: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1, "updated": "2025-06-01", "models": {"gpt-4o": entry}}


# --- the bundled file -------------------------------------------------------------------


def test_bundled_catalog_loads_with_a_version_and_date(catalog: PriceCatalog) -> None:
    assert catalog.version >= 1
    assert isinstance(catalog.updated, date)
    assert len(catalog.entries) >= len(REQUIRED)


@pytest.mark.parametrize("model", REQUIRED)
def test_catalog_prices_every_model_the_issue_names(catalog: PriceCatalog, model: str) -> None:
    assert model in catalog.entries


def test_every_entry_records_its_source_and_a_date_not_after_the_file(
    catalog: PriceCatalog,
) -> None:
    for model, entry in catalog.entries.items():
        assert entry.source.strip(), model
        assert "." in entry.source, f"{model}: source should name the pricing page"
        assert entry.as_of <= catalog.updated, model


def test_cached_input_is_a_discount_wherever_it_is_listed(catalog: PriceCatalog) -> None:
    for model, entry in catalog.entries.items():
        cached = entry.price.cached_input_per_mtok
        if cached is not None:
            assert cached < entry.price.input_per_mtok, model


def test_catalog_figures_are_exact_decimals(catalog: PriceCatalog) -> None:
    price = catalog.entries["gpt-4o-mini"].price
    assert price.input_per_mtok == Decimal("0.15")
    assert price.cached_input_per_mtok == Decimal("0.075")
    assert catalog.entries["gpt-4o"].price == Price(
        input_per_mtok=Decimal("2.50"),
        output_per_mtok=Decimal("10.00"),
        cached_input_per_mtok=Decimal("1.25"),
    )


# --- lookup -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "entry"),
    [
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("claude-sonnet-4-5@20250929", "claude-sonnet-4-5"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4"),
        ("claude-opus-4-1-20250805", "claude-opus-4-1"),
        ("claude-3-5-haiku-latest", "claude-3-5-haiku"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
        ("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"),
        ("mistral-small-latest", "mistral-small"),
        ("mistral-large-2411", "mistral-large-2411"),
        ("gemini-2.5-flash-lite", "gemini-2.5-flash-lite"),
        ("gemini-2.0-flash-001", "gemini-2.0-flash"),
    ],
)
def test_lookup_finds_dated_snapshots_and_aliases(
    catalog: PriceCatalog, model: str, entry: str
) -> None:
    found = catalog.lookup(model)
    assert found is not None
    assert found.model == entry


def test_a_snapshot_with_its_own_price_wins_over_its_family(catalog: PriceCatalog) -> None:
    first = catalog.lookup("gpt-4o-2024-05-13")
    assert first is not None
    assert first.price.input_per_mtok == Decimal("5.00")


def test_a_new_version_does_not_borrow_an_older_ones_price(catalog: PriceCatalog) -> None:
    # `gpt-5.2` starts with `gpt-5` but is another model; an unknown price beats a wrong one.
    assert catalog.lookup("gpt-5.2") is None
    assert catalog.lookup("o3x") is None
    assert catalog.lookup("no-such-model") is None


# --- cost arithmetic ----------------------------------------------------------------------


def test_cost_on_gpt_4o_is_exact(catalog: PriceCatalog) -> None:
    entry = catalog.lookup("gpt-4o")
    assert entry is not None
    usage = Usage(input_tokens=1_000, output_tokens=500)
    assert cost_of(entry.price, usage) == Decimal("0.0075")


def test_cost_keeps_sub_cent_amounts_without_float_error() -> None:
    price = Price(input_per_mtok=Decimal("0.10"), output_per_mtok=Decimal("0.30"))
    assert cost_of(price, Usage(input_tokens=3, output_tokens=7)) == Decimal("0.0000024")


def test_no_price_costs_nothing() -> None:
    assert cost_of(None, Usage(input_tokens=10, output_tokens=10)) == Decimal(0)


# --- PriceBook: config over catalog -----------------------------------------------------


def test_config_price_overrides_the_catalog(catalog: PriceCatalog) -> None:
    negotiated = Price(input_per_mtok=Decimal("2"), output_per_mtok=Decimal("8"))
    deployments = [
        Deployment(name="gpt4o-listed", provider="openai", model="gpt-4o-2024-08-06"),
        Deployment(name="gpt4o-deal", provider="openai", model="gpt-4o", price=negotiated),
    ]
    book = PriceBook(deployments, catalog)
    usage = Usage(input_tokens=1_000, output_tokens=500)
    assert book.price("gpt4o-deal") == negotiated
    assert book.cost("gpt4o-listed", usage) == Decimal("0.0075")
    assert book.cost("gpt4o-deal", usage) == Decimal("0.006")


def test_self_hosted_without_price_costs_nothing_per_token(catalog: PriceCatalog) -> None:
    local = Deployment(
        name="vllm",
        provider="openai_compatible",
        base_url="http://127.0.0.1:8000/v1",
        model="meta-llama/Llama-3.3-70B-Instruct-Turbo",
    )
    book = PriceBook([local], catalog)
    assert book.price("vllm") is None
    assert book.cost("vllm", Usage(input_tokens=1_000, output_tokens=1_000)) == Decimal(0)


def test_model_cost_prices_a_baseline_by_catalog_id(catalog: PriceCatalog) -> None:
    book = PriceBook([], catalog)
    usage = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
    assert book.model_cost("claude-sonnet-4-5-20250929", usage) == Decimal("18")
    assert book.model_cost("unknown-model", usage) == Decimal(0)


# --- bad input names the field ----------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            _entry(input_per_mtok=-1),
            "prices.yaml: models.gpt-4o.input_per_mtok must be ≥ 0",
        ),
        (
            _entry(output_per_mtok=None),
            "prices.yaml: models.gpt-4o.output_per_mtok is missing",
        ),
        (
            _entry(cached_input_per_mtok=-0.5),
            "prices.yaml: models.gpt-4o.cached_input_per_mtok must be ≥ 0",
        ),
        (
            _entry(input_per_mtok="cheap"),
            "prices.yaml: models.gpt-4o.input_per_mtok must be a number",
        ),
        (
            _entry(input_per_mtok=True),
            "prices.yaml: models.gpt-4o.input_per_mtok must be a number",
        ),
        (
            _entry(output_per_mtok=".nan"),
            "prices.yaml: models.gpt-4o.output_per_mtok must be a number",
        ),
        (
            _entry(output_per_mtok=float("inf")),
            "prices.yaml: models.gpt-4o.output_per_mtok must be a finite number",
        ),
        (_entry(source=None), "prices.yaml: models.gpt-4o.source is missing"),
        (_entry(source="  "), "prices.yaml: models.gpt-4o.source is missing"),
        (_entry(as_of=None), "prices.yaml: models.gpt-4o.as_of is missing"),
        (_entry(as_of="June 2025"), "prices.yaml: models.gpt-4o.as_of must be a date"),
    ],
)
def test_bad_entries_are_refused_naming_model_and_field(
    entry: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogError) as info:
        PriceCatalog.parse(_doc(entry), "prices.yaml")
    assert str(info.value).startswith(message)


def test_missing_updated_date_is_refused() -> None:
    with pytest.raises(CatalogError, match=re.escape("prices.yaml: updated is missing")):
        PriceCatalog.parse({"version": 1, "models": {}}, "prices.yaml")


def test_a_file_without_models_is_refused() -> None:
    with pytest.raises(CatalogError, match="expected a mapping with 'models:'"):
        PriceCatalog.parse(["gpt-4o"], "prices.yaml")


# --- a user's own catalog -----------------------------------------------------------------


def test_load_catalog_without_a_path_is_the_bundled_one(catalog: PriceCatalog) -> None:
    assert load_catalog(None) == catalog


def test_load_catalog_reads_a_users_file(tmp_path: Path) -> None:
    path = tmp_path / "my-prices.yaml"
    path.write_text(
        "version: 1\nupdated: 2026-01-02\nmodels:\n"
        "  my-model:\n    input_per_mtok: 0.1\n    output_per_mtok: 0.2\n"
        "    source: contract 42\n    as_of: 2026-01-01\n",
        "utf-8",
    )
    mine = load_catalog(str(path))
    assert mine.updated == date(2026, 1, 2)
    entry = mine.lookup("my-model-v2")
    assert entry is not None
    assert entry.price.input_per_mtok == Decimal("0.1")


def test_load_catalog_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(CatalogError, match=re.escape(f"{missing}: cannot read")):
        load_catalog(str(missing))
    broken = tmp_path / "broken.yaml"
    broken.write_text("models: [unclosed\n", "utf-8")
    with pytest.raises(CatalogError, match=re.escape(f"{broken}: not valid YAML")):
        load_catalog(str(broken))
    negative = tmp_path / "negative.yaml"
    negative.write_text(
        "updated: 2026-01-01\nmodels:\n  m:\n    input_per_mtok: -2\n    output_per_mtok: 1\n"
        "    source: s\n    as_of: 2026-01-01\n",
        "utf-8",
    )
    with pytest.raises(
        CatalogError, match=re.escape(f"{negative}: models.m.input_per_mtok must be ≥ 0")
    ):
        load_catalog(str(negative))


def test_a_book_prices_exactly_as_cost_of_to_the_last_digit(catalog: PriceCatalog) -> None:
    """The book prices by integer arithmetic where a price allows it: the same Decimal as
    `cost_of`, digits and exponent (the ledger and the headers print it), for any price."""
    import random

    rng = random.Random(12)
    prices = ["0", "0.15", "0.6", "2.5", "15", "0.0001", "1234.5678", "0.00001", "0.123456789"]
    for _ in range(300):
        price = Price(
            input_per_mtok=Decimal(rng.choice(prices)),
            output_per_mtok=Decimal(rng.choice(prices)),
        )
        book = PriceBook(
            [Deployment(name="d", provider="openai", model="gpt-4o", price=price)], catalog
        )
        for _ in range(5):
            usage = Usage(rng.choice([0, 1, 7, 12, 999, 10**6, 10**15]), rng.randrange(10**5))
            expected = cost_of(price, usage)
            got = book.cost("d", usage)
            assert (got, str(got)) == (expected, str(expected))
    usage = Usage(1_234, 567)
    baseline = book.model_cost("gpt-4o", usage)
    entry = catalog.lookup("gpt-4o")
    assert entry is not None
    assert str(baseline) == str(cost_of(entry.price, usage))
    assert str(book.model_cost("gpt-4o", usage)) == str(baseline)  # known the second time
