"""Provider names → provider classes, found through one mechanism: the `hybridgate.providers`
entry-point group. The built-ins are declared there in hybridgate's own pyproject.toml, exactly
as a plugin declares its own (`[project.entry-points."hybridgate.providers"]`,
`name = "package.module:ProviderClass"`).

Nothing is read at import. The installed names are read once, when first needed (validating a
config); a provider's module is imported only when a deployment names it.
"""

from __future__ import annotations

import difflib
import functools
import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, cast

from .base import Declared

if TYPE_CHECKING:
    from ..config.schema import Deployment
    from .base import Provider, ProviderClass
    from .http import UpstreamClient

GROUP = "hybridgate.providers"


class UnknownProvider(KeyError):
    """A `provider:` name that no installed package registers."""

    def __str__(self) -> str:
        return str(self.args[0])


class BadPlugin(TypeError):
    """An entry point that does not name a provider class (a plugin's packaging slip)."""


@dataclass(frozen=True)
class Registration:
    """One provider name and where it comes from."""

    name: str
    #: "module:attribute" of the provider class.
    target: str
    #: The installed distribution that declares it, and its version (None: registered in code).
    distribution: str | None = None
    version: str | None = None


class ProviderRegistry:
    """The providers a config may name. Built from the installed entry points unless given
    registrations; `register` adds one in code (an application embedding hybridgate, tests)."""

    def __init__(self, registrations: Iterable[Registration] | None = None) -> None:
        self._given = None if registrations is None else {r.name: r for r in registrations}
        self._classes: dict[str, ProviderClass] = {}

    @functools.cached_property
    def _registrations(self) -> dict[str, Registration]:
        if self._given is not None:
            return self._given
        found: dict[str, Registration] = {}
        for point in entry_points(group=GROUP):
            found.setdefault(point.name, _registration(point))
        return found

    def register(self, name: str, provider: ProviderClass) -> None:
        _check_class(name, provider)
        target = f"{provider.__module__}:{provider.__qualname__}"
        self._registrations[name] = Registration(name, target)
        self._classes[name] = provider

    def names(self) -> list[str]:
        return sorted(self._registrations)

    def registrations(self) -> list[Registration]:
        return [self._registrations[name] for name in self.names()]

    def provider_class(self, name: str) -> ProviderClass:
        """The class registered as `name`, its module imported on first use."""
        known = self._classes.get(name)
        if known is not None:
            return known
        registration = self._registrations.get(name)
        if registration is None:
            listed = ", ".join(repr(n) for n in self.names()) or "none (reinstall hybridgate)"
            close = difflib.get_close_matches(name, self.names(), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UnknownProvider(
                f"no provider named {name!r} is installed{hint}; installed: {listed}"
            )
        module_name, _, attribute = registration.target.partition(":")
        try:
            loaded = importlib.import_module(module_name)
            provider = functools.reduce(getattr, attribute.split("."), cast(object, loaded))
        except (ImportError, AttributeError) as exc:
            raise BadPlugin(
                f"provider {name!r} ({registration.target}, from "
                f"{registration.distribution or 'code'}) cannot be loaded: {exc}"
            ) from exc
        _check_class(name, provider)
        self._classes[name] = cast("ProviderClass", provider)
        return self._classes[name]

    def create(self, deployment: Deployment, client: UpstreamClient) -> Provider:
        return _construct(self.provider_class(deployment.provider), deployment, client)


def build_provider(deployment: Deployment, client: UpstreamClient) -> Provider:
    """The provider for a deployment, from the class its validation resolved."""
    return _construct(deployment.provider_class, deployment, client)


def _construct(
    provider_class: ProviderClass, deployment: Deployment, client: UpstreamClient
) -> Provider:
    # A `Declared` subclass implements the `Provider` protocol (checked by its tests).
    return cast("Provider", provider_class(deployment, client))


def _registration(point: EntryPoint) -> Registration:
    dist = point.dist
    return Registration(
        point.name,
        point.value,
        dist.metadata["Name"] if dist is not None else None,
        dist.version if dist is not None else None,
    )


def _check_class(name: str, provider: object) -> None:
    if not (isinstance(provider, type) and issubclass(provider, Declared)):
        raise BadPlugin(
            f"provider {name!r} must name a class deriving from "
            f"hybridgate.providers.base.Declared; got {provider!r}"
        )


@functools.cache
def installed_providers() -> ProviderRegistry:
    """The providers installed in this environment (read once per process: installing a plugin
    takes effect on the next start)."""
    return ProviderRegistry()
