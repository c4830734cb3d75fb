"""CORS for browser clients: `server.cors: {origins: [...]}`; off (no headers) by default.

A preflight (`OPTIONS` with `Access-Control-Request-Method`) from an allowed origin is
answered 204 with what the browser asked to send; every other answer to an allowed origin
carries `Access-Control-Allow-Origin` and exposes the gateway's own headers (route, cost,
request id). An origin not on the list gets no CORS headers, so the browser refuses it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .messages import Request, Response, StreamResponse

#: Response headers a page may read (besides the CORS-safelisted ones).
EXPOSED = (
    "x-request-id, x-hybridgate-deployment, x-hybridgate-route, x-hybridgate-cost-usd, "
    "x-hybridgate-cache, retry-after"
)
#: Seconds a browser may cache a preflight answer.
MAX_AGE_S = 600


class Cors:
    def __init__(self, origins: Sequence[str]) -> None:
        self._any = "*" in origins
        self._origins = frozenset(o.rstrip("/") for o in origins)

    def allowed(self, request: Request) -> str | None:
        """The origin to allow for this request, or None (no CORS headers at all)."""
        origin = request.headers.get("origin")
        if not origin or not (self._any or origin in self._origins):
            return None
        return origin

    @staticmethod
    def is_preflight(request: Request) -> bool:
        return request.method == "OPTIONS" and "access-control-request-method" in request.headers

    def preflight(self, request: Request, origin: str, methods: Sequence[str]) -> Response:
        asked = request.headers.get("access-control-request-headers", "")
        headers = {
            "access-control-allow-origin": origin,
            "access-control-allow-methods": ", ".join((*methods, "OPTIONS")),
            "access-control-max-age": str(MAX_AGE_S),
            "vary": "origin",
        }
        if asked:
            headers["access-control-allow-headers"] = asked
        return Response(b"", status=204, headers=headers)

    @staticmethod
    def decorate(response: Response | StreamResponse, origin: str) -> None:
        response.headers["access-control-allow-origin"] = origin
        response.headers["access-control-expose-headers"] = EXPOSED
        response.headers["vary"] = "origin"
