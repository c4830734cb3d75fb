"""Environment references in config values (`env:NAME`, `os.environ/NAME`, `${NAME}`): secrets
stay out of config files and are read once, at start-up."""

from __future__ import annotations

import os
import re

from pydantic import ValidationInfo

#: `env:NAME`, LiteLLM's `os.environ/NAME`, or `${NAME}`: the whole value read from the environment.
_ENV_REF = re.compile(
    r"^(?:env:|os\.environ/)([A-Za-z_][A-Za-z0-9_]*)$|^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$"
)


def env_reference(value: object) -> str | None:
    """The variable a config value names (`env:NAME`, `os.environ/NAME`, `${NAME}`), if any."""
    if not isinstance(value, str):
        return None
    match = _ENV_REF.match(value.strip())
    return (match.group(1) or match.group(2)) if match else None


def resolve_env(value: object, info: ValidationInfo | None = None) -> object:
    """An environment reference → the variable's value, read at start-up (secrets stay out of
    config files). Validated with context `{"secrets": False}` (commands that never call an
    upstream), an unset variable is no error: the secret is simply absent."""
    var = env_reference(value)
    if var is None:
        return value
    resolved = os.environ.get(var)
    if not resolved:
        if info is not None and info.context and not info.context.get("secrets", True):
            return None
        raise ValueError(f"environment variable {var} is not set (named by {value!r})")
    return resolved
