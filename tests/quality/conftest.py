"""A shadow judge wired to in-process fake deployments with scripted, deterministic answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from hybridgate.accounting.ledger import LedgerWriter, migrate, open_engine, requests_table
from hybridgate.accounting.prices import PriceBook, PriceCatalog
from hybridgate.accounting.tokens import TokenCounter
from hybridgate.config.schema import Settings
from hybridgate.protocol.canonical import ChatRequest, ChatResponse, Message, TextPart, Usage
from hybridgate.providers.base import Capabilities
from hybridgate.quality.records import judgments_table
from hybridgate.quality.shadow import Answered, ShadowJudge


@dataclass
class FakeDeployment:
    """Answers every request with `reply(request)`; keeps what it was sent."""

    name: str
    reply: Callable[[ChatRequest], str]
    sent: list[ChatRequest] = field(default_factory=list)
    capabilities: Capabilities = field(default_factory=Capabilities)

    async def chat(self, request: ChatRequest) -> ChatResponse:
        self.sent.append(request)
        return ChatResponse(
            text=self.reply(request),
            tool_calls=(),
            finish_reason="stop",
            usage=Usage(input_tokens=1000, output_tokens=100),
        )


def settings(*, candidate: bool = False, **quality: Any) -> Settings:
    extra = (
        [
            {
                "name": "candidate",
                "provider": "openai_compatible",
                "model": "llama-ft",
                "base_url": "http://127.0.0.1:1/v1",
                "region": "eu",
                "shadow_of": "mini",
            }
        ]
        if candidate
        else []
    )
    return Settings.model_validate(
        {
            "deployments": [
                *extra,
                {
                    "name": "local",
                    "provider": "openai_compatible",
                    "model": "llama",
                    "base_url": "http://127.0.0.1:1/v1",
                    "region": "eu",
                },
                {"name": "mini", "provider": "openai", "model": "gpt-4o-mini", "region": "eu"},
                {"name": "frontier", "provider": "openai", "model": "gpt-4o", "region": "us"},
                {"name": "judge", "provider": "openai", "model": "gpt-4.1-mini", "region": "us"},
            ],
            "tiers": {"routing": ["local"], "extraction": ["mini"], "reasoning": ["frontier"]},
            "quality": {"baseline": "frontier", "judge": "judge", "sample_rate": 1.0, **quality},
        }
    )


@dataclass
class Rig:
    shadow: ShadowJudge
    engine: Engine
    ledger: LedgerWriter
    baseline: FakeDeployment
    judge: FakeDeployment
    day: list[date]
    candidate: FakeDeployment | None = None

    async def run(self, *answered: Answered) -> list[str]:
        reasons = [self.shadow.consider(a) for a in answered]
        await self.shadow.drain()
        await self.ledger.flush()
        return reasons

    def verdicts(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                # Samples run concurrently: in the order of their request ids, not of finishing.
                select(judgments_table.c.verdict, judgments_table.c.method).order_by(
                    judgments_table.c.request_id
                )
            )
            return [(r.verdict, r.method) for r in rows]

    def purposes(self) -> list[tuple[str, str | None, str | None]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    requests_table.c.purpose,
                    requests_table.c.deployment,
                    requests_table.c.key_id,
                ).order_by(requests_table.c.request_id, requests_table.c.id)
            )
            return [(r.purpose, r.deployment, r.key_id) for r in rows]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Callable[..., Rig]]:
    engines: list[Engine] = []

    def make(
        baseline: Callable[[ChatRequest], str] = lambda r: "The baseline's answer.",
        judge: Callable[[ChatRequest], str] = lambda r: "TIE",
        candidate: Callable[[ChatRequest], str] | None = None,
        **quality: Any,
    ) -> Rig:
        config = settings(candidate=candidate is not None, **quality)
        engine = open_engine(str(tmp_path / f"ledger{len(engines)}.db"))
        engines.append(engine)
        migrate(engine)
        ledger = LedgerWriter(engine)
        fakes = {
            "frontier": FakeDeployment("frontier", baseline),
            "judge": FakeDeployment("judge", judge),
        }
        if candidate is not None:
            fakes["candidate"] = FakeDeployment("candidate", candidate)
        day = [date(2026, 12, 4)]
        shadow = ShadowJudge(
            settings=config,
            providers=fakes,  # type: ignore[arg-type]
            prices=PriceBook(config.deployments, PriceCatalog.bundled()),
            ledger=ledger,
            tokens=TokenCounter(),
            today=lambda: day[0],
        )
        return Rig(
            shadow, engine, ledger, fakes["frontier"], fakes["judge"], day, fakes.get("candidate")
        )

    yield make
    for engine in engines:
        engine.dispose()


def answered(
    request_id: str = "req-1",
    *,
    prompt: str = "Explain why the sky is blue.",
    answer: str = "Rayleigh scattering.",
    deployment: str = "mini",
    tier: str | None = "extraction",
    privacy_action: str | None = None,
    residency: tuple[str, ...] = (),
    extras: dict[str, Any] | None = None,
) -> Answered:
    request = ChatRequest(
        model="auto",
        messages=(Message(role="user", content=(TextPart(prompt),)),),
        openai_extras=extras or {},
    )
    return Answered(
        request=request,
        request_id=request_id,
        protocol="openai",
        tier=tier,
        deployment=deployment,
        answer=answer,
        cost=Decimal("0.0001"),
        privacy_action=privacy_action,
        residency=residency,
    )
