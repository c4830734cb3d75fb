"""Every column of a request's ledger row holds what that request was: the row is built by
position on the request path (pipeline/account.py, for speed), so a value landing in its
neighbour's column must show here. Each column gets a value no other column has."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import yaml

from hybridgate.cli.main import main
from tests import sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

EMAIL = "jane.doe@example.com"


def create_key(gateway: Gateway) -> tuple[str, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(
            ["keys", "create", "--config", str(gateway.config_path), "--name", "app", "--json"]
        )
    assert code == 0
    created = json.loads(out.getvalue())
    return str(created["key"]), str(created["id"])


def only_row(gateway: Gateway) -> sqlite3.Row:
    storage = yaml.safe_load(gateway.config_path.read_text())["storage"]
    deadline = time.monotonic() + 10
    while True:
        with contextlib.closing(sqlite3.connect(storage)) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM requests ORDER BY id").fetchall()
        if rows or time.monotonic() > deadline:
            assert len(rows) == 1
            return rows[0]
        time.sleep(0.05)


def test_each_column_of_a_row_holds_its_own_value(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    def edit(config: dict[str, Any]) -> None:
        config["policy"] = {"privacy": "redact"}
        config["tiers"]["drafting"] = ["gpt-4o"]
        config["baseline_model"] = "claude-sonnet-4-5"

    gateway = gateway_factory(edit)
    secret, key_id = create_key(gateway)
    time.sleep(1.1)  # the key cache's TTL
    fake_openai.script(
        openai_upstream.app,
        fake_openai.Answer(text="Sent.", prompt_tokens=23, completion_tokens=7),
    )
    before = datetime.now(UTC)
    raw = sdk.openai_client(gateway.url, api_key=secret).chat.completions.with_raw_response.create(
        model="drafting", messages=[{"role": "user", "content": f"Write to {EMAIL} today."}]
    )
    after = datetime.now(UTC)
    row = dict(only_row(gateway))

    assert row["request_id"] == raw.headers["x-request-id"]
    ts = datetime.fromisoformat(row["ts"])
    assert before - timedelta(seconds=1) <= ts <= after
    assert (row["protocol"], row["requested_model"]) == ("openai", "drafting")
    assert (row["deployment"], row["tier"]) == ("gpt-4o", "drafting")
    assert "tier" in row["reasons"] and "email" in row["reasons"]
    assert (row["stream"], row["usage_estimated"]) == (0, 0)
    assert (row["input_tokens"], row["output_tokens"]) == (23, 7)
    assert row["ttft_ms"] is not None and 0 <= row["ttft_ms"] < row["latency_ms"]
    assert (row["status"], row["http_status"], row["error"]) == ("ok", 200, None)
    cost = Decimal(raw.headers["x-hybridgate-cost-usd"])
    assert row["cost_nusd"] == int(cost * Decimal(10) ** 9) > 0
    # The baseline (Claude Sonnet 4.5: $3 / $15 a million) prices the same tokens otherwise.
    assert row["baseline_cost_nusd"] == (23 * 3 + 7 * 15) * 1000 != row["cost_nusd"]
    assert row["key_id"] == key_id
    assert (row["privacy_action"], row["privacy_findings"]) == ("redact", "email")
    assert (row["spilled"], row["attempt"], row["purpose"]) == (0, 1, "answer")
    assert (row["cache_hit"], row["cache_saved_nusd"]) == (0, 0)
