"""`create_app(settings)`: the ASGI application. Everything stateful is built in its lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..accounting.admission import OpenAdmission
from ..accounting.ledger import LedgerWriter, migrate, open_engine
from ..accounting.prices import PriceBook, PriceCatalog
from ..accounting.tokens import TokenCounter
from ..config.schema import Settings
from ..errors import HybridgateError
from ..pipeline.gateway import Gateway
from ..protocol import openai
from ..providers.base import Provider
from ..providers.http import UpstreamClient
from ..providers.registry import ProviderRegistry
from ..routing.policy import Router
from . import anthropic_routes, misc_routes, openai_routes
from .request_id import RequestIdMiddleware

log = logging.getLogger("hybridgate")


async def _http_error(request: Request, exc: Exception) -> Response:
    """404/405 for unknown paths, in OpenAI's error shape (both SDKs read it)."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    error = HybridgateError(
        f"{request.method} {request.url.path}: {getattr(exc, 'detail', 'error')}"
    )
    body = openai.error_body(
        error.message, error_type="invalid_request_error", param=None, code=str(status)
    )
    return Response(body, status_code=status, media_type="application/json")


async def _warm(provider: Provider) -> None:
    try:
        await provider.warm()
    # Warm-up is an optimisation: a failure here resurfaces, clearly, on the first request.
    except Exception:
        log.exception("warming %s failed", provider.name)


def create_app(settings: Settings, *, registry: ProviderRegistry | None = None) -> Starlette:
    registry = registry or ProviderRegistry()
    # Providers are cheap to build (no connection, no model load until first use), so a bad
    # deployment — a GGUF path that does not exist — fails here, before the server starts.
    client = UpstreamClient()
    providers = {d.name: registry.create(d, client) for d in settings.deployments}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = await asyncio.to_thread(open_engine, settings.storage)
        await asyncio.to_thread(migrate, engine)
        ledger = LedgerWriter(engine)
        ledger.start()
        admission = OpenAdmission()
        app.state.gateway = Gateway(
            settings=settings,
            providers=providers,
            router=Router(settings, {name: p.capabilities for name, p in providers.items()}),
            prices=PriceBook(settings.deployments, PriceCatalog.bundled()),
            ledger=ledger,
            tokens=TokenCounter(),
            admission=admission,
        )
        warming = (
            [asyncio.create_task(_warm(p)) for p in providers.values()]
            if settings.server.warm_up
            else []
        )
        try:
            yield
        finally:
            for task in warming:
                task.cancel()
            await admission.aclose()
            await ledger.aclose()
            for provider in providers.values():
                await provider.aclose()
            await client.aclose()
            engine.dispose()

    routes = [
        Route("/v1/chat/completions", openai_routes.chat_completions, methods=["POST"]),
        Route("/v1/messages", anthropic_routes.messages, methods=["POST"]),
        Route("/v1/embeddings", openai_routes.embeddings, methods=["POST"]),
        Route("/v1/models", misc_routes.models, methods=["GET"]),
        Route("/healthz", misc_routes.healthz, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error},
    )
    app.add_middleware(RequestIdMiddleware)
    return app
