"""Model names clients hard-code (`gpt-4o`, LangChain's `gpt-3.5-turbo`, `text-embedding-3-small`,
`claude-sonnet-4-5`), mapped to a tier, a deployment or `auto`.

`aliases:` in the config replaces the default set (`aliases: {}` turns it off). The defaults
let common SDK and tool defaults work in zero-config; each applies only where its target
exists and its name is not already a deployment or tier (a real deployment always wins).
Every answer through an alias says so in `x-hybridgate-route` and on the ledger, so nobody
mistakes the tier that answered for the model that was named.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

#: A model name → the tier it lands on by default.
DEFAULT_ALIASES: dict[str, str] = {
    # OpenAI frontier names → the frontier tier.
    "gpt-4o": "reasoning",
    "gpt-4.1": "reasoning",
    "gpt-4": "reasoning",
    "gpt-4-turbo": "reasoning",
    "gpt-5": "reasoning",
    "o3": "reasoning",
    # OpenAI's cheap names (LangChain's ChatOpenAI and simonw/llm default to these).
    "gpt-3.5-turbo": "routing",
    "gpt-4o-mini": "routing",
    "gpt-4.1-mini": "extraction",
    "gpt-4.1-nano": "routing",
    "gpt-5-mini": "routing",
    # The gpt-5.6 family by size (simonw/llm 0.36 defaults to gpt-5.6-luna).
    "gpt-5.6-sol": "reasoning",
    "gpt-5.6-terra": "extraction",
    "gpt-5.6-luna": "routing",
    # Anthropic.
    "claude-sonnet-4-5": "reasoning",
    "claude-opus-4-1": "reasoning",
    "claude-3-7-sonnet-latest": "reasoning",
    "claude-3-5-sonnet-latest": "reasoning",
    "claude-haiku-4-5": "routing",
    "claude-3-5-haiku-latest": "routing",
    # Embeddings (LangChain's OpenAIEmbeddings defaults to ada-002).
    "text-embedding-3-small": "embeddings",
    "text-embedding-3-large": "embeddings",
    "text-embedding-ada-002": "embeddings",
}


class Alias(msgspec.Struct, frozen=True):
    name: str
    #: A tier, a deployment or "auto".
    target: str

    def describe(self) -> str:
        return f"alias {self.name} -> {self.target}"


class Aliases:
    """The aliases in force: resolves a requested model name, lists them for /v1/models."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = dict(table)

    @classmethod
    def effective(
        cls,
        configured: Mapping[str, str] | None,
        *,
        tiers: Mapping[str, object],
        deployments: list[str],
    ) -> Aliases:
        if configured is not None:
            return cls(configured)
        taken = {*tiers, *deployments, "auto"}
        targets = {*tiers, *deployments}
        return cls(
            {
                name: target
                for name, target in DEFAULT_ALIASES.items()
                if name not in taken and target in targets
            }
        )

    def resolve(self, model: str) -> Alias | None:
        target = self._table.get(model)
        return Alias(model, target) if target is not None else None

    def names(self) -> list[str]:
        return list(self._table)

    def items(self) -> list[tuple[str, str]]:
        return list(self._table.items())
