"""A deployment's keys, split between the common ones (`config.schema.Deployment`) and its
provider's own options, each checked by the provider's declared `options` model. Errors keep
pydantic's shape, so they name the config path like every other."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from ..providers.base import ProviderClass
    from ..providers.registry import ProviderRegistry


def provider_registry(info: ValidationInfo | None) -> ProviderRegistry:
    """The registry a validation checks `provider:` against: the one in its context
    (`{"providers": ...}`), else the providers installed in this environment."""
    from ..providers.registry import installed_providers

    registry = info.context.get("providers") if info is not None and info.context else None
    return registry if registry is not None else installed_providers()


def split_provider_keys(
    data: dict[str, Any], common: set[str], info: ValidationInfo
) -> dict[str, Any]:
    """The common keys, plus `options`: the rest validated by the provider's options model.
    A key neither defines is an error naming the provider and its options."""
    from ..providers.registry import BadPlugin, UnknownProvider

    name = data["provider"]
    try:
        provider = provider_registry(info).provider_class(name)
    except (UnknownProvider, BadPlugin) as exc:
        raise _error(("provider", "unknown_provider", str(exc), name)) from None
    own = {k: v for k, v in data.items() if k in common and k != "options"}
    rest = {k: v for k, v in data.items() if k not in own}
    unknown = [k for k in rest if k not in provider.options.model_fields]
    if unknown:
        raise _error(
            *((k, "unknown_key", _unknown_key(k, name, provider, common), rest[k]) for k in unknown)
        )
    own["options"] = provider.options.model_validate(rest, context=info.context)
    return own


def _unknown_key(key: str, name: str, provider: ProviderClass, common: set[str]) -> str:
    options = list(provider.options.model_fields)
    close = difflib.get_close_matches(key, sorted(common | set(options)), n=1, cutoff=0.6)
    listed = f"its options: {', '.join(options)}" if options else "it has none"
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        "Extra inputs are not permitted: neither a deployment key nor an option of provider "
        f"{name} ({listed}){hint}"
    )


def _error(*problems: tuple[str, str, str, Any]) -> ValidationError:
    return ValidationError.from_exception_data(
        "Deployment",
        [
            {"type": PydanticCustomError(kind, message), "loc": (key,), "input": value}
            for key, kind, message, value in problems
        ],
    )
