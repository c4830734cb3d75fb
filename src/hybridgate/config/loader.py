"""Loads settings from YAML (or the zero-config default) with errors that name the file and path."""

from __future__ import annotations

import difflib
import os
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from .defaults import default_settings_data
from .schema import Settings
from .state import DIFFICULTY_HEAD, TASK_HEAD, data_dir, default_storage

if TYPE_CHECKING:
    from ..providers.registry import ProviderRegistry

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


def _unknown_key_hint(error: Mapping[str, Any]) -> str:
    """`did you mean 'tiers'?` for a misspelt key, from the fields where it was found."""
    if error["type"] != "extra_forbidden":
        return ""
    loc = tuple(error["loc"])
    model: Any = Settings
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = getattr(model, "model_fields", {}).get(part)
        model = _model_of(field.annotation) if field is not None else None
    fields = list(getattr(model, "model_fields", {})) if model is not None else []
    close = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside an annotation (`Policy`, `list[Deployment]`, `X | None`)."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def parse_settings(
    data: object, source: str, *, secrets: bool = True, providers: ProviderRegistry | None = None
) -> Settings:
    """`secrets=False`: environment references that are unset are left empty instead of
    failing (for commands that only read state and never call an upstream). `providers`:
    the registry `provider:` names resolve in (default: the installed providers)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping with 'deployments:'")
    try:
        return Settings.model_validate(data, context={"secrets": secrets, "providers": providers})
    except ValidationError as exc:
        lines = "\n".join(f"  {_describe(e)}{_unknown_key_hint(e)}" for e in exc.errors())
        raise ConfigError(f"{source}: invalid configuration\n{lines}") from None


def load_settings(path: str | os.PathLike[str] | None = None, *, secrets: bool = True) -> Settings:
    """Settings from `path`, else from $HYBRIDGATE_CONFIG, else the built-in default stack.
    Without `storage:` the ledger is in the state directory (config/state.py), whichever
    directory the command runs in; a relative `storage:` is beside the config file."""
    chosen = path if path is not None else os.environ.get(CONFIG_ENV) or None
    if chosen is None:
        data = default_settings_data(os.environ)
        data["storage"] = _state_ledger()
        return _adopt_heads(parse_settings(data, "default configuration", secrets=secrets))
    file = Path(chosen)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the configuration file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: not valid YAML: {_yaml_problem(exc)}") from None
    if isinstance(data, dict) and "storage" not in data:
        data["storage"] = _state_ledger()
    settings = parse_settings(data, str(file), secrets=secrets)
    return _adopt_heads(_anchor_storage(settings, file.resolve().parent))


def _state_ledger() -> str:
    """The ledger in the state directory, which is created on first use."""
    storage = default_storage()
    Path(storage).parent.mkdir(parents=True, exist_ok=True)
    return storage


def _adopt_heads(settings: Settings) -> Settings:
    """Router heads that `hybridgate router train` left in the state directory are used,
    unless the config names its own."""
    folder = data_dir()
    found = {
        field: str(folder / name)
        for field, name in (("task_head", TASK_HEAD), ("difficulty_head", DIFFICULTY_HEAD))
        if getattr(settings.auto, field) is None and (folder / name).is_file()
    }
    if not found:
        return settings
    return settings.model_copy(update={"auto": settings.auto.model_copy(update=found)})


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """The parser's complaint with a line and column, without its `<unicode string>`."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        context = f" {exc.context}" if exc.context else ""
        return f"line {mark.line + 1}, column {mark.column + 1}: {exc.problem}{context}"
    return str(exc)


def _anchor_storage(settings: Settings, folder: Path) -> Settings:
    """A relative ledger path in a file means beside that file, so every command finds it."""
    storage = settings.storage
    if "://" in storage or Path(storage).is_absolute():
        return settings
    return settings.model_copy(update={"storage": str(folder / storage)})
