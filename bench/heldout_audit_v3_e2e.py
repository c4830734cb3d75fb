"""End-to-end leg of the third held-out audit: samples sent through the official `openai` and
`anthropic` SDKs to a real gateway (`policy: {privacy: local_only}`) whose self-hosted and cloud
deployments are recording fake upstreams (tests/fakes). Counts the sensitive values that are
found in the bodies the cloud fake received, and the clean requests that never reached it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anthropic
import openai
import yaml
from heldout_audit_v3_corpus import Sample
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, GatewayServer

from hybridgate.config.loader import load_settings
from hybridgate.server.app import create_app

_TOOL = {"type": "function", "function": {"name": "lookup_customer", "parameters": {
    "type": "object", "properties": {"id": {"type": "integer"}}}}}  # fmt: skip


def _config(local_url: str, cloud_url: str, ledger: Path) -> dict[str, Any]:
    key = "env:HG_AUDIT_FAKE_KEY"
    local = {"name": "local-box", "provider": "openai_compatible", "model": "qwen-7b",
             "base_url": f"{local_url}/v1", "api_key": key, "location": "self_hosted"}  # fmt: skip
    cloud = {"name": "cloud-gpt", "provider": "openai", "model": "gpt-4o",
             "base_url": f"{cloud_url}/v1", "api_key": key, "region": "eu"}  # fmt: skip
    tiers = ["routing", "extraction", "summarization", "reasoning"]
    return {
        "storage": str(ledger),
        "policy": {"privacy": "local_only"},
        "deployments": [local, cloud],
        "tiers": {t: ["cloud-gpt", "local-box"] for t in tiers},
        "server": {"max_body_bytes": 1 << 20},
    }


def _openai_messages(s: Sample) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, t in enumerate(s.turns):
        if t.role == "assistant" and t.tool_name:
            call = {"id": f"call_{i}", "type": "function",
                    "function": {"name": t.tool_name, "arguments": json.dumps({"id": 1})}}  # fmt: skip
            out.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif t.role == "tool":
            out.append({"role": "tool", "tool_call_id": f"call_{i - 1}", "content": t.text})
        else:
            out.append({"role": t.role, "content": t.text})
    return out


def _anthropic_messages(s: Sample) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, t in enumerate(s.turns):
        if t.role == "assistant" and t.tool_name:
            block = {
                "type": "tool_use",
                "id": f"toolu_{i}",
                "name": t.tool_name,
                "input": {"id": 1},
            }
            out.append({"role": "assistant", "content": [block]})
        elif t.role == "tool":
            block = {"type": "tool_result", "tool_use_id": f"toolu_{i - 1}", "content": t.text}
            out.append({"role": "user", "content": [block]})
        elif out and out[-1]["role"] == t.role == "user":  # Anthropic alternates roles
            out[-1]["content"].append({"type": "text", "text": t.text})
        else:
            out.append({"role": t.role, "content": [{"type": "text", "text": t.text}]})
    return out


def _send(client: Any, sdk: str, s: Sample, stream: bool) -> str:
    """Send one sample; return the deployment that answered, or the error's kind."""
    try:
        if sdk == "openai":
            kwargs: dict[str, Any] = {"model": "cloud-gpt", "messages": _openai_messages(s)}
            if any(t.tool_name for t in s.turns):
                kwargs["tools"] = [_TOOL]
            if stream:
                raw = client.chat.completions.with_raw_response.create(stream=True, **kwargs)
                for _ in raw.parse():
                    pass
                return str(raw.headers.get("x-hybridgate-deployment"))
            raw = client.chat.completions.with_raw_response.create(**kwargs)
            raw.parse()
            return str(raw.headers.get("x-hybridgate-deployment"))
        tools = [{"name": "lookup_customer", "input_schema": _TOOL["function"]["parameters"]}]
        kwargs = {"model": "cloud-gpt", "max_tokens": 64, "messages": _anthropic_messages(s)}
        if any(t.tool_name for t in s.turns):
            kwargs["tools"] = tools
        raw = client.messages.with_raw_response.create(**kwargs)
        raw.parse()
        return str(raw.headers.get("x-hybridgate-deployment"))
    except (openai.APIStatusError, anthropic.APIStatusError) as exc:
        return f"refused {exc.status_code}"


