"""Load balancing among equal deployments: fewest outstanding requests, then lowest latency.

"Equal" means serving the same `model` string (two vLLM replicas of one model). The tier's
order is otherwise kept — it encodes preference (self-hosted first, cheaper first) — so the
least loaded replica of a model takes the slot of the first replica of that model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass
class Load:
    outstanding: int = 0
    #: Exponentially weighted mean seconds to the first event (None until measured).
    latency_s: float | None = None


class Balancer:
    def __init__(self, models: Mapping[str, str], *, smoothing: float = 0.3) -> None:
        self._models = dict(models)
        self._smoothing = smoothing
        self._load: dict[str, Load] = {name: Load() for name in models}

    def load(self, name: str) -> Load:
        load = self._load.get(name)
        if load is None:
            load = self._load[name] = Load()
        return load

    def order(self, candidates: Sequence[str]) -> tuple[str, ...]:
        if len(candidates) < 2:
            return tuple(candidates)
        groups: dict[str, list[str]] = {}
        for name in candidates:
            groups.setdefault(self._models.get(name, name), []).append(name)
        for members in groups.values():
            # Unmeasured latency counts as 0: a new replica gets traffic and a measurement.
            members.sort(key=lambda n: (self.load(n).outstanding, self.load(n).latency_s or 0.0))
        return tuple(groups[self._models.get(name, name)].pop(0) for name in candidates)

    def started(self, name: str) -> None:
        self.load(name).outstanding += 1

    def finished(self, name: str) -> None:
        load = self.load(name)
        load.outstanding = max(0, load.outstanding - 1)

    def observe_latency(self, name: str, seconds: float) -> None:
        load = self.load(name)
        previous = load.latency_s
        load.latency_s = (
            seconds if previous is None else previous + self._smoothing * (seconds - previous)
        )
