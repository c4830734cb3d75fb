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
from starlette.routing import Mount, Route

from ..accounting.journal import LedgerJournal, journal_folder, replay_orphans
from ..accounting.keyed_admission import build_admission
from ..accounting.ledger import LedgerWriter, migrate, open_engine
from ..accounting.tokens import TokenCounter
from ..balance import Failover, HealthChecker
from ..config.schema import Settings
from ..errors import HybridgateError
from ..pipeline.assembly import assemble
from ..pipeline.gateway import Gateway
from ..protocol import openai
from ..providers.base import Provider
from ..providers.registry import ProviderRegistry
from . import anthropic_routes, dashboard, misc_routes, openai_routes, openapi
from .metrics import Metrics
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
    parts = assemble(settings, registry)
    client, providers, prices, router = parts.client, parts.providers, parts.prices, parts.router

    metrics = Metrics()  # fed every ledger row; exposed at /metrics

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = await asyncio.to_thread(open_engine, settings.storage)
        await asyncio.to_thread(migrate, engine)
        app.state.engine = engine  # the dashboard reads the ledger
        journal_dir = journal_folder(settings.storage)
        await asyncio.to_thread(replay_orphans, journal_dir, engine)
        enabled = settings.server.ledger
        ledger = LedgerWriter(
            engine, journal=LedgerJournal(journal_dir) if enabled else None, enabled=enabled
        )
        ledger.start()
        admission = await build_admission(settings, engine)
        failover = Failover(
            providers=providers,
            models={d.name: d.model for d in settings.deployments},
            settings=settings.reliability,
        )
        health = HealthChecker(
            deployments=settings.deployments,
            providers=providers,
            breakers=failover.breakers,
            client=client,
            settings=settings.reliability.health,
        )
        app.state.health = health
        app.state.gateway = Gateway(
            settings=settings,
            providers=providers,
            router=router,
            prices=prices,
            ledger=ledger,
            tokens=TokenCounter(),
            admission=admission,
            observers=[metrics],
            failover=failover,
        )
        health.start()
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
            await health.aclose()
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
        Route("/openapi.json", openapi.endpoint, methods=["GET"]),
        Route("/metrics", metrics.endpoint, methods=["GET"]),
        Route("/ui", dashboard.page, methods=["GET"]),
        Mount("/ui/static", dashboard.static_files()),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error},
    )
    app.add_middleware(RequestIdMiddleware)
    return app
