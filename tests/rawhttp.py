"""Raw HTTP for requests no SDK would send (malformed bodies, wrong types, huge payloads)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def post(
    url: str, body: bytes | dict[str, Any], headers: dict[str, str] | None = None
) -> RawResponse:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"content-type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return RawResponse(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return RawResponse(
            error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
        )


def get(url: str, headers: dict[str, str] | None = None) -> RawResponse:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return RawResponse(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return RawResponse(
            error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
        )
