"""CORS: off by default; with `server.cors.origins`, a page on another origin calls the API from
a real headless Chromium (Debian's), preflight and all."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Gateway, GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream
from tests.server.test_dashboard import Elements, browse, chromium  # noqa: F401  (fixture)

PREFLIGHT = {
    "origin": "http://localhost:9999",
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization, content-type",
}


def _options(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, method="OPTIONS", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def test_off_by_default(gateway: Gateway) -> None:
    status, headers = _options(f"{gateway.url}/v1/chat/completions", PREFLIGHT)
    assert status == 405
    assert "access-control-allow-origin" not in headers


def test_only_listed_origins_are_allowed(gateway_factory: GatewayFactory) -> None:
    gateway = gateway_factory(
        lambda config: config["server"].update(cors={"origins": ["http://localhost:9999"]})
    )
    status, headers = _options(f"{gateway.url}/v1/chat/completions", PREFLIGHT)
    assert status == 204
    assert headers["access-control-allow-origin"] == "http://localhost:9999"
    assert "POST" in headers["access-control-allow-methods"]
    assert headers["access-control-allow-headers"] == "authorization, content-type"
    status, headers = _options(
        f"{gateway.url}/v1/chat/completions", {**PREFLIGHT, "origin": "http://evil.example"}
    )
    assert "access-control-allow-origin" not in headers


PAGE = """<!doctype html><html><body><pre id="answer">pending</pre><pre id="route"></pre>
<script>
fetch("%(gateway)s/v1/chat/completions", {
  method: "POST",
  headers: {"authorization": "Bearer unused", "content-type": "application/json"},
  body: JSON.stringify({model: "gpt-4o", messages: [{role: "user", content: "hi"}]}),
}).then(async (r) => {
  const body = await r.json();
  document.getElementById("answer").textContent = body.choices[0].message.content;
  document.getElementById("route").textContent = r.headers.get("x-hybridgate-deployment");
}).catch((e) => { document.getElementById("answer").textContent = "failed: " + e; });
</script></body></html>"""


@pytest.fixture
def page_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """Static files from another origin (another port) than the gateway's."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("allowed", [True, False])
def test_a_browser_page_on_another_origin(
    gateway_factory: GatewayFactory,
    openai_upstream: FakeUpstream,
    chromium: str,  # noqa: F811
    page_server: tuple[Path, str],
    tmp_path: Path,
    allowed: bool,
) -> None:
    folder, origin = page_server
    origins = [origin] if allowed else ["http://elsewhere.example"]
    gateway = gateway_factory(lambda config: config["server"].update(cors={"origins": origins}))
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="hello, browser"))
    (folder / "page.html").write_text(PAGE % {"gateway": gateway.url})
    dom = browse(chromium, f"{origin}/page.html", tmp_path / "profile", "--dump-dom").stdout
    page = Elements()
    page.feed(dom)
    if allowed:
        assert page.text["answer"] == "hello, browser"
        assert page.text["route"] == "gpt-4o"  # an exposed header the page can read
    else:
        assert page.text["answer"].startswith("failed:")
