"""The research index in PostgreSQL with pgvector, when the gateway's storage is PostgreSQL:
the same end-to-end run as on numpy files, re-indexed incrementally, retrieving what the
numpy index retrieves for the same embeddings (the real server of the many-replica tests,
with pgvector built in by scripts/test-services.sh)."""

from __future__ import annotations

import asyncio
import secrets
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import yaml

from hybridgate.research.documents import Document
from hybridgate.research.index import ChunkIndex, IndexUpdate
from hybridgate.research.pg_index import PgChunkIndex
from tests.fakes.background import FakeUpstream
from tests.multi.conftest import database, services

from .conftest import cli, research_config, research_json

__all__ = ["database", "services"]

QUESTION = "Which river runs through Vienna and where does the Danube end?"


def _config(path: Path, upstream: FakeUpstream, storage: str) -> Path:
    config = research_config(upstream.url, path.parent / "l.db")
    config["storage"] = storage
    path.write_text(yaml.safe_dump(config))
    return path


def _rows(database: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(database) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def _chunks_table(database: str) -> str:
    [(table,)] = _rows(database, "SELECT chunks_table FROM hybridgate_research_indexes")
    return str(table)


def _retrieved(result: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(r["subquestion"], [c["id"] for c in r["chunks"]]) for r in result["retrieved"]]


def test_the_index_lives_in_postgresql_and_retrieves_what_numpy_does(
    docs: Path,
    tmp_path: Path,
    database: str,
    research_upstream: FakeUpstream,
    config: Path,  # sets the fake's API key in the environment
) -> None:
    on_postgres = _config(tmp_path / "pg.yaml", research_upstream, database)
    on_files = _config(tmp_path / "files.yaml", research_upstream, str(tmp_path / "files.db"))
    numpy_args = ("--config", str(on_files), "--index", str(tmp_path / "index"))
    # The fake's bag-of-words vectors score unrelated chunks all 0: equal scores at the cut
    # must fall the same way in both stores.
    args = ("--docs", str(docs))

    code, first, err = research_json(QUESTION, *args, "--config", str(on_postgres))
    assert code == 0, err
    assert "in the PostgreSQL storage database" in err
    assert first["complete"] and "Danube" in first["answer"]
    assert first["index"]["documents"] == 5
    assert first["index"]["embedded"] == first["index"]["chunks"] > 0
    table = _chunks_table(database)
    stored = dict(_rows(database, f"SELECT id, body FROM {table}"))
    assert len(stored) == first["index"]["chunks"]
    assert all(c["chunk"] in stored for c in first["citations"]) and first["citations"]
    # Searched through an HNSW index over cosine distance, and every call on the ledger there.
    [(definition,)] = _rows(database, "SELECT indexdef FROM pg_indexes WHERE tablename = %s "
                            "AND indexdef LIKE %s", table, "%hnsw%")  # fmt: skip
    assert "vector_cosine_ops" in definition
    ledgered = {r for (r,) in _rows(database, "SELECT request_id FROM requests")}
    assert {r for s in first["stages"] for r in s["request_ids"]} <= ledgered

    _, on_numpy, _ = research_json(QUESTION, *args, *numpy_args)
    assert _retrieved(first) == _retrieved(on_numpy)
    assert first["citations"] == on_numpy["citations"]

    code, again, _ = research_json(QUESTION, *args, "--config", str(on_postgres))
    assert code == 0
    assert again["index"]["embedded"] == 0 and again["index"]["reused"] == len(stored)

    (docs / "mountains.txt").write_text("The Eiger is in the Bernese Alps.")
    (docs / "rivers.md").unlink()
    code, changed, _ = research_json(QUESTION, *args, "--config", str(on_postgres))
    assert code == 0
    assert changed["index"]["embedded"] == 1 and changed["index"]["removed_documents"] == 1
    documents = dict(_rows(database, f"SELECT id, document FROM {table}"))
    assert "rivers.md" not in documents.values()
    [(body,)] = _rows(database, f"SELECT body FROM {table} WHERE document = 'mountains.txt'")
    assert "Eiger" in body
    _, changed_numpy, _ = research_json(QUESTION, *args, *numpy_args)
    assert changed_numpy["index"]["embedded"] == 1
    assert _retrieved(changed) == _retrieved(changed_numpy)


def _random_documents(count: int) -> list[Document]:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa"]
    rng = np.random.default_rng(7)
    return [
        Document(f"doc{n}.md", " ".join(rng.choice(words, size=int(rng.integers(40, 400)))))
        for n in range(count)
    ]


async def _random_embed(texts: Sequence[str]) -> tuple[np.ndarray, str]:
    """Seeded by each text: the same text always gets the same vector, ties never happen."""
    vectors = [
        np.random.default_rng(zlib.crc32(text.encode())).standard_normal(48) for text in texts
    ]
    return np.asarray(vectors, dtype=np.float32), "random-embedder"


def test_nearest_chunks_through_hnsw_match_the_exact_numpy_search(database: str) -> None:
    documents = _random_documents(60)
    queries = np.random.default_rng(11).standard_normal((25, 48)).astype(np.float32)
    # Sequential scans off: the planner must take the HNSW index even for a small table.
    forced = database + "?options=-c%20enable_seqscan%3Doff"

    async def compare(changed: list[Document]) -> tuple[IndexUpdate, ChunkIndex]:
        exact = ChunkIndex(None)
        index = PgChunkIndex(forced, "random")
        try:
            await exact.update(changed, _random_embed)
            update = await index.update(changed, _random_embed)
            assert update.chunks == len(exact.chunks)
            for query in queries:
                want = exact.search(query, 8)
                got = await index.nearest(query, 8)
                assert [h.chunk for h in got] == [h.chunk for h in want]
                assert np.allclose([h.score for h in got], [h.score for h in want], atol=1e-5)
            cited = [exact.chunks[0].id, "no-such.md#1"]
            assert await index.documents_of(cited) == {cited[0]: exact.chunks[0].document}
            return update, exact
        finally:
            await index.aclose()

    first, _ = asyncio.run(compare(documents))
    assert first.embedded == first.chunks
    # Two documents changed, one gone, one new: only their chunks are embedded again.
    edited = [Document(d.name, d.text + " omega") if d.name in ("doc3.md", "doc8.md") else d
              for d in documents if d.name != "doc5.md"] + _random_documents(61)[-1:]  # fmt: skip
    edited[-1] = Document("new.md", edited[-1].text)
    update, exact = asyncio.run(compare(edited))
    changed = {"doc3.md", "doc8.md", "new.md"}
    assert update.embedded == sum(c.document in changed for c in exact.chunks)
    assert update.reused == update.chunks - update.embedded > 0
    assert update.removed_documents == 1


def test_a_server_without_pgvector_rights_is_a_clear_error(
    docs: Path,
    tmp_path: Path,
    services: Any,
    research_upstream: FakeUpstream,
    config: Path,
) -> None:
    """A role that may not CREATE EXTENSION, in a database without pgvector: the run stops
    before any stage, saying what is missing and how to go on."""
    role, name = "hg_plain_" + secrets.token_hex(4), "hg_" + secrets.token_hex(6)
    with psycopg.connect(services.postgres, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"CREATE DATABASE {name} OWNER {role}")
    try:
        host = services.postgres.split("@", 1)[1].rsplit("/", 1)[0]
        storage = f"postgresql://{role}@{host}/{name}"
        on_postgres = _config(tmp_path / "pg.yaml", research_upstream, storage)
        code, out, err = cli(
            "research", QUESTION, "--docs", str(docs), "--config", str(on_postgres)
        )
        assert code == 2 and out == ""
        assert "pgvector" in err and "--index DIR" in err
        assert "Traceback" not in err, err
    finally:
        with psycopg.connect(services.postgres, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
            conn.execute(f"DROP ROLE {role}")
