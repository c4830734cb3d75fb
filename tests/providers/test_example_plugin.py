"""The example provider plugin (examples/plugins/quill) as a user meets it: pip-installed into
a fresh virtual environment beside hybridgate, listed by `hybridgate providers`, named in a
config, and answering the official OpenAI SDK through a gateway started in that environment.

No network: the plugin is installed with `--no-index --no-deps --no-build-isolation`, and the
environment sees this checkout's own (through a .pth line), as a venv created with
`--system-site-packages` sees the system's."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests import rawhttp
from tests.fakes.background import FakeUpstream, free_port
from tests.sdk import openai_client

PLUGIN = Path(__file__).resolve().parents[2] / "examples" / "plugins" / "quill"


@pytest.fixture(scope="module")
def plugin_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a new virtual environment with the plugin installed into it."""
    root = tmp_path_factory.mktemp("plugin")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = site.getsitepackages()[0]
    # addsitedir also runs our .pth files (the editable hybridgate among them).
    (Path(purelib) / "_see_hybridgate.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    source = root / "quill"  # built from a copy: the build leaves files beside its source
    shutil.copytree(PLUGIN, source)
    offline = ["--no-index", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", *offline, source],
        check=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    return python


def _hybridgate(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "hybridgate.cli.main", *args], capture_output=True, text=True, timeout=120
    )


class Quill:
    """A fake Quill server: answers /generate, remembers what it was sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, Any], str | None]] = []
        app = web.Application()
        app.router.add_post("/generate", self._generate)
        self.server = FakeUpstream(app)

    async def _generate(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append((body, request.headers.get("x-quill-lane")))
        text = f"quill heard {len(body['prompt'].split())} words"
        return web.json_response({"text": text, "prompt_tokens": 11, "completion_tokens": 4})


@pytest.fixture(scope="module")
def quill() -> Iterator[Quill]:
    fake = Quill()
    yield fake
    fake.server.stop()


def _config(path: Path, quill_url: str, lane: int) -> Path:
    path.write_text(
        "deployments:\n"
        f"  - {{name: quill-small, provider: quill, model: quill-7b, base_url: '{quill_url}',"
        f" lane: {lane}}}\n"
        "tiers: {routing: [quill-small]}\n"
        f"storage: {path.parent / 'ledger.db'}\n",
        encoding="utf-8",
    )
    return path


def test_providers_lists_the_plugin_and_where_it_comes_from(plugin_python: Path) -> None:
    result = _hybridgate(plugin_python, "providers", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["quill"]["distribution"] == "hybridgate-quill"
    assert rows["quill"]["version"] == "0.2.0"
    assert rows["quill"]["options"] == ["lane"]
    assert rows["openai"]["distribution"] == "hybridgate"  # built-ins, the same way

    table = _hybridgate(plugin_python, "providers").stdout
    assert "hybridgate-quill 0.2.0" in table


def test_the_plugin_option_is_checked_when_the_config_loads(
    plugin_python: Path, quill: Quill, tmp_path: Path
) -> None:
    config = _config(tmp_path / "bad.yaml", quill.server.url, lane=12)
    result = _hybridgate(plugin_python, "config", "check", "--config", str(config))
    assert result.returncode == 2
    assert "deployments[0].lane" in result.stderr
    assert "Traceback" not in result.stderr
    config = _config(tmp_path / "good.yaml", quill.server.url, lane=3)
    result = _hybridgate(plugin_python, "config", "check", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "quill-small" in result.stdout


@pytest.fixture(scope="module")
def gateway(
    plugin_python: Path, quill: Quill, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("served")
    config = _config(workdir / "hybridgate.yaml", quill.server.url, lane=3)
    port = free_port()
    log = (workdir / "serve.log").open("w")
    process = subprocess.Popen(
        [
            plugin_python,
            "-m",
            "hybridgate.cli.main",
            "serve",
            "--config",
            config,
            "--port",
            str(port),
        ],
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if rawhttp.get(url + "/healthz").status == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            raise RuntimeError(f"serve did not start:\n{(workdir / 'serve.log').read_text()}")
        time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(30)
    log.close()


def test_the_official_sdk_talks_to_the_plugin_through_the_gateway(
    gateway: str, quill: Quill
) -> None:
    client = openai_client(gateway)
    raw = client.chat.completions.with_raw_response.create(
        model="quill-small", messages=[{"role": "user", "content": "three little words"}]
    )
    answer = raw.parse()
    assert answer.choices[0].message.content == "quill heard 4 words"  # "user:" + 3 words
    assert answer.usage is not None
    assert (answer.usage.prompt_tokens, answer.usage.completion_tokens) == (11, 4)
    assert raw.headers["x-hybridgate-deployment"] == "quill-small"
    body, lane = quill.requests[-1]
    assert lane == "3"  # the plugin's own option, from the config
    assert body["model"] == "quill-7b"

    # Streaming and the tier name: the same plugin, replayed as a stream.
    stream = client.chat.completions.create(
        model="routing", messages=[{"role": "user", "content": "one two"}], stream=True
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == "quill heard 3 words"
    assert len(quill.requests) == 2
