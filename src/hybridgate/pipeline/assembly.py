"""Builds the request path's parts from settings — shared by the server and by commands that
decide without serving (`hybridgate route explain`), so both decide exactly alike."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..accounting.prices import PriceBook, PriceCatalog
from ..config.schema import Settings
from ..protocol.canonical import Usage
from ..providers.base import Provider
from ..providers.http import UpstreamClient
from ..providers.http1_client import Target
from ..providers.registry import ProviderRegistry, build_provider
from ..routing.auto import AutoModels
from ..routing.head_store import HeadStore, heads_folder
from ..routing.policy import Router
from ..routing.privacy import PrivacyScanner
from ..routing.privacy.policy import ConversationMemory, PrivacyGuard
from ..routing.privacy.pool import ScanProcess
from ..routing.spillover import CapacityTracker, LimitedProvider

#: What a budget per 1K requests is priced with (auto.budget_per_1k_usd).
TYPICAL_REQUEST = Usage(input_tokens=1000, output_tokens=300)


@dataclass(frozen=True)
class Assembly:
    client: UpstreamClient
    providers: dict[str, Provider]
    tracker: CapacityTracker
    prices: PriceBook
    router: Router
    #: Scans the longest texts outside the gateway's process (closed with the app).
    scan_process: ScanProcess


def assemble(settings: Settings, registry: ProviderRegistry | None = None) -> Assembly:
    """Providers are cheap to build (no connection, no model load until first use), so a bad
    deployment — a GGUF path that does not exist — fails here, before anything starts.
    Each is built from the provider class its deployment was validated against, unless a
    `registry` is given to resolve the names again."""
    client = UpstreamClient(
        cloud=frozenset(d.name for d in settings.deployments if not d.self_hosted),
        ca_bundles={
            Target.parse(d.url).origin: d.ca_bundle
            for d in settings.deployments
            if d.ca_bundle is not None and d.origin is not None
        },
    )
    built = {
        d.name: registry.create(d, client) if registry else build_provider(d, client)
        for d in settings.deployments
    }
    tracker = CapacityTracker({d.name: d.capacity for d in settings.deployments if d.capacity})
    providers: dict[str, Provider] = {
        name: LimitedProvider(p, tracker) if tracker.limited(name) else p
        for name, p in built.items()
    }
    prices = PriceBook(settings.deployments, PriceCatalog.bundled())
    scan_process = ScanProcess()  # starts nothing until a long text needs it

    def typical_cost(tier: str) -> Decimal:
        members = settings.tiers.get(tier)
        return prices.cost(members[0], TYPICAL_REQUEST) if members else Decimal(0)

    router = Router(
        settings,
        {name: p.capabilities for name, p in providers.items()},
        guard=PrivacyGuard(PrivacyScanner(process=scan_process), ConversationMemory())
        if settings.server.privacy_scan
        else None,
        tracker=tracker,
        cheapest_first=prices.cheapest_first([d.name for d in settings.deployments]),
        # `auto` tokenizes with MiniLM's vocabulary in-process (no model: the default static
        # classifier needs none; `auto.classifier: encoder` loads one of its own).
        # Difficulty heads retrained from this gateway's ledger are followed without a restart.
        auto_models=AutoModels(
            settings, None, typical_cost, heads=HeadStore(heads_folder(settings.storage))
        ),
    )
    return Assembly(
        client=client,
        providers=providers,
        tracker=tracker,
        prices=prices,
        router=router,
        scan_process=scan_process,
    )
