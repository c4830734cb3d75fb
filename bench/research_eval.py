"""The research pipeline on HotpotQA (distractor dev set, the first 53 questions): retrieval
recall@k on the real local embeddings, citation precision, and cost against all-frontier.

    .venv/bin/python bench/research_eval.py [--questions 53] [--top-k 4] [--stack embedded] [--json]

Every paragraph of the selected questions (gold and distractor, ~500) becomes one document
of one pooled corpus, indexed by the embedded MiniLM model through the gateway (local, on the
ledger). Planning, extraction and synthesis run on the research fake (tests/fakes/research.py):
a lexical extractor and a synthesiser that knows the gold answer, so the mechanics (facts with
chunk ids, citations) are exercised at zero cost while the routing, privacy and accounting are
the gateway's own. The figures:

- recall@k (real): the share of a question's gold supporting paragraphs among the k chunks
  nearest the question, on the real embeddings; and among the chunks the pipeline retrieved
  (question + planned sub-questions, top-k each);
- rerank: the same recall@k after a lexical rerank of the 30 nearest chunks (cosine + 0.3 ×
  share of the question's words in the chunk), reported to decide whether a rerank helps;
- citation precision: the share of chunks the answer cites that are gold supporting
  paragraphs (with the fake extractor and synthesiser: a mechanics figure, bounded by what
  retrieval found); citation recall: the share of gold paragraphs cited;
- cost: what the run cost with planning self-hosted, extraction on a cheap API
  (mistral-small prices), synthesis on gpt-4.1 and local embeddings, against every stage on
  gpt-4.1 (and text-embedding-3-small for embeddings, the ledger's embedding baseline).

`--stack embedded` runs planning, extraction and synthesis on the embedded SmolLM2-135M
instead (the zero-configuration stack): its answer and citation figures are the real ones for
that model, fakes out of the loop.

`--pgvector URL` (a PostgreSQL database with pgvector; `scripts/test-services.sh start` makes
one) also loads the same vectors into the PostgreSQL index and searches it through its HNSW
index (sequential scans off for the session): recall@k there, and the share of the exact
numpy top-k it returns, for the same question vectors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes import research as fake
from tests.fakes.background import FakeUpstream

from hybridgate.config.loader import load_settings
from hybridgate.pipeline.gateway import RequestContext
from hybridgate.protocol.canonical import EmbedRequest
from hybridgate.research.documents import Document
from hybridgate.research.index import ChunkIndex, Hit
from hybridgate.research.pg_index import PgChunkIndex
from hybridgate.research.pipeline import Research, ResearchOptions
from hybridgate.server.app import create_app

DATA = Path(__file__).parent / "data" / "hotpotqa_dev_distractor_head.jsonl"
KS = (2, 4, 8)
RERANK_POOL = 30
RERANK_WEIGHT = 0.3


def _name(title: str) -> str:
    return re.sub(r"[^\w() ,.'-]+", "_", title).strip() + ".txt"


def load(limit: int) -> tuple[list[dict[str, Any]], list[Document]]:
    rows = [json.loads(line) for line in DATA.read_text().splitlines()[:limit]]
    documents: dict[str, Document] = {}
    for row in rows:
        for title, sentences in row["context"]:
            text = f"{title}. " + "".join(sentences).strip()
            documents.setdefault(_name(title), Document(_name(title), text))
    return rows, list(documents.values())


def gold_documents(row: dict[str, Any]) -> set[str]:
    return {_name(title) for title, _ in row["supporting_facts"]}


def config(url: str, ledger: Path, stack: str) -> dict[str, Any]:
    def remote(name: str, model: str, **extra: Any) -> dict[str, Any]:
        return {
            "name": name,
            "model": model,
            "base_url": f"{url}/v1",
            "api_key": fake.API_KEY,
            **extra,
        }

    embedded = {"name": "local-chat", "provider": "llama_cpp", "model": "smollm2-135m-instruct"}
    if stack == "embedded":  # the zero-configuration stack: SmolLM2 does every chat stage
        return {
            "storage": str(ledger),
            "deployments": [
                {
                    "name": "local-embed",
                    "provider": "local_embeddings",
                    "model": "all-minilm-l6-v2",
                },
                embedded,
            ],
            "tiers": {
                "routing": ["local-chat"],
                "extraction": ["local-chat"],
                "reasoning": ["local-chat"],
                "embeddings": ["local-embed"],
            },
            "baseline_model": "gpt-4.1",
            "server": {"warm_up": False},
        }
    return {
        "storage": str(ledger),
        "deployments": [
            {"name": "local-embed", "provider": "local_embeddings", "model": "all-minilm-l6-v2"},
            remote("router-8b", "llama-3.1-8b", provider="openai_compatible"),
            remote(
                "mistral-small",
                "mistral-small-latest",
                provider="openai_compatible",
                location="cloud",
                price={"input_per_mtok": 0.1, "output_per_mtok": 0.3},
            ),
            remote("gpt-4.1", "gpt-4.1", provider="openai"),
        ],
        "tiers": {
            "routing": ["router-8b"],
            "extraction": ["mistral-small"],
            "reasoning": ["gpt-4.1"],
            "embeddings": ["local-embed"],
        },
        "baseline_model": "gpt-4.1",
        "server": {"warm_up": False},
    }


def _words(text: str) -> set[str]:
    return fake.words(text)


def reranked(question: str, hits: list[Hit]) -> list[Hit]:
    asked = _words(question)
    if not asked:
        return hits

    def score(hit: Hit) -> float:
        return hit.score + RERANK_WEIGHT * len(asked & _words(hit.chunk.text)) / len(asked)

    return sorted(hits, key=score, reverse=True)


def recall(found: list[str], gold: set[str]) -> float:
    return len(gold & set(found)) / len(gold)


async def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    rows, documents = load(args.questions)
    server = FakeUpstream(fake.make_app({r["question"]: r["answer"] for r in rows}))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "hybridgate.yaml"
        path.write_text(yaml.safe_dump(config(server.url, Path(scratch) / "ledger.db", args.stack)))
        app = create_app(load_settings(str(path)))
        await app.startup()
        try:
            assert app.state is not None
            gateway = app.state.gateway
            index = ChunkIndex(Path(scratch) / "index")
            research = Research(gateway, index, options=ResearchOptions(top_k=args.top_k))
            started = time.perf_counter()
            runs = [await research.run(rows[0]["question"], documents)]
            index_s = time.perf_counter() - started
            for row in rows[1:]:
                runs.append(await research.run(row["question"], None))
            context = RequestContext(request_id="bench-questions", protocol="openai")
            embedded, *_ = await gateway.embed(
                EmbedRequest("embeddings", tuple(r["question"] for r in rows)), context
            )
        finally:
            await app.shutdown()
            server.stop()
    vectors = np.asarray(embedded.vectors, dtype=np.float32)
    dense = {k: [] for k in KS}
    lexical = {k: [] for k in KS}
    pipeline_recall, precision, cited_recall, answered = [], [], [], 0
    for row, run, vector in zip(rows, runs, vectors, strict=True):
        gold = gold_documents(row)
        pool = index.search(vector, RERANK_POOL)
        again = reranked(row["question"], pool)
        for k in KS:
            dense[k].append(recall([h.chunk.document for h in pool[:k]], gold))
            lexical[k].append(recall([h.chunk.document for h in again[:k]], gold))
        retrieved = [h.chunk.document for r in run.retrieved for h in r.hits]
        pipeline_recall.append(recall(retrieved, gold))
        cited = [run.chunk_documents[c] for c in run.citations]
        if cited:
            precision.append(sum(d in gold for d in cited) / len(cited))
            cited_recall.append(recall(cited, gold))
        answered += bool(run.answer and row["answer"].lower() in run.answer.lower())
    on_pgvector = (
        await pgvector_agreement(args.pgvector, index, documents, rows, vectors)
        if args.pgvector
        else None
    )
    cost = sum((r.cost_usd for r in runs), Decimal(0))
    baseline = sum((r.baseline_cost_usd for r in runs), Decimal(0))
    by_stage: dict[str, dict[str, str]] = {}
    for name in runs[0].stages:
        spent = sum((r.stages[name].cost_usd for r in runs), Decimal(0))
        base = sum((r.stages[name].baseline_cost_usd for r in runs), Decimal(0))
        by_stage[name] = {"cost_usd": f"{spent:.6f}", "all_frontier_usd": f"{base:.6f}"}

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 3) if values else 0.0

    return {
        "dataset": f"HotpotQA dev distractor, first {len(rows)} questions",
        "stack": args.stack,
        "corpus": {
            "documents": len(documents),
            "chunks": len(index.chunks),
            "index_seconds": round(index_s, 1),
        },
        "embeddings": "all-MiniLM-L6-v2 int8 (embedded, real)",
        "recall_at_k_question": {str(k): mean(dense[k]) for k in KS},
        "recall_at_k_lexical_rerank": {str(k): mean(lexical[k]) for k in KS},
        "pipeline_retrieval_recall": mean(pipeline_recall),
        "pipeline_top_k_per_query": args.top_k,
        "citation_precision": mean(precision),
        "citation_recall": mean(cited_recall),
        "answers_citing_something": f"{len(precision)}/{len(rows)}",
        "answers_containing_gold": f"{answered}/{len(rows)}",
        "quoted_fallbacks": sum(r.quoted_fallbacks for r in runs),
        "complete_runs": f"{sum(r.complete for r in runs)}/{len(rows)}",
        "cost_usd": f"{cost:.6f}",
        "all_frontier_usd": f"{baseline:.6f}",
        "saving": f"{(1 - cost / baseline) * 100:.1f}%" if baseline else "n/a",
        "by_stage": by_stage,
        **({"pgvector_hnsw": on_pgvector} if on_pgvector else {}),
    }


async def pgvector_agreement(
    url: str,
    exact: ChunkIndex,
    documents: list[Document],
    rows: list[dict[str, Any]],
    vectors: np.ndarray,
) -> dict[str, Any]:
    """The numpy index's vectors in PostgreSQL, searched through HNSW against the exact top-k."""
    by_text = {c.text: exact.vectors[i] for i, c in enumerate(exact.chunks)}

    async def embed(texts: Any) -> tuple[np.ndarray, str]:
        return np.stack([by_text[t] for t in texts]), "local-embed"

    separator = "&" if "?" in url else "?"
    index = PgChunkIndex(url + separator + "options=-c%20enable_seqscan%3Doff", "bench-hotpotqa")
    try:
        await index.update(documents, embed)
        found = {k: [] for k in KS}
        agreement = {k: [] for k in KS}
        for row, vector in zip(rows, vectors, strict=True):
            hnsw = await index.nearest(vector, max(KS))
            want = exact.search(vector, max(KS))
            for k in KS:
                found[k].append(recall([h.chunk.document for h in hnsw[:k]], gold_documents(row)))
                same = {h.chunk.id for h in hnsw[:k]} & {h.chunk.id for h in want[:k]}
                agreement[k].append(len(same) / k)
    finally:
        await index.aclose()
    return {
        "recall_at_k_question": {str(k): round(sum(v) / len(v), 3) for k, v in found.items()},
        "share_of_exact_top_k": {str(k): round(sum(v) / len(v), 3) for k, v in agreement.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=53)
    parser.add_argument("--top-k", type=int, default=4)
    parser.add_argument(
        "--stack",
        choices=["reference", "embedded"],
        default="reference",
        help="reference: the fakes plan, extract and synthesise (gold-aware); embedded: "
        "SmolLM2-135M does, as with zero configuration (slow, weak: the real offline figure)",
    )
    parser.add_argument(
        "--pgvector",
        metavar="URL",
        default=None,
        help="also search the same vectors in PostgreSQL with pgvector (HNSW) at URL",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(evaluate(args))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
