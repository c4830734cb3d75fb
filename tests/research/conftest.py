"""A small document set and a gateway config whose every stage runs on the research fake."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from hybridgate.cli.main import main
from tests.fakes import research as fake
from tests.fakes.background import FakeUpstream

DOCUMENTS = {
    "rivers.md": (
        "# Rivers\n\nThe Danube flows through ten countries. It rises in the Black Forest and "
        "ends in the Black Sea.\n\nThe Rhine rises in the Swiss Alps and flows into the North Sea."
    ),
    "cities/vienna.html": (
        "<html><head><style>p {color: red}</style></head><body><h1>Vienna</h1>"
        "<p>Vienna is the capital of Austria. The Danube runs through Vienna.</p>"
        "<p>Vienna has about two million inhabitants.</p></body></html>"
    ),
    "mountains.txt": (
        "Mont Blanc is the highest mountain of the Alps. The Matterhorn stands on the border "
        "of Switzerland and Italy."
    ),
    "patients.md": (
        "Clinic notes. The patient Johanna Meyer, reachable at johanna.meyer@example.org, "
        "was treated for altitude sickness after climbing the Matterhorn."
    ),
}


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` in Helvetica, written by hand (no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    for name, text in DOCUMENTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "lakes.pdf").write_bytes(
        minimal_pdf("Lake Geneva lies between Switzerland and France.")
    )
    (folder / ".hidden.md").write_text("never read")
    (folder / "image.png").write_bytes(b"\x89PNG")
    return folder


@pytest.fixture(scope="session")
def research_upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream(fake.make_app())
    yield server
    server.stop()


def research_config(url: str, ledger: Path) -> dict[str, Any]:
    """The reference stack's shape: self-hosted routing and embeddings, a cheap cloud API
    for extraction, a frontier API for synthesis, a self-hosted model behind both."""

    def deployment(name: str, model: str, **extra: Any) -> dict[str, Any]:
        return {
            "name": name,
            "provider": "openai_compatible",
            "model": model,
            "base_url": f"{url}/v1",
            "api_key": "env:HG_TEST_RESEARCH_KEY",
            **extra,
        }

    return {
        "storage": str(ledger),
        "deployments": [
            deployment("edge-router", "llama-3.1-8b", location="self_hosted"),
            deployment("local-llm", "llama-3.3-70b", location="self_hosted"),
            deployment("embedder", "e5-small", location="self_hosted"),
            deployment(
                "mistral-small",
                "mistral-small-latest",
                location="cloud",
                region="eu",
                price={"input_per_mtok": 0.1, "output_per_mtok": 0.3},
            ),
            deployment(
                "frontier",
                "gpt-4.1",
                location="cloud",
                region="us",
                price={"input_per_mtok": 2.0, "output_per_mtok": 8.0},
            ),
        ],
        "tiers": {
            "routing": ["edge-router"],
            "extraction": ["mistral-small", "local-llm"],
            "reasoning": ["frontier", "local-llm"],
            "embeddings": ["embedder"],
        },
        "baseline_model": "gpt-4o",
        "server": {"warm_up": False},
    }


@pytest.fixture
def config(
    tmp_path: Path, research_upstream: FakeUpstream, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("HG_TEST_RESEARCH_KEY", fake.API_KEY)
    path = tmp_path / "hybridgate.yaml"
    path.write_text(yaml.safe_dump(research_config(research_upstream.url, tmp_path / "l.db")))
    return path


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def research_json(*args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = cli("research", *args, "--json")
    return code, json.loads(out), err
