"""The way out of a corporate network: HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case), read
when the upstream client is built. Plain HTTP goes to the proxy in absolute form; HTTPS
through a CONNECT tunnel, with TLS end to end between the gateway and the upstream.
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import urllib.request
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


class ProxyRefused(OSError):
    """The proxy would not open a tunnel."""


@dataclass(frozen=True, slots=True)
class Proxy:
    host: str
    port: int
    #: `proxy-authorization` value when the proxy URL carries user:password.
    authorization: str | None = None


@dataclass(frozen=True, slots=True)
class Proxies:
    """The proxies the environment names, and the hosts it exempts."""

    http: Proxy | None = None
    https: Proxy | None = None
    no_proxy: str = ""

    @classmethod
    def from_environment(cls) -> Proxies:
        found = urllib.request.getproxies_environment()
        return cls(
            http=_proxy(found.get("http")),
            https=_proxy(found.get("https")),
            no_proxy=found.get("no", ""),
        )

    def for_origin(self, origin: tuple[str, str, int]) -> Proxy | None:
        scheme, host, _ = origin
        proxy = self.https if scheme == "https" else self.http
        if proxy is None or (
            self.no_proxy and urllib.request.proxy_bypass_environment(host, {"no": self.no_proxy})  # type: ignore[attr-defined]
        ):
            return None
        return proxy


def _proxy(url: str | None) -> Proxy | None:
    if not url:
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if not parts.hostname:
        return None
    authorization = None
    if parts.username:
        secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(secret.encode()).decode()
    return Proxy(parts.hostname, parts.port or 80, authorization)


async def tunnel(proxy: Proxy, host: str, port: int) -> socket.socket:
    """A socket to `host:port` through the proxy's CONNECT (TLS then runs over it)."""
    reader, writer = await asyncio.open_connection(proxy.host, proxy.port, limit=65536)
    try:
        authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        auth = f"proxy-authorization: {proxy.authorization}\r\n" if proxy.authorization else ""
        writer.write(f"CONNECT {authority} HTTP/1.1\r\nhost: {authority}\r\n{auth}\r\n".encode())
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            raise ProxyRefused(None, f"the proxy {proxy.host} gave no CONNECT answer") from exc
        status = head.split(b" ", 2)[1:2]
        if status != [b"200"]:
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            raise ProxyRefused(None, f"the proxy {proxy.host} refused CONNECT: {line}")
        raw = writer.get_extra_info("socket")
        return socket.socket(fileno=os.dup(raw.fileno()))  # outlives the StreamWriter's own
    finally:
        writer.transport.abort()
