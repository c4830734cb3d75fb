"""The zero-configuration stack: the reference stack's tiers (routing on a small self-hosted
model, summarization and extraction on cheap models, reasoning on a frontier API, embeddings
self-hosted), collapsed onto the embedded local models.

With a provider's API key in the environment, its deployments join the tiers where the
reference stack puts them (frontier APIs for reasoning, cheap APIs for summarization and extraction), ahead
of the local model, which stays as the last resort of every chat tier.
`<PROVIDER>_BASE_URL` points a provider elsewhere (a proxy, a regional endpoint).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOCAL_CHAT = "local-chat"
LOCAL_EMBED = "local-embed"

#: provider → (key variable, [(deployment name, model, tiers it joins, region)]).
_CLOSED: dict[str, tuple[str, list[tuple[str, str, tuple[str, ...], str]]]] = {
    "openai": (
        "OPENAI_API_KEY",
        [
            ("gpt-4.1", "gpt-4.1", ("reasoning",), "us"),
            ("gpt-4.1-mini", "gpt-4.1-mini", ("summarization", "extraction"), "us"),
        ],
    ),
    "anthropic": (
        "ANTHROPIC_API_KEY",
        [("claude-sonnet-4-5", "claude-sonnet-4-5", ("reasoning",), "us")],
    ),
    "mistral": (
        "MISTRAL_API_KEY",
        [
            ("mistral-small", "mistral-small-latest", ("summarization", "extraction"), "eu"),
            ("mistral-large", "mistral-large-latest", ("reasoning",), "eu"),
        ],
    ),
    "gemini": (
        "GEMINI_API_KEY",
        [
            ("gemini-2.5-flash", "gemini-2.5-flash", ("summarization", "extraction"), "us"),
            ("gemini-2.5-pro", "gemini-2.5-pro", ("reasoning",), "us"),
        ],
    ),
}

CHAT_TIERS = ("routing", "extraction", "summarization", "reasoning")


def default_settings_data(environ: Mapping[str, str]) -> dict[str, Any]:
    deployments: list[dict[str, Any]] = [
        {"name": LOCAL_CHAT, "provider": "llama_cpp", "model": "smollm2-135m-instruct"},
        {"name": LOCAL_EMBED, "provider": "local_embeddings", "model": "all-minilm-l6-v2"},
    ]
    closed: dict[str, list[str]] = {tier: [] for tier in CHAT_TIERS}
    for provider, (key_var, entries) in _CLOSED.items():
        if not environ.get(key_var):
            continue
        base_url = environ.get(f"{provider.upper()}_BASE_URL") or None
        for name, model, joins, region in entries:
            deployments.append(
                {
                    "name": name,
                    "provider": provider,
                    "model": model,
                    "api_key": f"env:{key_var}",
                    "base_url": base_url,
                    "region": region,
                }
            )
            for tier in joins:
                closed[tier].append(name)
    tiers: dict[str, list[str]] = {tier: [*closed[tier], LOCAL_CHAT] for tier in CHAT_TIERS}
    tiers["embeddings"] = [LOCAL_EMBED]
    return {"deployments": deployments, "tiers": tiers}
