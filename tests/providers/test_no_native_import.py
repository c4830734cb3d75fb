"""A gateway with only remote deployments never loads llama.cpp (it may not even be
installed: it is the `embedded` extra)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import asyncio, sys
from hybridgate.config.schema import Settings
from hybridgate.server.app import create_app
settings = Settings.model_validate({
    "storage": sys.argv[1],
    "deployments": [{"name": "gpt", "provider": "openai", "model": "gpt-4o", "api_key": "sk-x"}],
    "tiers": {"routing": ["gpt"]},
})
app = create_app(settings)
async def main():
    await app.startup()
    await app.shutdown()
asyncio.run(main())
print(sorted(m for m in sys.modules if m.startswith("llama_cpp")))
"""


def test_a_remote_only_gateway_never_imports_llama_cpp(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "ledger.db")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
