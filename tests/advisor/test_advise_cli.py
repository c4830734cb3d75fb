"""`hybridgate advise` as users run it: JSON shape, table, chart file and clear errors."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hybridgate.accounting.gpu_cost import GpuPriceTable
from hybridgate.accounting.prices import PriceCatalog
from hybridgate.advisor.breakeven import CostModel
from hybridgate.advisor.chart import Panel, render_html
from hybridgate.advisor.profile import load_profile, resolve
from hybridgate.cli import advise
from tests.advisor.test_ledger_profile import ledger, row

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "workload.yaml")


def run(*argv: str) -> int:
    # Built here rather than through cli.main so the test does not depend on its module list.
    parser = argparse.ArgumentParser(prog="hybridgate")
    advise.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["advise", *argv])
    code: int = args.handler(args)
    return code


def test_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    chart = tmp_path / "breakeven.html"
    assert run("--profile", EXAMPLE, "--json", "--chart", str(chart)) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"source", "team", "tiers", "chart"}
    assert data["chart"] == str(chart)
    assert list(data["tiers"]) == ["routing", "extraction", "summarization", "reasoning"]
    routing = data["tiers"]["routing"]
    assert routing["recommendation"] == "open"
    assert routing["hard_constraints"] == ["privacy"]
    assert all(isinstance(r, str) for r in routing["reasons"])
    verdict = routing["verdicts"][0]
    assert set(verdict) == {"rule", "lean", "weight", "hard", "reason"}
    numbers = routing["numbers"]
    assert numbers["tokens_per_day"] == 40_000_000
    assert numbers["self_host"]["gpu"] == "L4" and numbers["self_host"]["gpus"] == 1
    assert numbers["api_monthly_usd"] == "158.17"  # 36M × $0.10 + 4M × $0.40 = $5.20/day
    assert numbers["break_even_tokens_per_day"] is None
    reasoning = data["tiers"]["reasoning"]
    assert reasoning["recommendation"] == "closed"
    assert isinstance(reasoning["numbers"]["break_even_tokens_per_day"], int)
    assert chart.read_text().count("<svg") == 4


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--profile", EXAMPLE) == 0
    out = capsys.readouterr().out
    assert "summarization" in out and "break-even" in out and "[HARD] privacy" in out


def test_chart_marks_the_break_even_point() -> None:
    tiers = resolve(load_profile(EXAMPLE), PriceCatalog.bundled(), GpuPriceTable.bundled())
    reasoning = CostModel(tiers[-1])
    html = render_html([Panel(reasoning, "recommendation: closed")])
    assert html.startswith("<!doctype html>") and "<svg" in html
    assert "break-even ≈" in html and "<circle" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    never = render_html([Panel(CostModel(tiers[0]), "open")])
    assert "no break-even" in never


def test_bad_profile_field_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = tmp_path / "w.yaml"
    profile.write_text("tiers:\n  reasoning:\n    tokens_per_day: 1000\n    peak_to_mean: 0\n")
    assert run("--profile", str(profile)) == 2
    err = capsys.readouterr().err
    assert "tiers.reasoning.peak_to_mean" in err and "Traceback" not in err


def test_needs_a_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--json") == 2
    assert "--profile" in capsys.readouterr().err


def test_from_ledger(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    rows = [row(now - timedelta(hours=h), "routing", 30_000, 10_000) for h in range(1, 25)]
    ledger(tmp_path, rows).dispose()
    config = tmp_path / "gw.yaml"
    config.write_text(
        "deployments:\n  - {name: local, provider: llama_cpp, model: m}\n"
        "tiers: {routing: [local]}\nstorage: ledger.db\n"
    )
    assert run("--from-ledger", "--config", str(config), "--json", "--days", "3") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"].startswith("ledger: last 3 days, 24 observed hours")
    numbers = data["tiers"]["routing"]["numbers"]
    assert numbers["tokens_per_day"] == 960_000
    assert numbers["peak_to_mean"] == "1"


def test_from_an_empty_ledger(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "gw.yaml"
    config.write_text(
        "deployments:\n  - {name: local, provider: llama_cpp, model: m}\ntiers: {routing: [local]}\n"
    )
    assert run("--from-ledger", "--config", str(config)) == 2
    assert "no chat traffic" in capsys.readouterr().err
