"""Cache hits on the ledger: their own field, at $0, with what the answer first cost counted as
saved, and `hybridgate report` shows both."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests import sdk
from tests.conftest import Gateway, GatewayFactory
from tests.fakes.background import FakeUpstream

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))
QUESTION = [{"role": "user", "content": "Name the capital of France in one word."}]


def _cached(config: dict[str, Any]) -> None:
    config["cache"] = {"enabled": True}


def _rows(gateway: Gateway, expect: int) -> list[tuple[int, int, int]]:
    ledger = gateway.config_path.parent / "ledger.db"
    deadline = time.monotonic() + 10
    while True:
        with contextlib.closing(sqlite3.connect(ledger)) as db:
            rows = db.execute(
                "SELECT cost_nusd, cache_hit, cache_saved_nusd FROM requests ORDER BY id"
            ).fetchall()
        if len(rows) >= expect or time.monotonic() > deadline:
            return [(int(a), int(b), int(c)) for a, b, c in rows]
        time.sleep(0.05)


def test_a_cache_hit_is_its_own_ledger_field_at_zero_with_the_saving_counted(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gateway = gateway_factory(_cached)
    client = sdk.openai_client(gateway.url)
    for _ in range(3):
        client.chat.completions.create(
            model="gpt-4o", messages=QUESTION, temperature=0, max_tokens=10
        )
    (first_cost, first_hit, first_saved), *hits = _rows(gateway, 3)
    assert first_cost > 0 and (first_hit, first_saved) == (0, 0)
    assert hits == [(0, 1, first_cost), (0, 1, first_cost)]

    report = subprocess.run(
        [HYBRIDGATE, "report", "--json", "--config", str(gateway.config_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(report.stdout)
    assert data["cache_hits"] == 2
    assert Decimal(data["cache_saved_usd"]) == 2 * Decimal(first_cost) / Decimal(10**9)
    assert Decimal(data["cost_usd"]) == Decimal(first_cost) / Decimal(10**9)
    text = subprocess.run(
        [HYBRIDGATE, "report", "--config", str(gateway.config_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "2 hits" in text