def _strings(body: Any) -> str:
    """Every string in a recorded body, keys included, one per line."""
    if isinstance(body, dict):
        return "\n".join(_strings(k) + "\n" + _strings(v) for k, v in body.items())
    if isinstance(body, list):
        return "\n".join(_strings(v) for v in body)
    return str(body)


def _found(probe: str, body: str) -> bool:
    # A value inside a JSON tool result is sent with its line breaks escaped.
    return len(probe) >= 4 and (
        probe in body or json.dumps(probe, ensure_ascii=False)[1:-1] in body
    )


def run_e2e(samples: list[Sample], tmp: Path) -> tuple[str, dict[str, Any]]:
    import os

    os.environ["HG_AUDIT_FAKE_KEY"] = fake_openai.API_KEY
    local = FakeUpstream(fake_openai.make_app())
    cloud = FakeUpstream(fake_openai.make_app())
    config_path = tmp / "hybridgate.yaml"
    config_path.write_text(yaml.safe_dump(_config(local.url, cloud.url, tmp / "ledger.db")))
    gateway = GatewayServer(create_app(load_settings(config_path)))
    oa = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key="unused", max_retries=0, timeout=60)
    an = anthropic.Anthropic(base_url=gateway.url, api_key="unused", max_retries=0, timeout=60)
    rows = []
    try:
        for i, s in enumerate(samples):
            sdk = "openai" if i % 2 == 0 else "anthropic"
            before = len(cloud.app[fake_openai.REQUESTS])
            where = _send(
                oa if sdk == "openai" else an, sdk, s, stream=sdk == "openai" and i % 4 == 0
            )
            bodies = [_strings(b) for b in cloud.app[fake_openai.REQUESTS][before:]]
            value_at_cloud = any(_found(p, b) for b in bodies for p in s.probes)
            rows.append({"id": s.id, "sdk": sdk, "sensitive": s.sensitive, "kind": s.kind,
                         "variant": s.variant, "where": where, "reached_cloud": bool(bodies),
                         "value_at_cloud": value_at_cloud})  # fmt: skip
    finally:
        oa.close()
        an.close()
        gateway.stop()
        local.stop()
        cloud.stop()
    pos = [r for r in rows if r["sensitive"]]
    neg = [r for r in rows if not r["sensitive"]]
    reached = [r for r in pos if r["reached_cloud"]]
    values = [r for r in pos if r["value_at_cloud"]]
    clean_cloud = [r for r in neg if r["reached_cloud"]]
    errors = [r for r in rows if r["where"].startswith("refused")]
    lines = [
        f"## End to end: {len(rows)} requests through the openai and anthropic SDKs "
        f"(local_only, cloud deployment named by the client)\n",
        f"**Sensitive requests that reached the cloud fake: {len(reached)} / {len(pos)}; "
        f"with the planted value in the recorded body: {len(values)} / {len(pos)}**",
        f"Clean requests that reached the cloud: {len(clean_cloud)} / {len(neg)}; refused: {len(errors)}",
    ]
    for r in reached:
        lines.append(
            f"- leaked `{r['id']}` {r['kind']} {r['variant']} via {r['sdk']} -> {r['where']}"
        )
    for r in neg:
        if not r["reached_cloud"]:
            lines.append(
                f"- clean kept off the cloud `{r['id']}` {r['kind']} via {r['sdk']} -> {r['where']}"
            )
    summary = {"n": len(rows), "sensitive": len(pos), "reached_cloud": len(reached),
               "values_at_cloud": len(values), "clean": len(neg), "clean_reached_cloud": len(clean_cloud),
               "refused": len(errors), "rows": rows}  # fmt: skip
    return "\n".join(lines), summary
