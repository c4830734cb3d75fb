"""/v1/models (in the caller's flavour), /healthz and /metrics."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING
from urllib.parse import unquote

import msgspec
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from ..errors import UnknownModel
from .errors import error_response
from .messages import Request, Response

if TYPE_CHECKING:
    from .app import State

_encoder = msgspec.json.Encoder()


def _json(payload: object) -> Response:
    return Response(_encoder.encode(payload))


_ANTHROPIC_CREATED = "2026-01-01T00:00:00Z"


def _names(state: State) -> list[str]:
    gateway = state.gateway
    return [*gateway.router.model_names(), *gateway.aliases.names()]


def _entry(name: str, anthropic: bool) -> dict[str, object]:
    if anthropic:
        return {"type": "model", "id": name, "display_name": name, "created_at": _ANTHROPIC_CREATED}
    return {"id": name, "object": "model", "created": int(time.time()), "owned_by": "hybridgate"}


async def models(request: Request, state: State) -> Response:
    """Deployments, tiers, `auto` and the aliases in force."""
    names = _names(state)
    if "anthropic-version" in request.headers:
        data = [_entry(n, anthropic=True) for n in names]
        return _json({"data": data, "has_more": False, "first_id": names[0], "last_id": names[-1]})
    return _json({"object": "list", "data": [_entry(n, anthropic=False) for n in names]})


async def model(request: Request, state: State) -> Response:
    """`/v1/models/{id}` (what `client.models.retrieve` asks): one entry, or a 404."""
    name = unquote(request.path.removeprefix("/v1").removeprefix("/models/"))
    anthropic = "anthropic-version" in request.headers
    if name in _names(state):
        return _json(_entry(name, anthropic))
    exc = UnknownModel(f"model {name!r} is not a deployment, tier, alias or 'auto'", param="model")
    return error_response("anthropic" if anthropic else "openai", exc)


async def healthz(request: Request, state: State) -> Response:
    """Per deployment: ready, breaker, last check; per tier: `ok` (every member can serve),
    `degraded` (some can) or `unavailable` (none can). The gateway is `unavailable` (503, so a
    load balancer takes it out) when no tier can serve, `degraded` when some tier is short."""
    gateway = state.gateway
    results = state.health.results
    deployments: dict[str, dict[str, object]] = {}
    serving: dict[str, bool] = {}
    for d in gateway.settings.deployments:
        ready = gateway.providers[d.name].ready()
        breaker = gateway.failover.breakers[d.name].state
        entry: dict[str, object] = {
            "provider": d.provider,
            "location": d.location,
            "region": d.region,
            "ready": ready,
            "breaker": breaker,
        }
        checked = results.get(d.name)
        if checked is not None:  # a server's check, or an embedded model's worker state
            entry["health"] = checked.detail
        deployments[d.name] = entry
        serving[d.name] = ready and breaker != "open" and (checked is None or checked.healthy)
    groups = gateway.settings.tiers or {d: [d] for d in serving}
    tiers = {name: _tier_status([serving[m] for m in members]) for name, members in groups.items()}
    states = set(tiers.values())
    status = (
        "ok" if states <= {"ok"} else "unavailable" if states == {"unavailable"} else "degraded"
    )
    body: dict[str, object] = {"status": status, "tiers": tiers, "deployments": deployments}
    slot = state.worker
    if slot is not None:  # breakers and readiness above are this worker's own
        body["worker"] = {"index": slot.index, "pid": os.getpid()}
        body["workers"] = slot.workers_table()
    return Response(_encoder.encode(body), status=503 if status == "unavailable" else 200)


def _tier_status(members: list[bool]) -> str:
    if all(members):
        return "ok"
    return "degraded" if any(members) else "unavailable"


async def metrics(request: Request, state: State) -> Response:
    # The classic text format (0.0.4): every Prometheus version scrapes it, and these names
    # need none of the newer format's escaping.
    own = state.metrics.exposition()
    if state.worker is not None:  # every worker's figures, labelled `worker`
        own = state.worker.exposition(own)
    return Response(own, content_type=CONTENT_TYPE_PLAIN_0_0_4)
