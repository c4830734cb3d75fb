"""The research run: index → plan → retrieve → extract → synthesise.

Each stage is a client of the gateway's own pipeline (`Gateway.start_chat`/`embed`), so it is
routed by tier, privacy-checked, admitted against the caller's key (rate and budget) and on
the ledger like any request. Only synthesis asks the reasoning tier, and it sees the extracted
facts with their chunk ids, never the documents. A stage the gateway refuses (budget spent,
privacy block, every deployment down) ends the run with what was found so far and says why.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from ..accounting.admission import KeyRecord
from ..errors import HybridgateError
from ..pipeline.gateway import Gateway, RequestContext
from ..protocol.canonical import ChatRequest, EmbedRequest, Message, TextPart
from .documents import Document
from .index import Hit, IndexUpdate, ResearchIndex
from .prompts import (
    EXTRACT_SYSTEM,
    PLAN_SYSTEM,
    SYNTHESISE_SYSTEM,
    Fact,
    cited_ids,
    extract_prompt,
    parse_facts,
    parse_plan,
    plan_prompt,
    quoted_facts,
    synthesise_prompt,
)
from .stages import STAGES, StageName, StageRecord, savings_line


@dataclass(frozen=True)
class ResearchOptions:
    plan_tier: str = "routing"
    extract_tier: str = "extraction"
    synthesise_tier: str = "reasoning"
    embed_tier: str = "embeddings"
    #: Chunks retrieved per sub-question.
    top_k: int = 4
    plan_max_tokens: int = 128
    extract_max_tokens: int = 384
    synthesise_max_tokens: int = 512


@dataclass(frozen=True)
class Progress:
    """One event of a run, for a progress display or a streamed response."""

    stage: StageName
    message: str
    done: int | None = None
    total: int | None = None


@dataclass
class Retrieved:
    subquestion: str
    hits: list[Hit]


@dataclass
class ResearchResult:
    question: str
    run_id: str
    stages: dict[StageName, StageRecord]
    baseline_model: str
    index: IndexUpdate | None = None
    subquestions: list[str] = field(default_factory=list)
    retrieved: list[Retrieved] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    dropped_fact_lines: int = 0
    #: Sub-questions whose extraction cited no given chunk, so the best sentences were quoted.
    quoted_fallbacks: int = 0
    answer: str | None = None
    #: Chunk ids the answer cites that exist in the index (in order), and those that do not.
    citations: list[str] = field(default_factory=list)
    invalid_citations: list[str] = field(default_factory=list)
    #: Why the run stopped early (None: it completed).
    stopped: str | None = None
    #: Each cited chunk's document (filled by synthesis, from the index).
    chunk_documents: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.stopped is None

    @property
    def cost_usd(self) -> Decimal:
        return sum((s.cost_usd for s in self.stages.values()), Decimal(0))

    @property
    def baseline_cost_usd(self) -> Decimal:
        return sum((s.baseline_cost_usd for s in self.stages.values()), Decimal(0))

    def cost_line(self) -> str:
        return savings_line(self.cost_usd, self.baseline_cost_usd, self.baseline_model)

    def local_stages(self) -> list[str]:
        return [name for name, s in self.stages.items() if s.local]

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "run_id": self.run_id,
            "complete": self.complete,
            "stopped": self.stopped,
            "answer": self.answer,
            "citations": [
                {"chunk": c, "document": self.chunk_documents.get(c)} for c in self.citations
            ],
            "invalid_citations": self.invalid_citations,
            "subquestions": self.subquestions,
            "retrieved": [
                {
                    "subquestion": r.subquestion,
                    "chunks": [{"id": h.chunk.id, "score": round(h.score, 4)} for h in r.hits],
                }
                for r in self.retrieved
            ],
            "facts": [
                {
                    "text": f.text,
                    "chunks": list(f.chunk_ids),
                    "subquestion": f.subquestion,
                    "quoted": f.quoted,
                }
                for f in self.facts
            ],
            "dropped_fact_lines": self.dropped_fact_lines,
            "quoted_fallbacks": self.quoted_fallbacks,
            "index": None if self.index is None else self.index.__dict__,
            "stages": [s.as_json() for s in self.stages.values()],
            "local_stages": self.local_stages(),
            "cost_usd": format(self.cost_usd, "f"),
            "baseline_model": self.baseline_model,
            "baseline_cost_usd": format(self.baseline_cost_usd, "f"),
            "cost_line": self.cost_line(),
        }


class _Stopped(Exception):
    """A stage was refused; the run ends with what it has."""


class Research:
    def __init__(
        self,
        gateway: Gateway,
        index: ResearchIndex,
        *,
        options: ResearchOptions | None = None,
        key: KeyRecord | None = None,
        caller: str = "research",
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.gateway = gateway
        self.index = index
        self.options = options or ResearchOptions()
        self.key = key
        self.caller = caller
        self._notify = on_progress or (lambda event: None)
        self._calls = 0
        self._run_id = ""

    async def run(self, question: str, documents: Sequence[Document] | None) -> ResearchResult:
        """`documents=None`: use the index as it is (no re-indexing)."""
        options = self.options
        self._run_id = f"research-{uuid.uuid4().hex[:12]}"
        tiers: dict[StageName, str | None] = {
            "index": options.embed_tier,
            "plan": options.plan_tier,
            "retrieve": options.embed_tier,
            "extract": options.extract_tier,
            "synthesise": options.synthesise_tier,
        }
        result = ResearchResult(
            question=question,
            run_id=self._run_id,
            stages={name: StageRecord(name, tiers[name]) for name in STAGES},
            baseline_model=self.gateway.settings.baseline_model,
        )
        try:
            if documents is not None:
                await self._stage(result, "index", self._index(result, documents))
            else:
                result.stages["index"].status = "skipped"
            await self._stage(result, "plan", self._plan(result))
            await self._stage(result, "retrieve", self._retrieve(result))
            await self._stage(result, "extract", self._extract(result))
            await self._stage(result, "synthesise", self._synthesise(result))
        except _Stopped:
            pass
        return result

    async def _stage(self, result: ResearchResult, name: StageName, work: Any) -> None:
        record = result.stages[name]
        started = time.perf_counter()
        self._notify(Progress(name, "started"))
        try:
            await work
        except HybridgateError as exc:
            record.status = "failed"
            record.latency_ms = (time.perf_counter() - started) * 1000
            code = f" ({exc.code})" if exc.code else ""
            result.stopped = f"stopped at the {name} stage: {exc.message}{code}; " + _partial_note(
                result
            )
            self._notify(Progress(name, result.stopped))
            raise _Stopped from exc
        record.latency_ms = (time.perf_counter() - started) * 1000
        if record.status == "not_run":
            record.status = "ok"
        self._notify(Progress(name, "done"))

    def _context(self, stage: StageName) -> RequestContext:
        self._calls += 1
        return RequestContext(
            request_id=f"{self._run_id}-{stage}-{self._calls}",
            protocol="openai",
            caller=self.caller,
        )

    async def _embed(self, stage: StageName, record: StageRecord, texts: Sequence[str]) -> Any:
        gateway = self.gateway
        context = self._context(stage)
        request = EmbedRequest(model=self.options.embed_tier, inputs=tuple(texts))
        response, decision, deployment, cost = await gateway.embed(request, context, self.key)
        settings = gateway.settings
        record.add(
            request_id=context.request_id,
            deployment=deployment,
            model=settings.deployment(deployment).model,
            self_hosted=settings.deployment(deployment).self_hosted,
            decision=decision,
            usage=response.usage,
            cost=cost,
            baseline=gateway.prices.model_cost(settings.baseline_embedding_model, response.usage),
        )
        return np.asarray(response.vectors, dtype=np.float32), deployment

    async def _chat(self, stage: StageName, record: StageRecord, system: str, user: str) -> str:
        gateway = self.gateway
        options = self.options
        limits = {
            "plan": options.plan_max_tokens,
            "extract": options.extract_max_tokens,
            "synthesise": options.synthesise_max_tokens,
        }
        request = ChatRequest(
            model=record.tier or "",
            messages=(
                Message("system", (TextPart(system),)),
                Message("user", (TextPart(user),)),
            ),
            max_tokens=limits.get(stage),
            temperature=0.0,
        )
        context = self._context(stage)
        execution = await gateway.start_chat(request, context, self.key)
        try:
            response = await execution.response()
        finally:
            await gateway.account.chat(execution)
        usage = execution.usage
        assert usage is not None  # set when the stream ended
        deployment = gateway.settings.deployment(execution.deployment)
        record.add(
            request_id=context.request_id,
            deployment=execution.deployment,
            model=deployment.model,
            self_hosted=deployment.self_hosted,
            decision=execution.decision,
            usage=usage,
            cost=execution.cost,
            baseline=gateway.prices.model_cost(gateway.settings.baseline_model, usage),
        )
        return response.text

    async def _index(self, result: ResearchResult, documents: Sequence[Document]) -> None:
        record = result.stages["index"]

        async def embed(texts: Sequence[str]) -> tuple[np.ndarray, str]:
            vectors, deployment = await self._embed("index", record, texts)
            return vectors, str(deployment)

        def progress(done: int, total: int) -> None:
            self._notify(Progress("index", "embedding chunks", done, total))

        result.index = await self.index.update(documents, embed, progress=progress)

    async def _plan(self, result: ResearchResult) -> None:
        answer = await self._chat(
            "plan", result.stages["plan"], PLAN_SYSTEM, plan_prompt(result.question)
        )
        result.subquestions = parse_plan(answer, result.question)

    async def _retrieve(self, result: ResearchResult) -> None:
        # The question itself is searched too: a planner that splits badly loses nothing.
        queries = [result.question, *(q for q in result.subquestions if q != result.question)]
        vectors, _ = await self._embed("retrieve", result.stages["retrieve"], queries)
        seen: set[str] = set()
        for query, vector in zip(queries, vectors, strict=True):
            hits = [
                h
                for h in await self.index.nearest(vector, self.options.top_k)
                if h.chunk.id not in seen
            ]
            seen.update(h.chunk.id for h in hits)
            if hits:
                result.retrieved.append(Retrieved(query, hits))

    async def _extract(self, result: ResearchResult) -> None:
        record = result.stages["extract"]
        for n, retrieved in enumerate(result.retrieved, 1):
            self._notify(Progress("extract", retrieved.subquestion, n, len(result.retrieved)))
            answer = await self._chat(
                "extract",
                record,
                EXTRACT_SYSTEM,
                extract_prompt(retrieved.subquestion, retrieved.hits),
            )
            given = {h.chunk.id for h in retrieved.hits}
            facts, dropped = parse_facts(answer, retrieved.subquestion, given)
            if not facts and answer.strip().upper() != "NONE":
                facts = quoted_facts(retrieved.subquestion, retrieved.hits)
                result.quoted_fallbacks += 1
            result.facts.extend(facts)
            result.dropped_fact_lines += dropped

    async def _synthesise(self, result: ResearchResult) -> None:
        record = result.stages["synthesise"]
        if not result.facts:
            record.status = "skipped"
            result.answer = "The documents retrieved hold no fact that answers the question."
            return
        answer = await self._chat(
            "synthesise",
            record,
            SYNTHESISE_SYSTEM,
            synthesise_prompt(result.question, result.facts),
        )
        cited = cited_ids(answer)
        result.chunk_documents = await self.index.documents_of(cited)
        result.answer = answer.strip()
        for chunk_id in cited:
            known = chunk_id in result.chunk_documents
            (result.citations if known else result.invalid_citations).append(chunk_id)


def _partial_note(result: ResearchResult) -> str:
    if result.facts:
        return f"the partial result holds the {len(result.facts)} facts extracted so far"
    if result.retrieved:
        return "the partial result holds the chunks retrieved so far"
    return "no answer"
