"""The one pooled upstream HTTP client of a process, and the mapping of its failures.

aiohttp rather than httpx: it sustains far more concurrent upstream calls per process.
Every transport or status failure leaves here as an `UpstreamError` subclass, chained.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager

import aiohttp
import msgspec
from yarl import URL

from ..config.schema import Timeouts
from ..errors import (
    UpstreamAuthFailed,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)

_MAX_ERROR_BODY = 2000


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    if not headers:
        return None
    value = headers.get("Retry-After")  # aiohttp's headers are case-insensitive
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP-date; callers fall back to their own backoff


def error_for_status(
    provider: str, status: int, body: str, retry_after: float | None
) -> UpstreamError:
    """The exception for a non-2xx upstream answer, chosen by status alone."""
    detail = body[:_MAX_ERROR_BODY]
    message = (
        f"{provider} answered HTTP {status}: {detail}"
        if detail
        else f"{provider} answered HTTP {status}"
    )
    if status == 429:
        return UpstreamRateLimited(message, provider=provider, body=detail, retry_after=retry_after)
    if status in (401, 403):
        return UpstreamAuthFailed(
            f"{provider} refused the gateway's credentials (HTTP {status})",
            provider=provider,
            upstream_status=status,
            body=detail,
        )
    if 400 <= status < 500:
        return UpstreamRejected(message, provider=provider, upstream_status=status, body=detail)
    return UpstreamUnavailable(message, provider=provider, upstream_status=status, body=detail)


@contextmanager
def map_upstream_errors(provider: str) -> Iterator[None]:
    """Turns transport exceptions into the gateway's tree, most specific first."""
    try:
        yield
    except UpstreamError:
        raise
    except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
        raise UpstreamTimeout(f"{provider} did not answer in time", provider=provider) from exc
    except aiohttp.ClientConnectorError as exc:
        raise UpstreamUnavailable(
            f"cannot connect to {provider}: {exc.os_error}", provider=provider
        ) from exc
    except (
        aiohttp.ServerDisconnectedError,
        aiohttp.ClientPayloadError,
        ConnectionResetError,
    ) as exc:
        raise UpstreamUnavailable(
            f"{provider} closed the connection mid-answer", provider=provider
        ) from exc
    except aiohttp.ClientError as exc:
        raise UpstreamUnavailable(
            f"{provider} transport error: {type(exc).__name__}", provider=provider
        ) from exc
    except (UnicodeDecodeError, ValueError, msgspec.MsgspecError) as exc:
        raise UpstreamProtocolError(
            f"{provider} sent an answer that is not valid JSON/SSE", provider=provider
        ) from exc


class UpstreamClient:
    """Owns the process's aiohttp session; created and closed by the app's lifespan."""

    def __init__(self, *, connection_limit: int = 1000) -> None:
        self._limit = connection_limit
        self._session: aiohttp.ClientSession | None = None
        self._urls: dict[str, URL] = {}  # parsed once: a deployment calls the same few URLs

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._limit, limit_per_host=0, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                skip_auto_headers=("User-Agent",),
                auto_decompress=True,
                cookie_jar=aiohttp.DummyCookieJar(),  # APIs authenticate by header, not cookie
            )
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _parsed(self, url: str) -> URL:
        parsed = self._urls.get(url)
        if parsed is None:
            if len(self._urls) > 1000:
                self._urls.clear()
            parsed = self._urls[url] = URL(url)
        return parsed

    @asynccontextmanager
    async def post(
        self,
        url: str,
        *,
        provider: str,
        body: bytes,
        headers: dict[str, str],
        timeouts: Timeouts,
    ) -> AsyncIterator[UpstreamAnswer]:
        """POST `body`; yields a 2xx answer whose body the caller reads inside the block.

        `first_byte_s` runs until the answer's first body bytes (the first event, when
        streaming) as one deadline, not as aiohttp's `sock_read`, which re-arms a timer on
        every read of a stream."""
        timeout = aiohttp.ClientTimeout(total=timeouts.total_s, sock_connect=timeouts.connect_s)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeouts.first_byte_s
        with map_upstream_errors(provider):
            async with asyncio.timeout_at(deadline):
                response = await self.session.post(
                    self._parsed(url),
                    data=body,
                    headers={"content-type": "application/json", **headers},
                    timeout=timeout,
                )
            async with response:
                if response.status >= 300:
                    text = (await response.read()).decode("utf-8", "replace")
                    raise error_for_status(
                        provider, response.status, text, _retry_after(response.headers)
                    )
                yield UpstreamAnswer(response, deadline)


class UpstreamAnswer:
    """A 2xx upstream answer: read whole, or as the pieces the network delivers."""

    __slots__ = ("_deadline", "response")

    def __init__(self, response: aiohttp.ClientResponse, first_byte_deadline: float) -> None:
        self.response = response
        self._deadline = first_byte_deadline

    async def read(self) -> bytes:
        async with asyncio.timeout_at(self._deadline):
            return await self.response.read()

    async def pieces(self) -> AsyncIterator[bytes]:
        content = self.response.content
        async with asyncio.timeout_at(self._deadline):
            first = await content.readany()
        while first:
            yield first
            first = await content.readany()
