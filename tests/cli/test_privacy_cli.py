"""`hybridgate privacy scan`: findings on stdout, secrets never printed whole."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from hybridgate.cli import privacy

TEXT = "Mail anna.berg@example.se, IBAN DE89 3704 0044 0532 0130 00, password: hunter22\n"


def _run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="hybridgate")
    privacy.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    monkeypatch.setattr("sys.stdout", out)
    code: int = args.handler(args)
    return code, out.getvalue()


def test_scan_json_prints_type_and_span_with_masked_preview(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out = _run(monkeypatch, ["privacy", "scan", "--json"], TEXT)
    assert code == 0
    rows = json.loads(out)["findings"]
    assert [r["type"] for r in rows] == ["email", "iban", "credential"]
    for row in rows:
        assert TEXT[row["start"] : row["end"]] not in out  # the value itself never appears
    assert rows[0]["start"] == TEXT.index("anna")


def test_scan_text_output_masks_values(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _run(monkeypatch, ["privacy", "scan"], TEXT)
    assert code == 0
    assert "email" in out and "iban" in out
    assert "anna.berg@example.se" not in out and "hunter22" not in out


def test_scan_without_findings_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _run(monkeypatch, ["privacy", "scan", "--json"], "Order 12345 ships Monday.")
    assert code == 0 and json.loads(out) == {"findings": []}
