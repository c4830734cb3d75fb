"""Loads settings from YAML (or the zero-config default) with errors that name the file and path."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .defaults import default_settings_data
from .schema import Settings

CONFIG_ENV = "HYBRIDGATE_CONFIG"


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names file, path and fix."""


def error_location(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a config path (`deployments[2].provider`)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "literal[", "lax-", "json-")) or part in {"str", "int"}:
            continue  # pydantic's internal validator names, not config keys
        else:
            out += f".{part}" if out else part
    return out


def _describe(error: Mapping[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    path = error_location(tuple(error["loc"]))
    if error["type"] == "literal_error":
        message = f"{message} (got {error['input']!r})"
    if message.startswith(
        (
            "deployments[",
            "tiers.",
            "default_tier",
            "policy.",
            "tasks.",
            "auto.",
            "cascade.",
            "server.",
            "aliases.",
        )
    ):
        return message  # cross-field checks name their own path
    return f"{path}: {message}" if path else message


def parse_settings(data: object, source: str) -> Settings:
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping with 'deployments:'")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        lines = "\n".join(f"  {_describe(e)}" for e in exc.errors())
        raise ConfigError(f"{source}: invalid configuration\n{lines}") from None


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from `path`, else from $HYBRIDGATE_CONFIG, else the built-in default stack."""
    chosen = path if path is not None else os.environ.get(CONFIG_ENV) or None
    if chosen is None:
        return parse_settings(default_settings_data(os.environ), "default configuration")
    file = Path(chosen)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the configuration file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: not valid YAML: {exc}") from None
    settings = parse_settings(data, str(file))
    return _anchor_storage(settings, file.resolve().parent)


def _anchor_storage(settings: Settings, folder: Path) -> Settings:
    """A relative ledger path in a file means beside that file, so every command finds it."""
    storage = settings.storage
    if "://" in storage or Path(storage).is_absolute():
        return settings
    return settings.model_copy(update={"storage": str(folder / storage)})
