"""The dashboard's operational panels in headless Chromium: refusals and errors by code,
privacy findings by type, spend per key against its budget, recent requests without prompt
text, auto-refresh, every chart drawn, and a screenshot of the whole page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openai
import pytest

from tests import rawhttp, sdk
from tests.conftest import Gateway, GatewayFactory
from tests.server.test_dashboard import CHARTS, Elements, browse, chromium, png_size
from tests.server.test_keys_api import create_key

__all__ = ["chromium"]  # the fixture, imported for this module's tests

PANELS = (*CHARTS, "chart-errors", "chart-findings", "chart-keys")
SECRET_PROMPT = "write to zelda.quartermain@example.org about the Orinoco merger"


def _with_privacy(config: dict[str, Any]) -> None:
    config["policy"] = {"privacy": "local_only"}
    config["tiers"]["routing"] = ["gpt-4o", "gpu-box"]


@pytest.fixture
def busy(gateway_factory: GatewayFactory) -> Gateway:
    gateway = gateway_factory(_with_privacy)
    alpha = create_key(gateway, "--name", "alpha", "--budget-usd", "1", "--budget-period", "day")
    beta = create_key(gateway, "--name", "beta")
    ask = [{"role": "user", "content": "q"}]
    for secret, model in ((alpha, "gpt-4o"), (alpha, "gpt-4o"), (beta, "vllm-llama")):
        sdk.openai_client(gateway.url, api_key=secret).chat.completions.create(
            model=model, messages=ask, max_tokens=5
        )
    with pytest.raises(openai.NotFoundError):
        sdk.openai_client(gateway.url, api_key=beta).chat.completions.create(
            model="no-such-model", messages=ask, max_tokens=5
        )
    sdk.openai_client(gateway.url, api_key=beta).chat.completions.create(
        model="routing", messages=[{"role": "user", "content": SECRET_PROMPT}], max_tokens=5
    )
    gateway.report(expect_requests=5)
    return gateway


def test_the_operational_panels_show_codes_findings_keys_and_recent_requests(
    busy: Gateway, chromium: str, tmp_path: Path
) -> None:
    dom = browse(chromium, f"{busy.url}/ui?refresh=0", tmp_path / "profile", "--dump-dom").stdout
    page = Elements()
    page.feed(dom)
    for panel in PANELS:
        canvas = page.attrs[panel]
        assert canvas.get("data-drawn") == "true", f"{panel} was not drawn"
        assert int(canvas["width"] or 0) > 100 and int(canvas["height"] or 0) > 100
    assert page.text["refresh"] == "no auto-refresh"
    by_key = page.text["by-key"]
    assert "alpha" in by_key and "beta" in by_key and "$1.0000 / day" in by_key
    recent = page.text["recent"]
    assert "model_not_found" in recent and "no-such-model" in recent and "gpu-box" in recent
    for private in ("zelda", "Orinoco", "quartermain"):
        assert private not in dom

    html = rawhttp.get(f"{busy.url}/ui").body.decode()
    assert '<meta http-equiv="refresh" content="30">' in html  # the default
    payload = html.split('id="report-data">')[1].split("</script>")[0]
    assert '"model_not_found (404)": 1' in payload
    assert '"email": 1' in payload

    # The whole page, every panel on it, as a screenshot: charts and text, not blank frames.
    shot = tmp_path / "ui.png"
    browse(
        chromium,
        f"{busy.url}/ui?refresh=0",
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,3200",
    )
    assert png_size(shot) == (1280, 3200)
    assert shot.stat().st_size > 60_000


def test_refresh_must_be_a_number_of_seconds(busy: Gateway) -> None:
    assert rawhttp.get(f"{busy.url}/ui?refresh=soon").status == 400
    page = rawhttp.get(f"{busy.url}/ui?refresh=5")
    assert page.status == 200 and b'content="5"' in page.body
