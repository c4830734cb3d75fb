"""A short soak (bench/soak.py, which reports the real figures): half a minute of mixed,
hostile load on `hybridgate serve`, then the ledger is checked against what clients saw."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from bench import soak


@pytest.mark.slow
def test_mixed_hostile_load_loses_no_row_and_overspends_no_budget(tmp_path: Path) -> None:
    figures = soak.run(minutes=0.4, clients=8, workdir=tmp_path, budget_usd=Decimal("0.08"))
    report = soak.summary(figures)
    ledger, rss = figures["ledger"], figures["rss_mb"]
    assert ledger["answered"] > 100, report  # it really was under load
    assert ledger["lost"] == [], report
    assert ledger["misplaced"] == [], report
    assert ledger["duplicated"] == [] and ledger["unknown"] == [], report
    # The budget key ran into its budget (so the overspend check means something) ...
    refused = sum(n for o in figures["outcomes"].values() for k, n in o.items() if "budget" in k)
    assert refused > 0, report
    # ... and spent at most one request beyond it.
    assert not ledger["overspend_beyond_one_request"], report
    assert figures["healthz"]["p99_ms"] < 250, report  # loose: CI machines are noisy
    assert set(figures["healthz"]["statuses"]) == {"200"}, report
    assert rss["last"] - rss["first"] < 50, report
    assert figures["gateway_log_problems"] == [], report
