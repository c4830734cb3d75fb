"""Official SDK clients for tests, closed after every test (their pooled sockets included)."""

from __future__ import annotations

import anthropic
import openai

_open: list[openai.OpenAI | anthropic.Anthropic] = []


def openai_client(url: str, *, api_key: str = "unused", timeout: float = 60) -> openai.OpenAI:
    """An OpenAI SDK client for a gateway at `url` (no retries: tests see every failure)."""
    client = openai.OpenAI(base_url=f"{url}/v1", api_key=api_key, max_retries=0, timeout=timeout)
    _open.append(client)
    return client


def anthropic_client(
    url: str, *, api_key: str = "unused", timeout: float = 60
) -> anthropic.Anthropic:
    client = anthropic.Anthropic(base_url=url, api_key=api_key, max_retries=0, timeout=timeout)
    _open.append(client)
    return client


def close_all() -> None:
    while _open:
        _open.pop().close()
