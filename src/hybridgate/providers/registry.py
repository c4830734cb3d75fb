"""Provider names → factories, imported only when a deployment uses them.

Built-ins register the same way a plugin would: a name and a "module:attribute" path.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config.schema import Deployment
    from .base import Provider, ProviderFactory
    from .http import UpstreamClient

_BUILTINS: dict[str, str] = {
    "openai": "hybridgate.providers.openai_compat:OpenAICompatProvider",
    "openai_compatible": "hybridgate.providers.openai_compat:OpenAICompatProvider",
    "mistral": "hybridgate.providers.openai_compat:OpenAICompatProvider",
    "anthropic": "hybridgate.providers.anthropic:AnthropicProvider",
    "gemini": "hybridgate.providers.gemini:GeminiProvider",
    "llama_cpp": "hybridgate.providers.local_llama:LocalLlamaProvider",
    "local_embeddings": "hybridgate.providers.local_embed:LocalEmbedProvider",
}


class ProviderRegistry:
    def __init__(self, paths: dict[str, str] | None = None) -> None:
        self._paths = dict(_BUILTINS if paths is None else paths)

    def register(self, name: str, path: str) -> None:
        self._paths[name] = path

    def names(self) -> list[str]:
        return sorted(self._paths)

    def factory(self, name: str) -> ProviderFactory:
        try:
            module_name, attribute = self._paths[name].split(":")
        except KeyError:
            raise KeyError(
                f"no provider named {name!r}; known: {', '.join(self.names())}"
            ) from None
        factory: ProviderFactory = getattr(importlib.import_module(module_name), attribute)
        return factory

    def create(self, deployment: Deployment, client: UpstreamClient) -> Provider:
        return self.factory(deployment.provider)(deployment, client)


def provider_names() -> tuple[str, ...]:
    return tuple(sorted(_BUILTINS))
