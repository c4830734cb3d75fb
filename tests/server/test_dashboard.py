"""`/ui` in a real headless Chromium (Debian's): traffic through the official openai SDK, then
the rendered page's numbers, its drawn charts, and a screenshot."""

from __future__ import annotations

import base64
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openai
import pytest

from tests import rawhttp
from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHARTS = (
    "chart-spend",
    "chart-savings",
    "chart-tier",
    "chart-deployment",
    "chart-privacy",
    "chart-latency",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    """Installs Debian's chromium when absent (the only test that needs the network, once)."""
    if not Path(CHROMIUM).exists():
        result = subprocess.run(
            [str(ROOT / "scripts" / "ensure-chromium.sh")], capture_output=True, text=True
        )
        if result.returncode != 0 or not Path(CHROMIUM).exists():
            pytest.fail(f"scripts/ensure-chromium.sh could not install chromium:\n{result.stderr}")
    return CHROMIUM


def browse(chromium: str, url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Chromium headless, offline-quiet; virtual time lets the page's scripts finish first."""
    command = [
        chromium,
        "--headless",
        "--no-sandbox",  # root in a container
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1280,1600",
        "--virtual-time-budget=5000",
        *extra,
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


class Elements(HTMLParser):
    """Text and attributes of every element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.text: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        element_id = found.get("id")
        if element_id:
            self.attrs[element_id] = found
            self.text[element_id] = ""
        if tag not in ("br", "img", "input", "meta", "link"):
            self._open.append(element_id)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for element_id in self._open:
            if element_id:
                self.text[element_id] += data


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_dashboard_renders_numbers_and_charts_in_chromium(
    gateway: Gateway, openai_upstream: FakeUpstream, chromium: str, tmp_path: Path
) -> None:
    fake_openai.script(
        openai_upstream.app, fake_openai.Answer(text="ok", prompt_tokens=20, completion_tokens=6)
    )
    with openai.OpenAI(base_url=f"{gateway.url}/v1", api_key="unused", max_retries=0) as client:
        for model in ("gpt-4o", "gpt-4o", "vllm-llama", "vllm-llama"):
            client.chat.completions.create(model=model, messages=[{"role": "user", "content": "q"}])
    report = gateway.report(expect_requests=4)
    # gpt-4o costs its own baseline; vllm-llama ($0.50/$1 per M) 16 of gpt-4o's 110 µ$:
    # spend 252 µ$ against 440 µ$ → 42.7% saved.
    assert report["savings_pct"] == "42.7"

    dom = browse(chromium, f"{gateway.url}/ui", tmp_path / "profile", "--dump-dom").stdout
    page = Elements()
    page.feed(dom)
    assert page.text["requests"] == "4"
    assert page.text["savings-pct"] == "42.7%"
    assert page.text["spend-usd"] == "$0.000252"
    assert page.text["baseline-usd"] == "$0.000440"
    assert page.text["window"] == "all time"
    for chart in CHARTS:
        canvas = page.attrs[chart]
        assert canvas.get("data-drawn") == "true", f"{chart} was not drawn"
        assert int(canvas["width"] or 0) > 100 and int(canvas["height"] or 0) > 100
    assert "vllm-llama" in page.text["by-deployment"]

    shot = tmp_path / "ui.png"
    browse(chromium, f"{gateway.url}/ui", tmp_path / "profile", f"--screenshot={shot}")
    assert png_size(shot) == (1280, 1600)
    # A blank or unstyled page compresses to a few kB; this one has charts and text.
    assert shot.stat().st_size > 40_000


def test_dashboard_window_static_files_and_bad_input(gateway: Gateway) -> None:
    page = rawhttp.get(f"{gateway.url}/ui?since=2026-11-01")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert b'id="window">since 2026-11-01<' in page.body
    assert b'<span class="value" id="requests">0</span>' in page.body
    bad = rawhttp.get(f"{gateway.url}/ui?since=last%20week")
    assert bad.status == 400 and b"since" in bad.body
    script = rawhttp.get(f"{gateway.url}/ui/static/chart.umd.js")
    assert script.status == 200 and b"Chart.js v4" in script.body[:200]
    assert rawhttp.get(f"{gateway.url}/ui/static/dashboard.js").status == 200
    assert rawhttp.get(f"{gateway.url}/ui/static/NOTICE").status == 200
    assert rawhttp.get(f"{gateway.url}/ui/static/../app.py").status == 404


@pytest.fixture
def guarded(gateway_factory: GatewayFactory, monkeypatch: pytest.MonkeyPatch) -> Gateway:
    monkeypatch.setenv("HG_TEST_ADMIN_TOKEN", "s3cret-admin")
    return gateway_factory(lambda c: c["server"].update(admin_token="env:HG_TEST_ADMIN_TOKEN"))


def test_the_admin_token_guards_the_dashboard_and_metrics(guarded: Gateway) -> None:
    for path in ("/ui", "/metrics", "/ui/static/dashboard.js"):
        refused = rawhttp.get(guarded.url + path)
        assert refused.status == 401
        assert refused.headers["www-authenticate"] == 'Basic realm="hybridgate admin"'
        assert "admin token" in refused.json()["error"]["message"]
        wrong = rawhttp.get(guarded.url + path, {"authorization": "Bearer nope"})
        assert wrong.status == 401
    bearer = rawhttp.get(guarded.url + "/metrics", {"authorization": "Bearer s3cret-admin"})
    assert bearer.status == 200 and b"hybridgate_requests_total" in bearer.body
    basic = base64.b64encode(b"anyone:s3cret-admin").decode()
    page = rawhttp.get(guarded.url + "/ui", {"authorization": f"Basic {basic}"})
    assert page.status == 200 and b"<html" in page.body.lower()
    # What load balancers and clients need stays open.
    assert rawhttp.get(guarded.url + "/healthz").status == 200
    assert rawhttp.get(guarded.url + "/v1/models").status == 200
