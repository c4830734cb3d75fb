"""The research index in PostgreSQL with pgvector, for a gateway whose storage is PostgreSQL.

One catalog table names every index; each index's chunks and vectors are a table of their
own, since an HNSW index needs one fixed dimension per column and two embedding models may
differ. Both are created at first use by the DDL written out below (version 1 of this
layout: a later change adds new statements, it never edits these):

    hybridgate_research_indexes          name, chunks table, embedder, dimensions, chunk
                                         sizes, and each document's sha256 and chunk ids
    hybridgate_research_chunks_<hash>    id, position, document, start/end, text, embedding
                                         vector(<dimensions>), HNSW over cosine distance

Updates follow the numpy index's rules (index.py: `plan_update`, `embed_fresh`): only new or
changed documents are embedded, removed ones dropped, a change of embedder, dimensions or
chunk sizes rebuilds the table. Updates of one index are serialised by an advisory lock held
while embedding, so two runs never interleave their changes. Vectors travel as pgvector's
text literal (`[0.1,0.2,...]`), so no client library beyond psycopg is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

import numpy as np
import psycopg
from psycopg import sql

from .documents import CHUNK_CHARS, OVERLAP_CHARS, Chunk, Document
from .index import (
    Embed,
    EmbedderChanged,
    Hit,
    IndexUpdate,
    Progress,
    UpdatePlan,
    embed_fresh,
    plan_update,
)

#: pgvector builds HNSW indexes from this version on; earlier ones search exactly.
HNSW_SINCE = (0, 5, 0)
#: pgvector's HNSW indexes `vector` columns of at most this many dimensions.
HNSW_MAX_DIMENSIONS = 2000
#: HNSW's candidate list while searching (pgvector's default is 40); at least k, at most
#: what pgvector allows.
EF_SEARCH = 100
EF_SEARCH_MAX = 1000

_CATALOG_DDL = """
CREATE TABLE IF NOT EXISTS hybridgate_research_indexes (
    name text PRIMARY KEY,
    chunks_table text NOT NULL UNIQUE,
    embedder text,
    dimensions integer,
    chunk_chars integer NOT NULL,
    overlap_chars integer NOT NULL,
    documents jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
)
"""

_CHUNKS_DDL = """
CREATE TABLE {table} (
    id text PRIMARY KEY,
    position integer NOT NULL,
    document text NOT NULL,
    start_at integer NOT NULL,
    end_at integer NOT NULL,
    body text NOT NULL,
    embedding vector({dimensions}) NOT NULL
)
"""

_HNSW_DDL = "CREATE INDEX {index} ON {table} USING hnsw (embedding vector_cosine_ops)"


class IndexStoreError(Exception):
    """The index's database cannot be used; the message says why and what to do."""


def postgres_url(storage: str) -> str | None:
    """The libpq URL of a PostgreSQL `storage:` setting (None: the storage is not PostgreSQL)."""
    scheme, sep, rest = storage.partition("://")
    if not sep or scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
        return None
    return "postgresql://" + rest


def vector_literal(vector: np.ndarray) -> str:
    # repr of each float32 (widened exactly to a float) reads back as the same float32.
    return "[" + ",".join(repr(x) for x in np.asarray(vector, np.float32).tolist()) + "]"


@contextlib.contextmanager
def _store_errors(action: str) -> Any:
    try:
        yield
    except psycopg.Error as exc:
        # psycopg's messages name host, port and database, never the password.
        raise IndexStoreError(f"research index in PostgreSQL: {action} failed: {exc}") from exc


