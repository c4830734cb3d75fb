"""`create_app(settings)`: the gateway's routes and the state they share, built at start-up.

`App.startup()` opens the ledger, admission and health checks; `App.shutdown()` flushes and
closes them. `hybridgate serve` (cli/serve.py) runs it on the HTTP front end (http1.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import Engine

from ..accounting.journal import LedgerJournal, journal_folder, replay_orphans
from ..accounting.keyed_admission import build_admission
from ..accounting.ledger import LedgerRow, LedgerWriter, migrate, open_engine
from ..accounting.meter_socket import SocketMeters
from ..accounting.tokens import TokenCounter
from ..balance import Failover, HealthChecker
from ..balance.shared_breakers import BreakerBoard
from ..config.schema import Settings
from ..observability.access_log import AccessLog
from ..observability.tracing import build_tracing
from ..pipeline.assembly import assemble
from ..pipeline.gateway import Gateway
from ..pipeline.response_cache import ResponseCache
from ..protocol import openai
from ..protocol.token_ids import TokenDecoder
from ..providers.base import Provider
from ..providers.registry import ProviderRegistry
from ..quality.controller import ThresholdController
from ..quality.shadow import ShadowJudge
from ..routing.policy import Router
from . import (
    admin,
    anthropic_routes,
    completions_routes,
    dashboard,
    feedback,
    misc_routes,
    openai_routes,
    openapi,
    research_routes,
    responses_routes,
)
from .cors import Cors
from .messages import Limits, Request, Response, StreamResponse
from .metrics import Metrics
from .response_store import ResponseStore
from .worker_slot import WorkerSlot

log = logging.getLogger("hybridgate")


@dataclass(slots=True)
class State:
    """What the routes share once the app has started."""

    gateway: Gateway
    health: HealthChecker
    engine: Engine
    metrics: Metrics
    #: Responses API answers kept for `previous_response_id`.
    responses: ResponseStore
    #: Reads embeddings input sent as token ids.
    token_decoder: TokenDecoder
    #: Which worker of `serve --workers N` this is (None: the only process).
    worker: WorkerSlot | None = None


Route = Callable[[Request, State], Awaitable[Response | StreamResponse]]


def _not_found(request: Request, status: int, detail: str) -> Response:
    """404/405 in OpenAI's error shape (both SDKs read it)."""
    body = openai.error_body(
        f"{request.method} {request.path}: {detail}",
        error_type="invalid_request_error",
        param=None,
        code=str(status),
    )
    return Response(body, status=status)


async def _warm_counter(tokens: TokenCounter) -> None:
    await asyncio.to_thread(tokens.count, "warm")


async def _warm(provider: Provider) -> None:
    try:
        await provider.warm()
    # Warm-up is an optimisation: a failure here resurfaces, clearly, on the first request.
    except Exception:
        log.exception("warming %s failed", provider.name)


