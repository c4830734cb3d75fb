"""/v1/models (in the caller's flavour), /healthz and /metrics."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import msgspec
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from .messages import Request, Response

if TYPE_CHECKING:
    from .app import State

_encoder = msgspec.json.Encoder()


def _json(payload: object) -> Response:
    return Response(_encoder.encode(payload))


async def models(request: Request, state: State) -> Response:
    gateway = state.gateway
    names = gateway.router.model_names()
    if "anthropic-version" in request.headers:
        created = "2026-01-01T00:00:00Z"
        data = [{"type": "model", "id": n, "display_name": n, "created_at": created} for n in names]
        return _json({"data": data, "has_more": False, "first_id": names[0], "last_id": names[-1]})
    created_ts = int(time.time())
    return _json(
        {
            "object": "list",
            "data": [
                {"id": n, "object": "model", "created": created_ts, "owned_by": "hybridgate"}
                for n in names
            ],
        }
    )


async def healthz(request: Request, state: State) -> Response:
    gateway = state.gateway
    results = state.health.results
    deployments: dict[str, dict[str, object]] = {}
    for d in gateway.settings.deployments:
        entry: dict[str, object] = {
            "provider": d.provider,
            "location": d.location,
            "region": d.region,
            "ready": gateway.providers[d.name].ready(),
            "breaker": gateway.failover.breakers[d.name].state,
        }
        if d.name in results:  # a server's check, or an embedded model's worker state
            entry["health"] = results[d.name].detail
        deployments[d.name] = entry
    return _json({"status": "ok", "deployments": deployments})


async def metrics(request: Request, state: State) -> Response:
    # The classic text format (0.0.4): every Prometheus version scrapes it, and these names
    # need none of the newer format's escaping.
    return Response(state.metrics.exposition(), content_type=CONTENT_TYPE_PLAIN_0_0_4)