class PgChunkIndex:
    """The index called `name` in the PostgreSQL database at `url`; connects at first use."""

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name
        self.table = "hybridgate_research_chunks_" + hashlib.sha256(name.encode()).hexdigest()[:16]
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._hnsw = False

    async def _connection(self) -> psycopg.AsyncConnection[Any]:
        if self._conn is None:
            with _store_errors("connecting"):
                conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
            try:
                await self._prepare(conn)
            except BaseException:
                await conn.close()
                raise
            self._conn = conn
        return self._conn

    async def _prepare(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """pgvector and the catalog: created here at first use, where the role may."""
        with _store_errors("checking for pgvector"):
            row = await (
                await conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            ).fetchone()
        if row is None:
            try:
                await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            except psycopg.Error as exc:
                raise IndexStoreError(
                    "the research index needs the pgvector extension in the storage database, "
                    f"and CREATE EXTENSION vector failed ({exc.diag.message_primary or exc}). "
                    "Install pgvector on the "
                    "server (and run CREATE EXTENSION vector as a role allowed to), or pass "
                    "--index DIR to keep the index in files"
                ) from exc
            row = await (
                await conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            ).fetchone()
        assert row is not None
        self._hnsw = _version(row[0]) >= HNSW_SINCE
        with _store_errors("creating the catalog table"):
            await conn.execute(_CATALOG_DDL)

    async def aclose(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def update(
        self,
        documents: Sequence[Document],
        embed: Embed,
        *,
        chunk_chars: int = CHUNK_CHARS,
        overlap_chars: int = OVERLAP_CHARS,
        progress: Progress | None = None,
    ) -> IndexUpdate:
        conn = await self._connection()
        async with self._locked(conn):
            with _store_errors("reading the index"):
                state = await self._state(conn)
            sizes_changed = state is not None and (
                state["chunk_chars"],
                state["overlap_chars"],
            ) != (chunk_chars, overlap_chars)
            known_ids = set() if state is None else await self._chunk_ids(conn)
            plan = plan_update(
                documents,
                {} if state is None else state["documents"],
                known_ids,
                sizes_changed=sizes_changed,
                chunk_chars=chunk_chars,
                overlap_chars=overlap_chars,
            )
            embedder = None if state is None or sizes_changed else state["embedder"]
            try:
                fresh, embedder = await embed_fresh(plan.fresh, embed, embedder, progress)
                dimensions = state["dimensions"] if state is not None else None
                if fresh is not None and dimensions is not None and fresh.shape[1] != dimensions:
                    raise EmbedderChanged(embedder)
            except EmbedderChanged:
                # Vectors of another model (or size) are no use beside the stored ones.
                plan = plan_update(
                    documents,
                    {},
                    set(),
                    sizes_changed=True,
                    chunk_chars=chunk_chars,
                    overlap_chars=overlap_chars,
                )
                fresh, embedder = await embed_fresh(plan.fresh, embed, None, progress)
            rebuild = state is None or plan.rebuilt or not known_ids
            if fresh is not None:
                dimensions = fresh.shape[1]
            elif state is not None:
                dimensions = state["dimensions"]
            else:
                dimensions = None
            # Off the event loop: formatting the vectors grows with the documents.
            rows = await asyncio.to_thread(_fresh_rows, plan, fresh)
            with _store_errors("writing the index"):
                async with conn.transaction():
                    await self._apply(conn, plan, rows, rebuild=rebuild, dimensions=dimensions)
                    await conn.execute(
                        "INSERT INTO hybridgate_research_indexes (name, chunks_table, embedder, "
                        "dimensions, chunk_chars, overlap_chars, documents) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
                        "embedder = excluded.embedder, dimensions = excluded.dimensions, "
                        "chunk_chars = excluded.chunk_chars, overlap_chars = "
                        "excluded.overlap_chars, documents = excluded.documents, "
                        "updated_at = now()",
                        (
                            self.name,
                            self.table,
                            embedder,
                            dimensions,
                            chunk_chars,
                            overlap_chars,
                            json.dumps(plan.manifest(documents)),
                        ),
                    )
        return plan.summary(documents)

    @contextlib.asynccontextmanager
    async def _locked(self, conn: psycopg.AsyncConnection[Any]) -> AsyncIterator[None]:
        key = ("hybridgate_research", self.name)
        with _store_errors("locking the index"):
            await conn.execute("SELECT pg_advisory_lock(hashtext(%s), hashtext(%s))", key)
        try:
            yield
        finally:
            with _store_errors("unlocking the index"):
                await conn.execute("SELECT pg_advisory_unlock(hashtext(%s), hashtext(%s))", key)

    async def _state(self, conn: psycopg.AsyncConnection[Any]) -> dict[str, Any] | None:
        cursor = await conn.execute(
            "SELECT embedder, dimensions, chunk_chars, overlap_chars, documents "
            "FROM hybridgate_research_indexes WHERE name = %s",
            (self.name,),
        )
        row = await cursor.fetchone()
        if row is None:
            return None
        names = ("embedder", "dimensions", "chunk_chars", "overlap_chars", "documents")
        return dict(zip(names, row, strict=True))

    async def _chunk_ids(self, conn: psycopg.AsyncConnection[Any]) -> set[str]:
        if not await self._table_exists(conn):
            return set()
        with _store_errors("reading the index"):
            cursor = await conn.execute(
                sql.SQL("SELECT id FROM {}").format(sql.Identifier(self.table))
            )
            return {row[0] for row in await cursor.fetchall()}

    async def _table_exists(self, conn: psycopg.AsyncConnection[Any]) -> bool:
        with _store_errors("reading the index"):
            cursor = await conn.execute("SELECT to_regclass(%s)", (self.table,))
            row = await cursor.fetchone()
        return row is not None and row[0] is not None

    async def _apply(
        self,
        conn: psycopg.AsyncConnection[Any],
        plan: UpdatePlan,
        rows: list[tuple[Any, ...]],
        *,
        rebuild: bool,
        dimensions: int | None,
    ) -> None:
        table = sql.Identifier(self.table)
        if rebuild:
            await conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
            if dimensions is None:
                return  # no chunks at all: the table comes with the first vectors
            await conn.execute(
                sql.SQL(_CHUNKS_DDL).format(table=table, dimensions=sql.Literal(dimensions))
            )
            if self._hnsw and dimensions <= HNSW_MAX_DIMENSIONS:
                await conn.execute(
                    sql.SQL(_HNSW_DDL).format(
                        index=sql.Identifier(self.table + "_hnsw"), table=table
                    )
                )
        else:
            reused = [chunk.id for chunk, kept in plan.chunks if kept]
            await conn.execute(
                sql.SQL("DELETE FROM {} WHERE NOT (id = ANY(%s::text[]))").format(table), (reused,)
            )
            positions = [(chunk.id, n) for n, (chunk, kept) in enumerate(plan.chunks) if kept]
            await conn.execute(
                sql.SQL(
                    "UPDATE {table} SET position = moved.position "
                    "FROM unnest(%s::text[], %s::integer[]) AS moved(id, position) "
                    "WHERE {table}.id = moved.id AND {table}.position <> moved.position"
                ).format(table=table),
                ([i for i, _ in positions], [n for _, n in positions]),
            )
        if rows:
            async with conn.cursor() as cursor:
                await cursor.executemany(
                    sql.SQL(
                        "INSERT INTO {} (id, position, document, start_at, end_at, body, "
                        "embedding) VALUES (%s, %s, %s, %s, %s, %s, %s::vector)"
                    ).format(table),
                    rows,
                )

    async def nearest(self, query: np.ndarray, k: int) -> list[Hit]:
        """Equal scores come in the index's order, as in the numpy index: rows tied with the
        k-th are fetched too (one more row when there are none) and sorted by position."""
        conn = await self._connection()
        if k < 1 or not await self._table_exists(conn):
            return []
        literal = vector_literal(query)
        limit = k + 1
        while True:
            rows = await self._nearest_rows(conn, literal, limit)
            if len(rows) < limit or rows[-1][6] != rows[k - 1][6] or limit >= EF_SEARCH_MAX:
                break
            limit *= 2
        rows.sort(key=lambda r: (r[6], r[5]))
        return [Hit(Chunk(r[0], r[1], r[2], r[3], r[4]), 1 - float(r[6])) for r in rows[:k]]

    async def _nearest_rows(
        self, conn: psycopg.AsyncConnection[Any], literal: str, limit: int
    ) -> list[tuple[Any, ...]]:
        with _store_errors("searching the index"):
            async with conn.transaction():
                # The candidate list bounds what HNSW can return: never fewer than asked for.
                await conn.execute(
                    "SELECT set_config('hnsw.ef_search', %s, true)",
                    (str(min(EF_SEARCH_MAX, max(EF_SEARCH, limit))),),
                )
                cursor = await conn.execute(
                    sql.SQL(
                        "SELECT id, document, start_at, end_at, body, position, "
                        "embedding <=> %s::vector AS distance FROM {} "
                        "ORDER BY distance LIMIT %s"
                    ).format(sql.Identifier(self.table)),
                    (literal, limit),
                )
                return await cursor.fetchall()

    async def documents_of(self, chunk_ids: Iterable[str]) -> dict[str, str]:
        ids = list(chunk_ids)
        conn = await self._connection()
        if not ids or not await self._table_exists(conn):
            return {}
        with _store_errors("reading the index"):
            cursor = await conn.execute(
                sql.SQL("SELECT id, document FROM {} WHERE id = ANY(%s::text[])").format(
                    sql.Identifier(self.table)
                ),
                (ids,),
            )
            return {row[0]: row[1] for row in await cursor.fetchall()}


def _fresh_rows(plan: UpdatePlan, fresh: np.ndarray | None) -> list[tuple[Any, ...]]:
    """The chunk table's rows for the chunks embedded in this update, in the index's order."""
    rows = []
    at_fresh = 0
    for position, (chunk, kept) in enumerate(plan.chunks):
        if kept:
            continue
        assert fresh is not None
        vector = vector_literal(fresh[at_fresh])
        at_fresh += 1
        rows.append(
            (chunk.id, position, chunk.document, chunk.start, chunk.end, chunk.text, vector)
        )
    return rows


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())