class App:
    ROUTES: ClassVar[dict[str, dict[str, Route]]] = {
        "/v1/chat/completions": {"POST": openai_routes.chat_completions},
        "/v1/responses": {"POST": responses_routes.create},
        "/v1/messages": {"POST": anthropic_routes.messages},
        "/v1/messages/count_tokens": {"POST": anthropic_routes.count_tokens},
        "/v1/completions": {"POST": completions_routes.create},
        "/v1/embeddings": {"POST": openai_routes.embeddings},
        "/v1/feedback": {"POST": feedback.feedback},
        "/v1/research": {"POST": research_routes.research},
        "/v1/models": {"GET": misc_routes.models},
        "/healthz": {"GET": misc_routes.healthz},
        "/openapi.json": {"GET": openapi.endpoint},
        "/metrics": {"GET": misc_routes.metrics},
        "/ui": {"GET": dashboard.page},
    }

    def __init__(self, settings: Settings, registry: ProviderRegistry | None = None) -> None:
        self.settings = settings
        self.parts = assemble(settings, registry)
        server = settings.server
        self.limits = Limits(
            max_body_bytes=server.max_body_bytes,
            body_timeout_s=server.body_timeout_s,
            header_timeout_s=server.header_timeout_s,
            keepalive_timeout_s=server.keepalive_timeout_s,
            max_request_line_bytes=server.max_request_line_bytes,
            max_header_count=server.max_header_count,
            max_pipelined=server.max_pipelined,
            stream_write_timeout_s=server.stream_write_timeout_s,
        )
        self.state: State | None = None
        token = server.admin_token
        self._admin_token = token.get_secret_value() if token is not None else None
        self._closers: list[Callable[[], Awaitable[None]]] = []
        self._warming: list[asyncio.Task[None]] = []
        origins = server.cors.origins
        self._cors = Cors(origins) if origins else None
        #: Set by `serve --workers N` before `startup()` in each worker process.
        self.worker: WorkerSlot | None = None
        self._supervisor: SocketMeters | None = None

    #: What `server.admin_token` guards: spend, traffic and the dashboard that shows them.
    ADMIN_PATHS: ClassVar[frozenset[str]] = frozenset({"/ui", "/metrics"})

    #: Routes whose path ends in an id (model names may hold slashes): prefix → methods.
    PREFIX_ROUTES: ClassVar[dict[str, dict[str, Route]]] = {
        "/v1/models/": {"GET": misc_routes.model},
        "/v1/responses/": {"GET": responses_routes.retrieve, "DELETE": responses_routes.delete},
    }

    def _match(self, path: str) -> dict[str, Route] | None:
        """The routes for a path, with or without the `/v1` prefix SDKs differ on."""
        for candidate in (path, "/v1" + path):
            methods = self.ROUTES.get(candidate)
            if methods is not None:
                return methods
            for prefix, routes in self.PREFIX_ROUTES.items():
                if candidate.startswith(prefix) and len(candidate) > len(prefix):
                    return routes
        return None

    async def __call__(self, request: Request) -> Response | StreamResponse:
        origin = self._cors.allowed(request) if self._cors is not None else None
        response = await self._dispatch(request, origin)
        if origin is not None:
            Cors.decorate(response, origin)
        return response

    async def _dispatch(self, request: Request, origin: str | None) -> Response | StreamResponse:
        if self._admin_token is not None and (
            request.path in self.ADMIN_PATHS or request.path.startswith(dashboard.STATIC_PREFIX)
        ):
            refused = admin.refusal(request, self._admin_token)
            if refused is not None:
                return refused
        if request.path == "/" and request.method in ("GET", "HEAD"):
            return Response(b"", status=302, headers={"location": "/ui"})
        methods = self._match(request.path)
        if methods is None:
            if request.path.startswith(dashboard.STATIC_PREFIX) and request.method == "GET":
                return dashboard.static_file(request)
            return _not_found(request, 404, "Not Found")
        if origin is not None and Cors.is_preflight(request):
            return self._cors_preflight(request, origin, list(methods))
        route = methods.get(request.method) or (
            methods.get("GET") if request.method == "HEAD" else None
        )
        if route is None:
            response = _not_found(request, 405, "Method Not Allowed")
            response.headers["allow"] = ", ".join(methods)
            return response
        assert self.state is not None, "App.startup() has not run"
        return await route(request, self.state)

    def _cors_preflight(self, request: Request, origin: str, methods: list[str]) -> Response:
        assert self._cors is not None
        return self._cors.preflight(request, origin, methods)

    async def startup(self) -> None:
        settings, parts = self.settings, self.parts
        engine = await asyncio.to_thread(open_engine, settings.storage)
        await asyncio.to_thread(migrate, engine)
        journal_dir = journal_folder(settings.storage)
        await asyncio.to_thread(replay_orphans, journal_dir, engine)
        enabled = settings.server.ledger
        ledger = LedgerWriter(
            engine, journal=LedgerJournal(journal_dir) if enabled else None, enabled=enabled
        )
        ledger.start()
        worker = self.worker
        admission = await build_admission(
            settings, engine, worker.socket_path if worker is not None else None
        )
        board = None
        if worker is not None:  # breakers counted across every worker by the supervisor
            self._supervisor = SocketMeters(worker.socket_path)
            board = BreakerBoard(self._supervisor.call)
        failover = Failover(
            providers=parts.providers,
            models={d.name: d.model for d in settings.deployments},
            settings=settings.reliability,
            make_breaker=board.breaker if board is not None else None,
        )
        health = HealthChecker(
            deployments=settings.deployments,
            providers=parts.providers,
            breakers=failover.breakers,
            client=parts.client,
            settings=settings.reliability.health,
        )
        metrics = Metrics()  # fed every ledger row; exposed at /metrics
        closers: list[Callable[[], Awaitable[None]]] = []
        tokens = TokenCounter()
        shadow = None
        if settings.quality is not None:
            metrics.max_loss_rate = settings.quality.max_loss_rate
            shadow = ShadowJudge(
                settings=settings,
                providers=parts.providers,
                prices=parts.prices,
                ledger=ledger,
                tokens=tokens,
                on_judgment=metrics.count_judgment,
                meters=admission.meters if admission.shared else None,
            )
            await shadow.start()
            controller = _controller(settings, engine, parts.router)
            if controller is not None:
                await controller.start()
                closers.append(controller.aclose)
        tracing = build_tracing(settings.tracing, {d.name: d for d in settings.deployments})
        access_log = AccessLog(settings.logging)

        def observe(row: LedgerRow, cache: str | None) -> None:
            access_log(row, cache)
            if cache is not None:
                metrics.count_cache(row, cache)

        gateway = Gateway(
            settings=settings,
            providers=parts.providers,
            router=parts.router,
            prices=parts.prices,
            ledger=ledger,
            tokens=tokens,
            admission=admission,
            observers=[metrics],
            failover=failover,
            on_unauthenticated=metrics.count_unauthenticated,
            shadow=shadow,
            access_log=observe,
            cache=ResponseCache(settings.cache) if settings.cache.enabled else None,
            tracing=tracing,
        )
        self.state = State(
            gateway=gateway,
            health=health,
            engine=engine,
            metrics=metrics,
            responses=ResponseStore(settings.server.response_store),
            token_decoder=TokenDecoder(),
            worker=worker,
        )
        health.start()
        if settings.server.warm_up:
            self._warming = [asyncio.create_task(_warm(p)) for p in parts.providers.values()]
            # The token counter's ranks (~0.5 s) load now, in a thread: the first answers are
            # then counted, and their template overhead learned, like every later one.
            self._warming.append(asyncio.create_task(_warm_counter(tokens)))
        if worker is not None and board is not None and self._supervisor is not None:
            publishing = asyncio.create_task(worker.publish(metrics.exposition))
            self._warming.append(publishing)  # cancelled first at shutdown
            board.start()
            closers.append(self._supervisor.aclose)
            closers.append(board.aclose)

        async def dispose() -> None:
            engine.dispose()
            if tracing is not None:  # exports what is still buffered
                await asyncio.to_thread(tracing.shutdown)

        async def stop_scanning() -> None:
            await asyncio.to_thread(parts.scan_process.close)

        # Closed in reverse: health checks first, the ledger's last rows before the engine.
        self._closers = [
            dispose,
            parts.client.aclose,
            *(p.aclose for p in parts.providers.values()),
            ledger.aclose,
            *([shadow.aclose] if shadow is not None else []),
            *closers,
            admission.aclose,
            stop_scanning,
            health.aclose,
        ]

    async def ready(self) -> None:
        """Listening: a worker tells its supervisor (which counts the workers ready)."""
        if self._supervisor is not None and self.worker is not None:
            try:
                await self._supervisor.call("ready", self.worker.index, os.getpid())
            except OSError as exc:  # the supervisor is going away; it stops us next
                log.warning("could not report ready to the supervisor: %s", exc)

    async def shutdown(self) -> None:
        for task in self._warming:
            task.cancel()
        for close in reversed(self._closers):
            await close()
        self._closers = []


def _controller(settings: Settings, engine: Engine, router: Router) -> ThresholdController | None:
    """The opt-in threshold controller, when `auto` has a difficulty router to steer."""
    quality = settings.quality
    if quality is None or not quality.controller.enabled or router.auto_models is None:
        return None
    return ThresholdController(
        engine=engine,
        control=quality.controller,
        target=quality.max_loss_rate,
        strong_tier=settings.auto.strong_tier,
        configured=settings.auto.max_strong_fraction,
        apply=router.auto_models.set_strong_fraction,
    )


def create_app(settings: Settings, *, registry: ProviderRegistry | None = None) -> App:
    return App(settings, registry)
