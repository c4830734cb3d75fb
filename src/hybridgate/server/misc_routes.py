"""/v1/models (in the caller's flavour) and /healthz."""

from __future__ import annotations

import time

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from ..pipeline.gateway import Gateway

_encoder = msgspec.json.Encoder()


def _json(payload: object, request: Request, status: int = 200) -> Response:
    return Response(
        _encoder.encode(payload),
        status_code=status,
        media_type="application/json",
        headers={"x-request-id": request.scope["hybridgate.request_id"]},
    )


async def models(request: Request) -> Response:
    gateway: Gateway = request.app.state.gateway
    names = gateway.router.model_names()
    if "anthropic-version" in request.headers:
        created = "2026-01-01T00:00:00Z"
        data = [{"type": "model", "id": n, "display_name": n, "created_at": created} for n in names]
        return _json(
            {"data": data, "has_more": False, "first_id": names[0], "last_id": names[-1]}, request
        )
    created_ts = int(time.time())
    return _json(
        {
            "object": "list",
            "data": [
                {"id": n, "object": "model", "created": created_ts, "owned_by": "hybridgate"}
                for n in names
            ],
        },
        request,
    )


async def healthz(request: Request) -> Response:
    gateway: Gateway = request.app.state.gateway
    results = request.app.state.health.results
    deployments: dict[str, dict[str, object]] = {}
    for d in gateway.settings.deployments:
        entry: dict[str, object] = {
            "provider": d.provider,
            "location": d.location,
            "region": d.region,
            "ready": gateway.providers[d.name].ready(),
            "breaker": gateway.failover.breakers[d.name].state,
        }
        if d.name in results and d.base_url:  # in-process models report through `ready`
            entry["health"] = results[d.name].detail
        deployments[d.name] = entry
    return _json({"status": "ok", "deployments": deployments}, request)
