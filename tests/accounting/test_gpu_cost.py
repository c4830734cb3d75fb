"""Amortized cost of self-hosted hardware: idle time included, utilization, per-request share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hybridgate.accounting.gpu_cost import (
    GpuCostError,
    GpuPriceTable,
    Hardware,
    HourlyCost,
    RequestSample,
    Traffic,
    hourly_cost,
    request_share,
    window_cost,
)

HOUR = Decimal(3600)


@pytest.fixture(scope="module")
def table() -> GpuPriceTable:
    return GpuPriceTable.bundled()


def _rate(usd: str, concurrency: int = 1) -> HourlyCost:
    return HourlyCost(usd=Decimal(usd), max_concurrency=concurrency, basis="test")


# --- the bundled reference table --------------------------------------------------------


@pytest.mark.parametrize("gpu", ["H100", "H200", "A100-80GB", "L40S", "L4"])
def test_reference_table_prices_common_gpus_with_source_and_date(
    table: GpuPriceTable, gpu: str
) -> None:
    ref = table.lookup(gpu)
    assert ref is not None
    assert ref.hourly_usd > 0
    assert ref.source
    assert ref.as_of <= table.updated


@pytest.mark.parametrize(
    ("name", "found"),
    [("h100", "H100"), ("H100-SXM", "H100"), ("a100 80gb", "A100-80GB"), ("L40S", "L40S")],
)
def test_gpu_names_match_loosely_but_not_across_models(
    table: GpuPriceTable, name: str, found: str
) -> None:
    ref = table.lookup(name)
    assert ref is not None
    assert ref.gpu == found


def test_an_unlisted_gpu_is_not_guessed(table: GpuPriceTable) -> None:
    assert table.lookup("A100") is None  # 40 or 80 GB: the user must say
    assert table.lookup("L40") is None  # not L4, not L40S


# --- hourly cost ------------------------------------------------------------------------


def test_declared_hourly_price_is_per_gpu(table: GpuPriceTable) -> None:
    rate = hourly_cost(Hardware(gpu="H100", gpus=2, hourly_usd=Decimal("2.50")), table)
    assert rate.usd == Decimal("5.00")
    assert "config" in rate.basis


def test_reference_price_is_used_when_hourly_is_omitted(table: GpuPriceTable) -> None:
    ref = table.lookup("H100")
    assert ref is not None
    rate = hourly_cost(Hardware(gpu="h100-sxm", gpus=2), table)
    assert rate.usd == ref.hourly_usd * 2
    assert ref.source in rate.basis


def test_a_cpu_host_declares_its_own_hourly_cost_or_zero(table: GpuPriceTable) -> None:
    assert hourly_cost(Hardware(hourly_usd=Decimal("0.12")), table).usd == Decimal("0.12")
    assert hourly_cost(Hardware(hourly_usd=Decimal(0)), table).usd == Decimal(0)


@pytest.mark.parametrize(
    ("hardware", "message"),
    [
        (Hardware(gpu="H100", gpus=0), "hardware.gpus must be ≥ 1"),
        (Hardware(gpu="H100", hourly_usd=Decimal(-1)), "hardware.hourly_usd must be"),
        (Hardware(gpu="TPU-v5", gpus=1), "hardware.gpu: 'TPU-v5' has no reference price"),
        (Hardware(gpu=None), "hardware.hourly_usd is missing"),
        (Hardware(gpu=None, gpus=4, hourly_usd=Decimal(1)), "hardware.gpus is 4 but"),
        (Hardware(gpu="L4", max_concurrency=0), "hardware.max_concurrency must be ≥ 1"),
    ],
)
def test_bad_hardware_is_refused_naming_the_field(
    table: GpuPriceTable, hardware: Hardware, message: str
) -> None:
    with pytest.raises(GpuCostError) as info:
        hourly_cost(hardware, table)
    assert str(info.value).startswith(message)


# --- a window of traffic ------------------------------------------------------------------


def test_two_h100s_for_an_hour_spread_over_the_tokens_served() -> None:
    # 2 × H100 at $2.50/GPU-h = $5/h. One hour, 2M tokens served, 8 request slots
    # busy for 14,400 request-seconds of the 28,800 available: half utilized.
    rate = _rate("5.00", concurrency=8)
    traffic = Traffic(
        window_s=HOUR, input_tokens=1_500_000, output_tokens=500_000, busy_s=Decimal(14_400)
    )
    cost = window_cost(rate, traffic)
    assert cost.window_usd == Decimal("5")
    assert cost.utilization == Decimal("0.5")
    assert cost.usd_per_mtok == Decimal("2.5")  # idle half included
    assert cost.full_utilization_usd_per_mtok == Decimal("1.25")
    assert cost.busy_usd == Decimal("2.5")
    assert cost.idle_usd == Decimal("2.5")
    assert cost.tokens_per_hour == Decimal(2_000_000)


def test_idle_time_raises_the_effective_price() -> None:
    rate = _rate("4.00", concurrency=1)
    busy = window_cost(rate, Traffic(window_s=HOUR, output_tokens=1_000_000, busy_s=HOUR))
    quiet = window_cost(rate, Traffic(window_s=HOUR * 4, output_tokens=1_000_000, busy_s=HOUR))
    assert busy.usd_per_mtok == Decimal("4")
    assert quiet.usd_per_mtok == Decimal("16")
    assert quiet.utilization == Decimal("0.25")
    # Same hardware, same speed: the price at full load does not depend on the idle time.
    assert busy.full_utilization_usd_per_mtok == quiet.full_utilization_usd_per_mtok


def test_utilization_is_capped_when_declared_concurrency_is_too_low() -> None:
    rate = _rate("3.00", concurrency=1)
    cost = window_cost(rate, Traffic(window_s=HOUR, output_tokens=10, busy_s=HOUR * 3))
    assert cost.utilization == Decimal(1)
    assert cost.busy_usd == cost.window_usd
    assert cost.idle_usd == Decimal(0)


def test_a_window_with_no_traffic_is_all_idle_and_has_no_price_per_token() -> None:
    cost = window_cost(_rate("2.69"), Traffic(window_s=HOUR * 2))
    assert cost.window_usd == Decimal("5.38")
    assert cost.idle_usd == Decimal("5.38")
    assert cost.utilization == Decimal(0)
    assert cost.usd_per_mtok is None
    assert cost.full_utilization_usd_per_mtok is None


def test_a_free_cpu_host_serves_tokens_at_zero_cost() -> None:
    cost = window_cost(_rate("0"), Traffic(window_s=HOUR, output_tokens=5_000, busy_s=HOUR))
    assert cost.usd_per_mtok == Decimal(0)
    assert cost.full_utilization_usd_per_mtok == Decimal(0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"window_s": Decimal(0)}, "window_s must be > 0"),
        ({"window_s": HOUR, "busy_s": Decimal(-1)}, "busy_s must be ≥ 0"),
        ({"window_s": HOUR, "input_tokens": -5}, "token counts must be ≥ 0"),
    ],
)
def test_impossible_traffic_is_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(GpuCostError, match=message):
        window_cost(_rate("1"), Traffic(**fields))


def test_traffic_is_summed_from_measured_requests() -> None:
    samples = [RequestSample(0.1, 100, 20), RequestSample(0.2, 300, 80), RequestSample(1.5, 0, 0)]
    traffic = Traffic.from_samples(Decimal(60), samples)
    assert traffic.busy_s == Decimal("1.8")  # exact: latencies go through str, not binary float
    assert traffic.tokens == 500
    assert traffic.requests == 3
    with pytest.raises(GpuCostError, match="duration_s must be"):
        Traffic.from_samples(Decimal(60), [RequestSample(-0.5, 1, 1)])


# --- the ledger's per-request share -------------------------------------------------------


def test_request_share_is_its_slice_of_the_hardware_while_it_ran() -> None:
    # $5/h over 8 slots: a 3.6 s request holds one slot for 1/1000 h → $5 / 8 / 1000.
    assert request_share(_rate("5.00", concurrency=8), 3.6) == Decimal("0.000625")


def test_request_shares_add_up_to_the_busy_part_of_the_window() -> None:
    rate = _rate("5.00", concurrency=8)
    durations = [12.0, 30.0, 4.5, 90.0]
    traffic = Traffic.from_samples(HOUR, [RequestSample(d, 100, 100) for d in durations])
    cost = window_cost(rate, traffic)
    shares = sum(request_share(rate, d) for d in durations)
    # Each share is rounded to 1e-10 USD, so the sum may differ by that much per request.
    assert abs(shares - cost.busy_usd) <= Decimal("1e-10") * len(durations)
    assert cost.busy_usd + cost.idle_usd == cost.window_usd


def test_a_reference_table_entry_without_a_price_is_refused() -> None:
    data = {"updated": "2025-11-01", "gpus": {"H100": {"source": "x.com", "as_of": "2025-11-01"}}}
    with pytest.raises(GpuCostError, match=r"gpu_prices\.yaml: gpus\.H100\.hourly_usd is missing"):
        GpuPriceTable.parse(data, "gpu_prices.yaml")
    data["gpus"]["H100"]["hourly_usd"] = -2
    with pytest.raises(GpuCostError, match=r"gpus\.H100\.hourly_usd must be a finite number ≥ 0"):
        GpuPriceTable.parse(data, "gpu_prices.yaml")
