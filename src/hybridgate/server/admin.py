"""The operator's pages (`/ui`, `/metrics`) behind `server.admin_token`, when one is set.

Prometheus sends it as `Authorization: Bearer` (`authorization:` in a scrape config); a browser
asks for it as a Basic password (any user name), so the dashboard needs no login page.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from ..protocol import openai
from .messages import Request, Response


def _presented(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            _, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return password
    return None


def refusal(request: Request, token: str) -> Response | None:
    """None when the request carries the admin token; else the 401 that asks for it."""
    presented = _presented(request)
    if presented is not None and hmac.compare_digest(presented.encode(), token.encode()):
        return None
    body = openai.error_body(
        f"{request.path} needs the admin token (server.admin_token): send it as "
        "`Authorization: Bearer TOKEN`, or as the password when the browser asks",
        error_type="authentication_error",
        param=None,
        code="admin_token_required",
    )
    return Response(
        body, status=401, headers={"www-authenticate": 'Basic realm="hybridgate admin"'}
    )
